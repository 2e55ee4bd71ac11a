"""Request rates per source over a sliding window (registration; docs/adr/0034).

A sliding window approximated from two fixed windows, as rate limiters at scale do: the count
of the current window plus the previous window's count weighted by how much of it still lies
inside the last `window`. Two counters per source, exact enough, and no burst of twice the
limit at a window boundary. Functions take times and counts; nothing here reads a clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def window_start(now: datetime, window: timedelta) -> datetime:
    """Start of the fixed window `now` falls in (windows aligned on the epoch)."""
    size = window.total_seconds()
    return datetime.fromtimestamp(now.timestamp() // size * size, tz=now.tzinfo)


def estimate(previous: int, current: int, elapsed: timedelta, window: timedelta) -> float:
    """Requests within the last `window`: `current` (this fixed window, `elapsed` into it) plus
    the share of `previous` still inside the sliding window."""
    inside = max(0.0, 1.0 - elapsed / window)
    return previous * inside + current


def retry_after(previous: int, current: int, elapsed: timedelta, window: timedelta,
                limit: int) -> timedelta:
    """How long until one more request fits under `limit`, if none is made meanwhile."""
    room = limit - 1  # the estimate must fall to limit - 1 for one more to fit
    if current > room:
        # Only in the next window, once enough of this one has slid out of the last `window`.
        share = max(0.0, 1.0 - room / current) if current else 0.0
        return window - elapsed + window * share
    if previous <= 0:
        return timedelta()
    needed = window * max(0.0, 1.0 - (room - current) / previous) - elapsed
    return max(timedelta(), needed)
