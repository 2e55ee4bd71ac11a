"""Resident ID numbers (公民身份号码, GB 11643-1999): parse, check, and make synthetic ones.

Structure per reference ids-gb11643-gb32100.md §1: 6-digit address code, birth date YYYYMMDD,
3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character (0-9 or X). The check
character comes from python-stdnum's `cn.ric.calc_check_digit`; its whole-number `validate` is
not used because it refuses 500107 (九龙坡区) numbers of people born before 1997 (§1,
"Strictness to know about"), although residents registered later hold exactly such numbers.

Identity's service has the same validation for accounts; when the PII helpers land in
jlp_common this module keeps only the synthetic generator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from jlp_common.errors import InvalidArgument

_RIC_RE = re.compile(r"([0-9]{6})([0-9]{8})([0-9]{3})([0-9X])")
_EARLIEST_BIRTH = date(1880, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    number: str
    address_code: str
    birth_date: date
    male: bool


def check_character(first17: str) -> str:
    """The MOD 11-2 check character of 17 digits (stdnum wants the full 18, ignoring the last)."""
    return ric.calc_check_digit(first17 + "0")


def parse_resident_id(value: str, today: date, field: str = "person.id_number") -> ResidentId:
    """A GB 11643 number (full-width digits and a lower-case x accepted), or INVALID_ARGUMENT
    naming `field` with the reason."""
    number = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")).upper()
    match = _RIC_RE.fullmatch(number)
    if not match:
        raise InvalidArgument.field(field, "must be 18 characters: 17 digits and a digit or X (GB 11643)")
    address, birth, sequence, check = match.groups()
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        raise InvalidArgument.field(field, "the birth date it encodes does not exist") from None
    if born > today or born < _EARLIEST_BIRTH:
        raise InvalidArgument.field(field, "the birth date it encodes is not plausible")
    if check_character(number[:17]) != check:
        raise InvalidArgument.field(field, "check character is wrong (GB 11643 MOD 11-2)")
    return ResidentId(number, address, born, male=int(sequence[-1]) % 2 == 1)


def synthetic_resident_id(address_code: str, birth: date, sequence: int) -> str:
    """A well-formed number for test and demo data (valid check character). Sequence 0..999;
    its parity encodes the gender. Synthetic numbers may still coincide with a real one by
    chance, which is why demo data never pairs them with real names or addresses."""
    if not (len(address_code) == 6 and address_code.isdigit()) or not 0 <= sequence <= 999:
        raise ValueError("address code is 6 digits, sequence 0..999")
    first17 = f"{address_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
