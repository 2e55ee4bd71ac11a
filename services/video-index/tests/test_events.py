"""Events through a real nats-server: a smoke/fire detection delivered twice is published as one
`jlp.video.detection.alerted` CloudEvent; the outbox empties once JetStream acknowledged it."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp.video_index.v1 import video_index_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_testkit.nats import wait_for
from jlp_video_index.app import build
from jlp_video_index.models import Detection as DetectionDoc

from .conftest import ADMIN, DEVICE, SETTINGS, bearer, make_camera

CAM = "50010700081326000001"


@pytest.fixture
def bus_app(nats_server, signer, clock, grid):
    settings = Settings.from_env("video-index", {**SETTINGS, "JLP_NATS_URL": nats_server.url})
    app = build(settings, bus=EventBus(settings), verifier=signer.verifier(), locator=grid, clock=clock)
    app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    yield pb_grpc.VideoIndexServiceStub(channel), app, nats_server
    channel.close()
    app.stop(0)


def test_a_smoke_fire_detection_delivered_twice_is_alerted_once(bus_app, signer, clock) -> None:
    stub, _app, nats = bus_app
    received: list[dict] = []
    listener = EventBus(Settings.from_env("listener", {"JLP_NATS_URL": nats.url}))
    listener.start()
    try:
        listener.subscribe(stream="JLP_VIDEO", durable="test-video-alerts",
                           filter_subject="jlp.video.detection.alerted",
                           handler=lambda event: received.append(event.data))
        make_camera(stub, signer, CAM)
        stub.CreateAlertRule(pb.CreateAlertRuleRequest(alert_rule=pb.AlertRule(label="smoke_fire", min_score=0.8)),
                             metadata=bearer(signer, ADMIN))
        d = pb.Detection(id="fire-1", camera_id=CAM, label="smoke_fire", score=0.95)
        d.start_time.FromDatetime(clock() - timedelta(minutes=1))
        for _ in range(2):
            stub.BatchCreateDetections(pb.BatchCreateDetectionsRequest(detections=[d]),
                                       metadata=bearer(signer, DEVICE, kind="client"))
        mine = wait_for(lambda: [e for e in received if e.get("detectionId") == "fire-1"], timeout_s=15,
                        message="jlp.video.detection.alerted of fire-1")
        wait_for(lambda: not DetectionDoc.objects(id="fire-1").first().outbox, timeout_s=15,
                 message="the outbox emptied after publication")
        assert len(mine) == 1 and mine[0]["label"] == "smoke_fire" and mine[0]["cameraId"] == CAM
    finally:
        listener.stop()
