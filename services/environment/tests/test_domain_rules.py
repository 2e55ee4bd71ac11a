"""Validity (HJ 663 / GB 3095 Table 4), noise (GB 3096), water (GB 3838), the hysteresis state
machine, reading checks and credit codes — pure domain, no I/O."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from jlp_environment.domain import air, noise, water
from jlp_environment.domain.alerts import RuleSpec, TrackState, Transition, step, validate_rule
from jlp_environment.domain.credit_code import check_character, credit_code_problem
from jlp_environment.domain.readings import RawReading, check_reading
from jlp_environment.domain.stations import StationKind
from jlp_environment.domain.timebase import HOUR, day_hours
from jlp_environment.domain.validity import (
    Aggregation,
    HourlyRule,
    Statistic,
    coverage_minutes,
    daily_statistic,
    hourly_statistic,
    mda8,
    moving_8h,
)

NOW = datetime(2026, 11, 20, 4, 30, tzinfo=UTC)


# --- validity ---------------------------------------------------------------------------------
def test_hourly_needs_45_minutes() -> None:
    every_5_min = {i * 300: 50.0 for i in range(9)}  # 9 × 5 min = 45 min
    stat = hourly_statistic(every_5_min, 300, Aggregation.MEAN, HourlyRule.CONTINUOUS)
    assert stat.valid and stat.value == 50.0 and stat.coverage_minutes == 45
    short = {i * 300: 50.0 for i in range(8)}  # 40 min (calibration)
    stat = hourly_statistic(short, 300, Aggregation.MEAN, HourlyRule.CONTINUOUS)
    assert not stat.valid and stat.value is None
    assert "40 of the 45 minutes" in stat.reason


def test_coverage_counts_slots_not_values() -> None:
    assert coverage_minutes([0, 10, 20, 299], 300) == 5  # four values in one 5-minute slot
    assert coverage_minutes([i * 60 for i in range(60)], 60) == 60


def test_sampled_metric_needs_one_value() -> None:
    assert hourly_statistic({1200: 7.1}, 3600, Aggregation.MEAN, HourlyRule.SAMPLED).valid


def test_energy_mean_for_noise() -> None:
    stat = hourly_statistic({i * 60: (60.0 if i < 30 else 70.0) for i in range(60)}, 60,
                            Aggregation.ENERGY, HourlyRule.CONTINUOUS)
    assert stat.value == pytest.approx(10 * math.log10((10**6 + 10**7) / 2))


def _hours(values: list[float | None]) -> list[Statistic | None]:
    return [Statistic(v, True, 12) if v is not None else None for v in values]


def test_daily_needs_20_hours() -> None:
    assert daily_statistic(_hours([10.0] * 20 + [None] * 4), Aggregation.MEAN).valid
    stat = daily_statistic(_hours([10.0] * 19 + [None] * 5), Aggregation.MEAN)
    assert not stat.valid and "19 valid hourly values" in stat.reason


def test_o3_8h_moving_needs_6_of_8() -> None:
    assert moving_8h(_hours([100.0] * 6 + [None, None])).value == 100.0
    assert not moving_8h(_hours([100.0] * 5 + [None] * 3)).valid


def test_mda8_windows_and_validity() -> None:
    day = [float(v) for v in range(24)]
    best = mda8(_hours(day))  # windows end 08..24: best covers hours 16..23
    assert best.valid and best.value == sum(range(16, 24)) / 8 and best.count == 17
    sparse = _hours([100.0] * 12 + [None] * 12)  # windows from hour 7 on lack data
    result = mda8(sparse)
    assert not result.valid
    exceeding = _hours([200.0] * 12 + [None] * 12)  # few windows but above 160: still counts
    assert mda8(exceeding).valid


def test_daily_aqi_from_hourly_means() -> None:
    day = date(2026, 11, 20)
    hours = day_hours(day)
    stats = {"pm25": {h: Statistic(79.6, True, 12) for h in hours[:21]},
             "pm10": {h: Statistic(120.0, True, 12) for h in hours}}
    result = air.daily_aqi(day, stats)
    assert result.concentrations["pm25"] == 80  # 79.6 reported as 80 before grading
    assert result.result is not None and result.result.iaqi["pm25"] == 119
    assert not result.complete  # SO2, NO2, CO, O3 missing


def test_hourly_aqi_uses_1h_values_and_2012_before_march() -> None:
    hour = datetime(2026, 2, 1, 5, tzinfo=UTC)
    stats = {"pm25": {hour: Statistic(80.0, True, 12)}}
    assert air.hourly_aqi(hour, stats).iaqi["pm25"] == 107
    later = hour + timedelta(days=60)
    assert air.hourly_aqi(later, {"pm25": {later: Statistic(80.0, True, 12)}}).iaqi["pm25"] == 119


# --- noise ------------------------------------------------------------------------------------
def test_noise_worked_example_class1_night() -> None:
    """noise-gb3096.md §3: class 1, night Leq 47.3 → +2.3 dB(A); L_Amax 61 > 45 + 15."""
    periods = noise.DayNight()
    assert noise.hourly_excess("1", 47.3, 23, periods) == pytest.approx(2.3)
    day = noise.assess_day("1", [50.0], [47.3], [61.0])
    assert day.night_exceeded and day.night_lmax_exceeded and not day.day_exceeded
    assert noise.assess_day("3", [60.0], [55.0], [70.0]).night_lmax_exceeded is False


@pytest.mark.parametrize(("zone", "limits"), [("0", (50, 40)), ("1", (55, 45)),
                                                ("2", (60, 50)), ("3", (65, 55)),
                                                ("4a", (70, 55)), ("4b", (70, 60)),
                                                ("traffic", (70, 55))])
def test_noise_class_limits(zone: str, limits: tuple[int, int]) -> None:
    assert noise.limits_for(zone) == limits


def test_noise_day_night_boundaries_configurable() -> None:
    default = noise.DayNight()
    assert default.is_day(6) and default.is_day(21) and not default.is_day(22)
    assert not default.is_day(5)
    assert noise.DayNight(7, 23).is_day(22)
    assert noise.grade("2", 52.0, day=True) == "2" and noise.grade("traffic", 75.0, True) == "5"


# --- water ------------------------------------------------------------------------------------
WORKED_SAMPLE = {"ph": 7.6, "do": 6.8, "codmn": 4.3, "nh3n": 0.42, "tp": 0.12}


def test_water_worked_example_river() -> None:
    r = water.classify(WORKED_SAMPLE)
    assert r.parameters == {"ph": 1, "do": 2, "codmn": 3, "nh3n": 2, "tp": 3}
    assert r.name == "III" and r.grade == "良好" and r.main_pollutants == ()


def test_water_worked_example_lake() -> None:
    r = water.classify({**WORKED_SAMPLE, "tn": 1.3}, lake=True, target_class=3)
    assert r.name == "V" and r.grade == "中度污染"
    assert r.main_pollutants == ("tp", "codmn")  # "Main pollutants: TP (V), then CODMn (III)"
    assert r.above_target == ("tp",)
    assert r.total_nitrogen_class == 4  # TN IV, reported apart, not in the class


def test_water_limits_inclusive_and_worse_than_v() -> None:
    assert water.parameter_class("nh3n", 0.5) == 2
    assert water.parameter_class("do", 2.0) == 5 and water.parameter_class("do", 1.9) == 6
    assert water.parameter_class("ph", 9.4) == 6 and water.class_name(6) == "劣V"
    r = water.classify({"codmn": 16, "nh3n": 3.0, "tp": 0.35, "do": 6.5})
    assert r.name == "劣V" and r.main_pollutants == ("nh3n", "codmn", "tp")


# --- alert hysteresis ---------------------------------------------------------------------------
AIR_RULE = RuleSpec(raise_above=150, clear_at_or_below=100, raise_after=2, clear_after=2)


def run(rule: RuleSpec, values: list[float | None]) -> list[Transition | None]:
    state, out = TrackState(), []
    hour = datetime(2026, 11, 20, tzinfo=UTC)
    for i, value in enumerate(values):
        state, transition = step(rule, state, hour + i * HOUR, value)
        out.append(transition)
    return out


def test_raise_after_two_hours_and_clear_after_two_clean() -> None:
    out = run(AIR_RULE, [350, 350, 350, 80, 90])
    assert out == [None, Transition.RAISE, None, None, Transition.CLEAR]


def test_single_hour_spike_does_not_raise() -> None:
    assert run(AIR_RULE, [350, 120, 350, 90]) == [None, None, None, None]


def test_hysteresis_band_keeps_alert_open() -> None:
    out = run(AIR_RULE, [200, 200, 120, 130, 90, 120, 90, 95])
    assert out == [None, Transition.RAISE, None, None, None, None, None, Transition.CLEAR]


def test_missing_hour_breaks_run_unless_tolerated() -> None:
    assert run(AIR_RULE, [200, None, 200]) == [None, None, None]
    water_rule = RuleSpec(0, 0, raise_after=2, clear_after=2, max_gap_hours=3)
    assert run(water_rule, [1, None, None, 1]) == [None, None, None, Transition.RAISE]
    assert run(water_rule, [1, None, None, None, None, 1]) == [None] * 6


def test_rule_validation() -> None:
    assert validate_rule(RuleSpec(100, 150, 1, 1))  # clear above raise would flap
    assert not validate_rule(AIR_RULE)


# --- readings ---------------------------------------------------------------------------------
def reading(**kw: object) -> RawReading:
    base = {"station_id": "s1", "metric": "pm25", "value": 35.0,
            "observed_at": NOW - timedelta(minutes=1)}
    base.update(kw)
    return RawReading(**base)  # type: ignore[arg-type]


def test_reading_checks() -> None:
    ok, problems = check_reading(reading(), StationKind.AIR, NOW)
    assert ok is not None and not problems
    cases = {
        "stationId": (reading(), None),
        "metric": (reading(metric="noise_leq"), StationKind.AIR),
        "value": (reading(value=-1.0), StationKind.AIR),
        "observedAt": (reading(observed_at=NOW + timedelta(minutes=6)), StationKind.AIR),
        "unit": (reading(unit="dB(A)"), StationKind.AIR),
        "period": (reading(period="DAY"), StationKind.AIR),
    }
    for field, (raw, kind) in cases.items():
        checked, problems = check_reading(raw, kind, NOW)
        assert checked is None and problems[0][0] == field, field
    assert check_reading(reading(value=float("nan")), StationKind.AIR, NOW)[1][0][0] == "value"


def test_reading_units_convert_and_time_limits() -> None:
    ok, _ = check_reading(reading(metric="co", value=1200.0, unit="ug/m3"), StationKind.AIR, NOW)
    assert ok is not None and ok.value == pytest.approx(1.2)
    ok, _ = check_reading(reading(observed_at=NOW + timedelta(minutes=5)), StationKind.AIR, NOW)
    assert ok is not None
    hour = NOW.replace(minute=0, second=0) - HOUR
    ok, _ = check_reading(reading(observed_at=hour, period="HOUR"), StationKind.AIR, NOW)
    assert ok is not None and ok.hourly
    _, problems = check_reading(reading(observed_at=hour + timedelta(minutes=5), period="HOUR"),
                                StationKind.AIR, NOW)
    assert problems[0][0] == "period"


# --- credit codes -----------------------------------------------------------------------------
def test_credit_code_worked_example() -> None:
    assert check_character("91500107MA5U00003") == "G"
    assert credit_code_problem("91500107MA5U00003G") == ""
    assert credit_code_problem("N2500107E00000010Y") == ""  # stdnum rejects this valid code
    assert "check character" in credit_code_problem("91500107MA5U00003H")
    assert credit_code_problem("91500107MA5U0000I5")
    assert credit_code_problem("9150010MA5U000011")
