"""Resident ID numbers (公民身份号码, GB 11643-1999) for this service: the kit's validation with
the field named, and synthetic numbers for demo and test data.

Validation is jlp_common.identifiers (structure, real birth date, province, MOD 11-2 check
character; reference ids-gb11643-gb32100.md §1). Synthetic numbers get their check character
from python-stdnum's `cn.ric.calc_check_digit` (it expects the full 18 characters and ignores
the last one).
"""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric

from jlp_common.errors import InvalidArgument
from jlp_common.identifiers import IdentifierError, ResidentId, validate_resident_id


def parse_resident_id(value: str, today: date, field: str = "person.id_number") -> ResidentId:
    """The validated number and what it encodes, or INVALID_ARGUMENT naming `field`."""
    try:
        return validate_resident_id(value, today)
    except IdentifierError as err:
        raise InvalidArgument.field(field, f"{err} (GB 11643)") from None


def check_character(first17: str) -> str:
    """The MOD 11-2 check character of 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def synthetic_resident_id(address_code: str, birth: date, sequence: int) -> str:
    """A well-formed number for test and demo data (valid check character). Sequence 0..999;
    its parity encodes the gender. A synthetic number may still coincide with a real one by
    chance, which is why demo data never pairs them with real names or addresses."""
    if not (len(address_code) == 6 and address_code.isdigit()) or not 0 <= sequence <= 999:
        raise ValueError("address code is 6 digits, sequence 0..999")
    first17 = f"{address_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
