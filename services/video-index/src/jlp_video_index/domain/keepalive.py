"""Applying a batch of keepalives, and the periodic sweep, to camera states (pure planning).

A keepalive names a camera (an IPC is its own device) or a parent device (DVR/NVR/platform),
which refreshes every channel registered under it; channel statuses carried with it apply to
those channels. The caller loads the states of the cameras concerned, applies the plan with
one conditional write per changed camera (status, transitions and events together) and
retries a camera whose version moved (another replica wrote it first) by planning again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jlp_video_index.domain.status import (
    CameraState,
    OutageEvent,
    Status,
    Transition,
    on_keepalive,
    on_restart,
    on_tick,
    outage_event,
    recovery_event,
)


@dataclass(frozen=True)
class KeepaliveIn:
    device_id: str
    at: datetime
    channels: tuple[tuple[str, Status, str], ...] = ()  # (camera id, reported status, reason)


@dataclass
class CameraChange:
    before: CameraState
    after: CameraState
    transitions: list[Transition] = field(default_factory=list)
    events: list[OutageEvent] = field(default_factory=list)


@dataclass
class KeepalivePlan:
    changes: dict[str, CameraChange] = field(default_factory=dict)
    accepted: int = 0
    stale: int = 0
    unknown: int = 0

    @property
    def transition_count(self) -> int:
        return sum(len(c.transitions) for c in self.changes.values())


def _apply(out: KeepalivePlan, states: Mapping[str, CameraState], camera_id: str, at: datetime,
           reported: Status | None = None, detail: str = "") -> bool:
    change = out.changes.get(camera_id)
    current = change.after if change else states[camera_id]
    after, transitions = on_keepalive(current, at, reported, detail)
    if after == current:
        return False
    if change is None:
        change = out.changes[camera_id] = CameraChange(current, after)
    change.after = after
    change.transitions.extend(transitions)
    ended = recovery_event(current, after, at)
    if ended:
        change.events.append(ended)
    return True


def plan_keepalives(items: Sequence[KeepaliveIn], states: Mapping[str, CameraState],
                    children: Mapping[str, Sequence[str]]) -> KeepalivePlan:
    """`states` holds every known camera the items name (directly or as children);
    `children` maps a parent device id to its channels' camera ids."""
    out = KeepalivePlan()
    for k in sorted(items, key=lambda k: k.at):  # in time order, whatever the arrival order
        reported = {cid: (st, why) for cid, st, why in k.channels if cid in states}
        targets = [k.device_id] if k.device_id in states else list(children.get(k.device_id, ()))
        targets += [cid for cid in reported if cid not in targets]
        if not targets:
            out.unknown += 1
            continue
        moved = False
        for cid in targets:
            if cid in reported:
                st, why = reported[cid]
                moved |= _apply(out, states, cid, k.at, st, why)
            else:
                moved |= _apply(out, states, cid, k.at)
        if moved:
            out.accepted += 1
        else:
            out.stale += 1
    return out


def sweep(states: Mapping[str, CameraState], now: datetime, outage_threshold: timedelta) -> dict[str, CameraChange]:
    """Timeouts (OFF after interval × count) and outage reports due at `now`."""
    out: dict[str, CameraChange] = {}
    for cid, state in states.items():
        after, transitions = on_tick(state, now)
        after, event = outage_event(after, now, outage_threshold)
        if after != state:
            out[cid] = CameraChange(state, after, transitions, [event] if event else [])
    return out


def restart(states: Mapping[str, CameraState], now: datetime) -> dict[str, CameraChange]:
    """The service started: every camera not OFF becomes STALE."""
    out: dict[str, CameraChange] = {}
    for cid, state in states.items():
        after, transitions = on_restart(state, now)
        if transitions:
            out[cid] = CameraChange(state, after, transitions)
    return out


def outage_ids(camera_id: str, events: Iterable[OutageEvent]) -> list[str]:
    """`<camera>:<outage start epoch s>` of each event (the grid-event case key)."""
    return [f"{camera_id}:{int(e.offline_since.timestamp())}" for e in events]
