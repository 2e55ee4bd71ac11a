"""No-shows and the booking lock after repeated no-shows.

A VALID ticket whose entry window has closed (slot end + late tolerance) is a no-show: the place
was held and wasted. Reservation systems lock a booker who keeps doing this for a while (e.g.
3 no-shows within 90 days → no booking for 30 days; every number configurable). The lock is a
function of the no-show times, so recomputing it is idempotent and a reversed no-show (an
offline scan showing the visitor came) simply drops out of the count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_tourism.domain.tickets import EntryWindow, TicketStatus, TicketView
from jlp_tourism.domain.timebase import utc_instant


@dataclass(frozen=True)
class NoShowPolicy:
    threshold: int = 3  # no-shows within `window` that start a lock; 0 disables locking
    window: timedelta = timedelta(days=90)
    lock: timedelta = timedelta(days=30)

    def check(self, prefix: str = "no_show_policy") -> NoShowPolicy:
        problems = []
        if not 0 <= self.threshold <= 100:
            problems.append(FieldViolation(f"{prefix}.threshold", "must be between 0 and 100"))
        if not timedelta(days=1) <= self.window <= timedelta(days=366):
            problems.append(FieldViolation(f"{prefix}.window", "must be between 1 and 366 days"))
        if not timedelta(0) <= self.lock <= timedelta(days=366):
            problems.append(FieldViolation(f"{prefix}.lock", "must be between 0 and 366 days"))
        if problems:
            raise InvalidArgument(violations=problems)
        return self


def is_no_show(ticket: TicketView, now: datetime, window: EntryWindow) -> bool:
    """Still VALID after its entry window closed."""
    return ticket.status is TicketStatus.VALID and utc_instant(now) > utc_instant(ticket.entry_closes(window))


def lock_until(no_show_times: Iterable[datetime], now: datetime, policy: NoShowPolicy) -> datetime | None:
    """The end of the booking lock in force now, if any.

    Looking back over every no-show: whenever `threshold` of them fall within `window`, a lock
    of `lock` starts at the last of them. The latest such lock still running is returned.
    """
    if policy.threshold <= 0:
        return None
    times = sorted(utc_instant(t) for t in no_show_times)
    current = utc_instant(now)
    latest_end: datetime | None = None
    for i in range(policy.threshold - 1, len(times)):
        if times[i] - times[i - policy.threshold + 1] <= policy.window:
            end = times[i] + policy.lock
            if end > current and (latest_end is None or end > latest_end):
                latest_end = end
    return latest_end


def recent_count(no_show_times: Iterable[datetime], now: datetime, policy: NoShowPolicy) -> int:
    """No-shows within the counting window before `now`."""
    current = utc_instant(now)
    return sum(1 for t in no_show_times if current - policy.window <= utc_instant(t) <= current)
