"""GA/T 1400-style export of a detection, and the geometry the API accepts as text."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from jlp_video_index.domain.detections import Box, Detection
from jlp_video_index.domain.gat1400 import gat_time, pixel_box, to_gat1400
from jlp_video_index.domain.geometry import AreaFilter, Circle, parse_bbox, parse_ring, to_metric

CAM = "50010700081326000123"
START = datetime(2026, 12, 2, 16, 5, 9, tzinfo=UTC)  # 00:05:09 on 3 December in Beijing


def test_detection_maps_to_gat1400_fields() -> None:
    d = Detection(id="vendorA:42", camera_id=CAM, label="smoke_fire", score=0.91234, start=START,
                  end=START + timedelta(minutes=2), boxes=(Box(0.25, 0.5, 0.5, 0.25),),
                  snapshot_uri="https://ai.example.com/s/42.jpg", clip_uri="https://ai.example.com/c/42.mp4",
                  frame_width=1920, frame_height=1080)
    o = to_gat1400(d, 106.5123456789, 29.51)
    assert (o.DeviceID, o.SourceID, o.EventType) == (CAM, "vendorA:42", "smoke_fire")
    assert (o.AppearTime, o.DisappearTime) == ("20261203000509", "20261203000709")
    assert (o.LeftTopX, o.LeftTopY, o.RightBtmX, o.RightBtmY) == (480, 540, 1440, 810)
    assert (o.StoragePath, o.VideoStoragePath) == (d.snapshot_uri, d.clip_uri)
    assert (o.Longitude, o.Latitude, o.Confidence) == (106.512346, 29.51, 0.9123)


def test_boxes_need_the_frame_size_and_stay_inside_it() -> None:
    assert pixel_box(Box(0.1, 0.1, 0.2, 0.2), 0, 0) == (0, 0, 0, 0)
    assert pixel_box(None, 1920, 1080) == (0, 0, 0, 0)
    assert pixel_box(Box(0.5, 0.5, 0.5, 0.5), 100, 100) == (50, 50, 99, 99)
    assert gat_time(None) == ""


def test_bbox_text() -> None:
    assert parse_bbox("106.4,29.4,106.6,29.6") == (106.4, 29.4, 106.6, 29.6)
    for bad, words in (("1,2,3", "4 numbers"), ("a,b,c,d", "numbers"), ("106.6,29.4,106.4,29.6", "below"),
                       ("106,95,107,96", "not a longitude")):
        with pytest.raises(ValueError, match=words):
            parse_bbox(bad)


def test_ring_text() -> None:
    ring = parse_ring("106.5,29.5,106.6,29.5,106.6,29.6,106.5,29.5")  # closed or not
    assert ring.bounds == (106.5, 29.5, 106.6, 29.6)
    for bad, words in (("106.5,29.5,106.6", "pairs"), ("106.5,29.5,106.6,29.5", "3 distinct"),
                       ("0,0,1,1,1,0,0,1", "not a simple polygon")):
        with pytest.raises(ValueError, match=words):
            parse_ring(bad)


def test_area_filter_is_the_conjunction_with_a_numeric_prefilter() -> None:
    f = AreaFilter(bbox=(106.4, 29.4, 106.6, 29.6),
                   polygon=parse_ring("106.5,29.5,106.7,29.5,106.7,29.7,106.5,29.7"),
                   circle=Circle(106.55, 29.55, 2000))
    assert f.prefilter() == f.circle.bbox()  # the circle's box lies inside the other two
    assert AreaFilter(bbox=(106.4, 29.4, 106.6, 29.6), polygon=f.polygon).prefilter() == (106.5, 29.5, 106.6, 29.6)
    assert f.contains(106.55, 29.55)
    assert not f.contains(106.45, 29.45)  # in the bbox, outside the polygon
    assert not f.contains(106.59, 29.59)  # in bbox and polygon, > 2 km from the centre
    assert AreaFilter().empty and AreaFilter().prefilter() is None
    with pytest.raises(ValueError, match="radius"):
        Circle(106.5, 29.5, 0)


def test_metric_projection_distances() -> None:
    (x1, y1), (x2, y2) = to_metric([(106.5, 29.5), (106.5, 29.501)])
    # 0.001° of latitude ≈ 110.85 m; grid north is turned ≈0.74° from true north at 106.5°E
    # (central meridian 105°E), hence the small x shift.
    assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(110.85, abs=0.3)
    assert 1.0 < x1 - x2 < 2.0
