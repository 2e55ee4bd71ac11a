"""Camera status over a real gRPC channel: keepalives (devices and their channels), timeouts,
outages reported once with their end, STALE after a restart, availability; and coverage."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_video_index.models import Camera

from .conftest import ADMIN, DEVICE, READER, bearer, make_camera, violations

NVR = "50010700001185000001"
CH1, CH2, IPC = "50010700001315000001", "50010700001315000002", "50010700081326000009"


@pytest.fixture
def cams(stub, signer):
    make_camera(stub, signer, CH1, parent_device_id=NVR)
    make_camera(stub, signer, CH2, parent_device_id=NVR, hd=True)
    make_camera(stub, signer, IPC, lon=106.40, lat=29.47, networked=True)


def keepalive(stub, signer, clock, device: str, *channels: tuple[str, int, str], at=None):
    k = pb.Keepalive(device_id=device, channels=[pb.ChannelStatus(camera_id=c, status=s, reason=r)
                                                 for c, s, r in channels])
    k.observe_time.FromDatetime(at or clock())
    return stub.KeepaliveCameras(pb.KeepaliveCamerasRequest(keepalives=[k]),
                                 metadata=bearer(signer, DEVICE, kind="client"))


def status_of(stub, signer, cid: str) -> pb.Camera:
    return stub.GetCamera(pb.GetCameraRequest(id=cid), metadata=bearer(signer, READER))


def outbox(cid: str) -> list[tuple[str, dict]]:
    return [(e.subject, json.loads(e.data)) for e in Camera.objects(id=cid).first().outbox
            if e.subject.startswith("jlp.video.camera.o")]


def test_device_keepalive_and_channel_reports(stub, signer, clock, cams) -> None:
    reply = keepalive(stub, signer, clock, NVR, (CH2, pb.VLOST, "no signal"))
    assert (reply.accepted_count, reply.transition_count) == (1, 2)
    assert status_of(stub, signer, CH1).status == pb.ON
    ch2 = status_of(stub, signer, CH2)
    assert (ch2.status, ch2.status_reason) == (pb.VLOST, "device_report")
    repeat = keepalive(stub, signer, clock, NVR)
    assert (repeat.accepted_count, repeat.stale_count) == (0, 1)
    unknown = keepalive(stub, signer, clock, "50010700001185009999")
    assert unknown.unknown_count == 1
    bad = stub.KeepaliveCameras(pb.KeepaliveCamerasRequest(keepalives=[pb.Keepalive(device_id="1")]),
                                metadata=bearer(signer, DEVICE, kind="client"))
    assert {r.field for r in bad.rejected} == {"keepalives[0].deviceId", "keepalives[0].observeTime"}
    history = stub.ListStatusTransitions(pb.ListStatusTransitionsRequest(camera_id=CH2),
                                         metadata=bearer(signer, READER))
    assert [(t.from_status, t.to_status, t.reason, t.detail) for t in history.transitions] == [
        (pb.CAMERA_STATUS_UNSPECIFIED, pb.VLOST, "device_report", "no signal")]


def test_offline_outage_reported_once_and_cleared(app, stub, signer, clock, cams) -> None:
    keepalive(stub, signer, clock, IPC)
    clock.advance(timedelta(minutes=4))
    app.parts.sweep()
    off = status_of(stub, signer, IPC)
    assert (off.status, off.status_reason) == (pb.OFF, "keepalive_timeout")
    assert outbox(IPC) == []  # not yet beyond the 30-minute outage threshold
    clock.advance(timedelta(minutes=30))
    app.parts.sweep()
    app.parts.sweep()
    [(subject, event)] = outbox(IPC)
    assert subject == "jlp.video.camera.offline" and event["cameraId"] == IPC and event["status"] == "OFF"
    assert event["subdistrictCode"] == "500107105"
    keepalive(stub, signer, clock, IPC)
    events = outbox(IPC)
    assert [s for s, _ in events] == ["jlp.video.camera.offline", "jlp.video.camera.online"]
    assert events[1][1]["outageId"] == event["outageId"]


def test_restart_marks_cameras_stale_then_off_after_the_grace(app, stub, signer, clock, cams) -> None:
    keepalive(stub, signer, clock, IPC)
    clock.advance(timedelta(hours=1))  # the service was down for an hour
    app.parts.liveness.restart()
    assert status_of(stub, signer, IPC).status == pb.STALE
    app.parts.sweep()
    assert status_of(stub, signer, IPC).status == pb.STALE  # not OFF for the silence while down
    clock.advance(timedelta(minutes=4))
    app.parts.sweep()
    assert status_of(stub, signer, IPC).status == pb.OFF


def test_availability_per_camera_and_subdistrict(app, stub, signer, clock, cams) -> None:
    start = clock()
    keepalive(stub, signer, clock, IPC)
    keepalive(stub, signer, clock, NVR)
    for _ in range(9):  # 9 minutes of keepalives for the NVR's channels only
        clock.advance(timedelta(minutes=1))
        keepalive(stub, signer, clock, NVR)
    app.parts.sweep()  # IPC: OFF at start + 3 min
    clock.advance(timedelta(minutes=1))
    req = pb.GetAvailabilityRequest()
    req.start_time.FromDatetime(start)
    req.end_time.FromDatetime(clock())
    got = stub.GetAvailability(req, metadata=bearer(signer, READER))
    by_cam = {c.camera_id: c.availability for c in got.cameras}
    assert by_cam[CH1] == pytest.approx(1.0) and by_cam[IPC] == pytest.approx(0.3)
    subs = {s.subdistrict_code: (s.camera_count, s.availability) for s in got.subdistricts}
    assert subs["500107001"] == (2, pytest.approx(1.0)) and subs["500107105"] == (1, pytest.approx(0.3))
    bad = pb.GetAvailabilityRequest()
    bad.start_time.FromDatetime(clock())
    bad.end_time.FromDatetime(start)
    with pytest.raises(Exception) as inverted:
        stub.GetAvailability(bad, metadata=bearer(signer, READER))
    assert "end_time" in violations(inverted.value)


def test_coverage_of_fixture_subdistricts(app, stub, signer, clock, cams) -> None:
    keepalive(stub, signer, clock, NVR)
    app.parts.coverage.compute()
    cov = stub.GetCoverage(pb.GetCoverageRequest(), metadata=bearer(signer, ADMIN))
    subs = {s.code: s for s in cov.subdistricts}
    yjp = subs["500107001"]  # 杨家坪街道, 4.76 km²: CH1 + CH2 (one HD), both online
    assert (yjp.cameras, yjp.hd_cameras, yjp.online_cameras, yjp.networked_cameras) == (2, 1, 2, 0)
    assert yjp.cameras_per_km2 == pytest.approx(2 / 4.76)
    assert (yjp.gap_to_shanghai, yjp.gap_to_shenzhen) == (751, 974)  # ceil(752.08 − 2), ceil(975.8 − 2)
    bsy = subs["500107105"]  # 白市驿镇, 51.96 km²: the networked IPC, offline
    assert (bsy.cameras, bsy.networked_ratio, bsy.serviceable_ratio) == (1, 1.0, 0.0)
    assert cov.district.cameras == 3 and cov.district.area_km2 == pytest.approx(430.78)
    # Key places of 杨家坪街道: the zoo (where the cameras stand) is covered; 杨家坪商圈, ≈400 m
    # away, is not (radius 100 m).
    assert (yjp.key_places, yjp.key_places_covered, yjp.key_place_coverage) == (2, 1, 0.5)
    assert cov.date == "2026-12-02"


def test_a_replica_starting_while_another_serves_marks_nothing_stale(app, stub, signer, clock, cams) -> None:
    keepalive(stub, signer, clock, IPC)
    clock.advance(timedelta(seconds=30))  # keepalives are still arriving (another replica serves them)
    assert app.parts.liveness.restart() == 0
    assert status_of(stub, signer, IPC).status == pb.ON
