"""Beijing time for visit dates, opening hours and slots.

China has kept UTC+8 all year since 1991, so a fixed offset is exact and needs no tz database.
A visit date, the opening hours and the slot ids are Beijing wall-clock; instants are UTC.

The domain takes aware instants only: a naive datetime is refused (ValueError), never guessed
at. Values read back from a store (naive UTC) are made aware at the edge with
`jlp_common.timeutil.utc_instant` before they reach these rules.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from jlp_common.errors import InvalidArgument

BEIJING = timezone(timedelta(hours=8), "CST")
DAY = timedelta(days=1)
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def utc_instant(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is a programming error here (see the module note)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware instant")
    return moment.astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The Beijing calendar date of an instant."""
    return utc_instant(moment).astimezone(BEIJING).date()


def at(day: date, clock: time) -> datetime:
    """The UTC instant of Beijing wall-clock `clock` on `day`."""
    return datetime.combine(day, clock, BEIJING).astimezone(UTC)


def day_start(day: date) -> datetime:
    """UTC instant of 00:00 Beijing time on `day`."""
    return at(day, time(0))


def parse_clock(text: str, field: str) -> time:
    """"HH:MM" (24-hour) or INVALID_ARGUMENT naming `field`."""
    match = _HHMM.match(text or "")
    if not match:
        raise InvalidArgument.field(field, f"must be a time HH:MM (00:00–23:59), got {text!r}")
    return time(int(match.group(1)), int(match.group(2)))


def parse_date(text: str, field: str) -> date:
    """"YYYY-MM-DD" (a real calendar date) or INVALID_ARGUMENT naming `field`."""
    if not _DATE.match(text or ""):
        raise InvalidArgument.field(field, f"must be a date YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument.field(field, f"{text!r} is not a calendar date") from None


def minutes_of(clock: time) -> int:
    """Minutes since midnight."""
    return clock.hour * 60 + clock.minute
