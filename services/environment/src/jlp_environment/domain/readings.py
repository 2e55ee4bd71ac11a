"""What a reading may be: the metric catalogue per station kind and the checks on one reading.

Each metric has one canonical unit (stored values are in it), a physically possible range
(generous: it rejects a broken sensor or a unit mix-up, not a bad air day), how values combine
over an hour and whether the hour needs 45 minutes of data (validity.HourlyRule).
A reading must name a known station and one of its kind's metrics, carry a unit that is the
metric's or convertible to it, a finite value in range, and a time no more than 5 minutes in
the future. Checks return field violations keyed by the JSON field names of the contract.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jlp_environment.domain.stations import StationKind
from jlp_environment.domain.validity import Aggregation, HourlyRule

MAX_FUTURE = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_BATCH = 10_000

UG_M3, MG_M3, DBA, MG_L, UG_L, MM, M, DEG_C, PCT = (
    "µg/m³", "mg/m³", "dB(A)", "mg/L", "µg/L", "mm", "m", "°C", "%")
PH_UNIT, US_CM, NTU, PER_L, M3_H = "pH", "µS/cm", "NTU", "个/L", "m³/h"

# Spellings devices send for the same unit (ASCII "u", Greek mu "μ", micro sign "µ", ...).
UNIT_ALIASES: dict[str, str] = {
    "ug/m3": UG_M3, "µg/m3": UG_M3, "μg/m3": UG_M3, "μg/m³": UG_M3, "ug/m³": UG_M3,
    "mg/m3": MG_M3, "db(a)": DBA, "dba": DBA, "db": DBA, "mg/l": MG_L, "ug/l": UG_L,
    "µg/l": UG_L, "μg/l": UG_L, "mm": MM, "m": M, "cm": "cm", "degc": DEG_C, "°c": DEG_C,
    "c": DEG_C, "%": PCT, "ph": PH_UNIT, "": "", "us/cm": US_CM, "µs/cm": US_CM,
    "μs/cm": US_CM, "ntu": NTU, "个/l": PER_L, "/l": PER_L, "m3/h": M3_H, "m³/h": M3_H,
}
# (from, to) → factor: value_in_to = value_in_from × factor.
CONVERSIONS: dict[tuple[str, str], float] = {
    (MG_M3, UG_M3): 1000.0, (UG_M3, MG_M3): 0.001, (UG_L, MG_L): 0.001, (MG_L, UG_L): 1000.0,
    ("cm", M): 0.01,
}


@dataclass(frozen=True)
class MetricSpec:
    """One measurable quantity of a station kind."""

    key: str
    label: str
    unit: str
    minimum: float
    maximum: float
    how: Aggregation = Aggregation.MEAN
    rule: HourlyRule = HourlyRule.CONTINUOUS


def _m(key: str, label: str, unit: str, lo: float, hi: float,
       how: Aggregation = Aggregation.MEAN,
       rule: HourlyRule = HourlyRule.CONTINUOUS) -> MetricSpec:
    return MetricSpec(key, label, unit, lo, hi, how, rule)


_WATER_QUALITY = (
    _m("ph", "pH", PH_UNIT, 0, 14, rule=HourlyRule.SAMPLED),
    _m("do", "dissolved oxygen", MG_L, 0, 25, rule=HourlyRule.SAMPLED),
    _m("codmn", "permanganate index", MG_L, 0, 200, rule=HourlyRule.SAMPLED),
    _m("cod", "chemical oxygen demand", MG_L, 0, 2000, rule=HourlyRule.SAMPLED),
    _m("bod5", "BOD5", MG_L, 0, 1000, rule=HourlyRule.SAMPLED),
    _m("nh3n", "ammonia nitrogen", MG_L, 0, 500, rule=HourlyRule.SAMPLED),
    _m("tp", "total phosphorus", MG_L, 0, 100, rule=HourlyRule.SAMPLED),
    _m("tn", "total nitrogen", MG_L, 0, 500, rule=HourlyRule.SAMPLED),
    _m("water_temp", "water temperature", DEG_C, -2, 45, rule=HourlyRule.SAMPLED),
    _m("conductivity", "conductivity", US_CM, 0, 200_000, rule=HourlyRule.SAMPLED),
    _m("turbidity", "turbidity", NTU, 0, 10_000, rule=HourlyRule.SAMPLED),
    _m("chla", "chlorophyll a", UG_L, 0, 5_000, rule=HourlyRule.SAMPLED),
    _m("fecal_coliform", "fecal coliform", PER_L, 0, 1e9, rule=HourlyRule.SAMPLED),
)

METRICS: dict[StationKind, dict[str, MetricSpec]] = {
    StationKind.AIR: {m.key: m for m in (
        _m("pm25", "PM2.5", UG_M3, 0, 3000),
        _m("pm10", "PM10", UG_M3, 0, 10000),
        _m("so2", "SO2", UG_M3, 0, 30000),
        _m("no2", "NO2", UG_M3, 0, 10000),
        _m("co", "CO", MG_M3, 0, 500),
        _m("o3", "O3", UG_M3, 0, 3000),
        _m("temp", "air temperature", DEG_C, -60, 60),
        _m("rh", "relative humidity", PCT, 0, 100),
    )},
    StationKind.NOISE: {m.key: m for m in (
        _m("noise_leq", "equivalent continuous A-weighted level", DBA, 0, 150,
           how=Aggregation.ENERGY),
        _m("noise_lmax", "maximum A-weighted level", DBA, 0, 180, how=Aggregation.MAX),
    )},
    StationKind.SURFACE_WATER: {m.key: m for m in _WATER_QUALITY},
    StationKind.RESERVOIR: {m.key: m for m in (
        _m("water_level", "water level", M, -500, 9000, how=Aggregation.MAX,
           rule=HourlyRule.SAMPLED),
        _m("storage", "storage", "10⁴ m³", 0, 1e7, rule=HourlyRule.SAMPLED),
        *_WATER_QUALITY,
    )},
    StationKind.RAIN: {m.key: m for m in (
        _m("rainfall", "rainfall since the previous value", MM, 0, 500, how=Aggregation.SUM,
           rule=HourlyRule.SAMPLED),
    )},
    StationKind.FLOOD_POINT: {m.key: m for m in (
        _m("water_depth", "water depth on the road", M, 0, 20, how=Aggregation.MAX,
           rule=HourlyRule.SAMPLED),
    )},
    StationKind.POLLUTION_SOURCE: {m.key: m for m in (
        _m("so2", "SO2 (flue gas)", MG_M3, 0, 100_000),
        _m("nox", "NOx (flue gas)", MG_M3, 0, 100_000),
        _m("pm", "particulate matter (flue gas)", MG_M3, 0, 100_000),
        _m("flue_flow", "flue gas flow", M3_H, 0, 1e8),
        _m("cod", "COD (waste water)", MG_L, 0, 100_000),
        _m("nh3n", "ammonia nitrogen (waste water)", MG_L, 0, 10_000),
        _m("tp", "total phosphorus (waste water)", MG_L, 0, 10_000),
        _m("tn", "total nitrogen (waste water)", MG_L, 0, 10_000),
        _m("ph", "pH (waste water)", PH_UNIT, 0, 14),
        _m("water_flow", "waste water flow", M3_H, 0, 1e7),
    )},
}
# Metrics a discharge permit can limit (flows and pH are not concentration limits).
PERMIT_METRICS = frozenset({"so2", "nox", "pm", "cod", "nh3n", "tp", "tn"})


def metric_spec(kind: StationKind, metric: str) -> MetricSpec | None:
    return METRICS[kind].get(metric)


@dataclass(frozen=True)
class RawReading:
    """A reading as received (any field may be wrong)."""

    station_id: str
    metric: str
    value: float | None  # None: the device sent no value (JSON null or nothing)
    observed_at: datetime | None
    period: str = ""  # "" raw, "HOUR", or something not accepted
    unit: str = ""


@dataclass(frozen=True)
class Reading:
    """A checked reading: canonical unit, UTC time truncated to the second."""

    station_id: str
    metric: str
    value: float
    observed_at: datetime
    hourly: bool


def normalise_unit(unit: str) -> str | None:
    """The canonical spelling of a unit, None if unknown."""
    text = unit.strip()
    if text in UNIT_ALIASES.values():
        return text
    return UNIT_ALIASES.get(text.lower().replace(" ", ""))


def check_reading(raw: RawReading, kind: StationKind | None, now: datetime
                  ) -> tuple[Reading | None, list[tuple[str, str]]]:
    """The checked reading, or the (field, reason) problems in contract field order.

    `kind` is the kind of the station named by the reading, None when no such station exists.
    """
    problems: list[tuple[str, str]] = []
    if not raw.station_id:
        problems.append(("stationId", "is required"))
    elif kind is None:
        problems.append(("stationId", f"unknown station {raw.station_id!r}"))
    spec = None
    if not raw.metric:
        problems.append(("metric", "is required"))
    elif kind is not None:
        spec = metric_spec(kind, raw.metric)
        if spec is None:
            problems.append(("metric", f"{raw.metric!r} is not measured by {kind.value} "
                                       f"stations: one of {', '.join(METRICS[kind])}"))
    value = raw.value
    if value is None:
        problems.append(("value", "is required (a reading without a value is not stored)"))
        spec = None
    elif spec is not None and raw.unit:
        unit = normalise_unit(raw.unit)
        if unit is None or (unit != spec.unit and (unit, spec.unit) not in CONVERSIONS):
            problems.append(("unit", f"{raw.unit!r} is not {spec.unit}, the unit of "
                                     f"{raw.metric}"))
            spec = None
        elif unit != spec.unit:
            value = value * CONVERSIONS[(unit, spec.unit)]
    if value is not None and not math.isfinite(value):
        problems.append(("value", "must be a finite number"))
    elif value is not None and spec is not None and not spec.minimum <= value <= spec.maximum:
        problems.append(("value", f"{raw.value} is outside the physically possible range "
                                  f"{spec.minimum:g}–{spec.maximum:g} {spec.unit}"))
    observed = raw.observed_at
    if observed is None:
        problems.append(("observedAt", "is required"))
    else:
        observed = observed.astimezone(UTC).replace(microsecond=0)
        if observed > now + MAX_FUTURE:
            problems.append(("observedAt", "more than 5 minutes in the future"))
        elif observed < EARLIEST:
            problems.append(("observedAt", "before 2000-01-01"))
    hourly = raw.period == "HOUR"
    if raw.period not in ("", "HOUR"):
        problems.append(("period", "a reading is raw (no period) or HOUR"))
    elif hourly and observed is not None and (observed.minute or observed.second):
        problems.append(("period", "an HOUR value is timestamped at the start of its hour"))
    if problems or observed is None or value is None:
        return None, problems
    return Reading(raw.station_id, raw.metric, value, observed, hourly), []
