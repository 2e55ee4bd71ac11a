"""Stored documents ↔ protobuf messages (the only place that knows both shapes)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from jlp.grid_event.v1 import case_pb2, category_pb2, grid_pb2
from jlp_common.auth import Principal
from jlp_common.timeutil import to_timestamp
from jlp_grid_event import categories
from jlp_grid_event.cases import READ_ALL, etag_of
from jlp_grid_event.domain import receipts
from jlp_grid_event.domain.stats import Stats


def case(doc: Mapping, viewer: Principal | None, joined: bool = False) -> case_pb2.Case:
    """The case as `viewer` may see it: staff see everything; a reporter sees the case's
    progress with their own report in place of the case's text, place and photos, and nothing
    of other reporters' reports nor the staff's identities (domain/receipts.py)."""
    staff = viewer is not None and viewer.has(READ_ALL)
    me = viewer.subject if viewer is not None else ""
    d = doc.get("deadlines") or {}
    out = case_pb2.Case(
        id=doc["_id"], status=doc["status"], category_code=doc["category_code"],
        category_id=doc.get("category_id", ""), category_name=doc.get("category_name", ""),
        standard_ref=doc.get("standard_ref", ""),
        urgency=doc.get("urgency", 1),
        grid_code=doc.get("grid_code", ""), community_code=doc.get("community_code", ""),
        subdistrict_code=doc.get("subdistrict_code", ""),
        subdistrict_name=doc.get("subdistrict_name", ""),
        department_id=doc.get("department_id", ""),
        assignee_id=doc.get("assignee_id", "") if staff else "",
        reporter_ids=doc.get("reporter_ids", []) if staff else [r for r in doc.get("reporter_ids", []) if r == me],
        reporter_count=len(doc.get("reporter_ids", [])),
        deadlines=case_pb2.CaseDeadlines(
            register_due_time=to_timestamp(d.get("register_due")),
            dispatch_due_time=to_timestamp(d.get("dispatch_due")),
            resolve_due_time=to_timestamp(d.get("resolve_due")),
            verify_due_time=to_timestamp(d.get("verify_due"))),
        overdue=bool(doc.get("overdue")), escalation_level=int(doc.get("escalation_level", 0)),
        version=int(doc.get("version", 1)), etag=etag_of(int(doc.get("version", 1))),
        create_time=to_timestamp(doc.get("create_time")), update_time=to_timestamp(doc.get("update_time")),
        close_time=to_timestamp(doc.get("close_time")), joined_existing=joined)
    if staff:
        _fill_report(out, doc, doc.get("attachments", []))
        for h in doc.get("history", []):
            out.history.append(_event(h, h.get("actor", ""), h.get("note", ""),
                                      h.get("attachments", []), h.get("assignee_id", "")))
        return out
    own = receipts.receipts_of(doc, me)
    if own:  # the latest: the one just filed, in CreateCase's answer
        _fill_report(out, own[-1], own[-1].get("attachments", []))
    opened = bool(me) and receipts.originator(doc) == me
    for h in doc.get("history", []):
        shown = receipts.entry_for_reporter(h, me, opened)
        out.history.append(_event(h, shown.actor, shown.note, shown.attachments, ""))
    return out


def _fill_report(out: case_pb2.Case, report: Mapping, attachments: list) -> None:
    """What a report says: text, place, photos and origin (the case's own, or a receipt)."""
    out.description = report.get("description", "")
    out.address = report.get("address", "")
    out.location.CopyFrom(case_pb2.Location(lon=report["lon"], lat=report["lat"]))
    out.attachments.extend(attachments)
    out.source = report.get("source", 0)
    out.source_ref = report.get("source_ref", "")


def _event(h: Mapping, actor: str, note: str, attachments, assignee_id: str) -> case_pb2.CaseEvent:  # noqa: ANN001
    return case_pb2.CaseEvent(
        action=h["action"], from_status=h.get("from_status", 0), to_status=h.get("to_status", 0),
        actor=actor, time=to_timestamp(h.get("time")), note=note, attachments=list(attachments),
        department_id=h.get("department_id", ""), assignee_id=assignee_id)


def stats(s: Stats) -> case_pb2.CaseStats:
    return case_pb2.CaseStats(
        total=s.total, by_status=dict(s.by_status), by_category=dict(s.by_category),
        by_subdistrict=dict(s.by_subdistrict), by_department=dict(s.by_department),
        by_source=dict(s.by_source), closed=s.closed, closed_on_time=s.closed_on_time,
        on_time_closure_rate=round(s.on_time_closure_rate, 4), open_overdue=s.open_overdue,
        mean_stage_seconds={k: round(v, 1) for k, v in s.mean_stage_seconds.items()})


def category(doc: Mapping) -> category_pb2.Category:
    return category_pb2.Category(
        id=doc["_id"], edition=doc["edition"], standard_ref=doc.get("standard_ref", ""),
        kind=doc["kind"], code=doc["code"], name=doc["name"],
        major_code=doc.get("major_code", ""), major_name=doc.get("major_name", ""),
        department_id=doc.get("department_id", ""),
        time_limits=[category_pb2.TimeLimit(**categories.limit_to_dict(x))
                     for x in categories.limits_of(doc)],
        equivalent_id=doc.get("equivalent_id", ""), active=bool(doc.get("active", True)),
        version=int(doc.get("version", 1)), update_time=to_timestamp(doc.get("update_time")),
        group=doc.get("group", ""))


def grid(doc: Mapping, include_geometry: bool) -> grid_pb2.Grid:
    return grid_pb2.Grid(
        code=doc["code"], name=doc["name"], level=doc["level"], parent_code=doc.get("parent_code", ""),
        managed_by=doc.get("managed_by", ""), worker_id=doc.get("worker_id", ""),
        geometry=json.dumps(doc["geometry"], separators=(",", ":")) if include_geometry else "",
        area_m2=doc.get("area_m2", 0.0), center_lon=doc.get("center_lon", 0.0),
        center_lat=doc.get("center_lat", 0.0), create_time=to_timestamp(doc.get("create_time")))
