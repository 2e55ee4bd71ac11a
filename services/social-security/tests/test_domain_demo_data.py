"""The demo generator: deterministic, synthetic, valid by the same rules the service applies."""

from __future__ import annotations

from collections import Counter
from datetime import date

from stdnum.cn import ric

from jlp_social_security.domain.credit_code import credit_code_problem
from jlp_social_security.domain.demo_data import SUBDISTRICTS, generate
from jlp_social_security.domain.households import Member, create
from jlp_social_security.domain.resident_id import parse_resident_id

TODAY = date(2026, 6, 1)


def test_same_seed_same_district_other_seed_other_district():
    assert generate(seed=1) == generate(seed=1)
    assert generate(seed=1).persons != generate(seed=2).persons


def test_a_few_hundred_persons_with_valid_unique_id_numbers():
    data = generate(today=TODAY)
    assert 200 <= len(data.persons) <= 600
    numbers = [p.id_number for p in data.persons]
    assert len(set(numbers)) == len(numbers)
    for p in data.persons:
        rid = parse_resident_id(p.id_number, TODAY)
        assert ric.calc_check_digit(p.id_number) == p.id_number[-1]
        assert (rid.birth_date, rid.male) == (p.birth_date, p.male)
        assert p.phone.startswith("17") and len(p.phone) == 11


def test_households_have_exactly_one_head_and_every_person_one_household():
    data = generate(today=TODAY)
    for h in data.households:
        create(h.key, [Member(pid, rel) for pid, rel in h.members])  # raises unless exactly one head
    in_households = Counter(pid for h in data.households for pid, _ in h.members)
    assert set(in_households) == {p.key for p in data.persons} and max(in_households.values()) == 1


def test_providers_in_every_subdistrict_and_valid_credit_codes():
    data = generate(today=TODAY)
    covered = {code for p in data.providers for code in p.subdistrict_codes}
    assert covered == {code for code, _ in SUBDISTRICTS}
    codes = [p.credit_code for p in data.providers] + [e.credit_code for e in data.employers]
    assert all(credit_code_problem(c) == "" for c in codes) and len(set(codes)) == len(codes)
    assert all(p.credit_code.startswith("52") for p in data.providers)


def test_enrolments_are_of_working_age_people_and_cover_floor_and_cap():
    data = generate(today=TODAY)
    by_key = {p.key: p for p in data.persons}
    assert data.enrolments
    for e in data.enrolments:
        assert (TODAY - by_key[e.person_key].birth_date).days // 365 >= 18
    wages = [e.monthly_wage for e in data.enrolments]
    assert min(wages) < 3699 < 18495 < max(wages)
    pairs = Counter((e.person_key, e.insurance_type) for e in data.enrolments)
    assert max(pairs.values()) == 1
