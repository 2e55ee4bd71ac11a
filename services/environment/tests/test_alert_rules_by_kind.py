"""The default rule of each station kind raises (and clears) alerts through the service, and the
hysteresis state lives in the database: a restarted process carries on where the last stopped."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import environment_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.subjects import ENVIRONMENT_ALERT_CLEARED, ENVIRONMENT_ALERT_RAISED
from jlp_environment.app import build
from jlp_environment.domain.timebase import HOUR, hour_floor
from jlp_environment.models import Alert

from .conftest import DEVICE, READER, SETTINGS, bearer, make_station
from .test_service import hourly


def open_alerts(stub, signer) -> dict[str, pb.Alert]:
    got = stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN), metadata=bearer(signer, READER))
    return {a.station_id: a for a in got.alerts}


def send(stub, signer, readings: list[pb.Reading]) -> pb.BatchCreateReadingsResponse:
    reply = stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                                     metadata=bearer(signer, DEVICE))
    assert not reply.rejected, reply.rejected
    return reply


def test_reservoir_source_water_and_noise_defaults_raise(stub, signer, clock) -> None:
    reservoir = make_station(stub, signer, "RS-A", pb.RESERVOIR, flood_limit_level_m=300).id
    source = make_station(stub, signer, "PS-A", pb.POLLUTION_SOURCE,
                          permit_limits={"so2": 200, "nox": 300}).id
    lake = make_station(stub, signer, "SW-A", pb.SURFACE_WATER, water_body="lake",
                        target_class=3).id
    calm = make_station(stub, signer, "RS-B", pb.RESERVOIR, flood_limit_level_m=300).id
    h = hour_floor(clock()) - 10 * HOUR
    send(stub, signer, [
        hourly(reservoir, "water_level", 300.4, h),  # above the flood-limit level: 1 h raises
        hourly(calm, "water_level", 300.0, h),  # at the level is not above it
        hourly(source, "so2", 250, h), hourly(source, "nox", 100, h),  # so2 1.25× its permit
        # lake TP 0.12 is class V against target III, in two samples 4 h apart
        hourly(lake, "tp", 0.12, h), hourly(lake, "tp", 0.12, h + 4 * HOUR),
        hourly(lake, "do", 8, h), hourly(lake, "do", 8, h + 4 * HOUR)])
    alerts = open_alerts(stub, signer)
    assert set(alerts) == {reservoir, source, lake}
    assert alerts[reservoir].value == 0.4 and alerts[reservoir].severity == pb.CRITICAL
    assert alerts[source].value == 1.25 and "so2" in alerts[source].description
    assert alerts[lake].value == 2 and "tp" in alerts[lake].description
    # back within the permit for 2 hours: the source's alert clears
    send(stub, signer, [hourly(source, "so2", 150, h + HOUR), hourly(source, "so2", 150,
                                                                      h + 2 * HOUR)])
    assert source not in open_alerts(stub, signer)


def test_noise_night_period_starts_at_22_beijing(stub, signer, clock) -> None:
    """Class 1: 47.3 dB(A) is within the day limit (55) at 21:00 and above the night limit
    (45) from 22:00; two night hours raise, so the run starts at 22:00 Beijing (14:00 UTC)."""
    point = make_station(stub, signer, "NZ-A", pb.NOISE, noise_zone="1").id
    h21 = datetime(2026, 11, 19, 13, tzinfo=UTC)  # 21:00 Beijing, within the 24 h lookback
    send(stub, signer, [hourly(point, "noise_leq", 47.3, h21),
                        hourly(point, "noise_leq", 47.3, h21 + HOUR)])
    assert point not in open_alerts(stub, signer)  # 21:00 is day, only one night hour
    send(stub, signer, [hourly(point, "noise_leq", 47.3, h21 + 2 * HOUR)])
    alert = open_alerts(stub, signer)[point]
    assert alert.value == 2.3 and "22:00" in alert.description
    # 05:00 Beijing is still night, 06:00 is day: 50 dB(A) exceeds at 05:00 only
    h05 = h21 + 8 * HOUR
    send(stub, signer, [hourly(point, "noise_leq", 40, h21 + i * HOUR) for i in range(3, 8)] +
         [hourly(point, "noise_leq", 50, h05), hourly(point, "noise_leq", 50, h05 + HOUR)])
    got = stub.GetAlert(pb.GetAlertRequest(id=alert.id), metadata=bearer(signer, READER))
    assert got.state == pb.CLEARED  # cleared by the quiet hours, not re-raised by 05:00 alone
    assert point not in open_alerts(stub, signer)


def test_alert_state_survives_a_restart(app, stub, signer, clock) -> None:
    """One polluted hour before the restart and one after raise the alert (2 h rule): the
    exceedance run was stored, not kept in memory. Replays after further restarts change
    nothing; the clear after restart happens once."""
    sid = make_station(stub, signer).id
    first = hour_floor(clock()) - 6 * HOUR
    send(stub, signer, [hourly(sid, "pm25", 300, first)])
    assert not open_alerts(stub, signer)

    def restart(previous):
        previous.stop(0)
        fresh = build(Settings.from_env("environment", SETTINGS), verifier=signer.verifier(),
                          locator=previous.environment.registry.locator, clock=clock,
                          connect_db=False)
        fresh.start()
        return fresh

    current = app
    try:
        current = restart(current)
        stub = pb_grpc.EnvironmentServiceStub(grpc.insecure_channel(f"127.0.0.1:{current.port}"))
        send(stub, signer, [hourly(sid, "pm25", 300, first + HOUR)])
        [alert] = open_alerts(stub, signer).values()
        current = restart(current)
        stub = pb_grpc.EnvironmentServiceStub(grpc.insecure_channel(f"127.0.0.1:{current.port}"))
        # redelivery of the same hours and a fresh evaluation: nothing new
        send(stub, signer, [hourly(sid, "pm25", 300, first), hourly(sid, "pm25", 300,
                                                                     first + HOUR)])
        current.environment.engine.evaluate_stations([sid])
        assert list(open_alerts(stub, signer)) == [sid]
        send(stub, signer, [hourly(sid, "pm25", 20, first + 2 * HOUR)])
        current = restart(current)
        stub = pb_grpc.EnvironmentServiceStub(grpc.insecure_channel(f"127.0.0.1:{current.port}"))
        send(stub, signer, [hourly(sid, "pm25", 20, first + 3 * HOUR)])
        assert not open_alerts(stub, signer)
        current.environment.engine.evaluate_stations([sid])
        doc = Alert._get_collection().find_one({"_id": alert.id})
        assert Alert.objects.count() == 1 and doc["state"] == "CLEARED"
        subjects = [e["subject"] for e in doc["outbox"]]
        assert subjects.count(ENVIRONMENT_ALERT_RAISED) == 1
        assert subjects.count(ENVIRONMENT_ALERT_CLEARED) == 1
    finally:
        if current is not app:
            current.stop(0)  # the fixture stops `app` itself
