"""Surface-water class of a sample after GB 3838-2002 (reference water-quality-gb3838.md).

Single-factor method (环办〔2011〕22号): each indicator gets the best class whose limit it meets
(limits inclusive; DO is a lower limit; pH must lie in 6–9), the sample's class is the worst
indicator's, anything failing class V is 劣V. Water temperature, total nitrogen and fecal
coliform are not part of the class; for lakes and reservoirs TN is classed separately and TP
uses the lake limits. Values are compared exactly with the limits: the reference's note on
rounding to the limit's decimals is unverified, and it would contradict its own worked example
(lake TP 0.12 rounded to 0.1 would meet class IV, the example says V). An automatic station
measures only some indicators, so its class is a partial-indicator class (按自动监测项目评价).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

CLASS_NAMES = ("I", "II", "III", "IV", "V", "劣V")
GRADES = ("优", "优", "良好", "轻度污染", "中度污染", "重度污染")
WORSE_THAN_V = 6

# GB 3838-2002 Table 1 limits for classes I..V (mg/L); DO is "≥", all others "≤".
LIMITS: dict[str, tuple[str, ...]] = {
    "do": ("7.5", "6", "5", "3", "2"),
    "codmn": ("2", "4", "6", "10", "15"),
    "cod": ("15", "15", "20", "30", "40"),
    "bod5": ("3", "3", "4", "6", "10"),
    "nh3n": ("0.15", "0.5", "1.0", "1.5", "2.0"),
    "tp_river": ("0.02", "0.1", "0.2", "0.3", "0.4"),
    "tp_lake": ("0.01", "0.025", "0.05", "0.1", "0.2"),
    "tn": ("0.2", "0.5", "1.0", "1.5", "2.0"),
}
LOWER_LIMITED = frozenset({"do"})
PH_RANGE = (Decimal(6), Decimal(9))
CLASSED = ("ph", "do", "codmn", "cod", "bod5", "nh3n", "tp")


def _exact(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def parameter_class(metric: str, value: float, lake: bool = False) -> int:
    """Class 1..5 (I..V) an indicator meets, 6 for 劣V."""
    if metric == "ph":
        v = _exact(value)
        return 1 if PH_RANGE[0] <= v <= PH_RANGE[1] else WORSE_THAN_V
    key = ("tp_lake" if lake else "tp_river") if metric == "tp" else metric
    v = _exact(value)
    for number, limit in enumerate(LIMITS[key], start=1):
        meets = v >= Decimal(limit) if key in LOWER_LIMITED else v <= Decimal(limit)
        if meets:
            return number
    return WORSE_THAN_V


def class_name(number: int) -> str:
    return CLASS_NAMES[number - 1]


def _exceedance(metric: str, value: float, lake: bool) -> float:
    """How far past the class III limit an indicator is (orders the main pollutants)."""
    if metric == "ph":
        return max(6 - value, value - 9, 0.0)
    key = ("tp_lake" if lake else "tp_river") if metric == "tp" else metric
    limit = float(LIMITS[key][2])
    if key in LOWER_LIMITED:
        return (limit - value) / limit
    return (value - limit) / limit


@dataclass(frozen=True)
class WaterClassResult:
    """The class of one sample and why."""

    water_class: int | None  # None: no classed indicator in the sample
    parameters: Mapping[str, int]  # indicator → class
    above_target: tuple[str, ...]
    main_pollutants: tuple[str, ...]
    total_nitrogen_class: int | None

    @property
    def name(self) -> str:
        return class_name(self.water_class) if self.water_class else ""

    @property
    def grade(self) -> str:
        return GRADES[self.water_class - 1] if self.water_class else ""


def classify(sample: Mapping[str, float], lake: bool = False,
             target_class: int = 0) -> WaterClassResult:
    """Class of a sample (indicator → value, mg/L, pH dimensionless) by its worst indicator.

    `above_target` lists the indicators worse than the target class (0 = no target);
    `main_pollutants`: when the sample is worse than III, up to three worst indicators by class
    (then by how far past the class III limit), among those not meeting class II — as the
    reference's lake example lists them: "TP (V), then CODMn (III)" (环办〔2011〕22号 rule 6,
    reference/water-quality-gb3838.md §3–4). Indicators at class I–II are not pollutants.
    """
    classes = {m: parameter_class(m, v, lake) for m, v in sample.items() if m in CLASSED}
    tn_class = parameter_class("tn", sample["tn"]) if lake and "tn" in sample else None
    if not classes:
        return WaterClassResult(None, {}, (), (), tn_class)
    worst = max(classes.values())
    above = tuple(m for m in CLASSED if m in classes and target_class and
                  classes[m] > target_class)
    main: tuple[str, ...] = ()
    if worst > 3:
        candidates = [m for m in classes if classes[m] >= 3]
        candidates.sort(key=lambda m: (-classes[m], -_exceedance(m, sample[m], lake), m))
        main = tuple(candidates[:3])
    return WaterClassResult(worst, classes, above, main, tn_class)
