"""Visitors' personal data: the ID number validated, hashed for uniqueness, encrypted at rest,
and name and number masked in every answer (DESIGN §3 "Personal data").

- Validation: GB 11643-1999 structure, a real birth date not after today, and the ISO 7064
  MOD 11-2 check character computed by python-stdnum's `calc_check_digit` (its whole-number
  `validate` is stricter than the standard: reference/ids-gb11643-gb32100.md §1, it refuses
  500107 numbers of people born before 1997).
- Look-up hash: HMAC-SHA256 under a key derived from `JLP_PII_KEY`, so the one-ticket-per-ID
  rule works on a unique index without storing the number, and the hash cannot be brute-forced
  over the small space of valid ID numbers without the key.
- Encryption: AES-256-GCM with a random nonce and the field name as associated data.
- Masks: `500107********0003` (address code and last four) and `张*` (first character).

Note for the merge: jlp_common is gaining `identifiers`, `pii` and `masking` with these exact
rules (identity's, moved). When it lands, this module shrinks to calls of those.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from stdnum.cn import ric

from jlp_common.errors import FieldViolation

_RIC = re.compile(r"([0-9]{6})([0-9]{8})([0-9]{3})([0-9X])")
MAX_NAME_CHARS = 50


@dataclass(frozen=True)
class Visitor:
    """A visitor as given: name and normalised ID number (never stored in clear)."""

    name: str
    id_number: str


def normalise_id(value: str) -> str:
    """Full-width digits (Chinese input methods) to ASCII, separators dropped, x → X."""
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")).upper()


def id_number_problem(value: str, today: date) -> str | None:
    """Why `value` is not a resident ID number (GB 11643-1999), or None."""
    number = normalise_id(value)
    match = _RIC.fullmatch(number)
    if not match:
        return "must be an 18-character resident ID number (17 digits and a check digit or X)"
    try:
        born = date(int(match.group(2)[:4]), int(match.group(2)[4:6]), int(match.group(2)[6:]))
    except ValueError:
        return "the birth date in the number does not exist"
    if born > today or born.year < 1800:
        return "the birth date in the number is not possible"
    if ric.calc_check_digit(number) != number[-1]:
        return "the check digit does not match (a typing error?)"
    return None


def visitor_problems(visitors: list[Visitor], today: date, prefix: str = "booking.visitors") -> list[FieldViolation]:
    out = []
    for i, visitor in enumerate(visitors):
        name = unicodedata.normalize("NFKC", visitor.name or "").strip()
        if not name:
            out.append(FieldViolation(f"{prefix}[{i}].name", "is required"))
        elif len(name) > MAX_NAME_CHARS or any(unicodedata.category(c).startswith("C") for c in name):
            out.append(FieldViolation(f"{prefix}[{i}].name",
                                      f"at most {MAX_NAME_CHARS} printable characters"))
        problem = id_number_problem(visitor.id_number, today)
        if problem:
            out.append(FieldViolation(f"{prefix}[{i}].id_number", problem))
    return out


def masked_id(number: str) -> str:
    number = normalise_id(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def masked_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*" * len(name)


class VisitorVault:
    """Keyed hash and encryption of visitors' personal data, from one 32-byte master key."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the PII master key must be 32 bytes")

        def derive(purpose: bytes) -> bytes:
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                        info=b"jlp-tourism/" + purpose).derive(master_key)

        self._aead = AESGCM(derive(b"visitor-aes-gcm/v1"))
        self._mac = derive(b"visitor-lookup-hmac/v1")

    def id_hash(self, id_number: str) -> str:
        return hmac.new(self._mac, f"id_number:{normalise_id(id_number)}".encode(), hashlib.sha256).hexdigest()

    def seal(self, field: str, value: str) -> str:
        nonce = os.urandom(12)
        return "v1." + base64.b64encode(nonce + self._aead.encrypt(nonce, value.encode(), field.encode())).decode()

    def open(self, field: str, token: str) -> str:
        version, _, body = token.partition(".")
        if version != "v1":
            raise ValueError(f"unknown envelope {version!r}")
        raw = base64.b64decode(body)
        return self._aead.decrypt(raw[:12], raw[12:], field.encode()).decode()
