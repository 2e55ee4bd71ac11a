"""Dates and months as the API spells them ("YYYY-MM-DD", "YYYY-MM"), parsed with field names.

Contributions are due per calendar month, so a month is a value of its own (`Month`) that can be
ordered, stepped and counted, rather than a date whose day must be ignored everywhere.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from jlp_common.errors import InvalidArgument

_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ordered chronologically."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def index(self) -> int:
        """Months since year 0, so differences count months."""
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> Month:
        i = self.index + months
        return Month(i // 12, i % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_month(text: str, field: str) -> Month:
    """"YYYY-MM" → Month, or INVALID_ARGUMENT naming `field`."""
    match = _MONTH_RE.fullmatch(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise InvalidArgument.field(field, "must be a month written YYYY-MM")
    return Month(int(match.group(1)), int(match.group(2)))


def parse_date(text: str, field: str) -> date:
    """"YYYY-MM-DD" → date, or INVALID_ARGUMENT naming `field` (also for 30 February)."""
    if not _DATE_RE.fullmatch(text or ""):
        raise InvalidArgument.field(field, "must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument.field(field, "is not a calendar date") from None
