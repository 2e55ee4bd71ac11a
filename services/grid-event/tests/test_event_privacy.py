"""Personal data in events: free text is masked in what JLP_GRID carries, kept in the history.

A staff note may quote a citizen's phone or ID number. Every subscriber of the grid stream
(and anyone reading it with `nats sub`) would get it, so the note of
`jlp.grid.case.status_changed` goes through privacy.mask_text; the case history, read through
GetCase by authorised readers, keeps the full note.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from jlp.grid_event.v1 import case_pb2
from jlp_grid_event import case_events
from jlp_grid_event.domain.sources import Source
from jlp_grid_event.domain.states import Status
from jlp_grid_event.models import CaseDoc

from .test_cases_grpc import report

MOBILE, LANDLINE, ID_NUMBER = "13812345678", "023-68881234", "11010519491231002X"
SECRETS = (MOBILE, "68881234", ID_NUMBER, "a.b@example.cn")


def note_with_personal_data(what: str) -> str:
    return f"{what}：市民电话 {MOBILE}，座机 {LANDLINE}，身份证 {ID_NUMBER}，邮箱 a.b@example.cn"


def pending_notes(case_id: str) -> list[str]:
    """Notes of the case's recorded status_changed events, as the relay will publish them."""
    doc = CaseDoc._get_collection().find_one({"_id": case_id})
    return [json.loads(e["data"]).get("note", "") for e in doc.get("outbox", [])
            if e["subject"] == case_events.STATUS_CHANGED]


def test_status_changed_event_masks_the_note() -> None:
    case = {"_id": "JLP-2026-000009", "source": int(Source.HOTLINE_12345), "source_ref": "t-1",
            "category_code": "06010", "department_id": "bureau-city-management",
            "grid_code": "500107001001001", "subdistrict_code": "500107001"}
    note = note_with_personal_data("已联系")
    entry = case_events.status_changed(case, "resolve", Status.IN_PROGRESS, Status.RESOLVED,
                                       datetime(2026, 11, 24, 9, 0, tzinfo=UTC), note)
    data = json.loads(entry["data"])
    assert data["note"].startswith("已联系：市民电话 [电话已隐藏]")
    for secret in SECRETS:
        assert secret not in entry["data"]
    assert data["caseId"] == case["_id"] and data["action"] == "resolve"  # the rest untouched


def test_history_keeps_the_note_events_carry_it_masked(server) -> None:
    ops = server.md("ops_center")
    c = report(server, sub="citizen-p")
    note = note_with_personal_data("不属于城管范围，已转告")
    c = server.cases.RejectCase(case_pb2.RejectCaseRequest(id=c.id, note=note), metadata=ops)
    assert c.status == case_pb2.REJECTED

    # The authorised reader sees the full note in the history.
    got = server.cases.GetCase(case_pb2.GetCaseRequest(id=c.id), metadata=ops)
    assert got.history[-1].action == "reject" and got.history[-1].note == note
    # The event recorded in the same write carries the masked note (no relay here: it waits).
    [event_note] = pending_notes(c.id)
    assert "[电话已隐藏]" in event_note and "[身份证号已隐藏]" in event_note
    assert not [s for s in SECRETS if s in event_note]
