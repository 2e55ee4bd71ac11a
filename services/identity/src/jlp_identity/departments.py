"""Departments: read access and idempotent seeding of the district tree."""

from __future__ import annotations

from collections.abc import Iterable

from jlp_common.errors import InvalidArgument, NotFound
from jlp_identity.domain.departments import DISTRICT_TREE, KINDS, DepartmentSpec, tree_problems
from jlp_identity.models import DepartmentDoc
from jlp_identity.validation import clip


def seed(specs: Iterable[DepartmentSpec] = DISTRICT_TREE) -> int:
    """Upsert the given departments by code; returns how many were new. Safe to run again."""
    specs = list(specs)
    problems = tree_problems(specs)
    if problems:
        raise ValueError("department tree: " + "; ".join(problems))
    created = 0
    for spec in specs:
        result = DepartmentDoc.objects(id=spec.code).update_one(
            set__name=spec.name, set__name_en=spec.name_en, set__kind=spec.kind,
            set__parent=spec.parent, set__managed_by=spec.managed_by, upsert=True,
            full_result=True)
        created += 1 if result.upserted_id is not None else 0
    return created


def list_departments(parent: str = "", kind: str = "") -> list[DepartmentDoc]:
    filters: dict[str, str] = {}
    if parent:
        filters["parent"] = parent
    if kind:
        kind = kind.upper()
        if kind not in KINDS:
            raise InvalidArgument.field("kind", f"must be one of {', '.join(KINDS)}")
        filters["kind"] = kind
    return list(DepartmentDoc.objects(**filters).order_by("id"))


def get_department(code: str) -> DepartmentDoc:
    doc = DepartmentDoc.objects(id=code).first() if code else None
    if doc is None:
        raise NotFound("Department", clip(code))
    return doc
