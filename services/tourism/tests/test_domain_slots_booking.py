"""Entry slots and their quotas; the booking window; one ticket per ID per spot per day; groups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_tourism.domain.booking import (
    VisitorRef,
    booking_opens,
    check_horizon,
    check_not_locked,
    check_window,
    plan_group,
    uniqueness_key,
)
from jlp_tourism.domain.slots import day_slots, find_slot, largest_remainder, opening_hours

DAY = date(2026, 10, 2)
HOURS = opening_hours("08:30", "17:30")  # the worked example's 9 hours


def bj(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    """A Beijing wall-clock time as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def test_slots_cover_the_day_and_sum_to_the_quota() -> None:
    slots = day_slots(HOURS, DAY, 60, 20_250)
    assert [s.id for s in slots][:2] == ["0830-0930", "0930-1030"] and slots[-1].id == "1630-1730"
    assert len(slots) == 9 and sum(s.quota for s in slots) == 20_250
    assert slots[0].start == bj(8, 30) and slots[-1].end == bj(17, 30)
    assert {s.quota for s in slots} == {2_250}


def test_uneven_split_uses_largest_remainder() -> None:
    slots = day_slots(HOURS, DAY, 60, 20)  # 20 / 9 = 2.22…: two slots get a third place
    assert sum(s.quota for s in slots) == 20
    assert [s.quota for s in slots] == [3, 3, 2, 2, 2, 2, 2, 2, 2]


def test_short_last_slot_gets_a_proportional_share() -> None:
    hours = opening_hours("09:00", "17:00", "11:30")
    slots = day_slots(hours, DAY, 60, 500)
    assert [s.id for s in slots] == ["0900-1000", "1000-1100", "1100-1130"]
    assert [s.quota for s in slots] == [200, 200, 100]


@pytest.mark.parametrize("quota", [0, 1, 7, 999, 20_250])
@pytest.mark.parametrize("minutes", [15, 45, 60, 90])
def test_quotas_never_exceed_the_daily_quota(quota: int, minutes: int) -> None:
    slots = day_slots(HOURS, DAY, minutes, quota)
    assert sum(s.quota for s in slots) == quota and all(s.quota >= 0 for s in slots)


def test_weights_and_closed_dates() -> None:
    slots = day_slots(HOURS, DAY, 180, 100, weights=[2, 1, 1])
    assert [s.quota for s in slots] == [50, 25, 25]
    with pytest.raises(InvalidArgument, match="slot_weights"):
        day_slots(HOURS, DAY, 180, 100, weights=[1, 1])
    closed = opening_hours("08:30", "17:30", closed_dates=[DAY])
    assert day_slots(closed, DAY, 60, 100) == []


def test_largest_remainder_is_exact() -> None:
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(largest_remainder(10_001, [7, 13, 29, 1])) == 10_001


def test_opening_hours_errors_name_the_field() -> None:
    with pytest.raises(InvalidArgument, match="spot.opening_hours.open_time"):
        opening_hours("8:30", "17:30")
    with pytest.raises(InvalidArgument, match="spot.opening_hours.close_time: must be after"):
        opening_hours("17:30", "08:30")
    with pytest.raises(InvalidArgument, match="last_entry_time"):
        opening_hours("08:30", "17:30", "18:00")
    with pytest.raises(InvalidArgument, match="slot_minutes"):
        day_slots(HOURS, DAY, 5, 10)


def test_unknown_slot_lists_the_real_ones() -> None:
    slots = day_slots(HOURS, DAY, 60, 90)
    assert find_slot(slots, "0930-1030").quota == 10
    with pytest.raises(InvalidArgument, match="booking.slot_id: no slot '0900-1000'.*0830-0930"):
        find_slot(slots, "0900-1000")


SLOTS = day_slots(HOURS, DAY, 60, 900)


def test_booking_opens_n_days_ahead() -> None:
    slot = SLOTS[0]
    assert booking_opens(DAY, 7) == date(2026, 9, 25)
    check_window(DAY, slot, HOURS, 7, now=bj(0, 0, date(2026, 9, 25)))  # first day open
    with pytest.raises(FailedPrecondition, match="opens on 2026-09-25") as err:
        check_window(DAY, slot, HOURS, 7, now=bj(23, 59, date(2026, 9, 24)))
    assert err.value.reason == "BOOKING_NOT_OPEN"


def test_booking_refused_for_past_days_finished_slots_and_closed_days() -> None:
    with pytest.raises(FailedPrecondition) as err:
        check_window(DAY, SLOTS[0], HOURS, 7, now=bj(8, 0, date(2026, 10, 3)))
    assert err.value.reason == "DATE_PASSED"
    check_window(DAY, SLOTS[0], HOURS, 7, now=bj(9, 29))  # the slot runs: still bookable
    with pytest.raises(FailedPrecondition) as err:
        check_window(DAY, SLOTS[0], HOURS, 7, now=bj(9, 30))
    assert err.value.reason == "SLOT_OVER"
    closed = opening_hours("08:30", "17:30", closed_dates=[DAY])
    with pytest.raises(FailedPrecondition) as err:
        check_window(DAY, SLOTS[0], closed, 7, now=bj(8, 0, date(2026, 10, 1)))
    assert err.value.reason == "SPOT_CLOSED"


def test_horizon_bounds() -> None:
    assert check_horizon(0) == 0
    with pytest.raises(InvalidArgument, match="booking_horizon_days"):
        check_horizon(91)


def test_one_key_per_person_per_spot_per_day() -> None:
    a = uniqueness_key("spot1", DAY, "h-alice")
    assert a == uniqueness_key("spot1", DAY, "h-alice")
    assert a != uniqueness_key("spot1", DAY + timedelta(days=1), "h-alice")
    assert a != uniqueness_key("spot2", DAY, "h-alice")
    assert a != uniqueness_key("spot1", DAY, "h-bob")
    with pytest.raises(ValueError):
        uniqueness_key("spot1", DAY, "")


def test_group_plan_is_all_visitors_or_an_error() -> None:
    plan = plan_group("spot1", DAY, "0830-0930", [VisitorRef("h1"), VisitorRef("h2"), VisitorRef("h3")])
    assert plan.count == 3 and len(set(plan.uniqueness_keys)) == 3
    with pytest.raises(InvalidArgument) as err:
        plan_group("spot1", DAY, "0830-0930", [VisitorRef("h1"), VisitorRef("h2"), VisitorRef("h1")])
    assert [(v.field, v.description) for v in err.value.violations] == [
        ("booking.visitors[2].id_number", "the same ID number as visitors[0]")]
    with pytest.raises(InvalidArgument, match="at least one visitor"):
        plan_group("spot1", DAY, "0830-0930", [])
    with pytest.raises(InvalidArgument, match="at most 10"):
        plan_group("spot1", DAY, "0830-0930", [VisitorRef(f"h{i}") for i in range(11)])


def test_booking_lock() -> None:
    check_not_locked(None, bj(9))
    check_not_locked(bj(9), bj(9))  # the lock has just ended
    with pytest.raises(FailedPrecondition) as err:
        check_not_locked(bj(10), bj(9))
    assert err.value.reason == "BOOKING_LOCKED" and "locked_until" in err.value.metadata
