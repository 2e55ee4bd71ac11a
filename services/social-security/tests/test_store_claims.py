"""Claims on the embedded store: transitions persisted with events, paying twice refused even
when two payments race, stale etags refused."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from jlp_common.errors import Conflict, FailedPrecondition, PermissionDenied
from jlp_common.pagination import PageTokens
from jlp_social_security.benefit_claims import BenefitClaims, PreconditionFacts
from jlp_social_security.domain.claims import ClaimType
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.retirement import RetirementGroup

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def enrolment(person_id: str) -> list[Enrolment]:
    return [Enrolment("e1", person_id, t, "91500107MA5U00003G", Decimal("8000"), date(2010, 1, 1))
            for t in InsuranceType]


@pytest.fixture
def claims(store):
    facts = PreconditionFacts(enrolment, lambda pid: (date(1965, 6, 15), RetirementGroup.MEN_60),
                              lambda pid, until: 190)
    return BenefitClaims(facts, PageTokens(b"k" * 32), clock=lambda: NOW)


def test_life_of_a_claim_with_events(claims, store):
    c = claims.submit("p1", ClaimType.UNEMPLOYMENT_BENEFIT, date(2026, 5, 1), "clerk-a", Decimal("1800"),
                      request_id="r-1")
    assert claims.submit("p1", ClaimType.UNEMPLOYMENT_BENEFIT, date(2026, 5, 1), "clerk-a",
                         request_id="r-1")["_id"] == c["_id"]
    with pytest.raises(FailedPrecondition):
        claims.approve(c["_id"], "chief")  # before the check
    checked = claims.check(c["_id"], "clerk-b")
    assert checked["state"] == "CHECKED" and all(f["passed"] for f in checked["findings"])
    with pytest.raises(PermissionDenied):
        claims.approve(c["_id"], "clerk-a")
    with pytest.raises(Conflict):
        claims.approve(c["_id"], "chief", etag=str(c["version"]))  # stale etag
    claims.approve(c["_id"], "chief", etag=str(checked["version"]))
    paid = claims.pay(c["_id"], "treasury", "PAY-1")
    assert paid["state"] == "PAID" and paid["payment_reference"] == "PAY-1"
    with pytest.raises(FailedPrecondition) as err:
        claims.pay(c["_id"], "treasury", "PAY-2")
    assert err.value.reason == "ALREADY_PAID"
    outbox = store["claims"].find_one({"_id": c["_id"]})["outbox"]
    assert [e["subject"] for e in outbox] == ["jlp.social.claim.status_changed"] * 4


def test_two_concurrent_payments_pay_once(claims, store):
    c = claims.submit("p1", ClaimType.MEDICAL_REIMBURSEMENT, date(2026, 5, 1), "a", Decimal("300"))
    claims.check(c["_id"], "b")
    claims.approve(c["_id"], "chief")
    outcomes: list[str] = []

    def pay(ref):
        try:
            outcomes.append(claims.pay(c["_id"], "t", ref)["payment_reference"])
        except FailedPrecondition as err:
            outcomes.append(err.reason)

    threads = [threading.Thread(target=pay, args=(r,)) for r in ("PAY-A", "PAY-B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes)[0] == "ALREADY_PAID" and len(outcomes) == 2
    assert store["claims"].find_one({"_id": c["_id"]})["payment_reference"] in ("PAY-A", "PAY-B")


def test_pension_check_uses_the_cohort(claims):
    c = claims.submit("p1", ClaimType.RETIREMENT_PENSION, date(2025, 8, 1), "a")
    checked = claims.check(c["_id"], "b")
    rules = {f["rule"]: f["passed"] for f in checked["findings"]}
    assert rules == {"active_enrolment": True, "retirement_age": True, "contribution_months": True}
