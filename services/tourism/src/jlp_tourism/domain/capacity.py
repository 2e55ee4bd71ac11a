"""Maximum carrying capacity of a scenic area (LB/T 034-2014 《景区最大承载量核定导则》).

Area method, scenic-capacity.md §2:

    C1 (instantaneous) = Σ_i X_i / Y_i
    C2 (daily)         = Σ_i (X_i / Y_i) × Int(T / t) = C1 × Z

X_i effective visitable area of zone i (m²), Y_i minimum area per visitor (m²/person), T the
effective daily opening time (h), t the average stay (h), Z = Int(T / t) the whole-area daily
turnover. The whole-area Z is used on purpose: summing each zone's own turnover would count the
same visitor at every zone ("virtual visitors", the guideline's common mistake).

Capacities are people, so the exact sum is floored once at the end (never per zone, which would
lose a visitor per zone, and never rounded up, which would admit one more than the space holds).
Inputs are taken as the decimals the user wrote (9.6 h / 3.2 h is 3, whereas the binary floats
divide to 2.999…) and computed as exact fractions, so 27 000 = 9 000 × 3 stays exact.

A scenic area may instead enter the figures its supervising authority approved and published
(Tourism Law Art. 45 requires publishing them; scenic-capacity.md §1); then C2 must be at
least C1, since a day holds at least one moment.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from jlp_common.errors import FieldViolation, InvalidArgument

# Sanity bounds: a zone beyond 100 km² or a capacity beyond 10 million is a typo, not a spot.
MAX_AREA_M2 = 100_000_000.0
MAX_CAPACITY = 10_000_000


class CapacityMethod(Enum):
    AREA = "AREA"
    ENTERED = "ENTERED"


@dataclass(frozen=True)
class Zone:
    """X_i and Y_i of one zone."""

    name: str
    area_m2: float
    per_visitor_m2: float


@dataclass(frozen=True)
class Capacity:
    """The published pair, and how it was obtained."""

    instantaneous: int  # C1
    daily: int  # C2
    turnover: int | None = None  # Z, area method only
    method: CapacityMethod = CapacityMethod.AREA


def exact(value: float) -> Fraction:
    """The number as written in decimal (JSON `9.6` is 9.6, not 9.5999999999999996…)."""
    return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)


def turnover(opening_hours: float, average_stay_hours: float) -> int:
    """Z = Int(T / t), computed exactly (9 / 2.5 = 3.6 → 3; 9.6 / 3.2 = 3, not 2.999…)."""
    return math.floor(exact(opening_hours) / exact(average_stay_hours))


def _zone_problems(zones: Sequence[Zone], prefix: str) -> list[FieldViolation]:
    out: list[FieldViolation] = []
    if not zones:
        out.append(FieldViolation(f"{prefix}.zones", "the area method needs at least one zone"))
    for i, zone in enumerate(zones):
        path = f"{prefix}.zones[{i}]"
        if not zone.name.strip():
            out.append(FieldViolation(f"{path}.name", "is required"))
        if not (math.isfinite(zone.area_m2) and 0 < zone.area_m2 <= MAX_AREA_M2):
            out.append(FieldViolation(f"{path}.area_m2", f"must be > 0 and ≤ {MAX_AREA_M2:,.0f} m²"))
        if not (math.isfinite(zone.per_visitor_m2) and zone.per_visitor_m2 > 0):
            out.append(FieldViolation(f"{path}.per_visitor_m2", "must be > 0 m² per visitor"))
    return out


def by_area(zones: Sequence[Zone], opening_hours: float, average_stay_hours: float,
            prefix: str = "capacity") -> Capacity:
    """C1, C2 and Z by the area method, or INVALID_ARGUMENT listing every bad input."""
    problems = _zone_problems(zones, prefix)
    if not (math.isfinite(opening_hours) and 0 < opening_hours <= 24):
        problems.append(FieldViolation(f"{prefix}.opening_hours", "must be > 0 and ≤ 24 hours"))
    if not (math.isfinite(average_stay_hours) and average_stay_hours > 0):
        problems.append(FieldViolation(f"{prefix}.average_stay_hours", "must be > 0 hours"))
    elif math.isfinite(opening_hours) and average_stay_hours > opening_hours:
        problems.append(FieldViolation(f"{prefix}.average_stay_hours",
                                       "must not exceed the opening time (turnover Int(T/t) would be 0)"))
    if problems:
        raise InvalidArgument(violations=problems)
    exact_c1 = sum((exact(z.area_m2) / exact(z.per_visitor_m2) for z in zones), Fraction(0))
    z = turnover(opening_hours, average_stay_hours)
    c1, c2 = math.floor(exact_c1), math.floor(exact_c1 * z)
    if c1 < 1:
        raise InvalidArgument.field(f"{prefix}.zones", "the zones hold less than one visitor")
    if c2 > MAX_CAPACITY:
        raise InvalidArgument.field(f"{prefix}.zones", f"daily capacity {c2:,} exceeds {MAX_CAPACITY:,}")
    return Capacity(instantaneous=c1, daily=c2, turnover=z, method=CapacityMethod.AREA)


def entered(instantaneous: int, daily: int, prefix: str = "capacity") -> Capacity:
    """The approved figures as entered, checked for consistency."""
    problems = []
    if not 0 < instantaneous <= MAX_CAPACITY:
        problems.append(FieldViolation(f"{prefix}.instantaneous", f"must be between 1 and {MAX_CAPACITY:,}"))
    if not 0 < daily <= MAX_CAPACITY:
        problems.append(FieldViolation(f"{prefix}.daily", f"must be between 1 and {MAX_CAPACITY:,}"))
    elif 0 < instantaneous <= MAX_CAPACITY and daily < instantaneous:
        problems.append(FieldViolation(f"{prefix}.daily", "must be at least the instantaneous capacity"))
    if problems:
        raise InvalidArgument(violations=problems)
    return Capacity(instantaneous=instantaneous, daily=daily, turnover=None, method=CapacityMethod.ENTERED)
