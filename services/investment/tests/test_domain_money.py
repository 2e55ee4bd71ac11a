"""Amounts in 万元 are exact decimals; malformed ones are refused, never rounded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jlp_common.errors import InvalidArgument
from jlp_investment.domain.money import format_wan, parse_decimal, parse_wan, round_wan


def test_parses_plain_decimals_exactly() -> None:
    assert parse_wan("12500", "amount_wan") == Decimal("12500")
    assert parse_wan("0.1", "a") + parse_wan("0.2", "a") == Decimal("0.3")
    assert parse_wan("3.0001", "a") == Decimal("3.0001")  # one yuan


@pytest.mark.parametrize(("text", "fragment"), [
    ("-5", "not a plain"),
    ("1e5", "not a plain"),
    ("1,000", "not a plain"),
    ("abc", "not a plain"),
    ("1.00001", "at most 4 decimal places"),
    ("100000001", "check the unit"),
    ("", "required"),
])
def test_refuses_what_would_be_guessed(text: str, fragment: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        parse_wan(text, "project.amount_wan")
    assert err.value.violations[0].field == "project.amount_wan"
    assert fragment in err.value.violations[0].description


def test_empty_allowed_when_optional() -> None:
    assert parse_wan("  ", "x", allow_empty=True) is None


def test_other_units_use_their_own_places() -> None:
    assert parse_decimal("22.50", "rent", unit="元/m²/月", places=2) == Decimal("22.50")
    with pytest.raises(InvalidArgument):
        parse_decimal("22.505", "rent", unit="元/m²/月", places=2)


def test_format_is_canonical() -> None:
    assert format_wan(Decimal("12500.0000")) == "12500"
    assert format_wan(Decimal("3.50")) == "3.5"
    assert format_wan(Decimal("0")) == "0"
    assert format_wan(Decimal("1E+3")) == "1000"


def test_rounding_is_to_one_yuan_half_even() -> None:
    assert round_wan(Decimal("0.00005")) == Decimal("0.0000")
    assert round_wan(Decimal("0.00015")) == Decimal("0.0002")
