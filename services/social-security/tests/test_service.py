"""The social-security service over a real gRPC channel (random port, embedded store), with its
events through a real nats-server: what a caller sees — codes, bodies, masking, audit, events."""

from __future__ import annotations

import time
from datetime import date

import grpc
import pytest
from google.protobuf import field_mask_pb2
from grpc_status import rpc_status

from jlp.social_security.v1 import social_security_pb2 as pb
from jlp.social_security.v1 import social_security_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.errors import unpack_details
from jlp_common.events import EventBus
from jlp_social_security.app import build
from jlp_social_security.domain.resident_id import synthetic_resident_id
from jlp_testkit.nats import wait_for
from jlp_testkit.tokens import TestSigner

CLERK = ["social:person.read", "social:person.write", "social:household.read", "social:household.write",
         "social:enrolment.read", "social:enrolment.write", "social:contribution.read", "social:claim.read",
         "social:claim.handle", "social:aid.read", "social:aid.check", "social:care.read", "social:care.request",
         "social:care.assign"]
HEAD = [*CLERK, "social:person.pii", "social:contribution.run", "social:claim.decide", "social:claim.pay",
        "social:provider.admin", "social:audit.read"]
EMPLOYER = "91500107MA5U00003G"


@pytest.fixture
def service(nats_server):
    signer = TestSigner()
    env = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
           "JLP_NATS_URL": nats_server.url, "JLP_LOG_LEVEL": "WARNING", "JLP_SOCIAL_SCAN_SECONDS": "0"}
    settings = Settings.from_env("social-security", env)
    app = build(settings, bus=EventBus(settings), verifier=signer.verifier())
    port = app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield pb_grpc.SocialSecurityServiceStub(channel), signer, app, nats_server
    channel.close()
    app.stop(0)


def md(signer: TestSigner, permissions: list[str], sub: str = "clerk-1") -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {signer.token(sub=sub, scopes=permissions)}")]


def violations(err: grpc.RpcError) -> dict[str, str]:
    status = rpc_status.from_call(err)
    out = {}
    for detail in unpack_details(status):
        for v in getattr(detail, "field_violations", []):
            out[v.field] = v.description
    return out


def person(stub, signer, seq: int, name: str = "测试甲", born: date = date(1965, 6, 15)) -> pb.Person:
    return stub.CreatePerson(pb.CreatePersonRequest(person=pb.Person(
        id_number=synthetic_resident_id("500107", born, seq), name=name, phone="13800001234",
        address="九龙坡区杨家坪街道测试路1号", subdistrict_code="500107001")), metadata=md(signer, CLERK))


def test_worked_example_quote_is_public(service):
    stub, *_ = service
    quote = stub.CalculateContributions(pb.CalculateContributionsRequest(wage="8000", month="2025-05",
                                                                         work_injury_class=1))
    assert (quote.employer_total, quote.employee_total, quote.base) == ("2136.00", "845.00", "8000.00")
    with pytest.raises(grpc.RpcError) as bad:
        stub.CalculateContributions(pb.CalculateContributionsRequest(wage="8e3", month="2025-13"))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(bad.value)) == {"wage"}


def test_persons_are_masked_unmasked_reads_need_permission_and_are_audited(service):
    stub, signer, _app, _ = service
    made = person(stub, signer, 1)
    assert made.id_number == "" and made.id_number_masked.startswith("500107") and "*" in made.id_number_masked
    assert made.name == "测**" and made.phone == "138****1234" and made.gender == pb.MALE
    with pytest.raises(grpc.RpcError) as dup:
        person(stub, signer, 1)
    assert dup.value.code() == grpc.StatusCode.ALREADY_EXISTS
    with pytest.raises(grpc.RpcError) as denied:
        stub.GetPerson(pb.GetPersonRequest(id=made.id, view=pb.UNMASKED, purpose="回访"), metadata=md(signer, CLERK))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    full = stub.GetPerson(pb.GetPersonRequest(id=made.id, view=pb.UNMASKED, purpose="回访核实"),
                          metadata=md(signer, HEAD, "chief"))
    assert full.id_number == synthetic_resident_id("500107", date(1965, 6, 15), 1) and full.name == "测试甲"
    found = stub.LookupPerson(pb.LookupPersonRequest(id_number=full.id_number.lower()), metadata=md(signer, CLERK))
    assert found.id == made.id
    trail = stub.ListAuditRecords(pb.ListAuditRecordsRequest(object=f"persons/{made.id}"),
                                  metadata=md(signer, HEAD, "auditor"))
    assert [r.action for r in trail.audit_records] == ["person.unmasked_read", "person.created"]
    assert trail.audit_records[0].actor == "chief" and trail.audit_records[0].purpose == "回访核实"
    assert trail.chain_intact


def test_bad_input_names_the_field(service):
    stub, signer, *_ = service
    with pytest.raises(grpc.RpcError) as bad:
        stub.CreatePerson(pb.CreatePersonRequest(person=pb.Person(id_number="500107200001010009", name=" ",
                                                                  phone="12")), metadata=md(signer, CLERK))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(bad.value)) == {"person.id_number", "person.name", "person.phone"}
    with pytest.raises(grpc.RpcError) as anonymous:
        stub.ListPersons(pb.ListPersonsRequest())
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_update_person_is_audited_with_old_and_new_values(service):
    stub, signer, *_ = service
    made = person(stub, signer, 3)
    changed = stub.UpdatePerson(pb.UpdatePersonRequest(
        person=pb.Person(id=made.id, phone="13900005678"), update_mask=field_mask_pb2.FieldMask(paths=["phone"]),
        etag=made.etag), metadata=md(signer, CLERK))
    assert changed.phone == "139****5678" and changed.etag != made.etag
    with pytest.raises(grpc.RpcError) as immutable:
        stub.UpdatePerson(pb.UpdatePersonRequest(person=pb.Person(id=made.id, birth_date="2000-01-01"),
                                                 update_mask=field_mask_pb2.FieldMask(paths=["birth_date"])),
                          metadata=md(signer, CLERK))
    assert "update_mask" in violations(immutable.value)
    trail = stub.ListAuditRecords(pb.ListAuditRecordsRequest(object=f"persons/{made.id}"),
                                  metadata=md(signer, HEAD))
    update = trail.audit_records[0]
    assert update.action == "person.updated" and set(update.old_values) == {"phone_enc"}
    assert update.old_values["phone_enc"] != update.new_values["phone_enc"]
    assert "13900005678" not in str(update)  # encrypted values only


def test_households_enrolments_runs_and_claims(service):
    stub, signer, app, _ = service
    head, spouse = person(stub, signer, 5), person(stub, signer, 6, "测试乙", date(1970, 3, 1))
    household = stub.CreateHousehold(pb.CreateHouseholdRequest(household=pb.Household(members=[
        pb.HouseholdMember(person_id=head.id, relation=pb.HEAD),
        pb.HouseholdMember(person_id=spouse.id, relation=pb.SPOUSE)], annual_income="30000")),
        metadata=md(signer, CLERK))
    assert household.head_person_id == head.id and household.members[0].name == "测**"
    swapped = stub.ChangeHouseholdHead(pb.ChangeHouseholdHeadRequest(
        id=household.id, new_head_person_id=spouse.id, previous_head_relation=pb.SPOUSE, etag=household.etag),
        metadata=md(signer, CLERK))
    assert swapped.head_person_id == spouse.id
    with pytest.raises(grpc.RpcError) as stale:
        stub.ChangeHouseholdHead(pb.ChangeHouseholdHeadRequest(
            id=household.id, new_head_person_id=head.id, previous_head_relation=pb.SPOUSE, etag=household.etag),
            metadata=md(signer, CLERK))
    assert stale.value.code() == grpc.StatusCode.ABORTED

    for t in (pb.PENSION, pb.MEDICAL, pb.UNEMPLOYMENT):
        stub.CreateEnrolment(pb.CreateEnrolmentRequest(enrolment=pb.Enrolment(
            person_id=head.id, insurance_type=t, employer_credit_code=EMPLOYER, monthly_wage="8000",
            effective_from="2010-01-01")), metadata=md(signer, CLERK))
    with pytest.raises(grpc.RpcError) as twice:
        stub.CreateEnrolment(pb.CreateEnrolmentRequest(enrolment=pb.Enrolment(
            person_id=head.id, insurance_type=pb.PENSION, employer_credit_code=EMPLOYER, monthly_wage="8000",
            effective_from="2020-01-01")), metadata=md(signer, CLERK))
    assert twice.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    run = stub.CreateContributionRun(pb.CreateContributionRunRequest(
        contribution_run=pb.ContributionRun(month="2025-05")), metadata=md(signer, HEAD))
    deadline = time.monotonic() + 20
    while run.state != pb.SUCCEEDED and time.monotonic() < deadline:
        time.sleep(0.05)
        run = stub.GetContributionRun(pb.GetContributionRunRequest(id=run.id), metadata=md(signer, CLERK))
    assert (run.state, run.created_count, run.progress_percent) == (pb.SUCCEEDED, 3, 100.0)
    records = stub.ListContributionRecords(pb.ListContributionRecordsRequest(person_id=head.id, month="2025-05"),
                                           metadata=md(signer, CLERK))
    pension = next(r for r in records.records if r.insurance_type == pb.PENSION)
    assert (pension.employer_amount, pension.employee_amount, pension.lines[0].employer_rate) == (
        "1280.00", "640.00", "0.16")
    app.parts.contributions.wait_idle()

    claim = stub.CreateClaim(pb.CreateClaimRequest(claim=pb.Claim(
        person_id=head.id, claim_type=pb.UNEMPLOYMENT_BENEFIT, event_date="2026-01-05", amount="1800")),
        metadata=md(signer, HEAD, "chief"))
    with pytest.raises(grpc.RpcError) as early:
        stub.ApproveClaim(pb.ApproveClaimRequest(id=claim.id), metadata=md(signer, HEAD, "other"))
    assert early.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    stub.CheckClaim(pb.CheckClaimRequest(id=claim.id), metadata=md(signer, CLERK))
    with pytest.raises(grpc.RpcError) as own:
        stub.ApproveClaim(pb.ApproveClaimRequest(id=claim.id), metadata=md(signer, HEAD, "chief"))
    assert own.value.code() == grpc.StatusCode.PERMISSION_DENIED
    stub.ApproveClaim(pb.ApproveClaimRequest(id=claim.id), metadata=md(signer, HEAD, "other"))
    paid = stub.PayClaim(pb.PayClaimRequest(id=claim.id, payment_reference="PAY-1"), metadata=md(signer, HEAD))
    assert paid.state == pb.PAID
    with pytest.raises(grpc.RpcError) as again:
        stub.PayClaim(pb.PayClaimRequest(id=claim.id, payment_reference="PAY-2"), metadata=md(signer, HEAD))
    assert again.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    check = stub.CreateAidCheck(pb.CreateAidCheckRequest(aid_check=pb.AidCheck(
        household_id=household.id, purpose="低保复核", consent_id="CONSENT-7")), metadata=md(signer, CLERK))
    assert check.outcome == pb.INCOMPLETE and set(check.unanswered_sources) == {"identity", "investment"}
    own_records = [r for r in check.results if r.source == "social_security"]
    assert [r.hit for r in own_records if r.person_id == head.id] == [True]


def test_registration_is_published_once(service):
    stub, signer, _app, nats = service
    received: list[dict] = []
    listener = EventBus(Settings.from_env("listener", {"JLP_NATS_URL": nats.url}))
    listener.start()
    try:
        listener.subscribe(stream="JLP_SOCIAL", durable="test-social-listener",
                           filter_subject="jlp.social.person.registered",
                           handler=lambda event: received.append(event.data))
        made = person(stub, signer, 9)
        wait_for(lambda: [e for e in received if e["personId"] == made.id], timeout_s=15,
                 message="jlp.social.person.registered")
        time.sleep(0.5)  # a duplicate would arrive right behind the first
        assert [e["personId"] for e in received].count(made.id) == 1
        assert not {"name", "idNumber", "phone"} & set(received[-1])  # no personal data in events
    finally:
        listener.stop()


def test_care_and_enrolment_flows_over_the_channel(service):
    stub, signer, app, _ = service
    elder = person(stub, signer, 21, "测试丁", date(1940, 2, 2))
    provider = stub.CreateCareProvider(pb.CreateCareProviderRequest(care_provider=pb.CareProvider(
        name="杨家坪居家养老服务站（测试）", credit_code="52500107MJP000013W", subdistrict_codes=["500107001"],
        service_types=[pb.CLEANING, pb.EMERGENCY_AID], capacity=1)), metadata=md(signer, HEAD))
    worker = md(signer, ["social:care.read", "social:care.serve"], "provider-staff")
    req = stub.CreateCareRequest(pb.CreateCareRequestRequest(care_request=pb.CareRequest(
        person_id=elder.id, service_type=pb.CLEANING, address="九龙坡区杨家坪街道测试路2号",
        location=pb.LatLng(lon=106.5101, lat=29.5078), subdistrict_code="500107001"), request_id="care-1"),
        metadata=md(signer, CLERK))
    assert req.state == pb.ASSIGNED and req.provider_id == provider.id and req.address.endswith("****")
    assert stub.GetCareProvider(pb.GetCareProviderRequest(id=provider.id), metadata=md(signer, CLERK)).active_count == 1
    with pytest.raises(grpc.RpcError) as not_serving:
        stub.AcceptCareRequest(pb.AcceptCareRequestRequest(id=req.id, provider_id=provider.id),
                               metadata=md(signer, CLERK))
    assert not_serving.value.code() == grpc.StatusCode.PERMISSION_DENIED
    stub.AcceptCareRequest(pb.AcceptCareRequestRequest(id=req.id, provider_id=provider.id), metadata=worker)
    at = app.parts.clock()
    visit = stub.CheckInCareVisit(pb.CheckInCareVisitRequest(
        id=req.id, provider_id=provider.id, worker="w-1", location=pb.LatLng(lon=106.5102, lat=29.5078),
        request_id="visit-1"), metadata=worker).visits[0]
    assert visit.state == pb.CHECKED_IN and abs((visit.check_in_time.ToDatetime() - at.replace(tzinfo=None))
                                                .total_seconds()) < 60
    out = pb.CheckOutCareVisitRequest(id=req.id, visit_id=visit.id, location=pb.LatLng(lon=106.5102, lat=29.5078))
    out.time.FromSeconds(visit.check_in_time.seconds + 40 * 60)
    stub.CheckOutCareVisit(out, metadata=worker)
    verified = stub.VerifyCareVisit(pb.VerifyCareVisitRequest(id=req.id, visit_id=visit.id), metadata=md(signer, CLERK))
    assert verified.visits[0].state == pb.VERIFIED
    done = stub.CompleteCareRequest(pb.CompleteCareRequestRequest(id=req.id), metadata=md(signer, CLERK))
    assert done.state == pb.COMPLETED and done.settled_amount == "60.00"

    e = stub.CreateEnrolment(pb.CreateEnrolmentRequest(enrolment=pb.Enrolment(
        person_id=elder.id, insurance_type=pb.WORK_INJURY, employer_credit_code=EMPLOYER, monthly_wage="5000",
        effective_from="2020-01-01", work_injury_class=5)), metadata=md(signer, CLERK))
    moved = stub.TransferEnrolment(pb.TransferEnrolmentRequest(
        id=e.id, new_employer_credit_code="92500107L00000011K", transfer_date="2025-04-16", etag=e.etag,
        request_id="transfer-1"), metadata=md(signer, CLERK))
    assert (moved.closed.status, moved.closed.effective_to, moved.opened.effective_from) == (
        pb.TERMINATED, "2025-04-15", "2025-04-16")
    listed = stub.ListEnrolments(pb.ListEnrolmentsRequest(person_id=elder.id, status=pb.ACTIVE),
                                 metadata=md(signer, CLERK))
    assert [x.id for x in listed.enrolments] == [moved.opened.id]
    with pytest.raises(grpc.RpcError) as bad_class:
        stub.CreateEnrolment(pb.CreateEnrolmentRequest(enrolment=pb.Enrolment(
            person_id=elder.id, insurance_type=pb.PENSION, employer_credit_code="91500107MA5U00003H",
            monthly_wage="5000", effective_from="2020-01-01")), metadata=md(signer, CLERK))
    assert "enrolment.employer_credit_code" in violations(bad_class.value)
