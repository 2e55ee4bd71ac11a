"""Benefit claims: the state machine, separation of duties and the preconditions.

SUBMITTED → CHECKED → APPROVED | REJECTED; APPROVED → PAID (issue 13). The transition table is
the single place that says which action may start from which state; a forbidden one is
FAILED_PRECONDITION `ILLEGAL_TRANSITION` (so approving before the check is refused). The
approver or rejecter must not be the submitter (four-eyes principle; PERMISSION_DENIED
`SEPARATION_OF_DUTIES`). A claim is paid once: paying a PAID claim is `ALREADY_PAID`, whatever
the payment reference. Approval also needs every finding of the check to have passed.

Preconditions (evaluated by `evaluate`, stored as findings by `check`):
- an enrolment of the claim's insurance type active on the event date;
- RETIREMENT_PENSION: the event date not before the earliest flexible retirement month, and the
  pension contribution months at least the minimum of the claimant's cohort (retirement.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from jlp_common.errors import FailedPrecondition, InvalidArgument, PermissionDenied

from .calendar import Month
from .enrolment import Enrolment
from .insurance import InsuranceType
from .retirement import RetirementGroup, statutory_retirement


class ClaimState(StrEnum):
    SUBMITTED = "SUBMITTED"
    CHECKED = "CHECKED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    PAID = "PAID"


class ClaimType(StrEnum):
    RETIREMENT_PENSION = "RETIREMENT_PENSION"
    UNEMPLOYMENT_BENEFIT = "UNEMPLOYMENT_BENEFIT"
    WORK_INJURY_BENEFIT = "WORK_INJURY_BENEFIT"
    MEDICAL_REIMBURSEMENT = "MEDICAL_REIMBURSEMENT"
    MATERNITY_BENEFIT = "MATERNITY_BENEFIT"


REQUIRED_INSURANCE = {
    ClaimType.RETIREMENT_PENSION: InsuranceType.PENSION,
    ClaimType.UNEMPLOYMENT_BENEFIT: InsuranceType.UNEMPLOYMENT,
    ClaimType.WORK_INJURY_BENEFIT: InsuranceType.WORK_INJURY,
    ClaimType.MEDICAL_REIMBURSEMENT: InsuranceType.MEDICAL,
    ClaimType.MATERNITY_BENEFIT: InsuranceType.MEDICAL,  # maternity merged into medical (reference §1)
}

# action → (states it may start from, target state)
TRANSITIONS: dict[str, tuple[frozenset[ClaimState], ClaimState]] = {
    "check": (frozenset({ClaimState.SUBMITTED}), ClaimState.CHECKED),
    "approve": (frozenset({ClaimState.CHECKED}), ClaimState.APPROVED),
    "reject": (frozenset({ClaimState.CHECKED}), ClaimState.REJECTED),
    "pay": (frozenset({ClaimState.APPROVED}), ClaimState.PAID),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class HistoryEntry:
    time: datetime
    actor: str
    from_state: ClaimState | None
    to_state: ClaimState
    note: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    person_id: str
    claim_type: ClaimType
    event_date: date
    submitted_by: str
    state: ClaimState = ClaimState.SUBMITTED
    amount: Decimal | None = None
    checked_by: str = ""
    decided_by: str = ""
    rejection_reason: str = ""
    payment_reference: str = ""
    paid_time: datetime | None = None
    findings: tuple[Finding, ...] = ()
    history: tuple[HistoryEntry, ...] = ()


def submit(claim_id: str, person_id: str, claim_type: ClaimType, event_date: date, submitted_by: str,
           now: datetime, amount: Decimal | None = None) -> Claim:
    """A new SUBMITTED claim. The event may not lie in the future (a claim is for what happened)."""
    if not person_id:
        raise InvalidArgument.field("claim.person_id", "is required")
    if not submitted_by:
        raise InvalidArgument.field("claim.submitted_by", "the submitter must be known")
    if event_date > now.date():
        raise InvalidArgument.field("claim.event_date", "must not be in the future")
    if claim_type is ClaimType.RETIREMENT_PENSION and amount is not None:
        raise InvalidArgument.field("claim.amount", "a pension is computed, not claimed as an amount")
    if amount is not None and amount <= 0:
        raise InvalidArgument.field("claim.amount", "must be positive")
    entry = HistoryEntry(now, submitted_by, None, ClaimState.SUBMITTED)
    return Claim(claim_id, person_id, claim_type, event_date, submitted_by, amount=amount, history=(entry,))


def _move(claim: Claim, action: str, actor: str, now: datetime, note: str = "", **changes) -> Claim:
    allowed, target = TRANSITIONS[action]
    if claim.state not in allowed:
        raise FailedPrecondition(f"cannot {action} a claim that is {claim.state.value}",
                                 reason="ALREADY_PAID" if claim.state is ClaimState.PAID and action == "pay"
                                 else "ILLEGAL_TRANSITION")
    entry = HistoryEntry(now, actor, claim.state, target, note)
    return replace(claim, state=target, history=(*claim.history, entry), **changes)


def evaluate(claim: Claim, enrolments: Iterable[Enrolment], *, birth_date: date | None = None,
             group: RetirementGroup | None = None, contribution_months: int = 0) -> tuple[Finding, ...]:
    """The preconditions of a claim as findings (all are reported, not only the first failure)."""
    insurance = REQUIRED_INSURANCE[claim.claim_type]
    covering = [e for e in enrolments if e.person_id == claim.person_id and e.insurance_type is insurance
                and e.active_on(claim.event_date)]
    findings = [Finding("active_enrolment", bool(covering),
                        f"{insurance.value} enrolment {covering[0].id} active on {claim.event_date.isoformat()}"
                        if covering else f"no {insurance.value} enrolment active on {claim.event_date.isoformat()}")]
    if claim.claim_type is ClaimType.RETIREMENT_PENSION:
        if birth_date is None or group is None:
            raise ValueError("a pension claim is evaluated with the birth date and retirement group")
        plan = statutory_retirement(birth_date, group)
        event_month = Month.of(claim.event_date)
        findings.append(Finding(
            "retirement_age", event_month >= plan.earliest_flexible,
            f"statutory retirement {plan.month} (delay {plan.delay_months} months), earliest flexible "
            f"{plan.earliest_flexible}; claimed from {event_month}"))
        findings.append(Finding(
            "contribution_months", contribution_months >= plan.min_contribution_months,
            f"{contribution_months} of {plan.min_contribution_months} months required for retirement in "
            f"{plan.month.year}"))
    return tuple(findings)


def check(claim: Claim, actor: str, findings: Sequence[Finding], now: datetime) -> Claim:
    """SUBMITTED → CHECKED with the findings stored."""
    failed = [f.rule for f in findings if not f.passed]
    note = "all preconditions met" if not failed else "not met: " + ", ".join(failed)
    return _move(claim, "check", actor, now, note, checked_by=actor, findings=tuple(findings))


def _four_eyes(claim: Claim, actor: str, action: str) -> None:
    if actor == claim.submitted_by:
        raise PermissionDenied(f"the submitter of a claim cannot {action} it", reason="SEPARATION_OF_DUTIES")


def approve(claim: Claim, actor: str, now: datetime, note: str = "") -> Claim:
    """CHECKED → APPROVED, by someone other than the submitter, when every finding passed."""
    if claim.state is ClaimState.CHECKED:
        _four_eyes(claim, actor, "approve")
        failed = [f.rule for f in claim.findings if not f.passed]
        if failed:
            raise FailedPrecondition("preconditions not met: " + ", ".join(failed) + "; reject the claim",
                                     reason="PRECONDITIONS_NOT_MET")
    return _move(claim, "approve", actor, now, note, decided_by=actor)


def reject(claim: Claim, actor: str, reason: str, now: datetime) -> Claim:
    """CHECKED → REJECTED with a reason, by someone other than the submitter."""
    if not reason.strip():
        raise InvalidArgument.field("reason", "is required")
    if claim.state is ClaimState.CHECKED:
        _four_eyes(claim, actor, "reject")
    return _move(claim, "reject", actor, now, reason.strip(), decided_by=actor, rejection_reason=reason.strip())


def pay(claim: Claim, actor: str, payment_reference: str, now: datetime) -> Claim:
    """APPROVED → PAID, once."""
    if not payment_reference.strip():
        raise InvalidArgument.field("payment_reference", "is required")
    return _move(claim, "pay", actor, now, payment_reference.strip(),
                 payment_reference=payment_reference.strip(), paid_time=now)
