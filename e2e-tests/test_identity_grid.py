"""Citizen and staff journeys across identity and grid-event, through the gateway only."""

import pytest
from stdnum.cn import ric

from jlp_testkit.e2e import YANGJIAPING, admin_token, bearer, create_staff, password_grant, unique_phone

pytestmark = pytest.mark.e2e


def citizen_id(serial: str) -> str:
    """A Jiulongpo (500107) resident ID born 1980-01-01 with its ISO 7064 check digit."""
    first17 = "50010719800101" + serial
    return first17 + ric.calc_check_digit(first17 + "?")  # stdnum takes the whole number


def register_citizen(suite, serial: str) -> tuple[str, dict, str]:
    phone, password = unique_phone(), "Jiulongpo-2026"
    r = suite.post("/api/v1/auth/register", json={
        "kind": "CITIZEN", "name": "张三", "idNumber": citizen_id(serial), "phone": phone,
        "password": password})
    assert r.status_code == 200, r.text  # an annotated RPC, not an AIP-133 Create
    token = password_grant(suite, phone, password)
    assert token.status_code == 200, token.text
    return phone, r.json(), token.json()["access_token"]


def test_citizen_registers_signs_in_and_sees_masked_numbers(suite):
    phone, user, token = register_citizen(suite, "123")
    assert user["id"] and phone not in str(user)
    me = suite.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["kind"] == "CITIZEN" and body["id"] == user["id"]
    assert body["idNumber"].startswith("500107") and "*" in body["idNumber"]
    assert body["phone"] == phone[:3] + "****" + phone[-4:]
    assert suite.get("/api/v1/me").status_code == 401


def test_case_from_citizen_report_to_closure_across_roles(suite):
    admin = admin_token(suite)
    ops = bearer(create_staff(suite, admin, ["ops_center"], "ops-center"))
    worker = bearer(create_staff(suite, admin, ["grid_worker"], "ops-center"))
    staff = bearer(create_staff(suite, admin, ["dept_staff"], "bureau-city-management"))
    _, _, citizen_token = register_citizen(suite, "456")
    citizen = bearer(citizen_token)

    lon, lat = YANGJIAPING
    where = suite.get(f"/api/v1/grids:locate?lon={lon}&lat={lat}")
    assert where.status_code == 200, where.text
    grid_code = where.json()["gridCode"]
    assert grid_code.startswith("500107")

    r = suite.post("/api/v1/cases", headers=citizen, json={
        "categoryCode": "06010", "description": "井盖缺失，行人有危险",
        "location": {"lon": lon, "lat": lat}, "urgency": "URGENT"})
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["status"] == "REPORTED" and case["gridCode"] == grid_code
    case_id = case["id"]

    # A citizen cannot register a case: the transition table says who may do what.
    assert suite.post(f"/api/v1/cases/{case_id}:register", headers=citizen, json={}).status_code == 403
    # Closing a case that was never handled is an illegal transition.
    illegal = suite.post(f"/api/v1/cases/{case_id}:close", headers=ops, json={"note": "x"})
    assert illegal.status_code == 409
    assert illegal.headers["content-type"].startswith("application/problem+json")

    registered = suite.post(f"/api/v1/cases/{case_id}:register", headers=ops, json={"note": "立案"})
    assert registered.status_code == 200, registered.text  # 立案 also dispatches by category
    # A dispatcher's override to a department identity does not know is refused.
    nowhere = suite.post(f"/api/v1/cases/{case_id}:dispatch", headers=ops,
                         json={"departmentId": "bureau-does-not-exist"})
    assert nowhere.status_code == 400 and nowhere.json()["errors"][0]["field"] == "departmentId"

    steps = [("dispatch", ops, {"departmentId": "bureau-city-management"}),
             ("start", staff, {}),
             ("resolve", staff, {"note": "已更换井盖", "attachments": ["https://img.example/after.jpg"]}),
             ("close", worker, {"note": "核查通过"})]
    for action, who, body in steps:
        r = suite.post(f"/api/v1/cases/{case_id}:{action}", headers=who, json=body)
        assert r.status_code == 200, (action, r.text)
    # A stale version is refused.
    stale = suite.post(f"/api/v1/cases/{case_id}:reopen", headers=worker, json={"version": 1})
    assert stale.status_code == 409

    got = suite.get(f"/api/v1/cases/{case_id}", headers=ops).json()
    assert got["status"] == "CLOSED"
    actions = [h["action"] for h in got["history"]]
    assert actions[:1] == ["report"] and actions[-5:] == ["register", "dispatch", "start", "resolve", "close"]
    # grid-event checked the department with identity (not the "identity unavailable" fallback)
    assert all("not verified" not in (h.get("note") or "") for h in got["history"])
    # The reporter sees their own case; the public list shows it without personal data.
    assert suite.get(f"/api/v1/cases/{case_id}", headers=citizen).status_code == 200
