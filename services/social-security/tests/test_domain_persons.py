"""Resident ID numbers (GB 11643) and person fields."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from jlp_common.errors import InvalidArgument
from jlp_social_security.domain.persons import (
    check_update_mask,
    diff,
    normalise_phone,
    person_problems,
    retirement_group_for,
)
from jlp_social_security.domain.resident_id import parse_resident_id, synthetic_resident_id
from jlp_social_security.domain.retirement import RetirementGroup

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(("number", "born", "male"), [
    # synthetic examples of reference ids-gb11643-gb32100.md §1
    ("500107200001010003", date(2000, 1, 1), False),
    ("50010719980517004X", date(1998, 5, 17), False),
    ("500103200508150237", date(2005, 8, 15), True),
    ("500107199001010008", date(1990, 1, 1), False),  # refused by stdnum.validate, valid per GB 11643
])
def test_valid_numbers_parse(number, born, male):
    rid = parse_resident_id(number, TODAY)
    assert (rid.birth_date, rid.male, rid.address_code) == (born, male, number[:6])


def test_lower_case_x_and_full_width_digits_are_the_same_number():
    assert parse_resident_id("50010719980517004x", TODAY).number == "50010719980517004X"
    assert parse_resident_id("５００１０７２００００１０１０００３", TODAY).number == "500107200001010003"


@pytest.mark.parametrize(("number", "words"), [
    ("500107200001010009", "check character is wrong"),
    ("500107200002300002", "does not exist"),
    ("50010720000101000", "must be 18 characters"),
    ("500107209912310008", "in the future"),
])
def test_invalid_numbers_name_the_field_and_reason(number, words):
    with pytest.raises(InvalidArgument) as err:
        parse_resident_id(number, TODAY)
    assert err.value.violations[0].field == "person.id_number" and words in err.value.violations[0].description


def test_synthetic_numbers_have_valid_check_characters():
    number = synthetic_resident_id("500107", date(2000, 1, 1), 0)
    assert number == "500107200001010003"  # the reference's worked example
    for seq in range(0, 1000, 37):
        n = synthetic_resident_id("500107", date(1999, 12, 31), seq)
        assert ric.calc_check_digit(n) == n[-1] and parse_resident_id(n, TODAY).male == (seq % 2 == 1)
    with pytest.raises(ValueError):
        synthetic_resident_id("50010", date(2000, 1, 1), 1)


def test_person_fields():
    assert person_problems("张三", "+86 138-0000-1234", "500107001") == []
    assert normalise_phone("+86 138-0000-1234") == "13800001234"
    problems = {v.field for v in person_problems(" ", "12345", "5001")}
    assert problems == {"person.name", "person.phone", "person.subdistrict_code"}


def test_update_mask_refuses_immutable_fields():
    assert check_update_mask(["name", "phone"]) == {"name", "phone"}
    with pytest.raises(InvalidArgument) as err:
        check_update_mask(["name", "birth_date"])
    assert err.value.violations[0].field == "update_mask" and "birth_date" in err.value.violations[0].description
    with pytest.raises(InvalidArgument):
        check_update_mask(["shoe_size"])


def test_audit_diff_and_retirement_group():
    changes = diff({"name": "张三", "phone": "1"}, {"name": "张三", "phone": "2", "address": "x"})
    assert [(c.field, c.old, c.new) for c in changes] == [("address", "", "x"), ("phone", "1", "2")]
    assert retirement_group_for(True, None) is RetirementGroup.MEN_60
    assert retirement_group_for(False, None) is RetirementGroup.WOMEN_50
    assert retirement_group_for(False, RetirementGroup.WOMEN_55) is RetirementGroup.WOMEN_55
    with pytest.raises(InvalidArgument):
        retirement_group_for(True, RetirementGroup.WOMEN_55)
