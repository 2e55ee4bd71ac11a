"""JetStream for the gateway's threaded request handlers: one asyncio loop in a daemon thread.

The gateway is a synchronous Flask app under gunicorn gthread workers; nats-py is asyncio. One
background loop per process owns one NATS connection (opened on first use, reconnecting on its
own), and each Server-Sent Events connection gets its own *ordered ephemeral push consumer* per
domain stream (no durable state on the server, no acks, flow control and gap detection by the
client library), started at an explicit stream sequence. Messages land in the connection's
bounded `queue.Queue`, which the request thread drains.

A reader slower than its queue is not allowed to grow memory: the subscription is marked
overflowed and the request ends the stream; the browser reconnects with `Last-Event-ID` and
replays from the stream, so nothing is lost (ADR 0110).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class LiveUnavailable(RuntimeError):
    """NATS could not be reached or refused the consumer (answered 503, the browser retries)."""


@dataclass(frozen=True)
class RawEvent:
    """One message as JetStream delivered it."""

    domain: str
    sequence: int  # stream sequence
    nats_subject: str
    payload: bytes
    headers: dict[str, str] = field(default_factory=dict)


OVERFLOW = object()  # put on the queue when the reader fell too far behind


@dataclass(frozen=True)
class StreamStart:
    """Where one domain's consumer starts: its stream, subject filter, first sequence wanted."""

    domain: str
    stream: str
    subjects: str
    start_sequence: int


class Subscription:
    """The consumers of one SSE connection; `close()` removes them from the server."""

    def __init__(self, bridge: NatsBridge, sink: queue.Queue) -> None:
        self._bridge = bridge
        self.queue = sink
        self._subs: list[Any] = []
        self.closed = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        subs, self._subs = self._subs, []
        if subs:
            try:
                self._bridge.run(_unsubscribe_all(subs), timeout_s=5)
            except Exception:  # noqa: BLE001 - the consumers are ephemeral and expire anyway
                log.warning("could not remove live consumers", exc_info=True)


async def _unsubscribe_all(subs: Iterable[Any]) -> None:
    for sub in subs:
        try:
            await sub.unsubscribe()
        except Exception:  # noqa: BLE001,S110 - connection gone: the server drops them itself
            pass


class NatsBridge:
    """One NATS connection and event loop per gateway process, shared by every live stream."""

    def __init__(self, url: str, *, connect_timeout_s: float = 2.0, queue_size: int = 1000,
                 inactive_threshold_s: float = 30.0) -> None:
        self.url = url
        self.connect_timeout_s = connect_timeout_s
        self.queue_size = queue_size
        self.inactive_threshold_s = inactive_threshold_s
        self._loop: asyncio.AbstractEventLoop | None = None
        self._nc: Any = None
        self._lock = threading.Lock()

    # --- loop ---------------------------------------------------------------------------
    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="live-nats", daemon=True).start()
                self._loop = loop
            return self._loop

    def run(self, coro: Coroutine[Any, Any, T], timeout_s: float) -> T:
        """Run `coro` on the bridge's loop and wait for its result."""
        future = asyncio.run_coroutine_threadsafe(coro, self._ensure_loop())
        try:
            return future.result(timeout_s)
        except TimeoutError:
            future.cancel()
            raise LiveUnavailable(f"NATS did not answer within {timeout_s:.0f} s") from None

    async def _connection(self) -> Any:
        import nats

        if self._nc is None or self._nc.is_closed:
            try:
                self._nc = await nats.connect(
                    self.url, name="jlp-gateway-live", connect_timeout=self.connect_timeout_s,
                    max_reconnect_attempts=-1, reconnect_time_wait=1, allow_reconnect=True)
            except Exception as exc:  # noqa: BLE001 - every failure means "not now"
                self._nc = None
                raise LiveUnavailable(f"cannot connect to NATS: {exc}") from exc
        return self._nc

    # --- operations -----------------------------------------------------------------------
    def last_sequences(self, streams: dict[str, str]) -> dict[str, int | None]:
        """{domain: last stream sequence now} for {domain: stream}; None for a stream not
        created yet (its producer has not started: nothing to follow until a reconnect)."""

        async def query() -> dict[str, int | None]:
            from nats.js.errors import NotFoundError

            js = (await self._connection()).jetstream()
            found: dict[str, int | None] = {}
            for domain, stream in streams.items():
                try:
                    info = await js.stream_info(stream)
                except NotFoundError:
                    found[domain] = None
                    continue
                found[domain] = int(info.state.last_seq)
            return found

        try:
            return self.run(query(), self.connect_timeout_s + 3)
        except LiveUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            raise LiveUnavailable(f"JetStream stream info failed: {exc}") from exc

    def subscribe(self, starts: Iterable[StreamStart]) -> Subscription:
        """Ordered ephemeral consumers from each start; their messages go to one queue."""
        sink: queue.Queue = queue.Queue(maxsize=self.queue_size)
        subscription = Subscription(self, sink)

        def handler(domain: str) -> Callable[[Any], Coroutine[Any, Any, None]]:
            async def on_message(msg: Any) -> None:
                if subscription.closed:
                    return
                event = RawEvent(domain, int(msg.metadata.sequence.stream), msg.subject,
                                 bytes(msg.data), dict(msg.headers or {}))
                try:
                    sink.put_nowait(event)
                except queue.Full:
                    subscription.closed = True  # stop queueing; the reader ends the stream
                    _drop_oldest_and_put(sink, OVERFLOW)

            return on_message

        async def start_all(items: list[StreamStart]) -> list[Any]:
            from nats.js import api

            js = (await self._connection()).jetstream()
            subs = []
            for s in items:
                config = api.ConsumerConfig(
                    deliver_policy=api.DeliverPolicy.BY_START_SEQUENCE,
                    opt_start_seq=max(1, s.start_sequence),
                    inactive_threshold=self.inactive_threshold_s)
                subs.append(await js.subscribe(s.subjects, stream=s.stream, cb=handler(s.domain),
                                               ordered_consumer=True, config=config))
            return subs

        items = list(starts)
        try:
            subscription._subs = self.run(start_all(items), self.connect_timeout_s + 5)
        except LiveUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            raise LiveUnavailable(f"JetStream consumer refused: {exc}") from exc
        return subscription


def _drop_oldest_and_put(sink: queue.Queue, item: object) -> None:
    try:
        sink.get_nowait()
    except queue.Empty:
        pass
    try:
        sink.put_nowait(item)
    except queue.Full:  # pragma: no cover - we just made room, and only this loop writes
        pass
