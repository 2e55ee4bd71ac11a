"""The demo district for `make run` (JLP_DEMO=1): a few thousand cameras over the 19
subdivisions (domain/demo.py), most of them reporting keepalives, a smoke/fire alert rule and a
day of detections. Loaded once: a database that already has cameras is left as it is.

The cameras go through the import rules (quarantine included) and their first keepalive
through the status rules, but are written in bulk with their subdivision already known: the
embedded store scans a collection on every conditional write (DESIGN §4), so thousands of
single writes at start-up would cost minutes.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from jlp_common.atomic import atomic
from jlp_video_index.domain import csv_import, demo
from jlp_video_index.domain.district import BY_CODE
from jlp_video_index.domain.keepalive import KeepaliveIn, plan_keepalives
from jlp_video_index.models import Camera, StatusTransition
from jlp_video_index.registry import state_of

if TYPE_CHECKING:
    from jlp_video_index.app import Parts

log = logging.getLogger(__name__)
DEMO_TOTAL = 3000
ONLINE_SHARE_MOD = 12  # every 12th camera never reports: about 92 % online
# Nothing sends keepalives in the demo, so demo cameras are given a day of grace (3600 s × 24)
# — except every FAILING_MOD-th, which keeps the 60 s × 3 default and last reported 10 minutes
# ago: those few go OFF at the first sweep and become device-fault cases after the outage
# threshold, instead of every camera of the district going OFF three minutes after start.
DEMO_INTERVAL_S, DEMO_COUNT = 3600, 24
FAILING_MOD = 600


def load_demo(parts: Parts, total: int = DEMO_TOTAL, failing_every: int = FAILING_MOD) -> None:
    if Camera.objects.first() is not None:
        return
    cams = demo.cameras(total=total)
    report = csv_import.run_import(demo.to_csv([c.spec for c in cams]))
    for row in report.problems:
        if row.outcome is csv_import.Outcome.QUARANTINED:
            parts.registry._quarantine(row.camera_id, row.reasons, row.record, f"demo#{row.row}", "demo")
    place = {c.spec.id: BY_CODE[c.subdistrict_code] for c in cams}
    now = parts.clock()
    docs = []
    for i, checked in enumerate(report.to_store()):
        doc = parts.registry._new_doc(checked)
        doc.subdistrict_code, doc.subdistrict_name = place[doc.id].code, place[doc.id].name
        if (i + 1) % failing_every:
            doc.keepalive_interval_s, doc.keepalive_count = DEMO_INTERVAL_S, DEMO_COUNT
        docs.append(doc)
    alive = [KeepaliveIn(d.id, now - timedelta(seconds=5) if d.keepalive_interval_s else now - timedelta(minutes=10))
             for i, d in enumerate(docs) if i % ONLINE_SHARE_MOD]
    plan = plan_keepalives(alive, {d.id: state_of(d) for d in docs}, {})
    transitions = []
    for doc in docs:
        change = plan.changes.get(doc.id)
        if change is None:
            continue
        after = change.after
        doc.status, doc.status_time, doc.last_keepalive = after.status.value, after.since, after.last_keepalive
        doc.status_reason = change.transitions[-1].reason.value
        transitions += [StatusTransition(id=f"{doc.id}|{int(t.at.timestamp() * 1000)}|{t.to_status.value}",
                                         camera_id=doc.id, subdistrict_code=doc.subdistrict_code,
                                         from_status=t.from_status.value, to_status=t.to_status.value,
                                         reason=t.reason.value, at=t.at) for t in change.transitions]
    with atomic():
        Camera._get_collection().insert_many([d.to_mongo().to_dict() for d in docs])
        if transitions:
            StatusTransition._get_collection().insert_many([t.to_mongo().to_dict() for t in transitions])
    if not parts.rules.list("smoke_fire"):
        parts.rules.create({"label": "smoke_fire", "subdistrict_code": "", "polygon": "", "min_score": 0.8,
                            "severity": "CRITICAL", "enabled": True,
                            "description": "烟火：全区，置信度≥0.8"}, "demo-smoke-fire")
    stored = {d.id for d in docs}
    dets = demo.detections([c for c in cams if c.spec.id in stored], now - timedelta(days=1), per_camera=0.2)
    for start in range(0, len(dets), 1000):
        parts.detections.ingest(dets[start:start + 1000])
    parts.coverage.compute()
    log.info("demo loaded", extra={"cameras": len(docs), "quarantined": report.count(csv_import.Outcome.QUARANTINED),
                                   "detections": len(dets)})
