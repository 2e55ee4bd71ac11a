"""video-index events over a real nats-server: a video alert delivered twice is one case
(source VIDEO); a camera outage is one device-fault case, cancelled when the camera is back
before anyone started on it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from jlp.grid_event.v1 import case_pb2
from jlp_common import subjects
from jlp_common.config import Settings
from jlp_common.events import EventBus, Processed
from jlp_grid_event.consumers import CAMERA_ONLINE_DURABLE, VIDEO_ALERTS_DURABLE, report_for_video_alert
from jlp_testkit.nats import wait_for

from .conftest import point_in, start_server

events_pb2 = pytest.importorskip("jlp.video_index.v1.events_pb2")


def settings(nats_url: str, name: str) -> Settings:
    return Settings.from_env(name, {"JLP_NATS_URL": nats_url, "JLP_LOG_LEVEL": "WARNING"})


@pytest.fixture
def evented(nats_server) -> Iterator:
    yield from start_server(bus=EventBus(settings(nats_server.url, "grid-event")))


@pytest.fixture
def video_bus(nats_server) -> Iterator[EventBus]:
    bus = EventBus(settings(nats_server.url, "video-index"))
    bus.start()
    yield bus
    bus.stop()


def video_cases(server) -> list:
    return server.cases.ListCases(case_pb2.ListCasesRequest(source=case_pb2.VIDEO),
                                  metadata=server.md("ops_center")).cases


def test_a_smoke_fire_alert_delivered_twice_yields_one_case(evented, video_bus) -> None:
    lon, lat = point_in(0)
    alert_id = f"fire-{uuid.uuid4().hex[:6]}:rule-1"
    msg = events_pb2.DetectionAlerted(alert_id=alert_id, detection_id="fire", label="smoke_fire", score=0.95,
                                      severity="CRITICAL", camera_id="50010700081326000001", camera_name="动物园正门",
                                      lon=lon, lat=lat, alert_time=Timestamp(seconds=int(time.time())))
    video_bus.publish(subjects.VIDEO_DETECTION_ALERTED, msg)
    replay = video_bus.publish(subjects.VIDEO_DETECTION_ALERTED, msg)  # re-published under a new id
    wait_for(lambda: Processed.seen(VIDEO_ALERTS_DURABLE, replay))
    cases = [c for c in video_cases(evented) if c.source_ref == f"video-alerts/{alert_id}"]
    assert len(cases) == 1
    assert cases[0].category_id == "2026-event-99031" and cases[0].urgency == case_pb2.URGENT


def test_an_outage_is_one_fault_case_cancelled_when_the_camera_is_back(evented, video_bus) -> None:
    lon, lat = point_in(0)
    outage = f"50010700081326000001:{uuid.uuid4().int % 10**9}"
    video_bus.publish(subjects.VIDEO_CAMERA_OFFLINE, events_pb2.CameraOffline(
        outage_id=outage, camera_id="50010700081326000001", camera_name="动物园正门", status="OFF", lon=lon, lat=lat))
    case = wait_for(lambda: [c for c in video_cases(evented) if c.source_ref == f"camera-outages/{outage}"])[0]
    assert case.category_id == "2026-event-99041"
    back = video_bus.publish(subjects.VIDEO_CAMERA_ONLINE, events_pb2.CameraOnline(outage_id=outage))
    wait_for(lambda: Processed.seen(CAMERA_ONLINE_DURABLE, back))
    [after] = [c for c in video_cases(evented) if c.source_ref == f"camera-outages/{outage}"]
    assert after.status == case_pb2.CANCELLED


def test_video_alert_translation_needs_an_id() -> None:
    with pytest.raises(ValueError):
        report_for_video_alert({"label": "smoke_fire"})
    r = report_for_video_alert({"alert_id": "a:b", "label": "illegal_parking", "lon": 106.5, "lat": 29.5})
    assert r.category_code == "2026-event-09009" and r.source_ref == "video-alerts/a:b"
