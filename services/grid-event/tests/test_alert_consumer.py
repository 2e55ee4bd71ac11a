"""The environment-alert consumer: what is retried, what is parked at once, and alerts of
stations outside the unit grid (issue 15). The handler is driven directly with events; the bus
side (retry schedule, dead-lettering on Permanent) is tested in libs/common."""

from __future__ import annotations

import json
import uuid

import pytest

from jlp.grid_event.v1 import case_pb2
from jlp_common.events import Permanent
from jlp_common.events.envelope import decode

from .conftest import X0, Y0, point_in


def alert_event(**overrides):
    lon, lat = point_in(0)
    data = {"alertId": uuid.uuid4().hex[:8], "stationId": "st-1", "stationCode": "AQ-07",
            "stationName": "杨家坪站", "stationKind": "AIR", "metric": "aqi", "severity": "MAJOR",
            "value": 180.0, "threshold": 150.0, "lon": lon, "lat": lat, **overrides}
    envelope = {"specversion": "1.0", "id": uuid.uuid4().hex, "source": "/jlp/environment",
                "type": "cn.gov.cq.jlp.environment.alert.raised",
                "dataschema": "type.googleapis.com/jlp.environment.v1.AlertRaised", "data": data}
    return decode(json.dumps(envelope).encode()), data["alertId"]


def test_alert_of_a_station_outside_the_unit_grid_becomes_a_district_level_case(server):
    """An upstream water section or a boundary station lies outside every unit grid: the alert
    used to fail on every delivery and end in the dead letters; it is now filed at district
    level (no subdistrict or grid) for the command centre to register and dispatch."""
    event, alert_id = alert_event(lon=X0 - 0.2, lat=Y0 - 0.2, stationKind="SURFACE_WATER",
                                  metric="water_class", stationName="长江上游断面")
    case_id = server.service.alerts.handle(event)
    case = server.cases.GetCase(case_pb2.GetCaseRequest(id=case_id),
                                metadata=server.md("ops_center"))
    assert case.source_ref == f"alerts/{alert_id}" and case.source == case_pb2.ENVIRONMENT
    assert case.grid_code == "" and case.subdistrict_code == ""
    assert case.status == case_pb2.REPORTED
    assert "district level" in case.history[0].note
    # redelivered: the same case, not a second one
    again, _ = alert_event(alertId=alert_id, lon=X0 - 0.2, lat=Y0 - 0.2,
                           stationKind="SURFACE_WATER", metric="water_class")
    assert server.service.alerts.handle(again) == case_id


def test_a_citizen_report_outside_the_grid_is_still_refused(server):
    from jlp_common.auth import Principal
    from jlp_common.errors import InvalidArgument
    from jlp_grid_event.cases import Report

    citizen = Principal("c-1", roles=frozenset({"citizen"}), scopes=frozenset({"grid:case.report"}))
    with pytest.raises(InvalidArgument, match="outside the district"):
        server.service.cases.report(Report("2026-event-01001", X0 - 0.2, Y0 - 0.2, "x"), citizen)


@pytest.mark.parametrize(("overrides", "why"), [
    ({"alertId": ""}, "alert_id"),
    ({"lon": 0.0, "lat": 0.0}, "case.location"),
    ({"lon": 500.0}, "case.location"),
])
def test_an_alert_that_can_never_become_a_case_is_a_permanent_failure(server, overrides, why):
    event, _ = alert_event(**overrides)
    with pytest.raises(Permanent, match=why) as failure:
        server.service.alerts.handle(event)
    assert failure.value.reason == "invalid_alert"


def test_a_store_outage_is_transient(server, monkeypatch):
    """MongoDB unreachable: the handler raises something that is not Permanent, so the bus
    retries it on its (hour-long) schedule instead of parking it."""
    from pymongo.errors import ServerSelectionTimeoutError

    def down(*_a, **_k):
        raise ServerSelectionTimeoutError("mongo:27017: timed out")

    monkeypatch.setattr(server.service.cases, "report", down)
    event, _ = alert_event()
    with pytest.raises(ServerSelectionTimeoutError) as failure:
        server.service.alerts.handle(event)
    assert not isinstance(failure.value, Permanent)


def crowding_event(**overrides):
    lon, lat = point_in(1)
    data = {"crowdingId": uuid.uuid4().hex[:8], "spotId": "sp-1", "spotCode": "HY",
            "spotName": "华岩旅游风景区", "measure": "INSTANTANEOUS", "level": "RED",
            "count": 5000, "capacity": 5000, "percent": 100.0, "lon": lon, "lat": lat, **overrides}
    envelope = {"specversion": "1.0", "id": uuid.uuid4().hex, "source": "/jlp/tourism",
                "type": "cn.gov.cq.jlp.tourism.crowding.raised",
                "dataschema": "type.googleapis.com/jlp.tourism.v1.CrowdingRaised", "data": data}
    return decode(json.dumps(envelope).encode())


def test_crowding_events_follow_the_same_failure_rules(server):
    from jlp_grid_event.consumers import CrowdingConsumer

    consumer = CrowdingConsumer(server.service.cases)
    for bad, reason in (({"crowdingId": ""}, "invalid_crowding"), ({"lon": 0.0, "lat": 0.0}, "invalid_crowding")):
        with pytest.raises(Permanent) as failure:
            consumer.handle(crowding_event(**bad))
        assert failure.value.reason == reason
    case_id = consumer.handle(crowding_event(lon=X0 - 0.2, lat=Y0 - 0.2))  # spot outside the grid
    case = server.cases.GetCase(case_pb2.GetCaseRequest(id=case_id), metadata=server.md("ops_center"))
    assert case.grid_code == "" and case.source == case_pb2.TOURISM
