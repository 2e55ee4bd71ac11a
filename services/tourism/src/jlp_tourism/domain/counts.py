"""Gate counts: validation and idempotent, reorder-safe merging.

A gate counter reports entries and exits over an interval ending at `at`, each report with an
event id. Devices retry and upload late, so the service keeps the *set* of counts keyed by event
id and derives everything from that set: a repeated id (same numbers) is a duplicate and changes
nothing; the same id with different numbers is a device bug and is rejected rather than guessed
at; any arrival order gives the same totals because sums do not depend on order. (Applying
increments in arrival order would double-count retries and go negative on an exit that arrives
before its entries.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from jlp_common.errors import FieldViolation
from jlp_tourism.domain.timebase import local_date, utc_instant

MAX_PER_COUNT = 100_000  # one gate in one interval; more is a device fault
MAX_EVENT_ID = 128
_EPSILON = timedelta(microseconds=1)


@dataclass(frozen=True)
class GateCount:
    event_id: str
    spot_id: str
    gate_id: str
    at: datetime  # end of the counting interval
    entries: int
    exits: int

    @property
    def counted_at(self) -> datetime:
        """The instant the interval's people are attributed to (just before its end), so a count
        ending at 00:00 belongs to the day that just ended and a count ending at 09:15 to the
        09:00–09:15 bucket."""
        return utc_instant(self.at) - _EPSILON

    @property
    def day(self) -> date:
        return local_date(self.counted_at)

    def same_numbers(self, other: GateCount) -> bool:
        return (self.spot_id, self.gate_id, utc_instant(self.at), self.entries, self.exits) == \
               (other.spot_id, other.gate_id, utc_instant(other.at), other.entries, other.exits)


def count_problems(count: GateCount, index: int, now: datetime,
                   known_gates: Mapping[str, frozenset[str]] | None = None) -> list[FieldViolation]:
    """What is wrong with one count, fields named as in JSON with the batch index."""
    out = []
    path = f"counts[{index}]"
    if not count.event_id or len(count.event_id) > MAX_EVENT_ID:
        out.append(FieldViolation(f"{path}.eventId", f"is required (at most {MAX_EVENT_ID} characters)"))
    if not count.spot_id:
        out.append(FieldViolation(f"{path}.spotId", "is required"))
    elif known_gates is not None and count.spot_id not in known_gates:
        out.append(FieldViolation(f"{path}.spotId", f"unknown spot {count.spot_id!r}"))
    if not count.gate_id:
        out.append(FieldViolation(f"{path}.gateId", "is required"))
    elif known_gates is not None and count.spot_id in known_gates and count.gate_id not in known_gates[count.spot_id]:
        out.append(FieldViolation(f"{path}.gateId", f"no gate {count.gate_id!r} at spot {count.spot_id!r}"))
    for name in ("entries", "exits"):
        value = getattr(count, name)
        if not 0 <= value <= MAX_PER_COUNT:
            out.append(FieldViolation(f"{path}.{name}", f"must be between 0 and {MAX_PER_COUNT:,}"))
    if utc_instant(count.at) > utc_instant(now) + timedelta(minutes=5):
        out.append(FieldViolation(f"{path}.countTime", "is in the future (device clock wrong?)"))
    return out


@dataclass(frozen=True)
class MergeResult:
    accepted: list[GateCount]
    duplicates: int
    conflicts: list[tuple[int, str]]  # (batch index, event id) reused with other numbers


def merge(known: Mapping[str, GateCount], incoming: Sequence[GateCount]) -> MergeResult:
    """Which counts of a batch are new, given the counts already held (by event id)."""
    seen: dict[str, GateCount] = {}
    accepted, conflicts, duplicates = [], [], 0
    for i, count in enumerate(incoming):
        earlier = seen.get(count.event_id) or known.get(count.event_id)
        if earlier is None:
            seen[count.event_id] = count
            accepted.append(count)
        elif earlier.same_numbers(count):
            duplicates += 1
        else:
            conflicts.append((i, count.event_id))
    return MergeResult(accepted, duplicates, conflicts)


@dataclass(frozen=True)
class DayTotals:
    entries: int
    exits: int
    as_of: datetime | None

    @property
    def inside(self) -> int:
        """People inside now, never negative (a counter that missed entries but counted the
        exits would otherwise show fewer than nobody)."""
        return max(0, self.entries - self.exits)


def day_totals(counts: Iterable[GateCount], day: date, until: datetime | None = None) -> DayTotals:
    """Entries and exits of one Beijing day (up to `until`, inclusive), from the set of counts."""
    entries = exits = 0
    latest: datetime | None = None
    limit = utc_instant(until) if until is not None else None
    for count in counts:
        if count.day != day or (limit is not None and utc_instant(count.at) > limit):
            continue
        entries += count.entries
        exits += count.exits
        latest = utc_instant(count.at) if latest is None else max(latest, utc_instant(count.at))
    return DayTotals(entries, exits, latest)
