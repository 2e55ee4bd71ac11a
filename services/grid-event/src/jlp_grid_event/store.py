"""grid-event's storage mechanics beyond one conditional write: case-number sequences and
neighbourhood claims. Both are built on `jlp_common.atomic` (single-document find-and-modify,
atomic on MongoDB and, through its lock, on the embedded store; DESIGN §4)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from jlp_common.atomic import compare_and_set, release, try_hold
from jlp_common.errors import Unavailable
from jlp_common.timeutil import utc_now
from jlp_grid_event.models import Claim, Counter


def next_sequence(key: str) -> int:
    """Atomically advance and return a named counter (upsert on first use)."""
    doc = compare_and_set(Counter._get_collection(), {"_id": key}, {"$inc": {"seq": 1}},
                          upsert=True)
    return int(doc["seq"])  # type: ignore[index] - an upsert always returns the document


@contextmanager
def claims(keys: list[str], ttl_s: float = 5.0, wait_s: float = 6.0) -> Iterator[None]:
    """Hold every claim in `keys` (taken in sorted order, so no deadlock) for the block.

    Each claim is an expiring lock document (`jlp_common.atomic.try_hold`) with a unique
    holder per block. A crashed holder's claim expires after `ttl_s` (wall clock, not the
    service's injected clock). Waits up to `wait_s` for a busy claim, then UNAVAILABLE (the
    client retries).
    """
    holder = uuid.uuid4().hex
    coll = Claim._get_collection()
    held: list[str] = []
    try:
        for key in sorted(set(keys)):
            give_up = time.monotonic() + wait_s
            while not try_hold(coll, key, holder, utc_now(), timedelta(seconds=ttl_s)):
                if time.monotonic() > give_up:
                    raise Unavailable("too many simultaneous reports here; retry")
                time.sleep(0.01)
            held.append(key)
        yield
    finally:
        for key in held:
            release(coll, key, holder)
