"""Adapters the poverty-aid verification asks (domain.aid_checks.AidSource).

- `social_security`: this service's own records — does the member hold an enrolment in force
  today (insured employment, a wage declared by an employer)?
- `identity`: identity's CheckPersons — a hit when the member is recorded as legal
  representative of a registered enterprise account (holding a citizen account is kept in the
  evidence, not a hit: it says nothing about means).
- `investment`: investment's CheckPersonEnterprises — a hit when the member is legal
  representative of a registered investor enterprise (with its live project count as evidence).

The remote adapters send the member's resident ID number with the check's purpose and consent
id, under a deadline (`JLP_SOCIAL_SOURCE_TIMEOUT_SECONDS`), with the caller's own token: the
aid officer who started the check asks, with a permission their role holds
(`identity:person.check`, `investment:enterprise.check`), so the answering services audit the
officer, not a faceless service account (ADR 0091). Any failure — no answer in time, refused,
unreachable, a malformed reply — raises SourceUnavailable, which makes the check INCOMPLETE,
never PASSED. A re-check started by an event carries no officer token, so the remote sources
refuse it and it ends INCOMPLETE, telling an officer to run it again. `property`, `vehicles`,
`tax` are added the same way when configured.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import grpc

from jlp_common import grpc_client
from jlp_social_security.domain.aid_checks import AidQuery, SourceAnswer, SourceUnavailable
from jlp_social_security.domain.enrolment import Enrolment

DEFAULT_TIMEOUT_S = 3.0


class OwnRecordsSource:
    """This service's enrolments: a hit is an enrolment in force today."""

    name = "social_security"

    def __init__(self, enrolments_of: Callable[[str], list[Enrolment]], today: Callable[[], date]) -> None:
        self.enrolments_of, self.today = enrolments_of, today

    def query(self, query: AidQuery) -> SourceAnswer:
        day = self.today()
        active = [e for e in self.enrolments_of(query.subject.person_id) if e.active_on(day)]
        employers = sorted({e.employer_credit_code for e in active})
        wages = sorted({str(e.monthly_wage) for e in active})
        return SourceAnswer(bool(active), f"{len(employers)} employer(s) declare a wage" if active else "",
                            {"active_enrolments": len(active), "employers": employers, "wages": wages})


def _number(query: AidQuery) -> str:
    if not query.subject.id_number:
        raise SourceUnavailable("the member's ID number could not be read")
    return query.subject.id_number


def _ask(source: str, call: Callable[..., object], request: object, timeout_s: float) -> object:
    try:
        return grpc_client.invoke(call, request, timeout_s=timeout_s)
    except grpc.RpcError as err:
        raise SourceUnavailable(f"{source}: {err.code().name}") from None


class IdentitySource:
    """identity's CheckPersons, one member per query."""

    name = "identity"

    def __init__(self, target: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.target, self.timeout_s = target, timeout_s

    def query(self, query: AidQuery) -> SourceAnswer:
        from jlp.identity.v1 import identity_pb2, identity_pb2_grpc

        stub = identity_pb2_grpc.IdentityServiceStub(grpc_client.channel(self.target, [identity_pb2]))
        reply = _ask(self.name, stub.CheckPersons, identity_pb2.CheckPersonsRequest(
            id_numbers=[_number(query)], purpose=query.purpose, consent_id=query.consent_id), self.timeout_s)
        if len(reply.persons) != 1:  # type: ignore[attr-defined]
            raise SourceUnavailable("identity: answered for a different number of persons")
        person = reply.persons[0]  # type: ignore[attr-defined]
        represented = int(person.enterprises_represented)
        return SourceAnswer(represented > 0,
                            f"legal representative of {represented} registered enterprise(s)" if represented else "",
                            {"has_account": bool(person.has_account), "enterprises_represented": represented})


class InvestmentSource:
    """investment's CheckPersonEnterprises, one member per query."""

    name = "investment"

    def __init__(self, target: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.target, self.timeout_s = target, timeout_s

    def query(self, query: AidQuery) -> SourceAnswer:
        from jlp.investment.v1 import investment_pb2, investment_pb2_grpc

        stub = investment_pb2_grpc.InvestmentServiceStub(grpc_client.channel(self.target, [investment_pb2]))
        reply = _ask(self.name, stub.CheckPersonEnterprises, investment_pb2.CheckPersonEnterprisesRequest(
            id_numbers=[_number(query)], purpose=query.purpose, consent_id=query.consent_id), self.timeout_s)
        if len(reply.persons) != 1:  # type: ignore[attr-defined]
            raise SourceUnavailable("investment: answered for a different number of persons")
        person = reply.persons[0]  # type: ignore[attr-defined]
        represented, projects = int(person.enterprises_represented), int(person.projects_in_pipeline)
        return SourceAnswer(represented > 0,
                            f"legal representative of {represented} investor enterprise(s), {projects} project(s)"
                            if represented else "",
                            {"enterprises_represented": represented, "projects_in_pipeline": projects})


def default_sources(enrolments_of: Callable[[str], list[Enrolment]], today: Callable[[], date], *,
                    identity_addr: str, investment_addr: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> list:
    return [OwnRecordsSource(enrolments_of, today), IdentitySource(identity_addr, timeout_s),
            InvestmentSource(investment_addr, timeout_s)]
