"""Storage mechanics: atomic single-document writes on the raw collections.

MongoDB applies one document's conditional update atomically; that is the only atomicity this
service relies on (no transactions, DESIGN §4). mongomock runs in-process and does not make the
match-then-modify of `find_one_and_update` atomic across threads, so with the embedded store
`atomic()` serialises conditional writes with a process lock — the same guarantee MongoDB
gives, in the one place it would otherwise be missing (the embedded store is single-process).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from typing import Any

import mongoengine
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from jlp_common.errors import Unavailable
from jlp_grid_event.models import Claim, Counter, Lease

_embedded_lock = threading.RLock()


def _embedded() -> bool:
    try:
        import mongomock

        return isinstance(mongoengine.get_connection(), mongomock.MongoClient)
    except Exception:  # noqa: BLE001 - no connection yet / mongomock absent: not embedded
        return False


@contextmanager
def atomic() -> Iterator[None]:
    """Guard a conditional single-document write (a no-op on real MongoDB)."""
    with (_embedded_lock if _embedded() else nullcontext()):
        yield


def utc(value: datetime | None) -> datetime | None:
    """Stored datetimes as aware UTC (mongomock may hand back naive ones)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def next_sequence(key: str) -> int:
    """Atomically advance and return a named counter (upsert on first use)."""
    with atomic():
        doc = Counter._get_collection().find_one_and_update(
            {"_id": key}, {"$inc": {"seq": 1}}, upsert=True, return_document=ReturnDocument.AFTER)
    return int(doc["seq"])


def compare_and_set(collection: Any, filter_: dict, update: dict) -> dict | None:
    """Apply `update` to the one document matching `filter_`; the updated document, or None
    when nothing matched (a lost race or a stale version)."""
    with atomic():
        return collection.find_one_and_update(filter_, update, return_document=ReturnDocument.AFTER)


def acquire_lease(name: str, holder: str, now: datetime, ttl_s: float) -> bool:
    """Take or renew the lease `name` for `ttl_s` seconds; False while another holder has it.

    One find-and-modify decides: it matches the lease if it is expired or already ours; when the
    lease is held by someone else the upsert collides on `_id` and fails, so two replicas can
    never both hold it.
    """
    expires = now + timedelta(seconds=ttl_s)
    with atomic():
        try:
            Lease._get_collection().find_one_and_update(
                {"_id": name, "$or": [{"expires_at": {"$lt": now}}, {"holder": holder}]},
                {"$set": {"holder": holder, "expires_at": expires}}, upsert=True)
        except DuplicateKeyError:
            return False
    return True


def release_lease(name: str, holder: str) -> None:
    with atomic():
        Lease._get_collection().delete_one({"_id": name, "holder": holder})


@contextmanager
def claims(keys: list[str], ttl_s: float = 5.0, wait_s: float = 6.0) -> Iterator[None]:
    """Hold every claim in `keys` (taken in sorted order, so no deadlock) for the block.

    Each claim is the acquire_lease pattern with a unique owner: one find-and-modify that
    matches an expired claim, else an upsert that collides on `_id` while someone holds it.
    A crashed holder's claim expires after `ttl_s` (wall clock, not the service's injected
    clock). Waits up to `wait_s` for a busy claim, then UNAVAILABLE (the client retries).
    """
    owner = uuid.uuid4().hex
    coll = Claim._get_collection()
    held: list[str] = []
    try:
        for key in sorted(set(keys)):
            give_up = time.monotonic() + wait_s
            while True:
                now = datetime.now(UTC)
                try:
                    with atomic():
                        coll.find_one_and_update(
                            {"_id": key, "expires_at": {"$lt": now}},
                            {"$set": {"owner": owner, "expires_at": now + timedelta(seconds=ttl_s)}},
                            upsert=True)
                    held.append(key)
                    break
                except DuplicateKeyError:
                    if time.monotonic() > give_up:
                        raise Unavailable("too many simultaneous reports here; retry") from None
                    time.sleep(0.01)
        yield
    finally:
        for key in held:
            with atomic():
                coll.delete_one({"_id": key, "owner": owner})
