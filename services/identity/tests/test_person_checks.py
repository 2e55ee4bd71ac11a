"""CheckPersons over a real channel: yes/no answers about persons for a stated purpose — an
account holder, a legal representative of an enterprise, an unknown person — nothing personal in
the answer; refused without `identity:person.check`; purpose, consent and valid numbers
required (each field named); every question audited with its purpose and consent."""
# ruff: noqa: S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import grpc
import pytest

from jlp.identity.v1 import identity_pb2
from jlp_identity.domain import person_checks
from jlp_identity.models import AuditRecordDoc

from .conftest import CITIZEN_ID, CITIZEN_PASSWORD, CITIZEN_PHONE, Identity

REPRESENTATIVE_ID = "500107198001010011"  # synthetic, valid check character
STRANGER_ID = "500107197505050020"


def aid_officer(identity: Identity) -> str:
    admin = identity.admin_token()
    identity.create_staff(admin, "13700000021", ["dept_staff"], department="500107009",
                          password="Officer-Pass-2026")
    return identity.password_grant("13700000021", "Officer-Pass-2026").access_token


def register_enterprise(identity: Identity, representative_id: str = REPRESENTATIVE_ID) -> None:
    identity.stub.Register(identity_pb2.RegisterRequest(
        kind="ENTERPRISE", name="重庆九龙示例科技有限公司", credit_code="91500107MA5U00003G",
        legal_representative="李四", legal_representative_id_number=representative_id,
        phone="13900000021", password="Enterprise-2026"), timeout=10)


def ask(identity: Identity, token: str, numbers: list[str], purpose: str = "低保复核 household h1",
        consent_id: str = "consent-2026-001") -> identity_pb2.CheckPersonsResponse:
    return identity.call("CheckPersons", identity_pb2.CheckPersonsRequest(
        id_numbers=numbers, purpose=purpose, consent_id=consent_id), token)


def test_answers_account_and_representation_in_order_and_nothing_else(identity: Identity) -> None:
    identity.register_citizen()
    register_enterprise(identity)
    officer = aid_officer(identity)
    reply = ask(identity, officer, [STRANGER_ID, CITIZEN_ID, REPRESENTATIVE_ID.lower()])
    assert [(p.has_account, p.enterprises_represented) for p in reply.persons] == [
        (False, 0), (True, 0), (False, 1)]
    # The answer's fields are the two facts: no names, numbers or ids can come back.
    assert {f.name for f in identity_pb2.PersonCheck.DESCRIPTOR.fields} == {
        "has_account", "enterprises_represented"}


def test_every_question_is_audited_with_purpose_and_consent(identity: Identity) -> None:
    officer = aid_officer(identity)
    ask(identity, officer, [CITIZEN_ID], purpose="特困复核 household h9", consent_id="consent-h9")
    record = AuditRecordDoc.objects(action="person_check").order_by("-seq").first()
    assert record is not None and record.details["purpose"] == "特困复核 household h9"
    assert record.details["consent_id"] == "consent-h9"
    assert CITIZEN_ID not in str(record.to_mongo())  # the keyed hash, never the number
    assert len(record.details["subjects"]) == 64


def test_refused_without_the_permission(identity: Identity) -> None:
    identity.register_citizen()
    citizen = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    with pytest.raises(grpc.RpcError) as refused:
        ask(identity, citizen, [CITIZEN_ID])
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as anonymous:
        ask(identity, "", [CITIZEN_ID])
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_purpose_consent_and_valid_numbers_are_required(identity: Identity) -> None:
    officer = aid_officer(identity)
    with pytest.raises(grpc.RpcError) as bad:
        ask(identity, officer, [CITIZEN_ID, "500107198001010013"], purpose=" ", consent_id="")
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    for name in ("purpose", "consent_id", "id_numbers[1]"):
        assert name in bad.value.details()
    assert AuditRecordDoc.objects(action="person_check").count() == 0


def test_an_invalid_representative_number_is_refused_at_registration(identity: Identity) -> None:
    with pytest.raises(grpc.RpcError) as bad:
        register_enterprise(identity, representative_id="500107198001010013")
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "legal_representative_id_number" in bad.value.details()


def test_domain_bounds_the_batch() -> None:
    from datetime import date

    request, problems = person_checks.validate([CITIZEN_ID] * 101, "p", "c", date(2026, 12, 2))
    assert request is None and ("id_numbers", "at most 100 persons per call") in problems
