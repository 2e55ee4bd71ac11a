"""Alert → case → case id, through a real nats-server with grid-event's servicer in-process.

Three hourly PM2.5 values of 300 µg/m³ raise one alert; the outbox relay publishes
`jlp.environment.alert.raised`; grid-event opens exactly one case (even when the event is
delivered again or re-published under a new id) and announces `jlp.grid.case.created`; the
environment consumer links the case id to the alert. Two clean hours clear the alert and
publish `jlp.environment.alert.cleared` once.
"""

from __future__ import annotations

import uuid

from google.protobuf import timestamp_pb2

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import events_pb2
from jlp_common import subjects
from jlp_common.events import Processed
from jlp_environment.domain.timebase import HOUR, hour_floor
from jlp_environment.models import Alert

from .conftest import ADMIN, DEVICE, READER, UNIT, bearer, wait_for


def ts(moment) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(moment)
    return out


def test_three_polluted_hours_make_one_alert_one_case_then_clear(chain, clock) -> None:
    stub, signer, listener = chain["stub"], chain["signer"], chain["listener"]
    raised: list = []
    cleared: list = []
    suffix = uuid.uuid4().hex[:6]
    listener.subscribe(stream="JLP_ENVIRONMENT", durable=f"test-raised-{suffix}",
                       filter_subject=subjects.ENVIRONMENT_ALERT_RAISED,
                       handler=lambda e: raised.append(e))
    listener.subscribe(stream="JLP_ENVIRONMENT", durable=f"test-cleared-{suffix}",
                       filter_subject=subjects.ENVIRONMENT_ALERT_CLEARED,
                       handler=lambda e: cleared.append(e.parse(events_pb2.AlertCleared)))

    station = stub.CreateStation(pb.CreateStationRequest(station=pb.Station(
        code=f"CH-{suffix}", name="杨家坪", kind=pb.AIR,
        location=pb.LatLng(lon=106.51, lat=29.51))), metadata=bearer(signer, ADMIN))
    assert station.grid_status == "RESOLVED" and station.grid_code == UNIT  # real LocateGrid

    first = hour_floor(clock()) - 6 * HOUR
    device = bearer(signer, DEVICE, kind="client")
    for i in range(3):
        stub.CreateReading(pb.CreateReadingRequest(reading=pb.Reading(
            station_id=station.id, metric="pm25", value=300, period=pb.HOUR,
            observed_at=ts(first + i * HOUR))), metadata=device)
    [alert] = stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN),
                              metadata=bearer(signer, READER)).alerts

    def case_id() -> str:
        got = stub.GetAlert(pb.GetAlertRequest(id=alert.id), metadata=bearer(signer, READER))
        return got.case_id

    linked = wait_for(case_id)
    # The session-wide nats-server also holds other tests' alerts: pick this alert's event.
    event = wait_for(lambda: next(
        (e for e in raised if e.parse(events_pb2.AlertRaised).alert_id == alert.id), None))
    payload = event.parse(events_pb2.AlertRaised)
    assert payload.alert_id == alert.id and payload.grid_code == UNIT
    assert payload.metric == "aqi" and payload.value == 350 and payload.threshold == 150

    # Redelivery: the relay publishes the same recorded event again, and an operator replays
    # it under a new id. Still one case, and the link does not change.
    env = chain["env"].environment
    wait_for(lambda: Alert._get_collection().find_one({"_id": alert.id})["outbox"] == [])
    env.bus.publish(subjects.ENVIRONMENT_ALERT_RAISED, payload, event_id=event.id)
    replay_id = env.bus.publish(subjects.ENVIRONMENT_ALERT_RAISED, payload)
    from jlp_grid_event.consumers import ALERTS_DURABLE
    from jlp_grid_event.models import CaseDoc

    wait_for(lambda: Processed.seen(ALERTS_DURABLE, replay_id))  # grid-event handled the replay

    def cases_for_alert() -> list:
        return list(CaseDoc.objects(source_ref=f"alerts/{alert.id}"))

    [case] = cases_for_alert()
    assert case.id == linked and case_id() == linked

    for i in (3, 4):
        stub.CreateReading(pb.CreateReadingRequest(reading=pb.Reading(
            station_id=station.id, metric="pm25", value=20, period=pb.HOUR,
            observed_at=ts(first + i * HOUR))), metadata=device)
    got = stub.GetAlert(pb.GetAlertRequest(id=alert.id), metadata=bearer(signer, READER))
    assert got.state == pb.CLEARED and got.case_id == linked
    def mine_raised() -> list:
        return [e for e in raised if e.parse(events_pb2.AlertRaised).alert_id == alert.id]

    def mine_cleared() -> list:
        return [c for c in cleared if c.alert_id == alert.id]

    wait_for(lambda: mine_cleared() and len(mine_raised()) >= 2)
    assert len(mine_cleared()) == 1
    assert len(mine_raised()) == 2  # the original and the replay under a new id (dedupe drops the copy)
