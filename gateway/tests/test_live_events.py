"""Live events (ADR 0110): who sees what, the replay cursor, and the stream from JetStream."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from datetime import UTC, datetime

import pytest

from jlp_common.auth import Principal
from jlp_common.events import envelope
from jlp_gateway import live, live_rules
from jlp_gateway.live_rules import BadCursor, Cursor, EventRule

CASES = live_rules.RULES[0]


def staff(*scopes: str, dept: str = "", actions: frozenset[str] = frozenset()) -> Principal:
    return Principal("u-1", scopes=frozenset(scopes), department=dept, required_actions=actions)


def test_event_types_follow_the_read_permissions_of_routed_components():
    reader = staff("grid:case.read", "environment:alert.read")
    assert [r.domain for r in live_rules.rules_for(reader, ["grid-event", "environment"])] == \
        ["grid", "environment"]
    # a component this gateway does not route offers nothing ("not deployed")
    assert [r.domain for r in live_rules.rules_for(reader, ["grid-event"])] == ["grid"]
    assert live_rules.rules_for(staff("grid:case.report"), ["grid-event"]) == []  # a citizen
    assert live_rules.rules_for(None, ["grid-event"]) == []
    restricted = staff("grid:case.read", actions=frozenset({"change_password"}))
    assert live_rules.rules_for(restricted, ["grid-event"]) == []


def test_department_bound_events_reach_that_department_or_the_command_centre():
    dept_a = staff("grid:case.read", dept="bureau-a")
    assert live_rules.may_see(CASES, dept_a, {"departmentId": "bureau-a"})
    assert not live_rules.may_see(CASES, dept_a, {"departmentId": "bureau-b"})
    assert live_rules.may_see(CASES, dept_a, {"caseId": "c1"})  # not dispatched yet: every reader
    ops = staff("grid:case.read", "grid:case.dispatch", dept="ops-center")
    assert live_rules.may_see(CASES, ops, {"departmentId": "bureau-b"})


ALL = ["grid-event", "environment", "tourism", "video-index", "investment", "social-security"]


def test_the_new_services_events_follow_their_read_permissions():
    """Each rule's permission is the one that reads the same data over REST (the services'
    policy tables), and the catalogue grants it to the roles watching the ops centre."""
    from jlp_common import registry

    # the services' policy tables (the uv workspace installs them; a gateway-only install skips)
    policies = {name: pytest.importorskip(f"jlp_{name}.policy") for name in
                ("tourism", "video_index", "investment", "social_security")}
    rest = {"tourism:alert.read": policies["tourism"].TOURISM_SERVICE["ListRedemptionAlerts"],
            "video:detection.read": policies["video_index"].VIDEO_INDEX_SERVICE["GetDetection"],
            "video:camera.read": policies["video_index"].VIDEO_INDEX_SERVICE["ListCameras"],
            "investment:project.read": policies["investment"].INVESTMENT_SERVICE["ListProjects"],
            "social:care.read": policies["social_security"].SOCIAL_SECURITY_SERVICE["ListCareRequests"]}
    offered = {r.subjects: r.permission for r in live_rules.RULES if r.domain not in ("grid", "environment")}
    assert offered == {"jlp.tourism.crowding.*": "tourism:alert.read",
                       "jlp.video.detection.*": "video:detection.read",
                       "jlp.video.camera.*": "video:camera.read",
                       "jlp.investment.project.*": "investment:project.read",
                       "jlp.social.care_request.escalated": "social:care.read"}
    assert all(rest[p] == p for p in offered.values())
    ops_center = set().union(*(c.grants.get("ops_center", frozenset()) for c in registry.components()))
    assert set(offered.values()) <= ops_center
    ops = staff(*ops_center, dept="ops-center")
    assert sorted({r.domain for r in live_rules.rules_for(ops, ALL)}) == \
        ["environment", "grid", "investment", "social", "tourism", "video"]
    # a scenic-area clerk: crowding only; a citizen: nothing, also from the new services
    assert [r.domain for r in live_rules.rules_for(staff("tourism:alert.read"), ALL)] == ["tourism"]
    assert live_rules.rules_for(staff("tourism:ticket.book"), ALL) == []


def test_video_events_reach_the_cameras_grant_and_never_wider():
    detection, camera = (r for r in live_rules.RULES if r.domain == "video")
    police = staff("video:camera.read", "video:detection.read", dept="bureau-public-security")
    office = staff("video:camera.read", "video:detection.read", dept="500107001")
    ops = staff("video:camera.read", "video:camera.read_all", "video:detection.read", dept="ops-center")
    offline = {"outageId": "o", "ownerDepartmentId": "bureau-public-security", "subdistrictCode": "500107002"}
    assert live_rules.may_see(camera, police, offline)  # its own camera
    assert not live_rules.may_see(camera, office, offline)  # another subdistrict's
    assert live_rules.may_see(camera, office, {**offline, "subdistrictCode": "500107001"})  # in its subdistrict
    alerted = {"alertId": "d", "subdistrictCode": "500107001"}
    assert live_rules.may_see(detection, office, alerted) and not live_rules.may_see(detection, police, alerted)
    online = {"outageId": "o", "cameraId": "c"}  # names no department: district-wide holders only
    assert not live_rules.may_see(camera, police, online) and live_rules.may_see(camera, ops, online)
    nobody = staff("video:camera.read")  # no department: nothing department-bound
    assert not live_rules.may_see(camera, nobody, offline)


def test_one_consumer_per_domain_with_each_event_matched_to_its_rule():
    rules = live_rules.rules_for(staff("video:camera.read", "video:detection.read", "grid:case.read"), ALL)
    grouped = live_rules.by_domain(rules)
    assert {d: len(g) for d, g in grouped.items()} == {"grid": 1, "video": 2}
    assert live_rules.consumer_filter("grid", grouped["grid"]) == "jlp.grid.case.*"
    assert live_rules.consumer_filter("video", grouped["video"]) == "jlp.video.>"
    assert live_rules.rule_for(grouped["video"], "jlp.video.camera.offline").permission == "video:camera.read"
    assert live_rules.rule_for(grouped["video"], "jlp.video.access.decided") is None  # not offered
    only_cameras = live_rules.by_domain(live_rules.rules_for(staff("video:camera.read"), ALL))
    assert live_rules.consumer_filter("video", only_cameras["video"]) == "jlp.video.camera.*"


def test_cursor_round_trips_and_names_what_is_wrong():
    cursor = Cursor.parse("grid=128,environment=3")
    assert str(cursor) == "environment=3,grid=128" and cursor.get("grid") == 128
    assert str(cursor.advanced("grid", 130).advanced("grid", 129)) == "environment=3,grid=130"
    assert str(Cursor.parse(None).merged({"grid": 7})) == "grid=7"
    assert str(cursor.merged({"grid": 900, "video": 2})) == "environment=3,grid=128,video=2"
    for bad in ("grid", "grid=-1", "Grid=1", "grid=1;x", "grid=1\nid: x", "g=" + "1" * 600):
        with pytest.raises(BadCursor, match="Last-Event-ID"):
            Cursor.parse(bad)


def test_subject_matching_and_frames():
    assert live_rules.subject_matches("jlp.grid.case.*", "jlp.grid.case.created")
    assert not live_rules.subject_matches("jlp.grid.case.*", "jlp.grid.case.created.x")
    assert live_rules.subject_matches("jlp.grid.>", "jlp.grid.case.created")
    assert not live_rules.subject_matches("jlp.grid.>", "jlp.grid")
    frame = live_rules.sse_frame(event="grid.case.created", event_id="grid=1", data={"note": "a\nb"})
    assert frame == 'id: grid=1\nevent: grid.case.created\ndata: {"note":"a\\nb"}\n\n'
    with pytest.raises(ValueError):
        live_rules.sse_frame(event_id="a\nb", data={})


def test_without_a_token_or_permission_or_nats_the_stream_is_refused(make_gateway, signer):
    client = make_gateway().test_client()
    assert client.get(live.PATH).status_code == 401
    app = make_gateway()
    app.extensions[live.EXTENSION_KEY].rules = (EventRule("grid", "echo", "jlp.grid.case.*", "grid:case.read"),)
    citizen = signer.token(scopes=["grid:case.report"])
    assert app.test_client().get(live.PATH, headers={"Authorization": f"Bearer {citizen}"}).status_code == 403
    reader = signer.token(scopes=["grid:case.read"])
    r = app.test_client().get(live.PATH, headers={"Authorization": f"Bearer {reader}",
                                                  "Last-Event-ID": "grid=x"})
    assert r.status_code == 400 and r.json["errors"][0]["field"] == "Last-Event-ID"
    r = app.test_client().get(live.PATH, headers={"Authorization": f"Bearer {reader}"})
    assert r.status_code == 503 and "JLP_NATS_URL" in r.json["detail"]


def publish(url: str, department: str) -> int:
    """One case event on JLP_GRID as grid-event's outbox relay would publish it; its sequence."""
    import nats

    from jlp_common.events.streams import StreamPolicy, ensure_stream

    async def go() -> int:
        nc = await nats.connect(url)
        js = nc.jetstream()
        await ensure_stream(js, StreamPolicy(replicas=1, max_age_s=3600, deadletter_max_age_s=3600).domain("grid"))
        event = envelope.build(event_id=str(uuid.uuid4()), source="/jlp/grid-event",
                               subject="jlp.grid.case.status_changed",
                               data={"caseId": f"c-{department}", "departmentId": department},
                               dataschema="type.googleapis.com/jlp.grid_event.v1.CaseStatusChanged",
                               time=datetime.now(UTC), subject_ref=f"cases/c-{department}")
        ack = await js.publish("jlp.grid.case.status_changed", envelope.encode(event))
        await nc.close()
        return ack.seq

    return asyncio.run(go())


def test_events_stream_from_jetstream_filtered_by_department_and_replayed(make_gateway, signer, nats_server):
    app = make_gateway(env={"JLP_NATS_URL": nats_server.url})
    app.extensions[live.EXTENSION_KEY].rules = (
        EventRule("grid", "echo", "jlp.grid.case.*", "grid:case.read", ("departmentId",), "grid:case.dispatch"),)
    first = publish(nats_server.url, "bureau-b")  # another department: filtered out
    second = publish(nats_server.url, "bureau-a")
    token = signer.token(scopes=["grid:case.read"], dept="bureau-a")
    response = app.test_client().get(live.PATH, buffered=False, headers={
        "Authorization": f"Bearer {token}", "Last-Event-ID": f"grid={first - 1}"})
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    frames: list[str] = []
    done = threading.Event()

    def read() -> None:
        buffer = ""
        for chunk in response.response:
            buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
            while "\n\n" in buffer:
                frame, buffer = buffer.split("\n\n", 1)
                frames.append(frame)
                if "event: grid.case.status_changed" in frame:
                    done.set()
                    return

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(10), frames
    response.close()
    ready, event = frames[0], frames[-1]
    assert ready.startswith("retry: 2000\nid: grid=") and "event: ready" in ready
    assert f"id: grid={second}" in event
    body = json.loads(event.split("data: ", 1)[1])
    assert body["data"]["departmentId"] == "bureau-a" and body["type"] == "grid.case.status_changed"
    assert not any("bureau-b" in f for f in frames)


def publish_events(url: str, domain: str, events: list[tuple[str, dict]]) -> list[int]:
    """Events on JLP_<DOMAIN> as a service's outbox relay would publish them; their sequences."""
    import nats

    from jlp_common.events.streams import StreamPolicy, ensure_stream

    async def go() -> list[int]:
        nc = await nats.connect(url)
        js = nc.jetstream()
        await ensure_stream(js, StreamPolicy(replicas=1, max_age_s=3600, deadletter_max_age_s=3600).domain(domain))
        sequences = []
        for subject, data in events:
            event = envelope.build(event_id=str(uuid.uuid4()), source=f"/jlp/{domain}", subject=subject, data=data,
                                   dataschema="type.googleapis.com/test", time=datetime.now(UTC))
            sequences.append((await js.publish(subject, envelope.encode(event))).seq)
        await nc.close()
        return sequences

    return asyncio.run(go())


def test_two_rules_share_one_video_consumer_and_each_keeps_its_departments(make_gateway, signer, nats_server):
    """One consumer on JLP_VIDEO carries camera outages and detection alerts; the reader of
    bureau-a gets its own camera's outage only: not another subdistrict's alert, not an
    outage-end naming no department, not an event type that is not offered."""
    app = make_gateway(env={"JLP_NATS_URL": nats_server.url})
    detection, camera = (r for r in live_rules.RULES if r.domain == "video")
    app.extensions[live.EXTENSION_KEY].rules = tuple(
        EventRule(r.domain, "echo", r.subjects, r.permission, r.department_fields, r.district_wide,
                  r.unbound_to_every_reader) for r in (detection, camera))
    first, *_, last = publish_events(nats_server.url, "video", [
        ("jlp.video.detection.alerted", {"alertId": "d-1", "subdistrictCode": "500107009"}),
        ("jlp.video.camera.online", {"outageId": "o-0", "cameraId": "c-0"}),
        ("jlp.video.access.decided", {"accessRequestId": "a-1", "decision": "APPROVED"}),
        ("jlp.video.camera.offline", {"outageId": "o-1", "ownerDepartmentId": "bureau-a",
                                      "subdistrictCode": "500107001"}),
    ])
    token = signer.token(scopes=["video:camera.read", "video:detection.read"], dept="bureau-a")
    response = app.test_client().get(live.PATH, buffered=False, headers={
        "Authorization": f"Bearer {token}", "Last-Event-ID": f"video={first - 1}"})
    assert response.status_code == 200
    frames: list[str] = []
    done = threading.Event()

    def read() -> None:
        buffer = ""
        for chunk in response.response:
            buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
            while "\n\n" in buffer:
                frame, buffer = buffer.split("\n\n", 1)
                frames.append(frame)
                if "event: video.camera.offline" in frame:
                    done.set()
                    return

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(10), frames
    response.close()
    ready, *events = frames
    assert json.loads(ready.split("data: ", 1)[1])["types"] == ["jlp.video.camera.*", "jlp.video.detection.*"]
    assert len(events) == 1 and f"id: video={last}" in events[0]
    assert json.loads(events[0].split("data: ", 1)[1])["data"]["outageId"] == "o-1"
