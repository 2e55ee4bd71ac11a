"""Keepalive batches and the sweep over camera states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jlp_video_index.domain.keepalive import KeepaliveIn, outage_ids, plan_keepalives, restart, sweep
from jlp_video_index.domain.status import CameraState, Reason, Status

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
S = timedelta(seconds=1)
NVR = "50010700001185000001"
CH1, CH2, IPC = "50010700001315000001", "50010700001315000002", "50010700001325000009"


def fresh() -> dict[str, CameraState]:
    return {CH1: CameraState(), CH2: CameraState(), IPC: CameraState()}


def test_a_parent_keepalive_refreshes_its_channels_and_reports_apply_per_channel() -> None:
    p = plan_keepalives([KeepaliveIn(NVR, T0, ((CH2, Status.VLOST, "no signal"),))], fresh(), {NVR: [CH1, CH2]})
    assert p.accepted == 1 and p.unknown == 0
    assert p.changes[CH1].after.status is Status.ON
    assert p.changes[CH2].after.status is Status.VLOST
    assert p.changes[CH2].transitions[0].detail == "no signal"
    assert IPC not in p.changes and p.transition_count == 2


def test_unknown_devices_and_repeats_are_counted_not_failed() -> None:
    states = fresh()
    p = plan_keepalives([KeepaliveIn("50010700001325000999", T0), KeepaliveIn(IPC, T0), KeepaliveIn(IPC, T0)],
                        states, {})
    assert (p.unknown, p.accepted, p.stale) == (1, 1, 1)
    after = {IPC: p.changes[IPC].after}
    again = plan_keepalives([KeepaliveIn(IPC, T0)], after, {})  # the same batch retried
    assert (again.accepted, again.stale, again.changes) == (0, 1, {})


def test_out_of_order_items_are_applied_in_time_order() -> None:
    p = plan_keepalives([KeepaliveIn(IPC, T0 + 10 * S), KeepaliveIn(IPC, T0)], fresh(), {})
    assert p.changes[IPC].after.last_keepalive == T0 + 10 * S
    assert p.accepted == 2  # both advanced the camera when taken in order


def test_sweep_times_out_then_reports_the_outage_and_the_keepalive_ends_it() -> None:
    p = plan_keepalives([KeepaliveIn(IPC, T0)], fresh(), {})
    states = {IPC: p.changes[IPC].after}
    changes = sweep(states, T0 + 200 * S, timedelta(minutes=30))
    assert changes[IPC].transitions[0].reason is Reason.KEEPALIVE_TIMEOUT and changes[IPC].events == []
    states = {IPC: changes[IPC].after}
    changes = sweep(states, T0 + 3600 * S, timedelta(minutes=30))
    [event] = changes[IPC].events
    assert event.started and outage_ids(IPC, [event]) == [f"{IPC}:{int((T0 + 180 * S).timestamp())}"]
    assert sweep({IPC: changes[IPC].after}, T0 + 3700 * S, timedelta(minutes=30)) == {}
    back = plan_keepalives([KeepaliveIn(IPC, T0 + 4000 * S)], {IPC: changes[IPC].after}, {})
    [end] = back.changes[IPC].events
    assert not end.started and end.offline_since == T0 + 180 * S


def test_restart_marks_live_cameras_stale() -> None:
    p = plan_keepalives([KeepaliveIn(IPC, T0)], fresh(), {})
    changes = restart({IPC: p.changes[IPC].after, CH1: CameraState()}, T0 + 60 * S)
    assert list(changes) == [IPC] and changes[IPC].after.status is Status.STALE
