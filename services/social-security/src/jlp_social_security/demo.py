"""Loads the synthetic demo district (domain.demo_data) through the registries, so demo data
passes the same validation, encryption and audit as real data. Idempotent: each record is
created with a request id derived from its demo key, so a restart or a second replica loads
nothing twice."""

from __future__ import annotations

import logging

from jlp_social_security.domain.demo_data import generate
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.households import Member

log = logging.getLogger(__name__)


def load_demo(parts, seed: int = 107, households: int = 120) -> dict[str, int]:  # noqa: ANN001 - app.SocialSecurity
    data = generate(seed=seed, households=households, today=parts.clock().date())
    ids: dict[str, str] = {}
    for p in data.persons:
        doc = parts.persons.create(p.id_number, p.name, phone=p.phone, subdistrict_code=p.subdistrict_code,
                                   retirement_group=p.retirement_group, actor="demo", request_id=f"demo-{p.key}")
        ids[p.key] = doc["_id"]
    for h in data.households:
        parts.households.create([Member(ids[k], rel) for k, rel in h.members],
                                {"subdistrict_code": h.subdistrict_code, "aid_status": h.aid_status,
                                 "annual_income": f"{h.annual_income:.2f}",
                                 "rigid_spending": f"{h.rigid_spending:.2f}"}, request_id=f"demo-{h.key}")
    employers = {e.credit_code: e.name for e in data.employers}
    for i, e in enumerate(data.enrolments):
        enrolment = Enrolment("", ids[e.person_key], e.insurance_type, e.employer_credit_code, e.monthly_wage,
                              e.effective_from, employer_name=employers[e.employer_credit_code],
                              work_injury_class=e.work_injury_class)
        parts.enrolments.create(enrolment, request_id=f"demo-enrolment-{i}")
    for p in data.providers:
        parts.care.create_provider(p.name, p.credit_code, list(p.subdistrict_codes), list(p.service_types),
                                   p.capacity, request_id=f"demo-{p.key}")
    counts = {"persons": len(data.persons), "households": len(data.households),
              "enrolments": len(data.enrolments), "providers": len(data.providers)}
    log.info("demo district loaded", extra=counts)
    return counts


