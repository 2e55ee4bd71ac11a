"""LB/T 034-2014 carrying capacity (scenic-capacity.md §2, §5) and the quota (§4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jlp_common.errors import InvalidArgument
from jlp_tourism.domain.capacity import CapacityMethod, Zone, by_area, entered, turnover
from jlp_tourism.domain.quota import (
    QuotaPolicy,
    check_policy_change,
    daily_quota,
    exact_share,
    policy_on,
    validate_policies,
)

WORKED_EXAMPLE = (Zone("Entrance plaza", 12_000, 2), Zone("Temple courtyards", 3_000, 3),
                  Zone("Hillside park", 20_000, 10))


def test_reference_worked_example() -> None:
    # §5: C1 = 6 000 + 1 000 + 2 000 = 9 000; Z = Int(9 / 2.5) = 3; C2 = 27 000
    cap = by_area(WORKED_EXAMPLE, opening_hours=9, average_stay_hours=2.5)
    assert (cap.instantaneous, cap.turnover, cap.daily) == (9_000, 3, 27_000)
    assert cap.method is CapacityMethod.AREA


def test_reference_quota_example() -> None:
    # §4 / issue: 27 000 × 0.75 → 20 250; the 2020 30 % rule → 8 100 per day and 2 700 at once
    assert daily_quota(27_000, exact_share(0.75), reserve=0) == 20_250
    assert daily_quota(27_000, exact_share(0.3), reserve=0) == 8_100
    assert daily_quota(9_000, exact_share(0.3), reserve=0) == 2_700  # float 0.3 would give 2 699
    assert daily_quota(27_000, exact_share(0.75), reserve=1_000) == 19_250


def test_quota_floors_and_never_goes_negative() -> None:
    assert daily_quota(1_001, Decimal("0.5"), 0) == 500
    assert daily_quota(100, Decimal("0.5"), 80) == 0
    with pytest.raises(InvalidArgument, match="walk_in_reserve"):
        daily_quota(100, Decimal("0.5"), -1)


def test_turnover_is_the_integer_part_computed_exactly() -> None:
    assert turnover(9, 2.5) == 3
    assert turnover(9, 3) == 3  # not 2 from 2.9999…
    assert turnover(9.6, 3.2) == 3  # binary floats divide to 2.9999999999999996
    assert turnover(2, 2.5) == 0


def test_sum_is_floored_once_not_per_zone() -> None:
    # 3 zones of 1.5 visitors each: 4 people fit, flooring per zone would say 3
    cap = by_area([Zone("a", 3, 2), Zone("b", 3, 2), Zone("c", 3, 2)], 8, 2)
    assert cap.instantaneous == 4 and cap.daily == 18  # 4.5 × 4 = 18 exactly
    cap = by_area([Zone("a", 0.3, 0.1), Zone("b", 0.7, 0.1)], 1, 1)
    assert cap.instantaneous == 10  # 3 + 7, although 0.3 / 0.1 in binary is 2.9999999999999996


def test_whole_area_turnover_not_per_zone() -> None:
    # one Z for the whole area (the guideline's "virtual visitors" mistake avoided)
    cap = by_area([Zone("a", 1_000, 10), Zone("b", 2_000, 10)], 10, 3)
    assert cap.daily == 300 * 3


def test_bad_area_inputs_name_every_field() -> None:
    with pytest.raises(InvalidArgument) as err:
        by_area([Zone("", -1, 0)], 0, 0, prefix="spot.capacity")
    fields = {v.field for v in err.value.violations}
    assert fields == {"spot.capacity.zones[0].name", "spot.capacity.zones[0].area_m2",
                      "spot.capacity.zones[0].per_visitor_m2", "spot.capacity.opening_hours",
                      "spot.capacity.average_stay_hours"}


def test_stay_longer_than_opening_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="average_stay_hours"):
        by_area(WORKED_EXAMPLE, 2, 3)


def test_no_zone_and_nan_refused() -> None:
    with pytest.raises(InvalidArgument, match="at least one zone"):
        by_area([], 9, 2)
    with pytest.raises(InvalidArgument, match="area_m2"):
        by_area([Zone("a", float("nan"), 2)], 9, 2)


def test_entered_capacity() -> None:
    cap = entered(3_000, 30_000)
    assert (cap.instantaneous, cap.daily, cap.method) == (3_000, 30_000, CapacityMethod.ENTERED)
    with pytest.raises(InvalidArgument, match="capacity.daily: must be at least"):
        entered(3_000, 2_000)
    with pytest.raises(InvalidArgument) as err:
        entered(0, 0)
    assert {v.field for v in err.value.violations} == {"capacity.instantaneous", "capacity.daily"}


def test_share_bounds() -> None:
    assert exact_share(1.0) == Decimal("1.0")
    for bad in (0, 0.0, -0.1, 1.01, float("nan"), "abc"):
        with pytest.raises(InvalidArgument, match="share"):
            exact_share(bad)


POLICIES = [QuotaPolicy(Decimal("1.0"), date(2019, 8, 1)), QuotaPolicy(Decimal("0.3"), date(2020, 4, 13)),
            QuotaPolicy(Decimal("0.75"), date(2020, 9, 29))]


def test_policy_in_force_by_effective_date() -> None:
    assert policy_on(POLICIES, date(2019, 7, 31)) is None
    assert policy_on(POLICIES, date(2020, 4, 12)).share == Decimal("1.0")
    assert policy_on(POLICIES, date(2020, 4, 13)).share == Decimal("0.3")
    assert policy_on(list(reversed(POLICIES)), date(2026, 1, 1)).share == Decimal("0.75")


def test_policies_in_force_cannot_be_rewritten() -> None:
    today = date(2026, 5, 1)
    future = QuotaPolicy(Decimal("0.5"), date(2026, 6, 1))
    check_policy_change(POLICIES, [*POLICIES, future], today)  # appending a future one is fine
    check_policy_change([*POLICIES, future], POLICIES, today)  # so is withdrawing it
    rewritten = [*POLICIES[:2], QuotaPolicy(Decimal("0.9"), date(2020, 9, 29))]
    with pytest.raises(InvalidArgument, match="cannot be changed"):
        check_policy_change(POLICIES, rewritten, today)
    with pytest.raises(InvalidArgument, match="cannot be changed"):
        check_policy_change(POLICIES, [*POLICIES, QuotaPolicy(Decimal("0.5"), today)], today)


def test_policies_need_distinct_dates() -> None:
    with pytest.raises(InvalidArgument, match=r"quota_policies\[1\].effective_date"):
        validate_policies([POLICIES[0], QuotaPolicy(Decimal("0.5"), POLICIES[0].effective_date)])
    with pytest.raises(InvalidArgument, match="at least one"):
        validate_policies([])
