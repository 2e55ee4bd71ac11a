"""Case workflow: reporting (with duplicate joining and source idempotency), transitions with
optimistic concurrency, visibility and queries. Protobuf-free; servicers translate.

Every change is one conditional single-document update — `filter: _id & version`, `$set` the
new state, `$push` a history entry and the outbox events, `$inc` the version — so of two
concurrent writers exactly one wins and the other is told its view was stale (ADR 0040).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import compare_and_set
from jlp_common.auth import Principal
from jlp_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound, PermissionDenied
from jlp_common.timeutil import as_utc, utc_now
from jlp_grid_event import case_events, categories
from jlp_grid_event.department_directory import DepartmentDirectory, Verdict
from jlp_grid_event.domain import deadlines as dl
from jlp_grid_event.domain import dispatch, duplicates, receipts, sources, states
from jlp_grid_event.domain.deadlines import Deadlines, Urgency, WorkingCalendar
from jlp_grid_event.domain.sources import Source
from jlp_grid_event.domain.states import Status
from jlp_grid_event.grids import GridDirectory, Location
from jlp_grid_event.models import CaseDoc
from jlp_grid_event.store import claims, next_sequence

log = logging.getLogger(__name__)

READ_ALL = "grid:case.read"
MAX_DESCRIPTION = 4000  # Open311 limit; ample for a case
MAX_ADDRESS = 256  # GB/T 47678.5-2026 事发位置 (reference §3.2)
MAX_NOTE = 2000
MAX_SOURCE_REF = 200
MAX_URL = 2048
MAX_ATTACHMENTS = 20
RETRIES = 3
# Where an automatic report outside every unit grid is filed: the district itself (no
# subdistrict, community, grid or grid worker), so the command centre registers and dispatches it.
DISTRICT_LEVEL = Location("", "", "", "", "", "", "")
OUTSIDE_GRID_NOTE = "outside the district's unit grid: filed at district level"
# Department codes and subject ids (identity's slugs, division codes, `gw-…`, client ids).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
# C0 controls other than tab/newline/CR (not valid in XML 1.0, never meaningful in a report).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(bad: list[FieldViolation], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        bad.append(FieldViolation(field, f"at most {limit} characters"))
    elif _CONTROL.search(value):
        bad.append(FieldViolation(field, "must not contain control characters"))


def check_attachments(bad: list[FieldViolation], field: str, urls: Sequence[str]) -> None:
    if len(urls) > MAX_ATTACHMENTS:
        bad.append(FieldViolation(field, f"at most {MAX_ATTACHMENTS}"))
        return
    for i, url in enumerate(urls):
        if not url.startswith(("https://", "http://")) or len(url) > MAX_URL or _CONTROL.search(url) \
                or any(c.isspace() for c in url):
            bad.append(FieldViolation(f"{field}[{i}]", f"must be an http(s) URL of at most {MAX_URL} characters"))


def check_id(bad: list[FieldViolation], field: str, value: str) -> None:
    if value and not _ID.fullmatch(value):
        bad.append(FieldViolation(field, "not a valid identifier (letters, digits, . _ : @ -; at most 128)"))


@dataclass
class Report:
    """A new report as the caller sent it."""

    category_code: str
    lon: float
    lat: float
    description: str = ""
    address: str = ""
    urgency: int = 0
    attachments: Sequence[str] = ()
    source: int = 0
    source_ref: str = ""


@dataclass
class TransitionInput:
    action: str
    case_id: str
    note: str = ""
    attachments: Sequence[str] = ()
    expected_version: int = 0
    department_id: str = ""  # dispatch override
    assignee_id: str = ""  # dispatch override
    category_code: str = ""  # register correction
    urgency: int = 0  # register correction


@dataclass
class CaseQuery:
    status: int = 0
    source: int = 0
    category_code: str = ""
    grid_code: str = ""
    subdistrict_code: str = ""
    department_id: str = ""
    overdue: bool = False
    start_time: datetime | None = None
    end_time: datetime | None = None
    reporter: str = ""

    def mongo(self) -> dict:
        q: dict[str, Any] = {}
        if self.status:
            q["status"] = self.status
        if self.source:
            q["source"] = self.source
        if self.category_code:
            q["category_code"] = self.category_code
        for name in ("grid_code", "subdistrict_code", "department_id"):
            if getattr(self, name):
                q[name] = getattr(self, name)
        if self.overdue:
            q["overdue"] = True
        if self.start_time or self.end_time:
            q["create_time"] = {}
            if self.start_time:
                q["create_time"]["$gte"] = self.start_time
            if self.end_time:
                q["create_time"]["$lt"] = self.end_time
        if self.reporter:
            q["reporter_ids"] = self.reporter
        return q


def parse_etag(etag: str) -> int:
    """`W/"7"` or `"7"` or `7` → 7; InvalidArgument otherwise."""
    raw = etag.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        raise InvalidArgument.field("etag", "not an etag of this service")
    return int(raw)


def etag_of(version: int) -> str:
    return f'W/"{version}"'


class CaseService:
    """The case workflow over the store; `clock` is injectable for tests."""

    def __init__(self, grid: GridDirectory, calendar: WorkingCalendar | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 on_write: Callable[[], None] = lambda: None,
                 departments: DepartmentDirectory | None = None) -> None:
        self.grid = grid
        self.departments = departments  # None: department codes are not verified (tests, tools)
        self.calendar = calendar or WorkingCalendar()
        self.clock = clock
        self.on_write = on_write  # e.g. wake the outbox relay
        self.coll = CaseDoc._get_collection()

    # --- reading -------------------------------------------------------------------------
    def load(self, case_id: str) -> dict:
        doc = self.coll.find_one({"_id": case_id})
        if doc is None:
            raise NotFound("Case", case_id)
        return doc

    def get_visible(self, case_id: str, principal: Principal | None) -> dict:
        """The case if the caller may see it: staff with grid:case.read, or one of its reporters."""
        doc = self.load(case_id)
        if principal is not None and (principal.has(READ_ALL) or principal.subject in doc.get("reporter_ids", [])):
            return doc
        raise PermissionDenied(f"case {case_id} is not one of your reports",
                               reason="NOT_YOUR_CASE", metadata={"case": case_id})

    def list(self, query: CaseQuery, after: tuple[datetime, str] | None, limit: int) -> list[dict]:
        """Newest first, keyset-paged on (create_time, id)."""
        q = query.mongo()
        if after is not None:
            t, cid = after
            q = {"$and": [q, {"$or": [{"create_time": {"$lt": t}},
                                      {"create_time": t, "_id": {"$lt": cid}}]}]}
        cursor = self.coll.find(q, {"outbox": 0}).sort([("create_time", -1), ("_id", -1)]).limit(limit)
        return list(cursor)

    def find(self, query: Mapping, limit: int = 0, projection: Mapping | None = None) -> list[dict]:
        cursor = self.coll.find(dict(query), dict(projection or {"outbox": 0, "history": 0}))
        cursor = cursor.sort([("create_time", -1), ("_id", -1)])
        return list(cursor.limit(limit) if limit else cursor)

    # --- reporting -----------------------------------------------------------------------
    def report(self, r: Report, principal: Principal) -> tuple[dict, bool]:
        """Open a case, or join an open duplicate; returns (case, joined_existing).

        A report whose source reference was seen before returns that case unchanged.
        """
        now = self.clock()
        self._validate_report(r)
        category = categories.resolve_for_report(r.category_code)
        requested = Source(r.source) if r.source else None
        source = sources.decide(requested, principal.roles, principal.kind, principal.has, r.source_ref)
        key = sources.dedupe_key(source, r.source_ref, principal.subject)
        if key:
            existing = self.coll.find_one({"dedupe_key": key})
            if existing is not None:
                return existing, False
        where = self.grid.locate(r.lon, r.lat)
        if where is None and source not in sources.AUTOMATIC:
            raise InvalidArgument.field("case.location", "outside the district's unit grid")
        if source in sources.AUTOMATIC:
            # A registered device outside the unit grid (an upstream water section, a station
            # on the boundary, one the grid does not cover yet) still reports something the
            # district must act on: filed at district level for the command centre (ADR 0011).
            note = "" if where is not None else OUTSIDE_GRID_NOTE
            return self._insert(r, category, source, key, where or DISTRICT_LEVEL,
                                principal.subject, now, note), False
        # Duplicate check and insert under a claim on the neighbourhood: of two simultaneous
        # first reports, the second waits and then joins the first (ADR 0040).
        with claims(duplicates.claim_keys(category["_id"], r.lon, r.lat)):
            joined = self._join_duplicate(category["_id"], r, principal.subject, now, source)
            if joined is not None:
                return joined, True
            return self._insert(r, category, source, key, where, principal.subject, now), False

    def _validate_report(self, r: Report) -> None:
        bad: list[FieldViolation] = []
        if not (-180 <= r.lon <= 180) or not (-90 <= r.lat <= 90) or (r.lon == 0 and r.lat == 0):
            bad.append(FieldViolation("case.location", "lon/lat must be a WGS-84 point"))
        check_text(bad, "case.description", r.description, MAX_DESCRIPTION)
        check_text(bad, "case.address", r.address, MAX_ADDRESS)
        check_text(bad, "case.source_ref", r.source_ref, MAX_SOURCE_REF)
        check_attachments(bad, "case.attachments", r.attachments)
        if r.urgency not in (0, *[int(u) for u in Urgency]):
            bad.append(FieldViolation("case.urgency", "NORMAL or URGENT"))
        if r.source not in (0, *[int(s) for s in Source]):
            bad.append(FieldViolation("case.source", "not a known case source"))
        if bad:
            raise InvalidArgument(violations=bad)

    def _join_duplicate(self, category_id: str, r: Report, reporter: str, now: datetime,
                        source: Source) -> dict | None:
        min_lon, min_lat, max_lon, max_lat = duplicates.search_box(r.lon, r.lat)
        near = self.coll.find({
            "category_id": category_id,
            "lon": {"$gte": min_lon, "$lte": max_lon}, "lat": {"$gte": min_lat, "$lte": max_lat},
            "create_time": {"$gte": duplicates.window_start(now)},
            "status": {"$in": [int(s) for s in states.OPEN]},
        }, {"_id": 1, "category_id": 1, "lon": 1, "lat": 1, "create_time": 1})
        candidates = [duplicates.Candidate(d["_id"], d["category_id"], d["lon"], d["lat"],
                                           as_utc(d["create_time"])) for d in near]
        match = duplicates.best_match(category_id, r.lon, r.lat, now, candidates)
        if match is None:
            return None
        entry = _history("join", 0, 0, reporter, now, r.description[:500], r.attachments)
        # The reporter's own receipt: what they see of the case besides its progress; the
        # other reports on it stay hidden from them (domain/receipts.py).
        own = _receipt(r, reporter, now, source)
        doc = compare_and_set(self.coll, {"_id": match, "status": {"$in": [int(s) for s in states.OPEN]}},
                              {"$addToSet": {"reporter_ids": reporter,
                                             "attachments": {"$each": list(r.attachments)}},
                               "$push": {"history": entry, "reports": own},
                               "$set": {"update_time": now}, "$inc": {"version": 1}})
        return doc  # None if it closed meanwhile: then a new case is right

    def _insert(self, r: Report, category: Mapping, source: Source, key: str | None,
                where: Any, reporter: str, now: datetime, note: str = "") -> dict:
        urgency = Urgency(r.urgency or Urgency.NORMAL)
        limit = dl.limit_for(categories.limits_of(category), urgency)
        due = dl.at_report(limit, now)
        year = now.astimezone(dl.CHINA_TZ).year
        case_id = f"JLP-{year}-{next_sequence(f'case-{year}'):06d}"
        doc: dict[str, Any] = {
            "_id": case_id, "status": int(Status.REPORTED), "category_id": category["_id"],
            "category_code": category["code"], "category_name": category["name"],
            "standard_ref": category["standard_ref"], "description": r.description,
            "lon": r.lon, "lat": r.lat, "address": r.address, "urgency": int(urgency),
            "attachments": list(r.attachments), "source": int(source), "source_ref": r.source_ref,
            "grid_code": where.grid_code, "community_code": where.community_code,
            "subdistrict_code": where.subdistrict_code, "subdistrict_name": where.subdistrict_name,
            "department_id": "", "assignee_id": "", "reporter_ids": [reporter],
            "deadlines": _deadlines_doc(due), "stage": "register", "due_time": due.register_due,
            "overdue": False, "overdue_notified": False, "escalation_level": 0,
            "history": [_history("report", 0, int(Status.REPORTED), reporter, now, note, r.attachments)],
            "reports": [_receipt(r, reporter, now, source)],
            "version": 1, "create_time": now, "update_time": now,
        }
        if key:
            doc["dedupe_key"] = key
        doc["outbox"] = [case_events.created(doc)]
        try:
            self.coll.insert_one(doc)
        except DuplicateKeyError:
            if key:  # the same originating record, reported concurrently: one case wins
                existing = self.coll.find_one({"dedupe_key": key})
                if existing is not None:
                    return existing
            raise
        self.on_write()
        return doc

    # --- transitions ---------------------------------------------------------------------
    def transition(self, t: TransitionInput, principal: Principal) -> dict:
        """Apply one action of the state machine; see states.TRANSITIONS.

        With an expected version the write is refused (Conflict) unless the case is still at
        that version. Without one, a write that loses a race is re-validated against the fresh
        state and retried — so a second concurrent dispatch fails as an illegal transition.
        """
        self._validate_transition(t)
        unverified = self._verify_department(t)
        for _ in range(RETRIES):
            doc = self.load(t.case_id)
            if t.expected_version and t.expected_version != doc["version"]:
                raise Conflict(f"case {t.case_id} is at version {doc['version']}, not {t.expected_version}",
                               reason="STALE_VERSION",
                               metadata={"current_version": str(doc["version"])})
            current = Status(doc["status"])
            rule = states.check(t.action, current, t.note, bool(doc.get("auto_dispatched")))
            self._check_department(rule, doc, principal)
            now = self.clock()
            sets, events = self._changes(t, doc, rule, now, principal)
            note = f"{t.note}\n{unverified}" if t.note and unverified else t.note or unverified
            entry = _history(t.action, int(current), sets["status"], principal.subject, now,
                             note, t.attachments, sets.get("department_id", ""),
                             sets.get("assignee_id", ""))
            update = {"$set": sets, "$push": {"history": entry, "outbox": {"$each": events}},
                      "$inc": {"version": 1}}
            updated = compare_and_set(self.coll, {"_id": t.case_id, "version": doc["version"]}, update)
            if updated is not None:
                self.on_write()
                return updated
            if t.expected_version:
                break
        raise Conflict(f"case {t.case_id} was changed concurrently; reload and retry",
                       reason="STALE_VERSION")

    @staticmethod
    def _validate_transition(t: TransitionInput) -> None:
        bad: list[FieldViolation] = []
        check_text(bad, "note", t.note, MAX_NOTE)
        check_attachments(bad, "attachments", t.attachments)
        check_id(bad, "department_id", t.department_id)
        check_id(bad, "assignee_id", t.assignee_id)
        if t.urgency not in (0, *[int(u) for u in Urgency]):
            bad.append(FieldViolation("urgency", "NORMAL or URGENT"))
        if bad:
            raise InvalidArgument(violations=bad)

    def verify_department(self, field: str, code: str) -> str:
        """Refuse a department identity does not know; returns a history note when it could
        not be asked (identity down and nothing cached: the work goes ahead, ADR 0040)."""
        code = code.strip()
        if not code or self.departments is None:
            return ""
        verdict = self.departments.check(code)
        if verdict is Verdict.UNKNOWN:
            raise InvalidArgument.field(field, f"no such department: {code}")
        if verdict is Verdict.UNAVAILABLE:
            log.warning("department not verified: identity unavailable",
                        extra={"field": field, "department": code})
            return f"department {code} not verified (identity unavailable)"
        return ""

    def _verify_department(self, t: TransitionInput) -> str:
        return self.verify_department("department_id", t.department_id) if t.action == "dispatch" else ""

    def _check_department(self, rule: states.Transition, doc: Mapping, principal: Principal) -> None:
        """Handling is done by the department the case was dispatched to; dispatchers (command
        centre) may act for any department."""
        if not rule.department_bound or principal.has("grid:case.dispatch"):
            return
        dept = doc.get("department_id", "")
        if principal.department and dept and principal.department != dept:
            raise PermissionDenied(f"case {doc['_id']} is assigned to {dept}",
                                   reason="OTHER_DEPARTMENT", metadata={"department": dept})

    def _changes(self, t: TransitionInput, doc: Mapping, rule: states.Transition, now: datetime,
                 principal: Principal) -> tuple[dict, list[dict]]:
        """The `$set` of an action and the events it records.

        Registration also dispatches when the category names a default department (category →
        department, grid → grid worker; deadlines computed at registration, handling counted
        from that dispatch). Without a default department the case waits in REGISTERED for a
        dispatcher, who may also override an automatic dispatch once (states.may_start)."""
        target = rule.target
        sets: dict[str, Any] = {"update_time": now}
        due = _deadlines_from(doc.get("deadlines") or {})
        category = None
        try:
            category = categories.get(doc["category_id"])
        except NotFound:
            pass
        urgency = Urgency(doc.get("urgency") or Urgency.NORMAL)
        if t.action == "register":
            if t.category_code:
                category = categories.resolve_for_report(t.category_code, "category_code")
                sets.update(category_id=category["_id"], category_code=category["code"],
                            category_name=category["name"], standard_ref=category["standard_ref"])
            if t.urgency:
                urgency = Urgency(t.urgency)
                sets["urgency"] = int(urgency)
        limit = dl.limit_for(categories.limits_of(category) if category else [], urgency)
        default_department = category.get("department_id", "") if category else ""
        if t.action == "register":
            due = dl.at_registration(limit, self.calendar, due, now)
            sets["register_time"] = now
            if default_department:
                a = dispatch.assign(default_department, self._grid_worker(doc))
                target = Status.DISPATCHED
                sets.update(department_id=a.department_id, assignee_id=a.assignee_id,
                            dispatch_time=now, auto_dispatched=True)
                due = dl.at_dispatch(limit, self.calendar, due, now)
        elif t.action == "dispatch":
            a = dispatch.assign(default_department, self._grid_worker(doc), t.department_id, t.assignee_id)
            if not a.department_id:
                raise InvalidArgument.field("department_id", "no default department for this category; name one")
            sets.update(department_id=a.department_id, assignee_id=a.assignee_id, auto_dispatched=False)
            due = dl.at_dispatch(limit, self.calendar, due, now)
            if not doc.get("dispatch_time"):
                sets["dispatch_time"] = now
        elif t.action in ("return",):
            due = Deadlines(due.register_due, dl.add_limit(self.calendar, now, limit.dispatch_minutes,
                                                           dl.TimeUnit.NATURAL_MINUTES), None, None)
        elif t.action == "reopen":
            due = dl.at_dispatch(limit, self.calendar, due, now)
        elif t.action == "resolve":
            due = dl.at_resolution(limit, due, now)
            sets["resolve_time"] = now
        sets["status"] = int(target)
        if target in states.TERMINAL:
            sets["close_time"] = now
        stage = states.STAGE_OF.get(target)
        late = bool(doc.get("due_time")) and now > as_utc(doc["due_time"])
        overdue = bool(doc.get("overdue")) or late
        sets.update(deadlines=_deadlines_doc(due), stage=stage,
                    due_time=due.for_stage(stage) if stage else None, overdue=overdue)
        if t.attachments:
            sets["attachments"] = list(dict.fromkeys([*doc.get("attachments", []), *t.attachments]))
        view = {**doc, **sets}
        events = [case_events.status_changed(view, t.action, Status(doc["status"]), target, now, t.note)]
        if target in states.TERMINAL:
            events.append(case_events.closed(view, target, now, on_time=not overdue))
        return sets, events

    def _grid_worker(self, doc: Mapping) -> str:
        where = self.grid.locate(doc["lon"], doc["lat"])
        return where.worker_id if where else doc.get("assignee_id", "")


def _history(action: str, old: int, new: int, actor: str, when: datetime, note: str = "",
             attachments: Sequence[str] = (), department_id: str = "", assignee_id: str = "") -> dict:
    return {"action": action, "from_status": old, "to_status": new, "actor": actor, "time": when,
            "note": note, "attachments": list(attachments), "department_id": department_id,
            "assignee_id": assignee_id}


def _receipt(r: Report, reporter: str, when: datetime, source: Source) -> dict:
    return receipts.receipt(reporter, when, description=r.description, address=r.address,
                            lon=r.lon, lat=r.lat, attachments=r.attachments, source=int(source),
                            source_ref=r.source_ref)


def _deadlines_doc(d: Deadlines) -> dict:
    return {"register_due": d.register_due, "dispatch_due": d.dispatch_due,
            "resolve_due": d.resolve_due, "verify_due": d.verify_due}


def _deadlines_from(raw: Mapping) -> Deadlines:
    return Deadlines(as_utc(raw.get("register_due")), as_utc(raw.get("dispatch_due")),
                     as_utc(raw.get("resolve_due")), as_utc(raw.get("verify_due")))
