"""gRPC servicer: protobuf in, application calls, protobuf out. Nothing else.

Masking: persons are printed masked unless the request asks for the UNMASKED view and the caller
holds `social:person.pii` (checked here, audited by the registry with the request's purpose).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jlp.social_security.v1 import social_security_pb2 as pb
from jlp.social_security.v1 import social_security_pb2_grpc as pb_grpc
from jlp_common.context import require_principal
from jlp_common.errors import InvalidArgument
from jlp_common.timeutil import as_utc, timestamp_field
from jlp_common.timeutil import to_timestamp as ts
from jlp_social_security import convert
from jlp_social_security.aid_verification import household_facts
from jlp_social_security.benefit_claims import to_domain as claim_domain
from jlp_social_security.contributions import record_from_doc, run_from_doc
from jlp_social_security.domain.audit import split_details
from jlp_social_security.domain.calendar import parse_date, parse_month
from jlp_social_security.domain.care import Point, ServiceType
from jlp_social_security.domain.claims import ClaimType
from jlp_social_security.domain.contributions import calculate
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.households import Member, Relation
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.money import format_money, parse_money
from jlp_social_security.domain.retirement import RetirementGroup
from jlp_social_security.elderly_care import request_from_doc
from jlp_social_security.enrolments import etag_of
from jlp_social_security.enrolments import to_domain as enrolment_domain
from jlp_social_security.policy import PERSON_PII

PERSON_FIELDS = ("name", "phone", "address", "subdistrict_code", "grid_code", "retirement_group")


def _enum_name(enum: Any, value: int, field: str, allowed: type) -> Any:
    name = enum.Name(value) if value in enum.values() else ""
    if name and name in allowed.__members__:
        return allowed(name)
    raise InvalidArgument.field(field, f"must be one of {', '.join(allowed.__members__)}")


def _money(text: str, field: str, *, optional: bool = False) -> Decimal | None:
    if optional and not text:
        return None
    return parse_money(text, field)


def _actor() -> str:
    return require_principal().subject


class SocialSecurityServicer(pb_grpc.SocialSecurityServiceServicer):
    def __init__(self, parts: Any) -> None:
        self.p = parts

    # ---- persons -----------------------------------------------------------------------------

    def _person(self, doc: dict, view: int = pb.MASKED, purpose: str = "") -> pb.Person:
        out = pb.Person(
            id=doc["_id"], id_number_masked=doc["id_number_masked"], name=doc["name_masked"],
            gender=pb.Gender.Value(doc["gender"]), birth_date=doc["birth_date"],
            retirement_group=pb.RetirementGroup.Value(doc["retirement_group"]), phone=doc.get("phone_masked", ""),
            address=doc.get("address_masked", ""), subdistrict_code=doc.get("subdistrict_code", ""),
            grid_code=doc.get("grid_code", ""), etag=str(doc["version"]), create_time=ts(doc["create_time"]),
            update_time=ts(doc["update_time"]))
        household = self.p.households.of_person(doc["_id"])
        out.household_id = household["_id"] if household else ""
        if view == pb.UNMASKED:
            principal = require_principal()
            principal.require(PERSON_PII)
            plain = self.p.persons.unmasked(doc, principal.subject, purpose)
            out.id_number, out.name, out.phone, out.address = (plain["id_number"], plain["name"], plain["phone"],
                                                               plain["address"])
        return out

    def CreatePerson(self, request, context):  # noqa: N802
        person = request.person
        group = (_enum_name(pb.RetirementGroup, person.retirement_group, "person.retirement_group", RetirementGroup)
                 if person.retirement_group else None)
        doc = self.p.persons.create(person.id_number, person.name, phone=person.phone, address=person.address,
                                    subdistrict_code=person.subdistrict_code, grid_code=person.grid_code,
                                    retirement_group=group, actor=_actor(), request_id=request.request_id)
        return self._person(doc)

    def GetPerson(self, request, context):  # noqa: N802
        return self._person(self.p.persons.get(request.id), request.view, request.purpose)

    def LookupPerson(self, request, context):  # noqa: N802
        return self._person(self.p.persons.lookup(request.id_number), request.view, request.purpose)

    def ListPersons(self, request, context):  # noqa: N802
        filters = {"subdistrict_code": request.subdistrict_code}
        if request.household_id:
            household = self.p.households.get(request.household_id)
            filters["_id"] = {"$in": [m["person_id"] for m in household["members"]]}
        docs, token = self.p.persons.list(request.page_size, request.page_token, filters)
        return pb.ListPersonsResponse(persons=[self._person(d) for d in docs], next_page_token=token)

    def UpdatePerson(self, request, context):  # noqa: N802
        person = request.person
        values = {f: getattr(person, f) for f in PERSON_FIELDS}
        values["retirement_group"] = (pb.RetirementGroup.Name(person.retirement_group)
                                      if person.retirement_group else "")
        paths = list(request.update_mask.paths)
        if not paths:
            paths = [f for f in PERSON_FIELDS if values[f]]
        doc = self.p.persons.update(person.id, values, paths, request.etag, actor=_actor())
        return self._person(doc)

    # ---- households --------------------------------------------------------------------------

    def _household(self, doc: dict) -> pb.Household:
        names = {}
        for m in doc["members"]:
            person = self.p.persons.collection().find_one({"_id": m["person_id"]}, {"name_masked": 1})
            names[m["person_id"]] = person.get("name_masked", "") if person else ""
        return pb.Household(
            id=doc["_id"], head_person_id=doc["head_person_id"],
            members=[pb.HouseholdMember(person_id=m["person_id"], relation=pb.Relation.Value(m["relation"]),
                                        name=names[m["person_id"]]) for m in doc["members"]],
            address=doc.get("address_masked", ""),
            subdistrict_code=doc.get("subdistrict_code", ""), grid_code=doc.get("grid_code", ""),
            aid_status=pb.AidStatus.Value(doc.get("aid_status") or "NO_AID"),
            annual_income=doc.get("annual_income", ""), rigid_spending=doc.get("rigid_spending", ""),
            etag=str(doc["version"]), create_time=ts(doc["create_time"]), update_time=ts(doc["update_time"]))

    def _household_fields(self, h: pb.Household, paths: list[str]) -> dict[str, str]:
        values = {"address": h.address, "subdistrict_code": h.subdistrict_code, "grid_code": h.grid_code,
                  "aid_status": pb.AidStatus.Name(h.aid_status) if h.aid_status else "NO_AID",
                  "annual_income": h.annual_income, "rigid_spending": h.rigid_spending}
        for f in ("annual_income", "rigid_spending"):
            if values[f] and (not paths or f in paths):
                values[f] = format_money(parse_money(values[f], f"household.{f}"))
        return values

    def CreateHousehold(self, request, context):  # noqa: N802
        members = [Member(m.person_id, _enum_name(pb.Relation, m.relation, f"household.members[{i}].relation",
                                                  Relation)) for i, m in enumerate(request.household.members)]
        doc = self.p.households.create(members, self._household_fields(request.household, []),
                                       request_id=request.request_id)
        return self._household(doc)

    def GetHousehold(self, request, context):  # noqa: N802
        return self._household(self.p.households.get(request.id))

    def ListHouseholds(self, request, context):  # noqa: N802
        filters = {"subdistrict_code": request.subdistrict_code,
                   "aid_status": pb.AidStatus.Name(request.aid_status) if request.aid_status else ""}
        docs, token = self.p.households.list(request.page_size, request.page_token, filters)
        return pb.ListHouseholdsResponse(households=[self._household(d) for d in docs], next_page_token=token)

    def UpdateHousehold(self, request, context):  # noqa: N802
        paths = list(request.update_mask.paths)
        values = self._household_fields(request.household, paths)
        if not paths:
            paths = [k for k, v in values.items() if v and not (k == "aid_status" and not request.household.aid_status)]
        doc = self.p.households.update(request.household.id, values, paths, request.etag)
        return self._household(doc)

    def AddHouseholdMember(self, request, context):  # noqa: N802
        member = Member(request.member.person_id,
                        _enum_name(pb.Relation, request.member.relation, "member.relation", Relation))
        return self._household(self.p.households.add_member(request.id, member, request.etag))

    def RemoveHouseholdMember(self, request, context):  # noqa: N802
        return self._household(self.p.households.remove_member(request.id, request.person_id, request.etag))

    def ChangeHouseholdHead(self, request, context):  # noqa: N802
        relation = _enum_name(pb.Relation, request.previous_head_relation, "previous_head_relation", Relation)
        return self._household(self.p.households.change_head(request.id, request.new_head_person_id, relation,
                                                             request.etag))

    def ListAuditRecords(self, request, context):  # noqa: N802
        docs, token = self.p.audit.list(request.page_size, request.page_token, request.object)
        records = []
        for d in docs:
            old, new, purpose = split_details(d.get("details") or {})
            records.append(pb.AuditRecord(seq=d["_id"], time=ts(d["time"]), actor=d["actor"], action=d["action"],
                                          object=d["object"], old_values=old, new_values=new, purpose=purpose,
                                          prev_hash=d["prev_hash"], hash=d["hash"]))
        return pb.ListAuditRecordsResponse(audit_records=records, next_page_token=token,
                                           chain_intact=self.p.audit.verify().ok)

    # ---- enrolments --------------------------------------------------------------------------

    def _enrolment(self, e: Enrolment, etag: str) -> pb.Enrolment:
        created, updated = self.p.enrolments.times(e.id)
        return convert.enrolment(e, etag=etag, create_time=created, update_time=updated)

    def CreateEnrolment(self, request, context):  # noqa: N802
        e = request.enrolment
        if not e.person_id or not self.p.persons.exists(e.person_id):
            raise InvalidArgument.field("enrolment.person_id", "no such person")
        new = Enrolment(
            id="", person_id=e.person_id,
            insurance_type=_enum_name(pb.InsuranceType, e.insurance_type, "enrolment.insurance_type", InsuranceType),
            employer_credit_code=e.employer_credit_code, employer_name=e.employer_name,
            monthly_wage=parse_money(e.monthly_wage, "enrolment.monthly_wage"),
            effective_from=parse_date(e.effective_from, "enrolment.effective_from"),
            work_injury_class=e.work_injury_class or None)
        created, etag = self.p.enrolments.create(new, request.request_id)
        return self._enrolment(created, etag)

    def GetEnrolment(self, request, context):  # noqa: N802
        cover, e = self.p.enrolments.find(request.id)
        return self._enrolment(e, etag_of(cover))

    def ListEnrolments(self, request, context):  # noqa: N802
        query: dict[str, Any] = {}
        if request.person_id:
            query["person_id"] = request.person_id
        if request.insurance_type:
            query["insurance_type"] = pb.InsuranceType.Name(request.insurance_type)
        if request.employer_credit_code:
            query["enrolments.employer_credit_code"] = request.employer_credit_code
        status = pb.EnrolmentStatus.Name(request.status) if request.status else ""
        docs, token = self.p.enrolments.list(request.page_size, request.page_token, query)
        out = []
        for cover in docs:
            for entry in cover["enrolments"]:
                if status and entry["status"] != status:
                    continue
                if request.employer_credit_code and entry["employer_credit_code"] != request.employer_credit_code:
                    continue
                out.append(convert.enrolment(enrolment_domain(cover, entry), etag=etag_of(cover),
                                             create_time=entry.get("create_time"),
                                             update_time=entry.get("update_time")))
        return pb.ListEnrolmentsResponse(enrolments=out, next_page_token=token)

    def SuspendEnrolment(self, request, context):  # noqa: N802
        e, etag = self.p.enrolments.suspend(request.id, request.reason, request.effective_date, request.etag)
        return self._enrolment(e, etag)

    def ResumeEnrolment(self, request, context):  # noqa: N802
        e, etag = self.p.enrolments.resume(request.id, request.effective_date, request.etag)
        return self._enrolment(e, etag)

    def TerminateEnrolment(self, request, context):  # noqa: N802
        e, etag = self.p.enrolments.terminate(request.id, request.effective_to, request.reason, request.etag)
        return self._enrolment(e, etag)

    def TransferEnrolment(self, request, context):  # noqa: N802
        (closed, etag), (opened, _) = self.p.enrolments.transfer(
            request.id, new_employer_credit_code=request.new_employer_credit_code,
            transfer_date=request.transfer_date, new_employer_name=request.new_employer_name,
            new_monthly_wage=_money(request.new_monthly_wage, "new_monthly_wage", optional=True),
            new_work_injury_class=request.new_work_injury_class or None, etag=request.etag,
            request_id=request.request_id)
        return pb.TransferEnrolmentResponse(closed=self._enrolment(closed, etag), opened=self._enrolment(opened, etag))

    # ---- contributions -----------------------------------------------------------------------

    def CalculateContributions(self, request, context):  # noqa: N802
        wage = parse_money(request.wage, "wage")
        month = parse_month(request.month, "month")
        types = [_enum_name(pb.InsuranceType, t, f"insurance_types[{i}]", InsuranceType)
                 for i, t in enumerate(request.insurance_types)] or list(InsuranceType)
        injury = request.work_injury_class or None
        if InsuranceType.WORK_INJURY in types and injury is None:
            raise InvalidArgument.field("work_injury_class", "is required when WORK_INJURY is included (1..8)")
        return convert.quote(calculate(wage, month, self.p.contributions.book, types, injury))

    def _record(self, doc: dict) -> pb.ContributionRecord:
        return convert.record(record_from_doc(doc), run_id=doc.get("run_id", ""), create_time=doc.get("create_time"))

    def ListContributionRecords(self, request, context):  # noqa: N802
        filters = {"person_id": request.person_id, "run_id": request.run_id,
                   "month": str(parse_month(request.month, "month")) if request.month else "",
                   "insurance_type": pb.InsuranceType.Name(request.insurance_type) if request.insurance_type else "",
                   "kind": pb.RecordKind.Name(request.kind) if request.kind else ""}
        docs, token = self.p.contributions.list_records(request.page_size, request.page_token, filters)
        return pb.ListContributionRecordsResponse(records=[self._record(d) for d in docs], next_page_token=token)

    def GetContributionRecord(self, request, context):  # noqa: N802
        return self._record(self.p.contributions.get_record(request.id))

    def CreateContributionAdjustment(self, request, context):  # noqa: N802
        doc = self.p.contributions.adjust(
            request.person_id,
            _enum_name(pb.InsuranceType, request.insurance_type, "insurance_type", InsuranceType),
            parse_month(request.month, "month"), parse_money(request.corrected_wage, "corrected_wage"),
            request.reason, request.request_id)
        return self._record(doc)

    def _run(self, doc: dict) -> pb.ContributionRun:
        p = run_from_doc(doc)
        return pb.ContributionRun(
            id=p.id, month=str(p.month), state=pb.JobState.Value(p.state.value), total_count=p.total,
            processed_count=p.processed, created_count=p.created, existing_count=p.existing,
            failed_count=p.failed, progress_percent=p.percent, employer_total=format_money(p.employer_total),
            employee_total=format_money(p.employee_total), error=p.error, create_time=ts(doc["create_time"]),
            start_time=ts(p.start_time), end_time=ts(p.end_time), resume_count=p.resume_count)

    def CreateContributionRun(self, request, context):  # noqa: N802
        month = parse_month(request.contribution_run.month, "contribution_run.month")
        doc, new = self.p.contributions.create_run(month, request.request_id)
        if new:
            self.p.contributions.start_in_background(doc["_id"])
        return self._run(doc)

    def GetContributionRun(self, request, context):  # noqa: N802
        return self._run(self.p.contributions.get_run(request.id))

    def ListContributionRuns(self, request, context):  # noqa: N802
        month = str(parse_month(request.month, "month")) if request.month else ""
        docs, token = self.p.contributions.list_runs(request.page_size, request.page_token, month)
        return pb.ListContributionRunsResponse(contribution_runs=[self._run(d) for d in docs], next_page_token=token)

    def ListRateSchedules(self, request, context):  # noqa: N802
        return pb.ListRateSchedulesResponse(
            schedules=[convert.schedule(s) for s in self.p.contributions.book.schedules])

    # ---- claims ------------------------------------------------------------------------------

    def _claim(self, doc: dict) -> pb.Claim:
        out = convert.claim(claim_domain(doc), etag=str(doc["version"]), create_time=doc["create_time"],
                            update_time=doc["update_time"])
        out.description = doc.get("description", "")
        return out

    def CreateClaim(self, request, context):  # noqa: N802
        c = request.claim
        if not c.person_id or not self.p.persons.exists(c.person_id):
            raise InvalidArgument.field("claim.person_id", "no such person")
        doc = self.p.claims.submit(
            c.person_id, _enum_name(pb.ClaimType, c.claim_type, "claim.claim_type", ClaimType),
            parse_date(c.event_date, "claim.event_date"), _actor(),
            _money(c.amount, "claim.amount", optional=True), c.description, request.request_id)
        return self._claim(doc)

    def GetClaim(self, request, context):  # noqa: N802
        return self._claim(self.p.claims.get(request.id))

    def ListClaims(self, request, context):  # noqa: N802
        filters = {"person_id": request.person_id,
                   "claim_type": pb.ClaimType.Name(request.claim_type) if request.claim_type else "",
                   "state": pb.ClaimState.Name(request.state) if request.state else ""}
        docs, token = self.p.claims.list(request.page_size, request.page_token, filters)
        return pb.ListClaimsResponse(claims=[self._claim(d) for d in docs], next_page_token=token)

    def CheckClaim(self, request, context):  # noqa: N802
        return self._claim(self.p.claims.check(request.id, _actor(), request.etag))

    def ApproveClaim(self, request, context):  # noqa: N802
        return self._claim(self.p.claims.approve(request.id, _actor(), request.note, request.etag))

    def RejectClaim(self, request, context):  # noqa: N802
        return self._claim(self.p.claims.reject(request.id, _actor(), request.reason, request.etag))

    def PayClaim(self, request, context):  # noqa: N802
        return self._claim(self.p.claims.pay(request.id, _actor(), request.payment_reference, request.etag))

    # ---- aid checks --------------------------------------------------------------------------

    def _aid(self, doc: dict) -> pb.AidCheck:
        return pb.AidCheck(
            id=doc["_id"], household_id=doc["household_id"], purpose=doc["purpose"], consent_id=doc["consent_id"],
            trigger=pb.AidCheckTrigger.Value(doc.get("trigger", "MANUAL")),
            outcome=pb.AidCheckOutcome.Value(doc["outcome"]),
            results=[pb.AidSourceResult(source=r["source"], person_id=r["person_id"], query_time=ts(r["query_time"]),
                                        answered=r["answered"], hit=r["hit"], evidence_hash=r["evidence_hash"],
                                        summary=r.get("summary", ""), error=r.get("error", ""))
                     for r in doc.get("results", [])],
            findings=[pb.AidFinding(rule=f["rule"], detail=f["detail"]) for f in doc.get("findings", [])],
            unanswered_sources=doc.get("unanswered_sources", []), requested_by=doc.get("requested_by", ""),
            create_time=ts(doc["create_time"]), end_time=ts(doc.get("end_time")))

    def CreateAidCheck(self, request, context):  # noqa: N802
        a = request.aid_check
        if not a.household_id:
            raise InvalidArgument.field("aid_check.household_id", "is required")
        household = self.p.households.get(a.household_id)
        doc = self.p.aid.run(a.household_id, self.p.subjects_of(household), household_facts(household), a.purpose,
                             a.consent_id, _actor(), "MANUAL", request.request_id)
        return self._aid(doc)

    def GetAidCheck(self, request, context):  # noqa: N802
        return self._aid(self.p.aid.get(request.id))

    def ListAidChecks(self, request, context):  # noqa: N802
        filters = {"household_id": request.household_id,
                   "outcome": pb.AidCheckOutcome.Name(request.outcome) if request.outcome else ""}
        docs, token = self.p.aid.list(request.page_size, request.page_token, filters)
        return pb.ListAidChecksResponse(aid_checks=[self._aid(d) for d in docs], next_page_token=token)

    def ListAidMonitoringRules(self, request, context):  # noqa: N802
        return pb.ListAidMonitoringRulesResponse(rules=[
            pb.AidMonitoringRule(id=r.id, description=r.description, parameters=dict(r.parameters),
                                 enabled=r.enabled) for r in self.p.aid.monitoring])

    # ---- elderly care ------------------------------------------------------------------------

    def _provider(self, d: dict) -> pb.CareProvider:
        return pb.CareProvider(
            id=d["_id"], name=d["name"], credit_code=d["credit_code"], subdistrict_codes=d["subdistrict_codes"],
            service_types=[pb.CareServiceType.Value(s) for s in d["service_types"]], capacity=d["capacity"],
            active_count=d.get("active_count", 0), active=d.get("active", True),
            base_location=pb.LatLng(lon=d["base_lon"], lat=d["base_lat"]) if d.get("base_lon") is not None else None,
            etag=str(d.get("version", 1)), create_time=ts(d["create_time"]))

    def CreateCareProvider(self, request, context):  # noqa: N802
        c = request.care_provider
        types = [pb.CareServiceType.Name(t) for t in c.service_types if t]
        base = Point(c.base_location.lon, c.base_location.lat) if c.HasField("base_location") else None
        return self._provider(self.p.care.create_provider(c.name, c.credit_code, list(c.subdistrict_codes), types,
                                                          c.capacity, base, request.request_id))

    def GetCareProvider(self, request, context):  # noqa: N802
        return self._provider(self.p.care.get_provider(request.id))

    def ListCareProviders(self, request, context):  # noqa: N802
        filters = {"subdistrict_codes": request.subdistrict_code,
                   "service_types": pb.CareServiceType.Name(request.service_type) if request.service_type else ""}
        docs, token = self.p.care.list_providers(request.page_size, request.page_token, filters)
        return pb.ListCareProvidersResponse(care_providers=[self._provider(d) for d in docs], next_page_token=token)

    def UpdateCareProvider(self, request, context):  # noqa: N802
        c = request.care_provider
        values = {"name": c.name, "subdistrict_codes": list(c.subdistrict_codes),
                  "service_types": [pb.CareServiceType.Name(t) for t in c.service_types if t],
                  "capacity": c.capacity, "active": c.active if c.HasField("active") else True}
        if c.HasField("base_location"):
            values["base_location"] = Point(c.base_location.lon, c.base_location.lat)
        paths = list(request.update_mask.paths) or [k for k, v in values.items() if v not in ("", [], 0)]
        return self._provider(self.p.care.update_provider(c.id, values, paths, request.etag))

    def _care(self, doc: dict) -> pb.CareRequest:
        return convert.care_request(request_from_doc(doc), self.p.clock(), address=doc.get("address_masked", ""),
                                    description=doc.get("description", ""), case_id=doc.get("case_id", ""),
                                    etag=str(doc["version"]), update_time=as_utc(doc.get("update_time")))

    def CreateCareRequest(self, request, context):  # noqa: N802
        c = request.care_request
        if not c.HasField("location"):
            raise InvalidArgument.field("care_request.location", "is required")
        if not c.person_id or not self.p.persons.exists(c.person_id):
            raise InvalidArgument.field("care_request.person_id", "no such person")
        if not c.address.strip():
            raise InvalidArgument.field("care_request.address", "is required")
        address_enc, address_masked = self.p.persons.protect_address(c.address.strip())
        doc = self.p.care.create(
            person_id=c.person_id,
            service_type=_enum_name(pb.CareServiceType, c.service_type, "care_request.service_type", ServiceType),
            location=Point(c.location.lon, c.location.lat), subdistrict_code=c.subdistrict_code,
            grid_code=c.grid_code, address_enc=address_enc, address_masked=address_masked,
            description=c.description, request_id=request.request_id)
        return self._care(doc)

    def GetCareRequest(self, request, context):  # noqa: N802
        return self._care(self.p.care.get(request.id))

    def ListCareRequests(self, request, context):  # noqa: N802
        filters = {"person_id": request.person_id, "provider_id": request.provider_id,
                   "subdistrict_code": request.subdistrict_code,
                   "state": pb.CareRequestState.Name(request.state) if request.state else "",
                   "overdue_only": request.overdue_only}
        docs, token = self.p.care.list(request.page_size, request.page_token, filters)
        return pb.ListCareRequestsResponse(care_requests=[self._care(d) for d in docs], next_page_token=token)

    def AssignCareRequest(self, request, context):  # noqa: N802
        return self._care(self.p.care.assign(request.id, request.provider_id, request.etag))

    def AcceptCareRequest(self, request, context):  # noqa: N802
        return self._care(self.p.care.accept(request.id, request.provider_id, request.etag))

    def DeclineCareRequest(self, request, context):  # noqa: N802
        return self._care(self.p.care.decline(request.id, request.provider_id, request.etag))

    def CheckInCareVisit(self, request, context):  # noqa: N802
        if not request.HasField("location"):
            raise InvalidArgument.field("location", "is required")
        return self._care(self.p.care.check_in(request.id, request.provider_id, request.worker,
                                               Point(request.location.lon, request.location.lat),
                                               timestamp_field(request, "time"), request.request_id))

    def CheckOutCareVisit(self, request, context):  # noqa: N802
        if not request.HasField("location"):
            raise InvalidArgument.field("location", "is required")
        return self._care(self.p.care.check_out(request.id, request.visit_id,
                                                Point(request.location.lon, request.location.lat),
                                                timestamp_field(request, "time")))

    def VerifyCareVisit(self, request, context):  # noqa: N802
        return self._care(self.p.care.verify(request.id, request.visit_id, _actor()))

    def CompleteCareRequest(self, request, context):  # noqa: N802
        return self._care(self.p.care.complete(request.id, request.etag))

    def CancelCareRequest(self, request, context):  # noqa: N802
        return self._care(self.p.care.cancel(request.id, request.reason, request.etag))

