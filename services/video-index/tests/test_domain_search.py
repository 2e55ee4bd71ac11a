"""Detection search filters: parsing with named problems, and the exact per-candidate test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jlp_video_index.domain.search import FilterInput, parse

T = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
RING = "106.50,29.50,106.52,29.50,106.52,29.52,106.50,29.52"


def test_polygon_label_and_time_of_day() -> None:
    spec, problems = parse(FilterInput(labels=("smoke_fire", "smoke_fire"), polygon=RING,
                                       time_of_day_from="09:00", time_of_day_to="11:00"))
    assert problems == [] and spec.labels == frozenset({"smoke_fire"})
    assert spec.area.prefilter() == (106.50, 29.50, 106.52, 29.52)
    assert spec.exact(106.51, 29.51, T)
    assert not spec.exact(106.53, 29.51, T)  # outside the polygon
    assert not spec.exact(106.51, 29.51, T + timedelta(hours=2))  # 12:00 local
    assert not spec.exact(None, None, T)


def test_every_problem_is_named() -> None:
    _, problems = parse(FilterInput(
        camera_ids=("1",), labels=("ufo",), subdistrict_code="5001", bbox="1,2", polygon="1,2,3",
        near_lon=106.5, start=T, end=T - timedelta(hours=1), time_of_day_from="25:00", time_of_day_to="01:00",
        min_score=2.0, review_state="MAYBE"))
    assert {v.field for v in problems} == {
        "filter.cameraIds", "filter.labels", "filter.subdistrictCode", "filter.bbox", "filter.polygon",
        "filter.radiusM", "filter.endTime", "filter.timeOfDayFrom", "filter.minScore", "filter.reviewState"}


def test_range_limit_for_summaries_and_the_fingerprint() -> None:
    _, problems = parse(FilterInput(start=T, end=T + timedelta(days=400)), max_range=timedelta(days=366))
    assert [v.field for v in problems] == ["filter.endTime"]
    a, _ = parse(FilterInput(labels=("smoke_fire",)))
    b, _ = parse(FilterInput(labels=("crowding",)))
    assert a.fingerprint() != b.fingerprint()
    assert parse(FilterInput(near_lon=106.5, near_lat=29.5, radius_m=500))[0].exact(106.5, 29.5, T)
