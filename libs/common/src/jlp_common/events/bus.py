"""EventBus: the synchronous face of NATS JetStream for services built on a sync gRPC server.

nats-py is asyncio-only while services block (grpc sync server, mongoengine), so the bus runs
its own asyncio loop in a daemon thread (loop.py). `publish` hands the loop a coroutine and
waits for the JetStream ack with a timeout; handlers are plain functions run on one thread per
subscription (worker.py). The connection reconnects forever (NATS restarts, rolling upgrades of
the clustered server) and `connected()` reports the real state, so a gRPC health check built on
it reads NOT_SERVING while NATS is unreachable. See docs/adr/0010-event-bus.md.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nats
from google.protobuf.message import Message
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.errors import NoStreamResponseError
from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind

from jlp_common.config import Settings
from jlp_common.errors import Unavailable
from jlp_common.events import envelope as ce
from jlp_common.events import tracing
from jlp_common.events.consumer import (
    DEFAULT_BACKOFF_S,
    DEFAULT_BATCH,
    DEFAULT_MAX_DELIVER,
    ConsumerLoop,
    Handler,
    Subscription,
)
from jlp_common.events.loop import LoopThread
from jlp_common.events.streams import DEADLETTER_STREAM, StreamPolicy, StreamSpec, domain_of_stream, ensure_stream
from jlp_common.telemetry import instruments
from jlp_common.timeutil import utc_now

log = logging.getLogger(__name__)
# Connection state lines: never part of a request (logs.CONNECTION_LOGGERS).
connection_log = logging.getLogger("jlp_common.events.connection")

# Events per chunk of `publish_envelopes`: written to the connection before the next chunk is
# prepared, so the server stores one chunk while the loop prepares the next.
PUBLISH_CHUNK = 100


class EventBusUnavailable(Unavailable):
    """NATS cannot be reached or did not acknowledge in time (gRPC UNAVAILABLE)."""


@dataclass(frozen=True)
class Published:
    """JetStream's acknowledgement of one publish; `duplicate` when the id was already stored."""

    event_id: str
    stream: str
    sequence: int
    duplicate: bool


class EventBus:
    """Publish CloudEvents to and consume them from JetStream, from synchronous code."""

    def __init__(self, settings: Settings, *, source: str | None = None,
                 connect_timeout_s: float = 5.0, publish_timeout_s: float | None = None,
                 reconnect_wait_s: float | None = None, lag_interval_s: float | None = None,
                 fetch_timeout_s: float = 1.0) -> None:
        self.settings = settings
        self.source = source or f"/jlp/{settings.service}"
        self.policy = StreamPolicy.from_settings(settings)
        self._servers = [u.strip() for u in settings.nats_url.split(",") if u.strip()]
        self._connect_timeout_s = connect_timeout_s
        self._publish_timeout_s = publish_timeout_s or settings.get_float(
            "JLP_EVENTS_PUBLISH_TIMEOUT_SECONDS", 5.0)
        self._reconnect_wait_s = reconnect_wait_s or settings.get_float(
            "JLP_NATS_RECONNECT_WAIT_SECONDS", 2.0)
        self._lag_interval_s = lag_interval_s or settings.get_float(
            "JLP_EVENTS_LAG_INTERVAL_SECONDS", 15.0)
        self._fetch_timeout_s = fetch_timeout_s
        self._loop = LoopThread(f"jlp-events-{settings.service}")
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._subscriptions: dict[str, Subscription] = {}
        self._consumers: dict[str, ConsumerLoop] = {}
        self._ensured: set[str] = set()
        self._specs: dict[str, StreamSpec] = {}
        self._tasks: list[asyncio.Task[Any]] = []
        self._stopping = False

    # -- lifecycle --------------------------------------------------------------------------

    def start(self, wait_s: float | None = None) -> bool:
        """Start connecting; wait up to `wait_s` (default connect_timeout_s) for the connection.

        Returns whether NATS is connected. When it is not, the bus keeps trying in the
        background (and health reports NOT_SERVING) rather than failing the service's start:
        in Kubernetes the NATS pods may come up after the service.
        """
        if not self._loop.running:
            self._ready.clear()
            self._loop.start()
            self._loop.run(self._begin(), self._connect_timeout_s)
        self._ready.wait(self._connect_timeout_s if wait_s is None else wait_s)
        return self.connected()

    async def _begin(self) -> None:
        loop = asyncio.get_running_loop()
        # A fresh context: the connection's tasks (nats-py's reader, pinger, reconnects, our lag
        # reader and consumers) outlive whatever started the bus, often the first request that
        # published; inheriting its context put that request's trace and request ids on every
        # later background log line (a NATS outage logged as part of one old request).
        self._tasks = [loop.create_task(self._connect(), name="nats-connect", context=contextvars.Context())]

    async def _connect(self) -> None:
        # max_reconnect_attempts=-1 makes nats-py retry forever, including the first connect.
        nc = await nats.connect(
            servers=self._servers, name=f"jlp-{self.settings.service}",
            allow_reconnect=True, max_reconnect_attempts=-1,
            reconnect_time_wait=self._reconnect_wait_s, connect_timeout=2,
            ping_interval=20, max_outstanding_pings=3, drain_timeout=5,
            error_cb=self._on_error, disconnected_cb=self._on_disconnected,
            reconnected_cb=self._on_reconnected, closed_cb=self._on_closed)
        self._nc, self._js = nc, nc.jetstream(timeout=self._publish_timeout_s)
        url = nc.connected_url  # host and port only: the URL may carry credentials
        connection_log.info("nats connected", extra={"server": f"{url.hostname}:{url.port}" if url else ""})
        with self._lock:
            pending = list(self._subscriptions.values())
        for spec in pending:
            await self._start_consumer(spec, provision_now=False)
        self._tasks.append(asyncio.get_running_loop().create_task(self._lag_forever(),
                                                                  name="consumer-lag"))
        self._ready.set()

    async def _on_error(self, exc: Exception) -> None:
        # While reconnecting nats-py reports every refused attempt; the state change is logged
        # once by disconnected_cb, so these stay at debug level.
        level = logging.DEBUG if isinstance(exc, OSError | asyncio.TimeoutError) else logging.WARNING
        connection_log.log(level, "nats error", extra={"error": str(exc)})

    async def _on_disconnected(self) -> None:
        if self._stopping:
            return
        connection_log.warning("nats disconnected; reconnecting")

    async def _on_reconnected(self) -> None:
        self._ensured.clear()  # the server may have lost its store: re-check streams lazily
        connection_log.info("nats reconnected")

    async def _on_closed(self) -> None:
        connection_log.info("nats connection closed")

    def connected(self) -> bool:
        """True while the NATS connection is up (a health probe: `app.add_check("nats", ...)`)."""
        nc = self._nc
        return nc is not None and nc.is_connected

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop consuming (in-flight handlers get `timeout_s` to finish and ack), flush, close."""
        if not self._loop.running:
            return
        self._stopping = True
        try:
            self._loop.run(self._shutdown(timeout_s), timeout_s + 10.0)
        except Exception as exc:  # noqa: BLE001 - stopping must always complete
            log.warning("event bus did not stop cleanly", extra={"error": str(exc)})
        self._loop.stop()
        self._nc = self._js = None
        for durable, consumer in self._consumers.items():
            instruments().forget_consumer_lag(consumer.spec.stream, durable)
        self._consumers.clear()
        self._ready.clear()
        self._stopping = False

    async def _shutdown(self, timeout_s: float) -> None:
        await _cancel(self._tasks, timeout_s=2.0)
        self._tasks = []
        consumers = list(self._consumers.values())
        if consumers:
            await asyncio.gather(*(c.stop(timeout_s) for c in consumers), return_exceptions=True)
        nc = self._nc
        if nc is not None and not nc.is_closed:
            try:
                if nc.is_connected:
                    await nc.drain()  # flushes what was published, then closes
                else:
                    await nc.close()
            except Exception as exc:  # noqa: BLE001
                log.debug("nats close", extra={"error": str(exc)})
                await nc.close()

    def __enter__(self) -> EventBus:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- streams ----------------------------------------------------------------------------

    def stream_spec(self, stream: str) -> StreamSpec:
        """Managed configuration of a platform stream (`JLP_<DOMAIN>` or JLP_DEADLETTER)."""
        if stream == DEADLETTER_STREAM:
            return self.policy.deadletter()
        return self.policy.domain(domain_of_stream(stream))

    def ensure_stream(self, domain: str) -> None:
        """Create or reconcile stream JLP_<DOMAIN> (subjects jlp.<domain>.>) now."""
        spec = self.policy.domain(domain)
        self._call(self._ensure(spec, force=True))

    async def _ensure(self, spec: StreamSpec, force: bool = False) -> None:
        if force or spec.name not in self._ensured:
            await ensure_stream(self._jetstream(), spec)
            self._ensured.add(spec.name)

    def _jetstream(self) -> JetStreamContext:
        if self._js is None or not self.connected():
            raise EventBusUnavailable("NATS is not connected")
        return self._js

    def _call(self, coro: Any, timeout_s: float | None = None) -> Any:
        if not self.connected():
            coro.close()
            raise EventBusUnavailable("NATS is not connected")
        try:
            return self._loop.run(coro, timeout_s or self._publish_timeout_s)
        except TimeoutError as exc:
            raise EventBusUnavailable(f"NATS did not answer in time: {exc}") from None

    # -- publishing -------------------------------------------------------------------------

    def publish(self, subject: str, message: Message, event_id: str | None = None,
                subject_ref: str | None = None, *, time: datetime | None = None,
                timeout_s: float | None = None) -> str:
        """Publish `message` as a CloudEvent on `subject`, wait for JetStream's ack; return the id.

        Pass a stable `event_id` when retrying: JetStream drops a second message with the same
        `Nats-Msg-Id` within the stream's duplicate window.
        """
        event_id = event_id or ce.new_event_id()
        env = ce.build(event_id=event_id, source=self.source, subject=subject,
                       data=ce.message_data(message), dataschema=ce.dataschema_of(message),
                       time=time or utc_now(), subject_ref=subject_ref)
        self.publish_envelope(subject, env, timeout_s=timeout_s)
        return event_id

    def publish_envelope(self, subject: str, envelope: Mapping[str, Any], *,
                         origin: Mapping[str, str] | None = None,
                         timeout_s: float | None = None) -> Published:
        """Publish an already built CloudEvent (the outbox relay re-publishes recorded ones).

        `origin`: W3C trace headers of where the event was produced (recorded with an outbox
        event), making the publish span its child; default is the caller's current context.
        """
        ce.domain_of(subject)
        event_id = str(envelope["id"])
        parent = tracing.context_from(origin) if origin else None
        with tracing.tracer().start_as_current_span(f"{subject} publish", context=parent,
                                                    kind=SpanKind.PRODUCER,
                                                    attributes=_producer_attributes(subject, event_id, envelope)
                                                    ) as span:
            payload, headers = _wire(envelope, event_id, tracing.current_carrier())
            timeout = timeout_s or self._publish_timeout_s
            ack = self._call(self._publish(subject, payload, headers, timeout), timeout + 1.0)
            span.set_attribute("messaging.nats.duplicate", ack.duplicate)
        instruments().events_published.add(
            1, {"subject": subject, "result": "duplicate" if ack.duplicate else "stored"})
        return Published(event_id, ack.stream, ack.sequence, ack.duplicate)

    async def _publish(self, subject: str, payload: bytes, headers: dict[str, str],
                       timeout_s: float) -> Published:
        spec = self.policy.domain(ce.domain_of(subject))
        await self._ensure(spec)
        js = self._jetstream()
        try:
            ack = await js.publish(subject, payload, timeout=timeout_s, headers=headers)
        except NoStreamResponseError:  # stream vanished (server lost its store): recreate once
            await self._ensure(spec, force=True)
            ack = await js.publish(subject, payload, timeout=timeout_s, headers=headers)
        return Published(headers["Nats-Msg-Id"], ack.stream, ack.seq, bool(ack.duplicate))

    def publish_envelopes(self, items: Sequence[tuple[str, Mapping[str, Any], Mapping[str, str] | None]],
                          *, timeout_s: float | None = None,
                          chunk: int = PUBLISH_CHUNK) -> list[Published | Exception]:
        """Publish many built CloudEvents at once, every ack awaited together (pipelined).

        `items` are (subject, envelope, origin) as for `publish_envelope`. The whole call is one
        hop to the bus loop, which prepares them (span, trace headers, JSON) `chunk` at a time
        and writes each chunk with nats-py's `publish_async` (one reply future per message, no
        task or timer each) before preparing the next, so the server stores chunk n while chunk
        n+1 is being prepared; all acks are then awaited under one deadline. Why on the loop:
        preparing in the caller's thread made two threads take turns at the GIL per chunk,
        and `js.publish` costs a task and a timeout per message (issue 16, ADR 0014, third
        step; bench/events_path.py compares both with raw pipelined publishing).

        The one connection writes the publishes in the order given, so JetStream stores them in
        this order (a reconnect in the middle may let a later one overtake an earlier one: the
        outbox relay only puts events of *different* documents in one call). Spans without an
        `origin` are children of the caller's current context, as before. Returns, per item and
        in order, its `Published` or the exception that failed it (not acknowledged in time,
        refused, too large to send); the caller decides what an individual failure means (the
        outbox relay keeps the event and publishes it, and what follows it on the same
        document, again later). Raises ValueError for a subject that is not an event subject
        (before anything is sent) and EventBusUnavailable when NATS is not connected.
        """
        if not items:
            return []
        timeout = timeout_s or self._publish_timeout_s
        specs = {self._spec_of(subject) for subject, _e, _o in items}  # validates every subject
        caller = otel_context.get_current()
        # The loop's deadline covers the acks; preparing and writing come on top (~0.1 ms each).
        budget = timeout + 1.0 + len(items) * 0.001
        return self._call(self._publish_all(items, specs, caller, timeout, max(1, chunk)), budget)

    def _spec_of(self, subject: str) -> StreamSpec:
        """The stream of an event subject (ValueError if it is not one), cached per subject:
        building a StreamSpec per published event showed in the relay's profile."""
        spec = self._specs.get(subject)
        if spec is None:
            spec = self._specs[subject] = self.policy.domain(ce.domain_of(subject))
        return spec

    async def _publish_all(self, items: Sequence[tuple[str, Mapping[str, Any], Mapping[str, str] | None]],
                           specs: set[StreamSpec], caller: otel_context.Context, timeout_s: float,
                           chunk: int) -> list[Published | Exception]:
        """On the loop: ensure the streams, write every item chunk by chunk, await the acks."""
        for spec in specs:
            await self._ensure(spec)  # once per stream, before any publish
        js = self._jetstream()
        sent: list[tuple[_Outgoing | Exception, asyncio.Future[Any] | Exception]] = []
        try:
            for first in range(0, len(items), chunk):
                for outgoing in _prepare(items[first:first + chunk], caller):
                    sent.append((outgoing, await _send(js, outgoing)))
                await asyncio.sleep(0)  # let the flusher write this chunk while we prepare the next
            futures = [f for _o, f in sent if isinstance(f, asyncio.Future)]
            if futures:
                _done, late = await asyncio.wait(futures, timeout=timeout_s)
                for future in late:
                    future.cancel()
            results = [await self._settle_publish(outgoing, outcome) for outgoing, outcome in sent]
        except BaseException:
            for outgoing, outcome in sent:
                if isinstance(outcome, asyncio.Future):
                    outcome.cancel()
                if isinstance(outgoing, _Outgoing):
                    outgoing.span.end()
            raise
        _finish(sent, results)
        return results

    async def _settle_publish(self, outgoing: _Outgoing | Exception,
                              outcome: asyncio.Future[Any] | Exception) -> Published | Exception:
        """One publish's `Published`, or why it failed; "no stream" is retried the slow way,
        which recreates the stream once (it vanished: the server lost its store)."""
        if isinstance(outcome, Exception) or isinstance(outgoing, Exception):
            return outcome if isinstance(outcome, Exception) else outgoing
        if outcome.cancelled():
            return EventBusUnavailable("NATS did not acknowledge in time")
        error = outcome.exception()
        if isinstance(error, NoStreamResponseError):
            try:
                return await self._publish(outgoing.subject, outgoing.payload, outgoing.headers,
                                           self._publish_timeout_s)
            except Exception as exc:  # noqa: BLE001 - reported per item
                return exc
        if error is not None:
            return error if isinstance(error, Exception) else Exception(repr(error))
        ack = outcome.result()
        return Published(outgoing.event_id, ack.stream, ack.seq, bool(ack.duplicate))

    # -- consuming --------------------------------------------------------------------------

    def subscribe(self, stream: str, durable: str, filter_subject: str, handler: Handler,
                  max_deliver: int = DEFAULT_MAX_DELIVER,
                  backoff_s: tuple[float, ...] = DEFAULT_BACKOFF_S, *,
                  ack_wait_s: float = 30.0, batch_size: int = DEFAULT_BATCH) -> Subscription:
        """Consume `filter_subject` from `stream` with durable pull consumer `durable`.

        `handler(event)` runs on this subscription's own thread: returning acks the message,
        raising naks it with the next `backoff_s` delay, and once `max_deliver` deliveries
        have failed the message is parked in JLP_DEADLETTER; raising `Permanent` parks it at
        once. When connected, the consumer is
        provisioned before this returns (so configuration errors raise here); otherwise as
        soon as the connection comes up.
        """
        spec = Subscription(stream, durable, filter_subject, handler, max_deliver,
                            tuple(backoff_s), ack_wait_s, batch_size)
        self.stream_spec(stream)  # validates the stream name
        with self._lock:
            if durable in self._subscriptions:
                raise ValueError(f"durable {durable!r} is already subscribed on this bus")
            self._subscriptions[durable] = spec
        if self.connected():
            try:
                self._call(self._start_consumer(spec, provision_now=True),
                           self._publish_timeout_s * 3)
            except Exception:
                with self._lock:
                    self._subscriptions.pop(durable, None)
                raise
        return spec

    def unsubscribe(self, durable: str, timeout_s: float = 5.0) -> None:
        """Stop consuming `durable` on this bus: the message in hand finishes (up to
        `timeout_s`), the unstarted rest of its batch goes back to JetStream at once. The
        durable itself stays on the server with its position (another replica, or a later
        `subscribe`, continues from there)."""
        with self._lock:
            if self._subscriptions.pop(durable, None) is None:
                raise ValueError(f"durable {durable!r} is not subscribed on this bus")
        if self._loop.running:
            self._loop.run(self._stop_consumer(durable, timeout_s), timeout_s + 2.0)

    async def _stop_consumer(self, durable: str, timeout_s: float) -> None:
        consumer = self._consumers.pop(durable, None)
        if consumer is not None:
            await consumer.stop(timeout_s)
            instruments().forget_consumer_lag(consumer.spec.stream, durable)

    async def _start_consumer(self, spec: Subscription, provision_now: bool) -> None:
        if spec.durable in self._consumers or self._nc is None or self._js is None:
            return
        consumer = ConsumerLoop(self._nc, self._js, spec, self.stream_spec(spec.stream),
                                self.policy.deadletter(), fetch_timeout_s=self._fetch_timeout_s,
                                op_timeout_s=self._publish_timeout_s,
                                retry_s=self._reconnect_wait_s)
        self._consumers[spec.durable] = consumer
        if provision_now:
            try:
                await consumer.provision()
            except Exception:
                self._consumers.pop(spec.durable, None)
                await consumer.stop(0)
                raise
        consumer.start()

    # -- lag metrics ------------------------------------------------------------------------

    def refresh_lag(self) -> dict[str, tuple[int, int]]:
        """Read every consumer's (pending, ack_pending) now and publish them as gauges."""
        return self._call(self._read_lag())

    async def _read_lag(self) -> dict[str, tuple[int, int]]:
        figures: dict[str, tuple[int, int]] = {}
        for durable, consumer in list(self._consumers.items()):
            try:
                pending, ack_pending = await consumer.lag()
            except Exception as exc:  # noqa: BLE001 - one failing consumer must not hide others
                log.debug("consumer info failed", extra={"consumer": durable, "error": str(exc)})
                continue
            instruments().set_consumer_lag(consumer.spec.stream, durable, pending, ack_pending)
            figures[durable] = (pending, ack_pending)
        return figures

    async def _lag_forever(self) -> None:
        while True:
            if self.connected():
                await self._read_lag()
            await asyncio.sleep(self._lag_interval_s)


@dataclass(frozen=True)
class _Outgoing:
    """One prepared publish: its PRODUCER span, headers and JSON bytes."""

    subject: str
    event_id: str
    payload: bytes
    headers: dict[str, str]
    span: Any


def _prepare(items: Sequence[tuple[str, Mapping[str, Any], Mapping[str, str] | None]],
             caller: otel_context.Context) -> list[_Outgoing | Exception]:
    """Spans (children of each event's origin, else of the caller's context), headers, JSON.

    An item that cannot be encoded (over 64 KB, not JSON) is returned as its exception, so it
    fails alone instead of the whole call."""
    tracer = tracing.tracer()
    prepared: list[_Outgoing | Exception] = []
    for subject, envelope, origin in items:
        event_id = str(envelope["id"])
        span = tracer.start_span(
            f"{subject} publish", context=tracing.context_from(origin) if origin else caller,
            kind=SpanKind.PRODUCER, attributes=_producer_attributes(subject, event_id, envelope))
        try:
            payload, headers = _wire(envelope, event_id, tracing.carrier_of(span))
        except Exception as exc:  # noqa: BLE001 - this item fails, the others go
            span.record_exception(exc)
            span.end()
            prepared.append(exc)
            continue
        prepared.append(_Outgoing(subject, event_id, payload, headers, span))
    return prepared


def _producer_attributes(subject: str, event_id: str, envelope: Mapping[str, Any]) -> dict[str, str]:
    """The PRODUCER span's attributes of one published event (OpenTelemetry messaging conventions)."""
    return {"messaging.system": "nats", "messaging.operation.type": "send",
            "messaging.destination.name": subject, "messaging.message.id": event_id,
            "cloudevents.event_type": str(envelope.get("type", ""))}


def _wire(envelope: Mapping[str, Any], event_id: str, carrier: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """The JSON bytes and NATS headers of one event: the publish span's trace headers go into
    the CloudEvent too (distributed-tracing extension; an origin recorded with the event wins)
    and into the headers, with `Nats-Msg-Id` for JetStream's de-duplication."""
    body = dict(envelope)
    for name, value in carrier.items():
        body.setdefault(name, value)
    payload = ce.encode(body)
    return payload, {"Nats-Msg-Id": event_id, "Content-Type": ce.STRUCTURED_CONTENT_TYPE, **carrier}


async def _send(js: JetStreamContext, outgoing: _Outgoing | Exception) -> asyncio.Future[Any] | Exception:
    """Write one publish; its ack arrives on the returned future (or why it was not sent)."""
    if isinstance(outgoing, Exception):
        return outgoing
    try:
        return await js.publish_async(outgoing.subject, outgoing.payload, headers=outgoing.headers)
    except Exception as exc:  # noqa: BLE001 - reported per item (e.g. the connection closed)
        return exc


def _finish(sent: Sequence[tuple[Any, Any]], results: Sequence[Published | Exception]) -> None:
    """End the spans with their outcome; count publishes per subject and result, once."""
    counts: dict[tuple[str, str], int] = {}
    for (outgoing, _outcome), result in zip(sent, results, strict=True):
        if not isinstance(outgoing, _Outgoing):
            continue  # never prepared: its span already ended
        span = outgoing.span
        if isinstance(result, Exception):
            span.record_exception(result)
        else:
            span.set_attribute("messaging.nats.duplicate", result.duplicate)
            key = (outgoing.subject, "duplicate" if result.duplicate else "stored")
            counts[key] = counts.get(key, 0) + 1
        span.end()
    for (subject, outcome), count in counts.items():
        instruments().events_published.add(count, {"subject": subject, "result": outcome})


async def _cancel(tasks: list[asyncio.Task[Any]], timeout_s: float) -> None:
    """Cancel tasks and wait for them, cancelling again while they keep running.

    Python 3.11's asyncio.wait_for can swallow a cancellation that races with its inner
    future finishing; nats-py's connect loop calls it on every attempt, so one cancel is not
    always enough to stop a connect that is retrying against an unreachable server.
    """
    pending = {t for t in tasks if not t.done()}
    deadline = asyncio.get_running_loop().time() + timeout_s
    while pending and asyncio.get_running_loop().time() < deadline:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=0.1)
