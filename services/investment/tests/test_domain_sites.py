"""Sites: mu ↔ m², parcel polygons, land and building terms, availability transitions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from shapely.geometry import box, mapping

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_investment.domain import sites
from jlp_investment.domain.sites import Availability, SiteKind, SiteState

# A rectangle of about 200 m × 100 m in 华岩.
PARCEL = box(106.44, 29.465, 106.44 + 0.00206, 29.465 + 0.0009)


def test_mu_is_exactly_ten_thousand_fifteenths_of_a_square_metre() -> None:
    assert sites.SQM_PER_MU == Decimal(10000) / Decimal(15)
    assert sites.mu_from_m2(10000) == Decimal("15.00")  # one hectare = 15 mu
    assert sites.mu_from_m2("666.67") == Decimal("1.00")
    assert sites.m2_from_mu("1") == Decimal("666.67")
    assert sites.m2_from_mu("30") == Decimal("20000.00")
    assert sites.mu_from_m2(sites.m2_from_mu("57.98")) == Decimal("57.98")


def test_polygon_area_on_the_local_projection() -> None:
    # 1° of latitude ≈ 111.2 km on the mean sphere; 1° of longitude × cos(29.465°).
    area = sites.polygon_area_m2(PARCEL)
    expected = 0.00206 * 111_195 * 0.87068 * 0.0009 * 111_195
    assert area == pytest.approx(expected, rel=1e-3)


def test_parcel_polygon_is_checked() -> None:
    assert sites.parse_polygon(mapping(PARCEL), "site.geometry").equals(PARCEL)
    with pytest.raises(InvalidArgument, match="Polygon, not Point"):
        sites.parse_polygon({"type": "Point", "coordinates": [106.44, 29.46]}, "site.geometry")
    with pytest.raises(InvalidArgument, match="outside the district"):
        sites.parse_polygon(mapping(box(116.3, 39.9, 116.31, 39.91)), "site.geometry")
    bowtie = {"type": "Polygon", "coordinates": [[[106.44, 29.46], [106.45, 29.47], [106.45, 29.46],
                                                   [106.44, 29.47], [106.44, 29.46]]]}
    with pytest.raises(InvalidArgument, match="intersects itself"):
        sites.parse_polygon(bowtie, "site.geometry")
    with pytest.raises(InvalidArgument) as err:
        sites.parse_polygon("{not json", "filter.polygon")
    assert err.value.violations[0].field == "filter.polygon"


def test_stated_area_must_agree_with_the_polygon() -> None:
    measured = sites.polygon_area_m2(PARCEL)
    assert sites.check_area(SiteKind.LAND_PARCEL, measured * 1.04, PARCEL) == []
    problems = sites.check_area(SiteKind.LAND_PARCEL, measured * 1.2, PARCEL)
    assert problems[0].field == "site.area_m2" and "5%" in problems[0].description
    assert sites.check_area(SiteKind.BUILDING_UNIT, 0, None)[0].field == "site.area_m2"


def test_bbox() -> None:
    assert sites.parse_bbox("106.3,29.3,106.5,29.6") == (106.3, 29.3, 106.5, 29.6)
    for bad in ("106.3,29.3,106.5", "a,b,c,d", "106.5,29.3,106.3,29.6", "nan,1,2,3"):
        with pytest.raises(InvalidArgument):
            sites.parse_bbox(bad)


def test_land_terms() -> None:
    terms, problems = sites.land_terms_problems({
        "land_use_code": "0601", "min_plot_ratio": 1.0, "max_plot_ratio": 2.5,
        "min_investment_intensity_wan_per_mu": "300", "min_tax_per_mu_wan": "20", "price_wan_per_mu": "22.5",
        "tenure_years": 50})
    assert problems == [] and terms is not None
    assert (terms.min_intensity_wan_per_mu, terms.min_tax_per_mu_wan) == (Decimal(300), Decimal(20))
    _, problems = sites.land_terms_problems({"land_use_code": "0999", "min_plot_ratio": 3, "max_plot_ratio": 2,
                                             "min_tax_per_mu_wan": "-1", "tenure_years": 71})
    assert {p.field for p in problems} == {"site.land.land_use_code", "site.land.max_plot_ratio",
                                           "site.land.min_tax_per_mu_wan", "site.land.tenure_years"}
    # Commercial land: 40 years at most (暂行条例 §12).
    _, problems = sites.land_terms_problems({"land_use_code": "0505", "tenure_years": 50})
    assert [p.field for p in problems] == ["site.land.tenure_years"]


def test_building_terms() -> None:
    terms, problems = sites.building_terms_problems({"floor_load_kn_m2": 5, "clear_height_m": 8,
                                                     "rent_yuan_per_m2_month": "18.50", "usage": "factory"})
    assert problems == [] and terms is not None and terms.rent_yuan_per_m2_month == Decimal("18.50")
    _, problems = sites.building_terms_problems({"floor_load_kn_m2": 0, "clear_height_m": 80, "usage": "zoo"})
    assert {p.field for p in problems} == {"site.building.floor_load_kn_m2", "site.building.clear_height_m",
                                           "site.building.usage"}


def test_reserve_for_one_project_at_a_time() -> None:
    free = Availability(SiteState.AVAILABLE)
    first = sites.reserve(free, "p1")
    assert first.changed and first.after == Availability(SiteState.RESERVED, "p1")
    again = sites.reserve(first.after, "p1")
    assert not again.changed and again.after == first.after  # a retry is a no-op
    with pytest.raises(FailedPrecondition) as err:
        sites.reserve(first.after, "p2")
    assert err.value.reason == "SITE_NOT_AVAILABLE"
    with pytest.raises(InvalidArgument):
        sites.reserve(free, "")


def test_release_and_transfer() -> None:
    held = Availability(SiteState.RESERVED, "p1")
    with pytest.raises(InvalidArgument):
        sites.release(held, "")
    assert sites.release(held, "investor withdrew").after == Availability(SiteState.AVAILABLE)
    assert not sites.release(Availability(SiteState.AVAILABLE), "noop").changed
    with pytest.raises(FailedPrecondition) as err:
        sites.transfer(held, "p2")
    assert err.value.reason == "SITE_NOT_AVAILABLE"
    with pytest.raises(FailedPrecondition):
        sites.transfer(Availability(SiteState.AVAILABLE), "p1")
    done = sites.transfer(held, "p1")
    assert done.after == Availability(SiteState.TRANSFERRED, "p1")
    assert not sites.transfer(done.after, "p1").changed
    with pytest.raises(FailedPrecondition):
        sites.release(done.after, "too late")
    with pytest.raises(FailedPrecondition):
        sites.reserve(done.after, "p3")
