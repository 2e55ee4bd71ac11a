"""Entry slots of a day and their quotas (分时段预约, scenic-capacity.md §4, 2020-04-13 notice).

The day from opening to last entry is cut into slots of `slot_minutes` (the last one shorter
when the length does not divide). The daily quota is shared out in proportion to each slot's
length by the largest-remainder method, so the slot quotas are whole places that sum to exactly
the daily quota — never more (an over-sold day) and never fewer (places lost to rounding).
Optional weights (e.g. a morning peak) replace the lengths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_tourism.domain.timebase import at, minutes_of, parse_clock

MIN_SLOT_MINUTES = 15
MAX_SLOT_MINUTES = 24 * 60


@dataclass(frozen=True)
class OpeningHours:
    open_time: time
    close_time: time
    last_entry_time: time
    closed_dates: frozenset[date] = frozenset()

    @property
    def hours(self) -> float:
        """Effective opening time T in hours (the default T of the area method)."""
        return (minutes_of(self.close_time) - minutes_of(self.open_time)) / 60


@dataclass(frozen=True)
class Slot:
    """One entry slot: its id ("HHMM-HHMM"), its instants (UTC) and its quota."""

    id: str
    start: datetime
    end: datetime
    quota: int


def opening_hours(open_text: str, close_text: str, last_entry_text: str = "",
                  closed_dates: Sequence[date] = (), prefix: str = "spot.opening_hours") -> OpeningHours:
    """Parse and check the hours: open < last entry ≤ close, within one day."""
    problems = []
    parsed: dict[str, time] = {}
    for name, text in (("open_time", open_text), ("close_time", close_text),
                       ("last_entry_time", last_entry_text or close_text)):
        try:
            parsed[name] = parse_clock(text, f"{prefix}.{name}")
        except InvalidArgument as exc:
            problems.extend(exc.violations)
    if problems:
        raise InvalidArgument(violations=problems)
    opens, closes, last = parsed["open_time"], parsed["close_time"], parsed["last_entry_time"]
    if closes <= opens:
        problems.append(FieldViolation(f"{prefix}.close_time", "must be after open_time (same day)"))
    elif not opens < last <= closes:
        problems.append(FieldViolation(f"{prefix}.last_entry_time", "must be after open_time and not after close_time"))
    if problems:
        raise InvalidArgument(violations=problems)
    return OpeningHours(opens, closes, last, frozenset(closed_dates))


def check_slot_minutes(minutes: int, field: str = "spot.slot_minutes") -> int:
    if not MIN_SLOT_MINUTES <= minutes <= MAX_SLOT_MINUTES:
        raise InvalidArgument.field(field, f"must be between {MIN_SLOT_MINUTES} and {MAX_SLOT_MINUTES} minutes")
    return minutes


def slot_id(start: time, end: time) -> str:
    return f"{start:%H%M}-{end:%H%M}"


def largest_remainder(total: int, weights: Sequence[int | Fraction]) -> list[int]:
    """`total` split in proportion to `weights` into whole parts summing to exactly `total`
    (Hamilton's method; ties go to the earlier part, so the split is deterministic)."""
    if total < 0:
        raise ValueError("total must not be negative")
    weight_sum = sum(Fraction(w) for w in weights)
    if not weights or weight_sum <= 0:
        raise ValueError("weights must be positive")
    exact = [Fraction(total) * Fraction(w) / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    left = total - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


def day_slots(hours: OpeningHours, day: date, slot_minutes: int, daily_quota: int,
              weights: Sequence[int] | None = None) -> list[Slot]:
    """The day's entry slots with quotas summing to `daily_quota`; none on a closed date."""
    check_slot_minutes(slot_minutes)
    if day in hours.closed_dates:
        return []
    begin, last = minutes_of(hours.open_time), minutes_of(hours.last_entry_time)
    bounds = list(range(begin, last, slot_minutes)) + [last]
    spans = list(zip(bounds, bounds[1:], strict=False))
    if weights is not None:
        if len(weights) != len(spans) or any(w < 0 for w in weights) or sum(weights) <= 0:
            raise InvalidArgument.field("slot_weights", f"need {len(spans)} non-negative weights, not all zero")
        shares = list(weights)
    else:
        shares = [end - start for start, end in spans]
    quotas = largest_remainder(daily_quota, shares)
    out = []
    for (start, end), quota in zip(spans, quotas, strict=True):
        s, e = time(start // 60, start % 60), time(end // 60, end % 60)  # end ≤ 23:59
        out.append(Slot(slot_id(s, e), at(day, s), at(day, s) + timedelta(minutes=end - start), quota))
    return out


def find_slot(slots: Sequence[Slot], wanted: str, field: str = "booking.slot_id") -> Slot:
    for slot in slots:
        if slot.id == wanted:
            return slot
    known = ", ".join(s.id for s in slots) or "none (closed that day)"
    raise InvalidArgument.field(field, f"no slot {wanted!r} that day; slots: {known}")
