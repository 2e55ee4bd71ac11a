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
        EventRule("grid", "echo", "jlp.grid.case.*", "grid:case.read", "departmentId", "grid:case.dispatch"),)
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
