"""video-index across the suite: a smoke/fire detection delivered twice becomes one alert and one
grid-event case; a live view is requested, approved by someone else, played and revoked, and
the audit trail of all of it verifies."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from jlp_testkit.e2e import (
    YANGJIAPING,
    admin_token,
    bearer,
    client_token,
    create_client,
    create_privileged_staff,
    create_staff,
)
from jlp_testkit.nats import wait_for

pytestmark = pytest.mark.e2e
POLICE = "bureau-public-security"


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_detection_alert_case_and_an_audited_live_view(suite):
    admin = admin_token(suite)
    ops = bearer(create_staff(suite, admin, ["ops_center"], "ops-center"))
    analyst = bearer(create_staff(suite, admin, ["dept_staff"], POLICE))
    device = bearer(client_token(suite, *create_client(suite, admin, ["device"])))
    media = bearer(client_token(suite, *create_client(suite, admin, ["service"])))

    lon, lat = YANGJIAPING
    camera_id = f"500107000013259{uuid.uuid4().int % 10**5:05d}"  # serial 9xxxxx: above any demo serial
    r = suite.post("/api/v1/video/cameras", headers=bearer(admin), json={
        "id": camera_id, "name": "杨家坪步行街", "ownerDepartmentId": POLICE, "hd": True,
        "reportedPosition": {"lon": lon, "lat": lat}})
    assert r.status_code == 201, r.text
    r = suite.post("/api/v1/video/alertRules", headers=bearer(admin), json={
        "label": "smoke_fire", "minScore": 0.8, "severity": "CRITICAL", "subdistrictCode": ""})
    assert r.status_code == 201, r.text

    detection_id = f"e2e-{uuid.uuid4().hex[:8]}"
    body = {"detections": [{"id": detection_id, "cameraId": camera_id, "label": "smoke_fire", "score": 0.93,
                            "startTime": rfc3339(datetime.now(UTC) - timedelta(minutes=1))}]}
    assert suite.post("/api/v1/video/detections:batch", headers=device, json=body).json()["acceptedCount"] == 1
    assert suite.post("/api/v1/video/detections:batch", headers=device, json=body).json()["duplicateCount"] == 1

    def my_cases():
        cases = suite.get("/api/v1/cases?source=VIDEO&pageSize=100", headers=ops).json().get("cases", [])
        return [c for c in cases if detection_id in c.get("sourceRef", "")]

    cases = wait_for(my_cases, timeout_s=45, interval_s=0.3)
    assert len(cases) == 1 and cases[0]["source"] == "VIDEO"

    now = datetime.now(UTC)
    r = suite.post("/api/v1/video/accessRequests", headers=analyst, json={
        "kind": "LIVE", "cameraIds": [camera_id], "purpose": "check the smoke report",
        "legalBasis": f"case {cases[0]['id']}", "startTime": rfc3339(now - timedelta(seconds=30)),
        "endTime": rfc3339(now + timedelta(minutes=20))})
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]
    assert suite.post(f"/api/v1/video/accessRequests/{request_id}:approve", headers=analyst,
                      json={}).status_code == 403  # no approver permission (and it is the requester's own)
    r = suite.post(f"/api/v1/video/accessRequests/{request_id}:approve", headers=ops, json={"note": "ok"})
    assert r.status_code == 200 and r.json()["state"] == "APPROVED", r.text
    token = suite.post(f"/api/v1/video/accessRequests/{request_id}:issuePlayToken", headers=analyst,
                       json={}).json()["token"]
    hook = {"mediaServerId": "zlm-e2e", "app": "rtp", "stream": camera_id, "params": f"token={token}",
            "ip": "10.9.8.7", "schema": "rtsp", "vhost": "__defaultVhost__", "id": "1", "port": 554}
    assert suite.post("/api/v1/video/play:check", headers=media, json=hook).json()["code"] == 0
    r = suite.post(f"/api/v1/video/accessRequests/{request_id}:revoke", headers=ops, json={"reason": "done"})
    assert r.json()["state"] == "REVOKED"
    denied = suite.post("/api/v1/video/play:check", headers=media, json=hook).json()
    assert denied["code"] != 0 and denied["msg"] == "revoked"

    auditor = bearer(create_privileged_staff(suite, admin, ["auditor"], "ops-center")[0])
    trail = suite.get(f"/api/v1/video/auditRecords?target=accessRequests/{request_id}", headers=auditor).json()
    assert [a["action"] for a in trail["auditRecords"]] == [
        "access.requested", "access.approved", "token.issued", "access.revoked"]
    assert suite.get("/api/v1/video/auditRecords:verify", headers=auditor).json()["valid"] is True
