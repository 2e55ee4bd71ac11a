"""Events over a real nats-server: alerts become one case each; case events are published."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from jlp.grid_event.v1 import case_pb2, events_pb2
from jlp_common import subjects
from jlp_common.config import Settings
from jlp_common.events import EventBus, Processed
from jlp_grid_event.consumers import ALERTS_DURABLE
from jlp_testkit.nats import wait_for

from .conftest import point_in, start_server

try:
    from jlp.environment.v1.events_pb2 import AlertRaised
except ImportError:  # environment's stubs not generated yet
    AlertRaised = None




def settings(nats_url: str, name: str) -> Settings:
    return Settings.from_env(name, {"JLP_NATS_URL": nats_url, "JLP_LOG_LEVEL": "WARNING"})


@pytest.fixture
def evented(nats_server) -> Iterator:
    bus = EventBus(settings(nats_server.url, "grid-event"))
    yield from start_server(bus=bus)


@pytest.fixture
def environment_bus(nats_server) -> Iterator[EventBus]:
    bus = EventBus(settings(nats_server.url, "environment"))
    bus.start()
    yield bus
    bus.stop()


def alert_message(alert_id: str):
    lon, lat = point_in(0)
    fields = dict(alert_id=alert_id, station_id="st-1", station_code="AQ-07", station_name="杨家坪站",
                  station_kind="AIR", metric="pm25", severity="MAJOR", value=180.0, threshold=115.0,
                  lon=lon, lat=lat, subdistrict_code="500107001")
    if AlertRaised is None:
        pytest.skip("jlp.environment.v1 stubs not available")
    return AlertRaised(**fields, raise_time=Timestamp(seconds=int(time.time())))


def test_same_alert_delivered_twice_yields_one_case(evented, environment_bus, nats_server):
    server = evented
    created: list = []
    listener = EventBus(settings(nats_server.url, "listener"))
    listener.start()
    try:
        listener.subscribe(stream="JLP_GRID", durable=f"test-created-{uuid.uuid4().hex[:6]}",
                           filter_subject=subjects.GRID_CASE_CREATED,
                           handler=lambda e: created.append(e.parse(events_pb2.CaseCreated)))
        alert_id = uuid.uuid4().hex[:8]
        msg = alert_message(alert_id)
        event_id = uuid.uuid4().hex
        environment_bus.publish(subjects.ENVIRONMENT_ALERT_RAISED, msg, event_id=event_id)
        # A redelivery under the same id, and a replay published under a new id.
        environment_bus.publish(subjects.ENVIRONMENT_ALERT_RAISED, msg, event_id=event_id)
        replay_id = environment_bus.publish(subjects.ENVIRONMENT_ALERT_RAISED, msg)
        ops = server.md("ops_center")

        def alert_cases():
            return server.cases.ListCases(case_pb2.ListCasesRequest(source=case_pb2.ENVIRONMENT),
                                          metadata=ops).cases

        cases = wait_for(alert_cases)
        wait_for(lambda: [c for c in created if c.source_ref == f"alerts/{alert_id}"])
        wait_for(lambda: Processed.seen(ALERTS_DURABLE, replay_id))  # the replay was handled too
        cases = alert_cases()
        assert len(cases) == 1
        case = cases[0]
        assert case.source_ref == f"alerts/{alert_id}" and case.urgency == case_pb2.URGENT
        assert case.category_id == "2026-event-99001"
        mine = [c for c in created if c.source_ref == f"alerts/{alert_id}"]
        assert len(mine) == 1 and mine[0].case_id == case.id and mine[0].source == "ENVIRONMENT"
    finally:
        listener.stop()


def test_transitions_publish_status_changed_and_closed(evented, nats_server):
    server = evented
    got: list = []
    listener = EventBus(settings(nats_server.url, "listener"))
    listener.start()
    try:
        listener.subscribe(stream="JLP_GRID", durable=f"test-all-{uuid.uuid4().hex[:6]}",
                           filter_subject="jlp.grid.case.>", handler=got.append)
        lon, lat = point_in(1)
        ticket = f"12345-{uuid.uuid4().hex[:10]}"  # unique across tests sharing the stream
        ops = server.md("ops_center")
        c = server.cases.CreateCase(case_pb2.CreateCaseRequest(case=case_pb2.Case(
            category_code="06012", location=case_pb2.Location(lon=lon, lat=lat),
            source=case_pb2.HOTLINE_12345, source_ref=ticket)), metadata=ops)
        server.cases.RejectCase(case_pb2.RejectCaseRequest(
            id=c.id, note="不属于城管范围，已电话告知 13812345678"), metadata=ops)

        def of_this_case():
            found = [e for e in got if e.data.get("sourceRef") == ticket]
            return found if len(found) >= 3 else None

        mine = wait_for(of_this_case)
        assert {e.subject for e in mine} == {f"cases/{c.id}"}
        types = [e.type for e in mine]
        assert any(t.endswith("case.created") for t in types)
        changed = next(e for e in mine if e.type.endswith("status_changed")).parse(events_pb2.CaseStatusChanged)
        assert (changed.from_status, changed.to_status, changed.action) == ("REPORTED", "REJECTED", "reject")
        assert changed.note == "不属于城管范围，已电话告知 [电话已隐藏]"  # personal data masked on the wire
        closed = next(e for e in mine if e.type.endswith("closed")).parse(events_pb2.CaseClosed)
        assert closed.status == "REJECTED"
    finally:
        listener.stop()
