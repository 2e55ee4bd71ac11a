"""Domain values ↔ protobuf messages (the only place that knows both shapes).

Money goes out as two-decimal strings (money.format_money), rates as plain decimal strings,
dates as YYYY-MM-DD, months as YYYY-MM, times as Timestamps in UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from jlp.social_security.v1 import social_security_pb2 as pb
from jlp_common.errors import InvalidArgument
from jlp_common.timeutil import to_timestamp as ts
from jlp_social_security.domain import care, claims
from jlp_social_security.domain.aid_checks import AidFinding, SourceResult
from jlp_social_security.domain.contributions import ContributionLine, ContributionRecord, Quote
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.money import ROUNDING_RULE, format_money
from jlp_social_security.domain.rates import RateSchedule


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def rate(value: Decimal) -> str:
    """A rate without exponent or trailing zeros: Decimal("0.0850") → "0.085"."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def insurance_type(value: int, field: str) -> InsuranceType:
    """The domain enum from the proto enum; INVALID_ARGUMENT naming `field` when unset."""
    name = pb.InsuranceType.Name(value) if value in pb.InsuranceType.values() else ""
    if name in InsuranceType.__members__:
        return InsuranceType(name)
    raise InvalidArgument.field(field, "must be PENSION, MEDICAL, UNEMPLOYMENT or WORK_INJURY")


def line(value: ContributionLine) -> pb.ContributionLine:
    return pb.ContributionLine(item=value.item, employer_rate=rate(value.employer_rate),
                               employee_rate=rate(value.employee_rate),
                               employee_fixed=format_money(value.employee_fixed),
                               employer_amount=format_money(value.employer_amount),
                               employee_amount=format_money(value.employee_amount))


def quote(value: Quote) -> pb.ContributionQuote:
    return pb.ContributionQuote(
        month=str(value.month), wage=format_money(value.wage), base=format_money(value.base),
        base_floor=format_money(value.schedule.base_floor), base_cap=format_money(value.schedule.base_cap),
        clamp=pb.BaseClamp.Value(value.clamp.value), schedule_id=value.schedule.id,
        schedule_effective_from=day(value.schedule.effective_from), lines=[line(x) for x in value.lines],
        employer_total=format_money(value.employer_total), employee_total=format_money(value.employee_total),
        rounding_rule=ROUNDING_RULE)


def record(value: ContributionRecord, *, run_id: str = "",
           create_time: datetime | None = None) -> pb.ContributionRecord:
    return pb.ContributionRecord(
        id=value.record_id, person_id=value.key.person_id,
        insurance_type=pb.InsuranceType.Value(value.key.insurance_type.value), month=str(value.key.month),
        kind=pb.RecordKind.Value(value.kind.value), enrolment_id=value.enrolment_id,
        employer_credit_code=value.employer_credit_code, wage=format_money(value.wage),
        base=format_money(value.base), clamp=pb.BaseClamp.Value(value.clamp.value), schedule_id=value.schedule_id,
        lines=[line(x) for x in value.lines], employer_amount=format_money(value.employer_amount),
        employee_amount=format_money(value.employee_amount), run_id=run_id,
        adjusts_record_id=value.adjusts_record_id, reason=value.reason, create_time=ts(create_time))


def schedule(value: RateSchedule) -> pb.RateSchedule:
    return pb.RateSchedule(
        id=value.id, effective_from=day(value.effective_from),
        average_monthly_wage=format_money(value.average_monthly_wage), base_floor=format_money(value.base_floor),
        base_cap=format_money(value.base_cap),
        items=[pb.ItemRate(item=i.item, employer_rate=rate(i.employer_rate), employee_rate=rate(i.employee_rate),
                           employee_fixed=format_money(i.employee_fixed)) for i in value.items],
        work_injury_class_rates={k: rate(v) for k, v in value.work_injury_class_rates.items()},
        source=value.source)


def enrolment(value: Enrolment, *, etag: str = "", create_time: datetime | None = None,
              update_time: datetime | None = None) -> pb.Enrolment:
    return pb.Enrolment(
        id=value.id, person_id=value.person_id, insurance_type=pb.InsuranceType.Value(value.insurance_type.value),
        employer_credit_code=value.employer_credit_code, employer_name=value.employer_name,
        work_injury_class=value.work_injury_class or 0, monthly_wage=format_money(value.monthly_wage),
        status=pb.EnrolmentStatus.Value(value.status.value), effective_from=day(value.effective_from),
        effective_to=day(value.effective_to), status_reason=value.status_reason,
        previous_enrolment_id=value.previous_enrolment_id, etag=etag, create_time=ts(create_time),
        update_time=ts(update_time),
        suspensions=[pb.EnrolmentSuspension(start_date=day(s.start), end_date=day(s.end), reason=s.reason)
                     for s in value.suspensions])


def claim(value: claims.Claim, *, etag: str = "", create_time: datetime | None = None,
          update_time: datetime | None = None) -> pb.Claim:
    def state(s: claims.ClaimState | None) -> int:
        return pb.ClaimState.Value(s.value) if s else 0

    return pb.Claim(
        id=value.id, person_id=value.person_id, claim_type=pb.ClaimType.Value(value.claim_type.value),
        event_date=day(value.event_date), amount=format_money(value.amount) if value.amount is not None else "",
        state=state(value.state), submitted_by=value.submitted_by, checked_by=value.checked_by,
        decided_by=value.decided_by, rejection_reason=value.rejection_reason,
        payment_reference=value.payment_reference,
        findings=[pb.ClaimFinding(rule=f.rule, passed=f.passed, detail=f.detail) for f in value.findings],
        history=[pb.ClaimHistoryEntry(time=ts(h.time), actor=h.actor, from_state=state(h.from_state),
                                      to_state=state(h.to_state), note=h.note) for h in value.history],
        etag=etag, create_time=ts(create_time), update_time=ts(update_time), paid_time=ts(value.paid_time))


def source_result(value: SourceResult) -> pb.AidSourceResult:
    return pb.AidSourceResult(source=value.source, person_id=value.person_id, query_time=ts(value.query_time),
                              answered=value.answered, hit=value.hit, evidence_hash=value.evidence_hash,
                              summary=value.summary, error=value.error)


def finding(value: AidFinding) -> pb.AidFinding:
    return pb.AidFinding(rule=value.rule, detail=value.detail)


def point(value: care.Point | None) -> pb.LatLng | None:
    return pb.LatLng(lon=value.lon, lat=value.lat) if value is not None else None


def care_request(value: care.CareRequest, now: datetime, *, address: str = "", description: str = "",
                 case_id: str = "", etag: str = "", update_time: datetime | None = None) -> pb.CareRequest:
    return pb.CareRequest(
        id=value.id, person_id=value.person_id, service_type=pb.CareServiceType.Value(value.service_type.value),
        address=address, location=point(value.location), subdistrict_code=value.subdistrict_code,
        grid_code=value.grid_code, description=description, state=pb.CareRequestState.Value(value.state.value),
        provider_id=value.provider_id,
        assignments=[pb.CareAssignment(provider_id=a.provider_id, assign_time=ts(a.assign_time),
                                       accept_deadline=ts(a.accept_deadline), accept_time=ts(a.accept_time),
                                       outcome=a.outcome, end_time=ts(a.end_time)) for a in value.assignments],
        visits=[pb.CareVisit(id=v.id, worker=v.worker, check_in_time=ts(v.check_in_time),
                             check_in_location=point(v.check_in), check_out_time=ts(v.check_out_time),
                             check_out_location=point(v.check_out), state=pb.VisitState.Value(v.state.value),
                             verification_note=v.note, verified_by=v.verified_by, settled=v.settled)
                for v in value.visits],
        due_time=ts(value.due_time), overdue=care.overdue(value, now), escalated=value.escalated, case_id=case_id,
        cancel_reason=value.cancel_reason,
        settled_amount=format_money(value.settled_amount) if value.settled_amount is not None else "",
        etag=etag, create_time=ts(value.create_time), update_time=ts(update_time))
