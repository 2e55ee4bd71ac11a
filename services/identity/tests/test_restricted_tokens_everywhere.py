"""A restricted token (initial password still to change, ADR 0033) through the real gateway in
front of identity, grid-event and environment: the gateway passes it on like any verified
token, and every service refuses it with the same answer — 403, reason
PASSWORD_CHANGE_REQUIRED (jlp_common.auth.authorize) — on every method that needs more than a
public read, while identity lets it finish the set-up."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from jlp.identity.v1 import identity_pb2
from jlp_common.auth import TokenVerifier
from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_identity.signing import OwnKeys

from .conftest import INITIAL_PASSWORD, Identity
from .test_open311_api_key import one_square_grid

grid_app = pytest.importorskip("jlp_grid_event.app")
grids = pytest.importorskip("jlp_grid_event.grids")
environment_app = pytest.importorskip("jlp_environment.app")
from jlp.environment.v1 import environment_pb2  # noqa: E402
from jlp.grid_event.v1 import case_pb2, category_pb2, grid_pb2, open311_pb2  # noqa: E402

PROBLEM = "application/problem+json"
BACKEND_ENV = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
               "JLP_LOG_LEVEL": "WARNING"}


@pytest.fixture
def http(identity: Identity) -> Iterator[FlaskClient]:
    config = identity.app.config
    verifier = TokenVerifier(OwnKeys(identity.app.parts.ring), config.issuer, config.audience)
    # One process, one embedded database: identity connected it, the others share it.
    grid = grid_app.build(Settings.from_env("grid-event", BACKEND_ENV), verifier=verifier,
                          connect_db=False, demo=False, background=False)
    grids.import_collection(one_square_grid())
    environment = environment_app.build(Settings.from_env("environment", BACKEND_ENV),
                                        verifier=verifier, connect_db=False, demo=False)
    grid_target = f"127.0.0.1:{grid.start()}"
    environment_target = f"127.0.0.1:{environment.start()}"
    gateway = create_app(
        Settings.from_env("gateway", {"JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING"}),
        services=[(identity_pb2, identity.target), (environment_pb2, environment_target),
                  *[(m, grid_target) for m in (grid_pb2, case_pb2, category_pb2, open311_pb2)]],
        configured=False)
    try:
        yield gateway.test_client()
    finally:
        environment.stop(0)
        grid.stop(0)


def test_every_service_refuses_a_restricted_token_with_the_same_reason(
        identity: Identity, http: FlaskClient) -> None:
    admin = identity.admin_token()
    identity.create_staff(admin, "13700000041", ["grid_worker"], password=INITIAL_PASSWORD,
                          first_sign_in=False)
    first = http.post("/api/v1/auth/token", data={"grant_type": "password",
                                                  "username": "13700000041",
                                                  "password": INITIAL_PASSWORD}).get_json()
    assert first["password_change_required"] is True
    restricted = {"Authorization": f"Bearer {first['access_token']}"}
    # A grid worker's token would pass every one of these; the restricted one passes none.
    refused = [("GET", "/api/v1/departments", None), ("GET", "/api/v1/staff", None),
               ("GET", "/api/v1/cases", None), ("POST", "/api/v1/cases", {}),
               ("GET", "/api/v1/grids", None),
               ("POST", "/api/v1/environment/stations", {}),
               ("POST", "/api/v1/environment/readings", {})]
    for method, path, body in refused:
        denied = http.open(path, method=method, headers=restricted, json=body)
        assert denied.status_code == 403 and denied.mimetype == PROBLEM, (path, denied.get_json())
        assert denied.get_json()["reason"] == "PASSWORD_CHANGE_REQUIRED", path
    # Public reads stay public (the services decide, and a token takes nothing away).
    assert http.get("/api/v1/categories", headers=restricted).status_code == 200
    assert http.get("/api/v1/environment/stations", headers=restricted).status_code == 200
    # Identity lets it finish the set-up, and only that.
    assert http.get("/api/v1/me", headers=restricted).status_code == 200
    enrol = http.post("/api/v1/me:enrollTotp", headers=restricted, json={})
    assert enrol.status_code == 403 and enrol.get_json()["reason"] == "PASSWORD_CHANGE_REQUIRED"
    changed = http.post("/api/v1/me:changePassword", headers=restricted, json={
        "currentPassword": INITIAL_PASSWORD, "newPassword": "Own-Choice-2026"})
    assert changed.status_code == 200
    full = http.post("/api/v1/auth/token", data={"grant_type": "password",
                                                 "username": "13700000041",
                                                 "password": "Own-Choice-2026"}).get_json()
    worker = {"Authorization": f"Bearer {full['access_token']}"}
    assert http.get("/api/v1/cases", headers=worker).status_code == 200
    assert http.get("/api/v1/grids", headers=worker).status_code == 200
