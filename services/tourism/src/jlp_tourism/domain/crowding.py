"""The 80 / 90 / 100 % warning ladder with hysteresis (scenic-capacity.md §3).

Two loads are watched separately, each against its own published capacity (§3, last
paragraph): people inside now against C1 (INSTANTANEOUS) and entries today against C2 (DAILY).

A level is raised as soon as the load reaches its threshold (80 % yellow, 90 % orange, 100 % red)
and cleared only when the load falls `band` percentage points below it, so counts flapping
around a threshold produce one event, not one per batch. A change of level is one transition —
one event — however many thresholds it crosses at once; crossing 80 % and later 100 % is two.

At 100 % of C1 entry becomes one-out-one-in (出一进一) and at red on either load ticket sales
stop. Each raise opens an episode with a stable id that a clear names, so grid-event can open
one case for a red episode and close it when it clears. A new Beijing day starts from NORMAL and
clears whatever the old day left open.

All arithmetic is on integers (count × 100 against capacity × percent): no float edge at
exactly 80 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum, IntEnum

from jlp_common.errors import FieldViolation, InvalidArgument


class Level(IntEnum):
    NORMAL = 0
    YELLOW = 1
    ORANGE = 2
    RED = 3


class Measure(Enum):
    INSTANTANEOUS = "INSTANTANEOUS"
    DAILY = "DAILY"


class Kind(Enum):
    RAISED = "RAISED"
    CLEARED = "CLEARED"


@dataclass(frozen=True)
class Ladder:
    """Thresholds in percent of capacity (yellow, orange, red) and the clearing band."""

    yellow: int = 80
    orange: int = 90
    red: int = 100
    band: int = 5

    def threshold(self, level: Level) -> int:
        return {Level.YELLOW: self.yellow, Level.ORANGE: self.orange, Level.RED: self.red}[level]

    def check(self, prefix: str = "ladder") -> Ladder:
        problems = []
        if not 0 < self.yellow < self.orange < self.red <= 100:
            problems.append(FieldViolation(prefix, "need 0 < yellow < orange < red ≤ 100"))
        if not 0 <= self.band < self.yellow:
            problems.append(FieldViolation(f"{prefix}.band", "must be at least 0 and below the yellow threshold"))
        if problems:
            raise InvalidArgument(violations=problems)
        return self


DEFAULT_LADDER = Ladder()


def reached(count: int, capacity: int, percent: int) -> bool:
    return count * 100 >= capacity * percent


def level_for(current: Level, count: int, capacity: int, ladder: Ladder = DEFAULT_LADDER) -> Level:
    """The level after seeing `count`: up to the highest threshold reached; down only past the
    band below the current level's threshold (then as far as the band allows)."""
    if capacity <= 0:
        raise ValueError("capacity must be positive")
    top = Level.NORMAL
    for level in (Level.YELLOW, Level.ORANGE, Level.RED):
        if reached(count, capacity, ladder.threshold(level)):
            top = level
    if top >= current:
        return top
    level = current
    while level > Level.NORMAL and not reached(count, capacity, ladder.threshold(level) - ladder.band):
        level = Level(level - 1)
    return level


@dataclass(frozen=True)
class Transition:
    kind: Kind
    measure: Measure
    day: date
    from_level: Level
    to_level: Level
    crowding_id: str  # the raise's episode; for a clear, the highest episode left
    cleared_ids: tuple[str, ...]
    count: int
    capacity: int

    @property
    def percent(self) -> float:
        return round(self.count * 100 / self.capacity, 1) if self.capacity else 0.0


@dataclass(frozen=True)
class LadderState:
    """Where one (spot, measure) stands; stored with the spot and replaced by a conditional
    update on its version, so two replicas never both publish the same transition."""

    day: date | None = None
    level: Level = Level.NORMAL
    raises: int = 0  # raises so far on `day` (numbers the episodes)
    open_ids: tuple[tuple[Level, str], ...] = field(default=())


def episode_id(spot_id: str, measure: Measure, day: date, number: int) -> str:
    return f"{spot_id}|{measure.value}|{day.isoformat()}|{number}"


def step(state: LadderState, spot_id: str, measure: Measure, day: date, count: int, capacity: int,
         ladder: Ladder = DEFAULT_LADDER) -> tuple[LadderState, list[Transition]]:
    """Feed the current load; returns the new state and the transitions (0, 1, or 2 when a day
    rolled over with a level open)."""
    out: list[Transition] = []
    if state.day != day:
        if state.day is not None and state.level > Level.NORMAL:
            ids = tuple(i for _, i in state.open_ids)
            out.append(Transition(Kind.CLEARED, measure, state.day, state.level, Level.NORMAL,
                                  ids[-1] if ids else "", ids, 0, capacity))
        state = LadderState(day=day)
    new = level_for(state.level, count, capacity, ladder)
    if new > state.level:
        number = state.raises + 1
        crowding = episode_id(spot_id, measure, day, number)
        out.append(Transition(Kind.RAISED, measure, day, state.level, new, crowding, (), count, capacity))
        state = replace(state, level=new, raises=number, open_ids=(*state.open_ids, (new, crowding)))
    elif new < state.level:
        left = tuple(i for lvl, i in state.open_ids if lvl > new)
        out.append(Transition(Kind.CLEARED, measure, day, state.level, new, left[-1] if left else "", left,
                              count, capacity))
        state = replace(state, level=new, open_ids=tuple((lvl, i) for lvl, i in state.open_ids if lvl <= new))
    return state, out


def one_out_one_in(inside: int, instantaneous_capacity: int) -> bool:
    """At (or, after a counter fault, above) C1, a visitor enters only when one leaves."""
    return inside >= instantaneous_capacity


def sales_open(instantaneous: Level, daily: Level) -> bool:
    """Sales stop at red on either load (and stay stopped until the level clears)."""
    return instantaneous < Level.RED and daily < Level.RED
