"""CheckPersonEnterprises over a real channel: for each person asked, the registered investors
recording them as legal representative and those investors' projects not lost — counts only;
refused without `investment:enterprise.check`; purpose, consent and valid numbers required.
The representative's number is masked in investor answers unless the caller may see contacts."""

from __future__ import annotations

import grpc
import pytest

from jlp.investment.v1 import investment_pb2 as pb

from .conftest import OFFICER, Service
from .test_service import CODE, fails, new_project, violations

REPRESENTATIVE = "500107198001010011"  # synthetic, valid check character
OTHER = "500107197505050020"
CHECKER = ["investment:enterprise.check"]


def ask(s: Service, numbers: list[str], scopes: list[str] = CHECKER, purpose: str = "低保复核 household h1",
        consent_id: str = "consent-2026-001") -> pb.CheckPersonEnterprisesResponse:
    return s.stub.CheckPersonEnterprises(pb.CheckPersonEnterprisesRequest(
        id_numbers=numbers, purpose=purpose, consent_id=consent_id), metadata=s.md(scopes, sub="aid-officer"))


def test_counts_enterprises_and_live_projects_of_a_legal_representative(service: Service) -> None:
    s = service
    assert [(p.enterprises_represented, p.projects_in_pipeline) for p in ask(s, [REPRESENTATIVE]).persons] == [(0, 0)]
    made = s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="重庆演示精密科技有限公司", credit_code=CODE, legal_representative_id_number=REPRESENTATIVE)),
        metadata=s.officer)
    shown = made.legal_representative_id_number
    assert shown and REPRESENTATIVE not in shown and shown.endswith("0011")  # masked for officers
    full = s.stub.GetInvestor(pb.GetInvestorRequest(id=made.id), metadata=s.head)
    assert full.legal_representative_id_number == REPRESENTATIVE
    kept = new_project(s, investor_id=made.id)
    lost = new_project(s, investor_id=made.id)
    s.stub.MarkProjectLost(pb.MarkProjectLostRequest(id=lost.id, reason="moved elsewhere"), metadata=s.officer)
    # A prospect (no credit code) with the same representative is not a registered enterprise.
    s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="某筹建公司", legal_representative_id_number=REPRESENTATIVE)), metadata=s.officer)
    reply = ask(s, [OTHER, REPRESENTATIVE])
    assert [(p.enterprises_represented, p.projects_in_pipeline) for p in reply.persons] == [(0, 0), (1, 1)]
    assert kept.investor_id == made.id
    assert {f.name for f in pb.PersonEnterprises.DESCRIPTOR.fields} == {
        "enterprises_represented", "projects_in_pipeline"}


def test_refused_without_the_permission(service: Service) -> None:
    err = fails(lambda: ask(service, [REPRESENTATIVE], scopes=OFFICER), grpc.StatusCode.PERMISSION_DENIED)
    assert "enterprise.check" in err.details()


def test_purpose_consent_and_numbers_are_required(service: Service) -> None:
    err = fails(lambda: ask(service, [REPRESENTATIVE, "500107198001010013"], purpose="", consent_id=" "),
                grpc.StatusCode.INVALID_ARGUMENT)
    assert set(violations(err)) == {"purpose", "consent_id", "id_numbers[1]"}
    err = fails(lambda: ask(service, []), grpc.StatusCode.INVALID_ARGUMENT)
    assert violations(err) == ["id_numbers"]


def test_a_wrong_representative_number_is_refused_naming_the_field(service: Service) -> None:
    err = fails(lambda: service.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="x", legal_representative_id_number="500107198001010013")),
        metadata=service.officer), grpc.StatusCode.INVALID_ARGUMENT)
    assert violations(err) == ["investor.legal_representative_id_number"]


@pytest.mark.parametrize("n", [101])
def test_the_batch_is_bounded(service: Service, n: int) -> None:
    err = fails(lambda: ask(service, [REPRESENTATIVE] * n), grpc.StatusCode.INVALID_ARGUMENT)
    assert "id_numbers" in violations(err)
