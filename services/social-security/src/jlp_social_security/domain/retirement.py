"""Statutory retirement age and minimum contribution under the 2024 reform (in force 2025-01-01).

Reference social-insurance-chongqing.md §3.1 [V] (NPC Standing Committee decision of 2024-09-13):
- men 60 → 63, one month later for every 4 months of birth date from January 1965;
- women of original age 55 → 58, one month per 4 months from January 1970;
- women of original age 50 → 55, one month per 2 months from January 1975;
- minimum contribution for a monthly pension: 15 years for those reaching retirement age up to
  2029, then +6 months per year from 2030 to 20 years from 2039;
- flexible retirement: up to 3 years earlier, never below the original age.
The functions follow the reference's derived formula (`new_retirement`, `min_contribution_years`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .calendar import Month

FLEXIBLE_EARLY_MONTHS = 36


class RetirementGroup(StrEnum):
    MEN_60 = "MEN_60"
    WOMEN_55 = "WOMEN_55"
    WOMEN_50 = "WOMEN_50"


# group → (original age, first birth year affected, birth months per month of delay, max delay)
_REFORM = {
    RetirementGroup.MEN_60: (60, 1965, 4, 36),
    RetirementGroup.WOMEN_55: (55, 1970, 4, 36),
    RetirementGroup.WOMEN_50: (50, 1975, 2, 60),
}


@dataclass(frozen=True)
class Retirement:
    original_age: int
    delay_months: int
    month: Month  # the month the statutory retirement age is reached
    earliest_flexible: Month  # up to 36 months earlier, not below the original age
    min_contribution_months: int


def min_contribution_months(retire_year: int) -> int:
    """15 years until 2029, +6 months a year from 2030, 20 years from 2039 (in months)."""
    return 180 if retire_year < 2030 else min(240, 180 + 6 * (retire_year - 2029))


def statutory_retirement(birth: date, group: RetirementGroup) -> Retirement:
    """The reform's retirement month for someone born on `birth` in `group`."""
    original, start, step, cap = _REFORM[group]
    k = (birth.year - start) * 12 + birth.month  # 1 = January of the first affected year
    delay = 0 if k <= 0 else min(cap, -(-k // step))
    born = Month.of(birth)
    at_original = born.plus(original * 12)
    retire = at_original.plus(delay)
    earliest = max(at_original, retire.plus(-FLEXIBLE_EARLY_MONTHS))
    return Retirement(original, delay, retire, earliest, min_contribution_months(retire.year))
