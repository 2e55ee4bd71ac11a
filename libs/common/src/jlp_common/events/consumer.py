"""The pull-consumer loop of one durable subscription: fetch, handle, ack / retry / dead-letter.

Delivery contract (DESIGN §3 Events): explicit ack; a handler that returns acks; one that raises
is nak'ed with the next backoff delay, up to `max_deliver` deliveries; after the last allowed
delivery, or at once when the failure is permanent (the handler raised `Permanent`, or the
message is not a readable CloudEvent / not the payload its handler expects: MalformedEvent),
the message is parked in JLP_DEADLETTER with the reason and terminated.

The default schedule (DEFAULT_BACKOFF_S, DEFAULT_MAX_DELIVER) rides out an outage of about an
hour (a MongoDB primary election takes seconds, a lost node or a restore much longer): the
earlier 1, 5, 30 s × 5 deliveries gave up after ~70 s and parked alerts that a minute later
would have become cases. Each consumer can set its own. A consumer that dies mid-message simply never acks: JetStream
redelivers after the ack wait, and when even that exhausts max_deliver the server's advisory
makes us park the message too (deadletter.py).

Batches (issue 16, ADR 0015): each fetch takes up to `batch_size` messages, whatever is
available (it never waits for a full batch, so a lone alert is handled at once); the
subscription's own thread (worker.py) runs their handlers one after the other, in stream order,
and the bus's asyncio loop acks each as soon as its handler returned, with a plain `ack()`
rather than one round trip per message. That is safe because delivery is at-least-once anyway:
a crash after a handler but before its ack reached the server redelivers the message exactly as
a crash before the ack always did, and idempotent handlers (`@idempotent`, Processed) turn the
second delivery into no effect. A failing message is nak'ed with its own delay while the rest
of its batch is acked; stopping naks the batch's unstarted messages so they come back at once.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription as CoreSubscription
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext, api
from nats.js.errors import NotFoundError

from jlp_common.events import deadletter, tracing
from jlp_common.events.envelope import Event, MalformedEvent, decode
from jlp_common.events.failures import Permanent
from jlp_common.events.streams import StreamSpec, ensure_stream
from jlp_common.events.worker import HandlerThread
from jlp_common.telemetry import instruments

log = logging.getLogger(__name__)

Handler = Callable[[Event], object]
# Waits before the 2nd, 3rd, ... delivery of a message whose handler failed (the last repeats):
# quick retries for a lost race, then minutes for an outage.
DEFAULT_BACKOFF_S: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0, 600.0)
DEFAULT_MAX_DELIVER = 12  # 1 + 5 + 30 + 120 + 7 × 600 s ≈ 73 min of retries before parking
# Messages per fetch: enough to spread the fetch round trip thin (bench/events_path.py), well
# under JetStream's default max_ack_pending (1000) so several replicas of a durable share work.
DEFAULT_BATCH = 128
MAX_ACK_PENDING = 1000  # JetStream's default; a batch never exceeds it
_CONSUMER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Subscription:
    """What one durable consumer is: its stream, filter, handler and redelivery policy.

    `backoff_s` are the waits before the 2nd, 3rd... delivery after the handler raised (the last
    value repeats). `ack_wait_s` is how long a delivery may stay unacknowledged before JetStream
    assumes the consumer died and redelivers; it bounds a handler's run time (the messages
    of a batch still waiting their turn are kept alive meanwhile). `batch_size` is how many
    messages one fetch may take.
    """

    stream: str
    durable: str
    filter_subject: str
    handler: Handler
    max_deliver: int = DEFAULT_MAX_DELIVER
    backoff_s: tuple[float, ...] = DEFAULT_BACKOFF_S
    ack_wait_s: float = 30.0
    batch_size: int = DEFAULT_BATCH

    def __post_init__(self) -> None:
        if not _CONSUMER_NAME.match(self.durable):
            raise ValueError(f"durable name {self.durable!r}: use <consumer-service>-<purpose>, "
                             "letters, digits, '-' and '_' only")
        if self.max_deliver < 1:
            raise ValueError("max_deliver must be at least 1")
        if any(b < 0 for b in self.backoff_s) or self.ack_wait_s <= 0:
            raise ValueError("backoff_s must be >= 0 and ack_wait_s > 0")
        if not 1 <= self.batch_size <= MAX_ACK_PENDING:
            raise ValueError(f"batch_size must be between 1 and {MAX_ACK_PENDING}")
        object.__setattr__(self, "backoff_s", tuple(float(b) for b in self.backoff_s))

    def nak_delay(self, delivery: int) -> float:
        """Delay before redelivering after delivery number `delivery` failed."""
        if not self.backoff_s:
            return 0.0
        return self.backoff_s[min(delivery, len(self.backoff_s)) - 1]

    def redrive_subject(self) -> str:
        """Where this consumer's dead letters come back when an operator redrives them."""
        return deadletter.redrive_subject(self.stream, self.durable)

    def filter_subjects(self) -> list[str]:
        """The subject filter plus the consumer's redrive subject (ADR 0011); just the filter
        when it already covers the redrive subject (JetStream refuses overlapping filters)."""
        redrive = self.redrive_subject()
        if deadletter.subject_covers(self.filter_subject, redrive):
            return [self.filter_subject]
        return [self.filter_subject, redrive]

    def retry_window_s(self) -> float:
        """How long a transiently failing message is retried before it is parked: the sum of
        the waits between its `max_deliver` deliveries (handler run times not counted)."""
        return sum(self.nak_delay(n) for n in range(1, self.max_deliver))

    def consumer_config(self) -> api.ConsumerConfig:
        """Durable pull consumer with explicit ack and bounded redelivery.

        The server's `backoff` list replaces ack_wait for redeliveries after *ack timeouts*
        (its first value becomes the effective ack wait), so it is never set below ack_wait_s:
        otherwise a slow but healthy handler would see its message redelivered while working.
        Handler failures are paced by our nak delays instead. The server demands
        max_deliver >= len(backoff), hence one entry per retry.
        """
        retries = self.max_deliver - 1
        server_backoff = [max(self.ack_wait_s, self.nak_delay(i + 1)) for i in range(retries)]
        filters = self.filter_subjects()
        return api.ConsumerConfig(
            name=self.durable,
            durable_name=self.durable,
            filter_subject=filters[0] if len(filters) == 1 else None,
            filter_subjects=filters if len(filters) > 1 else None,
            deliver_policy=api.DeliverPolicy.ALL,
            ack_policy=api.AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait_s,
            max_deliver=self.max_deliver,
            backoff=server_backoff or None,
            max_ack_pending=MAX_ACK_PENDING,
            description=f"jlp durable consumer of {self.filter_subject}",
        )


class _Outcome(NamedTuple):
    """What the handler thread made of one message; the loop acts on it (consumer.py)."""

    kind: str  # ACK, RETRY or PARK
    delivery: int  # JetStream's delivery count of the message
    sequence: int  # its stream sequence
    reason: str = ""  # PARK: the dead letter's reason
    error: str = ""
    subject: str = ""  # the event's subject (a redrive's original one)
    event_id: str = ""


ACK, RETRY, PARK = "ack", "retry", "park"
_END = object()  # the handler thread finished (or gave up) the batch


class _Batch:
    """One fetched batch shared by the loop and the handler thread.

    The thread claims message i under `lock` before starting it, so `halt()` (stop) knows
    exactly which messages were never started and can hand them back to JetStream at once.
    Outcomes travel back in `done`; `wake` is set at most once per drain (the thread sets it
    only when `flagged` was clear), so a fast handler does not cost one loop wake-up per event.
    """

    def __init__(self, messages: list[Msg]) -> None:
        self.messages = messages
        self.fetched_at = time.monotonic()
        self.lock = threading.Lock()
        self.next = 0  # index of the first message not yet started
        self.halted = False
        self.done: deque[Any] = deque()
        self.flagged = False
        self.wake = asyncio.Event()
        self.timer: asyncio.TimerHandle | None = None  # the next in-progress signal

    def claim(self, index: int) -> bool:
        with self.lock:
            if self.halted:
                return False
            self.next = index + 1
            return True

    def halt(self) -> list[Msg]:
        """Start no further message; return those never started."""
        with self.lock:
            self.halted = True
            return self.messages[self.next:]

    def unstarted(self) -> list[Msg]:
        with self.lock:
            return [] if self.halted else self.messages[self.next:]


class ConsumerLoop:
    """Runs one Subscription on the bus's loop until stopped; re-provisions after losses.

    Each pass fetches up to `spec.batch_size` messages (whatever is available: a fetch returns
    as soon as messages are there, it does not wait for a full batch, so a lone alert is
    handled at once) and hands the whole batch to the subscription's handler thread in one
    go. The thread runs the handlers one after the other in stream order; each outcome comes
    back to the loop, which acks (fire-and-forget `ack()`, no round trip per message), naks
    with the retry delay, or dead-letters, in order, while later handlers run.
    """

    def __init__(self, nc: Client, js: JetStreamContext, spec: Subscription,
                 stream_spec: StreamSpec, deadletter_spec: StreamSpec, *,
                 fetch_timeout_s: float, op_timeout_s: float, retry_s: float) -> None:
        self.spec = spec
        self._nc = nc
        self._js = js
        self._stream_spec = stream_spec
        self._deadletter_spec = deadletter_spec
        self._fetch_timeout_s = fetch_timeout_s
        self._op_timeout_s = op_timeout_s
        self._retry_s = retry_s
        self._psub: JetStreamContext.PullSubscription | None = None
        self._advisory: CoreSubscription | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._batch: _Batch | None = None
        self._worker = HandlerThread(f"jlp-events-{spec.durable}")
        self._attrs = {"stream": spec.stream, "consumer": spec.durable}

    async def provision(self) -> None:
        """Create or update the streams and durable consumer, then bind a pull subscription."""
        await ensure_stream(self._js, self._stream_spec)
        await ensure_stream(self._js, self._deadletter_spec)
        await self._js.add_consumer(self.spec.stream, self.spec.consumer_config(),
                                    timeout=self._op_timeout_s)
        if self._psub is not None:
            await _quietly(self._psub.unsubscribe())
        self._psub = await self._js.pull_subscribe_bind(durable=self.spec.durable,
                                                        stream=self.spec.stream)
        take_queued_at_once(self._psub._sub)  # noqa: SLF001 - the fetch's core subscription
        if self._advisory is None:
            self._advisory = await self._nc.subscribe(
                deadletter.max_deliveries_advisory(self.spec.stream, self.spec.durable),
                cb=self._on_max_deliveries)

    def start(self) -> None:
        # Its own context, not the subscriber's (a subscription made while serving a request
        # must not put that request's ids on the consumer loop's log lines for ever).
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"consume-{self.spec.durable}",
                                                             context=contextvars.Context())

    async def _run(self) -> None:
        while not self._stopping:
            try:
                if self._psub is None:
                    await self.provision()
                assert self._psub is not None
                messages = await self._psub.fetch(self.spec.batch_size,
                                                  timeout=self._fetch_timeout_s)
            except (TimeoutError, NatsTimeoutError):
                continue  # nothing to do (also how a fetch during a reconnect ends)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep consuming whatever went wrong
                log.warning("consumer fetch failed", extra={**self._attrs, "error": str(exc)})
                if isinstance(exc, NotFoundError):
                    self._psub = None
                await asyncio.sleep(self._retry_s)
                continue
            if self._stopping:  # fetched while stop() began: give them back for redelivery now
                for msg in messages:
                    await _quietly(msg.nak())
                return
            batch = self._batch = _Batch(messages)
            try:
                await self._handle_batch(batch)
            finally:
                self._batch = None

    async def _handle_batch(self, batch: _Batch) -> None:
        """Run the batch on the handler thread; settle each outcome on the loop as it comes.

        While the batch runs, the messages still waiting their turn are marked in progress
        every half ack wait, and once more when their handler starts, so a large batch of slow
        handlers is not redelivered behind our back; the message being handled is not marked
        again, so `ack_wait_s` still bounds one handler's run time (a hung handler's message
        is redelivered, and finally parked, as before).
        """
        loop = asyncio.get_running_loop()
        self._worker.post(lambda: self._run_on_thread(batch, loop))
        batch.timer = loop.call_later(self.spec.ack_wait_s / 2, self._keep_alive, batch, loop)
        counts: dict[str, int] = {}
        settled = 0
        try:
            while True:
                await batch.wake.wait()
                batch.wake.clear()
                batch.flagged = False
                while batch.done:
                    item = batch.done.popleft()
                    if item is _END:
                        await self._give_back(batch, settled)
                        return
                    msg, outcome = item
                    result = await self._settle(msg, outcome)
                    counts[result] = counts.get(result, 0) + 1
                    settled += 1
        finally:
            if batch.timer is not None:
                batch.timer.cancel()
            for result, count in counts.items():
                instruments().events_consumed.add(count, {**self._attrs, "result": result})

    async def _give_back(self, batch: _Batch, settled: int) -> None:
        """Nak what the handler thread neither settled nor was told to leave (it failed in
        between: a bug, not a handler's failure), each with its retry delay."""
        if batch.halted:
            return  # stop() already handed the unstarted ones back
        for msg in batch.messages[settled:]:
            delivery, _sequence = delivery_of(msg)
            await _quietly(msg.nak(delay=self.spec.nak_delay(delivery)))

    def _keep_alive(self, batch: _Batch, loop: asyncio.AbstractEventLoop) -> None:
        waiting = batch.unstarted()
        if waiting:
            loop.create_task(_progress(waiting))
        batch.timer = loop.call_later(self.spec.ack_wait_s / 2, self._keep_alive, batch, loop)

    def _run_on_thread(self, batch: _Batch, loop: asyncio.AbstractEventLoop) -> None:
        """On the handler thread: handle the batch's messages in order, reporting each.

        All messages are decoded first, so an `@idempotent` handler can look the whole batch
        up in its Processed records with one query (`prefetch`) instead of one per event."""
        fresh_for = self.spec.ack_wait_s / 4
        try:
            decoded = [self._decode(msg) for msg in batch.messages]
            self._prefetch([d for d in decoded if isinstance(d, Event)])
            for index, (msg, item) in enumerate(zip(batch.messages, decoded, strict=True)):
                if not batch.claim(index):
                    return
                if time.monotonic() - batch.fetched_at > fresh_for:
                    # Waited its turn in a slow batch: give its handler a full ack wait from
                    # now, as if it had just been delivered (only slow batches pay this).
                    loop.call_soon_threadsafe(_progress_soon, loop, msg)
                outcome = item if isinstance(item, _Outcome) else self._process(item)
                batch.done.append((msg, outcome))
                if not batch.flagged:
                    batch.flagged = True
                    loop.call_soon_threadsafe(batch.wake.set)
        finally:
            if getattr(self.spec.handler, "prefetch", None) is not None:
                _quietly_call(self.spec.handler.prefetch, [])
            batch.done.append(_END)
            try:
                loop.call_soon_threadsafe(batch.wake.set)
            except RuntimeError:  # the loop is closed: the bus stopped while we worked
                pass

    def _prefetch(self, events: list[Event]) -> None:
        """Hand the batch's event ids to a handler that can look them up at once (`@idempotent`
        exposes `prefetch`); an empty list clears what it remembered."""
        prefetch = getattr(self.spec.handler, "prefetch", None)
        if prefetch is None or len(events) == 1:
            return
        try:
            prefetch([event.id for event in events])
        except Exception as exc:  # noqa: BLE001 - the store is down: each event then looks itself
            # up, and fails and is retried with its own back-off like any handler failure.
            log.warning("batch look-up failed; checking event by event",
                        extra={**self._attrs, "error": str(exc)})
            _quietly_call(prefetch, [])

    def _decode(self, msg: Msg) -> Event | _Outcome:
        """On the handler thread: the message as an Event, or what to do with it without one."""
        delivery, sequence = delivery_of(msg)
        if delivery > 1:
            instruments().consumer_redelivered.add(1, self._attrs)
        subject = msg.subject
        addressee = deadletter.redriven_to(subject)
        if addressee is not None:
            if addressee != self.spec.durable:  # a broad filter sees others' redrives: not ours
                return _Outcome(ACK, delivery, sequence)
            # Handled (and, failing again, parked) as the event it was on its original subject.
            subject = (msg.headers or {}).get(deadletter.H_SUBJECT) or subject
        try:
            return decode(msg.data, msg.headers, nats_subject=subject, stream=self.spec.stream,
                          sequence=sequence, delivery=delivery)
        except MalformedEvent as exc:
            return _Outcome(PARK, delivery, sequence, deadletter.REASON_MALFORMED, str(exc), subject)

    def _process(self, event: Event) -> _Outcome:
        """On the handler thread: run the handler on one event; say what to do with it."""
        delivery, sequence, subject = event.delivery, event.sequence, event.nats_subject
        try:
            self._invoke(event)
        except Permanent as exc:  # retrying cannot help: park it now, with why
            return _Outcome(PARK, delivery, sequence, exc.reason, f"{type(exc).__name__}: {exc}",
                            subject, event.id)
        except Exception as exc:  # noqa: BLE001 - any other failure is transient: retry or park
            return _Outcome(RETRY, delivery, sequence, deadletter.REASON_HANDLER,
                            f"{type(exc).__name__}: {exc}", subject, event.id)
        return _Outcome(ACK, delivery, sequence, subject=subject, event_id=event.id)

    async def _settle(self, msg: Msg, outcome: _Outcome) -> str:
        """Ack, nak with its delay, or park one handled message; return the result counted."""
        delivery, sequence = outcome.delivery, outcome.sequence
        if outcome.kind == ACK:
            # Not awaited by the server (no round trip per message): a lost ack means a
            # redelivery, which idempotent handlers absorb, exactly as a crash before the ack.
            try:
                await msg.ack()
            except Exception as exc:  # noqa: BLE001 - it will be redelivered; handlers are idempotent
                log.warning("ack not sent", extra={**self._attrs, "event_id": outcome.event_id,
                                                   "error": str(exc)})
            return "ack"
        if outcome.kind == RETRY and delivery < self.spec.max_deliver:
            delay = self.spec.nak_delay(delivery)
            log.warning("event handler failed; will retry",
                        extra={**self._attrs, "event_id": outcome.event_id, "delivery": delivery,
                               "retry_in_s": delay, "error": outcome.error})
            await _quietly(msg.nak(delay=delay))
            return "retry"
        return await self._dead_letter(msg, delivery, sequence, outcome.reason, outcome.error,
                                       outcome.subject)

    def _invoke(self, event: Event) -> None:
        """On the handler thread: run the handler in a CONSUMER span continuing the publisher's trace."""
        span = tracing.consumer_span(f"{event.nats_subject} process", event.headers,
                                     event.extensions, lambda: self._span_attributes(event))
        handler = self.spec.handler
        tracing.run_in_span(span, lambda: handler(event))

    def _span_attributes(self, event: Event) -> dict[str, Any]:
        return {
            "messaging.system": "nats",
            "messaging.operation.type": "process",
            "messaging.destination.name": event.nats_subject,
            "messaging.consumer.group.name": self.spec.durable,
            "messaging.message.id": event.id,
            "messaging.message.delivery_count": event.delivery,
            "cloudevents.event_type": event.type,
        }

    async def _dead_letter(self, msg: Msg, delivery: int, sequence: int, reason: str,
                           error: str, subject: str) -> str:
        try:
            await deadletter.park(self._js, msg.data, msg.headers, stream=self.spec.stream,
                                  consumer=self.spec.durable, sequence=sequence,
                                  subject=subject, deliveries=delivery, reason=reason,
                                  error=error, timeout_s=self._op_timeout_s)
        except Exception as exc:  # noqa: BLE001
            # Not parked: nak so it is retried, or (past max_deliver) so the server's advisory
            # gives the dead-lettering a second chance.
            log.error("dead-lettering failed", extra={**self._attrs, "sequence": sequence,
                                                      "error": str(exc)})
            await _quietly(msg.nak(delay=self.spec.nak_delay(delivery)))
            return "retry"
        await _quietly(msg.term())
        return "dead_letter"

    async def _on_max_deliveries(self, advisory: Msg) -> None:
        try:
            if await deadletter.park_from_advisory(self._js, advisory.data,
                                                   timeout_s=self._op_timeout_s):
                instruments().events_consumed.add(1, {**self._attrs, "result": "dead_letter"})
        except Exception as exc:  # noqa: BLE001 - a callback must not raise into nats-py
            log.error("dead-lettering after max deliveries failed",
                      extra={**self._attrs, "error": str(exc)})

    async def lag(self) -> tuple[int, int]:
        """(pending, ack_pending) from the server; a vanished consumer is re-provisioned."""
        try:
            info = await self._js.consumer_info(self.spec.stream, self.spec.durable,
                                                timeout=self._op_timeout_s)
        except NotFoundError:
            self._psub = None  # deleted, or the server lost its store: the loop recreates it
            raise
        return info.num_pending or 0, info.num_ack_pending or 0

    async def stop(self, timeout_s: float) -> None:
        """Stop fetching; finish the message in hand (up to timeout_s), then unsubscribe.

        The messages of the batch in hand that were not started yet are nak'ed at once, so
        JetStream redelivers them promptly (to this durable's next consumer) instead of after
        the ack wait. A handler still running at the deadline is abandoned without an ack, so
        its message is redelivered after the ack wait: at-least-once, never lost.
        """
        self._stopping = True
        task = self._task
        if task is not None and not task.done():
            batch = self._batch
            if batch is None:
                task.cancel()  # idle in a fetch: nothing in hand
            else:
                for msg in batch.halt():
                    await _quietly(msg.nak())
            done, _ = await asyncio.wait({task}, timeout=timeout_s)
            if not done:
                log.warning("handler still running at stop; message left unacknowledged",
                            extra=self._attrs)
                task.cancel()
                await asyncio.wait({task}, timeout=1.0)
        for sub in (self._psub, self._advisory):
            if sub is not None:
                await _quietly(sub.unsubscribe())
        self._psub = self._advisory = None
        self._worker.close()


def _quietly_call(fn: Callable[..., object], *args: object) -> None:
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001
        log.debug("clean-up step failed", extra={"error": str(exc)})


def delivery_of(msg: Msg) -> tuple[int, int]:
    """(delivery count, stream sequence) of a JetStream message, read from its ack subject.

    `$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>`, or
    with `<domain>.<account hash>` after `$JS.ACK` and a random token at the end (ADR-15 of
    the NATS architecture decisions, the layout nats-py's `Msg.metadata` parses). Two
    integers are all the consumer needs; building the whole metadata (a datetime and three
    objects) cost a tenth of a consumed event (bench/events_path.py); any other layout still
    goes through nats-py.
    """
    tokens = (msg.reply or "").split(".")
    if len(tokens) >= 9 and tokens[0] == "$JS" and tokens[1] == "ACK":
        at = 4 if len(tokens) == 9 else 6 if len(tokens) >= 12 else -1
        if at > 0 and tokens[at].isdigit() and tokens[at + 1].isdigit():
            return int(tokens[at]), int(tokens[at + 1])
    meta = msg.metadata
    return meta.num_delivered, meta.sequence.stream


def take_queued_at_once(sub: CoreSubscription) -> None:
    """Make `sub.next_msg` hand over an already received message without nats-py's per-call
    machinery; an empty queue (or a closed connection) still goes through nats-py.

    nats-py's pull `fetch(n)` collects a batch with one `next_msg` per message, and each call
    builds a uuid4 name, a task and an `asyncio.wait_for` even when the message is already
    queued (the read loop parses a whole burst of the server's reply at once): about a third of
    a consumed event's CPU, as much as the raw nats-py consumer pays (py-spy, issue 16, ADR
    0015). A queued message is returned here with the same bookkeeping as nats-py's `next_msg`
    (pending bytes, `task_done`), in the same order; waiting, timeouts, status messages and the
    pull protocol stay nats-py's."""
    general = sub.next_msg
    queue = getattr(sub, "_pending_queue", None)  # nats-py's own queue of received messages
    conn = getattr(sub, "_conn", None)
    if not isinstance(queue, asyncio.Queue) or not hasattr(sub, "_pending_size") or conn is None:
        log.warning("nats-py's subscription internals changed: fetch keeps nats-py's next_msg")
        return  # another nats-py than the pinned one: slower, never wrong

    async def next_msg(timeout: float | None = 1.0) -> Msg:
        if queue.empty() or conn.is_closed:
            return await general(timeout)
        msg = queue.get_nowait()
        sub._pending_size -= len(msg.data)  # noqa: SLF001 - as nats-py's next_msg does
        queue.task_done()
        return msg

    sub.next_msg = next_msg  # type: ignore[method-assign]


def _progress_soon(loop: asyncio.AbstractEventLoop, msg: Msg) -> None:
    loop.create_task(_progress([msg]))


async def _progress(messages: list[Msg]) -> None:
    """Tell JetStream these delivered messages are still queued with us (resets ack wait)."""
    for msg in messages:
        await _quietly(msg.in_progress())


async def _quietly(awaitable: Awaitable[object]) -> None:
    """Await a clean-up step whose failure (e.g. connection already closed) does not matter."""
    try:
        await awaitable
    except Exception as exc:  # noqa: BLE001
        log.debug("clean-up step failed", extra={"error": str(exc)})
