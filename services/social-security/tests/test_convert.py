"""Domain → protobuf: exact money strings, rate snapshots and enum names on the wire."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from google.protobuf import json_format

from jlp.social_security.v1 import social_security_pb2 as pb
from jlp_common.errors import InvalidArgument
from jlp_social_security import convert
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.claims import ClaimType, submit
from jlp_social_security.domain.contributions import calculate
from jlp_social_security.domain.enrolment import Enrolment, suspend
from jlp_social_security.domain.insurance import InsuranceType

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_worked_example_quote_on_the_wire(book):
    out = json_format.MessageToDict(convert.quote(calculate(Decimal("8000"), Month(2025, 5), book,
                                                            work_injury_class=1)))
    assert (out["employerTotal"], out["employeeTotal"], out["base"], out["clamp"]) == (
        "2136.00", "845.00", "8000.00", "WITHIN_LIMITS")
    medical = next(x for x in out["lines"] if x["item"] == "medical")
    assert (medical["employerRate"], medical["employerAmount"]) == ("0.085", "680.00")
    aid = next(x for x in out["lines"] if x["item"] == "medical_mutual_aid")
    assert (aid["employeeFixed"], aid["employeeAmount"]) == ("5.00", "5.00")


def test_schedule_and_enrolment_and_claim_shapes(book):
    sched = convert.schedule(book.schedules[0])
    assert sched.work_injury_class_rates[8] == "0.019" and sched.base_floor == "3699.00"
    e = suspend(Enrolment("e1", "p1", InsuranceType.PENSION, "91500107MA5U00003G", Decimal("8000"),
                          date(2024, 1, 1)), date(2025, 1, 1), "leave")
    msg = convert.enrolment(e, etag="3")
    assert (pb.EnrolmentStatus.Name(msg.status), msg.suspensions[0].start_date, msg.monthly_wage) == (
        "SUSPENDED", "2025-01-01", "8000.00")
    c = convert.claim(submit("c1", "p1", ClaimType.MEDICAL_REIMBURSEMENT, date(2026, 5, 2), "a", NOW,
                             amount=Decimal("321.5")))
    assert (c.amount, pb.ClaimState.Name(c.state), pb.ClaimState.Name(c.history[0].to_state)) == (
        "321.50", "SUBMITTED", "SUBMITTED")


def test_unset_insurance_type_names_the_field():
    assert convert.insurance_type(pb.MEDICAL, "x") is InsuranceType.MEDICAL
    with pytest.raises(InvalidArgument) as err:
        convert.insurance_type(0, "enrolment.insurance_type")
    assert err.value.violations[0].field == "enrolment.insurance_type"
