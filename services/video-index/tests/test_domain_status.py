"""Camera status from keepalives: transitions with reasons, timeouts, restarts, outages,
availability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jlp_video_index.domain.status import (
    Availability,
    CameraState,
    Reason,
    Status,
    Transition,
    availability,
    check_keepalive,
    combined,
    liveness,
    on_keepalive,
    on_restart,
    on_tick,
    outage_event,
    recovery_event,
)

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def test_first_keepalive_brings_a_new_camera_on() -> None:
    state, [t] = on_keepalive(CameraState(), T0)
    assert (t.from_status, t.to_status, t.reason, t.at) == (Status.NEW, Status.ON, Reason.KEEPALIVE, T0)
    assert state.status is Status.ON and state.last_keepalive == T0


def test_repeated_or_older_keepalives_change_nothing() -> None:
    state, _ = on_keepalive(CameraState(), T0)
    assert on_keepalive(state, T0) == (state, [])
    assert on_keepalive(state, T0 - 10 * S, Status.OFF) == (state, [])


def test_offline_after_interval_times_count_dated_when_it_became_due() -> None:
    state, _ = on_keepalive(CameraState(interval=60 * S, count=3), T0)
    assert on_tick(state, T0 + 180 * S) == (state, [])  # exactly 3 intervals: still on
    later = T0 + 1000 * S  # the sweep ran late
    state, [t] = on_tick(state, later)
    assert (t.to_status, t.reason, t.at) == (Status.OFF, Reason.KEEPALIVE_TIMEOUT, T0 + 180 * S)
    assert t.detail == "no keepalive for 180 s"
    assert on_tick(state, later + 1000 * S) == (state, [])  # OFF once


def test_per_camera_interval_and_count() -> None:
    state, _ = on_keepalive(CameraState(interval=10 * S, count=2), T0)
    state, [t] = on_tick(state, T0 + 21 * S)
    assert t.at == T0 + 20 * S


def test_device_reports_change_the_status_with_the_reason() -> None:
    state, _ = on_keepalive(CameraState(), T0)
    state, [t] = on_keepalive(state, T0 + S, Status.VLOST, "signal lost at encoder")
    assert (t.to_status, t.reason, t.detail) == (Status.VLOST, Reason.DEVICE_REPORT, "signal lost at encoder")
    # A bare keepalive does not clear a reported VLOST: the device is up, the channel is not.
    state, ts = on_keepalive(state, T0 + 2 * S)
    assert ts == [] and state.status is Status.VLOST
    state, [t] = on_keepalive(state, T0 + 3 * S, Status.ON)
    assert t.to_status is Status.ON


def test_a_device_cannot_report_stale() -> None:
    with pytest.raises(ValueError, match="ON, OFF, VLOST or DEFECT"):
        on_keepalive(CameraState(), T0, Status.STALE)


def test_restart_makes_cameras_stale_not_offline() -> None:
    state, _ = on_keepalive(CameraState(), T0)
    restart = T0 + 3600 * S  # the service was down for an hour: no keepalives recorded
    state, [t] = on_restart(state, restart)
    assert (t.to_status, t.reason, t.detail) == (Status.STALE, Reason.SERVICE_RESTART, "was ON")
    # The hour of silence before the restart does not count: grace of interval × count from it.
    assert on_tick(state, restart + 100 * S) == (state, [])
    state2, [t] = on_tick(state, restart + 181 * S)
    assert (t.to_status, t.at) == (Status.OFF, restart + 180 * S)
    # A keepalive during the grace brings it back ON.
    state3, [t] = on_keepalive(state, restart + 5 * S)
    assert (t.from_status, t.to_status) == (Status.STALE, Status.ON)


def test_restart_keeps_an_off_camera_off_and_its_outage() -> None:
    state, _ = on_keepalive(CameraState(), T0)
    state, _ = on_tick(state, T0 + 200 * S)
    assert state.status is Status.OFF
    again, ts = on_restart(state, T0 + 300 * S)
    assert ts == [] and again.offline_since == state.offline_since


def test_outage_reported_once_after_the_threshold_and_its_end_once() -> None:
    state, _ = on_keepalive(CameraState(), T0)
    state, _ = on_tick(state, T0 + 200 * S)  # OFF since T0+180s
    threshold = timedelta(minutes=30)
    assert outage_event(state, T0 + 600 * S, threshold) == (state, None)
    state, ev = outage_event(state, T0 + 2000 * S, threshold)
    assert ev is not None and ev.started and ev.offline_since == T0 + 180 * S and ev.status is Status.OFF
    assert outage_event(state, T0 + 3000 * S, threshold)[1] is None  # once
    # VLOST while already offline keeps the same outage.
    state, _ = on_keepalive(state, T0 + 3100 * S, Status.VLOST)
    assert state.offline_since == T0 + 180 * S and state.outage_reported
    before = state
    state, _ = on_keepalive(state, T0 + 3200 * S, Status.ON)
    end = recovery_event(before, state, T0 + 3200 * S)
    assert end is not None and not end.started and end.offline_since == T0 + 180 * S
    assert state.offline_since is None


def test_short_outage_is_never_reported() -> None:
    state, _ = on_keepalive(CameraState(), T0)
    state, _ = on_tick(state, T0 + 200 * S)
    before = state
    state, _ = on_keepalive(state, T0 + 300 * S)
    assert recovery_event(before, state, T0 + 300 * S) is None


def test_liveness_defaults_and_limits() -> None:
    assert liveness() == (timedelta(seconds=60), 3)
    assert liveness(30, 5) == (timedelta(seconds=30), 5)
    with pytest.raises(ValueError, match="interval"):
        liveness(7200, 3)
    with pytest.raises(ValueError, match="count"):
        liveness(60, 1000)


def _t(at: datetime, to: Status, frm: Status = Status.NEW) -> Transition:
    return Transition(frm, to, Reason.KEEPALIVE, at)


def test_availability_counts_on_time_over_known_time() -> None:
    ts = [_t(T0 - 3600 * S, Status.ON), _t(T0 + 600 * S, Status.OFF), _t(T0 + 900 * S, Status.ON),
          _t(T0 + 1800 * S, Status.STALE), _t(T0 + 2400 * S, Status.ON)]
    a = availability(ts, T0, T0 + 3600 * S)
    # ON 0-600, OFF 600-900, ON 900-1800, STALE 1800-2400 (unknown), ON 2400-3600.
    assert a == Availability(600 + 900 + 1200, 3600 - 600)
    assert a.ratio == pytest.approx(2700 / 3000)


def test_availability_before_registration_is_unknown_and_order_does_not_matter() -> None:
    ts = [_t(T0 + 1800 * S, Status.ON)]
    a = availability(list(reversed(ts)), T0, T0 + 3600 * S)
    assert a == Availability(1800, 1800) and a.ratio == 1.0
    assert availability([], T0, T0 + S).ratio is None
    with pytest.raises(ValueError):
        availability([], T0, T0)


def test_subdistrict_availability_weights_by_known_time() -> None:
    group = combined([Availability(900, 1000), Availability(0, 0), Availability(100, 1000)])
    assert group.ratio == pytest.approx(0.5)


def test_keepalive_checks_name_the_field() -> None:
    cam = "50010700081326000123"
    assert check_keepalive(0, cam, T0, [(cam, Status.ON)], T0) == []
    problems = {v.field: v.description for v in check_keepalive(
        3, "123", T0 + 10 * 60 * S, [(cam, Status.STALE), ("x", Status.ON)], T0)}
    assert problems == {
        "keepalives[3].deviceId": "a 20-digit GB/T 28181 code",
        "keepalives[3].observeTime": "more than 5 minutes in the future",
        "keepalives[3].channels[0].status": "ON, OFF, VLOST or DEFECT",
        "keepalives[3].channels[1].cameraId": "a 20-digit GB/T 28181 code",
    }
    old = check_keepalive(0, cam, T0 - timedelta(days=2), [], T0)
    assert [v.description for v in old] == ["more than a day old"]
    assert [v.field for v in check_keepalive(0, cam, None, [], T0)] == ["keepalives[0].observeTime"]
