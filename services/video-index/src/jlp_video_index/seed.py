"""The demo district for `make run` (JLP_DEMO=1): a few thousand cameras over the 19
subdivisions (domain/demo.py), most of them reporting keepalives, a smoke/fire alert rule and a
day of detections. Loaded once: a database that already has cameras is left as it is.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from jlp_common.atomic import atomic
from jlp_video_index.domain import demo
from jlp_video_index.domain.csv_import import Outcome
from jlp_video_index.domain.district import BY_CODE
from jlp_video_index.domain.keepalive import KeepaliveIn
from jlp_video_index.models import Camera

log = logging.getLogger(__name__)
DEMO_TOTAL = 3000


def load_demo(parts, total: int = DEMO_TOTAL) -> None:  # noqa: ANN001 - app.Parts (no import cycle)
    if Camera.objects.first() is not None:
        return
    cams = demo.cameras(total=total)
    report, _ = parts.registry.import_csv(demo.to_csv([c.spec for c in cams]), default_owner="",
                                          request_id="demo-cameras", validate_only=False, actor="demo")
    by_id = {c.spec.id: c for c in cams}
    for cid, cam in by_id.items():  # the demo knows each camera's subdivision before grid-event does
        sub = BY_CODE[cam.subdistrict_code]
        with atomic():
            Camera.objects(id=cid).update_one(set__subdistrict_code=sub.code, set__subdistrict_name=sub.name)
    now = parts.clock()
    stored = [c.id for c in Camera.objects.only("id")]
    alive = [KeepaliveIn(cid, now - timedelta(seconds=5)) for i, cid in enumerate(sorted(stored)) if i % 12]
    parts.liveness.keepalive(alive)  # about 92 % online
    if not parts.rules.list("smoke_fire"):
        parts.rules.create({"label": "smoke_fire", "subdistrict_code": "", "polygon": "", "min_score": 0.8,
                            "severity": "CRITICAL", "enabled": True,
                            "description": "烟火：全区，置信度≥0.8"}, "demo-smoke-fire")
    day = now - timedelta(days=1)
    dets = demo.detections([c for c in cams if c.spec.id in set(stored)], day)
    for start in range(0, len(dets), 1000):
        parts.detections.ingest(dets[start:start + 1000])
    parts.coverage.compute()
    held = report.count(Outcome.QUARANTINED) if report else 0
    log.info("demo loaded", extra={"cameras": len(stored), "quarantined": held, "detections": len(dets)})
