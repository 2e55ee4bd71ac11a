"""Detections over a real gRPC channel: idempotent ingest (batch and stream), one alert per
detection and rule, search by polygon + label + time with a cursor inside the caller's grant,
summary, review, GA/T 1400 export, auto-close."""

from __future__ import annotations

import json
from datetime import timedelta

import grpc
import pytest
from google.protobuf import json_format

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_video_index.models import Detection as DetectionDoc
from jlp_video_index.models import DetectionBucket

from .conftest import ADMIN, CITY, DEVICE, POLICE, READER, bearer, make_camera, violations

CAM_IN = "50010700081326000001"  # inside the search polygon
CAM_OUT = "50010700081326000002"  # outside it
CAM_POLICE = "50010700001325000003"  # inside, another department's
RING = "106.500,29.500,106.515,29.500,106.515,29.515,106.500,29.515"


@pytest.fixture
def cams(stub, signer):
    make_camera(stub, signer, CAM_IN, lon=106.506, lat=29.511)
    make_camera(stub, signer, CAM_OUT, lon=106.530, lat=29.530)
    make_camera(stub, signer, CAM_POLICE, lon=106.507, lat=29.510, owner=POLICE)


def det(i: str, cam: str, start, label: str = "smoke_fire", score: float = 0.9, **kw) -> pb.Detection:
    d = pb.Detection(id=i, camera_id=cam, label=label, score=score,
                     snapshot_uri=f"https://ai.example.com/s/{i}.jpg", frame_width=1920, frame_height=1080,
                     boxes=[pb.Box(x=0.25, y=0.5, width=0.5, height=0.25)], **kw)
    d.start_time.FromDatetime(start)
    return d


def batch(stub, signer, *items: pb.Detection) -> pb.BatchCreateDetectionsResponse:
    return stub.BatchCreateDetections(pb.BatchCreateDetectionsRequest(detections=list(items)),
                                      metadata=bearer(signer, DEVICE, kind="client"))


def rule(stub, signer, label: str = "smoke_fire", min_score: float = 0.8) -> pb.AlertRule:
    return stub.CreateAlertRule(pb.CreateAlertRuleRequest(alert_rule=pb.AlertRule(
        label=label, min_score=min_score, severity=pb.CRITICAL)), metadata=bearer(signer, ADMIN))


def alert_events() -> list[dict]:
    return [json.loads(e.data) for d in DetectionDoc.objects for e in d.outbox
            if e.subject == "jlp.video.detection.alerted"]


def test_the_same_detection_twice_is_stored_once_and_alerts_once(stub, signer, clock, cams) -> None:
    rule(stub, signer)
    stub.CreateAlertRule(pb.CreateAlertRuleRequest(alert_rule=pb.AlertRule(  # overlapping: still one alert
        label="smoke_fire", min_score=0.5, subdistrict_code="500107001", severity=pb.MAJOR)),
        metadata=bearer(signer, ADMIN))
    start = clock() - timedelta(minutes=3)
    first = batch(stub, signer, det("vendorA:1", CAM_IN, start))
    assert (first.accepted_count, first.alerted_count) == (1, 1)
    again = batch(stub, signer, det("vendorA:1", CAM_IN, start), det("vendorA:1", CAM_IN, start))
    assert (again.accepted_count, again.duplicate_count, again.alerted_count) == (0, 2, 0)
    assert DetectionDoc.objects(id="vendorA:1").count() == 1
    [event] = alert_events()
    assert event["alertId"] == "vendorA:1" and event["label"] == "smoke_fire"
    assert len(event["matchedRuleIds"]) == 2
    assert event["subdistrictCode"] == "500107001" and event["severity"] == "CRITICAL"
    summary = stub.SummarizeDetections(pb.SummarizeDetectionsRequest(), metadata=bearer(signer, READER))
    assert summary.total == 1  # counted once


def test_the_relay_is_woken_once_the_alerts_are_stored_and_not_for_plain_detections(
        app, stub, signer, clock, cams) -> None:
    """Issue 16: an alert's event leaves as soon as its detection is stored — the batch's new
    detections are one write, and the relay is woken right after it, before the hourly
    counts are written — and a batch that raised nothing does not cost the relay a pass."""
    rule(stub, signer)
    at_wake: list[tuple[int, int]] = []
    app.parts.detections.on_write = lambda: at_wake.append(
        (len(alert_events()), DetectionBucket.objects.count()))
    start = clock() - timedelta(minutes=3)
    batch(stub, signer, det("plain:1", CAM_IN, start, score=0.3), det("plain:2", CAM_IN, start, score=0.4))
    assert at_wake == []
    batch(stub, signer, det("fire:1", CAM_IN, start), det("plain:3", CAM_IN, start, score=0.3),
          det("fire:2", CAM_OUT, start))
    # once, with both alerts stored; CAM_OUT's hourly bucket is not written yet
    assert at_wake == [(2, 1)]
    assert DetectionBucket.objects.count() == 2


def test_closing_an_open_detection_and_rejections_by_field(stub, signer, clock, cams) -> None:
    start = clock() - timedelta(minutes=3)
    batch(stub, signer, det("d-open", CAM_IN, start))
    closing = det("d-open", CAM_IN, start)
    closing.end_time.FromDatetime(clock())
    bad = det("d-bad", "123", start, score=2.0, label="ufo")
    reply = batch(stub, signer, closing, bad, det("d-unknown", "50010700081326009999", start))
    assert reply.updated_count == 1 and reply.rejected_count == 2
    assert {(r.index, r.field) for r in reply.rejected} >= {(1, "cameraId"), (1, "score"), (1, "label"),
                                                           (2, "cameraId")}
    got = stub.GetDetection(pb.GetDetectionRequest(id="d-open"), metadata=bearer(signer, READER))
    assert got.HasField("end_time") and not got.auto_closed


def test_stream_upload_counts_over_the_whole_stream(stub, signer, clock, cams) -> None:
    start = clock() - timedelta(minutes=3)
    messages = [pb.StreamDetectionsRequest(detections=[det("s1", CAM_IN, start), det("s2", CAM_IN, start)]),
                pb.StreamDetectionsRequest(detections=[det("s2", CAM_IN, start), det("s3", "x", start)])]
    reply = stub.StreamDetections(iter(messages), metadata=bearer(signer, DEVICE, kind="client"))
    assert (reply.accepted_count, reply.duplicate_count, reply.rejected_count) == (2, 1, 1)
    assert [r.index for r in reply.rejected] == [3]


def test_search_polygon_label_time_paged_and_within_the_grant(stub, signer, clock, cams) -> None:
    t = clock() - timedelta(hours=5)
    fixtures = [
        det("m1", CAM_IN, t), det("m2", CAM_IN, t + timedelta(minutes=10)),
        det("m3", CAM_IN, t + timedelta(minutes=20)),
        det("x-label", CAM_IN, t + timedelta(minutes=5), label="littering"),
        det("x-place", CAM_OUT, t + timedelta(minutes=5)),
        det("x-time", CAM_IN, t - timedelta(hours=3)),
        det("x-grant", CAM_POLICE, t + timedelta(minutes=5)),
    ]
    assert batch(stub, signer, *fixtures).accepted_count == 7
    flt = pb.DetectionFilter(polygon=RING, labels=["smoke_fire"])
    flt.start_time.FromDatetime(t - timedelta(minutes=1))
    flt.end_time.FromDatetime(t + timedelta(hours=1))
    md = bearer(signer, READER, dept=CITY)
    page1 = stub.ListDetections(pb.ListDetectionsRequest(filter=flt, page_size=2), metadata=md)
    page2 = stub.ListDetections(pb.ListDetectionsRequest(filter=flt, page_size=2, page_token=page1.next_page_token),
                                metadata=md)
    assert [d.id for d in page1.detections] == ["m3", "m2"] and page1.next_page_token
    assert [d.id for d in page2.detections] == ["m1"] and not page2.next_page_token
    police = stub.ListDetections(pb.ListDetectionsRequest(filter=flt), metadata=bearer(signer, READER, dept=POLICE))
    assert [d.id for d in police.detections] == ["x-grant"]  # its own camera only (CAM_IN is not networked)
    tod = pb.DetectionFilter(time_of_day_from="05:00", time_of_day_to="05:15")  # t = 05:00 Beijing
    assert {d.id for d in stub.ListDetections(pb.ListDetectionsRequest(filter=tod), metadata=md).detections} == {
        "m1", "m2", "x-label", "x-place"}
    with pytest.raises(grpc.RpcError) as bad:
        stub.ListDetections(pb.ListDetectionsRequest(filter=pb.DetectionFilter(polygon="1,2")), metadata=md)
    assert "filter.polygon" in violations(bad.value)
    with pytest.raises(grpc.RpcError) as reused:
        stub.ListDetections(pb.ListDetectionsRequest(filter=pb.DetectionFilter(labels=["crowding"]),
                                                     page_token=page1.next_page_token), metadata=md)
    assert reused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_summary_by_day_label_subdistrict_and_review_and_export(stub, signer, clock, cams) -> None:
    t = clock() - timedelta(hours=1)
    batch(stub, signer, det("a", CAM_IN, t), det("b", CAM_IN, t, label="littering"), det("c", CAM_OUT, t),
          det("p", CAM_POLICE, t))
    rows = stub.SummarizeDetections(pb.SummarizeDetectionsRequest(), metadata=bearer(signer, READER)).rows
    assert {(r.date, r.label, r.subdistrict_code, r.count) for r in rows} == {
        ("2026-12-02", "smoke_fire", "500107001", 2), ("2026-12-02", "littering", "500107001", 1)}
    reviewed = stub.ReviewDetection(pb.ReviewDetectionRequest(id="a", review_state=pb.FALSE_POSITIVE, note="steam"),
                                    metadata=bearer(signer, ADMIN, sub="op-1"))
    assert (reviewed.review_state, reviewed.reviewer) == (pb.FALSE_POSITIVE, "op-1")
    only = pb.DetectionFilter(review_state=pb.FALSE_POSITIVE)
    assert [d.id for d in stub.ListDetections(pb.ListDetectionsRequest(filter=only),
                                              metadata=bearer(signer, READER)).detections] == ["a"]
    export = stub.ExportDetections(pb.ExportDetectionsRequest(filter=pb.DetectionFilter(camera_ids=[CAM_IN])),
                                   metadata=bearer(signer, ADMIN))
    js = json_format.MessageToDict(export.objects[0])
    assert js["DeviceID"] == CAM_IN and (js["LeftTopX"], js["RightBtmY"]) == (480, 810)
    assert js["AppearTime"] == "20261202090000" and js["StoragePath"].startswith("https://")


def test_open_detections_are_closed_by_the_sweep(app, stub, signer, clock, cams) -> None:
    batch(stub, signer, det("long", CAM_IN, clock() - timedelta(minutes=30)))
    clock.advance(timedelta(hours=2))
    app.parts.sweep()
    got = stub.GetDetection(pb.GetDetectionRequest(id="long"), metadata=bearer(signer, READER))
    assert got.auto_closed and got.end_time.ToDatetime() - got.start_time.ToDatetime() == timedelta(hours=2)


def test_citizens_and_readers_cannot_write(stub, signer, clock, cams) -> None:
    with pytest.raises(grpc.RpcError) as denied:
        stub.BatchCreateDetections(pb.BatchCreateDetectionsRequest(detections=[det("z", CAM_IN, clock())]),
                                   metadata=bearer(signer, ("grid:case.report",), kind="user"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
