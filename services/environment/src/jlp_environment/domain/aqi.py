"""Air Quality Index after HJ 633, both editions (reference: shared/reference/aqi-hj633.md).

HJ 633-2012 was replaced by HJ 633-2026 on 2026-03-01. The 2026 text changes two cells of the
breakpoint table (PM10 and PM2.5 at IAQI 100), the two "above 800" special cases, drops the
exceeding-pollutant list and adds the missing-pollutant publication rule; the formula, levels,
categories and colours are unchanged. Data observed before 2026-03-01 (Beijing time) is
computed with the 2012 table so that history re-computes as it was published
(docs/adr/0051-aqi-editions-by-observation-date.md).

Arithmetic is exact: concentrations become Fractions of their decimal text, so the ceiling
(HJ 633-2026 §4.2.6 "向上进位取整") never sees a float artefact such as 115.00000000001.
Concentrations are used as given: rounding a computed mean to the reporting precision
(GB/T 8170) is the statistics step's job (`round_concentration`), not the index's.

Everything here is pure: no clock, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum, IntEnum
from fractions import Fraction

from jlp_environment.domain.timebase import local_date


class Edition(IntEnum):
    """The HJ 633 edition a value is computed with."""

    HJ633_2012 = 2012
    HJ633_2026 = 2026


# HJ 633-2026 and GB 3095-2026 came into force on 2026-03-01 (reference §"Read this first").
EDITION_2026_IN_FORCE = date(2026, 3, 1)


def edition_for(observed: date | datetime) -> Edition:
    """The edition in force on the (Beijing) date the data was observed."""
    day = local_date(observed) if isinstance(observed, datetime) else observed
    return Edition.HJ633_2026 if day >= EDITION_2026_IN_FORCE else Edition.HJ633_2012


class Period(Enum):
    """Real-time (hourly) report or daily report (HJ 633 §5)."""

    HOUR = "HOUR"
    DAY = "DAY"


# Pollutant keys, as in the REST contract.
SO2, NO2, PM10, CO, O3, O3_8H, PM25 = "so2", "no2", "pm10", "co", "o3", "o3_8h", "pm25"
SO2_24H = "so2_24h"  # only feeds the 2012 rule for a 1-hour SO2 above 800
POLLUTANT_KEYS = (SO2, NO2, PM10, CO, O3, O3_8H, PM25)
INPUT_KEYS = (*POLLUTANT_KEYS, SO2_24H)

# IAQI steps of HJ 633 Table 1 (2012) / Table 3 (2026).
IAQI_STEPS = (0, 50, 100, 150, 200, 300, 400, 500)

# Breakpoint columns (concentration at each IAQI step; None = no breakpoint at that step).
# HJ 633-2012 Table 1 and HJ 633-2026 Table 3: µg/m³, CO in mg/m³.
_SO2_24H = (0, 50, 150, 475, 800, 1600, 2100, 2620)
_SO2_1H = (0, 150, 500, 650, 800, None, None, None)  # note 2: above 800 no 1-h IAQI
_NO2_24H = (0, 40, 80, 180, 280, 565, 750, 940)
_NO2_1H = (0, 100, 200, 700, 1200, 2340, 3090, 3840)
_CO_24H = (0, 2, 4, 14, 24, 36, 48, 60)
_CO_1H = (0, 5, 10, 35, 60, 90, 120, 150)
_O3_1H = (0, 160, 200, 300, 400, 800, 1000, 1200)
_O3_8H = (0, 100, 160, 215, 265, 800, None, None)  # note 3: above 800 no 8-h IAQI
_PM10_2012 = (0, 50, 150, 250, 350, 420, 500, 600)
_PM10_2026 = (0, 50, 120, 250, 350, 420, 500, 600)  # 2026: 150 → 120 at IAQI 100
_PM25_2012 = (0, 35, 75, 115, 150, 250, 350, 500)
_PM25_2026 = (0, 35, 60, 115, 150, 250, 350, 500)  # 2026: 75 → 60 at IAQI 100


def breakpoints(key: str, period: Period, edition: Edition) -> tuple[int | None, ...]:
    """The breakpoint column a pollutant key is graded on in a report period.

    The 1-hour columns of SO2, NO2 and CO are for the real-time report only (Table note 1);
    particles have no 1-hour column and are graded on the 24-hour one (HJ 633-2026 §5.1).
    `o3` is always a 1-hour value (hourly, or the daily maximum hour in the 2012 daily report).
    """
    hourly = period is Period.HOUR
    pm10 = _PM10_2026 if edition is Edition.HJ633_2026 else _PM10_2012
    pm25 = _PM25_2026 if edition is Edition.HJ633_2026 else _PM25_2012
    table: dict[str, tuple[int | None, ...]] = {
        SO2: _SO2_1H if hourly else _SO2_24H,
        SO2_24H: _SO2_24H,
        NO2: _NO2_1H if hourly else _NO2_24H,
        CO: _CO_1H if hourly else _CO_24H,
        O3: _O3_1H,
        O3_8H: _O3_8H,
        PM10: pm10,
        PM25: pm25,
    }
    return table[key]


def indicators_in_aqi(period: Period, edition: Edition) -> frozenset[str]:
    """Which indicators enter the AQI of a report (reference data-validity-hj663.md §3.1).

    2012 real-time: 1-h SO2/NO2/CO/O3, PM (moving) and the O3 8-h moving average (9 indicators
    for 6 pollutants). 2026 real-time: the six 1-hour values only. 2012 daily: 24-h means,
    O3 daily max 1-h and MDA8. 2026 daily: 24-h means and MDA8 (O3 1-h dropped).
    """
    if period is Period.HOUR:
        if edition is Edition.HJ633_2012:
            return frozenset({SO2, NO2, CO, O3, PM10, PM25, O3_8H})
        return frozenset({SO2, NO2, CO, O3, PM10, PM25})
    if edition is Edition.HJ633_2012:
        return frozenset({SO2, NO2, CO, PM10, PM25, O3, O3_8H})
    return frozenset({SO2, NO2, CO, PM10, PM25, O3_8H})


def six_pollutants(period: Period) -> tuple[str, ...]:
    """The indicator standing for each of the six pollutants (for the missing-data rule)."""
    ozone = O3 if period is Period.HOUR else O3_8H
    return (SO2, NO2, CO, ozone, PM10, PM25)


def exact(value: float | int | str | Decimal | Fraction) -> Fraction:
    """The exact rational a reported concentration stands for (0.1 is 1/10, not 0.1000…0555)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)))


def iaqi_from_column(concentration: Fraction, column: tuple[int | None, ...]) -> int | None:
    """IAQI on one column (HJ 633 formula (1)), rounded up; None above a column that ends early.

    IAQI = (IAQI_hi − IAQI_lo) / (BP_hi − BP_lo) × (C − BP_lo) + IAQI_lo, segments continuous
    and inclusive at both ends (a breakpoint maps exactly to its own IAQI).
    """
    defined = [(IAQI_STEPS[i], bp) for i, bp in enumerate(column) if bp is not None]
    for (i_lo, c_lo), (i_hi, c_hi) in zip(defined, defined[1:], strict=False):
        if c_lo <= concentration <= c_hi:
            raw = Fraction(i_hi - i_lo, c_hi - c_lo) * (concentration - c_lo) + i_lo
            return math.ceil(raw)
    if len(defined) < len(IAQI_STEPS):
        return None  # the table has no breakpoint here: the special cases decide
    return 500  # above the highest breakpoint the IAQI is reported as 500 (爆表)


@dataclass(frozen=True)
class Level:
    """One AQI level of HJ 633 Table 2 (unchanged 2012 → 2026)."""

    number: int
    upper: int | None  # highest AQI in the level; None for level 6
    name: str
    category: str
    category_en: str
    color_name: str
    color_name_zh: str
    color_hex: str
    rgb: tuple[int, int, int]
    advice: str
    advice_en: str


LEVELS: tuple[Level, ...] = (
    Level(1, 50, "一级", "优", "Excellent", "green", "绿色", "#00E400", (0, 228, 0),
          "空气质量令人满意，基本无空气污染，各类人群可正常活动。",
          "Satisfactory; no pollution concern, everyone can be active outdoors."),
    Level(2, 100, "二级", "良", "Good", "yellow", "黄色", "#FFFF00", (255, 255, 0),
          "极少数异常敏感人群应减少户外活动。",
          "A very small number of unusually sensitive people should reduce outdoor activity."),
    Level(3, 150, "三级", "轻度污染", "Lightly polluted", "orange", "橙色", "#FF7E00",
          (255, 126, 0),
          "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼。",
          "Children, the elderly and heart or respiratory patients should reduce long or "
          "intense outdoor exercise."),
    Level(4, 200, "四级", "中度污染", "Moderately polluted", "red", "红色", "#FF0000",
          (255, 0, 0),
          "敏感人群避免长时间、高强度的户外锻炼，一般人群适量减少户外运动。",
          "Sensitive groups avoid long or intense outdoor exercise; everyone else reduces "
          "outdoor exercise."),
    Level(5, 300, "五级", "重度污染", "Heavily polluted", "purple", "紫色", "#99004C",
          (153, 0, 76),
          "敏感人群应停留在室内，停止户外运动，一般人群减少户外运动。",
          "Sensitive groups stay indoors and stop outdoor exercise; everyone else reduces "
          "outdoor exercise."),
    Level(6, None, "六级", "严重污染", "Severely polluted", "maroon", "褐红色", "#7E0023",
          (126, 0, 35),
          "儿童、老年人和病人应停留在室内，避免体力消耗，一般人群避免户外活动。",
          "Children, the elderly and patients stay indoors and avoid exertion; everyone "
          "avoids outdoor activity."),
)


def level_of(aqi: int) -> Level:
    """The level an (integer) AQI falls in: 0–50 一级 … >300 六级."""
    for level in LEVELS:
        if level.upper is None or aqi <= level.upper:
            return level
    raise AssertionError("unreachable: the last level has no upper bound")


@dataclass(frozen=True)
class AqiResult:
    """An AQI and what HJ 633 publishes with it."""

    edition: Edition
    period: Period
    iaqi: Mapping[str, int]
    aqi: int | None  # None: not published ("NA") or nothing computable
    level: Level | None
    primary_pollutants: tuple[str, ...] = ()
    exceeding_pollutants: tuple[str, ...] = ()
    missing_pollutants: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def computed_aqi(self) -> int | None:
        """Max of the IAQIs entering the AQI, published or not (alerts use this value)."""
        entering = [v for k, v in self.iaqi.items() if k in indicators_in_aqi(self.period, self.edition)]
        return max(entering) if entering else None


def _special_case(key: str, c: Fraction, period: Period, edition: Edition,
                  values: Mapping[str, Fraction], notes: list[str]) -> int | None:
    """IAQI where the table has no breakpoint: SO2 1-h and O3 8-h above 800 (reference §5)."""
    if key == SO2 and period is Period.HOUR:
        if edition is Edition.HJ633_2026:
            notes.append("so2: 1-hour SO2 above 800 µg/m³, IAQI taken as 200 (HJ 633-2026)")
            return 200
        if SO2_24H in values:
            notes.append("so2: 1-hour SO2 above 800 µg/m³, IAQI from the 24-hour mean "
                         "(HJ 633-2012 Table 1 note 2)")
            return iaqi_from_column(values[SO2_24H], _SO2_24H)
        notes.append("so2: 1-hour SO2 above 800 µg/m³ has no IAQI and no 24-hour mean was "
                     "given (HJ 633-2012 Table 1 note 2)")
        return None
    if key == O3_8H:
        if edition is Edition.HJ633_2026:
            notes.append("o3_8h: 8-hour O3 above 800 µg/m³, IAQI taken as 300 (HJ 633-2026)")
            return 300
        notes.append("o3_8h: 8-hour O3 above 800 µg/m³ has no IAQI; the O3 1-hour IAQI "
                     "stands for O3 (HJ 633-2012 Table 1 note 3)")
        return None
    raise AssertionError(f"no special case for {key}")  # pragma: no cover


def calculate(concentrations: Mapping[str, float | int | str | Decimal | Fraction],
              period: Period, edition: Edition,
              monitored: Iterable[str] | None = None) -> AqiResult:
    """IAQIs and AQI of a set of concentrations (validated: known keys, non-negative).

    `monitored` is the station's monitoring plan; a planned pollutant without a value is
    missing, which under HJ 633-2026 §5.3 withholds an AQI that is not above 100 ("NA").
    HJ 633-2012 has no such rule: its AQI is the maximum of what is there.
    """
    values = {k: exact(v) for k, v in concentrations.items() if v is not None}
    notes: list[str] = []
    iaqi: dict[str, int] = {}
    for key in POLLUTANT_KEYS:
        if key not in values:
            continue
        value = iaqi_from_column(values[key], breakpoints(key, period, edition))
        if value is None:
            value = _special_case(key, values[key], period, edition, values, notes)
        if value is not None:
            iaqi[key] = value
    entering = indicators_in_aqi(period, edition)
    for key in sorted(set(iaqi) - entering):
        notes.append(f"{key}: reported for information, not an indicator of the "
                     f"{period.value.lower()} AQI in HJ 633-{edition.value}")
    counted = {k: v for k, v in iaqi.items() if k in entering}
    plan = set(monitored) if monitored is not None else set(values)
    missing = tuple(k for k in six_pollutants(period) if k in plan and k not in values)
    if not counted:
        notes.append("no IAQI entering the AQI could be computed")
        return AqiResult(edition, period, iaqi, None, None, missing_pollutants=missing,
                         notes=tuple(notes))
    aqi = max(counted.values())
    exceeding = ()
    if edition is Edition.HJ633_2012:
        exceeding = tuple(k for k in POLLUTANT_KEYS if counted.get(k, 0) > 100)
    primary = tuple(k for k in POLLUTANT_KEYS if counted.get(k) == aqi) if aqi > 50 else ()
    if missing and edition is Edition.HJ633_2026 and aqi <= 100:
        notes.append(f"AQI not published (NA): {', '.join(missing)} missing and the AQI of the "
                     f"others is not above 100 (HJ 633-2026 §5.3)")
        return AqiResult(edition, period, iaqi, None, None, missing_pollutants=missing,
                         notes=tuple(notes))
    return AqiResult(edition, period, iaqi, aqi, level_of(aqi), primary, exceeding, missing,
                     tuple(notes))


# Reporting precision of concentrations (HJ 633-2026: µg/m³ to integers, CO mg/m³ to one
# decimal, rounded per GB/T 8170, i.e. half to even).
def round_concentration(key: str, value: float) -> Decimal:
    """A computed mean rounded to the precision it is reported (and graded) at."""
    quantum = Decimal("0.1") if key == CO else Decimal("1")
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_EVEN)
