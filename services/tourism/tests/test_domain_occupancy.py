"""Gate counts (idempotent, reorder-safe), the 80/90/100 % ladder with hysteresis, flow curve,
district totals."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from jlp_tourism.domain.counts import GateCount, count_problems, day_totals, merge
from jlp_tourism.domain.crowding import (
    Kind,
    Ladder,
    LadderState,
    Level,
    Measure,
    level_for,
    one_out_one_in,
    sales_open,
    step,
)
from jlp_tourism.domain.flow import SpotLoad, check_interval, district_totals, flow_curve

DAY = date(2026, 10, 2)


def bj(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def gc(event: str, at: datetime, entries: int, exits: int = 0, gate: str = "east") -> GateCount:
    return GateCount(event, "huayan", gate, at, entries, exits)


COUNTS = [gc("e1", bj(9, 5), 100), gc("e2", bj(9, 10), 50, 10, "south"), gc("e3", bj(9, 15), 20, 40),
          gc("e4", bj(10, 0), 0, 30)]


# --- counts -----------------------------------------------------------------------------------
def test_totals_from_the_set() -> None:
    totals = day_totals(COUNTS, DAY)
    assert (totals.entries, totals.exits, totals.inside, totals.as_of) == (170, 80, 90, bj(10))


def test_any_arrival_order_gives_the_same_answer() -> None:
    expected = day_totals(COUNTS, DAY)
    rng = random.Random(7)  # noqa: S311 - a fixed shuffle, not security
    for _ in range(20):
        shuffled = COUNTS[:]
        rng.shuffle(shuffled)
        assert day_totals(shuffled, DAY) == expected


def test_merge_is_idempotent_by_event_id() -> None:
    known = {c.event_id: c for c in COUNTS[:2]}
    batch = [COUNTS[0], COUNTS[2], COUNTS[2], gc("e1", bj(9, 5), 999), COUNTS[3]]
    result = merge(known, batch)
    assert [c.event_id for c in result.accepted] == ["e3", "e4"]
    assert result.duplicates == 2  # e1 already held, e3 repeated in the batch
    assert result.conflicts == [(3, "e1")]  # same id, other numbers: rejected, not guessed
    held = {**known, **{c.event_id: c for c in result.accepted}}
    assert day_totals(held.values(), DAY) == day_totals(COUNTS, DAY)
    assert merge(held, batch).accepted == []  # the whole batch again adds nothing


def test_exits_before_entries_never_go_negative() -> None:
    assert day_totals([gc("x", bj(9), 0, 5)], DAY).inside == 0


def test_count_at_midnight_belongs_to_the_day_that_ended() -> None:
    late = gc("m", bj(0, 0, DAY + timedelta(days=1)), 3)
    assert late.day == DAY and day_totals([late], DAY).entries == 3


def test_until_cuts_the_day() -> None:
    assert day_totals(COUNTS, DAY, until=bj(9, 10)).entries == 150


def test_count_problems_name_the_field() -> None:
    bad = GateCount("", "huayan", "west", bj(12), -1, 100_001)
    fields = {v.field for v in count_problems(bad, 4, now=bj(11), known_gates={"huayan": frozenset({"east"})})}
    assert fields == {"counts[4].eventId", "counts[4].gateId", "counts[4].entries", "counts[4].exits",
                      "counts[4].countTime"}
    assert count_problems(COUNTS[0], 0, now=bj(11), known_gates={"huayan": frozenset({"east"})}) == []
    unknown = count_problems(GateCount("e", "zoo", "g", bj(9), 1, 0), 0, bj(11), {"huayan": frozenset()})
    assert [v.field for v in unknown] == ["counts[0].spotId"]


# --- ladder -----------------------------------------------------------------------------------
def test_levels_at_exact_thresholds() -> None:
    assert level_for(Level.NORMAL, 7_199, 9_000) is Level.NORMAL
    assert level_for(Level.NORMAL, 7_200, 9_000) is Level.YELLOW  # 80 % (§5: 7 200)
    assert level_for(Level.NORMAL, 8_100, 9_000) is Level.ORANGE  # 90 % (8 100)
    assert level_for(Level.NORMAL, 9_000, 9_000) is Level.RED  # 100 %


def run(counts: list[int], capacity: int = 1_000, measure: Measure = Measure.INSTANTANEOUS):
    state, events = LadderState(), []
    for n in counts:
        state, out = step(state, "huayan", measure, DAY, n, capacity)
        events.extend(out)
    return state, events


def test_crossing_80_then_100_gives_two_events() -> None:
    state, events = run([500, 790, 800, 850, 880, 1_000, 1_010])
    assert [(e.kind, e.from_level, e.to_level) for e in events] == [
        (Kind.RAISED, Level.NORMAL, Level.YELLOW), (Kind.RAISED, Level.YELLOW, Level.RED)]
    assert events[1].percent == 100.0 and state.level is Level.RED
    assert events[0].crowding_id != events[1].crowding_id


def test_flapping_near_a_threshold_does_not_repeat_events() -> None:
    _, events = run([799, 800, 799, 801, 790, 760, 800, 751, 805])
    assert [(e.kind, e.to_level) for e in events] == [(Kind.RAISED, Level.YELLOW)]
    _, events = run([800, 749, 800])  # a real drop below 75 % clears; a new rise is a new episode
    assert [(e.kind, e.to_level) for e in events] == [
        (Kind.RAISED, Level.YELLOW), (Kind.CLEARED, Level.NORMAL), (Kind.RAISED, Level.YELLOW)]
    assert events[0].crowding_id != events[2].crowding_id and events[1].crowding_id == events[0].crowding_id


def test_a_jump_is_one_transition_and_a_drop_names_every_episode_it_ends() -> None:
    state, events = run([100, 820, 1_000, 100])
    raised_yellow, raised_red, cleared = events
    assert cleared.kind is Kind.CLEARED and (cleared.from_level, cleared.to_level) == (Level.RED, Level.NORMAL)
    assert cleared.crowding_id == raised_red.crowding_id
    assert cleared.cleared_ids == (raised_yellow.crowding_id, raised_red.crowding_id)
    assert state.open_ids == ()
    _, events = run([0, 1_000])
    assert len(events) == 1 and events[0].to_level is Level.RED


def test_partial_drop_keeps_the_lower_episode_open() -> None:
    state, events = run([820, 1_000, 930])  # 93 %: below 95 (red − band), above 85 (orange − band)
    assert (events[-1].from_level, events[-1].to_level) == (Level.RED, Level.ORANGE)
    assert events[-1].cleared_ids == (events[1].crowding_id,)
    assert [i for _, i in state.open_ids] == [events[0].crowding_id]


def test_a_new_day_clears_the_old_one() -> None:
    state, _ = run([1_000], measure=Measure.DAILY)
    state, events = step(state, "huayan", Measure.DAILY, DAY + timedelta(days=1), 10, 1_000)
    assert [(e.kind, e.day, e.to_level) for e in events] == [(Kind.CLEARED, DAY, Level.NORMAL)]
    assert state.day == DAY + timedelta(days=1) and state.level is Level.NORMAL and state.raises == 0


def test_custom_ladder_and_bad_ladder() -> None:
    ladder = Ladder(70, 85, 95, 2).check()
    assert level_for(Level.NORMAL, 95, 100, ladder) is Level.RED
    assert level_for(Level.RED, 93, 100, ladder) is Level.RED and level_for(Level.RED, 92, 100, ladder) is Level.ORANGE
    with pytest.raises(Exception, match="yellow < orange"):
        Ladder(90, 80, 100).check()


def test_one_out_one_in_and_sales() -> None:
    assert not one_out_one_in(8_999, 9_000) and one_out_one_in(9_000, 9_000)
    assert sales_open(Level.ORANGE, Level.YELLOW)
    assert not sales_open(Level.RED, Level.NORMAL) and not sales_open(Level.NORMAL, Level.RED)


# --- flow curve and district totals -----------------------------------------------------------
def test_flow_curve_per_interval() -> None:
    curve = flow_curve(COUNTS, DAY, 15, until=bj(10, 15))
    by_start = {p.start: p for p in curve.points}
    p = by_start[bj(9)]
    assert (p.entries, p.exits, p.inside, p.cumulative_entries) == (170, 50, 120, 170)
    assert by_start[bj(9, 45)].inside == 90 and by_start[bj(9, 45)].exits == 30
    assert curve.points[-1].start == bj(10) and curve.peak.start == bj(9)
    shuffled = list(reversed(COUNTS))
    assert flow_curve(shuffled, DAY, 15, until=bj(10, 15)) == curve
    assert len(flow_curve(COUNTS, DAY, 60).points) == 24
    with pytest.raises(Exception, match="interval_minutes"):
        check_interval(7)


def test_district_totals() -> None:
    loads = [SpotLoad("a", "A", 900, 3_000, 1_000, 5_000, Level.ORANGE, Level.NORMAL),
             SpotLoad("b", "B", 100, 9_500, 2_000, 10_000, Level.NORMAL, Level.RED),
             SpotLoad("c", "C", 10, 10, 100, 300, Level.NORMAL, Level.NORMAL)]
    totals = district_totals(loads)
    assert (totals.inside, totals.entries_today, totals.instantaneous_capacity, totals.daily_capacity) == \
        (1_010, 12_510, 3_100, 15_300)
    assert totals.at_level[Level.RED] == 1 and totals.at_level[Level.ORANGE] == 1
    assert [s.spot_id for s in totals.spots] == ["a", "c", "b"]
