"""Stage deadlines from a category's time limits and a working calendar.

Reference §4.1: time limits are data per category — `{stage, amount, unit: natural minutes |
working hours | working days}` — and working-time clocks pause outside office hours and on
holidays, while urgent categories run on natural time. Default when no local table exists:
立案 ≤ 30 min (urgent ≤ 10), 派遣 ≤ 30 min, 核查 ≤ 1 h (urban), handling per category.
The worked example of §4.2 (09:35 + 4 working hours = 15:35 with a 12:00–14:00 break) is a test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import IntEnum

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991


class TimeUnit(IntEnum):
    """Values equal the proto TimeUnit numbers."""

    NATURAL_MINUTES = 1
    WORKING_HOURS = 2
    WORKING_DAYS = 3


class Urgency(IntEnum):
    """Values equal the proto Urgency numbers."""

    NORMAL = 1
    URGENT = 2


@dataclass(frozen=True)
class TimeLimit:
    """Limits of one urgency. Register/dispatch/verify run on natural minutes (the published
    tables state them so: Taiyuan 10/30 min, Fuzhou 1 h); handling uses `handle_unit`."""

    urgency: Urgency = Urgency.NORMAL
    register_minutes: int = 30
    dispatch_minutes: int = 30
    handle_amount: int = 4
    handle_unit: TimeUnit = TimeUnit.WORKING_HOURS
    verify_minutes: int = 60


DEFAULT_LIMITS = {
    Urgency.NORMAL: TimeLimit(Urgency.NORMAL, 30, 30, 4, TimeUnit.WORKING_HOURS, 60),
    Urgency.URGENT: TimeLimit(Urgency.URGENT, 10, 10, 120, TimeUnit.NATURAL_MINUTES, 60),
}


@dataclass(frozen=True)
class WorkingCalendar:
    """Office periods per weekday (Mon–Fri), holidays and make-up working days (调休).

    Default periods 09:00–12:00 and 14:00–18:00 China time: the common government schedule and
    the one the reference's worked example assumes (12:00–14:00 is not working time).
    """

    periods: tuple[tuple[time, time], ...] = ((time(9), time(12)), (time(14), time(18)))
    holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)
    tz: timezone = CHINA_TZ

    def is_workday(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def _periods_on(self, d: date) -> Iterable[tuple[datetime, datetime]]:
        if not self.is_workday(d):
            return ()
        return [(datetime.combine(d, a, self.tz), datetime.combine(d, b, self.tz))
                for a, b in self.periods]

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The instant when `amount` of working time has elapsed after `start`."""
        current = start.astimezone(self.tz)
        remaining = amount
        for _ in range(3660):  # ten years of days: bounded even with a calendar of holidays only
            for a, b in self._periods_on(current.date()):
                if current >= b:
                    continue
                begin = max(current, a)
                available = b - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(start.tzinfo or UTC)
                remaining -= available
                current = b
            nxt = current.date() + timedelta(days=1)
            current = datetime.combine(nxt, time(0), self.tz)
        raise ValueError("calendar has no working time within ten years")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """`days` whole working days: the same clock time on the n-th following working day
        (a report at 10:00 with one working day is due 10:00 the next working day)."""
        working_hours = sum(((datetime.combine(date.min, b) - datetime.combine(date.min, a))
                             for a, b in self.periods), timedelta())
        return self.add_working_time(start, working_hours * days)


def add_limit(calendar: WorkingCalendar, start: datetime, amount: int, unit: TimeUnit) -> datetime:
    """`start` plus a time limit in its unit."""
    if unit == TimeUnit.NATURAL_MINUTES:
        return start + timedelta(minutes=amount)
    if unit == TimeUnit.WORKING_HOURS:
        return calendar.add_working_time(start, timedelta(hours=amount))
    if unit == TimeUnit.WORKING_DAYS:
        return calendar.add_working_days(start, amount)
    raise ValueError(f"unknown time unit {unit!r}")


def limit_for(limits: Iterable[TimeLimit], urgency: Urgency) -> TimeLimit:
    """The category's limit for `urgency`, else the normal one, else the reference default."""
    by_urgency = {lim.urgency: lim for lim in limits}
    return by_urgency.get(urgency) or by_urgency.get(Urgency.NORMAL) or DEFAULT_LIMITS[urgency]


@dataclass(frozen=True)
class Deadlines:
    register_due: datetime | None = None
    dispatch_due: datetime | None = None
    resolve_due: datetime | None = None
    verify_due: datetime | None = None

    def for_stage(self, stage: str) -> datetime | None:
        return getattr(self, f"{stage}_due")


def at_report(limit: TimeLimit, reported: datetime) -> Deadlines:
    """立案 deadline, known as soon as a report arrives."""
    return Deadlines(register_due=reported + timedelta(minutes=limit.register_minutes))


def at_registration(limit: TimeLimit, calendar: WorkingCalendar, current: Deadlines,
                    registered: datetime) -> Deadlines:
    """Dispatch and handling deadlines computed at 立案; handling is planned from the latest
    allowed dispatch time and refined by `at_dispatch` once the case is actually sent."""
    dispatch_due = registered + timedelta(minutes=limit.dispatch_minutes)
    resolve_due = add_limit(calendar, dispatch_due, limit.handle_amount, limit.handle_unit)
    return Deadlines(current.register_due, dispatch_due, resolve_due, None)


def at_dispatch(limit: TimeLimit, calendar: WorkingCalendar, current: Deadlines,
                dispatched: datetime) -> Deadlines:
    """Handling runs from the actual dispatch (reference §4.2); a re-dispatch (returned or
    reopened case) starts a fresh handling limit, as 返工 does in the published tables."""
    resolve_due = add_limit(calendar, dispatched, limit.handle_amount, limit.handle_unit)
    return Deadlines(current.register_due, current.dispatch_due, resolve_due, None)


def at_resolution(limit: TimeLimit, current: Deadlines, resolved: datetime) -> Deadlines:
    """核查 deadline counts from the reported completion."""
    return Deadlines(current.register_due, current.dispatch_due, current.resolve_due,
                     resolved + timedelta(minutes=limit.verify_minutes))


def current_due(deadlines: Deadlines, stage: str | None) -> datetime | None:
    """Deadline of the stage a case is in (None for a finished case)."""
    return deadlines.for_stage(stage) if stage else None
