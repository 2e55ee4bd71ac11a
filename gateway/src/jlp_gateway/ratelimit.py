"""Per-client token buckets (docs/adr/0022): `rate` tokens a second, at most `burst` saved.

A client is the verified token's subject when the request carries a valid token, else its IP
(after the trusted proxy hops), so one noisy user behind a NAT does not starve the others
and an anonymous flood is still limited. Buckets live in this process: with several gunicorn
workers each worker limits on its own (the default deployment runs one worker with threads).
The number of buckets is bounded (least recently used evicted): an evicted client comes back
with a full bucket, which errs on the side of serving.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


class RateLimited(Exception):
    """The client spent its tokens; answer 429 with `Retry-After: retry_after_s`."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"rate limit exceeded; retry in {retry_after_s:.1f} s")
        self.retry_after_s = retry_after_s

    @property
    def retry_after_header(self) -> str:
        """Whole seconds, at least 1 (RFC 9110 §10.2.3 delay-seconds)."""
        return str(max(1, math.ceil(self.retry_after_s)))


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Thread-safe token buckets keyed by client; rate <= 0 disables limiting."""

    def __init__(self, rate: float, burst: float, *, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def acquire(self, key: str, cost: float = 1.0) -> float:
        """Take `cost` tokens for `key`; returns what is left, raises RateLimited if too few."""
        if not self.enabled:
            return math.inf
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = _Bucket(self.burst, now)
            else:
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(self.burst, bucket.tokens + elapsed * self.rate)
                bucket.updated = now
            self._buckets[key] = bucket  # most recently used last
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            if bucket.tokens < cost:
                raise RateLimited((cost - bucket.tokens) / self.rate)
            bucket.tokens -= cost
            return bucket.tokens
