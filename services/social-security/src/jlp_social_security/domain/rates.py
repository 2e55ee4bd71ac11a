"""Contribution rates and base limits, versioned by effective date — configuration, not code.

Reference social-insurance-chongqing.md: "keep every number in configuration with an
effective-from date" (Chongqing re-publishes the base every year and the medical split has
changed). A schedule holds the rates of each item (§1), the work-injury class rates (§1) and the
base floor and cap (§2.1: 60 % and 300 % of the previous year's average monthly wage, published
rounded to whole yuan). `parse_schedules` validates a configuration document (see
config/contribution_schedules.json); `ScheduleBook.in_force` picks the schedule of a month, so a
record computed for 2021 keeps 2021's figures even after a new schedule is loaded, and each record
stores the snapshot it used.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jlp_common.errors import FieldViolation, InvalidArgument

from .calendar import Month, parse_date
from .insurance import ITEM_TYPES, WORK_INJURY_CLASSES, InsuranceType
from .money import ZERO, parse_money, parse_rate

# §2.1: the base is clamped to 60 % – 300 % of the average monthly wage.
DEFAULT_FLOOR_RATIO = Decimal("0.6")
DEFAULT_CAP_RATIO = Decimal("3")
REQUIRED_ITEMS = ("pension", "medical", "unemployment")


@dataclass(frozen=True)
class ItemRate:
    """One contribution item. `employee_fixed` is a fixed monthly amount (大额互助: 5 yuan)."""

    item: str
    insurance_type: InsuranceType
    employer_rate: Decimal
    employee_rate: Decimal
    employee_fixed: Decimal = ZERO


@dataclass(frozen=True)
class RateSchedule:
    """The figures in force from `effective_from` until the next schedule."""

    id: str
    effective_from: date
    average_monthly_wage: Decimal
    base_floor: Decimal
    base_cap: Decimal
    items: tuple[ItemRate, ...]
    work_injury_class_rates: Mapping[int, Decimal]
    source: str = ""

    def items_of(self, insurance_type: InsuranceType) -> tuple[ItemRate, ...]:
        return tuple(i for i in self.items if i.insurance_type is insurance_type)

    def work_injury_rate(self, risk_class: int, field: str = "work_injury_class") -> Decimal:
        if risk_class not in self.work_injury_class_rates:
            raise InvalidArgument.field(field, "must be an industry risk class 1..8 (人社部发〔2015〕71号)")
        return self.work_injury_class_rates[risk_class]


class ScheduleBook:
    """All schedules, ordered by effective date."""

    def __init__(self, schedules: Sequence[RateSchedule]) -> None:
        ordered = sorted(schedules, key=lambda s: s.effective_from)
        if not ordered:
            raise ValueError("no contribution schedule configured")
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.effective_from == b.effective_from:
                raise ValueError(f"schedules {a.id} and {b.id} start on the same day")
        self.schedules = tuple(ordered)
        self._starts = [s.effective_from for s in ordered]

    def in_force(self, day: date, field: str = "month") -> RateSchedule:
        """The schedule in force on `day`; INVALID_ARGUMENT before the first one."""
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0:
            raise InvalidArgument.field(
                field, f"no contribution rates are configured before {self._starts[0].isoformat()}")
        return self.schedules[i]

    def for_month(self, month: Month, field: str = "month") -> RateSchedule:
        """A month is computed with the schedule in force on its first day (a base year that
        switches mid-year is configured with the month it switches, never mid-month)."""
        return self.in_force(month.first_day, field)


def _whole_yuan(value: Decimal) -> Decimal:
    """§2.1: publishers round the limits to whole yuan."""
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def parse_schedule(doc: Mapping[str, Any], path: str) -> RateSchedule:
    """One schedule from configuration; every problem is reported with its path."""
    problems: list[FieldViolation] = []

    def attempt(fn, *args):
        try:
            return fn(*args)
        except InvalidArgument as err:
            problems.extend(err.violations)
            return None

    sid = str(doc.get("id") or "")
    if not sid:
        problems.append(FieldViolation(f"{path}.id", "is required"))
    start = attempt(parse_date, str(doc.get("effective_from", "")), f"{path}.effective_from")
    avg = attempt(parse_money, str(doc.get("average_monthly_wage", "")), f"{path}.average_monthly_wage")
    floor = cap = None
    if avg is not None:
        floor = (attempt(parse_money, str(doc["base_floor"]), f"{path}.base_floor") if "base_floor" in doc
                 else _whole_yuan(avg * DEFAULT_FLOOR_RATIO))
        cap = (attempt(parse_money, str(doc["base_cap"]), f"{path}.base_cap") if "base_cap" in doc
               else _whole_yuan(avg * DEFAULT_CAP_RATIO))
        if floor is not None and cap is not None and floor > cap:
            problems.append(FieldViolation(f"{path}.base_floor", "must not exceed base_cap"))
    items: list[ItemRate] = []
    for name, rates in (doc.get("items") or {}).items():
        where = f"{path}.items.{name}"
        if name not in ITEM_TYPES:
            problems.append(FieldViolation(where, f"unknown item; known: {', '.join(ITEM_TYPES)}"))
            continue
        er = attempt(parse_rate, rates.get("employer_rate", "0"), f"{where}.employer_rate")
        ee = attempt(parse_rate, rates.get("employee_rate", "0"), f"{where}.employee_rate")
        fixed = attempt(parse_money, str(rates.get("employee_fixed", "0")), f"{where}.employee_fixed")
        if er is not None and ee is not None and fixed is not None:
            items.append(ItemRate(name, ITEM_TYPES[name], er, ee, fixed))
    for name in REQUIRED_ITEMS:
        if name not in (doc.get("items") or {}):
            problems.append(FieldViolation(f"{path}.items.{name}", "is required"))
    classes: dict[int, Decimal] = {}
    raw_classes = doc.get("work_injury_class_rates") or {}
    for key, rate in raw_classes.items():
        where = f"{path}.work_injury_class_rates.{key}"
        if not str(key).isdigit() or int(key) not in WORK_INJURY_CLASSES:
            problems.append(FieldViolation(where, "class must be 1..8"))
            continue
        value = attempt(parse_rate, rate, where)
        if value is not None:
            classes[int(key)] = value
    missing = [c for c in WORK_INJURY_CLASSES if str(c) not in {str(k) for k in raw_classes}]
    if missing:
        problems.append(FieldViolation(f"{path}.work_injury_class_rates",
                                       f"classes {', '.join(map(str, missing))} have no rate"))
    if problems:
        raise InvalidArgument(violations=problems)
    return RateSchedule(sid, start, avg, floor, cap, tuple(items), classes, str(doc.get("source", "")))


def parse_schedules(doc: Mapping[str, Any]) -> ScheduleBook:
    """A whole configuration document ({"schedules": [...]}) → ScheduleBook."""
    raw = doc.get("schedules")
    if not isinstance(raw, list) or not raw:
        raise InvalidArgument.field("schedules", "must be a non-empty list")
    problems: list[FieldViolation] = []
    schedules = []
    for i, item in enumerate(raw):
        try:
            schedules.append(parse_schedule(item, f"schedules[{i}]"))
        except InvalidArgument as err:
            problems.extend(err.violations)
    if problems:
        raise InvalidArgument(violations=problems)
    try:
        return ScheduleBook(schedules)
    except ValueError as err:
        raise InvalidArgument.field("schedules", str(err)) from None
