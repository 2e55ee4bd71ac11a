"""Fault-suite harness (e2e-tests/faults): a test document class with the platform's outbox, a
consumer that counts every delivery and every application by event id, and the figures each
test prints (sent / received / applied / lost / duplicated).

The consumer's side effect is keyed by the event id and applied under a lock (the check and the
effect are one step, as a service's single-document conditional write is), so "applied twice"
can only come from the platform delivering an event the consumer cannot recognise; "received"
counts raw deliveries, redeliveries included, to show what the idempotency absorbed.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import mongoengine as me

from jlp_common.events import Event, OutboxEvent

DOMAIN = "faults"
STREAM = "JLP_FAULTS"
SUBJECT = "jlp.faults.item.created"


class FaultItem(me.Document):
    """A test service's document: its change and its event are saved in one write (outbox)."""

    n = me.IntField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {"collection": "fault_items"}


@dataclass
class Tally:
    """What a consumer saw: deliveries and applications by event id."""

    received: Counter[str] = field(default_factory=Counter)
    applied: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def apply(self, event: Event) -> None:
        """The consumer's idempotent effect: applied once per event id, whatever arrives."""
        with self.lock:
            self.received[event.id] += 1
            if event.id in self.applied:
                return
            self.applied[event.id] += 1

    def applied_count(self) -> int:
        with self.lock:
            return len(self.applied)

    def figures(self, sent: list[str]) -> dict[str, int]:
        with self.lock:
            return figures(sent, self.received, self.applied)


def figures(sent: list[str], received: Counter[str], applied: Counter[str]) -> dict[str, int]:
    """The printed figures: lost = sent but never applied; duplicated = applications beyond
    the first; redelivered = deliveries beyond the first (what idempotency absorbed)."""
    sent_ids = set(sent)
    return {
        "sent": len(sent),
        "received": sum(received.values()),
        "applied": sum(applied.values()),
        "lost": len(sent_ids - set(applied)),
        "duplicated": sum(n - 1 for n in applied.values() if n > 1),
        "redelivered": sum(n - 1 for n in received.values() if n > 1),
        "unexpected": len(set(applied) - sent_ids),
    }


def report(name: str, figures: dict[str, object]) -> None:
    """One line per test, read in the pytest output (-s) or the captured stdout of a failure."""
    print(f"\n[fault] {name}: " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


def index_embedded_store_ids(monkeypatch: Any) -> None:
    """Give the embedded store (mongomock 4.3) what MongoDB's `_id` index gives: O(1) lookups.

    mongomock answers `{"_id": x}` by scanning every document, and scans every document of a
    collection with a TTL index for expiry on each access, so the 10,000th event of a test costs
    10,000 scans and a fault test measures mongomock rather than the platform. A filter that is
    exactly one scalar `_id` is answered from the store's dict; the TTL sweep is skipped (nothing
    of a test run is old enough to expire). Semantics are unchanged: the same document matches.
    """
    from bson import ObjectId
    from mongomock import filtering
    from mongomock.collection import Collection
    from mongomock.store import CollectionStore

    original = Collection._iter_documents

    def iter_documents(self: Any, filter: Any) -> Any:  # noqa: A002 - mongomock's name
        if isinstance(filter, dict) and len(filter) == 1 and "_id" in filter \
                and isinstance(filter["_id"], str | int | ObjectId):
            found = self._store._documents.get(filter["_id"])
            return iter([found] if found is not None and filtering.filter_applies(filter, found)
                        else [])
        return original(self, filter)

    monkeypatch.setattr(Collection, "_iter_documents", iter_documents)
    monkeypatch.setattr(CollectionStore, "_remove_expired_documents", lambda self: None)


def stream_ids(url: str, stream: str) -> list[str]:
    """The Nats-Msg-Id of every message a stream holds, in order, duplicates kept (headers only,
    in batches: 10,000 messages read in well under a second)."""
    import asyncio

    import nats
    from nats.errors import TimeoutError as NatsTimeoutError
    from nats.js import api

    async def read() -> list[str]:
        nc = await nats.connect(url, allow_reconnect=False)
        try:
            js = nc.jetstream()
            if not (await js.stream_info(stream)).state.messages:
                return []
            config = api.ConsumerConfig(ack_policy=api.AckPolicy.NONE, headers_only=True,
                                        deliver_policy=api.DeliverPolicy.ALL)
            psub = await js.pull_subscribe("", stream=stream, config=config)
            ids: list[str] = []
            while True:
                try:
                    batch = await psub.fetch(1000, timeout=2.0)
                except (TimeoutError, NatsTimeoutError):
                    return ids
                ids += [(m.headers or {}).get("Nats-Msg-Id", "") for m in batch]
                if not batch or batch[-1].metadata.num_pending == 0:
                    return ids
        finally:
            await nc.close()

    return asyncio.run(read())
