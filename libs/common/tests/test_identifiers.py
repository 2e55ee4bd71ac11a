"""GB 11643 / GB 32100 validation against the reference fixtures
(/work/shared/reference/ids-gb11643-gb32100.md), including where python-stdnum is too strict."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric, uscc

from jlp_common.identifiers import (
    IdentifierError,
    validate_credit_code,
    validate_phone,
    validate_resident_id,
)

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize("number", ["500107200001010003", "50010719980517004X",
                                    "500103200508150237", "50010719980517004x",
                                    "500107 2000 0101 0003"])
def test_valid_resident_ids(number: str) -> None:
    assert validate_resident_id(number, TODAY).number == number.replace(" ", "").upper()


def test_facts_encoded_in_a_resident_id() -> None:
    rid = validate_resident_id("500103200508150237", TODAY)
    assert (rid.address_code, rid.birth_date, rid.male) == ("500103", date(2005, 8, 15), True)
    assert validate_resident_id("500107200001010003", TODAY).male is False


@pytest.mark.parametrize(("number", "why"), [
    ("500107200001010009", "check character"),
    ("500107200002300002", "birth date does not exist"),
    ("999999200001010003", "province"),
    ("50010720000101000", "18 characters"),
    ("5001072000010100A3", "17 digits"),
])
def test_invalid_resident_ids(number: str, why: str) -> None:
    with pytest.raises(IdentifierError, match=why):
        validate_resident_id(number, TODAY)


def _with_check(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def test_birth_date_in_the_future_is_refused_though_stdnum_accepts_it() -> None:
    assert ric.is_valid("500107209912310008")
    with pytest.raises(IdentifierError, match="future"):
        validate_resident_id("500107209912310008", TODAY)
    tomorrow = _with_check("50010720260602001")
    with pytest.raises(IdentifierError, match="future"):
        validate_resident_id(tomorrow, TODAY)
    assert validate_resident_id(_with_check("50010720260601001"), TODAY)


def test_jiulongpo_residents_born_before_1997_are_accepted_though_stdnum_refuses_them() -> None:
    assert not ric.is_valid("500107199001010008")  # stdnum: 500107 only valid from 1997
    assert validate_resident_id("500107199001010008", TODAY).birth_date == date(1990, 1, 1)
    assert validate_resident_id(_with_check("50010719450815001"), TODAY)


@pytest.mark.parametrize("code", ["91500107MA5U00003G", "92500107L00000011K",
                                  "52500107MJP000013W", "91110000600037341L",
                                  "91500107ma5u00003g"])
def test_valid_credit_codes(code: str) -> None:
    assert validate_credit_code(code) == code.upper()


def test_credit_codes_with_letter_authorities_are_accepted_though_stdnum_refuses_them() -> None:
    assert not uscc.is_valid("N2500107E00000010Y")
    assert validate_credit_code("N2500107E00000010Y") == "N2500107E00000010Y"
    for first in "AY":
        first17 = f"{first}1500107MA5U00003"
        code = first17 + uscc.calc_check_digit(first17)
        assert validate_credit_code(code) == code


@pytest.mark.parametrize(("code", "why"), [
    ("91500107MA5U00003H", "check character"),
    ("91500107MA5U0000I5", "not used in credit codes: I"),
    ("9150010MA5U000011", "18 characters"),
    ("9A5001X7MA5U00003G", "division code"),
    ("B1500107MA5U00003G", "registration authority"),
])
def test_invalid_credit_codes(code: str, why: str) -> None:
    with pytest.raises(IdentifierError, match=why):
        validate_credit_code(code)


@pytest.mark.parametrize(("raw", "phone"), [("13812345678", "13812345678"),
                                            ("+86 138-1234-5678", "13812345678"),
                                            ("8613812345678", "13812345678"),
                                            # full-width digits, as Chinese input methods type
                                            ("１３８１２３４５６７８", "13812345678")])
def test_phones(raw: str, phone: str) -> None:
    assert validate_phone(raw) == phone


@pytest.mark.parametrize("raw", ["1381234567", "12812345678", "023-68781234", "",
                                 "138١٢٣٤٥٦٧٨"])  # Arabic-Indic digits: regex \\d matched them
def test_invalid_phones(raw: str) -> None:
    with pytest.raises(IdentifierError):
        validate_phone(raw)


def test_full_width_numbers_are_the_same_number() -> None:
    """An ID number typed with full-width digits is the same person (one look-up hash)."""
    assert validate_resident_id("５００１０７１９９８０５１７００４Ｘ", date(2026, 1, 1)).number == \
        "50010719980517004X"
    assert validate_resident_id("５００１０７１９９８０５１７００４ｘ", date(2026, 1, 1)).number == \
        "50010719980517004X"
