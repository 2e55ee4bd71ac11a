"""An auditor's first day, and a civic app reporting through Open311 — across the suite."""

import pytest

from jlp_testkit.e2e import (
    YANGJIAPING,
    admin_token,
    bearer,
    create_client,
    create_privileged_staff,
    create_staff,
    password_grant,
)

pytestmark = pytest.mark.e2e


def test_auditor_sets_up_the_account_then_reads_and_verifies_the_trail(suite):
    admin = admin_token(suite)
    token, phone, _ = create_privileged_staff(suite, admin, ["auditor"], "ops-center")
    auditor = bearer(token)

    trail = suite.get("/api/v1/audit?action=staff_created&pageSize=100", headers=auditor)
    assert trail.status_code == 200, trail.text
    records = trail.json()["records"]
    assert records and all(r["action"] == "staff_created" for r in records)
    assert all(r["hash"] and r["prevHash"] for r in records if int(r["seq"]) > 1)
    assert password_grant(suite, phone, "Wrong-Pass-123").status_code in (400, 401)
    logins = suite.get("/api/v1/audit?action=login&pageSize=200", headers=auditor).json()["records"]
    assert {"ok", "failed", "mfa_required"} <= {r["result"] for r in logins}
    verify = suite.get("/api/v1/audit:verify", headers=auditor)
    assert verify.status_code == 200 and verify.json()["ok"] is True, verify.text

    # Separation of duties: the auditor changes nothing; the sysadmin cannot read the trail.
    assert suite.post("/api/v1/clients", headers=auditor,
                      json={"name": "x", "roles": ["device"]}).status_code == 403
    assert suite.get("/api/v1/audit", headers=bearer(admin)).status_code == 403
    assert phone not in trail.text  # personal data stays out of the trail


def test_civic_app_reports_through_open311_and_the_case_reaches_the_ops_centre(suite):
    admin = admin_token(suite)
    _, api_key = create_client(suite, admin, ["open311_app"])
    services = suite.get("/open311/v2/services.json")
    assert services.status_code == 200
    code = services.json()[0]["service_code"]
    lon, lat = YANGJIAPING
    r = suite.post("/open311/v2/requests.json", data={
        "api_key": api_key, "service_code": code, "lat": lat, "long": lon,
        "description": "路灯不亮，联系电话13912345678", "address_string": "杨家坪步行街"})
    assert r.status_code in (200, 201), r.text
    request_id = r.json()[0]["service_request_id"]

    public = suite.get(f"/open311/v2/requests/{request_id}.json")
    assert public.status_code == 200
    assert "13912345678" not in public.text  # public reads never expose personal data
    assert suite.post("/open311/v2/requests.json", data={
        "api_key": "not-a-key", "service_code": code, "lat": lat, "long": lon}).status_code == 403

    ops = bearer(create_staff(suite, admin, ["ops_center"], "ops-center"))
    case = suite.get(f"/api/v1/cases/{request_id}", headers=ops).json()
    assert case["source"] == "OPEN311" and case["status"] == "REPORTED"
