"""The environment service over a real gRPC channel (random port, embedded store)."""

from __future__ import annotations

from datetime import datetime, timedelta

import grpc
import pytest
from google.protobuf import field_mask_pb2, timestamp_pb2
from google.rpc import error_details_pb2

from jlp.environment.v1 import environment_pb2 as pb
from jlp_common.errors import status_from_rpc_error, unpack_details
from jlp_common.subjects import ENVIRONMENT_ALERT_CLEARED, ENVIRONMENT_ALERT_RAISED
from jlp_environment.domain.timebase import HOUR, hour_floor
from jlp_environment.models import ReadingBucket

from .conftest import ADMIN, DEVICE, READER, bearer, make_station


def ts(moment: datetime) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(moment)
    return out


def violations(err: grpc.RpcError) -> dict[str, str]:
    details = unpack_details(status_from_rpc_error(err))
    bad = [d for d in details if isinstance(d, error_details_pb2.BadRequest)]
    return {v.field: v.description for b in bad for v in b.field_violations}


# --- AQI ------------------------------------------------------------------------------------
def test_calculate_aqi_is_public_and_matches_the_worked_example(stub) -> None:
    req = pb.CalculateAqiRequest(period=pb.DAY, edition=2012, concentrations=pb.Concentrations(
        pm25=80, pm10=120, so2=10, no2=40, co=1.0, o3_8h=100))
    r = stub.CalculateAqi(req)
    assert (r.aqi, r.level, r.category, r.color) == (107, 3, "轻度污染", "#FF7E00")
    assert list(r.primary_pollutants) == ["pm25"] and r.iaqi["o3_8h"] == 50
    req.edition = 0  # in force on the clock's date (2026-11-20): HJ 633-2026
    r = stub.CalculateAqi(req)
    assert (r.aqi, r.edition, r.category_en) == (119, 2026, "Lightly polluted")


def test_calculate_aqi_rejects_negative_and_empty_naming_the_field(stub) -> None:
    with pytest.raises(grpc.RpcError) as err:
        stub.CalculateAqi(pb.CalculateAqiRequest(
            period=pb.HOUR, concentrations=pb.Concentrations(pm25=-1, no2=10)))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "concentrations.pm25" in violations(err.value)
    with pytest.raises(grpc.RpcError) as err:
        stub.CalculateAqi(pb.CalculateAqiRequest(period=pb.HOUR))
    assert "concentrations" in violations(err.value)
    with pytest.raises(grpc.RpcError) as err:
        stub.CalculateAqi(pb.CalculateAqiRequest(concentrations=pb.Concentrations(pm25=1)))
    assert "period" in violations(err.value)


# --- stations -------------------------------------------------------------------------------
def test_create_station_resolves_grid_and_needs_admin(stub, signer) -> None:
    station = make_station(stub, signer, "AIR-01")
    assert station.id and station.grid_status == "RESOLVED"
    assert station.subdistrict_code == "500107001" and station.grid_code == "500107001001001"
    with pytest.raises(grpc.RpcError) as err:
        stub.CreateStation(pb.CreateStationRequest(station=pb.Station(
            code="X", name="x", kind=pb.AIR, location=pb.LatLng(lon=106.5, lat=29.5))),
            metadata=bearer(signer, READER))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as err:
        make_station(stub, signer, "AIR-01")
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS
    listed = stub.ListStations(pb.ListStationsRequest(kind=pb.AIR), metadata=bearer(signer, READER))
    assert [s.code for s in listed.stations] == ["AIR-01"] and listed.total_size == 1
    got = stub.GetStation(pb.GetStationRequest(id=station.id), metadata=bearer(signer, READER))
    assert got.code == "AIR-01"


def test_station_validation(stub, signer) -> None:
    with pytest.raises(grpc.RpcError) as err:
        stub.CreateStation(pb.CreateStationRequest(station=pb.Station(
            code="bad code!", kind=pb.NOISE, noise_zone="5",
            location=pb.LatLng(lon=200, lat=29.5))), metadata=bearer(signer, ADMIN))
    bad = violations(err.value)
    assert {"station.code", "station.name", "station.location.lon",
            "station.noise_zone"} <= set(bad)
    with pytest.raises(grpc.RpcError) as err:
        make_station(stub, signer, "PS-1", pb.POLLUTION_SOURCE, credit_code="91500107MA5U00003H")
    assert "station.credit_code" in violations(err.value)


def test_station_is_kept_when_grid_event_is_down_and_resolved_later(app, stub, signer,
                                                                    grid) -> None:
    grid.up = False
    station = make_station(stub, signer, "NZ-1", pb.NOISE, lon=106.40, lat=29.48,
                           noise_zone="2")
    assert station.grid_status == "PENDING" and not station.subdistrict_code
    grid.up = True
    assert app.environment.registry.resolve_pending() == 1
    got = stub.GetStation(pb.GetStationRequest(id=station.id), metadata=bearer(signer, READER))
    assert got.grid_status == "RESOLVED" and got.subdistrict_name == "白市驿镇"


def test_update_station_with_field_mask(stub, signer) -> None:
    station = make_station(stub, signer, "RS-1", pb.RESERVOIR)
    update = pb.UpdateStationRequest(
        station=pb.Station(id=station.id, flood_limit_level_m=301.5, name="renamed"),
        update_mask=field_mask_pb2.FieldMask(paths=["flood_limit_level_m"]))
    got = stub.UpdateStation(update, metadata=bearer(signer, ADMIN))
    assert got.flood_limit_level_m == 301.5 and got.name == station.name
    update.update_mask.paths[:] = ["code"]
    with pytest.raises(grpc.RpcError) as err:
        stub.UpdateStation(update, metadata=bearer(signer, ADMIN))
    assert "update_mask.code" in violations(err.value)


# --- readings -------------------------------------------------------------------------------
def ten_thousand(stations: list[str], end: datetime) -> list[pb.Reading]:
    """2 stations × 2 metrics × 2,500 one-minute values, oldest first."""
    out = []
    for minute in range(2500):
        moment = end - timedelta(minutes=2500 - minute)
        for sid in stations:
            out.append(pb.Reading(station_id=sid, metric="pm25", value=30 + minute % 7,
                                  observed_at=ts(moment)))
            out.append(pb.Reading(station_id=sid, metric="pm10", value=60 + minute % 5,
                                  observed_at=ts(moment)))
    return out


def stored_values() -> int:
    return sum(len(b.values) + (1 if b.hourly is not None else 0) for b in ReadingBucket.objects())


def test_batch_of_10000_with_3_bad_then_all_duplicates(stub, signer, clock) -> None:
    ids = [make_station(stub, signer, f"AIR-{i}").id for i in (1, 2)]
    readings = ten_thousand(ids, clock())
    assert len(readings) == 10_000
    readings[17].value = -5
    readings[4242].metric = "pm2.5"
    readings[9999].observed_at.CopyFrom(ts(clock() + timedelta(minutes=6)))
    device = bearer(signer, DEVICE, sub="dev-1", kind="client")
    first = stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                                     metadata=device)
    assert (first.accepted_count, first.duplicate_count, first.rejected_count) == (9997, 0, 3)
    assert [(r.index, r.field) for r in first.rejected] == [
        (17, "value"), (4242, "metric"), (9999, "observedAt")]
    assert stored_values() == 9997
    again = stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                                     metadata=device)
    assert (again.accepted_count, again.duplicate_count, again.rejected_count) == (0, 9997, 3)
    assert stored_values() == 9997
    assert ReadingBucket.objects.count() < 200  # one document per station, metric and hour


def test_repeats_inside_one_batch_count_once(stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    moment = ts(clock() - timedelta(minutes=3))
    same = [pb.Reading(station_id=sid, metric="no2", value=v, observed_at=moment)
            for v in (40, 41, 40)]
    r = stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=same),
                                 metadata=bearer(signer, DEVICE))
    assert (r.accepted_count, r.duplicate_count) == (1, 2)
    assert stored_values() == 1


def test_batch_limits_and_auth(stub, signer) -> None:
    with pytest.raises(grpc.RpcError) as err:
        stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=[pb.Reading()] * 10_001),
                                 metadata=bearer(signer, DEVICE))
    assert "readings" in violations(err.value)
    with pytest.raises(grpc.RpcError) as err:
        stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(), metadata=bearer(signer, READER))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_single_reading_and_its_errors(stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    reading = pb.Reading(station_id=sid, metric="co", value=1200, unit="ug/m3",
                         observed_at=ts(clock() - timedelta(minutes=1)))
    stub.CreateReading(pb.CreateReadingRequest(reading=reading), metadata=bearer(signer, DEVICE))
    latest = stub.ListLatest(pb.ListLatestRequest(), metadata=bearer(signer, READER))
    assert latest.stations[0].values["co"].value == pytest.approx(1.2)  # stored in mg/m³
    assert latest.stations[0].values["co"].unit == "mg/m³"
    reading.unit = "dB(A)"
    with pytest.raises(grpc.RpcError) as err:
        stub.CreateReading(pb.CreateReadingRequest(reading=reading),
                           metadata=bearer(signer, DEVICE))
    assert "reading.unit" in violations(err.value)


def test_stream_readings_reports_indexes_over_the_whole_stream(stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    end = clock()
    readings = [pb.Reading(station_id=sid, metric="o3", value=80,
                           observed_at=ts(end - timedelta(seconds=30 * i))) for i in range(5000)]
    readings[4321].station_id = "nope"

    def messages():
        for start in range(0, len(readings), 500):
            yield pb.StreamReadingsRequest(readings=readings[start:start + 500])

    r = stub.StreamReadings(messages(), metadata=bearer(signer, DEVICE))
    assert (r.accepted_count, r.duplicate_count) == (4999, 0)
    assert [(x.index, x.field) for x in r.rejected] == [(4321, "stationId")]


# --- aggregation ----------------------------------------------------------------------------
def test_hourly_validity_said_in_the_series(stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    full = hour_floor(clock()) - 3 * HOUR
    short = full + HOUR
    readings = [pb.Reading(station_id=sid, metric="so2", value=10 + i, observed_at=ts(
        full + timedelta(minutes=5 * i))) for i in range(12)]
    readings += [pb.Reading(station_id=sid, metric="so2", value=10, observed_at=ts(
        short + timedelta(minutes=5 * i))) for i in range(6)]  # 30 minutes only
    stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                             metadata=bearer(signer, DEVICE))
    series = stub.QueryTimeSeries(pb.QueryTimeSeriesRequest(
        station_id=sid, metric="so2", interval=pb.HOUR, start_time=ts(full),
        end_time=ts(short)), metadata=bearer(signer, READER))
    first, second = series.points
    assert first.valid and first.value == pytest.approx(15.5) and first.count == 12
    assert not second.valid and not second.HasField("value")
    assert "30 of the 45 minutes" in second.invalid_reason


def test_daily_series_needs_20_hours_and_aqi_series(stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    day_start = datetime(2026, 11, 18, 16, tzinfo=clock().tzinfo)  # 2026-11-19 00:00 Beijing
    hours = [day_start + i * HOUR for i in range(21)]
    readings = [pb.Reading(station_id=sid, metric="pm25", value=79.6, observed_at=ts(h),
                           period=pb.HOUR) for h in hours]
    stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                             metadata=bearer(signer, DEVICE))
    day = stub.QueryTimeSeries(pb.QueryTimeSeriesRequest(
        station_id=sid, metric="pm25", interval=pb.DAY, start_time=ts(day_start),
        end_time=ts(day_start + 23 * HOUR)), metadata=bearer(signer, READER))
    assert day.points[0].valid and day.points[0].count == 21
    aqi = stub.QueryTimeSeries(pb.QueryTimeSeriesRequest(
        station_id=sid, metric="aqi", interval=pb.HOUR, start_time=ts(day_start),
        end_time=ts(day_start + 2 * HOUR)), metadata=bearer(signer, READER))
    # one pollutant of six: IAQI 119 (> 100) is published with the 2026 missing-data rule
    assert [p.aqi for p in aqi.points] == [119, 119, 119]


# --- alerts ---------------------------------------------------------------------------------
def hourly(sid: str, metric: str, value: float, hour: datetime) -> pb.Reading:
    return pb.Reading(station_id=sid, metric=metric, value=value, observed_at=ts(hour),
                      period=pb.HOUR)


def test_three_polluted_hours_raise_one_alert_two_clean_hours_clear_it(app, stub, signer,
                                                                       clock) -> None:
    sid = make_station(stub, signer).id
    device = bearer(signer, DEVICE)
    first = hour_floor(clock()) - 6 * HOUR
    for i in range(3):  # one hour per request, as a station reports
        stub.CreateReading(pb.CreateReadingRequest(reading=hourly(sid, "pm25", 300,
                                                                  first + i * HOUR)),
                           metadata=device)
    alerts = stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN), metadata=bearer(signer, READER))
    assert len(alerts.alerts) == 1
    alert = alerts.alerts[0]
    assert alert.station_id == sid and alert.indicator == "aqi" and alert.value == 350
    assert alert.raised_at.ToDatetime().hour == (first + 2 * HOUR).hour  # end of hour 2
    assert alert.subdistrict_code == "500107001"
    raised = app.environment.alerts.get(alert.id)
    [event] = [e for e in _outbox(alert.id) if e["subject"] == ENVIRONMENT_ALERT_RAISED]
    assert event["id"] == f"{alert.id}.raised"
    assert raised["state"] == "OPEN"
    for i in (3, 4):
        stub.CreateReading(pb.CreateReadingRequest(reading=hourly(sid, "pm25", 20,
                                                                  first + i * HOUR)),
                           metadata=device)
    assert not stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN),
                               metadata=bearer(signer, READER)).alerts
    got = stub.GetAlert(pb.GetAlertRequest(id=alert.id), metadata=bearer(signer, READER))
    assert got.state == pb.CLEARED
    assert [(h.type, h.value) for h in got.history[:3]] == [
        ("RAISED", 350), ("VALUE", 350), ("VALUE", 29)]  # hour 3 polluted, hour 4 clean
    assert got.history[3].type == "CLEARED" and got.peak_value == 350
    subjects = [e["subject"] for e in _outbox(alert.id)]
    assert subjects.count(ENVIRONMENT_ALERT_CLEARED) == 1


def _outbox(alert_id: str) -> list[dict]:
    from jlp_environment.models import Alert

    return Alert._get_collection().find_one({"_id": alert_id})["outbox"]


def test_raw_values_wait_for_the_hour_to_close(app, stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    device = bearer(signer, DEVICE)
    start = hour_floor(clock()) - HOUR  # 03:00 UTC; the clock says 04:30

    def five_minutely(first: int, last: int) -> None:
        raw = [pb.Reading(station_id=sid, metric="pm25", value=300,
                          observed_at=ts(start + timedelta(minutes=5 * i)))
               for i in range(first, last)]
        stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=raw), metadata=device)

    five_minutely(0, 18)  # 03:00–04:25: one closed polluted hour, the current one filling
    assert not _open(stub, signer)
    clock.advance(timedelta(minutes=25))
    five_minutely(18, 24)  # 04:30–04:55
    engine = app.environment.engine
    clock.advance(timedelta(minutes=10))  # 05:05: the 04:00 hour ended 5 minutes ago
    assert engine.evaluate_stations([sid]) == 0 and not _open(stub, signer)
    clock.advance(timedelta(minutes=5))  # 05:10: grace over, the hour is closed
    assert engine.evaluate_stations([sid]) == 1
    assert len(_open(stub, signer)) == 1


def _open(stub, signer) -> list:
    return list(stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN),
                                metadata=bearer(signer, READER)).alerts)


def test_case_link_sets_case_id_once(app, stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    first = hour_floor(clock()) - 4 * HOUR
    readings = [hourly(sid, "pm25", 300, first + i * HOUR) for i in range(2)]
    stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                             metadata=bearer(signer, DEVICE))
    [alert] = _open(stub, signer)
    link = app.environment.alerts.link_case
    data = {"caseId": "c-1", "source": "ENVIRONMENT", "sourceRef": f"alerts/{alert.id}"}
    assert link(data) and not link(data)  # redelivery changes nothing
    assert not link({**data, "caseId": "c-2"})
    assert not link({**data, "source": "CITIZEN_APP"})
    got = stub.GetAlert(pb.GetAlertRequest(id=alert.id), metadata=bearer(signer, READER))
    assert got.case_id == "c-1"
    assert [h.type for h in got.history].count("CASE_LINKED") == 1


def test_rules_defaults_and_admin_edits(stub, signer) -> None:
    rules = stub.ListAlertRules(pb.ListAlertRulesRequest(station_kind=pb.AIR),
                                metadata=bearer(signer, READER)).alert_rules
    [air] = rules
    assert (air.raise_above, air.clear_at_or_below, air.raise_after, air.clear_after) == \
        (150, 100, 2, 2)
    update = pb.UpdateAlertRuleRequest(alert_rule=pb.AlertRule(id=air.id, raise_after=3),
                                       update_mask=field_mask_pb2.FieldMask(paths=["raise_after"]))
    with pytest.raises(grpc.RpcError) as err:
        stub.UpdateAlertRule(update, metadata=bearer(signer, READER))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert stub.UpdateAlertRule(update, metadata=bearer(signer, ADMIN)).raise_after == 3
    update.alert_rule.clear_at_or_below = 200
    update.update_mask.paths[:] = ["clear_at_or_below"]
    with pytest.raises(grpc.RpcError) as err:
        stub.UpdateAlertRule(update, metadata=bearer(signer, ADMIN))
    assert "alert_rule.clear_at_or_below" in violations(err.value)


def test_station_override_rule(stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    rule = stub.CreateAlertRule(pb.CreateAlertRuleRequest(alert_rule=pb.AlertRule(
        station_id=sid, indicator="aqi", raise_above=100, clear_at_or_below=50, raise_after=1,
        clear_after=1)), metadata=bearer(signer, ADMIN))
    assert rule.station_kind == pb.AIR and rule.enabled and rule.severity == pb.MAJOR
    stub.CreateReading(pb.CreateReadingRequest(reading=hourly(
        sid, "pm25", 100, hour_floor(clock()) - 2 * HOUR)), metadata=bearer(signer, DEVICE))
    assert len(_open(stub, signer)) == 1  # AQI 137 > 100 for one hour under the override


# --- other kinds and queries ----------------------------------------------------------------
def test_assessments_by_kind(stub, signer, clock) -> None:
    device = bearer(signer, DEVICE)
    noise = make_station(stub, signer, "NZ-1", pb.NOISE, noise_zone="1").id
    water = make_station(stub, signer, "SW-1", pb.SURFACE_WATER, water_body="lake",
                         target_class=3).id
    reservoir = make_station(stub, signer, "RS-1", pb.RESERVOIR, flood_limit_level_m=300).id
    source = make_station(stub, signer, "PS-1", pb.POLLUTION_SOURCE,
                          credit_code="91500107MA5U00003G", permit_limits={"so2": 200}).id
    day_start = datetime(2026, 11, 18, 16, tzinfo=clock().tzinfo)  # 2026-11-19 00:00 Beijing
    night = day_start + 23 * HOUR  # 23:00 Beijing
    readings = [hourly(noise, "noise_leq", 47.3, night), hourly(noise, "noise_leq", 50, day_start
                                                                  + 10 * HOUR)]
    for metric, value in {"ph": 7.6, "do": 6.8, "codmn": 4.3, "nh3n": 0.42, "tp": 0.12,
                          "tn": 1.3}.items():
        readings.append(hourly(water, metric, value, day_start + 8 * HOUR))
    readings += [hourly(reservoir, "water_level", 300.4, day_start + 5 * HOUR),
                 hourly(source, "so2", 250, day_start + 3 * HOUR),
                 hourly(source, "so2", 150, day_start + 4 * HOUR)]
    result = stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                                      metadata=device)
    assert result.accepted_count == len(readings)
    reader = bearer(signer, READER)

    def assess(sid: str) -> pb.StationAssessment:
        return stub.AssessStation(pb.AssessStationRequest(station_id=sid, date="2026-11-19"),
                                  metadata=reader)

    n = assess(noise).noise
    assert n.night_exceeded and n.night_leq == pytest.approx(47.3) and not n.day_exceeded
    w = assess(water).water
    assert w.water_class == "V" and list(w.above_target) == ["tp"]
    assert w.total_nitrogen_class == "IV"
    r = assess(reservoir).reservoir
    assert r.above_flood_limit and r.excess_m == pytest.approx(0.4)
    p = assess(source).pollution_source
    assert p.exceeded and p.pollutants[0].hours_above == 1 and p.pollutants[0].daily_mean == 200


def test_ranking_stations_and_subdistricts(stub, signer, clock) -> None:
    east = make_station(stub, signer, "AIR-E", lon=106.51).id
    west = make_station(stub, signer, "AIR-W", lon=106.37).id
    hour = hour_floor(clock()) - 2 * HOUR
    readings = [hourly(east, "pm25", 80, hour), hourly(west, "pm25", 20, hour)]
    stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                             metadata=bearer(signer, DEVICE))
    ranking = stub.RankAqi(pb.RankAqiRequest(), metadata=bearer(signer, READER))
    assert [e.key for e in ranking.entries] == [west, east]
    assert ranking.entries[1].aqi.aqi == 119 and not ranking.entries[1].complete
    by_area = stub.RankAqi(pb.RankAqiRequest(scope=pb.SUBDISTRICT),
                           metadata=bearer(signer, READER))
    assert [e.name for e in by_area.entries] == ["白市驿镇", "杨家坪街道"]


def test_concurrent_batches_count_each_reading_once(stub, signer, clock) -> None:
    """Four devices send the same 2,000 readings at once: stored once, counted once."""
    from concurrent.futures import ThreadPoolExecutor

    sid = make_station(stub, signer).id
    end = clock()
    readings = [pb.Reading(station_id=sid, metric=m, value=50, observed_at=ts(
        end - timedelta(minutes=i))) for i in range(1000) for m in ("pm25", "pm10")]
    request = pb.BatchCreateReadingsRequest(readings=readings)
    device = bearer(signer, DEVICE)
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(lambda _i: stub.BatchCreateReadings(request, metadata=device),
                                range(4)))
    assert sum(r.accepted_count for r in replies) == 2000
    assert sum(r.duplicate_count for r in replies) == 6000
    assert stored_values() == 2000


def test_alert_list_pages_newest_first(app, stub, signer, clock) -> None:
    device, reader = bearer(signer, DEVICE), bearer(signer, READER)
    first = hour_floor(clock()) - 10 * HOUR
    for n in range(3):  # three stations, each with one alert, raised an hour apart
        sid = make_station(stub, signer, f"PG-{n}").id
        readings = [hourly(sid, "pm25", 300, first + (n + i) * HOUR) for i in range(2)]
        stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                                 metadata=device)
    seen, token = [], ""
    while True:
        page = stub.ListAlerts(pb.ListAlertsRequest(page_size=2, page_token=token),
                               metadata=reader)
        seen += [a.raised_at.ToDatetime() for a in page.alerts]
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == 3 and seen == sorted(seen, reverse=True)


def test_stations_created_while_grid_event_is_down_are_placed_once_it_is_back(app) -> None:
    """Demo seeding at start-up often runs before grid-event answers: creation never fails,
    does not wait on a dead service for every station, and the sweep places them later."""
    from datetime import UTC

    from jlp_environment.domain.stations import StationKind, StationSpec
    from jlp_environment.grid import GridPlace, GridUnavailable
    from jlp_environment.station_registry import PENDING, StationRegistry

    class FlakyGrid:
        def __init__(self) -> None:
            self.up, self.calls = False, 0

        def locate(self, lon: float, lat: float) -> GridPlace:
            self.calls += 1
            if not self.up:
                raise GridUnavailable("connection refused")
            return GridPlace("500107001001001", "500107001001", "500107001", "杨家坪街道")

    grid = FlakyGrid()
    registry = StationRegistry(grid, clock=lambda: datetime(2026, 11, 1, 8, tzinfo=UTC))
    made = [registry.create(StationSpec(code=f"DOWN-{i}", name=f"站{i}", kind=StationKind.AIR,
                                        lon=106.51, lat=29.51)) for i in range(5)]
    assert [s.grid_status for s in made] == [PENDING] * 5
    assert grid.calls == 1 and registry.has_pending()
    grid.up = True
    assert registry.resolve_pending() >= 5 and not registry.has_pending()
