"""Daily assessments that are plain comparisons: reservoir level against the flood-limit level,
pollution-source emissions against the permit, rain totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ReservoirDay:
    max_level_m: float | None
    flood_limit_level_m: float | None

    @property
    def excess_m(self) -> float | None:
        if self.max_level_m is None or self.flood_limit_level_m is None:
            return None
        return round(self.max_level_m - self.flood_limit_level_m, 3)

    @property
    def above_flood_limit(self) -> bool:
        excess = self.excess_m
        return excess is not None and excess > 0


def reservoir_day(hourly_max_levels: Sequence[float], flood_limit: float | None) -> ReservoirDay:
    """The day's highest level against the flood-limit level (汛限水位)."""
    return ReservoirDay(max(hourly_max_levels) if hourly_max_levels else None, flood_limit)


@dataclass(frozen=True)
class EmissionDay:
    metric: str
    limit: float
    daily_mean: float | None
    max_hourly: float | None
    hours_above: int

    @property
    def exceeded(self) -> bool:
        return self.hours_above > 0 or (self.daily_mean is not None and self.daily_mean > self.limit)


def permit_day(hourly_means: Mapping[str, Sequence[float]],
               limits: Mapping[str, float]) -> list[EmissionDay]:
    """Each permitted pollutant's day: mean of the valid hours, highest hour, hours above."""
    out = []
    for metric in sorted(limits):
        values = list(hourly_means.get(metric, ()))
        limit = limits[metric]
        out.append(EmissionDay(
            metric, limit,
            sum(values) / len(values) if values else None,
            max(values) if values else None,
            sum(1 for v in values if v > limit)))
    return out


def rain_day(hourly_totals: Sequence[float]) -> tuple[float | None, float | None]:
    """(daily total, wettest hour) in mm."""
    if not hourly_totals:
        return None, None
    return round(sum(hourly_totals), 1), max(hourly_totals)
