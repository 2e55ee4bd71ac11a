"""social-security's overdue emergency care requests over a real nats-server: an escalation
delivered twice — and re-published under a new event id — is exactly one urgent case (source
SOCIAL) for the civil-affairs bureau; an escalation without a request id is parked at once."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from jlp.grid_event.v1 import case_pb2
from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.config import Settings
from jlp_common.events import EventBus, Permanent, Processed
from jlp_grid_event.consumers import CARE_ESCALATIONS_DURABLE, report_for_escalation
from jlp_testkit.nats import wait_for

from .conftest import point_in, start_server


def settings(nats_url: str, name: str) -> Settings:
    return Settings.from_env(name, {"JLP_NATS_URL": nats_url, "JLP_LOG_LEVEL": "WARNING"})


@pytest.fixture
def evented(nats_server) -> Iterator:
    yield from start_server(bus=EventBus(settings(nats_server.url, "grid-event")))


@pytest.fixture
def social_bus(nats_server) -> Iterator[EventBus]:
    bus = EventBus(settings(nats_server.url, "social-security"))
    bus.start()
    yield bus
    bus.stop()


def social_cases(server) -> list:
    return server.cases.ListCases(case_pb2.ListCasesRequest(source=case_pb2.SOCIAL),
                                  metadata=server.md("ops_center")).cases


def test_an_escalated_care_request_is_exactly_one_urgent_case(evented, social_bus) -> None:
    lon, lat = point_in(0)
    request_id = uuid.uuid4().hex
    now = int(time.time())
    msg = events_pb2.CareRequestEscalated(
        care_request_id=request_id, service_type="EMERGENCY_AID", lon=lon, lat=lat, subdistrict_code="500107001",
        grid_code="", due_time=Timestamp(seconds=now - 60), escalate_time=Timestamp(seconds=now),
        description="emergency aid not started 15 min after the request")
    fixed_id = f"care-request-{request_id}-escalated"  # social-security's id for this escalation
    social_bus.publish(subjects.SOCIAL_CARE_REQUEST_ESCALATED, msg, event_id=fixed_id)
    social_bus.publish(subjects.SOCIAL_CARE_REQUEST_ESCALATED, msg, event_id=fixed_id)  # scanner retry
    replay = social_bus.publish(subjects.SOCIAL_CARE_REQUEST_ESCALATED, msg)  # a new id, e.g. a redrive
    wait_for(lambda: Processed.seen(CARE_ESCALATIONS_DURABLE, replay))
    cases = [c for c in social_cases(evented) if c.source_ref == f"care-requests/{request_id}"]
    assert len(cases) == 1
    case = cases[0]
    assert case.source == case_pb2.SOCIAL and case.urgency == case_pb2.URGENT
    assert case.category_id == "2026-event-99051"
    assert request_id in case.description


def test_an_escalation_without_a_request_id_is_a_permanent_failure() -> None:
    with pytest.raises(Permanent):
        report_for_escalation({"service_type": "EMERGENCY_AID", "lon": 106.5, "lat": 29.5})
    r = report_for_escalation({"care_request_id": "r1", "lon": 106.5, "lat": 29.5})
    assert r.source_ref == "care-requests/r1" and r.category_code == "2026-event-99051"
