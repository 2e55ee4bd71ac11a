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
    def forget(cls, consumer: str, event_id: str) -> None:
        """Drop the record, e.g. when work claimed with `once` failed and must run again."""
        cls._get_collection().delete_one({"_id": cls.key_of(consumer, event_id)})


def idempotent(consumer: str) -> Callable[[Callable[[Event], object]], Callable[[Event], object]]:
    """Decorate a handler so an event already processed by `consumer` is acked without rework.

    The id is recorded only after the handler returns: a crash in between means the event is
    processed again (at-least-once), never that it is lost. Handlers that must not run twice
    even then claim first with `if not Processed.once(...): return` and `Processed.forget` on
    failure, accepting that a crash after the claim skips the event.
    """

    def decorate(handler: Callable[[Event], object]) -> Callable[[Event], object]:
        @functools.wraps(handler)
        def run(event: Event) -> object:
            if Processed.seen(consumer, event.id):
                return None
            result = handler(event)
            Processed.once(consumer, event.id)
            return result

        return run

    return decorate
