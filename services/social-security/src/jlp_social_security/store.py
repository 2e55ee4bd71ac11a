"""Storage mechanics: single-document atomic writes on the raw collections (DESIGN §4).

MongoDB applies one document's conditional update atomically; that is the only atomicity this
service relies on (no transactions). mongomock, the embedded store, does not make
match-then-modify atomic across threads, so with it `atomic()` serialises conditional writes with
a process lock — MongoDB's guarantee where it would otherwise be missing (the embedded store is
single-process). Same mechanics as grid-event's store.

This module is the one place holding the kit's mechanics (atomic writes, UTC times, Timestamps,
the clock) until jlp_common carries them (kit-helpers: jlp_common.atomic, jlp_common.timeutil);
then its functions become imports from there and the rest of the service is unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

import mongoengine
from google.protobuf.timestamp_pb2 import Timestamp
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

_embedded_lock = threading.RLock()


def embedded() -> bool:
    try:
        import mongomock

        return isinstance(mongoengine.get_connection(), mongomock.MongoClient)
    except Exception:  # noqa: BLE001 - no connection yet / mongomock absent: not embedded
        return False


@contextmanager
def atomic() -> Iterator[None]:
    """Guard a conditional single-document write (a no-op on real MongoDB)."""
    with (_embedded_lock if embedded() else nullcontext()):
        yield


def utc(value: datetime | None) -> datetime | None:
    """Stored datetimes as aware UTC (mongomock may hand back naive ones)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def compare_and_set(collection: Any, filter_: Mapping[str, Any], update: Mapping[str, Any]) -> dict | None:
    """Apply `update` to the one document matching `filter_`: the updated document, or None
    when nothing matched (a lost race or a stale version)."""
    with atomic():
        return collection.find_one_and_update(dict(filter_), dict(update), return_document=ReturnDocument.AFTER)


def insert_absent(collection: Any, document: Mapping[str, Any]) -> bool:
    """Insert unless a document with the same `_id` (or unique key) exists: True when inserted.
    The database decides, so two writers racing on one key create it once."""
    with atomic():
        try:
            collection.insert_one(dict(document))
        except DuplicateKeyError:
            return False
    return True


def now_utc() -> datetime:
    """The system clock (services take a clock so tests can inject one)."""
    return datetime.now(UTC)


def timestamp(value: datetime | None) -> Timestamp | None:
    """A protobuf Timestamp of an aware (or naive UTC) datetime; None stays None."""
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(utc(value))
    return out
