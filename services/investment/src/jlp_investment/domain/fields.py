"""Checks of the plain fields of projects and investors, every problem named by its field.

Create checks every field; an update (PATCH with a field mask) checks the fields it names, and
then the rules that tie fields together (a chain link belongs to the chain, expected dates are
in order) on the merged result, so a partial edit cannot leave a project inconsistent.
Stage-owned fields (stage, probability, history) are refused here by `stages.check_ordinary_edit`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from jlp_common import identifiers
from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_investment.domain import credit_code, industry, money, sites, stages

MAX_NAME = 200
MAX_TEXT = 2000
MAX_TAGS = 20
MAX_TAG = 32
MAX_AREA_MU = Decimal(100000)

PROJECT_FIELDS = frozenset({
    "name", "investor_id", "amount_wan", "industry_chain", "chain_link", "officer_id", "department_id",
    "expected_sign_date", "expected_start_date", "expected_production_date", "signed_date", "signed_amount_wan",
    "registered_credit_code", "received_amount_wan", "start_date", "production_date", "site_kind",
    "required_area_mu", "required_floor_area_m2", "land_use_code", "expected_annual_tax_wan",
    "min_floor_load_kn_m2", "min_clear_height_m", "tags", "description", "etag",
})
PROJECT_REQUIRED = ("name", "amount_wan", "industry_chain", "officer_id")
INVESTOR_FIELDS = frozenset({"name", "credit_code", "aliases", "origin_region", "industry_chain", "contact_name",
                             "contact_phone", "legal_representative_id_number", "tags", "note", "etag"})
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def _text(value: Any, where: str, out: list[FieldViolation], *, required: bool = False,
          limit: int = MAX_NAME) -> str:
    text = str(value or "").strip()
    if required and not text:
        out.append(FieldViolation(where, "required"))
    elif len(text) > limit:
        out.append(FieldViolation(where, f"at most {limit} characters"))
    return text


def _tags(value: Any, where: str, out: list[FieldViolation]) -> tuple[str, ...]:
    tags = [str(t).strip() for t in (value or [])]
    if len(tags) > MAX_TAGS:
        out.append(FieldViolation(where, f"at most {MAX_TAGS} tags"))
    for i, tag in enumerate(tags):
        if not tag or len(tag) > MAX_TAG:
            out.append(FieldViolation(f"{where}[{i}]", f"a tag has 1 to {MAX_TAG} characters"))
    return tuple(dict.fromkeys(t for t in tags if t))


def _unknown(paths: Iterable[str], allowed: frozenset[str], prefix: str) -> list[FieldViolation]:
    return [FieldViolation(f"update_mask.{p}", f"not a field of {prefix}") for p in paths
            if p not in allowed and p not in stages.STAGE_OWNED_FIELDS]


def parse_project(values: Mapping[str, Any], paths: Iterable[str] | None = None, *,
                  current: Mapping[str, Any] | None = None, prefix: str = "project") -> dict[str, object]:
    """Typed values of the `paths` of `values` (all fields when None = create).

    `current` holds the stored, already typed values (update): cross-field rules run on the
    merge. Raises INVALID_ARGUMENT with every violation as `<prefix>.<field>`.
    """
    creating = paths is None
    names = set(PROJECT_FIELDS - {"etag"}) if creating else set(paths or ())
    if not creating:
        stages.check_ordinary_edit(names)
        bad = _unknown(names, PROJECT_FIELDS, prefix)
        if bad:
            raise InvalidArgument(violations=bad)
    out: list[FieldViolation] = []
    parsed: dict[str, object] = {}

    def where(name: str) -> str:
        return f"{prefix}.{name}"

    for name in sorted(names):
        raw = values.get(name)
        try:
            if name == "name":
                parsed[name] = _text(raw, where(name), out, required=True)
            elif name in ("officer_id",):
                parsed[name] = _text(raw, where(name), out, required=True, limit=128)
            elif name in ("investor_id", "department_id", "chain_link"):
                parsed[name] = _text(raw, where(name), out, limit=128)
            elif name == "industry_chain":
                parsed[name] = industry.chain(str(raw or ""), where(name)).code
            elif name == "amount_wan":
                parsed[name] = money.parse_wan(str(raw or ""), where(name))
            elif name in ("signed_amount_wan", "received_amount_wan", "expected_annual_tax_wan"):
                parsed[name] = money.parse_wan(str(raw or ""), where(name), allow_empty=True)
            elif name in stages.DATE_FIELDS:
                parsed[name] = stages.parse_date(str(raw), where(name)) if raw else None
            elif name == "registered_credit_code":
                parsed[name] = credit_code.validate_credit_code(str(raw), where(name)) if raw else ""
            elif name == "site_kind":
                kind = int(raw or 0)
                if kind not in (0, *(k.value for k in sites.SiteKind)):
                    out.append(FieldViolation(where(name), "LAND_PARCEL or BUILDING_UNIT"))
                parsed[name] = sites.SiteKind(kind) if kind else None
            elif name == "required_area_mu":
                area = money.parse_decimal(str(raw or ""), where(name), unit="亩", places=2, maximum=MAX_AREA_MU,
                                           allow_empty=True)
                parsed[name] = area or None
            elif name in ("required_floor_area_m2", "min_floor_load_kn_m2", "min_clear_height_m"):
                number = float(raw or 0)
                if not math.isfinite(number) or number < 0:
                    out.append(FieldViolation(where(name), "a non-negative number"))
                parsed[name] = number
            elif name == "land_use_code":
                code = str(raw or "").strip()
                problem = sites.land_use_problem(code) if code else ""
                if problem:
                    out.append(FieldViolation(where(name), problem))
                parsed[name] = code
            elif name == "tags":
                parsed[name] = _tags(raw, where(name), out)
            elif name == "description":
                parsed[name] = _text(raw, where(name), out, limit=MAX_TEXT)
        except InvalidArgument as err:
            out.extend(err.violations)
    if out:
        raise InvalidArgument(violations=out)
    merged = {**dict(current or {}), **parsed}
    _cross_checks(merged, prefix, out)
    if out:
        raise InvalidArgument(violations=out)
    return parsed


def _cross_checks(merged: Mapping[str, Any], prefix: str, out: list[FieldViolation]) -> None:
    chain, link = merged.get("industry_chain"), merged.get("chain_link")
    if chain and link:
        try:
            industry.validate_link(str(chain), str(link), chain_field=f"{prefix}.industry_chain",
                                   link_field=f"{prefix}.chain_link")
        except InvalidArgument as err:
            out.extend(err.violations)
    order = ("expected_sign_date", "expected_start_date", "expected_production_date")
    dated = [(n, merged.get(n)) for n in order if isinstance(merged.get(n), date)]
    for (n1, d1), (n2, d2) in zip(dated, dated[1:], strict=False):
        if d2 < d1:
            out.append(FieldViolation(f"{prefix}.{n2}", f"before {n1} ({d1.isoformat()})"))
    if merged.get("site_kind") is sites.SiteKind.LAND_PARCEL and merged.get("required_floor_area_m2"):
        out.append(FieldViolation(f"{prefix}.required_floor_area_m2", "a land project states required_area_mu"))
    if merged.get("site_kind") is sites.SiteKind.BUILDING_UNIT and merged.get("required_area_mu"):
        out.append(FieldViolation(f"{prefix}.required_area_mu", "a building project states required_floor_area_m2"))


def validate_phone(raw: str, where: str) -> str:
    """A mainland mobile (11 digits from 1[3-9]) or a landline with area code (023-12345678)."""
    phone = re.sub(r"[\s()]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        return ""
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise InvalidArgument.field(where, "a mainland mobile number (11 digits) or a landline such as 023-12345678")
    return phone


def _resident_id(raw: str, where: str, today: date) -> str:
    """The legal representative's resident ID number, normalised ("" clears it)."""
    if not raw.strip():
        return ""
    try:
        return identifiers.validate_resident_id(raw, today).number
    except identifiers.IdentifierError as err:
        raise InvalidArgument.field(where, str(err)) from None


def parse_investor(values: Mapping[str, Any], paths: Iterable[str] | None = None, *,
                   prefix: str = "investor", today: date | None = None) -> dict[str, object]:
    """Typed investor fields (all when `paths` is None), every problem named. `today` bounds
    the birth date of the legal representative's ID number (GB 11643)."""
    creating = paths is None
    names = set(INVESTOR_FIELDS - {"etag"}) if creating else set(paths or ())
    if not creating:
        bad = [FieldViolation(f"update_mask.{p}", "output only" if p in {
            "registered", "state", "merged_into", "merged_investor_ids", "possible_duplicates", "history", "version",
            "create_time", "update_time", "id"} else "not a field of investor") for p in names
            if p not in INVESTOR_FIELDS]
        if bad:
            raise InvalidArgument(violations=bad)
    out: list[FieldViolation] = []
    parsed: dict[str, object] = {}
    for name in sorted(names):
        raw = values.get(name)
        where = f"{prefix}.{name}"
        try:
            if name == "name":
                parsed[name] = _text(raw, where, out, required=True)
            elif name == "credit_code":
                parsed[name] = credit_code.validate_credit_code(str(raw), where) if raw else ""
            elif name == "aliases":
                parsed[name] = tuple(dict.fromkeys(_text(a, f"{where}[{i}]", out, required=True)
                                                   for i, a in enumerate(raw or [])))
            elif name == "industry_chain":
                parsed[name] = industry.chain(str(raw), where).code if raw else ""
            elif name in ("origin_region", "contact_name"):
                parsed[name] = _text(raw, where, out, limit=64)
            elif name == "contact_phone":
                parsed[name] = validate_phone(str(raw or ""), where)
            elif name == "legal_representative_id_number":
                parsed[name] = _resident_id(str(raw or ""), where, today or date.max)
            elif name == "tags":
                parsed[name] = _tags(raw, where, out)
            elif name == "note":
                parsed[name] = _text(raw, where, out, limit=MAX_TEXT)
        except InvalidArgument as err:
            out.extend(err.violations)
    if out:
        raise InvalidArgument(violations=out)
    return parsed

