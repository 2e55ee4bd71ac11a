"""Visitors' personal data (DESIGN §3 "Personal data"): the resident ID number validated
(GB 11643-1999, jlp_common.identifiers), hashed with a key for the one-ticket-per-ID rule,
encrypted at rest (jlp_common.pii), and name and number masked in every answer
(jlp_common.masking). Only what tourism adds lives here: the checks of a booking's visitors."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from jlp_common.errors import FieldViolation
from jlp_common.identifiers import IdentifierError, compact, validate_resident_id
from jlp_common.masking import mask_id_number, mask_name
from jlp_common.pii import PiiCipher

MAX_NAME_CHARS = 50


@dataclass(frozen=True)
class Visitor:
    """A visitor as given in a booking (never stored in clear)."""

    name: str
    id_number: str

    @property
    def clean_name(self) -> str:
        return unicodedata.normalize("NFKC", self.name or "").strip()


def visitor_problems(visitors: list[Visitor], today: date, prefix: str = "booking.visitors") -> list[FieldViolation]:
    out = []
    for i, visitor in enumerate(visitors):
        name = visitor.clean_name
        if not name:
            out.append(FieldViolation(f"{prefix}[{i}].name", "is required"))
        elif len(name) > MAX_NAME_CHARS or any(unicodedata.category(c).startswith("C") for c in name):
            out.append(FieldViolation(f"{prefix}[{i}].name", f"at most {MAX_NAME_CHARS} printable characters"))
        try:
            validate_resident_id(visitor.id_number, today)
        except IdentifierError as exc:
            out.append(FieldViolation(f"{prefix}[{i}].id_number", f"not a resident ID number: {exc}"))
    return out


def id_hash(cipher: PiiCipher, id_number: str) -> str:
    """The keyed look-up hash of an ID number (the same person, however it was typed)."""
    return cipher.lookup("id_number", compact(id_number))


def masked(visitor: Visitor) -> tuple[str, str]:
    """(name, ID number) as every answer shows them: `张*`, `500107********0003`."""
    return mask_name(visitor.clean_name), mask_id_number(compact(visitor.id_number))
