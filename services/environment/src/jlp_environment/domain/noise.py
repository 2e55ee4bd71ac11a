"""Environmental noise against GB 3096-2008 (reference noise-gb3096.md).

* Class limits L_Aeq day / night, dB(A): 0: 50/40, 1: 55/45, 2: 60/50, 3: 65/55,
  4a: 70/55, 4b: 70/60 (GB 3096-2008 Table 1).
* Day 06:00–22:00, night 22:00–06:00 next day (noise law) — boundaries are configuration
  because a county-level government may move them.
* Night sudden noise: L_Amax may exceed the night limit by at most 15 dB(A).
* Road-traffic monitoring points ("traffic") are judged against class 4a, the class of strips
  along arterial roads; their HJ 640-2012 road-traffic grade is reported for dashboards.
Day/night Leq is the energy mean of the period's hourly Leq (equivalent continuous level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jlp_environment.domain.validity import Aggregation, combine

CLASS_LIMITS: dict[str, tuple[float, float]] = {
    "0": (50, 40), "1": (55, 45), "2": (60, 50), "3": (65, 55), "4a": (70, 55), "4b": (70, 60),
}
SUDDEN_NOISE_MARGIN = 15.0
# HJ 640-2012 grades (upper bounds of grades 1..4; above the last is grade 5).
_REGION_DAY = (50.0, 55.0, 60.0, 65.0)
_REGION_NIGHT = (40.0, 45.0, 50.0, 55.0)
_TRAFFIC_DAY = (68.0, 70.0, 72.0, 74.0)
_TRAFFIC_NIGHT = (58.0, 60.0, 62.0, 64.0)


@dataclass(frozen=True)
class DayNight:
    """Day period boundaries in Beijing clock hours: day = [day_start, night_start)."""

    day_start: int = 6
    night_start: int = 22

    def is_day(self, local_hour: int) -> bool:
        return self.day_start <= local_hour < self.night_start


def limits_for(zone: str) -> tuple[float, float]:
    """(day, night) L_Aeq limits of a zone; traffic points use class 4a."""
    return CLASS_LIMITS["4a" if zone == "traffic" else zone]


def hourly_excess(zone: str, leq: float, local_hour: int, periods: DayNight) -> float:
    """dB(A) by which an hourly Leq exceeds its period's limit (negative: below the limit)."""
    day, night = limits_for(zone)
    limit = day if periods.is_day(local_hour) else night
    return round(leq - limit, 1)


def grade(zone: str, level: float, day: bool) -> str:
    """HJ 640-2012 grade 1 (好) … 5 (差) of a day or night level."""
    if zone == "traffic":
        bounds = _TRAFFIC_DAY if day else _TRAFFIC_NIGHT
    else:
        bounds = _REGION_DAY if day else _REGION_NIGHT
    for number, upper in enumerate(bounds, start=1):
        if level <= upper:
            return str(number)
    return "5"


@dataclass(frozen=True)
class NoiseDay:
    """One day's Ld / Ln against the zone's limits."""

    zone: str
    day_leq: float | None
    night_leq: float | None
    day_limit: float
    night_limit: float
    day_hours: int
    night_hours: int
    night_lmax: float | None

    @property
    def day_exceeded(self) -> bool:
        return self.day_leq is not None and round(self.day_leq, 1) > self.day_limit

    @property
    def night_exceeded(self) -> bool:
        return self.night_leq is not None and round(self.night_leq, 1) > self.night_limit

    @property
    def night_lmax_exceeded(self) -> bool:
        return self.night_lmax is not None and \
            self.night_lmax > self.night_limit + SUDDEN_NOISE_MARGIN


def assess_day(zone: str, day_leqs: Sequence[float], night_leqs: Sequence[float],
               night_lmax: Sequence[float] = ()) -> NoiseDay:
    """Ld and Ln from the valid hourly Leq of the day period and of the following night."""
    day_limit, night_limit = limits_for(zone)
    return NoiseDay(
        zone=zone,
        day_leq=combine(day_leqs, Aggregation.ENERGY) if day_leqs else None,
        night_leq=combine(night_leqs, Aggregation.ENERGY) if night_leqs else None,
        day_limit=day_limit, night_limit=night_limit,
        day_hours=len(day_leqs), night_hours=len(night_leqs),
        night_lmax=max(night_lmax) if night_lmax else None,
    )
