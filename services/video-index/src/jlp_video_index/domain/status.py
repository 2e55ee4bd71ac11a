"""Camera status from device keepalives: transitions with reasons, outages, availability.

GB/T 28181 devices send a Keepalive MESSAGE at a configured interval and the platform declares
a device offline after a configured count of missed keepalives; channel statuses ON / OFF /
VLOST (video lost) / DEFECT (fault) come with catalogue and status notifications. Rules here:

* A keepalive newer than the last one seen refreshes the camera; an older or equal one is a
  retry or arrived out of order and changes nothing (idempotent).
* OFF / STALE / new → ON on a keepalive. A device-reported VLOST or DEFECT is not cleared by a
  bare keepalive (the device is reachable, the channel is still broken), only by a report ON.
* No keepalive for interval × count → OFF ("keepalive_timeout"), dated when the last allowed
  keepalive was due, so the date does not depend on when the sweep ran.
* After a service restart the service does not know what happened while it was down: cameras
  that were not OFF become STALE ("service_restart"), and become OFF only if no keepalive
  arrives within interval × count after the restart. An OFF camera stays OFF (its outage goes on).
* An outage (OFF, VLOST or DEFECT without a break) longer than the threshold is reported once;
  its end (ON again) is reported once, with the same outage id.
All functions take `now`; nothing reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from jlp_common.errors import FieldViolation
from jlp_video_index.domain.device_id import is_code


class Status(StrEnum):
    NEW = "CAMERA_STATUS_UNSPECIFIED"  # registered, never heard from
    ON = "ON"
    OFF = "OFF"
    VLOST = "VLOST"
    DEFECT = "DEFECT"
    STALE = "STALE"


OFFLINE = frozenset({Status.OFF, Status.VLOST, Status.DEFECT})
REPORTABLE = frozenset({Status.ON, Status.OFF, Status.VLOST, Status.DEFECT})
DEFAULT_INTERVAL = timedelta(seconds=60)
DEFAULT_COUNT = 3
MAX_KEEPALIVES = 5_000
MAX_CHANNELS = 512  # a large NVR / platform catalogue per keepalive
KEEPALIVE_MAX_FUTURE = timedelta(minutes=5)  # device clocks drift; NTP-less devices more
KEEPALIVE_MAX_AGE = timedelta(days=1)  # an older keepalive is a replayed log, not liveness


class Reason(StrEnum):
    KEEPALIVE = "keepalive"
    KEEPALIVE_TIMEOUT = "keepalive_timeout"
    DEVICE_REPORT = "device_report"
    SERVICE_RESTART = "service_restart"


@dataclass(frozen=True)
class Transition:
    from_status: Status
    to_status: Status
    reason: Reason
    at: datetime
    detail: str = ""


@dataclass(frozen=True)
class CameraState:
    """What the service knows of one camera's liveness."""

    status: Status = Status.NEW
    since: datetime | None = None  # time of the last transition
    last_keepalive: datetime | None = None
    stale_since: datetime | None = None  # restart time while STALE
    offline_since: datetime | None = None  # start of the current outage
    outage_reported: bool = False
    interval: timedelta = DEFAULT_INTERVAL
    count: int = DEFAULT_COUNT

    @property
    def timeout(self) -> timedelta:
        return self.interval * self.count

    @property
    def outage_id(self) -> str:
        return f"{int(self.offline_since.timestamp())}" if self.offline_since else ""


@dataclass(frozen=True)
class OutageEvent:
    """An outage to report (started=True) or its end (started=False)."""

    started: bool
    offline_since: datetime
    status: Status
    at: datetime


def liveness(interval_s: int = 0, count: int = 0) -> tuple[timedelta, int]:
    """The camera's keepalive interval and missed count, service defaults for 0; ValueError for
    values no device uses (1 s .. 1 h, 1 .. 100)."""
    interval = timedelta(seconds=interval_s) if interval_s else DEFAULT_INTERVAL
    n = count or DEFAULT_COUNT
    if not timedelta(seconds=1) <= interval <= timedelta(hours=1):
        raise ValueError("keepalive interval must be 1 to 3600 seconds")
    if not 1 <= n <= 100:
        raise ValueError("keepalive timeout count must be 1 to 100")
    return interval, n


def check_keepalive(index: int, device_id: str, at: datetime | None,
                    channels: Sequence[tuple[str, Status | None]], now: datetime) -> list[FieldViolation]:
    """Problems of one keepalive of a batch (field paths as in JSON, `keepalives[i].…`)."""
    p = f"keepalives[{index}]"
    out: list[FieldViolation] = []
    if not is_code(device_id):
        out.append(FieldViolation(f"{p}.deviceId", "a 20-digit GB/T 28181 code"))
    if at is None:
        out.append(FieldViolation(f"{p}.observeTime", "required"))
    elif at > now + KEEPALIVE_MAX_FUTURE:
        out.append(FieldViolation(f"{p}.observeTime", "more than 5 minutes in the future"))
    elif at < now - KEEPALIVE_MAX_AGE:
        out.append(FieldViolation(f"{p}.observeTime", "more than a day old"))
    if len(channels) > MAX_CHANNELS:
        out.append(FieldViolation(f"{p}.channels", f"at most {MAX_CHANNELS}"))
        return out
    for j, (camera_id, status) in enumerate(channels):
        if not is_code(camera_id):
            out.append(FieldViolation(f"{p}.channels[{j}].cameraId", "a 20-digit GB/T 28181 code"))
        if status not in REPORTABLE:
            out.append(FieldViolation(f"{p}.channels[{j}].status", "ON, OFF, VLOST or DEFECT"))
    return out


def _move(state: CameraState, to: Status, reason: Reason, at: datetime,
          detail: str = "") -> tuple[CameraState, Transition]:
    offline_since = state.offline_since
    reported = state.outage_reported
    if to in OFFLINE and state.status not in OFFLINE:
        offline_since, reported = at, False
    elif to is Status.ON:
        offline_since = None
    new = replace(state, status=to, since=at, offline_since=offline_since, outage_reported=reported,
                  stale_since=state.stale_since if to is Status.STALE else None)
    return new, Transition(state.status, to, reason, at, detail)


def on_keepalive(state: CameraState, at: datetime,
                 reported: Status | None = None, detail: str = "") -> tuple[CameraState, list[Transition]]:
    """A keepalive at `at`, optionally with the channel's reported status."""
    if reported is not None and reported not in REPORTABLE:
        raise ValueError(f"a device reports ON, OFF, VLOST or DEFECT, not {reported}")
    if state.last_keepalive is not None and at <= state.last_keepalive:
        return state, []
    state = replace(state, last_keepalive=at)
    if reported is not None:
        if reported is state.status:
            return state, []
        state, t = _move(state, reported, Reason.DEVICE_REPORT, at, detail)
        return state, [t]
    if state.status in (Status.NEW, Status.OFF, Status.STALE):
        state, t = _move(state, Status.ON, Reason.KEEPALIVE, at, detail)
        return state, [t]
    return state, []


def on_tick(state: CameraState, now: datetime) -> tuple[CameraState, list[Transition]]:
    """The sweep: OFF after interval × count without a keepalive (from the restart if STALE)."""
    if state.status in (Status.OFF, Status.NEW):
        return state, []
    if state.status is Status.STALE:
        anchor = max(filter(None, (state.stale_since, state.last_keepalive)), default=None)
    else:
        anchor = state.last_keepalive or state.since
    if anchor is None or now - anchor <= state.timeout:
        return state, []
    due = anchor + state.timeout
    detail = f"no keepalive for {int(state.timeout.total_seconds())} s"
    state, t = _move(state, Status.OFF, Reason.KEEPALIVE_TIMEOUT, due, detail)
    return state, [t]


def on_restart(state: CameraState, now: datetime) -> tuple[CameraState, list[Transition]]:
    """The service started: what was not OFF is now unknown (STALE)."""
    if state.status in (Status.OFF, Status.STALE, Status.NEW):
        return state, []
    prior = state.status
    state, t = _move(state, Status.STALE, Reason.SERVICE_RESTART, now, f"was {prior.value}")
    return replace(state, stale_since=now), [t]


def outage_event(state: CameraState, now: datetime,
                 threshold: timedelta) -> tuple[CameraState, OutageEvent | None]:
    """The outage report due now, if any (once per outage), and the state that remembers it."""
    if state.status in OFFLINE and state.offline_since and not state.outage_reported:
        if now - state.offline_since >= threshold:
            return (replace(state, outage_reported=True),
                    OutageEvent(True, state.offline_since, state.status, now))
    return state, None


def recovery_event(before: CameraState, after: CameraState, at: datetime) -> OutageEvent | None:
    """The end of a reported outage when `before` → `after` brought the camera back ON."""
    if before.outage_reported and before.offline_since and after.status is Status.ON:
        return OutageEvent(False, before.offline_since, Status.ON, at)
    return None


# ---- availability ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Availability:
    on_seconds: float
    known_seconds: float

    @property
    def ratio(self) -> float | None:
        return self.on_seconds / self.known_seconds if self.known_seconds > 0 else None


KNOWN = frozenset({Status.ON, Status.OFF, Status.VLOST, Status.DEFECT})


def availability(transitions: Sequence[Transition], start: datetime, end: datetime) -> Availability:
    """Time ON and time known (any status but STALE / never heard from) within [start, end),
    from the camera's transitions (any order; those before `start` give the opening status)."""
    if end <= start:
        raise ValueError("the window's end must be after its start")
    ordered = sorted(transitions, key=lambda t: t.at)
    status = Status.NEW
    cursor = start
    on = known = 0.0
    for t in ordered:
        if t.at <= start:
            status = t.to_status
            continue
        if t.at >= end:
            break
        span = (t.at - cursor).total_seconds()
        on += span if status is Status.ON else 0.0
        known += span if status in KNOWN else 0.0
        status, cursor = t.to_status, t.at
    span = (end - cursor).total_seconds()
    on += span if status is Status.ON else 0.0
    known += span if status in KNOWN else 0.0
    return Availability(on, known)


def combined(items: Iterable[Availability]) -> Availability:
    """Availability of a group (a subdistrict): the sum of ON time over the sum of known time."""
    on = known = 0.0
    for a in items:
        on += a.on_seconds
        known += a.known_seconds
    return Availability(on, known)
