"""Transactional outbox: an event is stored in the same single-document write as the change.

DESIGN §3/§4: no multi-document transactions (the embedded store has none), yet a state change
and its event must never be split by a crash. So a document carries
`outbox = ListField(EmbeddedDocumentField(OutboxEvent))`; the service appends
`outbox_event(...)` and saves once, atomically. `OutboxRelay` then publishes the pending events
(pipelined, each document's in order) and, only after JetStream acknowledged them, removes them
with an atomic `$pull` by event id.

A crash between publish and pull re-publishes the event on the next pass with the same
`Nats-Msg-Id`, which JetStream drops as a duplicate within its 2-minute window; past that
window consumers' idempotency (Processed) absorbs it. Nothing is lost and nothing phantom is
published: an event exists only if the write that recorded it committed.

mongoengine saves a changed list whole (`$set`), so a read-modify-save racing the relay can put
back an event the relay just pulled. The relay then publishes it again within its next poll,
well inside the duplicate window, and JetStream drops it; saving with a version condition or
appending with an atomic `push__outbox` avoids even that.

Each relayed event is also written to the service's sent-events ledger (reconcile.py) before it
leaves the outbox: JetStream acknowledging a message does not prove it stays in the stream
(Jepsen's 2025 NATS analysis lost acknowledged writes), so reconciliation needs a record of
what was published that outlives the outbox entry.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import mongoengine as me
from google.protobuf.message import Message

from jlp_common.events import envelope as ce
from jlp_common.events import tracing
from jlp_common.telemetry import instruments
from jlp_common.timeutil import as_utc, utc_now

if TYPE_CHECKING:
    from jlp_common.events.bus import EventBus, Published

log = logging.getLogger(__name__)

PENDING_INDEX = "jlp_outbox_pending"


class OutboxEvent(me.EmbeddedDocument):
    """One event waiting to be published, with everything needed to publish it identically.

    `data` is kept as the JSON text of the proto3 mapping rather than a sub-document: MongoDB
    would reject or rewrite some keys (`$`-prefixed map keys) and numbers (int64 as strings are
    fine, but doubles vs ints would not round-trip exactly).
    """

    id = me.StringField(required=True)
    subject = me.StringField(required=True)  # NATS subject jlp.<domain>.<entity>.<verb>
    subject_ref = me.StringField()  # CloudEvents `subject`, e.g. cases/123
    dataschema = me.StringField(required=True)
    data = me.StringField(required=True)
    time = me.DateTimeField(required=True)
    traceparent = me.StringField()  # the request that recorded it: its trace continues
    tracestate = me.StringField()

    meta = {"strict": False}

    def envelope(self, source: str) -> dict[str, Any]:
        """The CloudEvent to publish; `source` is the relaying service's (= the recorder's)."""
        return ce.build(event_id=self.id, source=source, subject=self.subject,
                        data=json.loads(self.data), dataschema=self.dataschema, time=self.time,
                        subject_ref=self.subject_ref,
                        extensions={"traceparent": self.traceparent or "",
                                    "tracestate": self.tracestate or ""})

    def origin(self) -> dict[str, str]:
        carrier = {"traceparent": self.traceparent, "tracestate": self.tracestate}
        return {k: v for k, v in carrier.items() if v}


def outbox_event(subject: str, message: Message, *, event_id: str | None = None,
                 subject_ref: str | None = None, time: datetime | None = None) -> OutboxEvent:
    """Build the outbox entry to append to a document before its single save."""
    ce.domain_of(subject)
    carrier = tracing.current_carrier()
    return OutboxEvent(
        id=event_id or ce.new_event_id(), subject=subject, subject_ref=subject_ref,
        dataschema=ce.dataschema_of(message),
        data=json.dumps(ce.message_data(message), ensure_ascii=False, separators=(",", ":")),
        time=time or utc_now(),
        traceparent=carrier.get("traceparent"), tracestate=carrier.get("tracestate"))


@dataclass(frozen=True)
class _Pending:
    """A stored outbox entry ready to publish, read straight from its BSON.

    Building a mongoengine `OutboxEvent` per entry cost more than publishing it (bench/
    events_path.py, profiled); the relay needs only these fields, under their field names
    (OutboxEvent declares no db_field), and builds the same envelope `OutboxEvent.envelope`
    would."""

    id: str
    subject: str
    envelope: dict[str, Any]
    origin: dict[str, str]

    @classmethod
    def of(cls, item: Mapping[str, Any], source: str) -> _Pending:
        carrier = {"traceparent": item.get("traceparent") or "",
                   "tracestate": item.get("tracestate") or ""}
        envelope = ce.build(event_id=item["id"], source=source, subject=item["subject"],
                            data=_stored_data(item["data"]), dataschema=item["dataschema"],
                            time=as_utc(item["time"]), subject_ref=item.get("subject_ref"),
                            extensions=carrier)
        return cls(item["id"], item["subject"], envelope, {k: v for k, v in carrier.items() if v})


def _stored_data(text: str) -> ce.JsonText | dict[str, Any]:
    """An entry's stored `data`, to be spliced into the envelope as it is (`outbox_event` wrote
    it with the envelope's own encoder settings), instead of decoded here and encoded again
    (issue 16). Text that is not an object at first sight is decoded as before, so a damaged
    entry still fails the pass the way it always did."""
    if text.startswith("{") and text.endswith("}"):
        return ce.JsonText(text)
    return json.loads(text)


class OutboxRelay:
    """Publishes pending outbox events of the given document classes, in recorded order.

    `start()` runs a daemon thread polling every `interval_s`; `wake()` right after a write
    makes it publish at once instead of at the next tick. Several replicas may relay the same
    collection: they can publish an event twice, which Nats-Msg-Id de-duplicates.
    `ledger` (default on) records each published event for the reconcile job (reconcile.py).
    """

    def __init__(self, bus: EventBus, documents: Sequence[type[me.Document]], *,
                 interval_s: float = 0.5, batch_size: int = 100, field: str = "outbox",
                 ledger: bool = True) -> None:
        self._bus = bus
        self._documents = list(documents)
        self._interval_s = interval_s
        self._batch_size = batch_size
        self._field = field
        self._ledger = ledger
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _db_field(self, document: type[me.Document]) -> str:
        return document._fields[self._field].db_field

    def ensure_indexes(self) -> None:
        """Sparse index on `<outbox>.id`: the relay's query touches only documents with events;
        the ledger's TTL index, so it keeps only as long as the streams do."""
        from jlp_common.events import reconcile
        if self._ledger:
            reconcile.SentEvent.ensure_indexes()
        for document in self._documents:
            key = self._db_field(document)
            document._get_collection().create_index([(f"{key}.id", 1)], sparse=True,
                                                    name=PENDING_INDEX)

    def relay_once(self) -> int:
        """Publish every pending event found now (up to batch_size documents per class).

        Pipelined (issue 16): the first pending event of every document found is published at
        once, all acks awaited together, then the second of each, and so on; then one `$pull`
        removes every acknowledged event. So the events of one document keep their order (its
        next event is published only after JetStream acknowledged the one before), events
        leave the outbox only once acknowledged, and a failed publish stops that document's
        later events for this pass (they follow it at the next one). A crash between the acks
        and the pull re-publishes with the same Nats-Msg-Id, which JetStream drops.

        Returns how many were published; raises the first failure after removing what was
        acknowledged (the rest stays pending).
        """
        from jlp_common.events import reconcile  # here: `python -m ...reconcile` runs it as main
        published = 0
        for document in self._documents:
            collection = document._get_collection()
            key = self._db_field(document)
            cursor = collection.find({f"{key}.id": {"$exists": True}}, {key: 1})
            pending = {raw["_id"]: [_Pending.of(item, self._bus.source) for item in raw.get(key) or []]
                       for raw in list(cursor.limit(self._batch_size))}
            acked, failure = self._publish_in_rounds(pending)
            if acked:
                if self._ledger:  # before the pull: a crash in between re-records (kept once)
                    reconcile.record_sent_many((event.subject, event.envelope, ack.stream, ack.sequence)
                                               for event, ack in acked)
                self._remove(collection, list(pending), key, [event.id for event, _ in acked])
                instruments().outbox_relayed.add(len(acked), {"collection": collection.name})
                published += len(acked)
            if failure is not None:
                raise failure
        return published

    def _publish_in_rounds(self, pending: dict[Any, list[_Pending]]
                           ) -> tuple[list[tuple[_Pending, Published]], Exception | None]:
        """Publish round r = the r-th event of every document still clean; return the acked."""
        acked: list[tuple[_Pending, Published]] = []
        failure: Exception | None = None
        stopped: set[Any] = set()
        depth = max((len(events) for events in pending.values()), default=0)
        for round_ in range(depth):
            batch = [(doc_id, events[round_]) for doc_id, events in pending.items()
                     if len(events) > round_ and doc_id not in stopped]
            if not batch:
                break
            results = self._bus.publish_envelopes(
                [(e.subject, e.envelope, e.origin) for _, e in batch])
            for (doc_id, event), result in zip(batch, results, strict=True):
                if isinstance(result, Exception):
                    stopped.add(doc_id)
                    failure = failure or result
                else:
                    acked.append((event, result))
        return acked, failure

    def _remove(self, collection: Any, document_ids: list[Any], key: str,
                event_ids: list[str]) -> None:
        """Pull the acknowledged events off their documents: one atomic update per document,
        sent as one request; entries recorded meanwhile are untouched (matched by id)."""
        collection.update_many({"_id": {"$in": document_ids}},
                               {"$pull": {key: {"id": {"$in": event_ids}}}})

    def wake(self) -> None:
        """Relay now rather than at the next poll (call after saving a document with events)."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self.ensure_indexes()
        self._stop.clear()
        self._thread = threading.Thread(target=self._main, name="jlp-outbox-relay", daemon=True)
        self._thread.start()

    def _main(self) -> None:
        failures = 0
        while not self._stop.is_set():
            busy = False
            if self._bus.connected():
                try:
                    busy = self.relay_once() > 0
                    failures = 0
                except Exception as exc:  # noqa: BLE001 - retried at the next tick
                    failures += 1
                    log.warning("outbox relay pass failed", extra={"error": str(exc)})
            if busy:
                continue  # more may be pending beyond the batch
            self._wake.wait(min(self._interval_s * (2 ** min(failures, 4)), 10.0))
            self._wake.clear()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Finish the current pass and stop (pending events stay for the next start)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None
