"""Time helpers: Beijing time for days and day/night, UTC hours for storage.

China has kept UTC+8 all year since 1991, so a fixed offset is exact for every date the
platform deals with and needs no tz database. Natural days (GB 3095 daily means, the AQI
edition date, noise day/night) are Beijing days; stored hours are UTC hour starts, which are
also whole Beijing hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from jlp_common.timeutil import as_utc

BEIJING = timezone(timedelta(hours=8), "CST")
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def local_date(moment: datetime) -> date:
    """The Beijing calendar date of an instant."""
    return as_utc(moment).astimezone(BEIJING).date()


def local_hour(moment: datetime) -> int:
    """The Beijing clock hour (0–23) of an instant."""
    return as_utc(moment).astimezone(BEIJING).hour


def hour_floor(moment: datetime) -> datetime:
    """Start of the (UTC, hence also Beijing) hour holding `moment`."""
    return as_utc(moment).replace(minute=0, second=0, microsecond=0)


def day_start(day: date) -> datetime:
    """UTC instant of 00:00 Beijing time on `day`."""
    return datetime.combine(day, time(0), BEIJING).astimezone(UTC)


def day_hours(day: date) -> list[datetime]:
    """The 24 UTC hour starts of a Beijing day, in order (hour 00:00–01:00 first)."""
    start = day_start(day)
    return [start + i * HOUR for i in range(24)]

