"""The REST contract of issue 10 through the real gateway in front of the service: JSON in and
out, problem+json errors naming fields, and the media server's on_play hook body as sent."""

from __future__ import annotations

from datetime import timedelta

from jlp_common import timeutil

from .conftest import ADMIN, APPROVER, DEVICE, MEDIA, POLICE, READER, REQUESTER

CAM = "50010700001325000001"


def test_cameras_detections_and_a_stream_grant_over_http(api, clock) -> None:
    r = api.post("/api/v1/video/cameras", headers=api.auth(ADMIN, dept=POLICE), json={
        "id": CAM, "name": "动物园正门", "ownerDepartmentId": POLICE, "hd": True,
        "reportedPosition": {"lon": 106.5101, "lat": 29.5078, "datum": "GCJ02"}})
    assert r.status_code == 201, r.get_json()  # created
    assert r.get_json()["idParts"]["typeName"] == "IPC" and r.get_json()["status"] == "CAMERA_STATUS_UNSPECIFIED"
    r = api.get("/api/v1/video/cameras?hd=true&bbox=106.4,29.4,106.6,29.6", headers=api.auth(READER, dept=POLICE))
    assert [c["id"] for c in r.get_json()["cameras"]] == [CAM]
    start = timeutil.rfc3339(clock() - timedelta(minutes=2), timespec="seconds")
    r = api.post("/api/v1/video/detections:batch", headers=api.auth(DEVICE, kind="client"), json={"detections": [
        {"id": "d-1", "cameraId": CAM, "label": "crowding", "score": 0.7, "startTime": start}]})
    assert r.get_json()["acceptedCount"] == 1 and r.get_json()["rejectedCount"] == 0
    r = api.get("/api/v1/video/detections?filter.labels=crowding", headers=api.auth(READER, dept=POLICE))
    assert [d["id"] for d in r.get_json()["detections"]] == ["d-1"]

    window = {"startTime": timeutil.rfc3339(clock(), timespec="seconds"),
              "endTime": timeutil.rfc3339(clock() + timedelta(minutes=30), timespec="seconds")}
    r = api.post("/api/v1/video/accessRequests", headers=api.auth(REQUESTER, sub="alice", dept=POLICE), json={
        "kind": "LIVE", "cameraIds": [CAM], "purpose": "crowd control", "legalBasis": "order 118", **window})
    request_id = r.get_json()["id"]
    r = api.post(f"/api/v1/video/accessRequests/{request_id}:approve", json={},
                 headers=api.auth(APPROVER, sub="bob", dept=POLICE))
    assert r.get_json()["state"] == "APPROVED"
    token = api.post(f"/api/v1/video/accessRequests/{request_id}:issuePlayToken", json={},
                     headers=api.auth(REQUESTER, sub="alice", dept=POLICE)).get_json()["token"]
    hook = {"mediaServerId": "zlm-1", "app": "rtp", "id": "140234", "ip": "10.1.2.3", "params": f"token={token}",
            "port": 50123, "schema": "rtsp", "protocol": "rtsp", "stream": f"34020000002000000001_{CAM}",
            "vhost": "__defaultVhost__", "hook_index": 7}
    r = api.post("/api/v1/video/play:check", json=hook, headers=api.auth(MEDIA, sub="zlm", kind="client"))
    assert r.status_code == 200 and r.get_json() == {"code": 0, "msg": "success", "allowed": True}
    r = api.post("/api/v1/video/play:check", json={**hook, "params": "token=forged"},
                 headers=api.auth(MEDIA, sub="zlm", kind="client"))
    assert r.get_json()["code"] != 0 and r.get_json()["allowed"] is False


def test_errors_are_problem_json_naming_fields(api) -> None:
    r = api.post("/api/v1/video/cameras", headers=api.auth(ADMIN), json={
        "id": "50010700082006000001", "name": "平台", "ownerDepartmentId": "bureau-city-management",
        "reportedPosition": {"lon": 106.5, "lat": 29.5}})
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("application/problem+json")
    assert any(e["field"] == "camera.id" for e in r.get_json()["errors"])
    r = api.get("/api/v1/video/detections?filter.polygon=1,2", headers=api.auth(READER))
    assert r.status_code == 400 and any(e["field"] == "filter.polygon" for e in r.get_json()["errors"])
    assert api.get("/api/v1/video/cameras").status_code == 401
    assert api.get("/api/v1/video/cameras", headers=api.auth(("grid:case.report",))).status_code == 403
