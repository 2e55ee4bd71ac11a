"""Idempotent consumers: remember which event ids a consumer has processed.

JetStream delivers at least once (a lost ack, a consumer killed after its work but before its
ack, the relay re-publishing after the duplicate window), so every consumer must tolerate a
second delivery. `Processed` records (consumer, event id) pairs: the `_id` is the pair itself,
so even the embedded store (which has no real indexes) rejects a second insert, and the unique
index on (consumer, event_id) states the rule for MongoDB. A TTL index forgets entries after
30 days: far beyond any redelivery, and keeps the collection bounded.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from datetime import datetime

import mongoengine as me
from pymongo.errors import DuplicateKeyError

from jlp_common.events.envelope import Event
from jlp_common.timeutil import utc_now

RETENTION_S = 30 * 24 * 3600


class Processed(me.Document):
    """One event id processed by one durable consumer."""

    key = me.StringField(primary_key=True)  # "<consumer>/<event_id>" (durables have no "/")
    consumer = me.StringField(required=True)
    event_id = me.StringField(required=True)
    created = me.DateTimeField(required=True)

    meta = {
        "collection": "jlp_processed_events",
        "indexes": [
            {"fields": ["consumer", "event_id"], "unique": True, "name": "consumer_event_unique"},
            {"fields": ["created"], "expireAfterSeconds": RETENTION_S, "name": "created_ttl"},
        ],
    }

    @staticmethod
    def key_of(consumer: str, event_id: str) -> str:
        return f"{consumer}/{event_id}"

    @classmethod
    def once(cls, consumer: str, event_id: str, *, now: datetime | None = None) -> bool:
        """Record the pair atomically; True the first time only (a single insert decides)."""
        document = {"_id": cls.key_of(consumer, event_id), "consumer": consumer,
                    "event_id": event_id, "created": now or utc_now()}
        try:
            cls._get_collection().insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    @classmethod
    def seen(cls, consumer: str, event_id: str) -> bool:
        """Whether the pair was recorded (and not yet expired)."""
        return cls._get_collection().count_documents(
            {"_id": cls.key_of(consumer, event_id)}, limit=1) > 0

    @classmethod
    def seen_among(cls, consumer: str, event_ids: list[str]) -> set[str]:
        """Which of `event_ids` the consumer recorded: one query for a whole batch."""
        keys = [cls.key_of(consumer, event_id) for event_id in event_ids]
        found = cls._get_collection().find({"_id": {"$in": keys}}, {"_id": 1})
        prefix = len(consumer) + 1
        return {document["_id"][prefix:] for document in found}

    @classmethod
    def forget(cls, consumer: str, event_id: str) -> None:
        """Drop the record, e.g. when work claimed with `once` failed and must run again."""
        cls._get_collection().delete_one({"_id": cls.key_of(consumer, event_id)})


def idempotent(consumer: str) -> Callable[[Callable[[Event], object]], Callable[[Event], object]]:
    """Decorate a handler so an event already processed by `consumer` is acked without rework.

    The id is recorded only after the handler returns: a crash in between means the event is
    processed again (at-least-once), never that it is lost. Handlers that must not run twice
    even then claim first with `if not Processed.once(...): return` and `Processed.forget` on
    failure, accepting that a crash after the claim skips the event.

    The consumer looks a whole fetched batch up at once (`run.prefetch`, ADR 0015): the
    answer is as fresh as the batch, which is no weaker than before, since an event is
    delivered to one replica of a durable at a time (until its ack wait runs out, when a
    second delivery could run it twice either way).
    """

    def decorate(handler: Callable[[Event], object]) -> Callable[[Event], object]:
        batch = threading.local()  # per handler thread: what `prefetch` learnt of its batch

        @functools.wraps(handler)
        def run(event: Event) -> object:
            known: dict[str, bool] | None = getattr(batch, "known", None)
            if known is not None and event.id in known:
                if known[event.id]:
                    return None
            elif Processed.seen(consumer, event.id):
                return None
            result = handler(event)
            Processed.once(consumer, event.id)
            if known is not None:
                known[event.id] = True  # the same id again later in this batch: skipped
            return result

        def prefetch(event_ids: list[str]) -> None:
            """Look a fetched batch up in one query (the consumer calls this before running
            it; an empty list forgets). Instead of one look-up per event: on MongoDB one round
            trip per batch instead of one per event; on the embedded store one scan."""
            batch.known = ({event_id: False for event_id in event_ids} if event_ids else None)
            if event_ids:
                for event_id in Processed.seen_among(consumer, event_ids):
                    batch.known[event_id] = True

        run.prefetch = prefetch  # type: ignore[attr-defined]
        return run

    return decorate
