"""Plain fields of projects, investors and supervision items: every problem named."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from jlp_common.errors import InvalidArgument
from jlp_investment.domain import fields, supervision
from jlp_investment.domain.sites import SiteKind

GOOD = {
    "name": "演示铝板带项目", "amount_wan": "15000", "industry_chain": "NON_FERROUS",
    "chain_link": "ROLLING_EXTRUSION", "officer_id": "officer-li", "expected_sign_date": "2026-06-30",
    "expected_start_date": "2026-09-01", "expected_production_date": "2027-06-30", "site_kind": 1,
    "required_area_mu": "50", "land_use_code": "0601", "expected_annual_tax_wan": "900", "tags": ["重点", "重点"],
}


def test_a_good_project_is_typed() -> None:
    parsed = fields.parse_project(GOOD)
    assert parsed["amount_wan"] == Decimal(15000) and parsed["required_area_mu"] == Decimal(50)
    assert parsed["expected_sign_date"] == date(2026, 6, 30) and parsed["site_kind"] is SiteKind.LAND_PARCEL
    assert parsed["tags"] == ("重点",) and parsed["signed_amount_wan"] is None


def test_every_bad_field_is_named() -> None:
    bad = {**GOOD, "name": " ", "amount_wan": "1e4", "industry_chain": "TEXTILES", "officer_id": "",
           "expected_start_date": "2026/09/01", "land_use_code": "9999", "registered_credit_code": "123",
           "required_area_mu": "50.123", "min_clear_height_m": -1, "tags": [""]}
    with pytest.raises(InvalidArgument) as err:
        fields.parse_project(bad)
    assert {v.field for v in err.value.violations} == {
        "project.name", "project.amount_wan", "project.industry_chain", "project.officer_id",
        "project.expected_start_date", "project.land_use_code", "project.registered_credit_code",
        "project.required_area_mu", "project.min_clear_height_m", "project.tags[0]"}


def test_cross_field_rules_run_on_the_merge() -> None:
    with pytest.raises(InvalidArgument) as err:
        fields.parse_project({**GOOD, "chain_link": "VEHICLE"})
    assert err.value.violations[0].field == "project.chain_link"
    current = fields.parse_project(GOOD)
    with pytest.raises(InvalidArgument) as err:  # a partial edit cannot put dates out of order
        fields.parse_project({"expected_start_date": "2026-01-01"}, ["expected_start_date"], current=current)
    assert err.value.violations[0].field == "project.expected_start_date"
    with pytest.raises(InvalidArgument):  # changing the chain alone orphans the link
        fields.parse_project({"industry_chain": "SOFTWARE"}, ["industry_chain"], current=current)


def test_update_touches_only_the_mask_and_never_the_stage() -> None:
    current = fields.parse_project(GOOD)
    edit = fields.parse_project({"tags": ["签约在即"], "name": ""}, ["tags"], current=current)
    assert edit == {"tags": ("签约在即",)}
    with pytest.raises(InvalidArgument) as err:
        fields.parse_project({"stage": "SIGNED"}, ["tags", "stage"], current=current)
    assert err.value.violations[0].field == "update_mask.stage"
    with pytest.raises(InvalidArgument) as err:
        fields.parse_project({}, ["colour"], current=current)
    assert err.value.violations[0].field == "update_mask.colour"


def test_investor_fields() -> None:
    parsed = fields.parse_investor({"name": "演示精密科技有限公司",
                                    "credit_code": "９１５００１０７ＭＡ５Ｕ００００３Ｇ",
                                    "contact_phone": "138 1234 5678", "aliases": ["JM", "JM"]})
    assert parsed["credit_code"] == "91500107MA5U00003G" and parsed["contact_phone"] == "13812345678"
    assert parsed["aliases"] == ("JM",)
    with pytest.raises(InvalidArgument) as err:
        fields.parse_investor({"name": "", "credit_code": "91500107MA5U00003H", "contact_phone": "12345",
                               "industry_chain": "X"})
    assert {v.field for v in err.value.violations} == {"investor.name", "investor.credit_code",
                                                       "investor.contact_phone", "investor.industry_chain"}
    with pytest.raises(InvalidArgument) as err:
        fields.parse_investor({}, ["state"])
    assert err.value.violations[0].description == "output only"


def test_phone_forms() -> None:
    assert fields.validate_phone("+86 13812345678", "p") == "13812345678"
    assert fields.validate_phone("023-68781234", "p") == "023-68781234"


def test_supervision_items() -> None:
    item = supervision.parse_item({"problem": "用地指标未落实", "owner": "规划自然资源局", "due_date": "2026-05-10"})
    assert item["due_date"] == date(2026, 5, 10) and item["closed"] is False
    with pytest.raises(InvalidArgument) as err:
        supervision.parse_item({"problem": "", "owner": "", "due_date": "10/5"})
    assert {v.field for v in err.value.violations} == {"supervision_item.problem", "supervision_item.owner",
                                                       "supervision_item.due_date"}
    with pytest.raises(InvalidArgument):
        supervision.parse_item({}, ["closed_by"])
    # Due 05-10: still on time at 23:59 Beijing time that day, overdue a minute later.
    assert not supervision.is_overdue(date(2026, 5, 10), False, datetime(2026, 5, 10, 15, 59, tzinfo=UTC))
    assert supervision.is_overdue(date(2026, 5, 10), False, datetime(2026, 5, 10, 16, 0, tzinfo=UTC))
    assert not supervision.is_overdue(date(2026, 5, 10), True, datetime(2026, 6, 1, tzinfo=UTC))
    now = datetime(2026, 5, 9, tzinfo=UTC)
    assert supervision.closing_changes(False, True, "officer-li", now) == {
        "closed": True, "close_time": now, "closed_by": "officer-li"}
    assert supervision.closing_changes(True, False, "u", now) == {"closed": False, "close_time": None, "closed_by": ""}
    assert supervision.closing_changes(True, True, "u", now) == {}
