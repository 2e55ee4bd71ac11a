"""Elderly care in the store: providers with a load counter, requests with their assignments and
visits in one document each.

- A request's transitions are the domain rules written back with one conditional update on its
  version (events in the same write), so of two providers accepting one request exactly one wins.
- A provider's load (`active_count`) changes only by conditional `$inc`: taking a request
  reserves a slot first (`active_count < capacity`, with the capacity read in the same filter),
  then writes the request; when that write loses, the slot is given back. Releasing happens after
  the request stopped holding it. A crash between the two steps can leave a slot reserved, which
  `reconcile_loads` recounts from the requests (run by the periodic scanner).
- `expire_offers` (accept timeout → reassignment) and `escalate_overdue` (overdue emergency →
  a grid-event case through `jlp.social.care_request.escalated`) are idempotent scans, safe to
  run on any replica repeatedly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import AlreadyExists, Conflict, FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, to_timestamp, utc_now
from jlp_social_security.domain import care as rules
from jlp_social_security.domain.care import (
    Assignment,
    CarePolicy,
    CareRequest,
    CareState,
    Point,
    Provider,
    ServiceType,
    Visit,
    VisitState,
)
from jlp_social_security.domain.credit_code import credit_code_problem
from jlp_social_security.domain.money import format_money
from jlp_social_security.models import CareProvider as ProviderDoc
from jlp_social_security.models import CareRequest as RequestDoc

ASSIGNED = subjects.SOCIAL_CARE_REQUEST_ASSIGNED
ESCALATED = subjects.SOCIAL_CARE_REQUEST_ESCALATED
VISIT_VERIFIED = subjects.SOCIAL_CARE_VISIT_VERIFIED
MAX_ATTEMPTS = 5


def provider_from_doc(d: dict[str, Any]) -> Provider:
    base = Point(d["base_lon"], d["base_lat"]) if d.get("base_lon") is not None else None
    return Provider(d["_id"], frozenset(d.get("subdistrict_codes", [])),
                    frozenset(ServiceType(s) for s in d.get("service_types", [])), d["capacity"],
                    d.get("active_count", 0), d.get("active", True), base)


def _point(d: dict[str, Any] | None) -> Point | None:
    return Point(d["lon"], d["lat"]) if d else None


def request_from_doc(d: dict[str, Any]) -> CareRequest:
    return CareRequest(
        id=d["_id"], person_id=d["person_id"], service_type=ServiceType(d["service_type"]),
        location=Point(d["lon"], d["lat"]), subdistrict_code=d["subdistrict_code"], grid_code=d.get("grid_code", ""),
        create_time=as_utc(d["create_time"]), due_time=as_utc(d["due_time"]), state=CareState(d["state"]),
        assignments=tuple(Assignment(a["provider_id"], as_utc(a["assign_time"]), as_utc(a["accept_deadline"]),
                                     as_utc(a.get("accept_time")), a.get("outcome", ""), as_utc(a.get("end_time")))
                          for a in d.get("assignments", [])),
        visits=tuple(Visit(v["id"], v["worker"], as_utc(v["check_in_time"]), _point(v["check_in"]),
                           as_utc(v.get("check_out_time")), _point(v.get("check_out")), VisitState(v["state"]),
                           v.get("note", ""), v.get("verified_by", ""), v.get("settled", False))
                     for v in d.get("visits", [])),
        escalated=d.get("escalated", False), cancel_reason=d.get("cancel_reason", ""),
        settled_amount=Decimal(d["settled_amount"]) if d.get("settled_amount") else None)


def _request_fields(r: CareRequest) -> dict[str, Any]:
    live = r.active_assignment
    return {
        "state": r.state.value, "provider_id": r.provider_id,
        "accept_deadline": live.accept_deadline if live is not None and r.state is CareState.ASSIGNED else None,
        "assignments": [{"provider_id": a.provider_id, "assign_time": a.assign_time,
                         "accept_deadline": a.accept_deadline, "accept_time": a.accept_time, "outcome": a.outcome,
                         "end_time": a.end_time} for a in r.assignments],
        "visits": [{"id": v.id, "worker": v.worker, "check_in_time": v.check_in_time,
                    "check_in": {"lon": v.check_in.lon, "lat": v.check_in.lat},
                    "check_out_time": v.check_out_time,
                    "check_out": {"lon": v.check_out.lon, "lat": v.check_out.lat} if v.check_out else None,
                    "state": v.state.value, "note": v.note, "verified_by": v.verified_by, "settled": v.settled}
                   for v in r.visits],
        "started": r.started, "escalated": r.escalated, "cancel_reason": r.cancel_reason,
        "settled_amount": format_money(r.settled_amount) if r.settled_amount is not None else ""}


class ElderlyCare:
    def __init__(self, policy: CarePolicy, tokens: PageTokens, *, clock: Callable[[], datetime] = utc_now,
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.policy, self.tokens, self.clock, self.on_write = policy, tokens, clock, on_write
        self.providers = ProviderDoc._get_collection
        self.requests = RequestDoc._get_collection

    # ---- providers ---------------------------------------------------------------------------

    def create_provider(self, name: str, credit_code: str, subdistrict_codes: list[str], service_types: list[str],
                        capacity: int, base: Point | None = None, request_id: str = "") -> dict[str, Any]:
        if request_id and (found := self.providers().find_one({"request_id": request_id})):
            return found
        problems = []
        if not name.strip():
            problems.append(("care_provider.name", "is required"))
        if why := credit_code_problem(credit_code):
            problems.append(("care_provider.credit_code", why))
        if not subdistrict_codes or any(not (len(c) == 9 and c.isdigit()) for c in subdistrict_codes):
            problems.append(("care_provider.subdistrict_codes", "list 9-digit subdistrict codes"))
        if not service_types or any(s not in ServiceType.__members__ for s in service_types):
            problems.append(("care_provider.service_types", "list care service types"))
        if capacity < 1:
            problems.append(("care_provider.capacity", "must be at least 1"))
        if problems:
            raise InvalidArgument(violations=[FieldViolation(f, d) for f, d in problems])
        doc = {"_id": uuid.uuid4().hex, "name": name.strip(), "credit_code": credit_code,
               "subdistrict_codes": sorted(set(subdistrict_codes)), "service_types": sorted(set(service_types)),
               "capacity": capacity, "active_count": 0, "active": True,
               "base_lon": base.lon if base else None, "base_lat": base.lat if base else None, "version": 1,
               "create_time": self.clock(), **({"request_id": request_id} if request_id else {})}
        with atomic():
            try:
                self.providers().insert_one(doc)
            except DuplicateKeyError:
                raise AlreadyExists("CareProvider", credit_code) from None
        return doc

    def get_provider(self, provider_id: str) -> dict[str, Any]:
        doc = self.providers().find_one({"_id": provider_id})
        if doc is None:
            raise NotFound("CareProvider", provider_id)
        return doc

    def list_providers(self, requested_size: int, token: str, filters: dict[str, str]) -> tuple[list[dict], str]:
        size = page_size(requested_size)
        query = {k: v for k, v in filters.items() if v}
        position = self.tokens.decode(token, query)
        find: dict[str, Any] = dict(query)
        if position:
            find["_id"] = {"$gt": position["id"]}
        fetched = list(self.providers().find(find).sort("_id", 1).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"id": d["_id"]}, query)

    def update_provider(self, provider_id: str, values: dict[str, Any], paths: list[str],
                        etag: str = "") -> dict[str, Any]:
        """Change area, types, capacity, active flag or base; capacity never below the load."""
        editable = {"name", "subdistrict_codes", "service_types", "capacity", "active", "base_location"}
        bad = [p for p in paths if p not in editable]
        if bad:
            raise InvalidArgument(violations=[FieldViolation("update_mask", f"{p} cannot be changed") for p in bad])
        current = self.get_provider(provider_id)
        if etag and etag != str(current.get("version", 1)):
            raise Conflict(f"provider {provider_id} changed since etag {etag}; read it again", reason="STALE_VERSION")
        update: dict[str, Any] = {}
        for p in paths:
            if p == "base_location":
                update["base_lon"], update["base_lat"] = values[p].lon, values[p].lat
            elif p == "capacity":
                if values[p] < 1:
                    raise InvalidArgument.field("care_provider.capacity", "must be at least 1")
                update[p] = values[p]
            elif p == "service_types":
                if not values[p] or any(s not in ServiceType.__members__ for s in values[p]):
                    raise InvalidArgument.field("care_provider.service_types", "list care service types")
                update[p] = sorted(set(values[p]))
            else:
                update[p] = values[p]
        load_filter: dict[str, Any] = {"_id": provider_id, "version": current.get("version", 1)}
        if "capacity" in update:
            load_filter["active_count"] = {"$lte": update["capacity"]}
        saved = compare_and_set(self.providers(), load_filter, {"$set": update, "$inc": {"version": 1}})
        if saved is None:
            fresh = self.get_provider(provider_id)
            if "capacity" in update and fresh.get("active_count", 0) > update["capacity"]:
                raise FailedPrecondition(f"the provider holds {fresh['active_count']} requests; capacity cannot go "
                                         "below that", reason="CAPACITY_BELOW_LOAD")
            raise Conflict(f"provider {provider_id} changed; read it again", reason="STALE_VERSION")
        return saved

    def _reserve(self, provider_id: str) -> bool:
        doc = self.providers().find_one({"_id": provider_id})
        if doc is None:
            return False
        return compare_and_set(self.providers(), {"_id": provider_id, "active": True, "capacity": doc["capacity"],
                                                  "active_count": {"$lt": doc["capacity"]}},
                               {"$inc": {"active_count": 1}}) is not None

    def _release(self, provider_id: str) -> None:
        compare_and_set(self.providers(), {"_id": provider_id, "active_count": {"$gt": 0}},
                        {"$inc": {"active_count": -1}})

    def candidates(self, request: CareRequest) -> list[Provider]:
        return [provider_from_doc(d) for d in self.providers().find(
            {"subdistrict_codes": request.subdistrict_code, "active": True})]

    # ---- requests ----------------------------------------------------------------------------

    def get(self, request_id: str) -> dict[str, Any]:
        doc = self.requests().find_one({"_id": request_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("CareRequest", request_id)
        return doc

    def list(self, requested_size: int, token: str, filters: dict[str, Any]) -> tuple[list[dict], str]:
        size = page_size(requested_size)
        query = {k: v for k, v in filters.items() if v not in ("", None, False)}
        position = self.tokens.decode(token, query)
        find: dict[str, Any] = {k: v for k, v in query.items() if k != "overdue_only"}
        if query.get("overdue_only"):
            find.update({"started": False, "due_time": {"$lt": self.clock()},
                         "state": {"$in": [s.value for s in rules.OPEN_STATES]}})
        if position:
            t = datetime.fromisoformat(position["t"])
            find["$or"] = [{"create_time": {"$lt": t}}, {"create_time": t, "_id": {"$lt": position["id"]}}]
        fetched = list(self.requests().find(find, {"outbox": 0})
                       .sort([("create_time", -1), ("_id", -1)]).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"t": as_utc(d["create_time"]).isoformat(), "id": d["_id"]},
                                query)

    def create(self, person_id: str, service_type: ServiceType, location: Point, subdistrict_code: str,
               grid_code: str = "", address_enc: str = "", address_masked: str = "", description: str = "",
               request_id: str = "") -> dict[str, Any]:
        if request_id and (found := self.requests().find_one({"request_id": request_id}, {"outbox": 0})):
            return found
        now = self.clock()
        req = rules.new_request(uuid.uuid4().hex, person_id, service_type, location, subdistrict_code, grid_code, now,
                                self.policy)
        doc = {"_id": req.id, "person_id": person_id, "service_type": service_type.value, "lon": location.lon,
               "lat": location.lat, "subdistrict_code": subdistrict_code, "grid_code": grid_code,
               "address_enc": address_enc, "address_masked": address_masked, "description": description,
               "due_time": req.due_time, "case_id": "", "create_time": now, "update_time": now, "version": 1,
               "outbox": [], **_request_fields(req), **({"request_id": request_id} if request_id else {})}
        with atomic():
            try:
                self.requests().insert_one(doc)
            except DuplicateKeyError:
                return self.requests().find_one({"request_id": request_id}, {"outbox": 0})
        self.on_write()
        return self.auto_assign(req.id)

    def _write(self, request_id: str, etag: str, apply: Callable[[CareRequest, datetime], CareRequest],
               events: Callable[[CareRequest, CareRequest, datetime], list[dict[str, Any]]] = lambda b, a, n: [],
               extra: Callable[[CareRequest], dict[str, Any]] = lambda r: {}) -> dict[str, Any]:
        for _ in range(MAX_ATTEMPTS):
            doc = self.get(request_id)
            if etag and etag != str(doc["version"]):
                raise Conflict(f"care request {request_id} changed since etag {etag}; read it again",
                               reason="STALE_VERSION")
            before = request_from_doc(doc)
            now = self.clock()
            after = apply(before, now)
            if after == before:
                return doc
            changes = rules.load_changes(before, after)
            reserved = [p for p, d in changes.items() if d > 0]
            for provider_id in reserved:
                if not self._reserve(provider_id):
                    raise FailedPrecondition(f"provider {provider_id} has no free capacity",
                                             reason="PROVIDER_UNAVAILABLE")
            update: dict[str, Any] = {"$set": {**_request_fields(after), **extra(after), "update_time": now},
                                      "$inc": {"version": 1}}
            pending = events(before, after, now)
            if pending:
                update["$push"] = {"outbox": {"$each": pending}}
            saved = compare_and_set(self.requests(), {"_id": request_id, "version": doc["version"]}, update)
            if saved is None:
                for provider_id in reserved:
                    self._release(provider_id)
                if etag:
                    raise Conflict(f"care request {request_id} changed; read it again", reason="STALE_VERSION")
                continue
            for provider_id, delta in changes.items():
                if delta < 0:
                    self._release(provider_id)
            self.on_write()
            return self.get(request_id)
        raise Conflict("the care request kept changing; try again")

    def _assigned_event(self, before: CareRequest, after: CareRequest, now: datetime) -> list[dict[str, Any]]:
        live = after.active_assignment
        if after.state is not CareState.ASSIGNED or live is None or before.provider_id == after.provider_id:
            return []
        return [outbox_event(ASSIGNED, events_pb2.CareRequestAssigned(
            care_request_id=after.id, provider_id=live.provider_id, service_type=after.service_type.value,
            subdistrict_code=after.subdistrict_code, accept_deadline=to_timestamp(live.accept_deadline)),
            subject_ref=f"careRequests/{after.id}", time=now).to_mongo().to_dict()]

    def auto_assign(self, request_id: str) -> dict[str, Any]:
        """Offer a WAITING request to the best provider with capacity (unchanged if none)."""
        for _ in range(MAX_ATTEMPTS):
            doc = self.get(request_id)
            current = request_from_doc(doc)
            if current.state is not CareState.WAITING:
                return doc
            best = rules.match_provider(current, self.candidates(current))
            if best is None:
                return doc
            try:
                return self._write(request_id, "", lambda r, now, p=best: rules.assign(r, p, now, self.policy),
                                   self._assigned_event)
            except FailedPrecondition as err:
                if err.reason != "PROVIDER_UNAVAILABLE":
                    raise
        return self.get(request_id)

    def assign(self, request_id: str, provider_id: str = "", etag: str = "") -> dict[str, Any]:
        if not provider_id:
            doc = self.get(request_id)
            if doc["state"] == CareState.ASSIGNED.value:  # reassign: withdraw the current offer first
                current = request_from_doc(doc)
                best = rules.match_provider(current, self.candidates(current))
                if best is None:
                    raise FailedPrecondition("no other provider with capacity serves this area and type",
                                             reason="NO_PROVIDER")
                provider_id = best.id
            else:
                return self.auto_assign(request_id)
        provider = provider_from_doc(self.get_provider(provider_id))
        return self._write(request_id, etag, lambda r, now: rules.assign(r, provider, now, self.policy),
                           self._assigned_event)

    def accept(self, request_id: str, provider_id: str, etag: str = "") -> dict[str, Any]:
        return self._write(request_id, etag, lambda r, now: rules.accept(r, provider_id, now))

    def decline(self, request_id: str, provider_id: str, etag: str = "") -> dict[str, Any]:
        self._write(request_id, etag, lambda r, now: rules.decline(r, provider_id, now))
        return self.auto_assign(request_id)

    def check_in(self, request_id: str, provider_id: str, worker: str, where: Point, at: datetime | None = None,
                 visit_id: str = "") -> dict[str, Any]:
        vid = visit_id or uuid.uuid4().hex
        return self._write(request_id, "", lambda r, now: rules.check_in(r, provider_id, vid, worker, where,
                                                                          at or now))

    def check_out(self, request_id: str, visit_id: str, where: Point, at: datetime | None = None) -> dict[str, Any]:
        return self._write(request_id, "", lambda r, now: rules.check_out(r, visit_id, where, at or now))

    def verify(self, request_id: str, visit_id: str, verifier: str) -> dict[str, Any]:
        def events(before: CareRequest, after: CareRequest, now: datetime) -> list[dict[str, Any]]:
            visit = next(v for v in after.visits if v.id == visit_id)
            if visit.state is not VisitState.VERIFIED:
                return []
            minutes = int((visit.check_out_time - visit.check_in_time).total_seconds() // 60)
            return [outbox_event(VISIT_VERIFIED, events_pb2.CareVisitVerified(
                care_request_id=after.id, visit_id=visit_id, provider_id=after.provider_id,
                duration_minutes=minutes, verify_time=to_timestamp(now)),
                event_id=f"care-visit-{visit_id}-verified", subject_ref=f"careRequests/{after.id}",
                time=now).to_mongo().to_dict()]

        return self._write(request_id, "", lambda r, now: rules.verify(r, visit_id, verifier, self.policy), events)

    def complete(self, request_id: str, etag: str = "") -> dict[str, Any]:
        return self._write(request_id, etag, lambda r, now: rules.complete(r, now, self.policy))

    def cancel(self, request_id: str, reason: str, etag: str = "") -> dict[str, Any]:
        return self._write(request_id, etag, lambda r, now: rules.cancel(r, reason, now))

    # ---- scans -------------------------------------------------------------------------------

    def expire_offers(self) -> list[str]:
        """Offers past their accept deadline end TIMED_OUT; the request goes to the next provider."""
        now = self.clock()
        expired = [d["_id"] for d in self.requests().find(
            {"state": CareState.ASSIGNED.value, "accept_deadline": {"$lt": now}}, {"_id": 1})]
        for request_id in expired:
            self._write(request_id, "", lambda r, n: rules.expire_offer(r, n))
            self.auto_assign(request_id)
        return expired

    def escalate_overdue(self) -> list[str]:
        """Overdue emergency requests become grid-event cases (one event per request, ever)."""
        now = self.clock()
        due = [d["_id"] for d in self.requests().find(
            {"service_type": ServiceType.EMERGENCY_AID.value, "started": False, "escalated": False,
             "due_time": {"$lt": now}, "state": {"$in": [s.value for s in rules.OPEN_STATES]}}, {"_id": 1})]

        def events(before: CareRequest, after: CareRequest, when: datetime) -> list[dict[str, Any]]:
            if before.escalated or not after.escalated:
                return []
            return [outbox_event(ESCALATED, events_pb2.CareRequestEscalated(
                care_request_id=after.id, service_type=after.service_type.value, lon=after.location.lon,
                lat=after.location.lat, subdistrict_code=after.subdistrict_code, grid_code=after.grid_code,
                due_time=to_timestamp(after.due_time), escalate_time=to_timestamp(when),
                description=f"紧急救助请求超时未响应 (SLA {after.due_time.isoformat()})"),
                event_id=f"care-request-{after.id}-escalated", subject_ref=f"careRequests/{after.id}",
                time=when).to_mongo().to_dict()]

        for request_id in due:
            self._write(request_id, "", lambda r, n: rules.escalate(r, n), events)
        return due

    def reconcile_loads(self) -> dict[str, int]:
        """Recount each provider's load from the requests it holds (repairs a crash between
        reserving a slot and writing the request). Returns the corrections made."""
        held: dict[str, int] = {}
        for d in self.requests().find({"state": {"$in": [s.value for s in rules.HELD_STATES]}}, {"provider_id": 1}):
            held[d["provider_id"]] = held.get(d["provider_id"], 0) + 1
        fixed = {}
        for p in self.providers().find({}, {"active_count": 1}):
            want = held.get(p["_id"], 0)
            if p.get("active_count", 0) != want:
                compare_and_set(self.providers(), {"_id": p["_id"], "active_count": p.get("active_count", 0)},
                                {"$set": {"active_count": want}})
                fixed[p["_id"]] = want
        return fixed
