"""Matching: hard filters, then a score whose reasons add up — fixed fixtures, fixed answer."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_investment.domain.matching import Partner, ProjectNeeds, SiteOffer, match_sites
from jlp_investment.domain.parks import BY_ID as PARKS
from jlp_investment.domain.sites import BuildingTerms, LandTerms, SiteKind, SiteState

NEEDS = ProjectNeeds(
    project_id="p-new", site_kind=SiteKind.LAND_PARCEL, chain="NON_FERROUS", link="ROLLING_EXTRUSION",
    amount_wan=Decimal(15000), expected_annual_tax_wan=Decimal(900), required_area_mu=Decimal(50))


def land(code: str = "0601", intensity: int | None = None, tax: int | None = None) -> LandTerms:
    return LandTerms(code, 1.0, 2.5, Decimal(intensity) if intensity else None, Decimal(tax) if tax else None)


def parcel(code: str, park: str, area_m2: float, lon: float, lat: float, terms: LandTerms,
           state: SiteState = SiteState.AVAILABLE, reserved_for: str = "") -> SiteOffer:
    return SiteOffer(f"id-{code}", code, f"地块{code}", SiteKind.LAND_PARCEL, state, reserved_for, park, lon, lat,
                     area_m2, land=terms)


SITES = [
    parcel("A-01", "xipeng", 36000, 106.32, 29.33, land(intensity=250, tax=15)),  # 54 mu
    parcel("A-02", "xipeng", 30000, 106.40, 29.33, land(intensity=400, tax=30)),  # 45 mu
    parcel("B-01", "taojia", 33340, 106.44, 29.375, land()),  # 50.01 mu, no 标准地 thresholds
    parcel("C-01", "huayan", 33340, 106.445, 29.465, land(intensity=300, tax=20)),
    parcel("D-01", "xipeng", 33340, 106.32, 29.34, land("0505")),
    parcel("D-02", "xipeng", 20000, 106.32, 29.34, land()),  # 30 mu
    parcel("D-03", "xipeng", 33340, 106.32, 29.34, land(), SiteState.RESERVED, "p-other"),
    SiteOffer("id-E-01", "E-01", "厂房", SiteKind.BUILDING_UNIT, SiteState.AVAILABLE, "", "xipeng", 106.32, 29.33,
              33340, building=BuildingTerms(floor_load_kn_m2=8, clear_height_m=9, usage="factory")),
    parcel("F-01", "hangu", 33340, 106.355, 29.52, land("0604", intensity=300, tax=20)),
]
PARTNERS = [
    Partner("p-ingot", "NON_FERROUS", "PRIMARY_ALUMINIUM", 106.33, 29.33),  # upstream partner
    Partner("p-peer", "NON_FERROUS", "ROLLING_EXTRUSION", 106.40, 29.33),  # same link: a competitor
    Partner("p-car", "AUTO_MOTO", "VEHICLE", 106.44, 29.375),  # another chain
]


def test_ranked_list_with_reasons_for_the_fixture() -> None:
    result = match_sites(NEEDS, SITES, PARKS, PARTNERS)
    assert [(m.rank, m.site_code, m.score) for m in result.matches] == [
        (1, "A-01", 94.55), (2, "A-02", 71.49), (3, "F-01", 67.48), (4, "B-01", 44.42)]
    best = {r.criterion: r for r in result.matches[0].reasons}
    # 15000 万元 / 54 亩 = 277.78 ≥ 250; 900 / 54 = 16.67 ≥ 15; focus chain; 0.97 km to the
    # upstream ingot plant: 15 × (1 − 0.097); 54 亩 for 50: 8 % off of a 20 % tolerance.
    assert (best["intensity"].points, best["intensity"].explanation) == (
        30.0, "投资强度 277.78 万元/亩 ≥ 标准地 250.00 万元/亩")
    assert best["tax_per_mu"].points == 25.0 and "16.67" in best["tax_per_mu"].explanation
    assert best["chain_link"].points == 20.0
    assert "九龙工业园区西彭组团 leads with 有色金属" in best["chain_link"].explanation
    assert best["partner_distance"].points == 13.55
    assert "原铝及合金熔铸 partner (project p-ingot) 1.0 km" in best["partner_distance"].explanation
    assert best["area_fit"].points == 6.0
    assert sum(r.points for r in result.matches[0].reasons) == pytest.approx(94.55)
    second = {r.criterion: r for r in result.matches[1].reasons}
    assert (second["intensity"].points, second["tax_per_mu"].points) == (25.0, 16.67)
    assert "333.33 万元/亩 < 标准地 400.00" in second["intensity"].explanation
    no_threshold = {r.criterion: r for r in result.matches[3].reasons}
    assert no_threshold["intensity"].max_points == 0 and "no 标准地" in no_threshold["intensity"].explanation
    assert no_threshold["chain_link"].points == 10.0  # admitted, not led


def test_hard_filters_say_which_one_failed() -> None:
    result = match_sites(NEEDS, SITES, PARKS, PARTNERS)
    assert [(r.site_code, r.filter) for r in result.rejected] == [
        ("C-01", "park_industry"), ("D-01", "land_use"), ("D-02", "area"), ("D-03", "state"),
        ("E-01", "site_kind")]


def test_same_answer_whatever_the_input_order() -> None:
    expected = match_sites(NEEDS, SITES, PARKS, PARTNERS)
    shuffled = SITES[:]
    random.Random(7).shuffle(shuffled)  # noqa: S311 - a fixed permutation
    assert match_sites(NEEDS, shuffled, PARKS, list(reversed(PARTNERS))) == expected


def test_own_reservation_still_matches_and_limit_applies() -> None:
    mine = parcel("D-03", "xipeng", 33340, 106.32, 29.34, land(), SiteState.RESERVED, "p-new")
    result = match_sites(NEEDS, [*SITES[:6], mine], PARKS, PARTNERS, limit=2)
    assert len(result.matches) == 2
    assert "D-03" in {m.site_code for m in match_sites(NEEDS, [mine], PARKS, PARTNERS).matches}


def test_wider_tolerance_admits_the_small_parcel() -> None:
    result = match_sites(NEEDS, SITES, PARKS, PARTNERS, tolerance=0.5)
    assert "D-02" in {m.site_code for m in result.matches}


def test_project_must_say_what_it_needs() -> None:
    from dataclasses import replace

    with pytest.raises(FailedPrecondition):
        match_sites(replace(NEEDS, required_area_mu=None), SITES, PARKS)
    with pytest.raises(InvalidArgument):
        match_sites(NEEDS, SITES, PARKS, tolerance=0)


def test_office_projects_match_office_units() -> None:
    needs = ProjectNeeds("p-soft", SiteKind.BUILDING_UNIT, "SOFTWARE", "INDUSTRIAL_SOFTWARE", Decimal(3000),
                         required_floor_area_m2=2000)
    office = SiteOffer("u1", "U-01", "研发楼", SiteKind.BUILDING_UNIT, SiteState.AVAILABLE, "", "erlang", 106.468,
                       29.53, 2100, building=BuildingTerms(floor_load_kn_m2=2.5, clear_height_m=3.6, usage="office"))
    factory = SiteOffer("u2", "U-02", "厂房", SiteKind.BUILDING_UNIT, SiteState.AVAILABLE, "", "erlang", 106.468,
                        29.53, 2000, building=BuildingTerms(floor_load_kn_m2=8, clear_height_m=9, usage="factory"))
    result = match_sites(needs, [office, factory], PARKS)
    assert [m.site_code for m in result.matches] == ["U-01"]
    assert [(r.site_code, r.filter) for r in result.rejected] == [("U-02", "land_use")]
    # Only chain (20, led) and area (10 × (1 − 0.05 / 0.2) = 7.5) apply: 27.5 / 30.
    assert result.matches[0].score == 91.67
