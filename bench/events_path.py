"""The event path against raw JetStream on the same nats-server, stream and payloads, same run.

Publishing: the OutboxRelay draining recorded events, and EventBus.publish_envelope awaited
per event, beside raw nats-py publishes of the same CloudEvent bytes and headers (Nats-Msg-Id)
to the same stream (JLP_BENCHEV: file storage, 2-minute duplicate window, as every domain
stream), awaited one by one and pipelined. The relay is also run against a bus that publishes
nothing, which isolates the embedded store's share (its find and `$pull`; DESIGN §4: a
mongomock figure, not a MongoDB one).

Consuming: an EventBus subscription (batched fetch, ADR 0015) with a plain handler, with an
`@idempotent` handler whose Processed records live in an indexed in-memory stand-in (the
consumer's own cost, as on MongoDB's `_id` index) and in the embedded store (mongomock scans:
the store's cost), vs a raw nats-py durable pull consumer fetching the same batch size and
acking each message (`ack()`, as the bus does; and `ack_sync()`, a round trip each), on the
same stream and messages. Latency at idle: publish → handler, and outbox write + `wake()` →
relay → handler, one event at a time (the alert → case path's event hops).

    .venv/bin/python bench/events_path.py
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import statistics
import threading
import time
import uuid

import mongoengine as me
import nats
from _kit import Figures, percentile, rate, repeat
from pymongo.errors import DuplicateKeyError

from jlp.environment.v1 import events_pb2
from jlp_common import db
from jlp_common.config import Settings
from jlp_common.events import EventBus, OutboxEvent, OutboxRelay, Processed, idempotent, outbox_event
from jlp_common.events import envelope as ce
from jlp_common.timeutil import utc_now
from jlp_testkit.nats import NatsServer

QUIET = {"JLP_LOG_LEVEL": "ERROR", "JLP_METRICS_PORT": "0"}
DOMAIN = "benchev"
STREAM = "JLP_BENCHEV"
SUBJECT = f"jlp.{DOMAIN}.case.created"
N_AWAITED = int(os.environ.get("JLP_BENCH_EVENTS_AWAITED", "1500"))
N_PIPELINED = int(os.environ.get("JLP_BENCH_EVENTS_PIPELINED", "6000"))
N_RELAY = int(os.environ.get("JLP_BENCH_EVENTS_RELAY", "600"))
N_CONSUME = int(os.environ.get("JLP_BENCH_EVENTS_CONSUME", "20000"))
N_CONSUME_EMBEDDED = int(os.environ.get("JLP_BENCH_EVENTS_CONSUME_EMBEDDED", "1000"))
N_LATENCY = int(os.environ.get("JLP_BENCH_EVENTS_LATENCY", "100"))
BATCH = 128  # the consumer's DEFAULT_BATCH, and the raw consumer's fetch size
WINDOW = 500
CAP_S = float(os.environ.get("JLP_BENCH_CONSUMER_CAP_SECONDS", "10"))


class CpuMeter:
    """CPU time of this process (all its threads) per 1,000 events, beside each rate.

    On a machine shared with other work the rates swing from run to run; the CPU an event
    costs our process does much less, so the cost ratio to the bare stack is the steadier
    figure. nats-server runs in its own process and is not counted."""

    def __init__(self) -> None:
        self.values: dict[str, list[float]] = {}

    def rate(self, key: str, count: int, action) -> float:  # noqa: ANN001
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.values.setdefault(key, []).append(cpu / count * 1000 * 1000)
        return count / wall


CPU = CpuMeter()


class BenchCase(me.Document):
    """A service document carrying its outbox, as grid-event's cases do."""

    title = me.StringField()
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "bench_outbox_cases"}


def sample_message() -> events_pb2.AlertRaised:
    return events_pb2.AlertRaised(alert_id="alerts/0123456789", station_id="stations/st-01",
                                  metric="pm25", value=187.5, threshold=150.0)


def envelope_bytes(source: str) -> bytes:
    msg = sample_message()
    return ce.encode(ce.build(event_id=ce.new_event_id(), source=source, subject=SUBJECT,
                              data=ce.message_data(msg), dataschema=ce.dataschema_of(msg),
                              time=utc_now(), subject_ref="cases/1"))


class RawPublisher:
    """A plain nats-py connection on its own loop thread: the bare stack's publisher."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.nc = self.run(nats.connect(url))
        self.js = self.nc.jetstream()
        self.payload = envelope_bytes("/bench/raw")
        self.template_id = json.loads(self.payload)["id"].encode()

    def run(self, coro):  # noqa: ANN001, ANN201
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(600)

    def headers(self) -> dict[str, str]:
        return {"Nats-Msg-Id": uuid.uuid4().hex, "Content-Type": ce.STRUCTURED_CONTENT_TYPE}

    def fill(self, n: int) -> None:
        """n distinct CloudEvents (own ids), pipelined: input for the consumers. Each carries a
        `traceparent` of its own trace (not sampled), as every event the platform publishes
        does, so the consumers continue a trace as they do in production."""
        async def go() -> None:
            for i in range(0, n, WINDOW):
                batch = []
                for _ in range(min(WINDOW, n - i)):
                    event_id = ce.new_event_id()
                    body = self.payload.replace(self.template_id, event_id.encode())
                    batch.append(self.js.publish(SUBJECT, body, headers={
                        "Nats-Msg-Id": event_id, "Content-Type": ce.STRUCTURED_CONTENT_TYPE,
                        "traceparent": f"00-{uuid.uuid4().hex}-{os.urandom(8).hex()}-00"}))
                await asyncio.gather(*batch)
        self.run(go())

    def awaited(self, n: int) -> None:
        async def go() -> None:
            for _ in range(n):
                await self.js.publish(SUBJECT, self.payload, headers=self.headers())
        self.run(go())

    def pipelined(self, n: int, window: int = WINDOW) -> None:
        async def go() -> None:
            for i in range(0, n, window):
                await asyncio.gather(*(self.js.publish(SUBJECT, self.payload,
                                                       headers=self.headers())
                                       for _ in range(min(window, n - i))))
        self.run(go())

    def pipelined_async(self, n: int, window: int = WINDOW) -> None:
        """nats-py's `publish_async` (a reply future per message, no task or timer each),
        `window` in flight: how EventBus.publish_envelopes drives nats-py since issue 16, so
        the relay is also compared with the cheapest raw way to publish."""
        async def go() -> None:
            for i in range(0, n, window):
                futures = [await self.js.publish_async(SUBJECT, self.payload, headers=self.headers())
                           for _ in range(min(window, n - i))]
                await asyncio.gather(*futures)
        self.run(go())

    def pull_and_ack(self, n: int, durable: str, batch: int, confirmed: bool) -> None:
        """Fetch batches of `batch` and ack each message: `ack()` (no reply awaited, as the
        bus's consumer does) or, when `confirmed`, `ack_sync()` (a round trip each)."""
        async def go() -> None:
            sub = await self.js.pull_subscribe(SUBJECT, durable=durable, stream=STREAM)
            got = 0
            while got < n:
                for msg in await sub.fetch(batch, timeout=5):
                    await (msg.ack_sync() if confirmed else msg.ack())
                    got += 1
            await sub.unsubscribe()
        self.run(go())

    def close(self) -> None:
        self.run(self.nc.close())
        self.loop.call_soon_threadsafe(self.loop.stop)


class SequentialRelay(OutboxRelay):
    """The relay before issue 16, kept here for its same-run figure: one publish awaited and
    one `$pull` per event. Both relays run without the sent-events ledger (issue 15), which
    adds the same one insert per event to each."""

    def relay_once(self) -> int:
        published = 0
        for document in self._documents:
            collection = document._get_collection()
            key = self._db_field(document)
            cursor = collection.find({f"{key}.id": {"$exists": True}}, {key: 1})
            for raw in list(cursor.limit(self._batch_size)):
                for item in raw.get(key) or []:
                    event = OutboxEvent._from_son(item)
                    self._bus.publish_envelope(event.subject, event.envelope(self._bus.source),
                                               origin=event.origin())
                    collection.update_one({"_id": raw["_id"]}, {"$pull": {key: {"id": event.id}}})
                    published += 1
        return published


class Relay500(OutboxRelay):
    def __init__(self, bus, documents, **kwargs):  # noqa: ANN001, ANN003
        super().__init__(bus, documents, batch_size=500, **kwargs)


class NullBus:
    """Acknowledges every publish at once: what the relay costs apart from JetStream."""

    source = "/jlp/bench"

    def publish_envelope(self, *_a, **_k):  # noqa: ANN002, ANN003, ANN201
        return None

    def publish_envelopes(self, items, **_k):  # noqa: ANN001, ANN003, ANN201
        return [None] * len(items)

    def connected(self) -> bool:
        return True


def record_cases(n: int) -> None:
    """n documents with one pending event each, written as services write them (one save)."""
    BenchCase.drop_collection()
    msg = sample_message()
    docs = []
    for i in range(n):
        case = BenchCase(title=f"case {i}")
        case.outbox.append(outbox_event(SUBJECT, msg, subject_ref=f"cases/{i}"))
        docs.append(case.to_mongo())
    BenchCase._get_collection().insert_many(docs)


class DictCollection:
    """An indexed store stand-in: `_id` look-ups in O(1), as MongoDB's _id index gives.

    Serves exactly the relay's three operations, so the relay's own cost (publishing and its
    bookkeeping) is measured without mongomock's Python scans (DESIGN §4). The documents with
    pending events are kept in a set (MongoDB: the relay's sparse index on `outbox.id`), and a
    pull builds its id set once per request, not once per document: before that the stand-in
    itself was half of the relay's measured CPU (py-spy, issue 16)."""

    name = "bench_dict_outbox"

    def __init__(self, docs: list[dict]) -> None:
        self.docs = {d["_id"]: d for d in docs}
        self.pending = {d["_id"] for d in docs if d.get("outbox")}

    def find(self, _query: dict, _projection: dict) -> DictCursor:
        return DictCursor(self.docs[doc_id] for doc_id in self.pending)

    def update_one(self, query: dict, update: dict) -> None:
        cond = update["$pull"]["outbox"]["id"]
        self._pull(query["_id"], {cond})

    def update_many(self, query: dict, update: dict) -> None:
        ids = set(update["$pull"]["outbox"]["id"]["$in"])
        for doc_id in query["_id"]["$in"]:
            self._pull(doc_id, ids)

    def _pull(self, doc_id: object, ids: set[str]) -> None:
        doc = self.docs.get(doc_id)
        if doc is None:
            return
        doc["outbox"] = [e for e in doc["outbox"] if e["id"] not in ids]
        if not doc["outbox"]:
            self.pending.discard(doc_id)


class DictCursor:
    """The documents a find matched, read lazily as a cursor is (`limit` stops early)."""

    def __init__(self, docs: object) -> None:
        self.docs = docs

    def limit(self, n: int) -> list:
        return list(itertools.islice(self.docs, n))


def dict_document(n: int) -> type:
    """A document class whose collection is a DictCollection holding n one-event documents."""
    msg = sample_message()
    docs = []
    for i in range(n):
        case = BenchCase(title=f"case {i}")
        case.outbox.append(outbox_event(SUBJECT, msg, subject_ref=f"cases/{i}"))
        son = case.to_mongo().to_dict()
        son["_id"] = i
        docs.append(son)
    collection = DictCollection(docs)

    class DictCase:
        _fields = BenchCase._fields

        @staticmethod
        def _get_collection() -> DictCollection:
            return collection

    return DictCase


def timed_relay_indexed(bus: object, n: int, kind: type[OutboxRelay] = OutboxRelay,
                        cpu_key: str = "") -> float:
    relay = kind(bus, [dict_document(n)], ledger=False)  # type: ignore[arg-type, list-item]
    published = []
    per_s = CPU.rate(cpu_key or "unused", n, lambda: published.append(drain(relay)))
    assert published == [n], (published, n)
    return per_s


def drain(relay: OutboxRelay) -> int:
    total = 0
    while (published := relay.relay_once()) > 0:
        total += published
    return total


def timed_relay(bus: object, n: int, kind: type[OutboxRelay] = OutboxRelay) -> float:
    record_cases(n)
    relay = kind(bus, [BenchCase], ledger=False)  # type: ignore[arg-type]
    start = time.perf_counter()
    published = drain(relay)
    elapsed = time.perf_counter() - start
    assert published == n, (published, n)
    return n / elapsed


class DictProcessed:
    """An indexed store stand-in for the Processed collection: `_id` look-ups and inserts in
    O(1), as MongoDB's `_id` index gives. Serves exactly what `Processed.seen`,
    `Processed.seen_among` and `Processed.once` send, so the consumer's own cost is measured
    without mongomock's scans."""

    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}

    def count_documents(self, query: dict, limit: int = 0) -> int:
        return 1 if query["_id"] in self.docs else 0

    def find(self, query: dict, _projection: dict) -> list[dict]:
        """`{"_id": {"$in": keys}}`: the consumer's look-up of a whole batch."""
        return [{"_id": key} for key in query["_id"]["$in"] if key in self.docs]

    def insert_one(self, document: dict) -> None:
        if document["_id"] in self.docs:
            raise DuplicateKeyError("E11000 duplicate key")
        self.docs[document["_id"]] = document


class processed_in(contextlib.ContextDecorator):  # noqa: N801 - used like a function
    """Processed records go to `collection` while inside (the stand-in), else the real one."""

    def __init__(self, collection: DictProcessed | None) -> None:
        self.collection = collection

    def __enter__(self) -> None:
        if self.collection is not None:
            collection = self.collection
            Processed._get_collection = classmethod(lambda _cls: collection)  # type: ignore[method-assign]

    def __exit__(self, *_exc: object) -> None:
        if self.collection is not None:
            del Processed._get_collection  # back to mongoengine's


def timed_consumer(bus: EventBus, raw: RawPublisher, n: int, with_idempotency: bool,
                   stand_in: bool = False) -> float:
    """Events handled per second by a new durable on n fresh events, over at most CAP_S
    (a slow consumer is measured on what it handled in that time, never waited for)."""
    raw.fill(n)  # untimed; the stream was purged, so the new durable sees exactly these
    Processed.drop_collection()  # the embedded store scans it: keep runs alike
    with processed_in(DictProcessed() if stand_in else None):
        cpu = time.process_time()
        per_s, handled = _timed_consumer(bus, n, with_idempotency)
        key = f"consume idempotent={with_idempotency} stand_in={stand_in}"
        CPU.values.setdefault(key, []).append((time.process_time() - cpu) / max(handled, 1) * 1e6)
        return per_s


def _timed_consumer(bus: EventBus, n: int, with_idempotency: bool) -> tuple[float, int]:
    durable = "bench-" + uuid.uuid4().hex[:8]
    done = threading.Event()
    count = [0]

    def handle(_event: object) -> None:
        count[0] += 1
        if count[0] >= n:
            done.set()

    handler = idempotent(durable)(handle) if with_idempotency else handle
    start = time.perf_counter()
    bus.subscribe(STREAM, durable, SUBJECT, handler, ack_wait_s=30, batch_size=BATCH)
    done.wait(CAP_S)
    elapsed = time.perf_counter() - start
    handled = count[0]
    forget(bus, durable)
    return handled / elapsed, handled


def forget(bus: EventBus, durable: str) -> None:
    """Stop the durable and delete it: a durable left running would take every later
    figure's events too (each durable sees the whole stream)."""
    bus.unsubscribe(durable, timeout_s=2.0)
    bus._call(bus._js.delete_consumer(STREAM, durable))  # noqa: SLF001 - bench clean-up


def timed_raw_consumer(raw: RawPublisher, n: int, confirmed: bool = False) -> float:
    raw.fill(n)
    durable = "raw-" + uuid.uuid4().hex[:8]
    key = "raw consume confirmed" if confirmed else "raw consume"
    return CPU.rate(key, n, lambda: raw.pull_and_ack(n, durable, BATCH, confirmed))


def consumer_latencies(bus: EventBus, raw: RawPublisher, n: int) -> list[float]:
    """ms from publish (ack awaited) to the handler running, one event at a time, idle."""
    arrived = threading.Event()
    seen: list[float] = []

    def handle(_event: object) -> None:
        seen.append(time.perf_counter())
        arrived.set()

    durable = "lat-" + uuid.uuid4().hex[:8]
    bus.subscribe(STREAM, durable, SUBJECT, handle, batch_size=BATCH)
    latencies = []
    try:
        for _ in range(n):
            arrived.clear()
            sent = time.perf_counter()
            raw.awaited(1)
            assert arrived.wait(5), "event not handled within 5 s"
            latencies.append((seen[-1] - sent) * 1000)
            time.sleep(0.01)  # idle between events
    finally:
        forget(bus, durable)
    return latencies


def relay_latencies(bus: EventBus, n: int) -> list[float]:
    """ms from an outbox write (the document's save) + `wake()` to the consumer's handler:
    the relay thread publishing at once, then the consumer fetching it, one event at a time."""
    BenchCase.drop_collection()
    arrived = threading.Event()
    seen: list[float] = []

    def handle(_event: object) -> None:
        seen.append(time.perf_counter())
        arrived.set()

    durable = "relay-lat-" + uuid.uuid4().hex[:8]
    bus.subscribe(STREAM, durable, SUBJECT, handle, batch_size=BATCH)
    relay = OutboxRelay(bus, [BenchCase], interval_s=5.0, ledger=False)
    relay.start()
    latencies = []
    try:
        msg = sample_message()
        for i in range(n):
            arrived.clear()
            sent = time.perf_counter()
            case = BenchCase(title=f"case {i}")
            case.outbox.append(outbox_event(SUBJECT, msg, subject_ref=f"cases/{i}"))
            case.save()
            relay.wake()
            assert arrived.wait(5), "relayed event not handled within 5 s"
            latencies.append((seen[-1] - sent) * 1000)
            time.sleep(0.01)
    finally:
        relay.stop()
        forget(bus, durable)
    return latencies


def latency_rows(figures: Figures, name: str, runs: list[list[float]], note: str) -> None:
    figures.add("events: latency at idle", f"{name}: p50", "ms",
                [statistics.median(r) for r in runs], note=note)
    figures.add("events: latency at idle", f"{name}: p99", "ms",
                [percentile(r, 99) for r in runs], note=note)


def purge(raw: RawPublisher) -> None:
    raw.run(raw.js.purge_stream(STREAM))


def main() -> int:
    server = NatsServer().start()
    db.connect("bench")
    figures = Figures("events_path")
    settings = Settings.from_env("bench", {**QUIET, "JLP_NATS_URL": server.url})
    bus = EventBus(settings)
    bus.start()
    raw = None
    try:
        bus.ensure_stream(DOMAIN)
        raw = RawPublisher(server.url)
        msg = sample_message()
        sample = ce.build(event_id=ce.new_event_id(), source=bus.source, subject=SUBJECT,
                          data=ce.message_data(msg), dataschema=ce.dataschema_of(msg),
                          time=utc_now(), subject_ref="cases/1")

        def bus_awaited() -> float:
            def go() -> None:
                for _ in range(N_AWAITED):
                    bus.publish_envelope(SUBJECT, {**sample, "id": ce.new_event_id()})
            return rate(N_AWAITED, go)

        raw_awaited = repeat(lambda: rate(N_AWAITED, lambda: raw.awaited(N_AWAITED)))
        raw_piped = repeat(lambda: CPU.rate("raw piped", N_PIPELINED,
                                            lambda: raw.pipelined(N_PIPELINED)))
        raw_async = repeat(lambda: CPU.rate("raw async", N_PIPELINED,
                                            lambda: raw.pipelined_async(N_PIPELINED)))
        figures.add("events: publish", "raw nats-py publish, ack awaited per event", "/s",
                    raw_awaited)
        figures.add("events: publish", f"raw nats-py publish, pipelined ({WINDOW} in flight)",
                    "/s", raw_piped)
        figures.add("events: publish", f"raw nats-py publish_async, pipelined ({WINDOW} in flight)",
                    "/s", raw_async, note="the way EventBus.publish_envelopes publishes")
        figures.add("events: publish", "EventBus.publish_envelope, ack awaited per event", "/s",
                    repeat(bus_awaited), baseline="raw awaited", baseline_values=raw_awaited)
        def bus_batched(size: int) -> float:
            def go() -> None:
                for i in range(0, N_PIPELINED, size):
                    results = bus.publish_envelopes(
                        [(SUBJECT, {**sample, "id": ce.new_event_id()}, None)
                         for _ in range(min(size, N_PIPELINED - i))])
                    assert not any(isinstance(r, Exception) for r in results)
            return rate(N_PIPELINED, go)

        for size in (100, 500):
            figures.add("events: publish", f"EventBus.publish_envelopes, {size} per call "
                        "(the relay's publish step)", "/s", repeat(lambda size=size: bus_batched(size)),
                        baseline=f"raw pipelined ({WINDOW})", baseline_values=raw_piped)
        figures.add("events: publish", "OutboxRelay before issue 16, indexed store stand-in", "/s",
                    repeat(lambda: timed_relay_indexed(bus, N_PIPELINED // 2, SequentialRelay)),
                    baseline=f"raw pipelined ({WINDOW})", baseline_values=raw_piped,
                    note="O(1) _id look-ups: the relay's own cost, as on MongoDB")
        relay_indexed = repeat(lambda: timed_relay_indexed(bus, N_PIPELINED // 2, cpu_key="relay"))
        figures.add("events: publish", "OutboxRelay pipelined, indexed store stand-in", "/s",
                    relay_indexed,
                    baseline=f"raw pipelined ({WINDOW})", baseline_values=raw_piped,
                    note="O(1) _id look-ups: the relay's own cost, as on MongoDB")
        figures.add("events: publish", "OutboxRelay pipelined, indexed store stand-in "
                    "(vs raw publish_async)", "/s", relay_indexed,
                    baseline=f"raw publish_async ({WINDOW})", baseline_values=raw_async,
                    note="the same runs as the row above")
        figures.add("events: publish", "OutboxRelay before issue 16 (publish + $pull per event)",
                    "/s", repeat(lambda: timed_relay(bus, N_RELAY, SequentialRelay)),
                    baseline=f"raw pipelined ({WINDOW})", baseline_values=raw_piped,
                    note=f"{N_RELAY:,} documents; embedded store")
        figures.add("events: publish", "OutboxRelay pipelined (rounds of 100 documents)", "/s",
                    repeat(lambda: timed_relay(bus, N_RELAY)),
                    baseline=f"raw pipelined ({WINDOW})", baseline_values=raw_piped,
                    note=f"{N_RELAY:,} documents; embedded store")
        figures.add("events: publish", "OutboxRelay pipelined, batch_size 500", "/s",
                    repeat(lambda: timed_relay(bus, N_RELAY, Relay500)),
                    baseline=f"raw pipelined ({WINDOW})", baseline_values=raw_piped,
                    note=f"{N_RELAY:,} documents; embedded store")
        figures.add("events: publish", "OutboxRelay pipelined, a bus that publishes nothing", "/s",
                    repeat(lambda: timed_relay(NullBus(), N_RELAY)),
                    note="the embedded store's find + $pull alone (not a MongoDB figure)")
        purge(raw)

        raw_consume, raw_confirmed = [], []
        for _ in range(3):
            purge(raw)
            raw_consume.append(timed_raw_consumer(raw, N_CONSUME))
            purge(raw)
            raw_confirmed.append(timed_raw_consumer(raw, N_CONSUME // 4, confirmed=True))
        figures.add("events: consume", f"raw pull consumer, fetch {BATCH}, ack() each", "/s",
                    raw_consume, note=f"{N_CONSUME:,} events")
        figures.add("events: consume", f"raw pull consumer, fetch {BATCH}, ack_sync() each", "/s",
                    raw_confirmed, note="a round trip per ack")
        plain, stand_in, embedded = [], [], []
        for _ in range(3):
            purge(raw)
            plain.append(timed_consumer(bus, raw, N_CONSUME, with_idempotency=False))
            purge(raw)
            stand_in.append(timed_consumer(bus, raw, N_CONSUME, with_idempotency=True,
                                           stand_in=True))
            purge(raw)
            embedded.append(timed_consumer(bus, raw, N_CONSUME_EMBEDDED, with_idempotency=True))
        base = f"raw pull ({BATCH}) + ack()"
        figures.add("events: consume", f"EventBus subscription (batch {BATCH}), plain handler",
                    "/s", plain, baseline=base, baseline_values=raw_consume,
                    note=f"{N_CONSUME:,} events; rate over what it handled in at most {CAP_S:.0f} s")
        figures.add("events: consume", "EventBus subscription, @idempotent, indexed store stand-in",
                    "/s", stand_in, baseline=base, baseline_values=raw_consume,
                    note="Processed look-up + insert in O(1): the consumer's own cost, as on MongoDB")
        figures.add("events: consume", "EventBus subscription, @idempotent, embedded store", "/s",
                    embedded, baseline=base, baseline_values=raw_consume,
                    note=f"{N_CONSUME_EMBEDDED:,} events; mongomock scans Processed per look-up "
                         "(the store's cost, not a MongoDB figure)")
        cost = "events: CPU of this process per 1,000 events (ms; lower is better)"
        figures.add(cost, f"raw nats-py publish, pipelined ({WINDOW} in flight)", "ms",
                    CPU.values["raw piped"])
        figures.add(cost, f"raw nats-py publish_async, pipelined ({WINDOW} in flight)", "ms",
                    CPU.values["raw async"])
        figures.add(cost, "OutboxRelay pipelined, indexed store stand-in", "ms",
                    CPU.values["relay"], baseline="raw pipelined", baseline_values=CPU.values["raw piped"],
                    note="ratio = our cost / bare cost")
        figures.add(cost, f"raw pull consumer, fetch {BATCH}, ack() each", "ms",
                    CPU.values["raw consume"])
        for name, key in (("EventBus subscription, plain handler", "consume idempotent=False stand_in=False"),
                          ("EventBus subscription, @idempotent, indexed store stand-in",
                           "consume idempotent=True stand_in=True")):
            figures.add(cost, name, "ms", CPU.values[key], baseline=base,
                        baseline_values=CPU.values["raw consume"],
                        note="ratio = our cost / bare cost; includes subscribing")
        purge(raw)
        latency_rows(figures, "publish → handler", [consumer_latencies(bus, raw, N_LATENCY)
                                                     for _ in range(3)],
                     note=f"{N_LATENCY} events one at a time; fetch batch {BATCH}")
        latency_rows(figures, "outbox write + wake() → relay → handler",
                     [relay_latencies(bus, N_LATENCY) for _ in range(3)],
                     note=f"{N_LATENCY} events one at a time; embedded store")
        figures.save()
    finally:
        if raw is not None:
            raw.close()
        bus.stop(2)
        me.disconnect()
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
