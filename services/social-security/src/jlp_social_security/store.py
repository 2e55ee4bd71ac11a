"""Storage mechanics: single-document atomic writes on the raw collections (DESIGN §4).

MongoDB applies one document's conditional update atomically; that is the only atomicity this
service relies on (no transactions). mongomock, the embedded store, does not make
match-then-modify atomic across threads, so with it `atomic()` serialises conditional writes with
a process lock — MongoDB's guarantee where it would otherwise be missing (the embedded store is
single-process). Same mechanics as grid-event's store; to be replaced by jlp_common.atomic once
the kit carries it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

import mongoengine
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
