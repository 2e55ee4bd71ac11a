"""Fixtures: a fake clock, and a real identity gRPC server on a random port (embedded store,
cheap argon2 parameters, a bootstrap admin with a known TOTP secret, demo departments)."""
# ruff: noqa: S105, S106, S107 - fixed test credentials are the point of these tests

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pyotp
import pytest

from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_common.config import Settings
from jlp_identity.app import IdentityApp, build
from jlp_identity.domain import totp
from jlp_identity.security.hashing import FAST_FOR_TESTS

ADMIN_PHONE = "13800000000"
# What the operator configures (JLP_BOOTSTRAP_ADMIN_PASSWORD); changed at the first sign-in to
ADMIN_INITIAL_PASSWORD = "Admin-Initial-2026!"
# the administrator's own password, which the `identity` fixture has already done.
ADMIN_PASSWORD = "Admin-Pass-2026!"
CITIZEN_ID = "500107200001010003"  # synthetic (reference fixture)
CITIZEN_PHONE = "13812345678"
CITIZEN_PASSWORD = "Chongqing-2026"
INITIAL_PASSWORD = "Initial-Pass-2026"  # what an administrator gives a new member of staff


class FakeClock:
    """Real time plus an offset the test moves; tokens stay verifiable while it is small."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


def identity_env(**extra: str) -> dict[str, str]:
    env = {
        "JLP_GRPC_HOST": "127.0.0.1", "JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0",
        "JLP_LOG_LEVEL": "WARNING", "JLP_DEMO": "1",
        "JLP_PII_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JLP_IDENTITY_KEK": base64.b64encode(os.urandom(32)).decode(),
        "JLP_BOOTSTRAP_ADMIN_USER": ADMIN_PHONE,
        "JLP_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_INITIAL_PASSWORD,
        "JLP_BOOTSTRAP_ADMIN_TOTP_SECRET": pyotp.random_base32(),
    }
    env.update(extra)
    return env


@dataclass
class Identity:
    """A started identity server and helpers to call it like a client would."""

    app: IdentityApp
    port: int
    stub: identity_pb2_grpc.IdentityServiceStub
    clock: FakeClock
    env: dict[str, str]
    channel: grpc.Channel = field(repr=False)
    last_admin_step: int = 0

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def call(self, method_name: str, request: Any, token: str | None = None) -> Any:
        md = [("authorization", f"Bearer {token}")] if token else []
        return getattr(self.stub, method_name)(request, metadata=md, timeout=10)

    def password_grant(self, username: str, password: str, otp: str = "",
                       scope: str = "") -> identity_pb2.TokenResponse:
        return self.stub.IssueToken(identity_pb2.IssueTokenRequest(
            grant_type="password", username=username, password=password, otp=otp, scope=scope),
            timeout=10)

    def admin_otp(self) -> str:
        """A code for the bootstrap admin that has not been used yet.

        Each time step is accepted once, with one step of drift either way. The clock follows
        real time, so a step boundary may pass between making the code and the server checking
        it: never use the already-past step now-1 (it would fall out of the window); two sign-ins
        per 30 s use now and now+1, a third moves the clock on a step.
        """
        current = totp.step_of(self.clock())
        step = max(self.last_admin_step + 1, current)
        if step > current + totp.DRIFT_STEPS:
            self.clock.advance(seconds=totp.STEP_S)
        self.last_admin_step = step
        secret = self.env["JLP_BOOTSTRAP_ADMIN_TOTP_SECRET"]
        return pyotp.TOTP(secret).generate_otp(step)

    def admin_token(self) -> str:
        return self.password_grant(ADMIN_PHONE, ADMIN_PASSWORD, self.admin_otp()).access_token

    def register_citizen(self, id_number: str = CITIZEN_ID, phone: str = CITIZEN_PHONE,
                         password: str = CITIZEN_PASSWORD, name: str = "张三") -> identity_pb2.User:
        return self.stub.Register(identity_pb2.RegisterRequest(
            kind="CITIZEN", name=name, id_number=id_number, phone=phone, password=password),
            timeout=10)

    def create_staff(self, admin_token: str, phone: str, roles: list[str],
                     department: str = "500107009", password: str = "Staff-Pass-2026",
                     username: str = "", *, first_sign_in: bool = True) -> identity_pb2.User:
        """Create a member of staff whose password is `password`: created with
        INITIAL_PASSWORD, then — as its owner must at the first sign-in — changed to `password`
        (unless `first_sign_in` is False: then `password` is the initial password, unchanged)."""
        created = self.call("CreateStaff", identity_pb2.CreateStaffRequest(
            user=identity_pb2.User(name="王五", phone=phone, department=department, roles=roles,
                                   username=username),
            password=password if not first_sign_in else INITIAL_PASSWORD), admin_token)
        if first_sign_in:
            first = self.password_grant(phone, INITIAL_PASSWORD)
            assert first.password_change_required
            self.call("ChangePassword", identity_pb2.ChangePasswordRequest(
                current_password=INITIAL_PASSWORD, new_password=password), first.access_token)
            created.password_change_required = False
        return created


    def first_admin_sign_in(self) -> None:
        """What the bootstrap administrator does first: sign in with the configured password
        (and a one-time password), get a token that only allows changing it, change it to
        ADMIN_PASSWORD."""
        first = self.password_grant(ADMIN_PHONE, ADMIN_INITIAL_PASSWORD, self.admin_otp())
        assert first.password_change_required and first.scope == ""
        self.call("ChangePassword", identity_pb2.ChangePasswordRequest(
            current_password=ADMIN_INITIAL_PASSWORD, new_password=ADMIN_PASSWORD),
            first.access_token)


def start_identity(clock: FakeClock, env: dict[str, str], *, admin_ready: bool = True,
                   **kw: Any) -> Identity:
    """A started server; with the default environment and `admin_ready`, the bootstrap
    administrator has already changed its initial password (to ADMIN_PASSWORD)."""
    app = build(Settings.from_env("identity", env), clock=clock,
                password_parameters=FAST_FOR_TESTS, **kw)
    port = app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    running = Identity(app, port, identity_pb2_grpc.IdentityServiceStub(channel), clock, env,
                       channel)
    if admin_ready and env.get("JLP_BOOTSTRAP_ADMIN_USER") == ADMIN_PHONE and \
            env.get("JLP_BOOTSTRAP_ADMIN_PASSWORD") == ADMIN_INITIAL_PASSWORD:
        running.first_admin_sign_in()
    return running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def identity(clock: FakeClock) -> Iterator[Identity]:
    running = start_identity(clock, identity_env())
    yield running
    running.channel.close()
    running.app.stop(0)
