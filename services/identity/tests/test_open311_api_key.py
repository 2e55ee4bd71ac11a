"""Open311 GeoReport v2 POST through the real gateway app, with the REAL identity servicer and
grid-event's servicer in process (both gRPC servers on port 0, one embedded database): a bare
`api_key` is exchanged for an open311_app token by the secret alone, and the case is created
with it (shared/reference/open311-georeport-v2.md: 403 for a missing or invalid api_key)."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from shapely.geometry import box, mapping

from jlp.identity.v1 import identity_pb2
from jlp_common.auth import TokenVerifier
from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_identity.models import AuditRecordDoc
from jlp_identity.signing import OwnKeys

from .conftest import Identity

grid_app = pytest.importorskip("jlp_grid_event.app")
grids = pytest.importorskip("jlp_grid_event.grids")
grid_models = pytest.importorskip("jlp_grid_event.models")
from jlp.grid_event.v1 import case_pb2, category_pb2, grid_pb2  # noqa: E402

SUB, COMM, UNIT = "500107001", "500107001001", "500107001001001"
LON, LAT = 106.51, 29.51


def one_square_grid() -> dict:
    def feature(code: str, name: str) -> dict:
        return {"type": "Feature", "properties": {"code": code, "name": name},
                "geometry": mapping(box(106.50, 29.50, 106.52, 29.52))}

    return {"type": "FeatureCollection",
            "features": [feature(SUB, "杨家坪街道"), feature(COMM, "社区1"), feature(UNIT, "网格1")]}


@dataclass
class Platform:
    identity: Identity
    http: FlaskClient
    admin: str


def start_platform(identity: Identity, **gateway_env: str) -> Iterator[Platform]:
    config = identity.app.config
    # grid-event verifies identity's tokens with identity's keys, as it would from the JWKS.
    verifier = TokenVerifier(OwnKeys(identity.app.parts.ring), config.issuer, config.audience)
    settings = Settings.from_env("grid-event", {
        "JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
        "JLP_LOG_LEVEL": "WARNING"})
    # One process, one embedded database: identity connected it, grid-event shares it.
    grid = grid_app.build(settings, verifier=verifier, connect_db=False, demo=False, background=False)
    grids.import_collection(one_square_grid())
    grid_target = f"127.0.0.1:{grid.start()}"
    gateway = create_app(
        Settings.from_env("gateway", {"JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
                                      **gateway_env}),
        services=[(identity_pb2, identity.target), (grid_pb2, grid_target),
                  (case_pb2, grid_target), (category_pb2, grid_target)],
        configured=False)
    try:
        yield Platform(identity, gateway.test_client(), identity.admin_token())
    finally:
        grid.stop(0)


@pytest.fixture
def platform(identity: Identity) -> Iterator[Platform]:
    yield from start_platform(identity)


def new_client(p: Platform, *roles: str) -> identity_pb2.Client:
    return p.identity.call("CreateClient", identity_pb2.CreateClientRequest(
        client=identity_pb2.Client(name="12345 app", roles=list(roles))), p.admin)


def post(p: Platform, api_key: str, code: str = "06010"):  # noqa: ANN201 - a test response
    return p.http.post("/open311/v2/requests.json", data={
        "api_key": api_key, "service_code": code, "lat": str(LAT), "long": str(LON),
        "description": "路灯不亮"})


def test_bare_api_key_creates_a_case_through_the_real_identity(platform: Platform) -> None:
    app = new_client(platform, "open311_app")
    r = post(platform, app.client_secret)
    assert r.status_code == 200, r.get_data(as_text=True)
    [created] = r.get_json()
    case = grid_models.CaseDoc.objects(id=created["service_request_id"]).first()
    assert case.source == case_pb2.OPEN311 and case.reporter_ids == [app.client_id]
    assert case.grid_code == UNIT
    issued = AuditRecordDoc.objects(action="token_issued", actor=app.client_id).first()
    assert issued.details == {"grant": "client_credentials", "client_auth": "api_key"}

    # `<client_id>:<secret>` still works (another category, so not joined to the first case).
    named = post(platform, f"{app.client_id}:{app.client_secret}", code="06012")
    assert named.status_code == 200, named.get_data(as_text=True)

    # A device's secret alone, a wrong key: 403 as an Open311 error list; no case.
    device = new_client(platform, "device")
    for key in (device.client_secret, "not-our-key"):
        refused = post(platform, key)
        assert refused.status_code == 403
        assert refused.get_json()[0]["code"] == 403
    assert grid_models.CaseDoc.objects.count() == 2

    # Rotation over REST (a generated route); the new key works at once.
    rotated = platform.http.post(f"/api/v1/clients/{app.client_id}:rotateSecret", json={},
                                 headers={"Authorization": f"Bearer {platform.admin}"})
    assert rotated.status_code == 200, rotated.get_data(as_text=True)
    new_secret = rotated.get_json()["clientSecret"]
    assert new_secret != app.client_secret
    assert post(platform, new_secret, code="06013").status_code == 200


def test_api_key_exchanges_share_the_token_endpoint_budget(identity: Identity) -> None:
    """Wrong keys cost the caller's token budget, and so does the OAuth token endpoint."""
    platform = start_platform(identity, JLP_GATEWAY_TOKEN_RATE="0.001",
                              JLP_GATEWAY_TOKEN_BURST="2")
    p = next(platform)
    try:
        assert [post(p, f"guess-{i}").status_code for i in range(3)] == [403, 403, 429]
        token = p.http.post("/api/v1/auth/token", data={"grant_type": "client_credentials",
                                                         "client_secret": "guess"})
        assert token.status_code == 429
    finally:
        platform.close()
