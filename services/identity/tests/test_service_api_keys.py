"""API keys (an OAuth client's secret presented without its client id, as Open311 GeoReport v2
sends `api_key`) and client secret rotation, over a real gRPC channel."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import grpc
import jwt

from jlp.identity.v1 import identity_pb2
from jlp_identity.models import AuditRecordDoc, ClientDoc

from .conftest import Identity
from .test_service_tokens import reason, refuse


def new_client(identity: Identity, admin: str, *roles: str) -> identity_pb2.Client:
    return identity.call("CreateClient", identity_pb2.CreateClientRequest(
        client=identity_pb2.Client(name=f"{'+'.join(roles)} client", roles=list(roles))), admin)


def by_key(identity: Identity, api_key: str, scope: str = "") -> identity_pb2.TokenResponse:
    """client_credentials with the secret alone (no client_id)."""
    return identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="client_credentials", client_secret=api_key, scope=scope), timeout=10)


def with_id(identity: Identity, client_id: str, secret: str) -> identity_pb2.TokenResponse:
    return identity.stub.IssueToken(identity_pb2.IssueTokenRequest(
        grant_type="client_credentials", client_id=client_id, client_secret=secret), timeout=10)


def test_open311_app_secret_alone_gives_a_token_and_other_secrets_are_refused(
        identity: Identity) -> None:
    admin = identity.admin_token()
    app = new_client(identity, admin, "open311_app")
    device = new_client(identity, admin, "device")
    mixed = new_client(identity, admin, "open311_app", "service")

    reply = by_key(identity, app.client_secret, scope="grid:case.report")
    assert reply.scope == "grid:case.report" and not reply.refresh_token
    claims = jwt.decode(reply.access_token, options={"verify_signature": False})
    assert claims["sub"] == app.client_id and claims["kind"] == "client"
    assert claims["roles"] == ["open311_app"] and claims["scope"] == "grid:case.report"
    issued = AuditRecordDoc.objects(action="token_issued", actor=app.client_id).first()
    assert issued.details == {"grant": "client_credentials", "client_auth": "api_key"}

    # Wrong key, a device's or a mixed client's secret alone, empty: all invalid_client.
    for key in ("not-a-secret-of-ours", device.client_secret, mixed.client_secret, "x" * 300):
        assert reason(refuse(by_key, identity, key)) == "INVALID_CLIENT"
    assert reason(refuse(by_key, identity, "")) == "INVALID_CLIENT"
    failures = AuditRecordDoc.objects(action="client_auth", result="failed")
    assert {(r.actor, r.details["why"]) for r in failures} == {
        ("client:", "unknown"), (f"client:{device.client_id}", "role_not_allowed"),
        (f"client:{mixed.client_id}", "role_not_allowed")}
    assert all(device.client_secret not in str(r.to_mongo()) for r in failures)

    # The device still authenticates with its id, and the app may name itself too.
    assert "environment:reading.write" in \
        with_id(identity, device.client_id, device.client_secret).scope.split()  # + other services' device actions
    assert with_id(identity, app.client_id, app.client_secret).scope == "grid:case.report"
    # A scope the client does not hold is invalid_scope, as with the id.
    assert reason(refuse(by_key, identity, app.client_secret,
                         scope="environment:reading.write")) == "INVALID_SCOPE"

    identity.call("DisableClient", identity_pb2.DisableClientRequest(
        client_id=app.client_id), admin)
    assert reason(refuse(by_key, identity, app.client_secret)) == "INVALID_CLIENT"


def test_client_registered_before_api_keys_works_by_its_stored_digest(
        identity: Identity) -> None:
    """Clients store an unsalted SHA-256 of the secret, the look-up key itself: a client
    created before API keys existed needs no migration (its document is unchanged)."""
    admin = identity.admin_token()
    app = new_client(identity, admin, "open311_app")
    stored = ClientDoc.objects(id=app.client_id).first().to_mongo().to_dict()
    assert set(stored) == {"_id", "name", "roles", "secret_digest", "disabled", "creator",
                           "create_time", "update_time"}
    assert by_key(identity, app.client_secret).scope == "grid:case.report"


def test_rotating_a_client_secret(identity: Identity) -> None:
    admin = identity.admin_token()
    app = new_client(identity, admin, "open311_app")
    rotated = identity.call("RotateClientSecret", identity_pb2.RotateClientSecretRequest(
        client_id=app.client_id), admin)
    assert rotated.client_id == app.client_id and rotated.roles == ["open311_app"]
    assert rotated.HasField("client_secret") and rotated.client_secret != app.client_secret
    listed = identity.call("ListClients", identity_pb2.ListClientsRequest(), admin)
    assert [c.HasField("client_secret") for c in listed.clients] == [False]  # shown once

    assert reason(refuse(by_key, identity, app.client_secret)) == "INVALID_CLIENT"
    assert reason(refuse(with_id, identity, app.client_id, app.client_secret)) == \
        "INVALID_CLIENT"
    assert by_key(identity, rotated.client_secret).scope == "grid:case.report"
    token = with_id(identity, app.client_id, rotated.client_secret).access_token

    record = AuditRecordDoc.objects(action="client_secret_rotated").first()
    assert record.object == f"clients/{app.client_id}" and record.result == "ok"
    assert rotated.client_secret not in str(record.to_mongo())

    # Only client administrators rotate; unknown and disabled clients are refused.
    denied = refuse(identity.call, "RotateClientSecret", identity_pb2.RotateClientSecretRequest(
        client_id=app.client_id), token)
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    missing = refuse(identity.call, "RotateClientSecret", identity_pb2.RotateClientSecretRequest(
        client_id="cl_unknown"), admin)
    assert missing.code() == grpc.StatusCode.NOT_FOUND
    identity.call("DisableClient", identity_pb2.DisableClientRequest(
        client_id=app.client_id), admin)
    disabled = refuse(identity.call, "RotateClientSecret",
                      identity_pb2.RotateClientSecretRequest(client_id=app.client_id), admin)
    assert disabled.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert reason(disabled) == "CLIENT_DISABLED"
