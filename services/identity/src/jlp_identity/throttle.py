"""Per-source request limits kept in the database, so every replica counts the same requests
(domain/rate.py decides; this module stores the two counters per source).

Sources are client addresses (the gateway's `x-forwarded-for`, else the gRPC peer), stored only
as a keyed hash: an address is personal data and the counters need nothing but equality.
"""

from __future__ import annotations

from datetime import timedelta

from jlp_common.atomic import atomic
from jlp_common.errors import ResourceExhausted
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock
from jlp_identity.audit_log import source_ip
from jlp_identity.domain import rate
from jlp_identity.models import RateCounterDoc


class SourceRateLimit:
    """At most `limit` requests of `purpose` per source within any `window`."""

    def __init__(self, clock: Clock, pii: PiiCipher, purpose: str, limit: int,
                 window: timedelta) -> None:
        self.clock, self.pii, self.purpose = clock, pii, purpose
        self.limit, self.window = limit, window

    def charge(self, source: str | None = None) -> None:
        """Count one request of the caller's source, or refuse it (RESOURCE_EXHAUSTED with the
        delay after which one more fits). A refused request is not counted."""
        now = self.clock()
        start = rate.window_start(now, self.window)
        key = self.pii.lookup(f"rate:{self.purpose}", source if source is not None
                              else source_ip() or "unknown")
        current_id = f"{self.purpose}:{key}:{int(start.timestamp())}"
        previous_id = f"{self.purpose}:{key}:{int((start - self.window).timestamp())}"
        with atomic():  # the embedded store's find-and-modify is not atomic by itself
            doc = RateCounterDoc.objects(id=current_id).modify(
                upsert=True, new=True, inc__count=1, set__expire_time=start + 2 * self.window)
        previous = RateCounterDoc.objects(id=previous_id).only("count").first()
        prev_count = previous.count if previous else 0
        elapsed = now - start
        if rate.estimate(prev_count, doc.count, elapsed, self.window) <= self.limit:
            return
        with atomic():
            RateCounterDoc.objects(id=current_id).update_one(dec__count=1)
        wait = rate.retry_after(prev_count, doc.count - 1, elapsed, self.window, self.limit)
        raise ResourceExhausted(
            f"too many {self.purpose} requests from this address; try again later",
            retry_after_s=max(1.0, wait.total_seconds()), reason="RATE_LIMITED",
            metadata={"limit": str(self.limit), "window_s": str(int(self.window.total_seconds()))})
