"""Amounts in 万元 (10,000 yuan) as exact decimals.

Investment figures are summed, compared with per-mu thresholds and multiplied by probabilities;
binary floats would make 0.1 + 0.2 ≠ 0.3 show up in reports, so amounts travel as decimal
strings (like google.type.Decimal) and are computed with `decimal.Decimal`. Four decimal places
of 万元 are one yuan, the finest unit the bureau records.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

from jlp_common.errors import InvalidArgument

PLACES = 4
YUAN = Decimal("0.0001")  # one yuan in 万元
MAX_WAN = Decimal("100000000")  # 1 万亿 yuan: far above any single project, catches unit mix-ups
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def parse_decimal(text: str, field: str, *, unit: str, places: int = PLACES, maximum: Decimal = MAX_WAN,
                  allow_empty: bool = False) -> Decimal | None:
    """A non-negative decimal of at most `places` decimals from its string form.

    Exponents, signs, thousands separators and extra decimals are refused rather than rounded:
    a silently rounded amount is a wrong amount.
    """
    text = (text or "").strip()
    if not text:
        if allow_empty:
            return None
        raise InvalidArgument.field(field, f"a decimal number of {unit} is required, e.g. \"12500\" or \"3.5\"")
    if not _PLAIN.match(text):
        raise InvalidArgument.field(field, f"{text!r} is not a plain non-negative decimal number of {unit}")
    value = Decimal(text)
    if -value.as_tuple().exponent > places:
        raise InvalidArgument.field(field, f"at most {places} decimal places of {unit}")
    if value > maximum:
        raise InvalidArgument.field(field, f"more than {maximum} {unit} — check the unit")
    return value


def parse_wan(text: str, field: str, *, allow_empty: bool = False) -> Decimal | None:
    """An amount in 万元: at most 4 decimals (1 元 = 0.0001 万元), at most 1 万亿 yuan."""
    return parse_decimal(text, field, unit="万元", allow_empty=allow_empty)


def format_wan(value: Decimal) -> str:
    """Canonical string: quantised to one yuan, no exponent, no trailing zeros."""
    q = value.quantize(YUAN, rounding=ROUND_HALF_EVEN)
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def round_wan(value: Decimal) -> Decimal:
    """Rounded to one yuan (banker's rounding, so sums of many roundings do not drift)."""
    return value.quantize(YUAN, rounding=ROUND_HALF_EVEN)
