"""Single-document atomic writes, the only atomicity services rely on (DESIGN §4: no
transactions; conditional updates and find-and-modify on one document).

On MongoDB the server matches and applies a filtered update (`find_one_and_update`,
`update_one`, an upsert colliding on `_id`) atomically. mongomock, the embedded store, scans
and applies in Python without a lock, so two threads of one gRPC server could both match the
same `{_id, version}`. With the embedded store (one process by definition) `atomic()` therefore
takes one process-wide lock — supplying MongoDB's guarantee where it would otherwise be missing
— and on MongoDB it is a no-op, so the helpers below are correct on both.

    from jlp_common.atomic import atomic, compare_and_set, try_hold, release

    won = compare_and_set(Doc._get_collection(), {"_id": i, "version": v},
                          {"$set": {...}, "$inc": {"version": 1}})
    if won is None: ...  # lost the race or stale version: Conflict / retry
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta
from typing import Any

import mongoengine
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

_embedded_lock = threading.RLock()


def embedded(alias: str = "default") -> bool:
    """True when `alias` is connected to the embedded (mongomock) store."""
    try:
        import mongomock

        return isinstance(mongoengine.get_connection(alias), mongomock.MongoClient)
    except Exception:  # noqa: BLE001 - not connected yet, or mongomock absent: not embedded
        return False


@contextmanager
def atomic() -> Iterator[None]:
    """Guard one conditional write, or a read-decide-write that must not interleave within
    this process (the embedded store's lock; a no-op on MongoDB, whose server is atomic per
    document — a read-decide-write there must still end in a conditional write)."""
    with (_embedded_lock if embedded() else nullcontext()):
        yield


def compare_and_set(collection: Any, filter_: Mapping[str, Any],
                    update: Mapping[str, Any], *, upsert: bool = False) -> dict | None:
    """Apply `update` to the one document matching `filter_` (find-and-modify).

    Returns the document after the update, or None when nothing matched: another writer won
    the race or the caller's version is stale. With `upsert`, a missing document is inserted;
    an upsert whose `_id` exists but does not match `filter_` raises DuplicateKeyError.
    """
    with atomic():
        return collection.find_one_and_update(dict(filter_), dict(update), upsert=upsert,
                                              return_document=ReturnDocument.AFTER)


def try_hold(collection: Any, key: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the expiring lock document `key` for `holder` until `now + ttl`.

    One find-and-modify decides: it matches the document if it is expired or already
    `holder`'s and sets the new expiry; while someone else holds it, the upsert collides on
    `_id` (DuplicateKeyError) and this returns False. So two holders can never both hold it,
    and a crashed holder's lock frees itself at expiry. Documents: `{_id, holder, expires_at}`.
    `now` comes from the caller's clock; holders sharing a lock must share a time base.
    """
    try:
        compare_and_set(collection,
                        {"_id": key, "$or": [{"expires_at": {"$lt": now}}, {"holder": holder}]},
                        {"$set": {"holder": holder, "expires_at": now + ttl}}, upsert=True)
    except DuplicateKeyError:
        return False
    return True


def release(collection: Any, key: str, holder: str) -> bool:
    """Give up `key` if `holder` still holds it (never someone else's); True if it did."""
    with atomic():
        return collection.delete_one({"_id": key, "holder": holder}).deleted_count == 1
