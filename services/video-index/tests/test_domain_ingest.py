"""Planning detection batches: idempotent by id, one count and one alert per new detection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jlp_video_index.domain.alerts import AlertRule
from jlp_video_index.domain.detections import DetectionInput
from jlp_video_index.domain.ingest import CameraInfo, plan

NOW = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
CAM = CameraInfo("50010700081326000123", "谢家湾路口", 106.532, 29.522, "500107003", "g1", "bureau-city-management",
                 False)
CAMERAS = {CAM.id: CAM}
SMOKE = AlertRule("r-smoke", "smoke_fire", 0.8)


def det(i: str, **kw: object) -> DetectionInput:
    base = {"id": i, "camera_id": CAM.id, "label": "smoke_fire", "score": 0.9, "start": NOW - timedelta(minutes=5)}
    return DetectionInput(**{**base, **kw})


def test_new_detections_are_inserted_counted_and_alerted_once() -> None:
    p = plan([det("a"), det("b", label="littering")], NOW, CAMERAS, {}, [SMOKE])
    assert [d.id for d, _ in p.inserts] == ["a", "b"]
    assert p.buckets == {f"{CAM.id}|smoke_fire|2026120208": 1, f"{CAM.id}|littering|2026120208": 1}
    assert [r.alert_id for r in p.raised] == ["a"]
    assert p.inserts[0][0].alert_ids == ("a",) and p.raised[0].matched_rule_ids == ("r-smoke",)


def test_the_same_detection_twice_is_one_stored_one_count_one_alert() -> None:
    p = plan([det("a"), det("a")], NOW, CAMERAS, {}, [SMOKE])
    assert len(p.inserts) == 1 and p.duplicates == 1 and sum(p.buckets.values()) == 1 and len(p.raised) == 1
    stored = {"a": p.inserts[0][0]}
    again = plan([det("a")], NOW, CAMERAS, stored, [SMOKE])  # the batch retried
    assert again.inserts == [] and again.duplicates == 1 and not again.buckets and again.raised == []


def test_closing_an_open_detection_updates_it_without_counting_again() -> None:
    first = plan([det("a")], NOW, CAMERAS, {}, [SMOKE])
    stored = {"a": first.inserts[0][0]}
    p = plan([det("a", end=NOW)], NOW, CAMERAS, stored, [SMOKE])
    assert [d.end for d in p.updates] == [NOW] and not p.buckets and p.raised == []
    # opened and closed within one batch: one insert carrying the end
    p = plan([det("c"), det("c", end=NOW)], NOW, CAMERAS, {}, [])
    assert len(p.inserts) == 1 and p.inserts[0][0].end == NOW and p.updates == []


def test_rejections_by_index_and_field_including_unknown_camera_and_id_reuse() -> None:
    stored = {"a": plan([det("a")], NOW, CAMERAS, {}, []).inserts[0][0]}
    p = plan([det("x", score=2.0), det("y", camera_id="50010700081326000999"), det("a", label="crowding")],
             NOW, CAMERAS, stored, [], first_index=100)
    assert [(i, v.field) for i, v in p.rejected] == [(100, "score"), (101, "cameraId"), (102, "id")]
    assert p.rejected_count == 3 and p.inserts == []


def test_low_scores_raise_no_alert() -> None:
    assert plan([det("a", score=0.5)], NOW, CAMERAS, {}, [SMOKE]).raised == []
