"""Person records: what a registration must contain and what an update may change.

Identity is the resident ID number, but the domain only ever sees its keyed hash (computed by
the PII helpers of jlp_common at the edge): the registry is keyed by that hash, so one number
written two ways (full-width digits, a lower-case x) is still one person. Birth date and gender
are derived from the number and cannot be edited apart from it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_common.identifiers import IdentifierError, validate_phone

from .retirement import RetirementGroup

MUTABLE_FIELDS = frozenset({"name", "phone", "address", "subdistrict_code", "grid_code", "retirement_group"})
IMMUTABLE_FIELDS = frozenset({"id", "id_number", "id_number_masked", "gender", "birth_date", "household_id"})
MAX_NAME = 50


def normalise_phone(value: str) -> str:
    """A mainland mobile number as 11 digits ("+86", spaces and dashes dropped), or "" when it
    is not one (jlp_common.identifiers)."""
    try:
        return validate_phone(value)
    except IdentifierError:
        return ""


def person_problems(name: str, phone: str, subdistrict_code: str, prefix: str = "person") -> list[FieldViolation]:
    """Field problems of a person's editable data."""
    out = []
    clean = unicodedata.normalize("NFKC", name or "").strip()
    if not clean:
        out.append(FieldViolation(f"{prefix}.name", "is required"))
    elif len(clean) > MAX_NAME or any(unicodedata.category(c).startswith("C") for c in clean):
        out.append(FieldViolation(f"{prefix}.name", f"must be at most {MAX_NAME} printable characters"))
    if phone and not normalise_phone(phone):
        out.append(FieldViolation(f"{prefix}.phone", "must be an 11-digit mainland mobile number"))
    if subdistrict_code and not (len(subdistrict_code) == 9 and subdistrict_code.isdigit()):
        out.append(FieldViolation(f"{prefix}.subdistrict_code", "must be a 9-digit statistical code, e.g. 500107001"))
    return out


def check_update_mask(paths: Iterable[str]) -> set[str]:
    """The fields an update replaces; INVALID_ARGUMENT `update_mask` for immutable or unknown ones."""
    fields = set(paths)
    bad = sorted(fields - MUTABLE_FIELDS)
    if bad:
        immutable = [f for f in bad if f in IMMUTABLE_FIELDS]
        reason = (f"{', '.join(immutable)} cannot be changed" if immutable
                  else f"unknown fields: {', '.join(bad)}")
        raise InvalidArgument.field("update_mask", reason)
    return fields


@dataclass(frozen=True)
class FieldChange:
    """One audited change (old and new values, as stored)."""

    field: str
    old: str
    new: str


def diff(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """The changed fields between two versions of a record, for the audit trail."""
    return [FieldChange(k, old.get(k, ""), new.get(k, "")) for k in sorted(set(old) | set(new))
            if old.get(k, "") != new.get(k, "")]


def retirement_group_for(male: bool, requested: RetirementGroup | None) -> RetirementGroup:
    """Men are MEN_60; women WOMEN_50 unless recorded as WOMEN_55 (cadre / technical posts)."""
    if requested is None:
        return RetirementGroup.MEN_60 if male else RetirementGroup.WOMEN_50
    if male != (requested is RetirementGroup.MEN_60):
        raise InvalidArgument.field("person.retirement_group", "does not match the gender of the ID number")
    return requested
