"""Detection checks, merging of repeats, auto-closing, buckets and local times."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from jlp_video_index.domain.detections import (
    Box,
    DetectionInput,
    MergeOutcome,
    accept,
    bucket_key,
    check_detection,
    check_uri,
    close_if_overdue,
    hour_start,
    in_time_of_day,
    local_date,
    merge,
    parse_time_of_day,
)

NOW = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
CAM = "50010700081326000123"


def det(**kw: object) -> DetectionInput:
    base = DetectionInput(id="vendorA:42", camera_id=CAM, label="smoke_fire", score=0.91,
                          start=NOW - timedelta(minutes=10), end=None,
                          boxes=(Box(0.1, 0.2, 0.3, 0.4, "smoke", 0.9),),
                          snapshot_uri="https://ai.example.com/s/42.jpg", model_version="yolo-v8.2")
    return replace(base, **kw)


def fields(d: DetectionInput) -> dict[str, str]:
    return {v.field: v.description for v in check_detection(d, NOW)}


def test_a_good_detection_has_no_violations() -> None:
    assert check_detection(det(), NOW) == []


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"id": "has space"}, "id", "A-Z"),
    ({"camera_id": "123"}, "cameraId", "20-digit"),
    ({"label": "ufo"}, "label", "controlled list"),
    ({"score": None}, "score", "required"),
    ({"score": 1.5}, "score", "0 to 1"),
    ({"score": float("nan")}, "score", "0 to 1"),
    ({"start": None}, "startTime", "required"),
    ({"start": NOW + timedelta(minutes=6)}, "startTime", "future"),
    ({"start": datetime(1999, 1, 1, tzinfo=UTC)}, "startTime", "2000"),
    ({"end": NOW - timedelta(minutes=11)}, "endTime", "before startTime"),
    ({"start": NOW - timedelta(hours=5), "end": NOW}, "endTime", "more than 2 h after startTime"),
    ({"boxes": (Box(0.9, 0.1, 0.2, 0.1),)}, "boxes[0]", "beyond the frame"),
    ({"boxes": (Box(-0.1, 0.1, 0.2, 0.1),)}, "boxes[0].x", "fraction"),
    ({"boxes": (Box(0.1, 0.1, 0.0, 0.1),)}, "boxes[0]", "above 0"),
    ({"boxes": tuple(Box(0.1, 0.1, 0.1, 0.1) for _ in range(101))}, "boxes", "at most 100"),
    ({"snapshot_uri": "file:///etc/passwd"}, "snapshotUri", "scheme must be https or http"),
    ({"clip_uri": "https://user:pw@ai.example.com/c.mp4"}, "clipUri", "credentials"),
    ({"frame_width": -1}, "frameWidth", "pixels"),
])
def test_each_problem_is_named_by_its_json_field(change: dict, field: str, words: str) -> None:
    problems = fields(det(**change))
    assert field in problems, problems
    assert words in problems[field]


@pytest.mark.parametrize("uri", ["gopher://x/", "javascript:alert(1)", "https://", "http://h:99999/x",
                                 "https://a b/", "https://h/\n"])
def test_external_uris_are_only_checked_never_fetched(uri: str) -> None:
    assert check_uri(uri) is not None
    assert check_uri("") is None and check_uri("http://10.0.0.5:8080/a.jpg?x=1") is None


def test_open_detection_closed_at_the_maximum() -> None:
    stored = accept(det(start=NOW - timedelta(hours=3)), NOW)
    assert stored.end == NOW - timedelta(hours=1) and stored.auto_closed
    fresh = accept(det(), NOW)
    assert fresh.end is None and not fresh.auto_closed
    assert close_if_overdue(fresh, NOW + timedelta(hours=2)).auto_closed


def test_retention_by_label() -> None:
    assert accept(det(), NOW).expire == NOW - timedelta(minutes=10) + timedelta(days=365)
    assert accept(det(label="littering"), NOW).expire == NOW - timedelta(minutes=10) + timedelta(days=90)


def test_same_id_twice_is_one_detection() -> None:
    first = accept(det(), NOW)
    outcome, kept = merge(first, accept(det(), NOW))
    assert outcome is MergeOutcome.DUPLICATE and kept == first


def test_closing_an_open_detection_is_an_update_applied_once() -> None:
    first = accept(det(), NOW)
    outcome, updated = merge(first, accept(det(end=NOW), NOW))
    assert outcome is MergeOutcome.UPDATED and updated.end == NOW
    outcome, again = merge(updated, accept(det(end=NOW), NOW))
    assert outcome is MergeOutcome.DUPLICATE and again == updated


def test_reusing_an_id_for_another_event_is_a_conflict() -> None:
    first = accept(det(), NOW)
    assert merge(first, accept(det(label="crowding"), NOW))[0] is MergeOutcome.CONFLICT
    assert merge(first, accept(det(start=NOW - timedelta(minutes=9)), NOW))[0] is MergeOutcome.CONFLICT


def test_hourly_bucket_keys_are_utc_hours() -> None:
    t = datetime(2026, 12, 2, 8, 59, 59, tzinfo=UTC)
    assert bucket_key(CAM, "smoke_fire", t) == f"{CAM}|smoke_fire|2026120208"
    assert hour_start(t + timedelta(seconds=1)) == datetime(2026, 12, 2, 9, tzinfo=UTC)


def test_local_day_and_time_of_day_in_shanghai() -> None:
    late = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)  # 00:30 on 3 December in Beijing
    assert local_date(late) == "2026-12-03"
    night = (parse_time_of_day("22:00", "timeOfDayFrom"), parse_time_of_day("06:00", "timeOfDayTo"))
    assert in_time_of_day(late, *night)
    assert not in_time_of_day(datetime(2026, 12, 2, 4, 0, tzinfo=UTC), *night)  # 12:00 local
    assert in_time_of_day(datetime(2026, 12, 2, 1, 0, tzinfo=UTC), time(9), time(10))  # 09:00 local
    assert not in_time_of_day(datetime(2026, 12, 2, 2, 0, tzinfo=UTC), time(9), time(10))  # end excluded
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time_of_day("24:00", "timeOfDayTo")


def test_the_uri_character_check_is_str_isspace_or_a_control_character() -> None:
    """check_uri tests characters with one regex; it must refuse exactly what the per-character
    test it replaced (c.isspace() or ord(c) < 0x20) refused, over all of Unicode."""
    from jlp_video_index.domain.detections import _SPACE_OR_CONTROL, check_uri

    for code in range(0x110000):
        c = chr(code)
        assert bool(_SPACE_OR_CONTROL.search(c)) == (c.isspace() or code < 0x20), hex(code)
    assert check_uri("https://ai.example.com/a\u3000b.jpg") == "contains whitespace or control characters"


def test_bucket_keys_are_the_utc_hour_of_the_start() -> None:
    from jlp_video_index.domain.detections import bucket_key

    t = datetime(2026, 1, 2, 3, 59, 59, tzinfo=timezone(timedelta(hours=8)))
    assert bucket_key("50010700081326000001", "crowding", t) == "50010700081326000001|crowding|2026010119"
    assert bucket_key("c", "l", datetime(2026, 12, 31, 23, 0, tzinfo=UTC)) == "c|l|2026123123"
