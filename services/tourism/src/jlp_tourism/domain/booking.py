"""Booking rules: the booking window, one ticket per ID per spot per day, groups all-or-nothing.

Uniqueness. A visitor's ID number reaches the domain only as a keyed hash (HMAC; computed by the
personal-data helpers, DESIGN §3 "Personal data"), so the rule "one ticket per ID per spot per
day" becomes one unique key `spot|date|id_hash` per live ticket. The store holds a unique index
on it; the first writer wins and a concurrent second booking of the same person fails on the
index, not on a read that could be stale.

Groups. A booking of N visitors either gets N tickets or none: the plan lists every key and the
slot decrement N, and the service applies it as one conditional `$inc` on the slot inventory
(free ≥ N) followed by the key inserts, undoing the decrement and the inserted keys if any key
is taken. The domain decides everything that can be decided before touching the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from jlp_common.errors import FailedPrecondition, FieldViolation, InvalidArgument
from jlp_tourism.domain.slots import OpeningHours, Slot
from jlp_tourism.domain.timebase import local_date, utc_instant

MAX_GROUP = 10
MAX_HORIZON_DAYS = 90


@dataclass(frozen=True)
class VisitorRef:
    """A visitor as the domain sees them: the keyed hash of the ID number, never the number."""

    id_hash: str


@dataclass(frozen=True)
class GroupPlan:
    """What a booking will take: `count` places of one slot and one unique key per visitor."""

    spot_id: str
    day: date
    slot_id: str
    count: int
    uniqueness_keys: tuple[str, ...]


def uniqueness_key(spot_id: str, day: date, id_hash: str) -> str:
    """The key a live ticket holds: one per (spot, Beijing date, person)."""
    if not id_hash:
        raise ValueError("id_hash is required")
    return f"{spot_id}|{day.isoformat()}|{id_hash}"


def check_horizon(days: int, field: str = "spot.booking_horizon_days") -> int:
    if not 0 <= days <= MAX_HORIZON_DAYS:
        raise InvalidArgument.field(field, f"must be between 0 and {MAX_HORIZON_DAYS} days")
    return days


def booking_opens(day: date, horizon_days: int) -> date:
    """The first Beijing date on which `day` can be booked (N days ahead)."""
    return day - timedelta(days=horizon_days)


def check_window(day: date, slot: Slot, hours: OpeningHours, horizon_days: int, now: datetime) -> None:
    """Booking for `day` is open now: not in the past, not beyond the horizon, not a closed day,
    and the slot not over (a slot can be booked while it runs: the visitor can still enter)."""
    today = local_date(now)
    if day < today:
        raise FailedPrecondition(f"{day} is in the past", reason="DATE_PASSED",
                                 metadata={"date": day.isoformat()})
    if day > today + timedelta(days=horizon_days):
        opens = booking_opens(day, horizon_days)
        raise FailedPrecondition(f"booking for {day} opens on {opens} ({horizon_days} days ahead)",
                                 reason="BOOKING_NOT_OPEN", metadata={"opens": opens.isoformat()})
    if day in hours.closed_dates:
        raise FailedPrecondition(f"the spot is closed on {day}", reason="SPOT_CLOSED",
                                 metadata={"date": day.isoformat()})
    if utc_instant(now) >= slot.end:
        raise FailedPrecondition(f"slot {slot.id} of {day} is over", reason="SLOT_OVER",
                                 metadata={"slot_id": slot.id})


def check_not_locked(locked_until: datetime | None, now: datetime) -> None:
    """A booker locked after repeated no-shows cannot book until the lock ends."""
    if locked_until is not None and utc_instant(now) < utc_instant(locked_until):
        raise FailedPrecondition(
            f"booking is locked until {utc_instant(locked_until).isoformat()} after repeated no-shows",
            reason="BOOKING_LOCKED", metadata={"locked_until": utc_instant(locked_until).isoformat()})


def plan_group(spot_id: str, day: date, slot_id: str, visitors: Sequence[VisitorRef],
               max_group: int = MAX_GROUP, prefix: str = "booking.visitors") -> GroupPlan:
    """One key per visitor; a group of 1..max_group distinct people (the same ID twice in one
    booking is the caller's mistake and is named, not silently merged)."""
    if not visitors:
        raise InvalidArgument.field(prefix, "at least one visitor is required")
    if len(visitors) > max_group:
        raise InvalidArgument.field(prefix, f"at most {max_group} visitors per booking")
    first_index: dict[str, int] = {}
    problems = []
    for i, visitor in enumerate(visitors):
        if visitor.id_hash in first_index:
            problems.append(FieldViolation(f"{prefix}[{i}].id_number",
                                           f"the same ID number as visitors[{first_index[visitor.id_hash]}]"))
        first_index.setdefault(visitor.id_hash, i)
    if problems:
        raise InvalidArgument(violations=problems)
    keys = tuple(uniqueness_key(spot_id, day, v.id_hash) for v in visitors)
    return GroupPlan(spot_id, day, slot_id, len(visitors), keys)
