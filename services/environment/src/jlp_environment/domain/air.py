"""Real-time (hourly) and daily AQI of an air station from its hourly statistics.

Inputs are hourly statistics (validity.Statistic) per pollutant and UTC hour start. Means are
rounded to the reporting precision (GB/T 8170) before grading, the edition follows the date of
the data (aqi.edition_for), and the station's monitoring plan is the six pollutants, so a
missing one triggers the 2026 "NA" rule (reference data-validity-hj663.md §3.1, §5 step 7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from jlp_environment.domain import aqi
from jlp_environment.domain.timebase import HOUR, day_hours
from jlp_environment.domain.validity import (
    MIN_HOURS_PER_DAY,
    Aggregation,
    Statistic,
    daily_statistic,
    mda8,
    moving_8h,
)

AIR_POLLUTANTS = (aqi.SO2, aqi.NO2, aqi.CO, aqi.O3, aqi.PM10, aqi.PM25)
SO2_1H_SPECIAL = Decimal(800)
HourlyStats = Mapping[str, Mapping[datetime, Statistic]]


def _valid(stat: Statistic | None) -> float | None:
    return stat.value if stat is not None and stat.valid and stat.value is not None else None


def hourly_concentrations(hour: datetime, stats: HourlyStats) -> dict[str, Decimal]:
    """The rounded 1-hour values of the hour, its O3 8-hour moving average and, when the 2012
    SO2 rule needs it, the 24-hour moving SO2 (both from the preceding hours)."""
    out: dict[str, Decimal] = {}
    for key in AIR_POLLUTANTS:
        value = _valid(stats.get(key, {}).get(hour))
        if value is not None:
            out[key] = aqi.round_concentration(key, value)
    ozone = stats.get(aqi.O3, {})
    window = moving_8h([ozone.get(hour - i * HOUR) for i in range(7, -1, -1)])
    if window.valid and window.value is not None:
        out[aqi.O3_8H] = aqi.round_concentration(aqi.O3, window.value)
    if out.get(aqi.SO2, Decimal(0)) > SO2_1H_SPECIAL:
        so2 = stats.get(aqi.SO2, {})
        day = daily_statistic([so2.get(hour - i * HOUR) for i in range(23, -1, -1)],
                              Aggregation.MEAN)
        if day.valid and day.value is not None:
            out[aqi.SO2_24H] = aqi.round_concentration(aqi.SO2, day.value)
    return out


def hourly_aqi(hour: datetime, stats: HourlyStats) -> aqi.AqiResult | None:
    """Real-time AQI of the hour starting at `hour`; None when the hour has no pollutant."""
    concentrations = hourly_concentrations(hour, stats)
    if not any(k in concentrations for k in AIR_POLLUTANTS):
        return None
    return aqi.calculate(concentrations, aqi.Period.HOUR, aqi.edition_for(hour),
                         monitored=aqi.six_pollutants(aqi.Period.HOUR))


@dataclass(frozen=True)
class DailyAqi:
    """A day's AQI; `complete` when every daily value met the HJ 663 minimums."""

    result: aqi.AqiResult | None
    concentrations: Mapping[str, Decimal]
    complete: bool
    notes: tuple[str, ...]


def daily_concentrations(day: date, stats: HourlyStats, provisional: bool = False
                         ) -> tuple[dict[str, Decimal], bool, list[str]]:
    """Daily values of the six pollutants (24-h means, O3 daily max 1-h and MDA8).

    `provisional` computes a running value from the valid hours so far (a ranking during the
    day) and reports the day as incomplete instead of withholding it.
    """
    hours = day_hours(day)
    out: dict[str, Decimal] = {}
    notes: list[str] = []
    complete = True
    need = 1 if provisional else MIN_HOURS_PER_DAY
    for key in (aqi.SO2, aqi.NO2, aqi.CO, aqi.PM10, aqi.PM25):
        series = stats.get(key, {})
        slots = [series.get(h) for h in hours]
        strict = daily_statistic(slots, Aggregation.MEAN)
        stat = strict if strict.valid else daily_statistic(slots, Aggregation.MEAN,
                                                           min_hours=need)
        if not strict.valid:
            complete = False
            notes.append(f"{key}: {strict.reason}")
        if stat.valid and stat.value is not None:
            out[key] = aqi.round_concentration(key, stat.value)
    ozone = stats.get(aqi.O3, {})
    slots = [ozone.get(h) for h in hours]
    valid_hours = [s.value for s in slots if s is not None and s.valid and s.value is not None]
    if len(valid_hours) >= need:
        out[aqi.O3] = aqi.round_concentration(aqi.O3, max(valid_hours))
    eight = mda8(slots)
    if eight.valid and eight.value is not None:
        out[aqi.O3_8H] = aqi.round_concentration(aqi.O3, eight.value)
    else:
        complete = False
        notes.append(f"o3_8h: {eight.reason}")
        if provisional:
            windows = [moving_8h(slots[i:i + 8]) for i in range(17)]
            running = [w.value for w in windows if w.valid and w.value is not None]
            if running:
                out[aqi.O3_8H] = aqi.round_concentration(aqi.O3, max(running))
    return out, complete, notes


def daily_aqi(day: date, stats: HourlyStats, provisional: bool = False) -> DailyAqi:
    """The day's AQI (daily report) with the edition in force on that date."""
    concentrations, complete, notes = daily_concentrations(day, stats, provisional)
    if not concentrations:
        return DailyAqi(None, {}, False, tuple(notes))
    result = aqi.calculate(concentrations, aqi.Period.DAY, aqi.edition_for(day),
                           monitored=aqi.six_pollutants(aqi.Period.DAY))
    return DailyAqi(result, concentrations, complete, tuple(notes))


def average_concentrations(groups: list[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """Pollutant-wise mean of several stations' daily values (a subdistrict's value)."""
    out: dict[str, Decimal] = {}
    keys = {k for g in groups for k in g}
    for key in keys:
        values = [g[key] for g in groups if key in g]
        mean = sum(values, Decimal(0)) / len(values)
        out[key] = aqi.round_concentration(aqi.CO if key == aqi.CO else aqi.PM25, float(mean))
    return out
