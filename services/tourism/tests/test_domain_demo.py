"""Demo data: the district's scenic spots (district-facts.md §3) and a seeded day of counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from jlp_tourism.domain import demo
from jlp_tourism.domain.counts import day_totals, merge
from jlp_tourism.domain.quota import daily_quota, policy_on

DAY = date(2026, 10, 2)


def test_the_district_spots_with_capacities() -> None:
    names = {s.name for s in demo.SPOTS}
    assert {"华岩旅游风景区", "重庆动物园", "九龙半岛"} <= names
    assert len({s.code for s in demo.SPOTS}) == len(demo.SPOTS)
    for spot in demo.SPOTS:
        cap = spot.capacity
        assert 0 < cap.instantaneous <= cap.daily
        assert 106.23 <= spot.lon <= 106.57 and 29.27 <= spot.lat <= 29.60  # district box (facts §4)
        assert spot.gates and spot.location_note
        assert not spot.subdistrict_code or spot.subdistrict_code.startswith("500107")


def test_huayan_is_the_reference_worked_example() -> None:
    huayan = next(s for s in demo.SPOTS if s.code == "HUAYAN")
    assert (huayan.capacity.instantaneous, huayan.capacity.daily) == (9_000, 27_000)
    share = policy_on(huayan.policies(), DAY).share
    assert daily_quota(huayan.capacity.daily, share, 0) == 20_250
    assert daily_quota(huayan.capacity.daily, share, huayan.walk_in_reserve) == 19_250


def test_a_day_of_counts_is_seeded_and_consistent() -> None:
    zoo = next(s for s in demo.SPOTS if s.code == "CQZOO")
    counts = demo.day_of_counts(zoo, "zoo-id", DAY, seed=3)
    assert counts == demo.day_of_counts(zoo, "zoo-id", DAY, seed=3)
    assert counts != demo.day_of_counts(zoo, "zoo-id", DAY, seed=4)
    assert merge({}, counts).duplicates == 0  # event ids unique
    totals = day_totals(counts, DAY)
    assert totals.entries == totals.exits  # everyone out by closing
    assert 0.4 * zoo.capacity.daily <= totals.entries <= 0.8 * zoo.capacity.daily
    assert {c.gate_id for c in counts} <= {g.id for g in zoo.gates}
    assert all(c.spot_id == "zoo-id" and c.day == DAY for c in counts)


def test_a_day_in_progress_has_people_inside() -> None:
    zoo = next(s for s in demo.SPOTS if s.code == "CQZOO")
    noon = datetime(2026, 10, 2, 4, 0, tzinfo=UTC)  # 12:00 Beijing
    counts = demo.day_of_counts(zoo, "zoo-id", DAY, until=noon)
    assert counts and max(c.at for c in counts) <= noon
    assert day_totals(counts, DAY).inside > 0
    assert all(c.at <= noon + timedelta(0) for c in counts)
