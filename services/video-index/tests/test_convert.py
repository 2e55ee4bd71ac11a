"""protobuf ↔ domain translation keeps presence, datums, enums and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.protobuf import json_format

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_video_index import convert
from jlp_video_index.domain import access, coverage, detections, status
from jlp_video_index.domain.coords import Datum
from jlp_video_index.domain.play_token import PlayDecision

T = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def test_camera_spec_reads_datum_and_absent_position() -> None:
    c = pb.Camera(id=" 50010700081326000123 ", name="x", owner_department_id="d",
                  reported_position=pb.ReportedPosition(lon=106.5, lat=29.5, datum=pb.BD09))
    spec = convert.camera_spec(c)
    assert (spec.id, spec.lon, spec.lat, spec.datum) == ("50010700081326000123", 106.5, 29.5, Datum.BD09)
    bare = convert.camera_spec(pb.Camera(id="1"))
    assert (bare.lon, bare.lat, bare.datum) == (None, None, Datum.WGS84)


def test_detection_input_keeps_presence() -> None:
    d = pb.Detection(id="a", camera_id="c", label="smoke_fire", boxes=[pb.Box(x=0.1, y=0.1, width=0.2, height=0.2)])
    d.start_time.FromDatetime(T.replace(tzinfo=None))
    got = convert.detection_input(d)
    assert got.score is None and got.end is None and got.start == T
    assert got.boxes[0].score is None
    d.score = 0.0
    assert convert.detection_input(d).score == 0.0  # zero is a value, not "absent"


def test_stored_detection_to_proto_and_json() -> None:
    det = detections.accept(detections.DetectionInput("a", "50010700081326000123", "smoke_fire", 0.9, T), T)
    msg = convert.detection(det, lon=106.5, lat=29.5, subdistrict_code="500107001")
    js = json_format.MessageToDict(msg)
    assert js["reviewState"] == "UNREVIEWED" and js["startTime"] == "2026-12-02T08:00:00Z"
    assert "endTime" not in js and js["expireTime"].startswith("2027-12-02")
    assert js["location"] == {"lon": 106.5, "lat": 29.5}


def test_transition_and_figures() -> None:
    t = status.Transition(status.Status.STALE, status.Status.OFF, status.Reason.KEEPALIVE_TIMEOUT, T, "no keepalive")
    js = json_format.MessageToDict(convert.transition("c", t))
    assert (js["fromStatus"], js["toStatus"], js["reason"]) == ("STALE", "OFF", "keepalive_timeout")
    f = coverage.Figures("500107001", "杨家坪街道", 2.0, 300, 150, 30, 240, 0, 0)
    msg = convert.figures(f)
    assert msg.gap_to_shanghai == 16 and not msg.HasField("key_place_coverage")


def test_access_request_round_trip_and_expired_state() -> None:
    r = pb.AccessRequest(kind=pb.LIVE, camera_ids=["50010700081326000123"], purpose="crowd control",
                         legal_basis="order 1")
    r.start_time.FromDatetime(T.replace(tzinfo=None))
    r.end_time.FromDatetime((T + timedelta(minutes=30)).replace(tzinfo=None))
    spec = convert.access_spec(r, tuple(r.camera_ids))
    assert spec.kind is access.AccessKind.LIVE and spec.end - spec.start == timedelta(minutes=30)
    g = access.Grant("ar1", "alice", "d", access.AccessKind.LIVE, spec.camera_ids, spec.start, spec.end,
                     spec.purpose, spec.legal_basis)
    assert convert.access_request(g, T).state == pb.PENDING
    assert convert.access_request(g, T + timedelta(hours=1)).state == pb.EXPIRED
    assert convert.access_spec(pb.AccessRequest(), ()).kind is None


def test_play_response_prints_code_zero() -> None:
    js = json_format.MessageToDict(convert.play_response(PlayDecision(True, 0, "success")))
    assert js == {"code": 0, "msg": "success", "allowed": True}
