"""Money as exact decimals to the fen (0.01 yuan) — never floats.

Rounding rule (documented in the proto and applied everywhere): each amount is computed on the
clamped base per insurance item and per party (employer, employee) and rounded to the fen
half-up (四舍五入, ROUND_HALF_UP) *before* it is summed; totals are sums of rounded items, so a
record's total always equals the sum of its printed lines. This reproduces the worked example of
reference social-insurance-chongqing.md §4 to the fen.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jlp_common.errors import InvalidArgument

FEN = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = "per item and party, to 0.01 yuan, half up (ROUND_HALF_UP), then summed"
ZERO = Decimal("0.00")
# Plain decimal notation only: no exponent ("8e3"), no separators, no NaN/Infinity, ≤ 2 decimals.
_MONEY_RE = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?")
_RATE_RE = re.compile(r"[0-9]{1,3}(\.[0-9]{1,8})?")


def parse_money(text: str, field: str, *, allow_negative: bool = False) -> Decimal:
    """A money string → Decimal quantized to the fen, or INVALID_ARGUMENT naming `field`."""
    value = (text or "").strip()
    if not _MONEY_RE.fullmatch(value):
        raise InvalidArgument.field(field, "must be an amount in yuan with at most two decimals, e.g. 8000.00")
    amount = Decimal(value)
    if amount < 0 and not allow_negative:
        raise InvalidArgument.field(field, "must not be negative")
    return amount.quantize(FEN)


def to_fen(value: Decimal) -> Decimal:
    """`value` rounded to the fen by the rule above."""
    return value.quantize(FEN, rounding=ROUNDING)


def format_money(value: Decimal) -> str:
    """Two decimals always ("8000.00"), so the wire form is stable and exact."""
    return f"{to_fen(value):.2f}"


def parse_rate(text: str | int | float, field: str) -> Decimal:
    """A contribution rate as a decimal fraction ("0.16") from configuration; 0 ≤ rate < 1.

    Numbers arrive as strings so that 0.085 is exactly 0.085 (a JSON float would not be)."""
    value = str(text).strip()
    if not _RATE_RE.fullmatch(value):
        raise InvalidArgument.field(field, "must be a decimal fraction written as a string, e.g. \"0.085\"")
    try:
        rate = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        raise InvalidArgument.field(field, "is not a number") from None
    if rate >= 1:
        raise InvalidArgument.field(field, "must be a fraction below 1 (16 % is \"0.16\")")
    return rate
