"""The ingest's bulk write (issue 16): new detections are written as plain documents in one
unordered insert instead of one mongoengine save each. These tests hold that shortcut to what
the document class would have stored, and keep a concurrent writer's detection a duplicate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_common.events.outbox import outbox_event
from jlp_video_index import detection_store
from jlp_video_index.detection_store import detection_son
from jlp_video_index.domain import detections, ingest
from jlp_video_index.models import Box as BoxDoc
from jlp_video_index.models import Detection as DetectionDoc
from jlp_video_index.models import DetectionBucket

from .conftest import DEVICE, bearer, make_camera

CAM = "50010700081326000001"


def test_the_written_document_is_what_the_document_class_stores() -> None:
    start = datetime(2026, 11, 20, 3, 7, 30, tzinfo=UTC)
    det = detections.Detection(
        id="d-1", camera_id=CAM, label="smoke_fire", score=0.875, start=start,
        end=start + timedelta(minutes=2), boxes=(detections.Box(0.25, 0.5, 0.5, 0.25, "fire", None),
                                                 detections.Box(1, 2, 3, 4, "", 0.5)),
        snapshot_uri="https://ai.example.com/s.jpg", clip_uri="https://ai.example.com/c.mp4",
        model_version="m-3", frame_width=1920, frame_height=1080, auto_closed=True,
        expire=start + timedelta(days=30), alert_ids=("d-1",))
    cam = ingest.CameraInfo(CAM, "东门", 106.5, 29.5, "500107001", "500107001001001", "dept-a", True)
    now = start + timedelta(minutes=5)
    event = outbox_event("jlp.video.detection.alerted", pb.Detection(id="d-1"), event_id="alert-d-1",
                         subject_ref="detections/d-1")
    local = start.astimezone(detections.SHANGHAI)
    expected = DetectionDoc(  # what the per-detection save stored before issue 16
        id=det.id, camera_id=det.camera_id, owner_department_id=cam.owner_department_id,
        networked=cam.networked, label=det.label, score=det.score, start=det.start, end=det.end,
        auto_closed=det.auto_closed, local_minute=local.hour * 60 + local.minute,
        boxes=[BoxDoc(**vars(b)) for b in det.boxes], snapshot_uri=det.snapshot_uri,
        clip_uri=det.clip_uri, model_version=det.model_version, frame_width=det.frame_width,
        frame_height=det.frame_height, lon=cam.lon, lat=cam.lat, subdistrict_code=cam.subdistrict_code,
        grid_code=cam.grid_code, alert_ids=list(det.alert_ids), expire=det.expire, create_time=now,
        outbox=[event])
    expected.validate()
    got = detection_son(det, cam, now, [event.to_mongo().to_dict()])
    assert got == expected.to_mongo().to_dict()
    assert list(got) == list(expected.to_mongo().to_dict())  # same field order, too


def test_a_detection_another_writer_stored_meanwhile_is_a_duplicate(app, stub, signer, clock,
                                                                    monkeypatch) -> None:
    """Between the batch's look-up of stored ids and its insert, another replica stores one of
    the detections: that one counts as a duplicate (its document untouched, not counted in the
    hourly bucket twice), the rest of the batch is stored."""
    make_camera(stub, signer, CAM, lon=106.506, lat=29.511)
    start = clock() - timedelta(minutes=3)
    items = []
    for i in range(3):
        d = pb.Detection(id=f"race:{i}", camera_id=CAM, label="crowding", score=0.6)
        d.start_time.FromDatetime(start)
        items.append(d)
    real_plan = ingest.plan

    def plan_then_race(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = real_plan(*args, **kwargs)
        det, cam = out.inserts[1]
        DetectionDoc._get_collection().insert_one(
            {**detection_son(det, cam, clock(), []), "model_version": "other replica"})
        return out

    monkeypatch.setattr(detection_store.ingest, "plan", plan_then_race)
    reply = stub.BatchCreateDetections(pb.BatchCreateDetectionsRequest(detections=items),
                                       metadata=bearer(signer, DEVICE, kind="client"))
    assert (reply.accepted_count, reply.duplicate_count) == (2, 1)
    assert DetectionDoc._get_collection().find_one({"_id": "race:1"})["model_version"] == "other replica"
    assert {d.id for d in DetectionDoc.objects} == {"race:0", "race:1", "race:2"}
    assert sum(b.count for b in DetectionBucket.objects) == 2
