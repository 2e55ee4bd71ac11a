"""Alert rules: threshold + duration + hysteresis, as a pure state machine over hourly values.

A rule raises after `raise_after` consecutive hours above `raise_above` and, once raised,
clears after `clear_after` consecutive hours at or below `clear_at_or_below`. Values between
the two thresholds (the hysteresis band) keep the current state and break both runs. A missing
hour breaks the runs unless the rule tolerates gaps (`max_gap_hours`, for sampled stations such
as water quality every 2–4 hours). The machine sees each closed hour once, in order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from jlp_common.errors import FieldViolation
from jlp_environment.domain.timebase import HOUR


class Transition(Enum):
    RAISE = "RAISE"
    CLEAR = "CLEAR"


@dataclass(frozen=True)
class RuleSpec:
    """The numbers of a rule."""

    raise_above: float
    clear_at_or_below: float
    raise_after: int = 1
    clear_after: int = 1
    max_gap_hours: int = 0


@dataclass(frozen=True)
class TrackState:
    """Where a (station, rule) pair stands."""

    active: bool = False
    exceed_run: int = 0
    normal_run: int = 0
    gap: int = 0
    run_start: datetime | None = None  # first hour of the current exceedance run


def step(rule: RuleSpec, state: TrackState, hour: datetime,
         value: float | None) -> tuple[TrackState, Transition | None]:
    """Feed one closed hour (value None = no valid value) and say whether the alert moves."""
    if value is None:
        gap = state.gap + 1
        if gap > rule.max_gap_hours:
            return replace(state, exceed_run=0, normal_run=0, gap=gap, run_start=None), None
        return replace(state, gap=gap), None
    state = replace(state, gap=0)
    if value > rule.raise_above:
        run = state.exceed_run + 1
        start = state.run_start if state.exceed_run else hour
        state = replace(state, exceed_run=run, normal_run=0, run_start=start)
        if not state.active and run >= rule.raise_after:
            return replace(state, active=True), Transition.RAISE
        return state, None
    if value <= rule.clear_at_or_below:
        run = state.normal_run + 1
        state = replace(state, normal_run=run, exceed_run=0, run_start=None)
        if state.active and run >= rule.clear_after:
            return replace(state, active=False, normal_run=0), Transition.CLEAR
        return state, None
    return replace(state, exceed_run=0, normal_run=0, run_start=None), None


def validate_rule(spec: RuleSpec, prefix: str = "alert_rule") -> list[FieldViolation]:
    """Problems with a rule's numbers (a clear threshold above the raise one would flap)."""
    out = []
    # NaN compares false with everything (a rule that never fires); infinities never compare
    # usefully either
    for name in ("raise_above", "clear_at_or_below"):
        if not math.isfinite(getattr(spec, name)):
            out.append(FieldViolation(f"{prefix}.{name}", "must be a finite number"))
    if spec.raise_after < 1 or spec.raise_after > 168:
        out.append(FieldViolation(f"{prefix}.raise_after", "between 1 and 168 hours"))
    if spec.clear_after < 1 or spec.clear_after > 168:
        out.append(FieldViolation(f"{prefix}.clear_after", "between 1 and 168 hours"))
    if spec.max_gap_hours < 0 or spec.max_gap_hours > 24:
        out.append(FieldViolation(f"{prefix}.max_gap_hours", "between 0 and 24 hours"))
    if spec.clear_at_or_below > spec.raise_above:
        out.append(FieldViolation(f"{prefix}.clear_at_or_below",
                                  "must not be above raise_above (hysteresis)"))
    return out


# --- late data: judging hours again -------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """The outcome of feeding one hour: the state after it, the move, and the alert open after
    it — an existing alert's id, "" for none, or None for the alert this hour's RAISE creates."""

    hour: datetime
    state: TrackState
    move: Transition | None
    alert: str | None


def rejudge(rule: RuleSpec, state: TrackState, alert: str,
            hours: Sequence[tuple[datetime, float | None]],
            earlier: Mapping[datetime, str]) -> list[Decision]:
    """Feed `hours` (in order, one hour apart) from `state` with alert `alert` open, where some
    hours were judged before on less data (late values: a logger's backlog, hourly means that
    arrive after the raw data) — stream processing's allowed lateness.

    `earlier` maps each hour judged before to the alert that judgement left open after it
    ("" for none); hours missing from it are new. Late data may add what the earlier judgement
    missed: a raise (and later the clear of an alert so raised). Past decisions stand: an hour
    judged with an alert open keeps that alert open (no retraction, no second alert for the
    same episode), and a clear that was made stays made. A late raise whose episode runs into
    an alert the earlier judgement raised later adopts that alert instead of duplicating it.
    Pure: the caller creates raised alerts, clears, and marks raises on judged hours late.
    """
    decisions: list[Decision] = []
    open_alert: str | None = alert
    for i, (hour, value) in enumerate(hours):
        new, move = step(rule, state, hour, value)
        was = earlier.get(hour)
        was_before = earlier.get(hour - HOUR, "")
        if was:  # an alert was open after this hour: it stays open, nothing else moves
            new, move, open_alert = replace(new, active=True), None, was
        elif was is not None and was_before:  # the earlier judgement cleared here: it stands
            new = replace(new, active=False, exceed_run=0, normal_run=0, run_start=None)
            move, open_alert = None, ""
        elif move is Transition.RAISE:
            adopted = _later_alert_of_episode(rule, new, hours[i + 1:], earlier, was_before)
            if adopted:
                move, open_alert = None, adopted
            else:
                open_alert = None
        elif move is Transition.CLEAR:
            open_alert = ""
        decisions.append(Decision(hour, new, move, open_alert))
        state = new
    return decisions


def _later_alert_of_episode(rule: RuleSpec, state: TrackState,
                            rest: Sequence[tuple[datetime, float | None]],
                            earlier: Mapping[datetime, str], open_before: str) -> str:
    """The alert an earlier judgement raised later in the episode a late raise starts, if any:
    follow the episode (the machine stays active) over the following hours."""
    for hour, value in rest:
        was = earlier.get(hour)
        if was and was != open_before:
            return was
        state, move = step(rule, state, hour, value)
        if move is Transition.CLEAR or not state.active:
            return ""
    return ""
