"""Event payloads (proto/jlp/grid_event/v1/events.proto) built from a case document.

Each is appended to the case's outbox in the same write as the change it reports, so an event
exists exactly when its change committed (DESIGN §3).

Events reach every subscriber of JLP_GRID (other services, operators with `nats sub`, the
stream's retention and the dead-letter stream), none of which is an authorised reader of a
citizen's personal data (DESIGN §3 Personal data). Free text typed by staff or citizens
(a status change's note) is therefore masked with `privacy.mask_text`, as in Open311 output;
the case history keeps the full text for readers of the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from jlp.grid_event.v1 import events_pb2
from jlp_common import subjects
from jlp_common.events import outbox_event
from jlp_common.timeutil import to_timestamp
from jlp_grid_event.domain import privacy
from jlp_grid_event.domain.deadlines import Urgency
from jlp_grid_event.domain.sources import Source
from jlp_grid_event.domain.states import Status

CREATED = subjects.GRID_CASE_CREATED
STATUS_CHANGED = subjects.GRID_CASE_STATUS_CHANGED
OVERDUE = subjects.GRID_CASE_OVERDUE
CLOSED = subjects.GRID_CASE_CLOSED


def _ref(case: Mapping) -> str:
    return f"cases/{case['_id']}"


def created(case: Mapping) -> dict:
    msg = events_pb2.CaseCreated(
        case_id=case["_id"], source=Source(case["source"]).name, source_ref=case.get("source_ref", ""),
        category_code=case["category_code"], status=Status(case["status"]).name,
        grid_code=case.get("grid_code", ""), subdistrict_code=case.get("subdistrict_code", ""),
        lon=case["lon"], lat=case["lat"], create_time=to_timestamp(case["create_time"]),
        urgency=Urgency(case.get("urgency", 1)).name)
    return outbox_event(CREATED, msg, subject_ref=_ref(case), time=case["create_time"]).to_mongo().to_dict()


def status_changed(case: Mapping, action: str, old: Status, new: Status, when: datetime,
                   note: str) -> dict:
    msg = events_pb2.CaseStatusChanged(
        case_id=case["_id"], action=action, from_status=old.name, to_status=new.name,
        source=Source(case["source"]).name, source_ref=case.get("source_ref", ""),
        category_code=case["category_code"], department_id=case.get("department_id", ""),
        grid_code=case.get("grid_code", ""), subdistrict_code=case.get("subdistrict_code", ""),
        change_time=to_timestamp(when), note=privacy.mask_text(note))
    return outbox_event(STATUS_CHANGED, msg, subject_ref=_ref(case), time=when).to_mongo().to_dict()


def closed(case: Mapping, status: Status, when: datetime, on_time: bool) -> dict:
    msg = events_pb2.CaseClosed(
        case_id=case["_id"], source=Source(case["source"]).name, source_ref=case.get("source_ref", ""),
        category_code=case["category_code"], department_id=case.get("department_id", ""),
        close_time=to_timestamp(when), on_time=on_time, status=status.name)
    return outbox_event(CLOSED, msg, subject_ref=_ref(case), time=when).to_mongo().to_dict()


def overdue(case: Mapping, stage: str, due: datetime, now: datetime, level: int,
            escalated_to: str) -> dict:
    msg = events_pb2.CaseOverdue(
        case_id=case["_id"], status=Status(case["status"]).name, stage=stage, due_time=to_timestamp(due),
        detect_time=to_timestamp(now), category_code=case["category_code"],
        department_id=case.get("department_id", ""), grid_code=case.get("grid_code", ""),
        subdistrict_code=case.get("subdistrict_code", ""), escalation_level=level,
        escalated_to=escalated_to)
    return outbox_event(OVERDUE, msg, subject_ref=_ref(case), time=now).to_mongo().to_dict()
