"""Time as a dependency: every rule that depends on time gets `now` from a Clock, so lockout
windows, TOTP steps and refresh idle timeouts are tested by moving a clock, never by sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """Stores may hand back naive UTC datetimes; make them comparable with aware ones."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
