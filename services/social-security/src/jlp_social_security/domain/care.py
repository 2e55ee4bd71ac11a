"""Elderly care (居家养老): requests, provider matching, assignment with accept timeout, visits
with check-in/out, verification, settlement, SLA and escalation.

Rules (issue 13):
- A request is for an address in a unit grid; it goes to an active provider that serves the
  request's subdistrict and service type and has free capacity (load < capacity). Among those the
  least loaded (by ratio) wins, then the nearest base, then the id (deterministic).
- At most one assignment is active. Assigning again ends the previous one (SUPERSEDED); a
  provider that declined or let the accept deadline pass is not offered the request again.
- The assigned provider accepts before the deadline; anyone else is refused (NOT_ASSIGNED), so of
  two providers accepting one request exactly one wins — the store applies the result with a
  conditional write on the request's version.
- Visits record check-in and check-out time and place. A visit is VERIFIED only if both points
  lie within `max_distance_m` of the request's location and its duration is within the service
  type's bounds; only verified visits settle.
- SLA: service must start (first check-in) by `due_time`; an overdue EMERGENCY_AID request is
  escalated once (it becomes a grid-event case).
The numbers (timeouts, SLAs, distances, prices) are configuration: config/care_policy.json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jlp_common.errors import FailedPrecondition, FieldViolation, InvalidArgument
from jlp_common.geo import haversine_m

from .money import parse_money


class ServiceType(StrEnum):
    EMERGENCY_AID = "EMERGENCY_AID"
    MEALS = "MEALS"
    CLEANING = "CLEANING"
    BATHING = "BATHING"
    MEDICAL_ESCORT = "MEDICAL_ESCORT"
    DAILY_CARE = "DAILY_CARE"


class CareState(StrEnum):
    WAITING = "WAITING"
    ASSIGNED = "ASSIGNED"
    ACCEPTED = "ACCEPTED"
    IN_SERVICE = "IN_SERVICE"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class VisitState(StrEnum):
    CHECKED_IN = "CHECKED_IN"
    CHECKED_OUT = "CHECKED_OUT"
    VERIFIED = "VERIFIED"
    NOT_VERIFIED = "NOT_VERIFIED"


OPEN_STATES = frozenset({CareState.WAITING, CareState.ASSIGNED, CareState.ACCEPTED, CareState.IN_SERVICE})
# States in which a provider holds the request (counts against its capacity).
HELD_STATES = frozenset({CareState.ASSIGNED, CareState.ACCEPTED, CareState.IN_SERVICE})


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float


@dataclass(frozen=True)
class ServicePolicy:
    sla: timedelta  # request → first check-in
    accept_timeout: timedelta
    min_visit: timedelta
    max_visit: timedelta
    unit_price: Decimal  # per verified visit


@dataclass(frozen=True)
class CarePolicy:
    services: Mapping[ServiceType, ServicePolicy]
    max_distance_m: float

    def of(self, service_type: ServiceType) -> ServicePolicy:
        return self.services[service_type]


def parse_policy(doc: Mapping[str, Any]) -> CarePolicy:
    """The care policy from configuration, validated with paths."""
    problems: list[FieldViolation] = []
    services: dict[ServiceType, ServicePolicy] = {}
    raw = doc.get("services") or {}
    for st in ServiceType:
        where = f"services.{st.value}"
        item = raw.get(st.value)
        if not isinstance(item, Mapping):
            problems.append(FieldViolation(where, "is required"))
            continue
        try:
            minutes = {k: int(item[k]) for k in ("sla_minutes", "accept_timeout_minutes",
                                                  "min_visit_minutes", "max_visit_minutes")}
        except (KeyError, ValueError, TypeError):
            problems.append(FieldViolation(where, "needs whole minutes for sla, accept_timeout, min_visit, max_visit"))
            continue
        if min(minutes.values()) <= 0 or minutes["min_visit_minutes"] > minutes["max_visit_minutes"]:
            problems.append(FieldViolation(where, "minutes must be positive and min_visit ≤ max_visit"))
            continue
        try:
            price = parse_money(str(item.get("unit_price", "")), f"{where}.unit_price")
        except InvalidArgument as err:
            problems.extend(err.violations)
            continue
        services[st] = ServicePolicy(timedelta(minutes=minutes["sla_minutes"]),
                                     timedelta(minutes=minutes["accept_timeout_minutes"]),
                                     timedelta(minutes=minutes["min_visit_minutes"]),
                                     timedelta(minutes=minutes["max_visit_minutes"]), price)
    distance = doc.get("max_distance_m")
    if not isinstance(distance, int | float) or distance <= 0:
        problems.append(FieldViolation("max_distance_m", "must be a positive number of metres"))
    if problems:
        raise InvalidArgument(violations=problems)
    return CarePolicy(services, float(distance))


@dataclass(frozen=True)
class Provider:
    id: str
    subdistrict_codes: frozenset[str]
    service_types: frozenset[ServiceType]
    capacity: int
    load: int = 0
    active: bool = True
    base: Point | None = None

    def can_take(self, subdistrict_code: str, service_type: ServiceType) -> bool:
        return (self.active and subdistrict_code in self.subdistrict_codes and service_type in self.service_types
                and self.load < self.capacity)


@dataclass(frozen=True)
class Assignment:
    provider_id: str
    assign_time: datetime
    accept_deadline: datetime
    accept_time: datetime | None = None
    outcome: str = ""  # "" while active; ACCEPTED stays active; DECLINED, TIMED_OUT, SUPERSEDED, CANCELLED, DONE
    end_time: datetime | None = None

    @property
    def live(self) -> bool:
        return self.outcome in ("", "ACCEPTED")


@dataclass(frozen=True)
class Visit:
    id: str
    worker: str
    check_in_time: datetime
    check_in: Point
    check_out_time: datetime | None = None
    check_out: Point | None = None
    state: VisitState = VisitState.CHECKED_IN
    note: str = ""
    verified_by: str = ""
    settled: bool = False


@dataclass(frozen=True)
class CareRequest:
    id: str
    person_id: str
    service_type: ServiceType
    location: Point
    subdistrict_code: str
    grid_code: str
    create_time: datetime
    due_time: datetime
    state: CareState = CareState.WAITING
    assignments: tuple[Assignment, ...] = ()
    visits: tuple[Visit, ...] = ()
    escalated: bool = False
    cancel_reason: str = ""
    settled_amount: Decimal | None = None

    @property
    def active_assignment(self) -> Assignment | None:
        live = [a for a in self.assignments if a.live]
        return live[-1] if live else None

    @property
    def provider_id(self) -> str:
        a = self.active_assignment
        return a.provider_id if a else ""

    @property
    def started(self) -> bool:
        return bool(self.visits)


def new_request(request_id: str, person_id: str, service_type: ServiceType, location: Point,
                subdistrict_code: str, grid_code: str, now: datetime, policy: CarePolicy) -> CareRequest:
    problems = []
    if not person_id:
        problems.append(FieldViolation("care_request.person_id", "is required"))
    if not (len(subdistrict_code) == 9 and subdistrict_code.isdigit()):
        problems.append(FieldViolation("care_request.subdistrict_code", "must be a 9-digit subdistrict code"))
    if not (-180 <= location.lon <= 180 and -90 <= location.lat <= 90) or (location.lon == 0 and location.lat == 0):
        problems.append(FieldViolation("care_request.location", "must be a WGS-84 point"))
    if problems:
        raise InvalidArgument(violations=problems)
    return CareRequest(request_id, person_id, service_type, location, subdistrict_code, grid_code, now,
                       now + policy.of(service_type).sla)


def excluded_providers(request: CareRequest) -> frozenset[str]:
    """Providers that declined or timed out on this request: not offered it again."""
    return frozenset(a.provider_id for a in request.assignments if a.outcome in ("DECLINED", "TIMED_OUT"))


def match_provider(request: CareRequest, providers: Iterable[Provider]) -> Provider | None:
    """The best provider for the request (module docstring), or None."""
    skip = excluded_providers(request) | {request.provider_id}
    eligible = [p for p in providers if p.id not in skip and p.can_take(request.subdistrict_code, request.service_type)]
    if not eligible:
        return None

    def rank(p: Provider) -> tuple[float, float, str]:
        distance = haversine_m(p.base.lon, p.base.lat, request.location.lon, request.location.lat) if p.base else 1e12
        return (p.load / p.capacity, distance, p.id)

    return min(eligible, key=rank)


def _end_active(request: CareRequest, outcome: str, now: datetime) -> tuple[Assignment, ...]:
    return tuple(replace(a, outcome=outcome, end_time=now) if a.live else a for a in request.assignments)


def assign(request: CareRequest, provider: Provider, now: datetime, policy: CarePolicy) -> CareRequest:
    """Offer the request to `provider` (the previous offer, if any, is SUPERSEDED)."""
    if request.state not in (CareState.WAITING, CareState.ASSIGNED):
        raise FailedPrecondition(f"cannot assign a request that is {request.state.value}", reason="ILLEGAL_TRANSITION")
    if provider.id == request.provider_id:
        return request
    if not provider.can_take(request.subdistrict_code, request.service_type):
        raise FailedPrecondition(f"provider {provider.id} does not serve this area and type or is full",
                                 reason="PROVIDER_UNAVAILABLE")
    offer = Assignment(provider.id, now, now + policy.of(request.service_type).accept_timeout)
    return replace(request, state=CareState.ASSIGNED, assignments=(*_end_active(request, "SUPERSEDED", now), offer))


def accept(request: CareRequest, provider_id: str, now: datetime) -> CareRequest:
    """The assigned provider accepts before the deadline; a repeat by the winner changes nothing."""
    active = request.active_assignment
    if request.state in (CareState.ACCEPTED, CareState.IN_SERVICE) and active and active.provider_id == provider_id:
        return request
    if request.state is not CareState.ASSIGNED or active is None or active.provider_id != provider_id:
        raise FailedPrecondition("the request is not assigned to this provider", reason="NOT_ASSIGNED")
    if now > active.accept_deadline:
        raise FailedPrecondition("the accept deadline has passed; the request is being reassigned",
                                 reason="ACCEPT_EXPIRED")
    accepted = replace(active, accept_time=now, outcome="ACCEPTED")
    return replace(request, state=CareState.ACCEPTED, assignments=(*request.assignments[:-1], accepted))


def decline(request: CareRequest, provider_id: str, now: datetime) -> CareRequest:
    """The assigned provider declines: back to WAITING (the caller matches the next one)."""
    active = request.active_assignment
    if request.state is not CareState.ASSIGNED or active is None or active.provider_id != provider_id:
        raise FailedPrecondition("the request is not offered to this provider", reason="NOT_ASSIGNED")
    return replace(request, state=CareState.WAITING, assignments=_end_active(request, "DECLINED", now))


def expire_offer(request: CareRequest, now: datetime) -> CareRequest:
    """An offer not accepted by its deadline ends TIMED_OUT (WAITING again, to be reassigned).
    Unchanged when there is nothing to expire — safe for a scanner to call repeatedly."""
    active = request.active_assignment
    if request.state is not CareState.ASSIGNED or active is None or now <= active.accept_deadline:
        return request
    return replace(request, state=CareState.WAITING, assignments=_end_active(request, "TIMED_OUT", now))


def check_in(request: CareRequest, provider_id: str, visit_id: str, worker: str, where: Point,
             now: datetime) -> CareRequest:
    """Open a visit (ACCEPTED/IN_SERVICE by this provider, no visit open). Same visit id again:
    unchanged (a retried check-in)."""
    if any(v.id == visit_id for v in request.visits):
        return request
    if request.state not in (CareState.ACCEPTED, CareState.IN_SERVICE) or request.provider_id != provider_id:
        raise FailedPrecondition("only the provider that accepted the request can check in", reason="NOT_ACCEPTED")
    if any(v.state is VisitState.CHECKED_IN for v in request.visits):
        raise FailedPrecondition("a visit is already open; check out first", reason="VISIT_OPEN")
    if not worker.strip():
        raise InvalidArgument.field("worker", "is required")
    visit = Visit(visit_id, worker.strip(), now, where)
    return replace(request, state=CareState.IN_SERVICE, visits=(*request.visits, visit))


def _visit(request: CareRequest, visit_id: str) -> Visit:
    for v in request.visits:
        if v.id == visit_id:
            return v
    raise InvalidArgument.field("visit_id", "is not a visit of this request")


def _with_visit(request: CareRequest, visit: Visit) -> CareRequest:
    return replace(request, visits=tuple(visit if v.id == visit.id else v for v in request.visits))


def check_out(request: CareRequest, visit_id: str, where: Point, now: datetime) -> CareRequest:
    visit = _visit(request, visit_id)
    if visit.state is not VisitState.CHECKED_IN:
        return request  # a retried check-out
    if now < visit.check_in_time:
        raise InvalidArgument.field("time", "check-out precedes check-in")
    return _with_visit(request, replace(visit, check_out_time=now, check_out=where, state=VisitState.CHECKED_OUT))


def verification_problems(request: CareRequest, visit: Visit, policy: CarePolicy) -> list[str]:
    """Why a closed visit fails the rule ([] = verified)."""
    rule = policy.of(request.service_type)
    out = []
    for label, point in (("check-in", visit.check_in), ("check-out", visit.check_out)):
        if point is None:
            out.append(f"{label} place missing")
            continue
        distance = haversine_m(point.lon, point.lat, request.location.lon, request.location.lat)
        if distance > policy.max_distance_m:
            out.append(f"{label} {distance:.0f} m from the address (max {policy.max_distance_m:.0f} m)")
    if visit.check_out_time is not None:
        duration = visit.check_out_time - visit.check_in_time
        if duration < rule.min_visit:
            out.append(f"visit lasted {duration.total_seconds() / 60:.0f} min, less than "
                       f"{rule.min_visit.total_seconds() / 60:.0f}")
        if duration > rule.max_visit:
            out.append(f"visit lasted {duration.total_seconds() / 60:.0f} min, more than "
                       f"{rule.max_visit.total_seconds() / 60:.0f}")
    return out


def verify(request: CareRequest, visit_id: str, verifier: str, policy: CarePolicy) -> CareRequest:
    """Apply the rule to a closed visit; verifying a decided visit again changes nothing."""
    visit = _visit(request, visit_id)
    if visit.state is VisitState.CHECKED_IN:
        raise FailedPrecondition("the visit is still open", reason="VISIT_OPEN")
    if visit.state is not VisitState.CHECKED_OUT:
        return request
    problems = verification_problems(request, visit, policy)
    state = VisitState.NOT_VERIFIED if problems else VisitState.VERIFIED
    return _with_visit(request, replace(visit, state=state, note="; ".join(problems), verified_by=verifier))


def complete(request: CareRequest, now: datetime, policy: CarePolicy) -> CareRequest:
    """IN_SERVICE → COMPLETED; verified visits settle at the type's unit price, others never."""
    if request.state is not CareState.IN_SERVICE:
        raise FailedPrecondition(f"cannot complete a request that is {request.state.value}",
                                 reason="ILLEGAL_TRANSITION")
    if any(v.state in (VisitState.CHECKED_IN, VisitState.CHECKED_OUT) for v in request.visits):
        raise FailedPrecondition("every visit must be closed and verified (or refused) first", reason="VISIT_PENDING")
    verified = [v for v in request.visits if v.state is VisitState.VERIFIED]
    if not verified:
        raise FailedPrecondition("no verified visit to settle", reason="NO_VERIFIED_VISIT")
    price = policy.of(request.service_type).unit_price
    visits = tuple(replace(v, settled=True) if v.state is VisitState.VERIFIED else v for v in request.visits)
    return replace(request, state=CareState.COMPLETED, visits=visits, assignments=_end_active(request, "DONE", now),
                   settled_amount=price * len(verified))


def cancel(request: CareRequest, reason: str, now: datetime) -> CareRequest:
    if request.state is CareState.CANCELLED:
        return request
    if request.state is CareState.COMPLETED:
        raise FailedPrecondition("a completed request cannot be cancelled", reason="ILLEGAL_TRANSITION")
    if not reason.strip():
        raise InvalidArgument.field("reason", "is required")
    return replace(request, state=CareState.CANCELLED, cancel_reason=reason.strip(),
                   assignments=_end_active(request, "CANCELLED", now))


def overdue(request: CareRequest, now: datetime) -> bool:
    """The SLA passed without service starting."""
    return request.state in OPEN_STATES and not request.started and now > request.due_time


def needs_escalation(request: CareRequest, now: datetime) -> bool:
    """An overdue emergency request not yet escalated (escalate once)."""
    return request.service_type is ServiceType.EMERGENCY_AID and overdue(request, now) and not request.escalated


def escalate(request: CareRequest, now: datetime) -> CareRequest:
    if not needs_escalation(request, now):
        return request
    return replace(request, escalated=True)


def load_changes(before: CareRequest | None, after: CareRequest) -> dict[str, int]:
    """How each provider's load changes with this transition (+1 when it starts holding the
    request, −1 when it stops) — applied by the store with $inc in the same step."""
    def holder(r: CareRequest | None) -> str:
        return r.provider_id if r is not None and r.state in HELD_STATES else ""

    old, new = holder(before), holder(after)
    if old == new:
        return {}
    out: dict[str, int] = {}
    if old:
        out[old] = -1
    if new:
        out[new] = out.get(new, 0) + 1
    return out


def providers_for_area(providers: Sequence[Provider], subdistrict_code: str) -> list[Provider]:
    return [p for p in providers if subdistrict_code in p.subdistrict_codes]
