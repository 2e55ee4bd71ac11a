"""Bad input through the gateway never gives a 500: a problem+json 400 naming the field, or
(for one item of a batch) a rejected entry with its index and field."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import ADMIN, DEVICE
from .test_gateway import rfc3339

PROBLEM = "application/problem+json"


def field_of(r) -> str:
    assert r.status_code == 400, (r.status_code, r.get_json())
    assert r.headers["Content-Type"].startswith(PROBLEM)
    return r.get_json()["errors"][0]["field"]


@pytest.fixture
def sid(api) -> str:
    return api.post("/api/v1/environment/stations", headers=api.auth(ADMIN), json={
        "code": "BAD-1", "name": "BAD-1", "kind": "AIR",
        "location": {"lon": 106.5, "lat": 29.5}}).get_json()["id"]


def test_enum_numbers_outside_the_enum_are_400_naming_the_field(api, sid) -> None:
    admin = api.auth(ADMIN)
    assert field_of(api.get("/api/v1/environment/stations?kind=99")) == "kind"
    assert field_of(api.get("/api/v1/environment/alerts?state=99", headers=admin)) == "state"
    assert field_of(api.get("/api/v1/environment/alertRules?stationKind=42",
                            headers=admin)) == "stationKind"
    assert field_of(api.get("/api/v1/environment/aqi/ranking?scope=7")) == "scope"
    assert field_of(api.post("/api/v1/environment/stations", headers=admin, json={
        "code": "X1", "name": "x", "kind": 42,
        "location": {"lon": 106.5, "lat": 29.5}})) == "station.kind"
    assert field_of(api.patch(f"/api/v1/environment/stations/{sid}", headers=admin,
                              json={"kind": 42})) == "station.kind"
    rule = {"stationId": sid, "indicator": "aqi", "raiseAbove": 10, "clearAtOrBelow": 1,
            "raiseAfter": 1, "clearAfter": 1, "severity": 77}
    assert field_of(api.post("/api/v1/environment/alertRules", headers=admin,
                             json=rule)) == "alertRule.severity"
    assert field_of(api.patch("/api/v1/environment/alertRules/default-air", headers=admin,
                              json={"severity": 77})) == "alertRule.severity"


def test_reading_period_outside_the_enum_is_a_rejected_item(api, sid, clock) -> None:
    good = {"stationId": sid, "metric": "pm25", "value": 30, "observedAt": rfc3339(clock())}
    r = api.post("/api/v1/environment/readings:batch", headers=api.auth(DEVICE),
                 json={"readings": [good, {**good, "period": 7}]})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["acceptedCount"] == 1
    assert [(x["index"], x["field"]) for x in r.get_json()["rejected"]] == [(1, "period")]
    r = api.post("/api/v1/environment/readings", headers=api.auth(DEVICE),
                 json={**good, "period": 9})
    assert field_of(r) == "reading.period"


@pytest.mark.parametrize("query", [
    "assessment?date=9999-12-31", "assessment?date=0001-01-01",
    "series?metric=pm25&interval=DAY&startTime=9999-12-30T00:00:00Z"
    "&endTime=9999-12-31T23:00:00Z",
    "series?metric=aqi&interval=DAY&startTime=0001-01-01T00:00:00Z"
    "&endTime=0001-01-02T00:00:00Z",
])
def test_dates_far_in_the_future_or_past_are_400(api, sid, query) -> None:
    name = field_of(api.get(f"/api/v1/environment/stations/{sid}/{query}"))
    assert name in ("date", "startTime", "endTime")


def test_ranking_of_year_one_is_400(api) -> None:
    assert field_of(api.get("/api/v1/environment/aqi/ranking?date=0001-01-01")) == "date"


def test_far_timestamps_in_a_batch_are_rejected_items(api, sid, clock) -> None:
    good = {"stationId": sid, "metric": "pm25", "value": 30}
    r = api.post("/api/v1/environment/readings:batch", headers=api.auth(DEVICE), json={
        "readings": [{**good, "observedAt": "9999-12-31T23:59:59Z"},
                     {**good, "observedAt": "0001-01-01T00:00:00Z"},
                     {**good, "observedAt": rfc3339(clock() - timedelta(minutes=1))}]})
    body = r.get_json()
    assert body["acceptedCount"] == 1
    assert [(x["index"], x["field"]) for x in body["rejected"]] == [
        (0, "observedAt"), (1, "observedAt")]


def test_a_reading_without_a_value_is_rejected_not_stored_as_zero(api, sid, clock) -> None:
    """A sensor reporting `null` (or nothing) has no value: storing 0 µg/m³ would be a lie."""
    at = clock() - timedelta(minutes=1)
    base = {"stationId": sid, "metric": "pm25"}
    r = api.post("/api/v1/environment/readings:batch", headers=api.auth(DEVICE), json={
        "readings": [{**base, "value": None, "observedAt": rfc3339(at)},
                     {**base, "observedAt": rfc3339(at - timedelta(minutes=1))},
                     {**base, "value": 0, "observedAt": rfc3339(at - timedelta(minutes=2))}]})
    body = r.get_json()
    assert [(x["index"], x["field"]) for x in body["rejected"]] == [(0, "value"), (1, "value")]
    assert body["acceptedCount"] == 1  # a real zero is a value
    r = api.post("/api/v1/environment/readings", headers=api.auth(DEVICE),
                 json={**base, "observedAt": rfc3339(at)})
    assert field_of(r) == "reading.value"


def test_an_empty_batch_is_400(api) -> None:
    for body in ({"readings": []}, {}):
        r = api.post("/api/v1/environment/readings:batch", headers=api.auth(DEVICE), json=body)
        assert field_of(r) == "readings"


@pytest.mark.parametrize("numbers", [{"raiseAbove": "NaN"}, {"clearAtOrBelow": "-Infinity"},
                                     {"raiseAbove": "Infinity", "clearAtOrBelow": 1}])
def test_rule_thresholds_must_be_finite(api, sid, numbers) -> None:
    """A NaN threshold compares false with everything: the rule would silently never fire."""
    admin = api.auth(ADMIN)
    rule = {"stationId": sid, "indicator": "aqi", "raiseAbove": 150, "clearAtOrBelow": 100,
            "raiseAfter": 1, "clearAfter": 1, **numbers}
    r = api.post("/api/v1/environment/alertRules", headers=admin, json=rule)
    assert field_of(r).startswith("alertRule.")
    r = api.patch("/api/v1/environment/alertRules/default-air", headers=admin, json=numbers)
    assert field_of(r).startswith("alertRule.")


def test_a_wrongly_typed_item_is_named_by_its_index(api) -> None:
    """JSON that cannot even be read as a reading fails the request, naming the item to fix."""
    good = {"stationId": "s-1", "metric": "pm25", "value": 10, "observedAt": "2026-11-01T08:00:00Z"}
    readings = [good, good, {**good, "value": "abc"}, good]
    r = api.post("/api/v1/environment/readings:batch", json={"readings": readings},
                 headers=api.auth(("environment:reading.write",), kind="client"))
    assert r.status_code == 400
    assert [e["field"] for e in r.get_json()["errors"]] == ["readings[2].value"]
