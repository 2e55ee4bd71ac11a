"""OAuth grants, lockout, second factor, revocation, key rotation, and the service refusing bad
tokens itself — over a real gRPC channel, with the clock injected (never slept)."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import base64
import json

import grpc
import jwt
import pytest
from google.rpc import error_details_pb2

from jlp.identity.v1 import identity_pb2
from jlp_common.errors import status_from_rpc_error, unpack_details
from jlp_identity.domain import totp

from .conftest import (
    ADMIN_PASSWORD,
    ADMIN_PHONE,
    CITIZEN_ID,
    CITIZEN_PASSWORD,
    CITIZEN_PHONE,
    FakeClock,
    Identity,
    identity_env,
    start_identity,
)


def reason(err: grpc.RpcError) -> str:
    return next((d.reason for d in unpack_details(status_from_rpc_error(err))
                 if isinstance(d, error_details_pb2.ErrorInfo)), "")


def refuse(fn, *args, **kw) -> grpc.RpcError:  # noqa: ANN001
    with pytest.raises(grpc.RpcError) as err:
        fn(*args, **kw)
    return err.value


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_password_grant_by_phone_or_id_number(identity: Identity) -> None:
    user = identity.register_citizen()
    for username in (CITIZEN_PHONE, CITIZEN_ID, CITIZEN_ID.lower()):
        reply = identity.password_grant(username, CITIZEN_PASSWORD)
        assert reply.token_type == "Bearer" and reply.expires_in == 900
        assert reply.refresh_token and "grid:case.report" in reply.scope.split()  # + other services' citizen actions
    c = claims(reply.access_token)
    assert c["sub"] == user.id and c["roles"] == ["citizen"] and "grid:case.report" in c["scope"].split()
    assert c["exp"] - c["iat"] == 900 and c["aud"] == "jlp" and c["acct"] == "CITIZEN"
    header = jwt.get_unverified_header(reply.access_token)
    assert header["alg"] == "EdDSA" and header["kid"]


def test_same_generic_error_for_unknown_user_and_wrong_password(identity: Identity) -> None:
    identity.register_citizen()
    wrong = refuse(identity.password_grant, CITIZEN_PHONE, "Wrong-Password-1")
    unknown = refuse(identity.password_grant, "13999999999", "Wrong-Password-1")
    assert wrong.code() == unknown.code() == grpc.StatusCode.UNAUTHENTICATED
    assert wrong.details() == unknown.details() and reason(wrong) == reason(unknown) == "INVALID_GRANT"


def test_five_failures_make_the_address_wait(identity: Identity) -> None:
    identity.register_citizen()
    for _ in range(5):
        assert reason(refuse(identity.password_grant, CITIZEN_PHONE, "Wrong-Password-1")) \
            == "INVALID_GRANT"
    locked = refuse(identity.password_grant, CITIZEN_PHONE, CITIZEN_PASSWORD)
    assert reason(locked) == "ACCOUNT_LOCKED" and "retry in 60 s" in locked.details()
    identity.clock.advance(seconds=59)
    assert reason(refuse(identity.password_grant, CITIZEN_ID, CITIZEN_PASSWORD)) == "ACCOUNT_LOCKED"
    identity.clock.advance(seconds=2)
    assert identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token


def test_unknown_names_are_locked_out_the_same_way(identity: Identity) -> None:
    for _ in range(5):
        refuse(identity.password_grant, "13999999999", "Wrong-Password-1")
    assert reason(refuse(identity.password_grant, "13999999999", "Wrong-Password-1")) \
        == "ACCOUNT_LOCKED"


def test_refresh_rotation_and_reuse_revokes_the_family(identity: Identity) -> None:
    identity.register_citizen()
    first = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)

    def refresh(token: str) -> identity_pb2.TokenResponse:
        return identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
            grant_type="refresh_token", refresh_token=token))

    second = refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token and second.access_token
    third = refresh(second.refresh_token)
    # The first token again: a copy is in use somewhere — the whole family dies.
    assert reason(refuse(refresh, first.refresh_token)) == "INVALID_GRANT"
    assert reason(refuse(refresh, third.refresh_token)) == "INVALID_GRANT"
    # A new sign-in starts a new, independent family.
    assert refresh(identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).refresh_token)


def test_staff_refresh_tokens_die_after_thirty_idle_minutes(identity: Identity) -> None:
    admin = identity.admin_token()
    identity.create_staff(admin, "13700000001", ["dept_staff"], password="Staff-Pass-2026")
    reply = identity.password_grant("13700000001", "Staff-Pass-2026")
    identity.clock.advance(minutes=29)
    reply = identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=reply.refresh_token))
    identity.clock.advance(minutes=31)
    err = refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=reply.refresh_token))
    assert reason(err) == "INVALID_GRANT" and "expired" in err.details()


def test_disabling_a_user_stops_refresh_and_access_at_once(identity: Identity) -> None:
    admin = identity.admin_token()
    user = identity.register_citizen()
    reply = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)
    identity.call("DisableUser", identity_pb2.DisableUserRequest(id=user.id, reason="test"), admin)
    assert reason(refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=reply.refresh_token))) == "INVALID_GRANT"
    err = refuse(identity.call, "GetMe", identity_pb2.GetMeRequest(), reply.access_token)
    assert err.code() == grpc.StatusCode.UNAUTHENTICATED and reason(err) == "TOKEN_REVOKED"
    assert reason(refuse(identity.password_grant, CITIZEN_PHONE, CITIZEN_PASSWORD)) \
        == "INVALID_GRANT"
    identity.call("EnableUser", identity_pb2.EnableUserRequest(id=user.id), admin)
    assert identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token


def test_privileged_sign_in_needs_a_valid_otp(identity: Identity) -> None:
    missing = refuse(identity.password_grant, ADMIN_PHONE, ADMIN_PASSWORD)
    assert missing.code() == grpc.StatusCode.UNAUTHENTICATED and reason(missing) == "MFA_REQUIRED"
    assert reason(refuse(identity.password_grant, ADMIN_PHONE, ADMIN_PASSWORD, "000000")) \
        == "MFA_REQUIRED"
    code = identity.admin_otp()
    reply = identity.password_grant(ADMIN_PHONE, ADMIN_PASSWORD, code)
    assert claims(reply.access_token)["amr"] == ["pwd", "otp"]
    assert "identity:staff.admin" in reply.scope
    # The same code twice is a replay.
    assert reason(refuse(identity.password_grant, ADMIN_PHONE, ADMIN_PASSWORD, code)) \
        == "MFA_REQUIRED"
    # A wrong password with a right code is still the generic error.
    assert reason(refuse(identity.password_grant, ADMIN_PHONE, "Nope-Nope-2026",
                         identity.admin_otp())) == "INVALID_GRANT"


def test_new_privileged_staff_must_enrol_before_getting_permissions(identity: Identity) -> None:
    admin = identity.admin_token()
    identity.create_staff(admin, "13700000009", ["auditor"], password="Auditor-Pass-2026")
    restricted = identity.password_grant("13700000009", "Auditor-Pass-2026")
    assert restricted.scope == "" and restricted.refresh_token == ""
    assert not restricted.password_change_required
    assert claims(restricted.access_token)["required_actions"] == ["enrol_totp"]
    denied = refuse(identity.call, "ListAuditRecords", identity_pb2.ListAuditRecordsRequest(),
                    restricted.access_token)
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    assert reason(denied) == "TOTP_ENROLMENT_REQUIRED"
    # Enrolment only: not even a password change before the second factor is there.
    assert reason(refuse(identity.call, "ChangePassword", identity_pb2.ChangePasswordRequest(
        current_password="Auditor-Pass-2026", new_password="Auditor-New-2026"),
        restricted.access_token)) == "TOTP_ENROLMENT_REQUIRED"
    enrolled = identity.call("EnrollTotp", identity_pb2.EnrollTotpRequest(),
                             restricted.access_token)
    assert enrolled.otpauth_uri.startswith("otpauth://totp/") and enrolled.secret
    # The label shown in the authenticator app (and synced to its cloud) is the masked phone.
    assert "13700000009" not in enrolled.otpauth_uri and "137%2A%2A%2A%2A0009" in \
        enrolled.otpauth_uri.replace("*", "%2A")
    assert refuse(identity.call, "EnrollTotp", identity_pb2.EnrollTotpRequest(),
                  restricted.access_token).code() == grpc.StatusCode.FAILED_PRECONDITION
    assert reason(refuse(identity.password_grant, "13700000009", "Auditor-Pass-2026")) \
        == "MFA_REQUIRED"
    full = identity.password_grant("13700000009", "Auditor-Pass-2026",
                                   totp.code_at(enrolled.secret, identity.clock()))
    assert "identity:audit.read" in full.scope
    assert identity.call("ListAuditRecords", identity_pb2.ListAuditRecordsRequest(page_size=5),
                         full.access_token).records
    # Lost authenticator: an administrator resets it and the auditor enrols again.
    auditor = identity.call("GetMe", identity_pb2.GetMeRequest(), full.access_token)
    reset = identity.call("ResetTotp", identity_pb2.ResetTotpRequest(id=auditor.id), admin)
    assert not reset.totp_enrolled
    again = identity.password_grant("13700000009", "Auditor-Pass-2026")
    assert again.scope == "" and identity.call("EnrollTotp", identity_pb2.EnrollTotpRequest(),
                                               again.access_token).secret


def test_client_credentials_and_disabling_a_client(identity: Identity) -> None:
    admin = identity.admin_token()
    client = identity.call("CreateClient", identity_pb2.CreateClientRequest(
        client=identity_pb2.Client(name="air station AQ-07", roles=["device"])), admin)
    assert client.client_id and client.client_secret
    listed = identity.call("ListClients", identity_pb2.ListClientsRequest(), admin)
    assert [c.client_id for c in listed.clients] == [client.client_id]
    assert listed.clients[0].client_secret == ""  # shown once only
    reply = identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="client_credentials", client_id=client.client_id,
        client_secret=client.client_secret))
    assert "environment:reading.write" in reply.scope.split() and not reply.refresh_token
    c = claims(reply.access_token)
    assert c["kind"] == "client" and c["sub"] == client.client_id and c["roles"] == ["device"]
    me = identity.call("GetMe", identity_pb2.GetMeRequest(), reply.access_token)
    assert me.kind == "CLIENT" and me.name == "air station AQ-07"
    assert reason(refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="client_credentials", client_id=client.client_id,
        client_secret="wrong"))) == "INVALID_CLIENT"
    identity.call("DisableClient", identity_pb2.DisableClientRequest(
        client_id=client.client_id), admin)
    assert reason(refuse(identity.call, "GetMe", identity_pb2.GetMeRequest(),
                         reply.access_token)) == "TOKEN_REVOKED"
    assert reason(refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="client_credentials", client_id=client.client_id,
        client_secret=client.client_secret))) == "INVALID_CLIENT"


def test_grant_errors(identity: Identity) -> None:
    assert reason(refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="authorization_code"))) == "UNSUPPORTED_GRANT_TYPE"
    assert reason(refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="password", username="x"))) == "INVALID_REQUEST"
    identity.register_citizen()
    assert reason(refuse(identity.password_grant, CITIZEN_PHONE, CITIZEN_PASSWORD,
                         scope="identity:audit.read")) == "INVALID_SCOPE"


def test_revocation(identity: Identity) -> None:
    identity.register_citizen()
    reply = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)
    identity.stub.RevokeToken(identity_pb2.RevokeTokenRequest(token=reply.refresh_token))
    assert reason(refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=reply.refresh_token))) == "INVALID_GRANT"
    identity.stub.RevokeToken(identity_pb2.RevokeTokenRequest(
        token=reply.access_token, token_type_hint="access_token"))
    assert reason(refuse(identity.call, "GetMe", identity_pb2.GetMeRequest(),
                         reply.access_token)) == "TOKEN_REVOKED"
    identity.stub.RevokeToken(identity_pb2.RevokeTokenRequest(token="unknown-token"))  # 200


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["scope"] = "identity:staff.admin identity:role.admin"
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    return ".".join((header, forged, signature))


def test_service_refuses_missing_tampered_and_expired_tokens(identity: Identity) -> None:
    identity.register_citizen()
    good = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    assert identity.call("GetMe", identity_pb2.GetMeRequest(), good).phone == "138****5678"
    missing = refuse(identity.call, "GetMe", identity_pb2.GetMeRequest())
    assert missing.code() == grpc.StatusCode.UNAUTHENTICATED
    forbidden = refuse(identity.call, "ListStaff", identity_pb2.ListStaffRequest(), good)
    assert forbidden.code() == grpc.StatusCode.PERMISSION_DENIED
    tampered = refuse(identity.call, "ListStaff", identity_pb2.ListStaffRequest(), _tamper(good))
    assert tampered.code() == grpc.StatusCode.UNAUTHENTICATED and reason(tampered) == "INVALID_TOKEN"
    identity.clock.advance(hours=-1)
    old = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    identity.clock.advance(hours=1)
    expired = refuse(identity.call, "GetMe", identity_pb2.GetMeRequest(), old)
    assert expired.code() == grpc.StatusCode.UNAUTHENTICATED and reason(expired) == "TOKEN_EXPIRED"
    foreign = jwt.encode({"sub": "x"}, "a-shared-secret-nobody-should-accept-32b", algorithm="HS256",
                         headers={"kid": jwt.get_unverified_header(good)["kid"]})
    assert refuse(identity.call, "GetMe", identity_pb2.GetMeRequest(), foreign).code() \
        == grpc.StatusCode.UNAUTHENTICATED


def test_key_rotation_keeps_retired_keys_published_until_their_tokens_expire() -> None:
    # Start as if the key had been installed a rotation period minus 10 s ago; access tokens
    # are minted with the injected clock and checked by PyJWT against real time, so the clock
    # only ever moves a few seconds around real time while tokens are verified.
    clock = FakeClock()
    clock.advance(days=-30, seconds=10)
    identity = start_identity(clock, identity_env(JLP_JWT_KEY_ROTATION_DAYS="30"), admin_ready=False)
    try:
        clock.advance(days=30, seconds=-10)
        identity.register_citizen()
        before = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
        clock.advance(seconds=15)
        after = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
        old_kid = jwt.get_unverified_header(before)["kid"]
        new_kid = jwt.get_unverified_header(after)["kid"]
        assert new_kid != old_kid
        kids = [k.kid for k in identity.stub.GetJwks(identity_pb2.GetJwksRequest()).keys]
        assert kids == [new_kid, old_kid]
        for token in (before, after):  # both verify, the old one with the retired key
            assert identity.call("GetMe", identity_pb2.GetMeRequest(), token).id
        clock.advance(minutes=17)  # the last token of the old key has expired
        kids = [k.kid for k in identity.stub.GetJwks(identity_pb2.GetJwksRequest()).keys]
        assert kids == [new_kid]
    finally:
        identity.channel.close()
        identity.app.stop(0)


def test_password_change_enforces_history(identity: Identity) -> None:
    identity.register_citizen()
    token = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    current = CITIZEN_PASSWORD
    for n in range(1, 5):
        new = f"Jiulongpo-{n}-pw"
        identity.call("ChangePassword", identity_pb2.ChangePasswordRequest(
            current_password=current, new_password=new), token)
        current = new
    # Passwords in use: original, 1, 2, 3, 4 — the last five: none may come back.
    for old in (CITIZEN_PASSWORD, "Jiulongpo-2-pw", current):
        err = refuse(identity.call, "ChangePassword", identity_pb2.ChangePasswordRequest(
            current_password=current, new_password=old), token)
        assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and "last 5" in err.details()
    identity.call("ChangePassword", identity_pb2.ChangePasswordRequest(
        current_password=current, new_password="Jiulongpo-5-pw"), token)
    identity.call("ChangePassword", identity_pb2.ChangePasswordRequest(
        current_password="Jiulongpo-5-pw", new_password=CITIZEN_PASSWORD), token)
    assert identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token


def test_wrong_current_passwords_count_towards_the_lockout(identity: Identity) -> None:
    """A stolen access token must not allow unlimited guesses of the password through
    ChangePassword: its failures delay the address like failed sign-ins."""
    identity.register_citizen()
    token = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    for n in range(5):
        err = refuse(identity.call, "ChangePassword", identity_pb2.ChangePasswordRequest(
            current_password=f"Guess-{n}-Password", new_password="Jiulongpo-9-pw"), token)
        assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    locked = refuse(identity.call, "ChangePassword", identity_pb2.ChangePasswordRequest(
        current_password=CITIZEN_PASSWORD, new_password="Jiulongpo-9-pw"), token)
    assert locked.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert reason(refuse(identity.password_grant, CITIZEN_PHONE, CITIZEN_PASSWORD)) \
        == "ACCOUNT_LOCKED"
    identity.clock.advance(minutes=16)
    assert identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
