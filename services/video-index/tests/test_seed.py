"""The demo district loads through the service's own rules, once."""

from __future__ import annotations

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_video_index.models import Camera, QuarantinedCamera
from jlp_video_index.seed import load_demo

from .conftest import ADMIN, bearer


def test_demo_cameras_statuses_rule_detections_and_coverage(app, stub, signer) -> None:
    load_demo(app.parts, total=600, failing_every=100)
    stored = Camera.objects.count()
    held = QuarantinedCamera.objects.count()
    assert stored + held >= 594 and held >= 3  # 1 % doubtful ids, some colliding with each other
    assert Camera.objects(status="ON").count() == stored - len(range(0, stored, 12))
    assert Camera.objects(subdistrict_code="").count() == 0
    md = bearer(signer, (*ADMIN, "video:camera.read_all"), dept="ops-center")
    assert [r.label for r in stub.ListAlertRules(pb.ListAlertRulesRequest(), metadata=md).alert_rules] == ["smoke_fire"]
    summary = stub.SummarizeDetections(pb.SummarizeDetectionsRequest(), metadata=md)
    assert summary.total == round(stored * 0.2)
    cov = stub.GetCoverage(pb.GetCoverageRequest(), metadata=md)
    assert cov.district.cameras == stored and len(cov.subdistricts) == 19
    assert cov.district.hd_ratio > 0.45 and 0.05 < cov.district.networked_ratio < 0.15
    load_demo(app.parts, total=600)  # a second start leaves the data as it is
    assert Camera.objects.count() == stored
    failing = Camera.objects(keepalive_interval_s=0, status="ON").count()  # 60 s × 3, last seen 10 min ago
    app.parts.sweep()
    assert 0 < Camera.objects(status="OFF").count() == failing <= 6  # the rest are not timed out
