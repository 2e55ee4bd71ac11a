"""A sensor's readings become an alert, the alert a case, across processes and NATS."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from jlp_testkit.e2e import YANGJIAPING, admin_token, bearer, client_token, create_client, create_staff
from jlp_testkit.nats import wait_for

pytestmark = pytest.mark.e2e


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")




def test_polluted_hours_raise_one_alert_that_becomes_one_case_then_clears(suite):
    admin = admin_token(suite)
    ops = bearer(create_staff(suite, admin, ["ops_center"], "ops-center"))
    device = bearer(client_token(suite, *create_client(suite, admin, ["device"])))

    lon, lat = YANGJIAPING
    r = suite.post("/api/v1/environment/stations", headers=bearer(admin), json={
        "code": f"E2E-AIR-{uuid.uuid4().hex[:6]}", "name": "杨家坪临时站", "kind": "AIR",
        "location": {"lon": lon, "lat": lat}})
    assert r.status_code == 201, r.text
    station = r.json()
    assert station["subdistrictCode"].startswith("500107")

    first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=8)
    polluted = [{"stationId": station["id"], "metric": "pm25", "value": 300, "period": "HOUR",
                 "observedAt": rfc3339(first + timedelta(hours=i))} for i in range(3)]
    r = suite.post("/api/v1/environment/readings:batch", headers=device, json={"readings": polluted})
    assert r.status_code == 200, r.text
    assert r.json()["acceptedCount"] == 3
    # The device retries the same batch (lost answer): nothing doubles.
    again = suite.post("/api/v1/environment/readings:batch", headers=device, json={"readings": polluted})
    assert again.json()["duplicateCount"] == 3

    def my_alert():
        alerts = suite.get("/api/v1/environment/alerts?state=OPEN", headers=ops).json().get("alerts", [])
        return next((a for a in alerts if a["stationId"] == station["id"]), None)

    alert = wait_for(my_alert, timeout_s=45, interval_s=0.3)
    linked = wait_for(lambda: (my_alert() or {}).get("caseId"), timeout_s=45, interval_s=0.3)
    case = suite.get(f"/api/v1/cases/{linked}", headers=ops).json()
    assert case["source"] == "ENVIRONMENT" and alert["id"] in case["sourceRef"]
    cases = suite.get("/api/v1/cases?source=ENVIRONMENT&pageSize=100", headers=ops).json()["cases"]
    assert [c["id"] for c in cases if alert["id"] in c.get("sourceRef", "")] == [linked]

    clean = [{"stationId": station["id"], "metric": "pm25", "value": 20, "period": "HOUR",
              "observedAt": rfc3339(first + timedelta(hours=i))} for i in (3, 4)]
    assert suite.post("/api/v1/environment/readings:batch", headers=device,
                      json={"readings": clean}).json()["acceptedCount"] == 2
    assert my_alert() is None
    history = suite.get(f"/api/v1/environment/alerts/{alert['id']}", headers=ops).json()
    assert history["state"] == "CLEARED" and history["caseId"] == linked
