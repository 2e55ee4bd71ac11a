"""Late data (issue 15): values arriving for hours the alert engine already judged are judged
again from the earliest changed hour within the lookback (the allowed lateness); a raise the
earlier data missed is made, marked late, and never twice. Injected clock, no sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.protobuf import json_format

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import events_pb2
from jlp_common.subjects import ENVIRONMENT_ALERT_RAISED
from jlp_environment.domain.alerts import RuleSpec, TrackState, Transition
from jlp_environment.domain.timebase import HOUR, hour_floor
from jlp_environment.models import Alert

from .conftest import DEVICE, READER, bearer, make_station
from .test_service import hourly


def send(stub, signer, readings):
    reply = stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings),
                                     metadata=bearer(signer, DEVICE))
    assert not reply.rejected, reply.rejected
    return reply


def alerts(stub, signer) -> list[pb.Alert]:
    return list(stub.ListAlerts(pb.ListAlertsRequest(), metadata=bearer(signer, READER)).alerts)


def raised_events() -> list[events_pb2.AlertRaised]:
    out = []
    for doc in Alert._get_collection().find():
        for entry in doc.get("outbox") or []:
            if entry["subject"] == ENVIRONMENT_ALERT_RAISED:
                out.append(json_format.Parse(entry["data"], events_pb2.AlertRaised()))
    return out


def judged_hours_without_pm25(stub, signer, sid, first, hours):
    """The station's other analysers report on time: the engine judges these hours (AQI from
    NO2 alone, well below 150) before the PM2.5 analyser's values come in."""
    send(stub, signer, [hourly(sid, "no2", 40, first + i * HOUR) for i in range(hours)])
    assert alerts(stub, signer) == []


def test_a_backlog_of_three_polluted_hours_raises_one_late_alert(app, stub, signer, clock) -> None:
    """HJ 212 style: after an outage the logger sends the current hour first, then re-sends
    the missed hours. The engine already judged those hours (as gaps or on the other
    pollutants); the backlog shows 3 hours of PM2.5 at 300 µg/m³ (AQI 350 > 150 for ≥ 2 h)."""
    sid = make_station(stub, signer).id
    first = hour_floor(clock()) - 6 * HOUR
    judged_hours_without_pm25(stub, signer, sid, first, 5)  # hours 0..4 judged, no alert
    clock.advance(timedelta(minutes=20))
    backlog = [hourly(sid, "pm25", 300, first + i * HOUR) for i in (1, 2, 3)]
    send(stub, signer, backlog)

    [alert] = alerts(stub, signer)
    assert alert.late and alert.value == 350 and alert.state == pb.OPEN
    assert alert.raised_at.ToDatetime(UTC) == first + 3 * HOUR  # when it held: end of hour 2
    assert alert.detected_at.ToDatetime(UTC) == clock()  # when it was seen
    [event] = raised_events()
    assert event.late and event.alert_id == alert.id
    assert event.raise_time.ToDatetime(UTC) == first + 3 * HOUR
    assert event.detect_time.ToDatetime(UTC) == clock()
    assert "late data" in event.description

    # the same backlog re-sent (the logger did not get our acknowledgement): nothing new
    clock.advance(timedelta(minutes=5))
    reply = send(stub, signer, backlog)
    assert reply.duplicate_count == 3 and reply.accepted_count == 0
    assert [a.id for a in alerts(stub, signer)] == [alert.id] and len(raised_events()) == 1
    # the sweep finds nothing left to judge again either
    app.environment.sweep()
    assert len(raised_events()) == 1


def test_more_late_data_for_an_alerted_episode_raises_nothing_more(app, stub, signer, clock) -> None:
    """The episode already has its (late) alert; a further late value that starts it an hour
    earlier re-judges the hours but adopts that alert: never a second one."""
    sid = make_station(stub, signer).id
    first = hour_floor(clock()) - 6 * HOUR
    judged_hours_without_pm25(stub, signer, sid, first, 5)
    send(stub, signer, [hourly(sid, "pm25", 300, first + i * HOUR) for i in (2, 3)])
    [alert] = alerts(stub, signer)
    send(stub, signer, [hourly(sid, "pm25", 300, first + HOUR)])  # the run began an hour earlier
    assert [a.id for a in alerts(stub, signer)] == [alert.id] and len(raised_events()) == 1


def test_a_late_value_that_does_not_change_the_outcome_raises_nothing(app, stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    first = hour_floor(clock()) - 6 * HOUR
    judged_hours_without_pm25(stub, signer, sid, first, 5)
    send(stub, signer, [hourly(sid, "pm25", 35, first + i * HOUR) for i in (1, 2, 3)])  # AQI 50
    send(stub, signer, [hourly(sid, "pm25", 300, first + 2 * HOUR)])  # one polluted hour < 2 h
    assert alerts(stub, signer) == [] and raised_events() == []


def test_late_data_older_than_the_lookback_changes_statistics_only(app, stub, signer, clock) -> None:
    """The allowed lateness is the lookback (24 h): a backfill of last week raises nothing."""
    sid = make_station(stub, signer).id
    old = hour_floor(clock()) - 30 * HOUR
    send(stub, signer, [hourly(sid, "no2", 40, old + i * HOUR) for i in range(30)])
    send(stub, signer, [hourly(sid, "pm25", 300, old + i * HOUR) for i in range(3)])
    assert alerts(stub, signer) == []


def test_an_alert_raised_on_time_is_not_retracted_or_repeated_by_late_data(app, stub, signer, clock) -> None:
    sid = make_station(stub, signer).id
    first = hour_floor(clock()) - 6 * HOUR
    send(stub, signer, [hourly(sid, "pm25", 300, first + i * HOUR) for i in range(3)])
    [alert] = alerts(stub, signer)
    assert not alert.late
    send(stub, signer, [hourly(sid, "no2", 40, first + i * HOUR) for i in range(3)])  # late, harmless
    [again] = alerts(stub, signer)
    assert again.id == alert.id and again.state == pb.OPEN and len(raised_events()) == 1


# --- the pure re-judging rule --------------------------------------------------------------
RULE = RuleSpec(raise_above=150, clear_at_or_below=100, raise_after=2, clear_after=2)
H0 = datetime(2026, 11, 20, 0, tzinfo=UTC)


def rejudge(*args):
    from jlp_environment.domain.alerts import rejudge

    return rejudge(*args)


def hours(*values):
    return [(H0 + i * HOUR, v) for i, v in enumerate(values)]


def test_rejudge_raises_what_the_earlier_data_missed():
    earlier = {H0 + i * HOUR: "" for i in range(4)}  # judged, no alert
    out = rejudge(RULE, TrackState(), "", hours(50, 300, 300, 50), earlier)
    assert [d.move for d in out] == [None, None, Transition.RAISE, None]
    assert out[2].alert is None and out[2].state.run_start == H0 + HOUR


def test_rejudge_adopts_the_alert_the_episode_already_has():
    # earlier: the run began at hour 2, alert A raised at hour 3; late data: hour 1 polluted too
    earlier = {H0: "", H0 + HOUR: "", H0 + 2 * HOUR: "", H0 + 3 * HOUR: "A"}
    out = rejudge(RULE, TrackState(), "", hours(50, 300, 300, 300), earlier)
    assert [d.move for d in out] == [None, None, None, None]
    assert [d.alert for d in out][2:] == ["A", "A"] and out[3].state.active


def test_rejudge_never_retracts_or_undoes_a_clear():
    # earlier: A open over hours 0-1, cleared at hour 2; late data says hour 1 was clean and
    # hour 2 polluted: A stays open through hour 1 and cleared at hour 2, no new alert
    earlier = {H0: "A", H0 + HOUR: "A", H0 + 2 * HOUR: ""}
    start = TrackState(active=True, exceed_run=2)
    out = rejudge(RULE, start, "A", hours(300, 50, 300), earlier)
    assert [d.alert for d in out] == ["A", "A", ""] and [d.move for d in out] == [None] * 3
    assert not out[2].state.active and out[2].state.exceed_run == 0
    # hours after the earlier cursor are judged freely again
    more = rejudge(RULE, out[2].state, "", [(H0 + 3 * HOUR, 300), (H0 + 4 * HOUR, 300)], {})
    assert [d.move for d in more] == [None, Transition.RAISE]
