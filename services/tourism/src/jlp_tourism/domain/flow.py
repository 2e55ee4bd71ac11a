"""A spot's flow curve for one day, and district totals for the operations centre.

Computed from the set of gate counts (see counts.py), so it is the same whatever order the
counts arrived in. Each count is attributed to the interval holding the instant just before its
end; `inside` is the running entries minus exits at the end of each interval (floored at 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from jlp_common.errors import InvalidArgument
from jlp_tourism.domain.counts import GateCount
from jlp_tourism.domain.crowding import Level
from jlp_tourism.domain.timebase import DAY, day_start, utc_instant


@dataclass(frozen=True)
class FlowPoint:
    start: datetime
    entries: int
    exits: int
    inside: int
    cumulative_entries: int


@dataclass(frozen=True)
class FlowCurve:
    day: date
    interval_minutes: int
    points: list[FlowPoint]

    @property
    def peak(self) -> FlowPoint | None:
        """The interval ending with the most people inside (the earliest on a tie)."""
        return max(self.points, key=lambda p: (p.inside, -p.start.timestamp()), default=None)


def check_interval(minutes: int, field: str = "interval_minutes") -> int:
    """5..1440 minutes and a divisor of a day, so intervals align with the clock."""
    if not 5 <= minutes <= 1440 or 1440 % minutes:
        raise InvalidArgument.field(field, "must divide 1440 (a day) and be between 5 and 1440 minutes")
    return minutes


def flow_curve(counts: Iterable[GateCount], day: date, interval_minutes: int = 15,
               until: datetime | None = None) -> FlowCurve:
    """Intervals of `day` from midnight Beijing time; up to `until` (e.g. now) when given."""
    check_interval(interval_minutes)
    step = timedelta(minutes=interval_minutes)
    start = day_start(day)
    end = start + DAY if until is None else min(start + DAY, max(start, utc_instant(until)))
    n = max(1, -(-int((end - start).total_seconds()) // int(step.total_seconds())))
    entries, exits = [0] * n, [0] * n
    for count in counts:
        if count.day != day:
            continue
        index = int((count.counted_at - start) / step)
        if index >= n:
            continue
        entries[index] += count.entries
        exits[index] += count.exits
    points, total_in, total_out = [], 0, 0
    for i in range(n):
        total_in += entries[i]
        total_out += exits[i]
        points.append(FlowPoint(start + i * step, entries[i], exits[i], max(0, total_in - total_out), total_in))
    return FlowCurve(day, interval_minutes, points)


@dataclass(frozen=True)
class SpotLoad:
    spot_id: str
    name: str
    inside: int
    entries_today: int
    instantaneous_capacity: int
    daily_capacity: int
    instantaneous_level: Level
    daily_level: Level

    @property
    def share(self) -> float:
        return self.inside / self.instantaneous_capacity if self.instantaneous_capacity else 0.0


@dataclass(frozen=True)
class DistrictTotals:
    inside: int
    entries_today: int
    instantaneous_capacity: int
    daily_capacity: int
    at_level: dict[Level, int]
    spots: list[SpotLoad]  # highest instantaneous share first


def district_totals(loads: Sequence[SpotLoad]) -> DistrictTotals:
    """Sums over the spots; a spot counts at the higher of its two levels."""
    at_level = {level: 0 for level in Level}
    for load in loads:
        at_level[max(load.instantaneous_level, load.daily_level)] += 1
    ordered = sorted(loads, key=lambda s: (-s.share, s.spot_id))
    return DistrictTotals(sum(s.inside for s in loads), sum(s.entries_today for s in loads),
                          sum(s.instantaneous_capacity for s in loads), sum(s.daily_capacity for s in loads),
                          at_level, ordered)
