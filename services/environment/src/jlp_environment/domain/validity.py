"""Valid statistics from raw and hourly values (GB 3095-2026 Table 4 / HJ 663; reference
data-validity-hj663.md §1–2).

* 1-hour value: at least 45 minutes of sampling in the hour (GB 3095 Table 4 gases; applied to
  particles and to other continuous analysers too — HJ 817 was not available, and 45 minutes
  is the conservative choice).
* Daily value: at least 20 valid hourly values in the natural (Beijing) day.
* O3 8-hour moving average at hour t: at least 6 valid hourly values among hours t−7 … t.
* MDA8: maximum of the 17 moving averages ending at 08:00 … 24:00 of the day; valid with at
  least 14 valid windows, or fewer when the maximum still exceeds the limit (HJ 663-2013,
  reference marks it unverified).

Sampled metrics (surface water every 2–4 h, levels, depths) have no minute rule: one value
makes the hour. Which rule a metric follows is in `readings.METRICS`.
Too few values give an invalid statistic whose `reason` says what was missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

MIN_MINUTES_PER_HOUR = 45
MIN_HOURS_PER_DAY = 20
MIN_HOURS_PER_8H = 6
MDA8_WINDOWS = 17
MIN_MDA8_WINDOWS = 14
O3_MDA8_LIMIT = 160.0  # GB 3095-2026 grade II O3 daily max 8-h limit, µg/m³


class Aggregation(Enum):
    """How values of one metric combine over a period."""

    MEAN = "mean"  # concentrations
    ENERGY = "energy"  # sound levels: 10·lg(mean(10^(L/10))) (equivalent continuous level)
    SUM = "sum"  # rain increments
    MAX = "max"  # water levels and depths: the highest in the period matters


class HourlyRule(Enum):
    """Minimum data for an hourly value."""

    CONTINUOUS = "continuous"  # ≥ 45 minutes of sampling
    SAMPLED = "sampled"  # ≥ 1 value


@dataclass(frozen=True)
class Statistic:
    """A statistic over a period; invalid ones keep `value` None and say why."""

    value: float | None
    valid: bool
    count: int
    reason: str = ""
    coverage_minutes: int | None = None

    @classmethod
    def invalid(cls, count: int, reason: str, coverage_minutes: int | None = None) -> Statistic:
        return cls(None, False, count, reason, coverage_minutes)


def combine(values: Sequence[float], how: Aggregation) -> float:
    """Combine values of one metric (non-empty)."""
    if how is Aggregation.SUM:
        return math.fsum(values)
    if how is Aggregation.MAX:
        return max(values)
    if how is Aggregation.ENERGY:
        return 10.0 * math.log10(math.fsum(10.0 ** (v / 10.0) for v in values) / len(values))
    return math.fsum(values) / len(values)


def coverage_minutes(offsets_s: Sequence[int], interval_s: int) -> int:
    """Minutes of the hour covered by values, each standing for one sampling interval.

    Distinct interval slots are counted, so two values in one slot (a device re-sending with a
    jittered clock) do not count twice.
    """
    if interval_s <= 0:
        raise ValueError("sampling interval must be positive")
    slots = {offset // interval_s for offset in offsets_s if 0 <= offset < 3600}
    return min(60, (len(slots) * interval_s) // 60)


def hourly_statistic(samples: Mapping[int, float], interval_s: int, how: Aggregation,
                     rule: HourlyRule) -> Statistic:
    """The hourly value from raw samples keyed by their second within the hour."""
    count = len(samples)
    if count == 0:
        return Statistic.invalid(0, "no values in the hour", 0)
    if rule is HourlyRule.SAMPLED:
        return Statistic(combine(list(samples.values()), how), True, count)
    minutes = coverage_minutes(list(samples), interval_s)
    if minutes < MIN_MINUTES_PER_HOUR:
        return Statistic.invalid(
            count, f"{minutes} of the {MIN_MINUTES_PER_HOUR} minutes of sampling an hourly "
                   f"value needs (GB 3095-2026 Table 4)", minutes)
    return Statistic(combine(list(samples.values()), how), True, count, coverage_minutes=minutes)


def _valid_values(hours: Sequence[Statistic | None]) -> list[float]:
    return [h.value for h in hours if h is not None and h.valid and h.value is not None]


def daily_statistic(hours: Sequence[Statistic | None], how: Aggregation,
                    rule: HourlyRule = HourlyRule.CONTINUOUS,
                    min_hours: int = MIN_HOURS_PER_DAY) -> Statistic:
    """The daily value from the day's hourly statistics (24 slots, None = no data).

    Continuous metrics need `min_hours` valid hours (20, GB 3095 Table 4); sampled metrics
    need one (a rain gauge's total is the sum of what it reported).
    """
    values = _valid_values(hours)
    need = min_hours if rule is HourlyRule.CONTINUOUS else 1
    if len(values) < need:
        return Statistic.invalid(len(values), f"{len(values)} valid hourly values, the daily "
                                              f"value needs {need} (GB 3095-2026 Table 4)")
    return Statistic(combine(values, how), True, len(values))


def moving_8h(window: Sequence[Statistic | None]) -> Statistic:
    """O3 8-hour moving average over the 8 hourly values ending at the hour (oldest first)."""
    if len(window) != 8:
        raise ValueError("an 8-hour window holds 8 hourly slots")
    values = _valid_values(window)
    if len(values) < MIN_HOURS_PER_8H:
        return Statistic.invalid(len(values), f"{len(values)} valid hours in the 8-hour window, "
                                              f"{MIN_HOURS_PER_8H} needed (GB 3095-2026 Table 4)")
    return Statistic(math.fsum(values) / len(values), True, len(values))


def mda8(day: Sequence[Statistic | None], limit: float = O3_MDA8_LIMIT) -> Statistic:
    """Daily maximum 8-hour average of O3 from the day's 24 hourly slots (00:00 hour first).

    Windows end at 08:00 … 24:00, each covering the 8 hours before its end (HJ 663-2013).
    """
    if len(day) != 24:
        raise ValueError("a day holds 24 hourly slots")
    windows = [moving_8h(day[start:start + 8]) for start in range(MDA8_WINDOWS)]
    valid = [w.value for w in windows if w.valid and w.value is not None]
    if not valid:
        return Statistic.invalid(0, "no valid 8-hour window in the day")
    best = max(valid)
    if len(valid) < MIN_MDA8_WINDOWS and best <= limit:
        return Statistic.invalid(len(valid), f"{len(valid)} valid 8-hour windows, "
                                             f"{MIN_MDA8_WINDOWS} needed unless the maximum "
                                             f"exceeds the limit (HJ 663)")
    return Statistic(best, True, len(valid))
