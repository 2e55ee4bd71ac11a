"""Identity through the real gateway app (Flask test client, or a real HTTP server for
third-party OAuth 2.0 and JWT libraries), with identity running on a real gRPC port."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator

import jwt
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient
from requests_oauthlib import OAuth2Session
from werkzeug.serving import make_server

from jlp.identity.v1 import identity_pb2
from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_identity.domain import totp

from .conftest import (
    ADMIN_PASSWORD,
    ADMIN_PHONE,
    CITIZEN_PASSWORD,
    CITIZEN_PHONE,
    INITIAL_PASSWORD,
    Identity,
)

PROBLEM = "application/problem+json"
CITIZEN = {"kind": "CITIZEN", "name": "张三", "idNumber": "50010719980517004X",
           "phone": CITIZEN_PHONE, "password": CITIZEN_PASSWORD}


@pytest.fixture
def gateway(identity: Identity) -> Flask:
    settings = Settings.from_env("gateway", {"JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING"})
    return create_app(settings, services=[(identity_pb2, identity.target)],
                      configured=False)


@pytest.fixture
def http(gateway: Flask) -> FlaskClient:
    return gateway.test_client()


@pytest.fixture
def server(gateway: Flask) -> Iterator[str]:
    """The gateway on a real HTTP port, for libraries that speak HTTP themselves."""
    srv = make_server("127.0.0.1", 0, gateway, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(5)


def token(http: FlaskClient, **form: str) -> dict:
    resp = http.post("/api/v1/auth/token", data=form)
    assert resp.status_code == 200, resp.get_json()
    assert resp.headers["Cache-Control"] == "no-store"
    return resp.get_json()


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def admin_access(identity: Identity, http: FlaskClient) -> str:
    return token(http, grant_type="password", username=ADMIN_PHONE, password=ADMIN_PASSWORD,
                 otp=identity.admin_otp())["access_token"]


# --- register → token → me ------------------------------------------------------------------
def test_register_token_me_with_numbers_masked(http: FlaskClient) -> None:
    created = http.post("/api/v1/auth/register", json=CITIZEN)
    # Register is an annotated RPC (not an AIP-133 Create): the transcoder answers 200.
    assert created.status_code == 200 and created.mimetype == "application/json"
    user = created.get_json()
    assert user["id"] and user["kind"] == "CITIZEN"
    assert user["idNumber"] == "500107********004X" and user["phone"] == "138****5678"
    assert user["name"] == "张*" and user["masked"]  # like the numbers: masked to anyone
    issued = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    assert issued["token_type"] == "Bearer" and issued["expires_in"] == 900
    assert issued["refresh_token"] and "grid:case.report" in issued["scope"].split()
    me = http.get("/api/v1/me", headers=bearer(issued["access_token"]))
    assert me.status_code == 200
    body = me.get_json()
    # The caller's own name is theirs: in clear; their numbers stay masked.
    assert body["id"] == user["id"] and body["name"] == "张三" and body["roles"] == ["citizen"]
    assert body["idNumber"] == "500107********004X" and body["phone"] == "138****5678"
    json_body = http.post("/api/v1/auth/token", json={
        "grant_type": "password", "username": "50010719980517004x", "password": CITIZEN_PASSWORD})
    assert json_body.status_code == 200 and json_body.get_json()["access_token"]


def test_registration_errors_name_the_field(http: FlaskClient) -> None:
    bad = http.post("/api/v1/auth/register", json={**CITIZEN, "idNumber": "500107200001010009"})
    assert bad.status_code == 400 and bad.mimetype == PROBLEM
    assert [e["field"] for e in bad.get_json()["errors"]] == ["idNumber"]
    weak = http.post("/api/v1/auth/register", json={**CITIZEN, "password": "password"})
    assert weak.status_code == 400
    assert {e["field"] for e in weak.get_json()["errors"]} == {"password"}
    enterprise = http.post("/api/v1/auth/register", json={
        "kind": "ENTERPRISE", "name": "重庆示例", "creditCode": "91500107MA5U00003H",
        "legalRepresentative": "李四", "phone": "13912345678", "password": "Enterprise-2026"})
    assert enterprise.status_code == 400
    assert enterprise.get_json()["errors"][0]["field"] == "creditCode"
    assert http.post("/api/v1/auth/register", json=CITIZEN).status_code == 200
    duplicate = http.post("/api/v1/auth/register", json={**CITIZEN, "phone": "13900000001"})
    assert duplicate.status_code == 409 and duplicate.mimetype == PROBLEM
    assert http.post("/api/v1/auth/register", json={**CITIZEN, "unknown": 1}).status_code == 400


# --- token endpoint errors (RFC 6749 §5.2) --------------------------------------------------
def test_token_endpoint_errors(http: FlaskClient) -> None:
    http.post("/api/v1/auth/register", json=CITIZEN)
    wrong = http.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": CITIZEN_PHONE, "password": "Wrong-Password-1"})
    unknown = http.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": "13999999999", "password": "Wrong-Password-1"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.get_json() == unknown.get_json()
    assert wrong.get_json()["error"] == "invalid_grant"
    assert wrong.headers["Cache-Control"] == "no-store"
    unsupported = http.post("/api/v1/auth/token", data={"grant_type": "implicit"})
    assert (unsupported.status_code, unsupported.get_json()["error"]) == \
        (400, "unsupported_grant_type")
    missing = http.post("/api/v1/auth/token", data={})
    assert (missing.status_code, missing.get_json()["error"]) == (400, "invalid_request")
    repeated = http.post("/api/v1/auth/token",
                         data="grant_type=password&grant_type=password",
                         content_type="application/x-www-form-urlencoded")
    assert repeated.get_json()["error"] == "invalid_request"
    basic = base64.b64encode(b"cl_nope:wrong").decode()
    bad_client = http.post("/api/v1/auth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": f"Basic {basic}"})
    assert (bad_client.status_code, bad_client.get_json()["error"]) == (401, "invalid_client")
    assert bad_client.headers["WWW-Authenticate"].startswith("Basic")


def test_sysadmin_without_valid_otp_gets_mfa_required(identity: Identity,
                                                       http: FlaskClient) -> None:
    for otp in (None, "000000"):
        form = {"grant_type": "password", "username": ADMIN_PHONE, "password": ADMIN_PASSWORD}
        if otp:
            form["otp"] = otp
        resp = http.post("/api/v1/auth/token", data=form)
        assert resp.status_code == 401
        assert resp.get_json()["error"] == "mfa_required"
        assert resp.headers["Cache-Control"] == "no-store"
    issued = token(http, grant_type="password", username=ADMIN_PHONE, password=ADMIN_PASSWORD,
                   otp=identity.admin_otp())
    assert "identity:client.admin" in issued["scope"].split()


# --- refresh and revocation -----------------------------------------------------------------
def test_refresh_rotation_and_reuse_through_the_gateway(http: FlaskClient) -> None:
    http.post("/api/v1/auth/register", json=CITIZEN)
    first = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    second = token(http, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert second["refresh_token"] != first["refresh_token"]
    reuse = http.post("/api/v1/auth/token", data={"grant_type": "refresh_token",
                                                  "refresh_token": first["refresh_token"]})
    assert (reuse.status_code, reuse.get_json()["error"]) == (400, "invalid_grant")
    dead = http.post("/api/v1/auth/token", data={"grant_type": "refresh_token",
                                                 "refresh_token": second["refresh_token"]})
    assert dead.get_json()["error"] == "invalid_grant"


def test_revocation_endpoint(http: FlaskClient) -> None:
    http.post("/api/v1/auth/register", json=CITIZEN)
    issued = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    resp = http.post("/api/v1/auth/revoke", data={"token": issued["refresh_token"],
                                                  "token_type_hint": "refresh_token"})
    assert resp.status_code == 200
    assert http.post("/api/v1/auth/revoke", data={"token": "never-issued"}).status_code == 200
    assert http.post("/api/v1/auth/revoke", data={}).get_json()["error"] == "invalid_request"
    again = http.post("/api/v1/auth/token", data={"grant_type": "refresh_token",
                                                  "refresh_token": issued["refresh_token"]})
    assert again.get_json()["error"] == "invalid_grant"


# --- 401 / 403 problem+json, tampered and expired tokens ------------------------------------
def test_missing_token_401_and_missing_scope_403(http: FlaskClient) -> None:
    missing = http.get("/api/v1/me")
    assert missing.status_code == 401 and missing.mimetype == PROBLEM
    http.post("/api/v1/auth/register", json=CITIZEN)
    issued = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    forbidden = http.get("/api/v1/staff", headers=bearer(issued["access_token"]))
    assert forbidden.status_code == 403 and forbidden.mimetype == PROBLEM
    assert http.get("/api/v1/audit", headers=bearer(issued["access_token"])).status_code == 403


def _tamper(access_token: str) -> str:
    header, payload, signature = access_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["scope"] += " identity:audit.read"
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{signature}"


def test_gateway_refuses_tampered_and_expired_tokens(identity: Identity,
                                                     http: FlaskClient) -> None:
    http.post("/api/v1/auth/register", json=CITIZEN)
    issued = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    tampered = http.get("/api/v1/audit", headers=bearer(_tamper(issued["access_token"])))
    assert tampered.status_code == 401 and tampered.mimetype == PROBLEM
    identity.clock.advance(hours=-1)
    old = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    identity.clock.advance(hours=1)
    expired = http.get("/api/v1/me", headers=bearer(old["access_token"]))
    assert expired.status_code == 401 and expired.mimetype == PROBLEM
    assert "expired" in expired.get_json()["detail"]


# --- restricted tokens ----------------------------------------------------------------------
def test_restricted_tokens_reach_only_the_routes_that_complete_their_actions(
        identity: Identity, http: FlaskClient) -> None:
    admin = identity.admin_token()
    identity.create_staff(admin, "13700000031", ["grid_worker"], password=INITIAL_PASSWORD,
                          first_sign_in=False)
    first = token(http, grant_type="password", username="13700000031", password=INITIAL_PASSWORD)
    assert first["password_change_required"] is True
    restricted = bearer(first["access_token"])
    # Identity refuses it everything but the set-up (the other services: see
    # test_restricted_tokens_everywhere.py); the gateway only passes the verified token on.
    for method, path in (("GET", "/api/v1/departments"), ("GET", "/api/v1/staff"),
                         ("POST", "/api/v1/clients")):
        denied = http.open(path, method=method, headers=restricted, json={})
        assert denied.status_code == 403 and denied.mimetype == PROBLEM, path
        assert denied.get_json()["reason"] == "PASSWORD_CHANGE_REQUIRED", path
    assert http.get("/api/v1/me", headers=restricted).status_code == 200
    # Not due for a grid worker: the route is open, identity refuses.
    enrol = http.post("/api/v1/me:enrollTotp", headers=restricted, json={})
    assert enrol.status_code == 403 and enrol.get_json()["reason"] == "PASSWORD_CHANGE_REQUIRED"
    assert http.get("/.well-known/jwks.json", headers=restricted).status_code == 200
    changed = http.post("/api/v1/me:changePassword", headers=restricted, json={
        "currentPassword": INITIAL_PASSWORD, "newPassword": "Own-Choice-2026"})
    assert changed.status_code == 200
    assert http.get("/api/v1/me", headers=restricted).status_code == 401  # spent
    full = token(http, grant_type="password", username="13700000031", password="Own-Choice-2026")
    assert "password_change_required" not in full
    assert http.get("/api/v1/departments", headers=bearer(full["access_token"])).status_code \
        == 200


def test_enrolment_only_tokens_are_told_to_enrol(identity: Identity, http: FlaskClient) -> None:
    admin = identity.admin_token()
    identity.create_staff(admin, "13700000032", ["auditor"], password="Auditor-Pass-2026")
    enrol_only = token(http, grant_type="password", username="13700000032",
                       password="Auditor-Pass-2026")
    assert "password_change_required" not in enrol_only and enrol_only["scope"] == ""
    denied = http.get("/api/v1/audit", headers=bearer(enrol_only["access_token"]))
    assert denied.status_code == 403 and denied.get_json()["reason"] == "TOTP_ENROLMENT_REQUIRED"


# --- admin routes from annotations ----------------------------------------------------------
def test_clients_staff_and_audit_through_generated_routes(identity: Identity,
                                                          http: FlaskClient) -> None:
    admin = admin_access(identity, http)
    created = http.post("/api/v1/clients", json={"name": "noise sensor N-3", "roles": ["device"]},
                        headers=bearer(admin))
    assert created.status_code == 201
    client = created.get_json()
    assert client["clientId"] and client["clientSecret"]
    listed = http.get("/api/v1/clients", headers=bearer(admin)).get_json()
    assert [c["clientId"] for c in listed["clients"]] == [client["clientId"]]
    assert "clientSecret" not in listed["clients"][0]
    staff = http.post("/api/v1/staff", json={
        "user": {"name": "李四", "phone": "13700000001", "department": "500107001",
                 "roles": ["auditor"]}, "password": "Auditor-Pass-2026"}, headers=bearer(admin))
    assert staff.status_code == 201 and staff.get_json()["phone"] == "137****0001"
    assert staff.get_json()["passwordChangeRequired"] is True
    # First sign-in: a token for changing the initial password (and enrolling the second
    # factor an auditor needs), nothing else.
    first = token(http, grant_type="password", username="13700000001",
                  password="Auditor-Pass-2026")
    assert first["password_change_required"] is True and first["scope"] == ""
    assert "refresh_token" not in first
    restricted = bearer(first["access_token"])
    me = http.get("/api/v1/me", headers=restricted)
    assert me.status_code == 200 and me.get_json()["passwordChangeRequired"] is True
    denied = http.get("/api/v1/audit", headers=restricted)
    assert denied.status_code == 403 and denied.get_json()["reason"] == "PASSWORD_CHANGE_REQUIRED"
    enrolled = http.post("/api/v1/me:enrollTotp", json={}, headers=restricted)
    assert enrolled.status_code == 200 and enrolled.get_json()["otpauthUri"]
    changed = http.post("/api/v1/me:changePassword", headers=restricted, json={
        "currentPassword": "Auditor-Pass-2026", "newPassword": "Auditor-Own-2026"})
    assert changed.status_code == 200
    auditor = token(http, grant_type="password", username="13700000001",
                    password="Auditor-Own-2026",
                    otp=totp.code_at(enrolled.get_json()["secret"], identity.clock()))
    assert "password_change_required" not in auditor and auditor["refresh_token"]
    audit = http.get("/api/v1/audit?action=client_created", headers=bearer(auditor["access_token"]))
    assert audit.status_code == 200
    records = audit.get_json()["records"]
    assert len(records) == 1 and records[0]["object"] == f"clients/{client['clientId']}"
    since, actor = records[0]["time"], records[0]["actor"]
    recent = http.get(f"/api/v1/audit?startTime={since}&actor={actor}",
                      headers=bearer(auditor["access_token"]))
    assert recent.status_code == 200
    recent_records = recent.get_json()["records"]
    assert records[0] in recent_records
    assert all(r["time"] >= since and r["actor"] == actor for r in recent_records)
    assert http.get("/api/v1/audit", headers=bearer(admin)).status_code == 403
    verify = http.get("/api/v1/audit:verify", headers=bearer(auditor["access_token"]))
    assert verify.status_code == 200 and verify.get_json()["ok"] is True
    departments = http.get("/api/v1/departments?kind=SUBDISTRICT", headers=bearer(admin))
    assert len(departments.get_json()["departments"]) == 9


# --- third-party libraries over real HTTP ---------------------------------------------------
def test_oauth2_library_gets_tokens_and_jwt_library_verifies_them(
        identity: Identity, server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on localhost only
    discovery = requests.get(f"{server}/.well-known/openid-configuration", timeout=10).json()
    assert discovery["token_endpoint"] == f"{server}/api/v1/auth/token"
    assert set(discovery["grant_types_supported"]) >= {"password", "client_credentials",
                                                       "refresh_token"}
    requests.post(f"{server}/api/v1/auth/register", json=CITIZEN, timeout=10).raise_for_status()

    password_session = OAuth2Session(client=LegacyApplicationClient(client_id="jlp-web"))
    user_token = password_session.fetch_token(discovery["token_endpoint"],
                                              username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    assert user_token["token_type"] == "Bearer" and user_token["refresh_token"]
    me = password_session.get(f"{server}/api/v1/me", timeout=10)
    assert me.status_code == 200 and me.json()["phone"] == "138****5678"

    admin_session = OAuth2Session(client=LegacyApplicationClient(client_id="jlp-console"))
    admin_session.fetch_token(discovery["token_endpoint"], username=ADMIN_PHONE,
                              password=ADMIN_PASSWORD, otp=identity.admin_otp())
    client = admin_session.post(f"{server}/api/v1/clients", timeout=10,
                                json={"name": "open311 app", "roles": ["open311_app"]}).json()
    app_session = OAuth2Session(client=BackendApplicationClient(client_id=client["clientId"]))
    app_token = app_session.fetch_token(discovery["token_endpoint"],
                                        client_id=client["clientId"],
                                        client_secret=client["clientSecret"])
    assert app_token["scope"] == ["grid:case.report"] and "refresh_token" not in app_token

    jwks_client = jwt.PyJWKClient(discovery["jwks_uri"])
    for access_token in (user_token["access_token"], app_token["access_token"]):
        key = jwks_client.get_signing_key_from_jwt(access_token)
        claims = jwt.decode(access_token, key.key, algorithms=["EdDSA", "ES256"],
                            audience="jlp", issuer=discovery["issuer"])
        assert claims["sub"] and claims["exp"] - claims["iat"] == 900
    assert jwt.decode(app_token["access_token"],
                      jwks_client.get_signing_key_from_jwt(app_token["access_token"]).key,
                      algorithms=["EdDSA"], audience="jlp")["sub"] == client["clientId"]


def test_token_endpoint_has_its_own_rate_limit(identity: Identity) -> None:
    settings = Settings.from_env("gateway", {"JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
                                             "JLP_GATEWAY_TOKEN_RATE": "0.001",
                                             "JLP_GATEWAY_TOKEN_BURST": "3"})
    http = create_app(settings, services=[(identity_pb2, identity.target)],
                      configured=False).test_client()
    form = {"grant_type": "password", "username": "13999999999", "password": "Wrong-Password-1"}
    assert [http.post("/api/v1/auth/token", data=form).status_code for _ in range(4)] == \
        [400, 400, 400, 429]
    assert http.get("/.well-known/jwks.json").status_code == 200  # discovery is not limited


# --- hostile bodies never give a 500 ----------------------------------------------------------
DEEP_JSON = "[" * 100_000 + "]" * 100_000  # past the JSON decoder's recursion limit


def test_deeply_nested_json_is_a_client_error(http: FlaskClient) -> None:
    for path in ("/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/auth/revoke"):
        resp = http.post(path, data=DEEP_JSON, content_type="application/json")
        assert resp.status_code == 400, path
    register = http.post("/api/v1/auth/register", data=DEEP_JSON, content_type="application/json")
    assert register.mimetype == PROBLEM
    issued = http.post("/api/v1/auth/token", data=DEEP_JSON, content_type="application/json")
    assert issued.get_json()["error"] == "invalid_request"


def test_token_parameters_in_json_must_be_strings(http: FlaskClient) -> None:
    http.post("/api/v1/auth/register", json=CITIZEN)
    for bad in ({"username": [CITIZEN_PHONE]}, {"password": {"x": 1}}, {"grant_type": 5}):
        resp = http.post("/api/v1/auth/token", json={
            "grant_type": "password", "username": CITIZEN_PHONE, "password": CITIZEN_PASSWORD,
            **bad})
        assert (resp.status_code, resp.get_json()["error"]) == (400, "invalid_request"), bad
        assert next(iter(bad)) in resp.get_json()["error_description"]


def test_huge_values_echoed_in_errors_are_clipped(identity: Identity, http: FlaskClient) -> None:
    """An error naming a 20,000-character value must not exceed gRPC's metadata limit (which
    surfaced as a misleading 429 "Stream removed")."""
    huge = "x" * 20_000
    grant = http.post("/api/v1/auth/token", data={"grant_type": huge})
    assert (grant.status_code, grant.get_json()["error"]) == (400, "unsupported_grant_type")
    admin = bearer(admin_access(identity, http))
    for path in (f"/api/v1/users/{huge}", f"/api/v1/departments/{huge}"):
        resp = http.get(path, headers=admin)
        assert resp.status_code == 404 and resp.mimetype == PROBLEM, path
    disable = http.post(f"/api/v1/clients/{huge}:disable", json={}, headers=admin)
    assert disable.status_code == 404
    staff = http.post("/api/v1/staff", headers=admin, json={
        "user": {"name": "李四", "phone": "13700000001", "department": huge,
                 "roles": [huge]}, "password": "Staff-Pass-2026"})
    assert staff.status_code == 400 and staff.mimetype == PROBLEM
    assert len(staff.get_data()) < 2_000
    client = http.post("/api/v1/clients", json={"name": "x", "roles": [huge]}, headers=admin)
    assert client.status_code == 400


def test_control_characters_in_names_are_refused(identity: Identity, http: FlaskClient) -> None:
    nul = http.post("/api/v1/auth/register", json={**CITIZEN, "name": "张\u0000三"})
    assert nul.status_code == 400 and [e["field"] for e in nul.get_json()["errors"]] == ["name"]
    admin = bearer(admin_access(identity, http))
    client = http.post("/api/v1/clients", json={"name": "sensor\n[ok] admin", "roles": ["device"]},
                       headers=admin)
    assert client.status_code == 400
    assert [e["field"] for e in client.get_json()["errors"]] == ["client.name"]


def test_gateway_itself_refuses_tampered_and_expired_tokens(identity: Identity,
                                                            http: FlaskClient) -> None:
    """With identity gone after the gateway has its keys, a bad token is still a 401 (the
    gateway's own verification), while a good one reaches for identity and gets 503."""
    http.post("/api/v1/auth/register", json=CITIZEN)
    identity.clock.advance(hours=-1)
    old = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    identity.clock.advance(hours=1)
    fresh = token(http, grant_type="password", username=CITIZEN_PHONE, password=CITIZEN_PASSWORD)
    assert http.get("/api/v1/me", headers=bearer(fresh["access_token"])).status_code == 200
    identity.app.stop(0)
    for bad in (_tamper(fresh["access_token"]), old["access_token"]):
        resp = http.get("/api/v1/me", headers=bearer(bad))
        assert resp.status_code == 401 and resp.mimetype == PROBLEM
    assert http.get("/api/v1/me", headers=bearer(fresh["access_token"])).status_code == 503
