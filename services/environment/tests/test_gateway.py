"""The REST contract of issue 5 through the real gateway app (Flask test client) in front of
the environment service on a random port."""

from __future__ import annotations

from datetime import datetime, timedelta

from jlp_common import timeutil
from jlp_environment.domain.timebase import HOUR, hour_floor
from jlp_environment.models import ReadingBucket

from .conftest import ADMIN, DEVICE, READER


def rfc3339(moment: datetime) -> str:
    return timeutil.rfc3339(moment, timespec="seconds")


def test_aqi_calculate_contract(api) -> None:
    r = api.post("/api/v1/environment/aqi:calculate", json={
        "period": "DAY", "edition": 2012, "concentrations": {
            "pm25": 80, "pm10": 120, "so2": 10, "no2": 40, "co": 1.0, "o3_8h": 100}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["aqi"] == 107 and body["level"] == 3 and body["category"] == "轻度污染"
    assert body["primaryPollutants"] == ["pm25"]
    assert body["iaqi"] == {"pm25": 107, "pm10": 85, "so2": 10, "no2": 50, "co": 25, "o3_8h": 50}
    r = api.post("/api/v1/environment/aqi:calculate",
                 json={"period": "HOUR", "concentrations": {"no2": 350}})
    assert r.get_json()["aqi"] == 115 and r.get_json()["edition"] == 2026


def test_aqi_calculate_errors_name_the_field(api) -> None:
    r = api.post("/api/v1/environment/aqi:calculate",
                 json={"period": "HOUR", "concentrations": {"pm25": -3}})
    assert r.status_code == 400
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in r.get_json()["errors"]] == ["concentrations.pm25"]
    r = api.post("/api/v1/environment/aqi:calculate",  # spelled as the client sent it (json_name)
                 json={"period": "DAY", "concentrations": {"o3_8h": -1, "pm25": 10}})
    assert [e["field"] for e in r.get_json()["errors"]] == ["concentrations.o3_8h"]
    r = api.post("/api/v1/environment/aqi:calculate", json={"period": "DAY", "concentrations": {}})
    assert r.status_code == 400 and r.get_json()["errors"][0]["field"] == "concentrations"


def test_stations_contract(api) -> None:
    new = {"code": "JLP-AIR-T", "name": "杨家坪", "kind": "AIR",
           "location": {"lon": 106.511, "lat": 29.51}}
    r = api.post("/api/v1/environment/stations", json=new, headers=api.auth(ADMIN))
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["id"] and body["kind"] == "AIR" and body["subdistrictCode"] == "500107001"
    assert api.post("/api/v1/environment/stations", json=new,
                    headers=api.auth(READER)).status_code == 403
    assert api.post("/api/v1/environment/stations", json=new,
                    headers=api.auth(ADMIN)).status_code == 409
    listed = api.get("/api/v1/environment/stations", headers=api.auth(READER)).get_json()
    assert [s["id"] for s in listed["stations"]] == [body["id"]]


def test_batch_of_10000_through_the_gateway(api, clock) -> None:
    ids = []
    for code in ("GW-1", "GW-2"):
        r = api.post("/api/v1/environment/stations", headers=api.auth(ADMIN), json={
            "code": code, "name": code, "kind": "AIR", "location": {"lon": 106.5, "lat": 29.5}})
        ids.append(r.get_json()["id"])
    end = clock()
    readings = []
    for minute in range(2500):
        at = rfc3339(end - timedelta(minutes=2500 - minute))
        for sid in ids:
            readings.append({"stationId": sid, "metric": "pm25", "value": 30, "observedAt": at})
            readings.append({"stationId": sid, "metric": "no2", "value": 40, "observedAt": at})
    readings[5]["value"] = -1
    readings[6000]["stationId"] = "no-such-station"
    readings[9000]["observedAt"] = rfc3339(end + timedelta(hours=1))
    device = api.auth(DEVICE, sub="device-7", kind="client")
    r = api.post("/api/v1/environment/readings:batch", json={"readings": readings},
                 headers=device)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["acceptedCount"] == 9997 and body["duplicateCount"] == 0
    assert [(x["index"], x["field"]) for x in body["rejected"]] == [
        (5, "value"), (6000, "stationId"), (9000, "observedAt")]
    again = api.post("/api/v1/environment/readings:batch", json={"readings": readings},
                     headers=device).get_json()
    assert again["acceptedCount"] == 0 and again["duplicateCount"] == 9997
    assert len(again["rejected"]) == 3
    assert sum(len(b.values) for b in ReadingBucket.objects()) == 9997  # nothing doubled


def test_alerts_contract(api, clock) -> None:
    sid = api.post("/api/v1/environment/stations", headers=api.auth(ADMIN), json={
        "code": "AL-1", "name": "AL-1", "kind": "AIR",
        "location": {"lon": 106.5, "lat": 29.5}}).get_json()["id"]
    first = hour_floor(clock()) - 5 * HOUR
    readings = [{"stationId": sid, "metric": "pm25", "value": 300, "period": "HOUR",
                 "observedAt": rfc3339(first + i * HOUR)} for i in range(3)]
    r = api.post("/api/v1/environment/readings:batch", json={"readings": readings},
                 headers=api.auth(DEVICE))
    assert r.get_json()["acceptedCount"] == 3
    alerts = api.get("/api/v1/environment/alerts?state=OPEN", headers=api.auth(READER)).get_json()
    [alert] = alerts["alerts"]
    assert alert["stationId"] == sid and alert["state"] == "OPEN" and alert["raisedAt"]
    assert alert["caseId"] == ""  # no case yet
    got = api.get(f"/api/v1/environment/alerts/{alert['id']}", headers=api.auth(READER))
    assert got.get_json()["history"][0]["type"] == "RAISED"
    assert api.get("/api/v1/environment/alerts?state=OPEN").status_code == 401


def test_queries_through_the_gateway(api, clock) -> None:
    sid = api.post("/api/v1/environment/stations", headers=api.auth(ADMIN), json={
        "code": "Q-1", "name": "Q-1", "kind": "AIR",
        "location": {"lon": 106.5, "lat": 29.5}}).get_json()["id"]
    hour = hour_floor(clock()) - 2 * HOUR
    api.post("/api/v1/environment/readings", headers=api.auth(DEVICE), json={
        "stationId": sid, "metric": "pm25", "value": 80, "period": "HOUR",
        "observedAt": rfc3339(hour)})
    reader = api.auth(READER)
    latest = api.get("/api/v1/environment/latest?kind=AIR", headers=reader).get_json()
    assert latest["stations"][0]["values"]["pm25"]["value"] == 80
    assert latest["stations"][0]["hourlyAqi"]["aqi"] == 119
    series = api.get(f"/api/v1/environment/stations/{sid}/series?metric=aqi&interval=HOUR"
                     f"&startTime={rfc3339(hour)}&endTime={rfc3339(hour)}", headers=reader)
    assert series.status_code == 200, series.get_json()
    assert series.get_json()["points"][0]["aqi"] == 119
    ranking = api.get("/api/v1/environment/aqi/ranking?scope=SUBDISTRICT", headers=reader)
    assert ranking.get_json()["entries"][0]["aqi"]["aqi"] == 119
    rules = api.get("/api/v1/environment/alertRules?stationKind=AIR", headers=reader).get_json()
    assert rules["alertRules"][0]["raiseAbove"] == 150


def test_patch_station_without_mask_takes_the_body(api) -> None:
    created = api.post("/api/v1/environment/stations", headers=api.auth(ADMIN), json={
        "code": "NZ-P", "name": "noise", "kind": "NOISE",
        "location": {"lon": 106.5, "lat": 29.5}}).get_json()
    body = {**created, "noiseZone": "1", "name": "renamed"}  # GET-modify-PATCH, full resource
    r = api.patch(f"/api/v1/environment/stations/{created['id']}", json=body,
                  headers=api.auth(ADMIN))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["noiseZone"] == "1" and r.get_json()["name"] == "renamed"
    r = api.patch(f"/api/v1/environment/stations/{created['id']}", json={"kind": "AIR"},
                  headers=api.auth(ADMIN))
    assert r.status_code == 400 and r.get_json()["errors"][0]["field"] == "updateMask.kind"


def test_monitoring_data_is_public_but_alerts_are_not(api) -> None:
    assert api.get("/api/v1/environment/stations").status_code == 200
    assert api.get("/api/v1/environment/alerts?state=OPEN").status_code == 401
