"""Enrolments: a person's cover in one insurance type with one employer over a period.

Rules (issue 13):
- At most one enrolment per person and insurance type is in force at any day: a new one is
  refused while another of the type is ACTIVE or SUSPENDED, or when a terminated one's period
  still overlaps the new start.
- Status ACTIVE → SUSPENDED → ACTIVE (resume) and ACTIVE/SUSPENDED → TERMINATED (final).
  Suspensions are kept as dated periods so "was the person covered on day D" can be answered
  for any past day (benefit claims ask it for the insured event's date).
- An employer transfer closes the enrolment the day before the transfer date and opens the new
  one on it — one pure step returning both, which the store writes atomically, so there is never
  a moment with zero or two enrolments in force.
- The month's contribution is due by the enrolment in force on the month's last day (the
  employer at the month-end declaration pays the transfer month; a cover ending mid-month with no
  successor owes nothing for that month).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from jlp_common.errors import FailedPrecondition, FieldViolation, InvalidArgument

from .calendar import Month
from .credit_code import credit_code_problem
from .insurance import WORK_INJURY_CLASSES, InsuranceType


class EnrolmentStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"


@dataclass(frozen=True)
class Suspension:
    start: date
    end: date | None = None  # the last suspended day; None while suspended
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Enrolment:
    id: str
    person_id: str
    insurance_type: InsuranceType
    employer_credit_code: str
    monthly_wage: Decimal
    effective_from: date
    status: EnrolmentStatus = EnrolmentStatus.ACTIVE
    effective_to: date | None = None
    employer_name: str = ""
    work_injury_class: int | None = None
    suspensions: tuple[Suspension, ...] = ()
    status_reason: str = ""
    previous_enrolment_id: str = ""

    @property
    def in_force(self) -> bool:
        """Not terminated (active or suspended): blocks another enrolment of the type."""
        return self.status is not EnrolmentStatus.TERMINATED

    def within_period(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def active_on(self, day: date) -> bool:
        """Covered on `day`: inside the period and not suspended then."""
        return self.within_period(day) and not any(s.covers(day) for s in self.suspensions)


def validate_new(enrolment: Enrolment, prefix: str = "enrolment") -> list[FieldViolation]:
    """Field problems of an enrolment to create."""
    out = []
    if not enrolment.person_id:
        out.append(FieldViolation(f"{prefix}.person_id", "is required"))
    problem = credit_code_problem(enrolment.employer_credit_code)
    if problem:
        out.append(FieldViolation(f"{prefix}.employer_credit_code", problem))
    if enrolment.monthly_wage < 0:
        out.append(FieldViolation(f"{prefix}.monthly_wage", "must not be negative"))
    if enrolment.insurance_type is InsuranceType.WORK_INJURY:
        if enrolment.work_injury_class not in WORK_INJURY_CLASSES:
            out.append(FieldViolation(f"{prefix}.work_injury_class",
                                      "WORK_INJURY needs the employer's industry risk class 1..8"))
    elif enrolment.work_injury_class not in (None, 0):
        out.append(FieldViolation(f"{prefix}.work_injury_class", "only for WORK_INJURY"))
    return out


def check_can_enrol(new: Enrolment, existing: Iterable[Enrolment]) -> None:
    """Refuse a second enrolment of the same person and type in force over the new start."""
    violations = validate_new(new)
    if violations:
        raise InvalidArgument(violations=violations)
    for other in existing:
        if other.person_id != new.person_id or other.insurance_type is not new.insurance_type:
            continue
        if other.in_force or (other.effective_to is not None and other.effective_to >= new.effective_from):
            raise FailedPrecondition(
                f"person already has a {new.insurance_type.value} enrolment in force ({other.id}); "
                "terminate or transfer it", reason="ALREADY_ENROLLED", metadata={"enrolment_id": other.id})


def _require(enrolment: Enrolment, allowed: set[EnrolmentStatus], action: str) -> None:
    if enrolment.status not in allowed:
        raise FailedPrecondition(f"cannot {action} an enrolment that is {enrolment.status.value}",
                                 reason="ILLEGAL_TRANSITION")


def suspend(enrolment: Enrolment, on: date, reason: str) -> Enrolment:
    """ACTIVE → SUSPENDED from `on`; suspending a suspended enrolment changes nothing."""
    if enrolment.status is EnrolmentStatus.SUSPENDED:
        return enrolment
    _require(enrolment, {EnrolmentStatus.ACTIVE}, "suspend")
    if not reason.strip():
        raise InvalidArgument.field("reason", "is required")
    if on < enrolment.effective_from:
        raise InvalidArgument.field("date", "is before the enrolment starts")
    return replace(enrolment, status=EnrolmentStatus.SUSPENDED, status_reason=reason.strip(),
                   suspensions=(*enrolment.suspensions, Suspension(on, None, reason.strip())))


def resume(enrolment: Enrolment, on: date) -> Enrolment:
    """SUSPENDED → ACTIVE from `on` (the suspension ends the day before)."""
    _require(enrolment, {EnrolmentStatus.SUSPENDED}, "resume")
    current = enrolment.suspensions[-1]
    if on <= current.start:
        raise InvalidArgument.field("date", "must be after the suspension started")
    closed = replace(current, end=on - timedelta(days=1))
    return replace(enrolment, status=EnrolmentStatus.ACTIVE, status_reason="",
                   suspensions=(*enrolment.suspensions[:-1], closed))


def terminate(enrolment: Enrolment, effective_to: date, reason: str) -> Enrolment:
    """→ TERMINATED with `effective_to` as the last covered day (final). Terminating again on
    the same day changes nothing; on another day is refused."""
    if enrolment.status is EnrolmentStatus.TERMINATED:
        if enrolment.effective_to == effective_to:
            return enrolment
        raise FailedPrecondition("the enrolment is already terminated", reason="ILLEGAL_TRANSITION")
    if not reason.strip():
        raise InvalidArgument.field("reason", "is required")
    if effective_to < enrolment.effective_from - timedelta(days=1):
        raise InvalidArgument.field("effective_to", "is before the enrolment starts")
    suspensions = enrolment.suspensions
    if suspensions and suspensions[-1].end is None:
        suspensions = (*suspensions[:-1], replace(suspensions[-1], end=effective_to))
    return replace(enrolment, status=EnrolmentStatus.TERMINATED, effective_to=effective_to,
                   status_reason=reason.strip(), suspensions=suspensions)


def transfer(enrolment: Enrolment, *, new_id: str, new_employer_credit_code: str, transfer_date: date,
             new_employer_name: str = "", new_monthly_wage: Decimal | None = None,
             new_work_injury_class: int | None = None) -> tuple[Enrolment, Enrolment]:
    """Employer transfer in one step: (closed old, opened new)."""
    _require(enrolment, {EnrolmentStatus.ACTIVE}, "transfer")
    if new_employer_credit_code == enrolment.employer_credit_code:
        raise FailedPrecondition("the new employer is the current employer", reason="SAME_EMPLOYER")
    if transfer_date <= enrolment.effective_from:
        raise InvalidArgument.field("transfer_date", "must be after the enrolment started")
    closed = terminate(enrolment, transfer_date - timedelta(days=1), "transferred to another employer")
    opened = Enrolment(
        id=new_id, person_id=enrolment.person_id, insurance_type=enrolment.insurance_type,
        employer_credit_code=new_employer_credit_code, employer_name=new_employer_name,
        monthly_wage=enrolment.monthly_wage if new_monthly_wage is None else new_monthly_wage,
        effective_from=transfer_date,
        work_injury_class=(new_work_injury_class or enrolment.work_injury_class
                           if enrolment.insurance_type is InsuranceType.WORK_INJURY else None),
        previous_enrolment_id=enrolment.id)
    violations = validate_new(opened)
    if violations:
        raise InvalidArgument(violations=[FieldViolation(v.field.replace("enrolment.", "new_"), v.description)
                                          for v in violations])
    return closed, opened


def responsible_for_month(enrolments: Iterable[Enrolment], month: Month) -> Enrolment | None:
    """The enrolment that owes `month`'s contribution: in force and not suspended on the month's
    last day (module docstring)."""
    last = month.last_day
    due = [e for e in enrolments if e.active_on(last)]
    if len(due) > 1:  # the store's invariant forbids it; refuse to pay twice
        raise ValueError(f"{len(due)} enrolments cover {last} for one person and type")
    return due[0] if due else None
