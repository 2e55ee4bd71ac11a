"""MLPS 2.0: an account an administrator created must change its initial password at the first
sign-in; until then its token allows only that (and enrolling a second factor when due)."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import grpc

from jlp.identity.v1 import identity_pb2
from jlp_identity.audit_log import AuditQuery
from jlp_identity.domain import totp
from jlp_identity.models import UserDoc

from .conftest import INITIAL_PASSWORD, Identity
from .test_service_tokens import claims, reason, refuse

PHONE = "13700000021"
OWN_PASSWORD = "Own-Choice-2026"


def change(identity: Identity, token: str, current: str, new: str) -> None:
    identity.call("ChangePassword", identity_pb2.ChangePasswordRequest(
        current_password=current, new_password=new), token)


def test_initial_password_must_be_changed_before_anything_else(identity: Identity) -> None:
    admin = identity.admin_token()
    assert not identity.call("GetMe", identity_pb2.GetMeRequest(), admin).password_change_required
    created = identity.create_staff(admin, PHONE, ["grid_worker"], password=INITIAL_PASSWORD,
                                    first_sign_in=False)
    assert created.password_change_required  # the administrator sees it too
    first = identity.password_grant(PHONE, INITIAL_PASSWORD, scope="grid:case.read")
    assert first.password_change_required and first.scope == "" and first.refresh_token == ""
    token_claims = claims(first.access_token)
    assert token_claims["required_actions"] == ["change_password"]
    assert token_claims["roles"] == [] and token_claims["scope"] == ""
    me = identity.call("GetMe", identity_pb2.GetMeRequest(), first.access_token)
    assert me.id == created.id and me.password_change_required
    # Anything else: 403 with a reason that says what to do.
    for method, request in (("ListDepartments", identity_pb2.ListDepartmentsRequest()),
                            ("GetUser", identity_pb2.GetUserRequest(id=created.id)),
                            ("EnrollTotp", identity_pb2.EnrollTotpRequest())):
        err = refuse(identity.call, method, request, first.access_token)
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED, method
        assert reason(err) == "PASSWORD_CHANGE_REQUIRED", method
    # Policy and history apply: the new password must differ from the initial one.
    same = refuse(change, identity, first.access_token, INITIAL_PASSWORD, INITIAL_PASSWORD)
    assert same.code() == grpc.StatusCode.INVALID_ARGUMENT and "last 5" in same.details()
    weak = refuse(change, identity, first.access_token, INITIAL_PASSWORD, "password")
    assert weak.code() == grpc.StatusCode.INVALID_ARGUMENT
    change(identity, first.access_token, INITIAL_PASSWORD, OWN_PASSWORD)
    # The restricted token has served its purpose; the initial password no longer works.
    spent = refuse(identity.call, "GetMe", identity_pb2.GetMeRequest(), first.access_token)
    assert spent.code() == grpc.StatusCode.UNAUTHENTICATED
    assert reason(refuse(identity.password_grant, PHONE, INITIAL_PASSWORD)) == "INVALID_GRANT"
    full = identity.password_grant(PHONE, OWN_PASSWORD)
    assert not full.password_change_required and full.refresh_token
    assert "grid:case.read" in full.scope and "required_actions" not in claims(full.access_token)
    assert identity.call("ListDepartments", identity_pb2.ListDepartmentsRequest(),
                         full.access_token).departments
    assert not identity.call("GetMe", identity_pb2.GetMeRequest(),
                             full.access_token).password_change_required
    # Audited: the creation with the flag, the restricted sign-in and token, the change.
    audit = identity.app.parts.audit

    def details(action: str) -> list[dict[str, str]]:
        return [dict(r.details) for r in audit.list(AuditQuery(action=action), 50, "")[0]
                if r.object.endswith(created.id) or r.actor == created.id]

    assert details("staff_created")[0]["password_change_required"] == "true"
    assert {"change_password", ""} <= {d.get("restricted", "") for d in details("login")}
    assert any(d.get("restricted") == "change_password" for d in details("token_issued"))
    assert [d.get("initial") for d in details("password_changed")] == ["true"]


def test_privileged_staff_change_the_password_and_enrol_a_second_factor(
        identity: Identity) -> None:
    admin = identity.admin_token()
    identity.create_staff(admin, PHONE, ["dept_admin"], department="bureau-ecology-environment",
                          password=INITIAL_PASSWORD, first_sign_in=False)
    first = identity.password_grant(PHONE, INITIAL_PASSWORD)
    assert claims(first.access_token)["required_actions"] == ["change_password", "enrol_totp"]
    # Both are due: either may come first. The password first ends this token...
    change(identity, first.access_token, INITIAL_PASSWORD, OWN_PASSWORD)
    assert refuse(identity.call, "EnrollTotp", identity_pb2.EnrollTotpRequest(),
                  first.access_token).code() == grpc.StatusCode.UNAUTHENTICATED
    # ... and the next sign-in still only enrols the second factor.
    second = identity.password_grant(PHONE, OWN_PASSWORD)
    assert not second.password_change_required and second.scope == ""
    secret = identity.call("EnrollTotp", identity_pb2.EnrollTotpRequest(),
                           second.access_token).secret
    full = identity.password_grant(PHONE, OWN_PASSWORD, totp.code_at(secret, identity.clock()))
    assert "environment:rule.admin" in full.scope and full.refresh_token


def test_a_stale_restricted_token_cannot_enrol_after_the_owner_changed_the_password(
        identity: Identity) -> None:
    """Whoever knew the initial password (the administrator) keeps nothing once the owner has
    changed it: not even the right to put their own authenticator on the account."""
    admin = identity.admin_token()
    identity.create_staff(admin, PHONE, ["auditor"], password=INITIAL_PASSWORD,
                          first_sign_in=False)
    someone_else = identity.password_grant(PHONE, INITIAL_PASSWORD).access_token
    owner = identity.password_grant(PHONE, INITIAL_PASSWORD).access_token
    change(identity, owner, INITIAL_PASSWORD, OWN_PASSWORD)
    err = refuse(identity.call, "EnrollTotp", identity_pb2.EnrollTotpRequest(), someone_else)
    assert err.code() == grpc.StatusCode.UNAUTHENTICATED


def test_sessions_of_an_account_flagged_again_cannot_be_refreshed(identity: Identity) -> None:
    """An administrator's password reset (none exists yet) must set the flag; refresh tokens of
    the account then stop working, so the owner signs in and changes the password."""
    admin = identity.admin_token()
    user = identity.create_staff(admin, PHONE, ["grid_worker"], password=OWN_PASSWORD)
    session = identity.password_grant(PHONE, OWN_PASSWORD)
    UserDoc.objects(id=user.id).update_one(set__password_change_required=True)
    err = refuse(identity.stub.IssueToken, identity_pb2.IssueTokenRequest(
        grant_type="refresh_token", refresh_token=session.refresh_token), timeout=10)
    assert reason(err) == "INVALID_GRANT"
    assert identity.password_grant(PHONE, OWN_PASSWORD).password_change_required
