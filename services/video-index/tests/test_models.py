"""The documents save and declare valid indexes on the embedded store."""

from __future__ import annotations

from datetime import UTC, datetime

from jlp_common.db import connect
from jlp_video_index import models


def test_documents_save_and_indexes_are_created() -> None:
    db = connect("video-index-models-test")
    for cls in models.ALL_DOCUMENTS:
        cls.ensure_indexes()
    cam = models.Camera(id="50010700081326000123", centre_code="50010700", industry_code="08", type_code="132",
                        network_code="6", name="x", owner_department_id="d", reported_lon=106.5, reported_lat=29.5,
                        lon=106.496, lat=29.503).save()
    assert models.Camera.objects(pk=cam.id).first().status == "CAMERA_STATUS_UNSPECIFIED"
    det = models.Detection(id="a", camera_id=cam.id, label="smoke_fire", score=0.9,
                           start=datetime(2026, 12, 2, tzinfo=UTC), expire=datetime(2027, 12, 2, tzinfo=UTC)).save()
    assert models.Detection.objects(pk=det.id).count() == 1
    names = {ix["name"] for ix in db["detections"].index_information().values() if "name" in ix} | set(
        db["detections"].index_information())
    assert "expire" in names and "owner_start_id" in names
