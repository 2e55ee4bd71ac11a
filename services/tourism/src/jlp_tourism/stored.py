"""Store helpers: instants read back (naive UTC) and single-document conditional writes.

One place for both, to become calls of jlp_common.timeutil.as_utc and jlp_common.atomic once the
service kit carries them (they are on the kit-helpers branch)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

import mongoengine
from pymongo import ReturnDocument


def aware(moment: datetime | None) -> datetime | None:
    """A stored (naive UTC) instant as aware UTC; None stays None."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- single-document conditional writes -------------------------------------------------------
# MongoDB matches and applies a filtered update atomically; the embedded store (mongomock)
# scans and applies in Python without a lock, so two threads could both match the same
# condition. With the embedded store (one process by definition) conditional writes therefore
# take one process-wide lock. (jlp_common.atomic carries the same once the service kit lands.)
_lock = threading.RLock()


def _embedded() -> bool:
    try:
        import mongomock

        return isinstance(mongoengine.get_connection(), mongomock.MongoClient)
    except Exception:  # noqa: BLE001 - not connected yet: not embedded
        return False


@contextmanager
def serialised() -> Iterator[None]:
    """Guard one conditional write on the embedded store (a no-op on MongoDB)."""
    with (_lock if _embedded() else nullcontext()):
        yield


def find_and_update(collection: Any, filter_: Mapping[str, Any], update: Mapping[str, Any], *,
                    upsert: bool = False) -> dict | None:
    """The document after `update`, or None when nothing matched `filter_` (someone else won)."""
    with serialised():
        return collection.find_one_and_update(dict(filter_), dict(update), upsert=upsert,
                                              return_document=ReturnDocument.AFTER)


def update_one(collection: Any, filter_: Mapping[str, Any], update: Mapping[str, Any]) -> bool:
    """True when one document matched and was changed."""
    with serialised():
        return collection.update_one(dict(filter_), dict(update)).modified_count == 1
