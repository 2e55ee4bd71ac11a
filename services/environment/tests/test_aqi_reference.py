"""AQI against the worked examples of reference/aqi-hj633.md and data-validity-hj663.md."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jlp_environment.domain import aqi
from jlp_environment.domain.aqi import Edition, Period, calculate

E12, E26 = Edition.HJ633_2012, Edition.HJ633_2026
WORKED_DAY = {"pm25": 80, "pm10": 120, "so2": 10, "no2": 40, "co": 1.0, "o3_8h": 100}


def test_worked_example_daily_2012() -> None:
    r = calculate(WORKED_DAY, Period.DAY, E12)
    assert dict(r.iaqi) == {"pm25": 107, "pm10": 85, "so2": 10, "no2": 50, "co": 25, "o3_8h": 50}
    assert r.aqi == 107
    assert r.level is not None and r.level.number == 3
    assert (r.level.name, r.level.category, r.level.color_hex) == ("三级", "轻度污染", "#FF7E00")
    assert r.level.category_en == "Lightly polluted"
    assert r.primary_pollutants == ("pm25",)
    assert r.exceeding_pollutants == ("pm25",)


def test_worked_example_daily_2026() -> None:
    r = calculate(WORKED_DAY, Period.DAY, E26)
    assert r.iaqi["pm25"] == 119 and r.iaqi["pm10"] == 100
    assert r.aqi == 119 and r.level is not None and r.level.number == 3
    assert r.primary_pollutants == ("pm25",)
    assert r.exceeding_pollutants == ()  # removed in 2026


@pytest.mark.parametrize(("key", "value", "period", "want_2012", "want_2026"), [
    ("pm25", "80", Period.DAY, 107, 119),
    ("co", "1.7", Period.DAY, 43, 43),
    ("no2", "350", Period.HOUR, 115, 115),  # exactly 115.0: a float would round up to 116
    ("o3_8h", "170", Period.DAY, 110, 110),
    ("pm25", "35.5", Period.DAY, 51, 51),
])
def test_python_aqi_comparison_vectors(key: str, value: str, period: Period,
                                       want_2012: int, want_2026: int) -> None:
    """Reference §7: the HJ columns (python-aqi 0.6.1's answers differ and are wrong)."""
    assert calculate({key: value}, period, E12).iaqi[key] == want_2012
    assert calculate({key: value}, period, E26).iaqi[key] == want_2026
    assert calculate({key: float(value)}, period, E26).iaqi[key] == want_2026


def test_float_inputs_are_exact() -> None:
    assert calculate({"no2": 350.0}, Period.HOUR, E26).aqi == 115
    # 0.1 + 0.2 is 0.30000000000000004 as a float; taken exactly it still grades like 0.3
    assert calculate({"co": 0.1 + 0.2}, Period.DAY, E26).iaqi["co"] == 8


def test_validity_worked_example_daily_tie() -> None:
    """data-validity-hj663.md §5: PM2.5 80 and MDA8 180 both give 119 → joint primary."""
    r = calculate({"pm25": 80, "o3_8h": 180}, Period.DAY, E26)
    assert r.iaqi == {"pm25": 119, "o3_8h": 119}
    assert r.aqi == 119
    assert set(r.primary_pollutants) == {"pm25", "o3_8h"}


def test_validity_worked_example_realtime_with_missing_co() -> None:
    """§5 steps 6–7: NO2 90 (1-h) → 45, PM2.5 100 (1-h on the daily table) → 137; CO missing
    but AQI > 100, so it is published with its primary pollutant."""
    plan = aqi.six_pollutants(Period.HOUR)
    r = calculate({"no2": 90, "pm25": 100, "so2": 5, "o3": 40, "pm10": 60}, Period.HOUR, E26,
                  monitored=plan)
    assert r.iaqi["no2"] == 45 and r.iaqi["pm25"] == 137
    assert r.aqi == 137 and r.primary_pollutants == ("pm25",)
    assert r.missing_pollutants == ("co",)


def test_missing_pollutant_na_rule_2026_only() -> None:
    plan = aqi.six_pollutants(Period.HOUR)
    r26 = calculate({"pm25": 30, "no2": 20}, Period.HOUR, E26, monitored=plan)
    assert r26.aqi is None and r26.level is None
    assert r26.iaqi == {"pm25": 43, "no2": 10}  # the IAQIs are still published
    assert set(r26.missing_pollutants) == {"so2", "co", "o3", "pm10"}
    assert r26.computed_aqi == 43
    r12 = calculate({"pm25": 30, "no2": 20}, Period.HOUR, E12, monitored=plan)
    assert r12.aqi == 43
    # without a plan, the pollutants given are the plan: nothing is missing
    assert calculate({"pm25": 30}, Period.HOUR, E26).aqi == 43


def test_primary_only_above_50() -> None:
    r = calculate({"pm25": 35, "no2": 40}, Period.DAY, E26)
    assert r.aqi == 50 and r.primary_pollutants == ()
    r = calculate({"pm25": 36, "no2": 40}, Period.DAY, E26)
    assert r.aqi == 52 and r.primary_pollutants == ("pm25",)


def test_so2_hourly_above_800() -> None:
    assert calculate({"so2": 801}, Period.HOUR, E26).iaqi["so2"] == 200
    r = calculate({"so2": 801}, Period.HOUR, E12)
    assert "so2" not in r.iaqi and r.aqi is None and any("note 2" in n for n in r.notes)
    r = calculate({"so2": 801, "so2_24h": 100}, Period.HOUR, E12)
    assert r.iaqi["so2"] == 75  # from the 24-hour column: 50 + 50 × 50/100
    assert calculate({"so2": 800}, Period.HOUR, E12).iaqi["so2"] == 200


def test_o3_8h_above_800() -> None:
    assert calculate({"o3_8h": 801}, Period.DAY, E26).iaqi["o3_8h"] == 300
    r = calculate({"o3_8h": 801, "o3": 500}, Period.DAY, E12)
    assert "o3_8h" not in r.iaqi and r.iaqi["o3"] == 225 and r.aqi == 225


def test_above_highest_breakpoint_is_500() -> None:
    assert calculate({"pm25": 501}, Period.DAY, E26).aqi == 500
    assert calculate({"co": 200}, Period.HOUR, E12).aqi == 500


def test_levels_and_colours() -> None:
    cases = {0: 1, 50: 1, 51: 2, 100: 2, 101: 3, 150: 3, 151: 4, 200: 4, 201: 5, 300: 5,
             301: 6, 500: 6}
    for value, number in cases.items():
        assert aqi.level_of(value).number == number
    assert aqi.level_of(20).rgb == (0, 228, 0)  # not pure green (go-aqi's mistake)
    assert [lv.color_hex for lv in aqi.LEVELS] == ["#00E400", "#FFFF00", "#FF7E00", "#FF0000",
                                                     "#99004C", "#7E0023"]


def test_edition_by_observation_date() -> None:
    assert aqi.edition_for(date(2026, 2, 28)) is E12
    assert aqi.edition_for(date(2026, 3, 1)) is E26
    # 2026-02-28T16:00Z is 2026-03-01 00:00 in Beijing
    assert aqi.edition_for(datetime(2026, 2, 28, 15, 59, tzinfo=UTC)) is E12
    assert aqi.edition_for(datetime(2026, 2, 28, 16, 0, tzinfo=UTC)) is E26


def test_hourly_o3_8h_enters_only_2012_realtime() -> None:
    assert calculate({"o3": 100, "o3_8h": 200}, Period.HOUR, E12).aqi == 137
    r = calculate({"o3": 100, "o3_8h": 200}, Period.HOUR, E26)
    assert r.aqi == 32 and r.iaqi["o3_8h"] == 137


def test_round_concentration_half_even() -> None:
    assert str(aqi.round_concentration("pm25", 79.6)) == "80"
    assert str(aqi.round_concentration("pm25", 35.5)) == "36"
    assert str(aqi.round_concentration("pm25", 34.5)) == "34"
    assert str(aqi.round_concentration("co", 1.25)) == "1.2"
