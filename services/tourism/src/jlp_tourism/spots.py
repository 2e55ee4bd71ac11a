"""Scenic spots in the store: create (idempotent by request id), get, list, patch (etag).

Validation gathers every problem of a spot at once, each named by its field path, from the
domain rules (capacity, hours, quota policies, booking settings).
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime

import mongoengine as me
from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.errors import AlreadyExists, Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_tourism.domain import booking as booking_rules
from jlp_tourism.domain import capacity as capacity_rules
from jlp_tourism.domain.cancellation import check_deadline_minutes
from jlp_tourism.domain.quota import QuotaPolicy, check_policy_change, exact_share, validate_policies
from jlp_tourism.domain.slots import check_slot_minutes, opening_hours
from jlp_tourism.domain.timebase import local_date, parse_date
from jlp_tourism.models import Capacity, Gate, Policy, Spot, Zone

MAX_TEXT = 2000
DIRECTIONS = ("ENTRY", "EXIT", "BOTH")

@dataclass
class SpotInput:
    """A spot as a request gives it (plain values, already out of protobuf)."""

    code: str = ""
    name: str = ""
    name_en: str = ""
    description: str = ""
    lon: float = math.nan
    lat: float = math.nan
    address: str = ""
    subdistrict_code: str = ""
    open_time: str = ""
    close_time: str = ""
    last_entry_time: str = ""
    closed_dates: list[str] = field(default_factory=list)
    gates: list[dict] = field(default_factory=list)  # id, name, direction, lon, lat
    capacity_method: str = ""
    zones: list[tuple[str, float, float]] = field(default_factory=list)
    opening_hours: float = 0.0
    average_stay_hours: float = 0.0
    instantaneous: int = 0
    daily: int = 0
    quota_policies: list[tuple[float | str, str, str]] = field(default_factory=list)  # share, date, note
    walk_in_reserve: int = 0
    booking_horizon_days: int = 7
    slot_minutes: int = 60
    cancel_deadline_minutes: int = 120
    price_fen: int = 0
    early_entry_minutes: int = 30
    late_entry_minutes: int = 60

EDITABLE = tuple(f.name for f in fields(SpotInput) if f.name != "code")
# proto field paths of an update mask → SpotInput fields they replace
MASK_PATHS: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in ("name", "name_en", "description", "address", "subdistrict_code",
                                  "walk_in_reserve", "booking_horizon_days", "slot_minutes",
                                  "cancel_deadline_minutes", "price_fen", "early_entry_minutes",
                                  "late_entry_minutes", "gates", "quota_policies")},
    "location": ("lon", "lat"),
    "opening_hours": ("open_time", "close_time", "last_entry_time", "closed_dates"),
    "capacity": ("capacity_method", "zones", "opening_hours", "average_stay_hours", "instantaneous", "daily"),
}

def _collect(problems: list[FieldViolation], check: Callable[[], object]) -> object | None:
    try:
        return check()
    except InvalidArgument as exc:
        problems.extend(exc.violations or [FieldViolation("spot", exc.message)])
        return None

def validate(spot: SpotInput, p: str = "spot") -> tuple[list[FieldViolation], dict]:
    """Every problem of `spot`, and the derived values (capacity, policies) when none."""
    problems: list[FieldViolation] = []
    if not spot.code.strip() or len(spot.code) > 64:
        problems.append(FieldViolation(f"{p}.code", "is required (at most 64 characters)"))
    if not spot.name.strip() or len(spot.name) > 100:
        problems.append(FieldViolation(f"{p}.name", "is required (at most 100 characters)"))
    for name in ("name_en", "description", "address"):
        if len(getattr(spot, name)) > MAX_TEXT:
            problems.append(FieldViolation(f"{p}.{name}", f"at most {MAX_TEXT} characters"))
    if not (math.isfinite(spot.lon) and 73 <= spot.lon <= 136 and math.isfinite(spot.lat) and 3 <= spot.lat <= 54):
        problems.append(FieldViolation(f"{p}.location", "a WGS-84 point in China is required"))
    if spot.subdistrict_code and not (spot.subdistrict_code.isdigit() and len(spot.subdistrict_code) == 9):
        problems.append(FieldViolation(f"{p}.subdistrict_code", "must be a 9-digit statistical division code"))
    closed: list[date] = []
    for i, text in enumerate(spot.closed_dates):
        day = _collect(problems, lambda t=text, i=i: parse_date(t, f"{p}.opening_hours.closed_dates[{i}]"))
        if day is not None:
            closed.append(day)
    hours = _collect(problems, lambda: opening_hours(spot.open_time, spot.close_time, spot.last_entry_time,
                                                     closed, prefix=f"{p}.opening_hours"))
    seen_gates: set[str] = set()
    for i, gate in enumerate(spot.gates):
        gid = gate.get("id", "")
        if not gid or len(gid) > 64 or gid in seen_gates:
            problems.append(FieldViolation(f"{p}.gates[{i}].id", "is required and unique within the spot"))
        seen_gates.add(gid)
        if gate.get("direction", "BOTH") not in DIRECTIONS:
            problems.append(FieldViolation(f"{p}.gates[{i}].direction", "ENTRY, EXIT or BOTH"))
    capacity = None
    if spot.capacity_method == "AREA":
        stay_t = spot.opening_hours or (hours.hours if hours else 0.0)
        capacity = _collect(problems, lambda: capacity_rules.by_area(
            [capacity_rules.Zone(*z) for z in spot.zones], stay_t, spot.average_stay_hours, f"{p}.capacity"))
    elif spot.capacity_method == "ENTERED":
        capacity = _collect(problems, lambda: capacity_rules.entered(spot.instantaneous, spot.daily, f"{p}.capacity"))
    else:
        problems.append(FieldViolation(f"{p}.capacity.method", "AREA or ENTERED is required"))
    policies: list[QuotaPolicy] = []
    for i, (share, effective, note) in enumerate(spot.quota_policies):
        value = _collect(problems, lambda s=share, i=i: exact_share(s, f"{p}.quota_policies[{i}].share"))
        day = _collect(problems, lambda e=effective, i=i: parse_date(e, f"{p}.quota_policies[{i}].effective_date"))
        if value is not None and day is not None:
            policies.append(QuotaPolicy(value, day, note[:200]))
    if len(policies) == len(spot.quota_policies):
        _collect(problems, lambda: validate_policies(policies, f"{p}.quota_policies"))
    for name, check in (("booking_horizon_days", booking_rules.check_horizon),
                        ("slot_minutes", check_slot_minutes),
                        ("cancel_deadline_minutes", check_deadline_minutes)):
        _collect(problems, lambda n=name, c=check: c(getattr(spot, n), f"{p}.{n}"))
    for name, top in (("walk_in_reserve", 10_000_000), ("price_fen", 100_000_00),
                      ("early_entry_minutes", 24 * 60), ("late_entry_minutes", 24 * 60)):
        if not 0 <= getattr(spot, name) <= top:
            problems.append(FieldViolation(f"{p}.{name}", f"must be between 0 and {top:,}"))
    return problems, {"capacity": capacity, "policies": policies}

def _apply(doc: Spot, spot: SpotInput, derived: dict) -> None:
    for name in ("code", "name", "name_en", "description", "lon", "lat", "address", "subdistrict_code",
                 "open_time", "close_time", "last_entry_time", "closed_dates", "walk_in_reserve",
                 "booking_horizon_days", "slot_minutes", "cancel_deadline_minutes", "price_fen",
                 "early_entry_minutes", "late_entry_minutes"):
        setattr(doc, name, getattr(spot, name))
    doc.name, doc.code = spot.name.strip(), spot.code.strip()
    doc.gates = [Gate(id=g["id"], name=g.get("name", ""), direction=g.get("direction", "BOTH"),
                      lon=g.get("lon"), lat=g.get("lat")) for g in spot.gates]
    cap = derived["capacity"]
    doc.capacity = Capacity(method=cap.method.value, zones=[Zone(name=n, area_m2=a, per_visitor_m2=y)
                                                            for n, a, y in spot.zones] if cap.turnover else [],
                            opening_hours=spot.opening_hours, average_stay_hours=spot.average_stay_hours,
                            instantaneous=cap.instantaneous, daily=cap.daily, turnover=cap.turnover)
    doc.quota_policies = [Policy(share=str(q.share), effective_date=q.effective_date.isoformat(), note=q.note)
                          for q in derived["policies"]]

def to_input(doc: Spot) -> SpotInput:
    """The stored spot as an input (the base a patch is applied to)."""
    cap = doc.capacity
    return SpotInput(
        code=doc.code, name=doc.name, name_en=doc.name_en, description=doc.description, lon=doc.lon,
        lat=doc.lat, address=doc.address, subdistrict_code=doc.subdistrict_code, open_time=doc.open_time,
        close_time=doc.close_time, last_entry_time=doc.last_entry_time, closed_dates=list(doc.closed_dates),
        gates=[{"id": g.id, "name": g.name, "direction": g.direction, "lon": g.lon, "lat": g.lat} for g in doc.gates],
        capacity_method=cap.method, zones=[(z.name, z.area_m2, z.per_visitor_m2) for z in cap.zones],
        opening_hours=cap.opening_hours, average_stay_hours=cap.average_stay_hours,
        instantaneous=cap.instantaneous, daily=cap.daily,
        quota_policies=[(p.share, p.effective_date, p.note) for p in doc.quota_policies],
        walk_in_reserve=doc.walk_in_reserve, booking_horizon_days=doc.booking_horizon_days,
        slot_minutes=doc.slot_minutes, cancel_deadline_minutes=doc.cancel_deadline_minutes,
        price_fen=doc.price_fen, early_entry_minutes=doc.early_entry_minutes,
        late_entry_minutes=doc.late_entry_minutes)

class Spots:
    def __init__(self, tokens: PageTokens, clock: Callable[[], datetime]) -> None:
        self.tokens, self.clock = tokens, clock

    def create(self, spot: SpotInput, request_id: str = "") -> Spot:
        if request_id:
            earlier = Spot.objects(request_id=request_id).first()
            if earlier is not None:
                return earlier
        problems, derived = validate(spot)
        if problems:
            raise InvalidArgument(violations=problems)
        now = self.clock()
        doc = Spot(id=uuid.uuid4().hex, create_time=now, update_time=now, request_id=request_id or None)
        _apply(doc, spot, derived)
        try:
            with atomic():
                doc.save(force_insert=True)
        except (me.NotUniqueError, DuplicateKeyError):
            if request_id:
                earlier = Spot.objects(request_id=request_id).first()
                if earlier is not None:
                    return earlier
            raise AlreadyExists("Spot", spot.code, f"a spot with code {spot.code!r} already exists") from None
        return doc

    def get(self, spot_id: str) -> Spot:
        doc = Spot.objects(id=spot_id).first() if spot_id else None
        if doc is None:
            raise NotFound("Spot", spot_id)
        return doc

    def all(self) -> list[Spot]:
        return list(Spot.objects.order_by("code"))

    def list(self, requested: int, token: str, subdistrict_code: str = "") -> tuple[list[Spot], str, int]:
        size = page_size(requested)
        query = {"subdistrict_code": subdistrict_code}
        position = self.tokens.decode(token, query)
        found = Spot.objects(subdistrict_code=subdistrict_code) if subdistrict_code else Spot.objects
        total = found.count()
        if position:
            found = found.filter(Q(code__gt=position["code"]))
        docs, next_token = self.tokens.page(list(found.order_by("code").limit(size + 1)), size,
                                            lambda d: {"code": d.code}, query)
        return docs, next_token, total

    def update(self, spot_id: str, patch: SpotInput, mask: list[str], etag: str) -> Spot:
        current = self.get(spot_id)
        paths = mask or list(MASK_PATHS)
        bad = [p for p in paths if p not in MASK_PATHS]
        if bad:
            raise InvalidArgument(violations=[FieldViolation("update_mask", f"{p!r} cannot be changed "
                                                             "(id, code and output fields are fixed)") for p in bad])
        merged = to_input(current)
        for path in paths:
            for name in MASK_PATHS[path]:
                setattr(merged, name, getattr(patch, name))
        problems, derived = validate(merged)
        today = local_date(self.clock())
        old = [QuotaPolicy(exact_share(p.share), date.fromisoformat(p.effective_date)) for p in current.quota_policies]
        if not problems:
            _collect(problems, lambda: check_policy_change(old, derived["policies"], today, "spot.quota_policies"))
        if problems:
            raise InvalidArgument(violations=problems)
        expected = int(etag) if etag.isdigit() else current.version
        if expected != current.version:
            raise Conflict(f"spot {spot_id} changed since etag {etag}; read it again")
        fresh = Spot(id=current.id, create_time=current.create_time, request_id=current.request_id)
        _apply(fresh, merged, derived)
        values = {f"set__{k}": getattr(fresh, k) for k in (
            "name", "name_en", "description", "lon", "lat", "address", "subdistrict_code", "open_time",
            "close_time", "last_entry_time", "closed_dates", "gates", "capacity", "quota_policies",
            "walk_in_reserve", "booking_horizon_days", "slot_minutes", "cancel_deadline_minutes", "price_fen",
            "early_entry_minutes", "late_entry_minutes")}
        with atomic():
            changed = Spot.objects(id=spot_id, version=expected).update_one(
                **values, set__update_time=self.clock(), inc__version=1)
        if not changed:
            raise Conflict(f"spot {spot_id} changed meanwhile; read it again")
        return self.get(spot_id)

def request_key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
