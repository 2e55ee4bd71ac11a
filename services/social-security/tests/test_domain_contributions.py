"""Contribution rules: the reference's worked example, clamping, rounding, versions, adjustments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_social_security.domain.calendar import Month, parse_month
from jlp_social_security.domain.contributions import (
    BaseClamp,
    RecordKey,
    RecordKind,
    adjustment_record,
    calculate,
    clamp_base,
    contribution_months,
    regular_record,
)
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.money import format_money, parse_money, to_fen
from jlp_social_security.domain.rates import parse_schedules

D = Decimal
MAY = Month(2025, 5)


def amounts(quote):
    return {line.item: (format_money(line.employer_amount), format_money(line.employee_amount))
            for line in quote.lines}


def test_worked_example_8000_yuan_reproduces_reference_section_4(book):
    quote = calculate(D("8000"), MAY, book, work_injury_class=1)
    assert quote.base == D("8000") and quote.clamp is BaseClamp.WITHIN_LIMITS
    assert amounts(quote) == {
        "pension": ("1280.00", "640.00"),
        "medical": ("680.00", "160.00"),
        "medical_mutual_aid": ("120.00", "5.00"),
        "unemployment": ("40.00", "40.00"),
        "work_injury": ("16.00", "0.00"),
    }
    assert format_money(quote.employer_total) == "2136.00"
    assert format_money(quote.employee_total) == "845.00"


def test_floor_and_cap_clamp_the_base(book):
    low = calculate(D("2800"), MAY, book, [InsuranceType.PENSION])
    assert (low.base, low.clamp) == (D("3699"), BaseClamp.RAISED_TO_FLOOR)
    assert format_money(low.lines[0].employee_amount) == "295.92"
    high = calculate(D("25000"), MAY, book, [InsuranceType.PENSION])
    assert (high.base, high.clamp) == (D("18495"), BaseClamp.CUT_TO_CAP)
    assert format_money(high.lines[0].employee_amount) == "1479.60"
    assert clamp_base(D("3699"), D("3699"), D("18495")) == (D("3699"), BaseClamp.WITHIN_LIMITS)
    assert clamp_base(D("18495.01"), D("3699"), D("18495"))[1] is BaseClamp.CUT_TO_CAP


def test_amounts_round_half_up_to_the_fen_per_item(book):
    # 4321.07 × 0.005 = 21.60535 → 21.61
    quote = calculate(D("4321.07"), MAY, book, [InsuranceType.UNEMPLOYMENT])
    assert quote.lines[0].employee_amount == D("21.61")
    # exactly half a fen rounds up, never to even: 3701 × 0.085 = 314.585 → 314.59
    medical = calculate(D("3701"), MAY, book, [InsuranceType.MEDICAL])
    assert medical.lines[0].employer_amount == D("314.59")
    assert to_fen(D("0.005")) == D("0.01") and to_fen(D("0.015")) == D("0.02")


def test_totals_are_sums_of_rounded_lines(book):
    quote = calculate(D("5555.55"), MAY, book, work_injury_class=3)
    assert quote.employer_total == sum(line.employer_amount for line in quote.lines)
    assert all(line.employer_amount == line.employer_amount.quantize(D("0.01")) for line in quote.lines)


def test_work_injury_uses_the_industry_class_rate(book):
    q5 = calculate(D("8000"), MAY, book, [InsuranceType.WORK_INJURY], work_injury_class=5)
    assert q5.lines[0].employer_rate == D("0.011") and q5.lines[0].employer_amount == D("88.00")
    with pytest.raises(InvalidArgument) as err:
        calculate(D("8000"), MAY, book, [InsuranceType.WORK_INJURY], work_injury_class=9)
    assert err.value.violations[0].field == "work_injury_class"
    with pytest.raises(InvalidArgument) as err:
        calculate(D("8000"), MAY, book, [InsuranceType.WORK_INJURY])
    assert err.value.violations[0].field == "work_injury_class"


def _config(*schedules):
    base_items = {"pension": {"employer_rate": "0.16", "employee_rate": "0.08"},
                  "medical": {"employer_rate": "0.085", "employee_rate": "0.02"},
                  "unemployment": {"employer_rate": "0.005", "employee_rate": "0.005"}}
    classes = {str(c): "0.002" for c in range(1, 9)}
    return {"schedules": [
        {"id": sid, "effective_from": start, "average_monthly_wage": avg, "items": items or base_items,
         "work_injury_class_rates": classes}
        for sid, start, avg, items in schedules]}


def test_schedules_are_versioned_by_effective_date():
    old_items = {"pension": {"employer_rate": "0.19", "employee_rate": "0.08"},
                 "medical": {"employer_rate": "0.075", "employee_rate": "0.02"},
                 "unemployment": {"employer_rate": "0.005", "employee_rate": "0.005"}}
    book = parse_schedules(_config(("old", "2014-01-01", "5175", old_items), ("new", "2021-07-01", "6165", None)))
    june, july = calculate(D("8000"), Month(2021, 6), book), calculate(D("8000"), Month(2021, 7), book)
    assert june.schedule.id == "old" and june.lines[0].employer_amount == D("1520.00")
    assert july.schedule.id == "new" and july.lines[0].employer_amount == D("1280.00")
    # floor/cap derived from the average wage when not published: 60 % / 300 %, whole yuan (§2.1)
    assert (june.schedule.base_floor, june.schedule.base_cap) == (D("3105"), D("15525"))
    with pytest.raises(InvalidArgument) as err:
        calculate(D("8000"), Month(2013, 12), book)
    assert err.value.violations[0].field == "month"


def test_bad_configuration_is_refused_with_paths():
    bad = _config(("x", "2021-02-30", "6165", None))
    bad["schedules"][0]["items"]["pension"]["employer_rate"] = 0.16  # a float, not a string: accepted as text
    bad["schedules"][0]["items"]["medical"]["employer_rate"] = "16"
    bad["schedules"][0]["base_floor"] = "20000"
    with pytest.raises(InvalidArgument) as err:
        parse_schedules(bad)
    fields = {v.field for v in err.value.violations}
    assert fields == {"schedules[0].effective_from", "schedules[0].items.medical.employer_rate",
                      "schedules[0].base_floor"}


@pytest.mark.parametrize("text", ["8e3", "-1", "8,000", "12.345", "", "NaN", "１２"])
def test_money_strings_are_strict(text):
    with pytest.raises(InvalidArgument) as err:
        parse_money(text, "wage")
    assert err.value.violations[0].field == "wage"


def test_money_string_forms():
    assert parse_money("8000", "wage") == D("8000.00")
    assert format_money(parse_money("8000.5", "wage")) == "8000.50"
    assert parse_money("-12.30", "x", allow_negative=True) == D("-12.30")


def test_record_key_and_rate_snapshot(book):
    key = RecordKey("p1", InsuranceType.MEDICAL, MAY)
    record = regular_record(key, D("8000"), book)
    assert record.record_id == "p1:MEDICAL:2025-05"
    assert [line.item for line in record.lines] == ["medical", "medical_mutual_aid"]
    assert record.lines[0].employer_rate == D("0.085") and record.lines[1].employee_fixed == D("5.00")
    assert record.schedule_id == "cq-2021"
    assert (record.employer_amount, record.employee_amount) == (D("800.00"), D("165.00"))
    # equal keys, equal ids: the storage layer's unique identity for the idempotent run
    assert RecordKey("p1", InsuranceType.MEDICAL, parse_month("2025-05", "m")).as_id() == record.record_id


def test_arrears_are_adjustment_records_of_the_difference(book):
    key = RecordKey("p1", InsuranceType.PENSION, MAY)
    regular = regular_record(key, D("5000"), book)
    adj = adjustment_record([regular], D("8000"), book, "wage under-declared")
    assert adj.kind is RecordKind.ADJUSTMENT and adj.adjusts_record_id == regular.record_id
    assert (adj.employer_amount, adj.employee_amount) == (D("480.00"), D("240.00"))
    assert adj.record_id == "p1:PENSION:2025-05:adj1"
    # the same correction again: nothing left to adjust
    with pytest.raises(FailedPrecondition):
        adjustment_record([regular, adj], D("8000"), book, "again")
    # a later correction downwards is a negative adjustment, numbered 2
    refund = adjustment_record([regular, adj], D("7000"), book, "over-declared")
    assert refund.sequence == 2 and refund.employee_amount == D("-80.00")
    with pytest.raises(FailedPrecondition):
        adjustment_record([], D("8000"), book, "no regular record")
    with pytest.raises(InvalidArgument):
        adjustment_record([regular], D("8000"), book, "  ")


def test_contribution_months_count_net_positive_months(book):
    records = [regular_record(RecordKey("p", InsuranceType.PENSION, Month(2024, m)), D("6000"), book)
               for m in range(1, 13)]
    records.append(regular_record(RecordKey("p", InsuranceType.MEDICAL, Month(2025, 1)), D("6000"), book))
    assert contribution_months(records) == 12
    assert contribution_months(records, until=Month(2024, 6)) == 6
    assert contribution_months(records, InsuranceType.MEDICAL) == 1
    assert date(2024, 1, 1) == Month(2024, 1).first_day
