"""What an alert rule watches, per station kind, and the default rule of each kind.

Each kind has one hourly indicator, computed from the hour's statistics and the station's own
thresholds, so that one rule shape (above X for N hours, clear at or below Y for M hours)
serves every kind:

| kind | indicator | meaning | default |
|---|---|---|---|
| AIR | aqi | real-time AQI of the hour (HJ 633) | raise > 150 for 2 h, clear ≤ 100 for 2 h |
| NOISE | noise_excess_db | hourly Leq minus the GB 3096 day/night limit | > 0 for 2 h, ≤ 0 for 2 h |
| SURFACE_WATER | water_class_excess | sample class minus target class (GB 3838) | > 0 for 2 samples |
| RESERVOIR | level_above_flood_limit_m | highest level minus flood-limit level | > 0 for 1 h |
| RAIN | rain_1h_mm | hourly rain total | > 20 mm (短时强降水) for 1 h |
| FLOOD_POINT | water_depth_m | highest road water depth | > 0.15 m (GB 51222 road limit) |
| POLLUTION_SOURCE | permit_ratio | highest hourly mean / permit limit | > 1 for 1 h, ≤ 1 for 2 h |

The computed AQI (the maximum IAQI of the pollutants present) is the AIR indicator even when
HJ 633-2026 would publish "NA" for a missing pollutant: a missing pollutant can only raise the
true AQI, and an alert must not wait for a broken analyser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from jlp_environment.domain import noise, water
from jlp_environment.domain.air import HourlyStats, hourly_aqi
from jlp_environment.domain.alerts import RuleSpec
from jlp_environment.domain.stations import StationKind
from jlp_environment.domain.timebase import local_hour


@dataclass(frozen=True)
class DefaultRule:
    kind: StationKind
    indicator: str
    spec: RuleSpec
    severity: str
    description: str
    inputs: tuple[str, ...]  # metrics the indicator reads


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule(StationKind.AIR, "aqi", RuleSpec(150, 100, 2, 2, 0), "MAJOR",
                "Hourly AQI above 150 (moderately polluted or worse) for 2 consecutive hours; "
                "clears after 2 consecutive hours at or below 100.",
                ("so2", "no2", "co", "o3", "pm10", "pm25")),
    DefaultRule(StationKind.NOISE, "noise_excess_db", RuleSpec(0, 0, 2, 2, 0), "MINOR",
                "Hourly Leq above the GB 3096 limit of the station's zone and period for 2 "
                "consecutive hours; clears after 2 hours within the limit.", ("noise_leq",)),
    DefaultRule(StationKind.SURFACE_WATER, "water_class_excess", RuleSpec(0, 0, 2, 2, 6),
                "MAJOR", "Water class worse than the section's target class (GB 3838) in 2 "
                "consecutive samples; clears after 2 samples meeting it.", water.CLASSED),
    DefaultRule(StationKind.RESERVOIR, "level_above_flood_limit_m", RuleSpec(0, 0, 1, 1, 3),
                "CRITICAL", "Water level above the flood-limit level; clears when back at or "
                "below it.", ("water_level",)),
    DefaultRule(StationKind.RAIN, "rain_1h_mm", RuleSpec(20, 5, 1, 2, 0), "MAJOR",
                "More than 20 mm of rain in an hour (short-duration heavy rain); clears after "
                "2 hours of at most 5 mm.", ("rainfall",)),
    DefaultRule(StationKind.FLOOD_POINT, "water_depth_m", RuleSpec(0.15, 0.05, 1, 1, 1),
                "MAJOR", "Road water depth above 15 cm (GB 51222-2017 waterlogging limit); "
                "clears at 5 cm or less.", ("water_depth",)),
    DefaultRule(StationKind.POLLUTION_SOURCE, "permit_ratio", RuleSpec(1.0, 1.0, 1, 2, 0),
                "MAJOR", "An hourly mean emission concentration above the permitted limit; "
                "clears after 2 hours within the permit.", ("so2", "nox", "pm", "cod", "nh3n",
                                                            "tp", "tn")),
)
INDICATORS = {rule.indicator: rule for rule in DEFAULT_RULES}


@dataclass(frozen=True)
class StationParams:
    """The station attributes indicators depend on."""

    kind: StationKind
    noise_zone: str = ""
    water_body: str = ""
    target_class: int = 0
    flood_limit_level_m: float | None = None
    permit_limits: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorValue:
    value: float | None  # None: no valid data for the hour, or no threshold configured
    detail: str = ""


def _value(stats: HourlyStats, metric: str, hour: datetime) -> float | None:
    stat = stats.get(metric, {}).get(hour)
    return stat.value if stat is not None and stat.valid else None


def indicator_value(indicator: str, station: StationParams, hour: datetime,
                    stats: HourlyStats, periods: noise.DayNight | None = None) -> IndicatorValue:
    """The indicator of one closed hour (stats include preceding hours for moving means)."""
    if indicator == "aqi":
        result = hourly_aqi(hour, stats)
        value = result.computed_aqi if result is not None else None
        if value is None:
            return IndicatorValue(None)
        primary = [k for k in result.iaqi if result.iaqi[k] == value]
        return IndicatorValue(float(value), f"AQI {value} ({', '.join(primary)})")
    if indicator == "noise_excess_db":
        leq = _value(stats, "noise_leq", hour)
        if leq is None or not station.noise_zone:
            return IndicatorValue(None)
        excess = noise.hourly_excess(station.noise_zone, leq, local_hour(hour),
                                     periods or noise.DayNight())
        return IndicatorValue(excess, f"Leq {leq:.1f} dB(A), {excess:+.1f} dB(A) against "
                                      f"class {station.noise_zone}")
    if indicator == "water_class_excess":
        sample = {m: v for m in water.CLASSED if (v := _value(stats, m, hour)) is not None}
        if not sample or not station.target_class:
            return IndicatorValue(None)
        result = water.classify(sample, station.water_body == "lake", station.target_class)
        if result.water_class is None:
            return IndicatorValue(None)
        return IndicatorValue(float(result.water_class - station.target_class),
                              f"class {result.name} against target "
                              f"{water.class_name(station.target_class)}; above target: "
                              f"{', '.join(result.above_target) or '-'}")
    if indicator == "level_above_flood_limit_m":
        level = _value(stats, "water_level", hour)
        if level is None or station.flood_limit_level_m is None:
            return IndicatorValue(None)
        excess = round(level - station.flood_limit_level_m, 3)
        return IndicatorValue(excess, f"level {level:.2f} m, flood limit "
                                      f"{station.flood_limit_level_m:.2f} m")
    if indicator == "rain_1h_mm":
        rain = _value(stats, "rainfall", hour)
        return IndicatorValue(rain, f"{rain:.1f} mm in the hour" if rain is not None else "")
    if indicator == "water_depth_m":
        depth = _value(stats, "water_depth", hour)
        return IndicatorValue(depth, f"water depth {depth:.2f} m" if depth is not None else "")
    if indicator == "permit_ratio":
        ratios = {m: v / limit for m, limit in station.permit_limits.items()
                  if limit > 0 and (v := _value(stats, m, hour)) is not None}
        if not ratios:
            return IndicatorValue(None)
        worst = max(ratios, key=lambda m: ratios[m])
        return IndicatorValue(round(ratios[worst], 4),
                              f"{worst} at {ratios[worst]:.2f}× its permitted limit")
    raise ValueError(f"unknown indicator {indicator!r}")
