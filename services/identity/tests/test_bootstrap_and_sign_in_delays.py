"""The bootstrap administrator changes its configured password at the first sign-in, and failed
sign-ins slow down their source, never lock the account (docs/adr/0036)."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pyotp
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from jlp.identity.v1 import identity_pb2
from jlp_identity.domain import totp
from jlp_identity.domain.lockout import SOURCE, SOURCE_AND_ACCOUNT, LoginState

from .conftest import (
    ADMIN_PASSWORD,
    ADMIN_PHONE,
    CITIZEN_PASSWORD,
    CITIZEN_PHONE,
    FakeClock,
    Identity,
    identity_env,
    start_identity,
)

ATTACKER, OWNER = "198.51.100.66", "203.0.113.10"


def reason(err: grpc.RpcError) -> str:
    status = rpc_status.from_call(err)
    for detail in status.details if status else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return ""


def grant(identity: Identity, username: str, password: str, otp: str = "",
          source: str = OWNER) -> identity_pb2.TokenResponse:
    return identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="password", username=username, password=password, otp=otp),
        metadata=[("x-forwarded-for", source)], timeout=10)


def refused(fn, *args, **kw) -> str:  # noqa: ANN001, ANN003
    with pytest.raises(grpc.RpcError) as err:
        fn(*args, **kw)
    return reason(err.value)


def test_the_bootstrap_administrator_must_change_its_password_first(clock: FakeClock) -> None:
    secret = pyotp.random_base32()
    env = identity_env(JLP_BOOTSTRAP_ADMIN_USER="root.admin",
                       JLP_BOOTSTRAP_ADMIN_PASSWORD="Bootstrap-2026!",
                       JLP_BOOTSTRAP_ADMIN_TOTP_SECRET=secret)
    running = start_identity(clock, env)
    try:
        first = running.password_grant("root.admin", "Bootstrap-2026!",
                                       totp.code_at(secret, clock()))
        assert first.password_change_required and first.scope == "" and not first.refresh_token
        with pytest.raises(grpc.RpcError) as err:
            running.call("ListStaff", identity_pb2.ListStaffRequest(), first.access_token)
        assert reason(err.value) == "PASSWORD_CHANGE_REQUIRED"
        running.call("ChangePassword", identity_pb2.ChangePasswordRequest(
            current_password="Bootstrap-2026!", new_password="Own-Admin-Pass-2027"),
            first.access_token)
        clock.advance(seconds=totp.STEP_S)  # a fresh one-time password
        full = running.password_grant("root.admin", "Own-Admin-Pass-2027",
                                      totp.code_at(secret, clock()))
        assert not full.password_change_required and "identity:staff.admin" in full.scope
        assert refused(running.password_grant, "root.admin", "Bootstrap-2026!",
                       totp.code_at(secret, clock())) == "INVALID_GRANT"  # the old one is gone
    finally:
        running.channel.close()
        running.app.stop(0)


def test_failures_from_one_address_do_not_keep_the_administrator_out(identity: Identity) -> None:
    for n in range(10):  # someone who knows the name `admin` keeps trying
        refused(grant, identity, ADMIN_PHONE, f"Guess-{n}-Password", source=ATTACKER)
    assert refused(grant, identity, ADMIN_PHONE, ADMIN_PASSWORD, identity.admin_otp(),
                   source=ATTACKER) == "ACCOUNT_LOCKED"  # that address waits
    signed_in = grant(identity, ADMIN_PHONE, ADMIN_PASSWORD, identity.admin_otp(), source=OWNER)
    assert "identity:staff.admin" in signed_in.scope  # the administrator is not locked out


def test_delays_double_with_each_further_failure(identity: Identity) -> None:
    identity.register_citizen()
    for _ in range(5):
        assert refused(grant, identity, CITIZEN_PHONE, "Wrong-Password-1",
                       source=ATTACKER) == "INVALID_GRANT"
    assert refused(grant, identity, CITIZEN_PHONE, CITIZEN_PASSWORD,
                   source=ATTACKER) == "ACCOUNT_LOCKED"
    identity.clock.advance(seconds=61)  # the first delay (1 minute) is over: one more try
    assert refused(grant, identity, CITIZEN_PHONE, "Wrong-Password-1",
                   source=ATTACKER) == "INVALID_GRANT"
    identity.clock.advance(seconds=61)  # now 2 minutes
    assert refused(grant, identity, CITIZEN_PHONE, CITIZEN_PASSWORD,
                   source=ATTACKER) == "ACCOUNT_LOCKED"
    identity.clock.advance(seconds=60)
    assert grant(identity, CITIZEN_PHONE, CITIZEN_PASSWORD, source=ATTACKER).access_token
    # The success cleared that address's failures on the account: five free tries again.
    for _ in range(4):
        refused(grant, identity, CITIZEN_PHONE, "Wrong-Password-1", source=ATTACKER)
    assert grant(identity, CITIZEN_PHONE, CITIZEN_PASSWORD, source=ATTACKER).access_token


def test_one_address_spraying_many_names_is_slowed_down(identity: Identity) -> None:
    for n in range(SOURCE.free_failures):
        refused(grant, identity, f"1390000{n:04d}", "Spring-2026!", source=ATTACKER)
    assert refused(grant, identity, "13911112222", "Spring-2026!",
                   source=ATTACKER) == "ACCOUNT_LOCKED"
    assert refused(grant, identity, "13911112222", "Spring-2026!",
                   source=OWNER) == "INVALID_GRANT"  # other addresses are not affected


def test_delay_policy() -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    delays = [SOURCE_AND_ACCOUNT.delay_after(n) for n in range(1, 12)]
    assert [d // timedelta(minutes=1) for d in delays] == [0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30]
    state = LoginState()
    for _ in range(5):
        state = state.after_failure(now, SOURCE_AND_ACCOUNT)
    assert state.wait(now) == timedelta(minutes=1) and state.is_locked(now)
    assert not state.is_locked(now + timedelta(minutes=1))
    later = now + SOURCE_AND_ACCOUNT.forget_after + timedelta(seconds=1)
    assert state.after_failure(later, SOURCE_AND_ACCOUNT).failures == 1  # forgotten after a day
    assert state.after_success() == LoginState()
