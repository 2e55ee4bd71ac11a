"""Poverty-aid checks against running identity and investment services (each its own process,
started the way its image starts it, with the real nats-server): the aid officer's token is
forwarded, each department answers from its own records under its own keys, so a check can now
end PASSED or FLAGGED — and ends INCOMPLETE, naming the source, when one of them is stopped."""
# ruff: noqa: S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import grpc
import pyotp
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp.investment.v1 import investment_pb2, investment_pb2_grpc
from jlp.social_security.v1 import social_security_pb2 as pb
from jlp.social_security.v1 import social_security_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_social_security.app import build
from jlp_social_security.domain.resident_id import synthetic_resident_id

CLERK = ["social:person.read", "social:person.write", "social:household.read", "social:household.write",
         "social:aid.read", "social:aid.check"]
ADMIN, ADMIN_INITIAL = "13800000000", "Admin-Initial-2026!"
OFFICER_PHONE = "13700000031"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def secret() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@dataclass
class Process:
    name: str
    proc: subprocess.Popen
    target: str

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(module: str, env: dict[str, str], port: int) -> Process:
    proc = subprocess.Popen([sys.executable, "-m", module], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    target = f"127.0.0.1:{port}"
    channel = grpc.insecure_channel(target)
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{module} exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return Process(module, proc, target)
            except grpc.RpcError:
                pass
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"{module} did not become healthy")
            time.sleep(0.2)
    finally:
        channel.close()


@dataclass
class Suite:
    stub: pb_grpc.SocialSecurityServiceStub
    identity: Process
    investment: Process
    officer: str  # an aid clerk's access token, as identity issued it
    officer_without_sources: str  # the same clerk, signed in asking only for social:* scopes

    def md(self, token: str | None = None) -> list[tuple[str, str]]:
        return [("authorization", f"Bearer {token or self.officer}")]


def grant(identity: identity_pb2_grpc.IdentityServiceStub, user: str, password: str, otp: str = "",
          scope: str = "") -> identity_pb2.TokenResponse:
    return identity.IssueToken(identity_pb2.IssueTokenRequest(grant_type="password", username=user,
                                                              password=password, otp=otp, scope=scope), timeout=20)


def first_sign_in(identity: identity_pb2_grpc.IdentityServiceStub, user: str, initial: str, own: str,
                  otps: tuple[str, str] = ("", "")) -> str:
    """What an account's owner does first (identity ADR 0033/0036): sign in with the password
    someone else set, change it, sign in again; returns the full access token."""
    restricted = grant(identity, user, initial, otps[0])
    assert restricted.password_change_required
    identity.ChangePassword(identity_pb2.ChangePasswordRequest(current_password=initial, new_password=own),
                            metadata=[("authorization", f"Bearer {restricted.access_token}")], timeout=20)
    return grant(identity, user, own, otps[1]).access_token


def aid_officer(identity_target: str, totp_secret: str) -> tuple[str, str]:
    """The bootstrap administrator creates an aid clerk (dept_staff); the clerk signs in."""
    channel = grpc.insecure_channel(identity_target)
    identity = identity_pb2_grpc.IdentityServiceStub(channel)
    totp, now = pyotp.TOTP(totp_secret), time.time()
    admin = first_sign_in(identity, ADMIN, ADMIN_INITIAL, "Admin-Own-2026!x",
                          (totp.at(now), totp.at(now + totp.interval)))
    identity.CreateStaff(identity_pb2.CreateStaffRequest(user=identity_pb2.User(
        name="王五", phone=OFFICER_PHONE, department="500107009", roles=["dept_staff"]), password="Initial-Pass-2026"),
        metadata=[("authorization", f"Bearer {admin}")], timeout=20)
    token = first_sign_in(identity, OFFICER_PHONE, "Initial-Pass-2026", "Officer-Own-2026")
    narrow = grant(identity, OFFICER_PHONE, "Officer-Own-2026", scope=" ".join(CLERK)).access_token
    channel.close()
    return token, narrow


@pytest.fixture
def suite(nats_server) -> Iterator[Suite]:  # noqa: ANN001 - the testkit's session fixture
    """identity and investment as processes, social-security in this process; every service
    verifies identity's tokens with identity's published keys, as deployed."""
    ports = {"identity": free_port(), "investment": free_port()}
    common = {"JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
              "JLP_NATS_URL": nats_server.url,
              "JLP_IDENTITY_ADDR": f"127.0.0.1:{ports['identity']}",
              "JLP_INVESTMENT_ADDR": f"127.0.0.1:{ports['investment']}"}
    totp_secret = pyotp.random_base32()
    identity = start("jlp_identity", {
        **common, "JLP_GRPC_PORT": str(ports["identity"]), "JLP_PII_KEY": secret(), "JLP_IDENTITY_KEK": secret(),
        "JLP_DEMO": "1", "JLP_BOOTSTRAP_ADMIN_USER": ADMIN, "JLP_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_INITIAL,
        "JLP_BOOTSTRAP_ADMIN_TOTP_SECRET": totp_secret}, ports["identity"])
    investment = None
    try:
        officer, narrow = aid_officer(identity.target, totp_secret)
        investment = start("jlp_investment", {**common, "JLP_GRPC_PORT": str(ports["investment"]),
                                              "JLP_PII_KEY": secret()}, ports["investment"])
        settings = Settings.from_env("social-security", {
            **common, "JLP_GRPC_PORT": "0", "JLP_SOCIAL_SCAN_SECONDS": "0", "JLP_SOCIAL_SOURCE_TIMEOUT_SECONDS": "3"})
        app = build(settings)
        port = app.start()
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        yield Suite(pb_grpc.SocialSecurityServiceStub(channel), identity, investment, officer, narrow)
        channel.close()
        app.stop(0)
    finally:
        for process in (investment, identity):
            if process is not None:
                process.stop()


def household(s: Suite, first_seq: int) -> tuple[pb.Household, list[str]]:
    numbers = [synthetic_resident_id("500107", date(1966, 4, 2), first_seq),
               synthetic_resident_id("500107", date(1969, 8, 9), first_seq + 1)]
    persons = [s.stub.CreatePerson(pb.CreatePersonRequest(person=pb.Person(
        id_number=n, name=name, phone="13800001234", address="九龙坡区杨家坪街道测试路1号",
        subdistrict_code="500107001")), metadata=s.md()) for n, name in zip(numbers, ("测试甲", "测试乙"), strict=True)]
    made = s.stub.CreateHousehold(pb.CreateHouseholdRequest(household=pb.Household(members=[
        pb.HouseholdMember(person_id=persons[0].id, relation=pb.HEAD),
        pb.HouseholdMember(person_id=persons[1].id, relation=pb.SPOUSE)], annual_income="30000")),
        metadata=s.md())
    return made, numbers


def check(s: Suite, household_id: str, token: str | None = None) -> pb.AidCheck:
    return s.stub.CreateAidCheck(pb.CreateAidCheckRequest(aid_check=pb.AidCheck(
        household_id=household_id, purpose="低保复核", consent_id="CONSENT-2026-7")), metadata=s.md(token))


def test_checks_pass_or_flag_on_the_departments_answers(suite: Suite) -> None:
    s = suite
    home, (head_number, spouse_number) = household(s, 120)
    passed = check(s, home.id)
    assert passed.outcome == pb.PASSED, [(r.source, r.error) for r in passed.results]
    assert {(r.source, r.answered) for r in passed.results} == {
        ("identity", True), ("investment", True), ("social_security", True)}
    assert not passed.unanswered_sources and all(r.evidence_hash for r in passed.results)

    # The head represents an enterprise registered with identity, the spouse an investor.
    identity_pb2_grpc.IdentityServiceStub(grpc.insecure_channel(s.identity.target)).Register(
        identity_pb2.RegisterRequest(kind="ENTERPRISE", name="重庆九龙示例科技有限公司",
                                     credit_code="91500107MA5U00003G", legal_representative="测试甲",
                                     legal_representative_id_number=head_number,
                                     phone="13900000031", password="Enterprise-2026"), timeout=10)
    investment_pb2_grpc.InvestmentServiceStub(grpc.insecure_channel(s.investment.target)).CreateInvestor(
        investment_pb2.CreateInvestorRequest(investor=investment_pb2.Investor(
            name="重庆演示精密科技有限公司", credit_code="91500107MA5U00003G",
            legal_representative_id_number=spouse_number)),
        metadata=s.md(), timeout=10)  # the clerk's department registers investors too (dept_staff)
    flagged = check(s, home.id)
    assert flagged.outcome == pb.FLAGGED
    hits = {(r.source, r.person_id) for r in flagged.results if r.hit and r.source != "social_security"}
    assert hits == {("identity", home.head_person_id),
                    ("investment", next(m.person_id for m in home.members if m.person_id != home.head_person_id))}
    assert [f.rule for f in flagged.findings] == ["assets_or_business_found"]



def test_an_officer_without_the_source_permissions_gets_incomplete(suite: Suite) -> None:
    home, _ = household(suite, 140)
    refused = check(suite, home.id, token=suite.officer_without_sources)
    assert refused.outcome == pb.INCOMPLETE and set(refused.unanswered_sources) == {"identity", "investment"}
    assert {r.error for r in refused.results if not r.answered} == {
        "SourceUnavailable: identity: PERMISSION_DENIED", "SourceUnavailable: investment: PERMISSION_DENIED"}


def test_a_stopped_source_leaves_the_check_incomplete(suite: Suite) -> None:
    home, _ = household(suite, 160)
    suite.investment.stop()
    started = time.monotonic()
    incomplete = check(suite, home.id)
    assert incomplete.outcome == pb.INCOMPLETE and list(incomplete.unanswered_sources) == ["investment"]
    assert all(r.answered for r in incomplete.results if r.source != "investment")
    assert time.monotonic() - started < 15  # bounded by the per-question deadline, not hanging
