"""Hour-bucket planning on epoch seconds (issue 16): the same buckets, keys, hours, values and
repeat counts as planning on datetimes did, and the newest value found by number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jlp_environment.buckets import ReadingStore, WriteResult, bucket_id
from jlp_environment.domain.readings import METRICS, Reading
from jlp_environment.domain.stations import StationKind
from jlp_environment.domain.timebase import hour_floor

PM25 = METRICS[StationKind.AIR]["pm25"]
T0 = datetime(2026, 11, 20, 3, 58, 0, tzinfo=UTC)


def reading(at: datetime, value: float, hourly: bool = False, station: str = "s1") -> Reading:
    return Reading(station, "pm25", value, at, hourly)


def test_the_plan_groups_by_station_metric_and_utc_hour() -> None:
    items = [reading(T0, 1.0), reading(T0 + timedelta(minutes=1), 2.0),  # 03:58, 03:59
             reading(T0 + timedelta(minutes=2), 3.0),  # 04:00: the next bucket
             reading(T0, 9.0),  # a repeat inside the batch: the first value stays
             reading(hour_floor(T0), 5.0, hourly=True), reading(hour_floor(T0), 6.0, hourly=True),
             reading(T0, 7.0, station="s2")]
    plans = ReadingStore.plan((r, PM25, 60) for r in items)
    first = bucket_id("s1", "pm25", hour_floor(T0))
    assert set(plans) == {first, bucket_id("s1", "pm25", hour_floor(T0) + timedelta(hours=1)),
                          bucket_id("s2", "pm25", hour_floor(T0))}
    plan = plans[first]
    assert plan.hour == hour_floor(T0) and plan.hour.tzinfo is not None
    assert plan.raw == {str(int(T0.timestamp())): 1.0, str(int(T0.timestamp()) + 60): 2.0}
    assert (plan.hourly, plan.repeats) == (5.0, 2)


def test_the_newest_value_of_a_write_is_chosen_by_time_not_by_text() -> None:
    """Value keys are epoch seconds as text; the newest is the numerically largest."""
    plan = ReadingStore.plan([(reading(T0, 1.0), PM25, 60)])[bucket_id("s1", "pm25", hour_floor(T0))]
    result = WriteResult()
    base = int(T0.timestamp())
    ReadingStore._count(result, plan, {str(base - 7): 1.0, str(base + 60): 3.0, str(base): 2.0}, None, 0)
    assert result.latest[("s1", "pm25")] == (T0 + timedelta(minutes=1), 3.0)
    assert result.accepted == 3
    # 999,999,999 < 1,000,000,000, though "999999999" > "1000000000" as text
    ReadingStore._count(result, plan, {"999999999": 4.0, "1000000000": 5.0}, None, 0)
    assert result.latest[("s1", "pm25")] == (T0 + timedelta(minutes=1), 3.0)
    fresh = WriteResult()
    ReadingStore._count(fresh, plan, {"999999999": 4.0, "1000000000": 5.0}, None, 0)
    assert fresh.latest[("s1", "pm25")] == (datetime.fromtimestamp(1_000_000_000, UTC), 5.0)
    hourly = WriteResult()
    ReadingStore._count(hourly, plan, {}, 8.0, 0)
    assert hourly.latest[("s1", "pm25")] == (hour_floor(T0), 8.0)
