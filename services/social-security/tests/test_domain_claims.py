"""Benefit claims: transitions, four eyes, paid once, and the preconditions of the 2025 reform."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.claims import (
    ClaimState,
    ClaimType,
    Finding,
    approve,
    check,
    evaluate,
    pay,
    reject,
    submit,
)
from jlp_social_security.domain.enrolment import Enrolment, terminate
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.retirement import (
    RetirementGroup,
    min_contribution_months,
    statutory_retirement,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
OK = (Finding("active_enrolment", True, "ok"),)


def claim(claim_type=ClaimType.UNEMPLOYMENT_BENEFIT, **kw):
    return submit("c1", "p1", claim_type, kw.pop("event_date", date(2026, 5, 1)), "clerk-a", NOW,
                  amount=kw.pop("amount", Decimal("1800.00")))


def test_happy_path_and_history():
    c = check(claim(), "clerk-b", OK, NOW)
    c = approve(c, "chief", NOW)
    c = pay(c, "treasury", "PAY-2026-0001", NOW)
    assert c.state is ClaimState.PAID and c.payment_reference == "PAY-2026-0001" and c.paid_time == NOW
    assert [h.to_state for h in c.history] == [ClaimState.SUBMITTED, ClaimState.CHECKED,
                                               ClaimState.APPROVED, ClaimState.PAID]


def test_approve_before_check_is_refused():
    with pytest.raises(FailedPrecondition) as err:
        approve(claim(), "chief", NOW)
    assert err.value.reason == "ILLEGAL_TRANSITION"


def test_approver_must_not_be_the_submitter():
    c = check(claim(), "clerk-b", OK, NOW)
    with pytest.raises(PermissionDenied) as err:
        approve(c, "clerk-a", NOW)
    assert err.value.reason == "SEPARATION_OF_DUTIES"
    with pytest.raises(PermissionDenied):
        reject(c, "clerk-a", "self-rejection", NOW)


def test_paying_twice_is_refused_whatever_the_reference():
    paid = pay(approve(check(claim(), "b", OK, NOW), "chief", NOW), "t", "PAY-1", NOW)
    for reference in ("PAY-1", "PAY-2"):
        with pytest.raises(FailedPrecondition) as err:
            pay(paid, "t", reference, NOW)
        assert err.value.reason == "ALREADY_PAID"


def test_rejected_is_final_and_needs_a_reason():
    c = check(claim(), "b", OK, NOW)
    with pytest.raises(InvalidArgument):
        reject(c, "chief", " ", NOW)
    r = reject(c, "chief", "documents missing", NOW)
    assert r.state is ClaimState.REJECTED and r.rejection_reason == "documents missing"
    for action in (lambda: approve(r, "x", NOW), lambda: pay(r, "x", "P", NOW)):
        with pytest.raises(FailedPrecondition):
            action()


def test_failed_precondition_blocks_approval():
    c = check(claim(), "b", (Finding("active_enrolment", False, "none"),), NOW)
    with pytest.raises(FailedPrecondition) as err:
        approve(c, "chief", NOW)
    assert err.value.reason == "PRECONDITIONS_NOT_MET"


def test_submission_is_validated():
    with pytest.raises(InvalidArgument) as err:
        submit("c", "p", ClaimType.MEDICAL_REIMBURSEMENT, date(2026, 7, 1), "a", NOW)
    assert err.value.violations[0].field == "claim.event_date"
    with pytest.raises(InvalidArgument):
        submit("c", "p", ClaimType.RETIREMENT_PENSION, date(2026, 1, 1), "a", NOW, amount=Decimal("1"))


@pytest.mark.parametrize(("birth", "group", "delay", "month"), [
    # the derived lookup of reference social-insurance-chongqing.md §3.1
    (date(1965, 1, 10), RetirementGroup.MEN_60, 1, Month(2025, 2)),
    (date(1970, 6, 1), RetirementGroup.MEN_60, 17, Month(2031, 11)),
    (date(1976, 9, 1), RetirementGroup.MEN_60, 36, Month(2039, 9)),
    (date(1990, 1, 1), RetirementGroup.MEN_60, 36, Month(2053, 1)),
    (date(1972, 10, 1), RetirementGroup.WOMEN_55, 9, Month(2028, 7)),
    (date(1981, 9, 1), RetirementGroup.WOMEN_55, 36, Month(2039, 9)),
    (date(1980, 3, 1), RetirementGroup.WOMEN_50, 32, Month(2032, 11)),
    (date(1984, 11, 1), RetirementGroup.WOMEN_50, 60, Month(2039, 11)),
    (date(1964, 12, 31), RetirementGroup.MEN_60, 0, Month(2024, 12)),
])
def test_statutory_retirement_follows_the_reform(birth, group, delay, month):
    plan = statutory_retirement(birth, group)
    assert (plan.delay_months, plan.month) == (delay, month)


def test_minimum_contribution_by_retirement_year():
    assert [min_contribution_months(y) for y in (2025, 2029, 2030, 2031, 2035, 2038, 2039, 2045)] == [
        180, 180, 186, 192, 216, 234, 240, 240]


def test_flexible_retirement_never_below_the_original_age():
    man = statutory_retirement(date(1970, 6, 1), RetirementGroup.MEN_60)  # 2031-11, delay 17
    assert man.earliest_flexible == Month(2030, 6)  # 60 years old, not 36 months earlier
    young = statutory_retirement(date(1980, 1, 1), RetirementGroup.MEN_60)  # delay 36
    assert young.earliest_flexible == Month(2040, 1)


def pension_enrolment(**kw):
    base = dict(id="e1", person_id="p1", insurance_type=InsuranceType.PENSION,
                employer_credit_code="91500107MA5U00003G", monthly_wage=Decimal("6000"),
                effective_from=date(2010, 1, 1))
    return Enrolment(**{**base, **kw})


def test_pension_preconditions_use_the_cohort_minimum():
    # a man born June 1965: k = 6 → delay 2 → retires 2025-08, minimum 180 months
    c = submit("c", "p1", ClaimType.RETIREMENT_PENSION, date(2025, 8, 1), "a", NOW)
    findings = {f.rule: f for f in evaluate(c, [pension_enrolment()], birth_date=date(1965, 6, 15),
                                             group=RetirementGroup.MEN_60, contribution_months=179)}
    assert findings["active_enrolment"].passed and findings["retirement_age"].passed
    assert not findings["contribution_months"].passed and "179 of 180" in findings["contribution_months"].detail
    ok = evaluate(c, [pension_enrolment()], birth_date=date(1965, 6, 15), group=RetirementGroup.MEN_60,
                  contribution_months=180)
    assert all(f.passed for f in ok)
    # a woman worker born March 1980 retires 2032-11 and needs 16.5 years = 198 months
    w = submit("c", "p1", ClaimType.RETIREMENT_PENSION, date(2026, 5, 1), "a", NOW)
    wf = {f.rule: f for f in evaluate(w, [pension_enrolment()], birth_date=date(1980, 3, 1),
                                       group=RetirementGroup.WOMEN_50, contribution_months=198)}
    assert wf["contribution_months"].passed and not wf["retirement_age"].passed


def test_enrolment_must_be_active_on_the_event_date():
    ended = terminate(pension_enrolment(insurance_type=InsuranceType.UNEMPLOYMENT), date(2026, 3, 31), "left")
    c = claim(event_date=date(2026, 5, 1))
    assert not evaluate(c, [ended])[0].passed
    earlier = claim(event_date=date(2026, 3, 31))
    assert evaluate(earlier, [ended])[0].passed
    assert not evaluate(earlier, [pension_enrolment()])[0].passed  # wrong insurance type
