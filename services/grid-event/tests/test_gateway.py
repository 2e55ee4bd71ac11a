"""The REST contract through the real gateway app (Flask test client) in front of the service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jlp.grid_event.v1 import case_pb2, category_pb2, grid_pb2
from jlp_common.config import Settings
from jlp_gateway.app import create_app

from .conftest import COMM_W, ROLE_SCOPES, point_in, start_server


def gateway_for(server, extra_env: dict | None = None, extra_services: list | None = None):
    port = server.service.port
    env = {"JLP_LOG_LEVEL": "WARNING", "JLP_METRICS_PORT": "0", "JLP_GATEWAY_RATE": "0",
           **(extra_env or {})}
    services = [(m, f"127.0.0.1:{port}") for m in (grid_pb2, case_pb2, category_pb2)]
    return create_app(Settings.from_env("gateway", env), services=services + (extra_services or []),
                      configured=False, verifier=server.signer.verifier())


@pytest.fixture
def api(server) -> Iterator:
    app = gateway_for(server)
    client = app.test_client()

    def auth(role: str, sub: str | None = None, dept: str = "") -> dict:
        token = server.signer.token(sub or f"{role}-1", scopes=ROLE_SCOPES[role], roles=[role], dept=dept)
        return {"Authorization": f"Bearer {token}"}

    client.auth = auth
    yield client


def new_case(api, sub="citizen-1", code="06010", dx=0.002):
    lon, lat = point_in(0, dx=dx)
    return api.post("/api/v1/cases", headers=api.auth("citizen", sub), json={
        "categoryCode": code, "description": "井盖缺失", "location": {"lon": lon, "lat": lat},
        "urgency": "URGENT", "attachments": ["https://img.example/1.jpg"]})


def test_create_get_list_contract(api):
    r = new_case(api)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["status"] == "REPORTED" and body["gridCode"] == COMM_W + "003" and body["id"]
    got = api.get(f"/api/v1/cases/{body['id']}", headers=api.auth("citizen", "citizen-1")).get_json()
    assert got["history"][0]["action"] == "report" and got["urgency"] == "URGENT"
    listed = api.get("/api/v1/cases?status=REPORTED&source=CITIZEN_APP&categoryCode=06010&pageSize=10",
                     headers=api.auth("ops_center")).get_json()
    assert [c["id"] for c in listed["cases"]] == [body["id"]] and "nextPageToken" in listed


def test_transitions_as_custom_methods_with_problem_json(api):
    case_id = new_case(api).get_json()["id"]
    ops = api.auth("ops_center")
    r = api.post(f"/api/v1/cases/{case_id}:register", headers=ops, json={"note": "立案"})
    assert r.status_code == 200 and r.get_json()["status"] == "DISPATCHED"  # automatic dispatch
    version = r.get_json()["version"]
    r = api.post(f"/api/v1/cases/{case_id}:close", headers=ops, json={"note": "x"})  # illegal
    assert r.status_code == 409 and r.headers["Content-Type"].startswith("application/problem+json")
    r = api.post(f"/api/v1/cases/{case_id}:dispatch", headers=api.auth("citizen"), json={})
    assert r.status_code == 403
    r = api.post(f"/api/v1/cases/{case_id}:dispatch", headers=ops,
                 json={"departmentId": "bureau-city-management", "version": version})
    assert r.status_code == 200 and r.get_json()["departmentId"] == "bureau-city-management"
    r = api.post(f"/api/v1/cases/{case_id}:start", headers=ops, json={"version": version})  # stale
    assert r.status_code == 409
    staff = api.auth("dept_staff", dept="bureau-city-management")
    for action in ("start", "resolve"):
        assert api.post(f"/api/v1/cases/{case_id}:{action}", headers=staff, json={}).status_code == 200
    r = api.post(f"/api/v1/cases/{case_id}:reopen", headers=api.auth("grid_worker"), json={"note": "未修复"})
    assert r.get_json()["status"] == "REOPENED"
    for action in ("start", "resolve"):
        assert api.post(f"/api/v1/cases/{case_id}:{action}", headers=staff, json={}).status_code == 200
    r = api.post(f"/api/v1/cases/{case_id}:close", headers=api.auth("grid_worker"), json={"note": "核查通过"})
    assert r.status_code == 200 and r.get_json()["status"] == "CLOSED"
    assert api.post(f"/api/v1/cases/{case_id}:cancel", headers=ops, json={"note": "x"}).status_code == 409
    r = api.post(f"/api/v1/cases/{case_id}:reject", headers=ops, json={"note": "x"})
    assert r.status_code == 409


def test_locate_is_public_and_bad_input_is_400(api):
    lon, lat = point_in(0)
    r = api.get(f"/api/v1/grids:locate?lon={lon}&lat={lat}")
    assert r.status_code == 200 and r.get_json()["communityCode"] == COMM_W
    assert api.get("/api/v1/grids:locate?lon=1&lat=1").status_code == 404
    r = api.post("/api/v1/cases", headers=api.auth("citizen"), json={"categoryCode": "nope",
                                                                     "location": {"lon": lon, "lat": lat}})
    assert r.status_code == 400 and r.get_json()["errors"][0]["field"] == "case.categoryCode"
    assert api.get("/api/v1/categories?edition=2013").status_code == 200


def test_gateway_started_from_the_registry_routes_grid_event(server, monkeypatch):
    """With the registry (as deployed), the extension module is found by component name."""
    env = {"JLP_GRID_EVENT_ADDR": f"127.0.0.1:{server.service.port}", "JLP_LOG_LEVEL": "WARNING",
           "JLP_METRICS_PORT": "0"}
    app = create_app(Settings.from_env("gateway", env), verifier=server.signer.verifier())
    client = app.test_client()
    assert client.get("/open311/v2/services.json").status_code == 200
    lon, lat = point_in(0)
    assert client.get(f"/api/v1/grids:locate?lon={lon}&lat={lat}").status_code == 200


def test_two_servers_share_nothing_but_the_contract():
    """Sanity: a second server instance starts with its own store (no cross-test leakage)."""
    gen = start_server()
    srv = next(gen)
    try:
        assert srv.cases.ListCases(case_pb2.ListCasesRequest(), metadata=srv.md("ops_center")).cases == []
    finally:
        gen.close()


def test_stats_and_time_range_filters_over_http(api):
    case_id = new_case(api).get_json()["id"]
    r = api.get("/api/v1/cases:stats", headers=api.auth("ops_center"))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["total"] == 1 and r.get_json()["byStatus"] == {"REPORTED": 1}
    assert api.get("/api/v1/cases:stats", headers=api.auth("citizen")).status_code == 403
    window = "startTime=2026-11-24T00:00:00Z&endTime=2026-11-25T00:00:00Z"
    listed = api.get(f"/api/v1/cases?{window}&subdistrictCode=500107001",
                     headers=api.auth("ops_center")).get_json()
    assert [c["id"] for c in listed["cases"]] == [case_id]
    empty = api.get("/api/v1/cases?startTime=2026-11-25T00:00:00Z", headers=api.auth("ops_center")).get_json()
    assert empty.get("cases", []) == []
