"""Validation of the numbers that identify people and organisations.

- Resident ID number 公民身份号码, GB 11643-1999: 6-digit address code, 8-digit birth date,
  3-digit sequence, ISO 7064 MOD 11-2 check character (0-9 or X).
- Unified social credit code 统一社会信用代码, GB 32100-2015: 18 characters from a 31-symbol
  alphabet (no I, O, Z, S, V), GB/T 17710 MOD 31 check character.
- Mainland mobile numbers (11 digits, 1[3-9]...).

python-stdnum's *check-digit* functions compute the check characters, but its whole-number
validators are stricter than the standards (see /work/shared/reference/ids-gb11643-gb32100.md):
`cn.ric.validate` refuses 500107 (九龙坡区) numbers of people born before 1997, when Chongqing
became a municipality, although residents registered later hold exactly such numbers; and
`cn.uscc.validate` requires a digit in position 1, refusing codes of rural collectives (N),
the military reform office (A) and "other" authorities (Y). So structure, birth date and
alphabet are checked here, against the standards, and only the check characters come from stdnum.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric, uscc

# GB 32100 alphabet: digits + capital letters without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Registration authority codes in position 1 (GB 32100 table, incl. A, N, Y).
USCC_AUTHORITIES = frozenset("123456789ANY")
# ASCII digits only: `\d` also matches other scripts' digits (Arabic-Indic ١٢٣...), which
# would let one number be stored under several spellings and slip past the unique look-up hash.
_RIC_RE = re.compile(r"([0-9]{6})([0-9]{8})([0-9]{3})([0-9X])")
_USCC_RE = re.compile(rf"[{USCC_ALPHABET}]{{2}}[0-9]{{6}}[{USCC_ALPHABET}]{{10}}")
_PHONE_RE = re.compile(r"1[3-9][0-9]{9}")
_EARLIEST_BIRTH = date(1800, 1, 1)
# GB/T 2260 province-level prefixes (83 and 81/82 also head HK/Macao/Taiwan residence permits).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split())


class IdentifierError(ValueError):
    """The number is not valid; the message says why, in words a user can act on."""


@dataclass(frozen=True)
class ResidentId:
    """A validated resident ID number and the facts it encodes."""

    number: str
    address_code: str
    birth_date: date
    male: bool


def _narrow(value: str) -> str:
    """NFKC: full-width digits and letters (as Chinese input methods type them) become ASCII,
    so `１３８…` and `138…` are one number with one look-up hash."""
    return unicodedata.normalize("NFKC", value or "")


def compact(value: str) -> str:
    """Strip spaces and dashes, upper-case (a trailing `x` is the check character X)."""
    return re.sub(r"[\s\-]", "", _narrow(value)).upper()


def validate_resident_id(value: str, today: date) -> ResidentId:
    """A GB 11643-1999 number: structure, a real birth date not after `today`, check character.

    The address code is only checked down to its province: GB/T 2260 county codes change over
    time and a person keeps the code of their first registration, so a dated table look-up
    wrongly refuses valid numbers (stdnum's `loc.dat` rule is the example to avoid).
    """
    number = compact(value)
    if len(number) != 18:
        raise IdentifierError("must be 18 characters")
    match = _RIC_RE.fullmatch(number)
    if not match:
        raise IdentifierError("must be 17 digits followed by a digit or X")
    address, birth, sequence, _check = match.groups()
    if address[:2] not in PROVINCE_CODES:
        raise IdentifierError("address code does not start with a province code")
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        raise IdentifierError("birth date does not exist") from None
    if born > today:
        raise IdentifierError("birth date is in the future")
    if born < _EARLIEST_BIRTH:
        raise IdentifierError("birth date is not plausible")
    if ric.calc_check_digit(number) != number[-1]:
        raise IdentifierError("check character is wrong")
    return ResidentId(number, address, born, male=int(sequence[-1]) % 2 == 1)


def validate_credit_code(value: str) -> str:
    """A GB 32100-2015 unified social credit code (compacted), or IdentifierError.

    Position 1 may be a digit 1-9 or A, N, Y (registration authority); positions 3-8 are the
    region's digits; everything else comes from the 31-symbol alphabet.
    """
    number = compact(value)
    if len(number) != 18:
        raise IdentifierError("must be 18 characters")
    bad = sorted({c for c in number if c not in USCC_ALPHABET})
    if bad:
        raise IdentifierError(f"contains characters not used in credit codes: {''.join(bad)}")
    if not _USCC_RE.fullmatch(number):
        raise IdentifierError("characters 3 to 8 must be the digits of a division code")
    if number[0] not in USCC_AUTHORITIES:
        raise IdentifierError("first character is not a registration authority code")
    if uscc.calc_check_digit(number[:17]) != number[17]:
        raise IdentifierError("check character is wrong")
    return number


def validate_phone(value: str) -> str:
    """A mainland mobile number as 11 digits; `+86`/`86` prefixes and separators are dropped."""
    number = re.sub(r"[\s\-()]", "", _narrow(value))
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not _PHONE_RE.fullmatch(number):
        raise IdentifierError("must be an 11-digit mainland mobile number")
    return number


def looks_like_phone(value: str) -> bool:
    """True for an 11-digit mobile number (used to route a user name to the right look-up)."""
    try:
        validate_phone(value)
    except IdentifierError:
        return False
    return True
