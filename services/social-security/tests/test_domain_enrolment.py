"""Enrolment rules: one in force per person and type, statuses, transfers, who owes a month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.enrolment import (
    Enrolment,
    EnrolmentStatus,
    check_can_enrol,
    responsible_for_month,
    resume,
    suspend,
    terminate,
    transfer,
)
from jlp_social_security.domain.insurance import InsuranceType

EMPLOYER_A = "91500107MA5U00003G"  # synthetic, reference ids-gb11643-gb32100.md §2
EMPLOYER_B = "92500107L00000011K"


def enrolment(**kw) -> Enrolment:
    base = dict(id="e1", person_id="p1", insurance_type=InsuranceType.PENSION, employer_credit_code=EMPLOYER_A,
                monthly_wage=Decimal("8000"), effective_from=date(2024, 1, 1))
    return Enrolment(**{**base, **kw})


def test_second_enrolment_of_a_type_is_refused_while_one_is_in_force():
    current = enrolment()
    with pytest.raises(FailedPrecondition) as err:
        check_can_enrol(enrolment(id="e2", effective_from=date(2025, 1, 1)), [current])
    assert err.value.reason == "ALREADY_ENROLLED"
    with pytest.raises(FailedPrecondition):  # suspended is still in force
        check_can_enrol(enrolment(id="e2"), [suspend(current, date(2024, 6, 1), "unpaid leave")])
    # another type, or another person: fine
    check_can_enrol(enrolment(id="e2", insurance_type=InsuranceType.MEDICAL), [current])
    check_can_enrol(enrolment(id="e2", person_id="p2"), [current])


def test_terminated_enrolment_blocks_only_an_overlapping_start():
    ended = terminate(enrolment(), date(2024, 12, 31), "left the job")
    with pytest.raises(FailedPrecondition):
        check_can_enrol(enrolment(id="e2", effective_from=date(2024, 12, 1)), [ended])
    check_can_enrol(enrolment(id="e2", effective_from=date(2025, 1, 1)), [ended])


def test_new_enrolment_fields_are_validated_by_name():
    with pytest.raises(InvalidArgument) as err:
        check_can_enrol(enrolment(employer_credit_code="91500107MA5U00003H",
                                  insurance_type=InsuranceType.WORK_INJURY, monthly_wage=Decimal("-1")), [])
    assert {v.field for v in err.value.violations} == {
        "enrolment.employer_credit_code", "enrolment.work_injury_class", "enrolment.monthly_wage"}


def test_status_transitions():
    e = enrolment()
    s = suspend(e, date(2024, 6, 1), "unpaid leave")
    assert s.status is EnrolmentStatus.SUSPENDED and suspend(s, date(2024, 7, 1), "x") == s
    with pytest.raises(FailedPrecondition):
        resume(e, date(2024, 7, 1))
    r = resume(s, date(2024, 9, 1))
    assert r.status is EnrolmentStatus.ACTIVE
    assert r.active_on(date(2024, 5, 31)) and not r.active_on(date(2024, 8, 31)) and r.active_on(date(2024, 9, 1))
    t = terminate(r, date(2025, 3, 31), "retired")
    assert t.status is EnrolmentStatus.TERMINATED and terminate(t, date(2025, 3, 31), "again") == t
    with pytest.raises(FailedPrecondition):
        terminate(t, date(2025, 4, 30), "other day")
    with pytest.raises(FailedPrecondition):
        suspend(t, date(2025, 5, 1), "after the end")
    assert not t.active_on(date(2025, 4, 1))


def test_transfer_closes_and_opens_in_one_step_without_gap_or_overlap():
    closed, opened = transfer(enrolment(), new_id="e2", new_employer_credit_code=EMPLOYER_B,
                              transfer_date=date(2025, 3, 16), new_monthly_wage=Decimal("9000"))
    assert closed.status is EnrolmentStatus.TERMINATED and closed.effective_to == date(2025, 3, 15)
    assert opened.status is EnrolmentStatus.ACTIVE and opened.effective_from == date(2025, 3, 16)
    assert opened.previous_enrolment_id == "e1" and opened.monthly_wage == Decimal("9000")
    for day in (date(2025, 3, 15), date(2025, 3, 16)):
        assert [e.id for e in (closed, opened) if e.active_on(day)] == (["e1"] if day.day == 15 else ["e2"])
    # the new employer owes the transfer month (in force on its last day)
    assert responsible_for_month([closed, opened], Month(2025, 3)).id == "e2"
    assert responsible_for_month([closed, opened], Month(2025, 2)).id == "e1"
    with pytest.raises(FailedPrecondition) as err:
        transfer(enrolment(), new_id="e3", new_employer_credit_code=EMPLOYER_A, transfer_date=date(2025, 3, 1))
    assert err.value.reason == "SAME_EMPLOYER"
    with pytest.raises(FailedPrecondition):
        transfer(closed, new_id="e3", new_employer_credit_code=EMPLOYER_B, transfer_date=date(2025, 4, 1))


def test_suspended_or_ended_mid_month_owes_nothing_for_the_month():
    s = suspend(enrolment(), date(2025, 3, 20), "leave")
    assert responsible_for_month([s], Month(2025, 3)) is None
    assert responsible_for_month([s], Month(2025, 2)) is not None
    t = terminate(enrolment(), date(2025, 3, 15), "left")
    assert responsible_for_month([t], Month(2025, 3)) is None
