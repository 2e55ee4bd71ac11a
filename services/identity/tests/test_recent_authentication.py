"""Changing the password and enrolling a second factor need a recent sign-in (docs/adr/0035):
a session kept alive with refresh tokens — which a thief of one has — is not enough."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import jwt
import pytest

from jlp.identity.v1 import identity_pb2
from jlp_identity.domain.tokens import (
    REAUTHENTICATION_REQUIRED,
    REAUTHENTICATION_WINDOW,
    recently_authenticated,
)

from .conftest import CITIZEN_PASSWORD, CITIZEN_PHONE, Identity


def refused_reason(err: grpc.RpcError) -> str:
    from grpc_status import rpc_status

    status = rpc_status.from_call(err)
    for detail in status.details if status else ():
        from google.rpc import error_details_pb2

        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return ""


def old_session(identity: Identity) -> str:
    """An access token from a refresh of a sign-in made 11 minutes ago."""
    identity.clock.advance(minutes=-11)
    signed_in = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)
    identity.clock.advance(minutes=11)
    refreshed = identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=signed_in.refresh_token), timeout=10)
    return refreshed.access_token


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_refreshes_keep_the_time_of_the_sign_in(identity: Identity) -> None:
    identity.register_citizen()
    before = int(identity.clock().timestamp())
    signed_in = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)
    assert claims_of(signed_in.access_token)["auth_time"] >= before
    identity.clock.advance(minutes=5)
    refreshed = identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=signed_in.refresh_token), timeout=10)
    assert claims_of(refreshed.access_token)["auth_time"] == \
        claims_of(signed_in.access_token)["auth_time"]


def test_a_refreshed_session_cannot_enrol_a_second_factor(identity: Identity) -> None:
    identity.register_citizen()
    with pytest.raises(grpc.RpcError) as err:
        identity.call("EnrollTotp", identity_pb2.EnrollTotpRequest(), old_session(identity))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert refused_reason(err.value) == REAUTHENTICATION_REQUIRED
    fresh = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    assert identity.call("EnrollTotp", identity_pb2.EnrollTotpRequest(), fresh).secret


def test_a_refreshed_session_cannot_change_the_password(identity: Identity) -> None:
    identity.register_citizen()
    change = identity_pb2.ChangePasswordRequest(current_password=CITIZEN_PASSWORD,
                                                new_password="Another-Pass-2027")
    with pytest.raises(grpc.RpcError) as err:
        identity.call("ChangePassword", change, old_session(identity))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert refused_reason(err.value) == REAUTHENTICATION_REQUIRED
    fresh = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    identity.call("ChangePassword", change, fresh)
    assert identity.password_grant(CITIZEN_PHONE, "Another-Pass-2027").access_token


def test_recent_means_within_the_window() -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    at = int(now.timestamp())
    assert recently_authenticated({"auth_time": at}, now)
    assert recently_authenticated({"auth_time": at}, now + REAUTHENTICATION_WINDOW)
    assert not recently_authenticated({"auth_time": at},
                                      now + REAUTHENTICATION_WINDOW + timedelta(seconds=1))
    assert not recently_authenticated({}, now)  # tokens from before the claim existed
    assert not recently_authenticated({"auth_time": "yesterday"}, now)
    assert not recently_authenticated({"auth_time": at + 3600}, now)  # from the future
