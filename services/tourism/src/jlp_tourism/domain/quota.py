"""Reservation quota from the published capacity (scenic-capacity.md §4).

The quota is capacity × a policy share (1.0, 0.75 under the 2020-09-29 MCT rule, 0.5, 0.3 under
the 2020-04 reopening notice) minus a walk-in reserve for the manual ticket window that MCT
required all scenic areas to keep in 2024-08:

    daily quota = ⌊C2 × share⌋ − reserve        (27 000 × 0.75 → 20 250)

Shares change by notice, so they are versioned by effective date: a booking for a date uses the
share in force on that date, and a share already in force is never rewritten (tickets were sold
against it). Shares are handled as exact decimals: 0.3 as a float is 0.29999…, and
⌊9 000 × 0.3⌋ must be 2 700, not 2 699.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from jlp_common.errors import FieldViolation, InvalidArgument


@dataclass(frozen=True)
class QuotaPolicy:
    share: Decimal
    effective_date: date
    note: str = ""


def exact_share(value: float | str | Decimal, field: str = "share") -> Decimal:
    """A share as the decimal the user wrote (0.3 stays 0.3), within (0, 1]."""
    try:
        share = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InvalidArgument.field(field, f"must be a number, got {value!r}") from None
    if not share.is_finite() or not Decimal(0) < share <= Decimal(1):
        raise InvalidArgument.field(field, "must be greater than 0 and at most 1")
    return share


def validate_policies(policies: Sequence[QuotaPolicy], prefix: str = "spot.quota_policies") -> None:
    """At least one policy, and no two in force from the same date (which would be ambiguous)."""
    if not policies:
        raise InvalidArgument.field(prefix, "at least one quota policy is required")
    seen: dict[date, int] = {}
    problems = []
    for i, policy in enumerate(policies):
        if policy.effective_date in seen:
            problems.append(FieldViolation(
                f"{prefix}[{i}].effective_date",
                f"{policy.effective_date} is already used by policy {seen[policy.effective_date]}"))
        seen.setdefault(policy.effective_date, i)
    if problems:
        raise InvalidArgument(violations=problems)


def policy_on(policies: Sequence[QuotaPolicy], day: date) -> QuotaPolicy | None:
    """The policy in force on `day`: the latest whose effective date is not after it."""
    in_force = [p for p in policies if p.effective_date <= day]
    return max(in_force, key=lambda p: p.effective_date) if in_force else None


def check_policy_change(old: Sequence[QuotaPolicy], new: Sequence[QuotaPolicy], today: date,
                        prefix: str = "spot.quota_policies") -> None:
    """A policy already in force (effective today or earlier) must stay as it was; only future
    policies may be added, changed or withdrawn."""
    validate_policies(new, prefix)
    old_past = {p.effective_date: p for p in old if p.effective_date <= today}
    new_past = {p.effective_date: p for p in new if p.effective_date <= today}
    if {d: p.share for d, p in old_past.items()} != {d: p.share for d, p in new_past.items()}:
        raise InvalidArgument.field(
            prefix, f"policies in force on or before {today} cannot be changed; add one with a later effective date")


def daily_quota(daily_capacity: int, share: Decimal, reserve: int) -> int:
    """⌊C2 × share⌋ − reserve, never negative (a reserve above the quota leaves nothing online)."""
    if daily_capacity < 0:
        raise InvalidArgument.field("capacity.daily", "must not be negative")
    if reserve < 0:
        raise InvalidArgument.field("walk_in_reserve", "must not be negative")
    return max(0, math.floor(Decimal(daily_capacity) * share) - reserve)
