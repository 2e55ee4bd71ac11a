"""Bad input never gives a 500: malformed values reach the user as 400 problem+json (REST) or
as Open311 error lists, with the offending field named."""

# ruff: noqa: F811 - the `api` and `open311` fixtures are imported from their modules

from __future__ import annotations

import pytest
import requests

from .conftest import point_in
from .test_gateway import api, new_case  # noqa: F401 - fixture
from .test_open311 import SECRET, open311, post  # noqa: F401 - fixture


def problem(r, status: int = 400) -> dict:
    assert r.status_code == status, r.get_data(as_text=True)
    assert r.headers["Content-Type"].startswith("application/problem+json")
    return r.get_json()


def fields(body: dict) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


def create(api, role="citizen", **case):
    lon, lat = point_in(0)
    body = {"categoryCode": "06010", "location": {"lon": lon, "lat": lat}, **case}
    return api.post("/api/v1/cases", headers=api.auth(role), json=body)


@pytest.mark.parametrize(("case", "field"), [
    ({"source": 99}, "case.source"),
    ({"urgency": 99}, "case.urgency"),
    ({"address": "路" * 300}, "case.address"),
    ({"description": "垃圾\x00\x01"}, "case.description"),
    ({"attachments": ["https://img.example/" + "a" * 3000]}, "case.attachments[0]"),
    ({"attachments": ["javascript:alert(1)"]}, "case.attachments[0]"),
    ({"location": {"lon": "NaN", "lat": 29.5}}, "case.location"),
    ({"location": {"lon": "Infinity", "lat": 29.5}}, "case.location"),
    ({"location": {"lon": 100.0, "lat": 30.0}}, "case.location"),
    ({"description": "x" * 4001}, "case.description"),
    ({"categoryCode": "../$where"}, "case.categoryCode"),
])
def test_bad_reports_are_400_naming_the_field(api, case, field):
    body = problem(create(api, **case))
    assert field in fields(body), body


def test_overlong_source_ref_is_400(api):
    body = problem(create(api, "ops_center", source="HOTLINE_12345", sourceRef="x" * 300))
    assert "case.sourceRef" in fields(body)


def test_bad_transition_input_is_400(api):
    case_id = new_case(api).get_json()["id"]
    ops = api.auth("ops_center")
    url = f"/api/v1/cases/{case_id}"
    assert "urgency" in fields(problem(api.post(f"{url}:register", headers=ops, json={"urgency": 99})))
    assert "note" in fields(problem(api.post(f"{url}:register", headers=ops, json={"note": "n" * 3000})))
    body = problem(api.post(f"{url}:register", headers=ops, json={"attachments": ["javascript:x"]}))
    assert "attachments[0]" in fields(body)
    body = problem(api.post(f"{url}:register", headers=ops, json={"categoryCode": "nope"}))
    assert "categoryCode" in fields(body)
    assert api.post(f"{url}:register", headers=ops, json={}).status_code == 200
    body = problem(api.post(f"{url}:dispatch", headers=ops, json={"departmentId": "d" * 200}))
    assert "departmentId" in fields(body)
    body = problem(api.post(f"{url}:dispatch", headers=ops, json={"assigneeId": "<script>"}))
    assert "assigneeId" in fields(body)
    # Nothing of the refused writes was recorded.
    got = api.get(url, headers=ops).get_json()
    assert [h["action"] for h in got["history"]][:2] == ["report", "register"]


@pytest.mark.parametrize("query", [
    "status=42", "source=77", "pageToken=garbage", "pageSize=-1", "pageSize=abc", "status=NOPE",
    "startTime=yesterday", "overdue=maybe", "foo=bar",
])
def test_bad_list_queries_are_400(api, query):
    problem(api.get(f"/api/v1/cases?{query}", headers=api.auth("ops_center")))


def test_malformed_bodies_are_400(api):
    headers = {**api.auth("citizen"), "Content-Type": "application/json"}
    for raw in ("{bad", "[1,2]", '"x"', '{"categoryCode":"06010","location":{"lon":NaN,"lat":29.5}}'):
        problem(api.post("/api/v1/cases", headers=headers, data=raw))


def test_grid_import_with_non_object_properties_names_the_feature(api):
    geojson = ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":[1],'
               '"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}')
    body = problem(api.post("/api/v1/grids:import", headers=api.auth("sysadmin"), json={"geojson": geojson}))
    assert "features[0].properties" in fields(body)


def test_open311_bad_input_gets_error_lists(open311):
    root, _ = open311
    lon, lat = point_in(0)
    for params in ({"end_date": "0001-01-01T00:00:00+14:00"}, {"start_date": "9999-12-31T23:59:59-12:00"},
                   {"start_date": "garbage"}, {"status": "pending"}):
        r = requests.get(f"{root}/requests.json", params=params, timeout=10)
        assert r.status_code == 400 and r.json()[0]["code"] == 400, (params, r.text)
    for form in ({"lat": "nan"}, {"lat": "inf"}, {"lat": "1e999"}, {"lat": "30", "long": "100"},
                 {"address_string": "x" * 5000}, {"description": "x" * 4001},
                 {"media_url": "https://img.example/" + "a" * 5000}):
        r = post(root, api_key=SECRET, service_code="06010", **{"lat": str(lat), "long": str(lon), **form})
        assert r.status_code == 400 and r.json()[0]["code"] == 400, (form, r.text)


def test_open311_xml_stays_well_formed_with_control_characters(open311, server):
    """Text stored before input checks existed (or by another path) cannot break the XML."""
    import xml.etree.ElementTree as ET

    from jlp_grid_event.models import CaseDoc

    root, _ = open311
    lon, lat = point_in(0)
    r = post(root, api_key=SECRET, service_code="06010", lat=str(lat), long=str(lon), description="ok")
    case_id = r.json()[0]["service_request_id"]
    CaseDoc._get_collection().update_one({"_id": case_id}, {"$set": {"description": "a\x01b\x0bc"}})
    r = requests.get(f"{root}/requests/{case_id}.xml", timeout=10)
    assert r.status_code == 200
    assert ET.fromstring(r.content)  # noqa: S314 - our own response.find("request/description").text == "abc"
