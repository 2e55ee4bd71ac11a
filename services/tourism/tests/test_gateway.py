"""The REST contract of issue 11 through the real gateway app (Flask test client) in front of
the tourism service on a random port: routes and JSON come from the proto annotations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp_common.config import Settings
from jlp_common.timeutil import rfc3339
from jlp_gateway.app import create_app

from .conftest import ADMIN, CITIZEN, GATE, TODAY, bj, id_number

GATEWAY_ENV = {"JLP_LOG_LEVEL": "WARNING", "JLP_METRICS_PORT": "0", "JLP_GATEWAY_RATE": "0"}  # no rate limit


@pytest.fixture
def api(app, signer) -> Iterator:
    gateway = create_app(Settings.from_env("gateway", GATEWAY_ENV), services=[(pb, f"127.0.0.1:{app.port}")],
                         configured=False, verifier=signer.verifier())
    client = gateway.test_client()
    client.auth = lambda scopes, sub="u-1": {"Authorization": "Bearer " + signer.token(sub=sub, scopes=scopes)}
    yield client


SPOT = {"code": "ZOO", "name": "重庆动物园", "location": {"lon": 106.506, "lat": 29.511},
        "openingHours": {"openTime": "08:30", "closeTime": "18:00"},
        "gates": [{"id": "main", "name": "正门", "direction": "BOTH"}],
        "capacity": {"method": "ENTERED", "instantaneous": 20, "daily": 60},
        "quotaPolicies": [{"share": 0.75, "effectiveDate": "2020-09-29"}], "slotMinutes": 90, "priceFen": 2500}


def test_the_booking_journey_over_rest(api, clock) -> None:
    r = api.post("/api/v1/tourism/spots", json=SPOT, headers=api.auth(ADMIN))
    assert r.status_code == 201, r.get_json()
    spot = r.get_json()
    assert spot["capacity"]["daily"] == 60 and spot["currentShare"] == 0.75
    slots = api.get(f"/api/v1/tourism/spots/{spot['id']}/slots?date={TODAY}").get_json()
    assert slots["dailyQuota"] == 45 and slots["slots"][0]["id"] == "0830-1000"
    r = api.post("/api/v1/tourism/bookings", headers=api.auth(CITIZEN, "c-1"), json={
        "spotId": spot["id"], "date": TODAY.isoformat(), "slotId": "0830-1000",
        "visitors": [{"name": "张三", "idNumber": id_number(1)}]})
    assert r.status_code == 201, r.get_json()
    ticket = r.get_json()["tickets"][0]
    assert ticket["state"] == "VALID" and ticket["visitor"]["maskedName"] == "张*"
    assert id_number(1) not in r.get_data(as_text=True)
    listed = api.get("/api/v1/tourism/tickets", headers=api.auth(CITIZEN, "c-1")).get_json()
    assert [t["id"] for t in listed["tickets"]] == [ticket["id"]]
    assert api.get("/api/v1/tourism/tickets", headers=api.auth(CITIZEN, "c-2")).get_json().get("tickets", []) == []
    clock.set(bj(9, 0))
    scan = {"scan": {"qrPayload": ticket["qrPayload"], "spotId": spot["id"], "gateId": "main",
                     "scanNonce": "n-1", "scanTime": rfc3339(bj(9, 0))}}
    r = api.post("/api/v1/tourism/tickets:redeem", json=scan, headers=api.auth(GATE, "gate-1"))
    assert r.status_code == 200 and r.get_json()["outcome"] == "OK"
    r = api.post(f"/api/v1/tourism/tickets/{ticket['id']}:cancel", json={}, headers=api.auth(CITIZEN, "c-1"))
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("application/problem+json")
    count = {"counts": [{"eventId": "e1", "spotId": spot["id"], "gateId": "main",
                         "countTime": rfc3339(bj(8, 55)), "entries": 17, "exits": 0}]}
    r = api.post("/api/v1/tourism/gateCounts:batch", json=count, headers=api.auth(GATE, "gate-1"))
    assert r.get_json()["acceptedCount"] == 1
    occupancy = api.get(f"/api/v1/tourism/spots/{spot['id']}/occupancy").get_json()
    assert occupancy["instantaneous"] == {"measure": "INSTANTANEOUS", "count": 17, "capacity": 20,
                                          "percent": 85.0, "level": "YELLOW"}
    totals = api.get("/api/v1/tourism/districtTotals").get_json()
    assert totals["inside"] == 17 and totals["spotsAtYellow"] == 1
    keys = api.get("/api/v1/tourism/verificationKeys").get_json()["keys"]
    assert keys[0]["kty"] == "OKP" and keys[0]["alg"] == "EdDSA"


def test_bad_input_is_problem_json_naming_the_field(api) -> None:
    bad = {**SPOT, "capacity": {"method": "AREA", "averageStayHours": 2,
                                "zones": [{"name": "z", "areaM2": 100, "perVisitorM2": 0}]}}
    r = api.post("/api/v1/tourism/spots", json=bad, headers=api.auth(ADMIN))
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("application/problem+json")
    fields = [e["field"] for e in r.get_json()["errors"]]
    assert any("zones[0].perVisitorM2" in f or "zones[0].per_visitor_m2" in f for f in fields), fields
    r = api.post("/api/v1/tourism/bookings", json={"spotId": "x"})
    assert r.status_code == 401
