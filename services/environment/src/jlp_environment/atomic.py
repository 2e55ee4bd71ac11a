"""Conditional single-document writes that stay atomic on the embedded store too.

On MongoDB a filtered update (`{_id, version}` → `$set`, `$inc`) is matched and applied
atomically by the server. mongomock scans and applies in Python without a lock, so two threads
of the gRPC server could both match the same version. With the embedded store (a single
process by definition) those writes take one process-wide lock; on MongoDB this is a no-op.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import mongoengine

_lock = threading.RLock()


def embedded() -> bool:
    try:
        import mongomock

        return isinstance(mongoengine.get_connection(), mongomock.MongoClient)
    except Exception:  # noqa: BLE001 - not connected yet, or mongomock absent: not embedded
        return False


@contextmanager
def atomic() -> Iterator[None]:
    """Guard one conditional write (or a read-decide-write that must not interleave)."""
    with (_lock if embedded() else nullcontext()):
        yield
