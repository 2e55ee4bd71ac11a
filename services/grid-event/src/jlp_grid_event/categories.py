"""The category dictionary in the store: idempotent seeding, look-ups, versioned edits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import datetime

from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import compare_and_set
from jlp_common.errors import AlreadyExists, Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.timeutil import utc_now
from jlp_grid_event.domain import catalogue
from jlp_grid_event.domain.deadlines import TimeLimit, TimeUnit, Urgency
from jlp_grid_event.models import CategoryDoc

EDITABLE = ("name", "major_name", "department_id", "time_limits", "equivalent_id", "active", "group")


def limit_to_dict(lim: TimeLimit) -> dict:
    d = asdict(lim)
    d["urgency"], d["handle_unit"] = int(lim.urgency), int(lim.handle_unit)
    return d


def limit_from_dict(d: Mapping) -> TimeLimit:
    return TimeLimit(Urgency(d.get("urgency", 1)), int(d.get("register_minutes", 30)),
                     int(d.get("dispatch_minutes", 30)), int(d.get("handle_amount", 4)),
                     TimeUnit(d.get("handle_unit", 2)), int(d.get("verify_minutes", 60)))


def limits_of(doc: Mapping) -> list[TimeLimit]:
    return [limit_from_dict(x) for x in doc.get("time_limits") or []]


def seed(now: datetime | None = None) -> int:
    """Insert the seed entries that are missing; never overwrite an admin's edits."""
    now = now or utc_now()
    coll = CategoryDoc._get_collection()
    have = {d["_id"] for d in coll.find({}, {"_id": 1})}
    added = 0
    for spec in catalogue.seed():
        if spec.id in have:
            continue
        try:
            coll.insert_one(_doc(spec, now))
            added += 1
        except DuplicateKeyError:  # another replica seeded it concurrently
            pass
    return added


def _doc(spec: catalogue.CategorySpec, now: datetime) -> dict:
    return {"_id": spec.id, "edition": spec.edition, "standard_ref": spec.standard_ref,
            "kind": spec.kind, "code": spec.code, "name": spec.name,
            "major_code": spec.major_code, "major_name": spec.major_name,
            "department_id": spec.department_id,
            "time_limits": [limit_to_dict(x) for x in spec.limits],
            "equivalent_id": spec.equivalent_id, "group": spec.group, "active": True,
            "version": 1, "update_time": now}


def get(category_id: str) -> dict:
    doc = CategoryDoc._get_collection().find_one({"_id": category_id})
    if doc is None:
        raise NotFound("Category", category_id)
    return doc


def resolve_for_report(code: str, field: str = "case.category_code") -> dict:
    """The active category a reported code means (see catalogue.resolve_code)."""
    if not (code or "").strip():
        raise InvalidArgument.field(field, "is required")
    doc = CategoryDoc._get_collection().find_one({"_id": catalogue.resolve_code(code)})
    if doc is None or not doc.get("active", True):
        raise InvalidArgument.field(field, f"unknown or inactive category {code!r}")
    return doc


def list_(edition: str = "", kind: int = 0, include_inactive: bool = False, after: str = "",
          limit: int = 200) -> list[dict]:
    query: dict = {}
    if edition:
        query["edition"] = edition
    if kind:
        query["kind"] = kind
    if not include_inactive:
        query["active"] = True
    if after:
        query["_id"] = {"$gt": after}
    return list(CategoryDoc._get_collection().find(query).sort("_id", 1).limit(limit))


def _validate_limits(limits: Iterable[TimeLimit]) -> None:
    bad = []
    for i, lim in enumerate(limits):
        for name in ("register_minutes", "dispatch_minutes", "handle_amount", "verify_minutes"):
            if getattr(lim, name) <= 0:
                bad.append(FieldViolation(f"category.time_limits[{i}].{name}", "must be positive"))
    if bad:
        raise InvalidArgument(violations=bad)


def create(edition: str, kind: int, code: str, values: Mapping, now: datetime | None = None) -> dict:
    """A city-defined category (扩展): any edition, digits-only code of that edition's length."""
    now = now or utc_now()
    if edition not in catalogue.EDITIONS:
        raise InvalidArgument.field("category.edition", f"one of {sorted(catalogue.EDITIONS)}")
    if kind not in catalogue.KIND_NAMES:
        raise InvalidArgument.field("category.kind", "EVENT or COMPONENT")
    length = 4 if edition == "2013" else 5
    if not (code.isdigit() and len(code) == length):
        raise InvalidArgument.field("category.code", f"{length} digits in edition {edition}")
    if not str(values.get("name", "")).strip():
        raise InvalidArgument.field("category.name", "is required")
    limits = list(values.get("time_limits") or [])
    _validate_limits(limits)
    spec = catalogue.CategorySpec(edition, kind, code, values["name"], values.get("major_name", ""),
                                  values.get("department_id", ""),
                                  tuple(limits) or catalogue.ONE_DAY, values.get("equivalent_id", ""),
                                  values.get("group", ""),
                                  catalogue.EDITIONS[edition] + " + 九龙坡区扩展")
    try:
        CategoryDoc._get_collection().insert_one(_doc(spec, now))
    except DuplicateKeyError:
        raise AlreadyExists("Category", spec.id) from None
    return get(spec.id)


def update(category_id: str, changes: Mapping, expected_version: int = 0,
           now: datetime | None = None) -> dict:
    """Apply `changes` (only EDITABLE fields) and bump the version; stale versions conflict."""
    now = now or utc_now()
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidArgument.field("update_mask", f"not editable: {', '.join(sorted(unknown))}")
    current = get(category_id)
    if expected_version and expected_version != current["version"]:
        raise Conflict(f"category {category_id} is at version {current['version']}")
    sets = dict(changes)
    if "time_limits" in sets:
        _validate_limits(sets["time_limits"])
        sets["time_limits"] = [limit_to_dict(x) for x in sets["time_limits"]]
    if "name" in sets and not str(sets["name"]).strip():
        raise InvalidArgument.field("category.name", "must not be empty")
    sets["update_time"] = now
    done = compare_and_set(CategoryDoc._get_collection(),
                           {"_id": category_id, "version": current["version"]},
                           {"$set": sets, "$inc": {"version": 1}})
    if done is None:
        raise Conflict(f"category {category_id} changed concurrently; retry")
    return done
