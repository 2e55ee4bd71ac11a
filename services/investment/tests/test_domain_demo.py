"""The demo data set is reproducible and obeys the service's own rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from shapely.geometry import shape

from jlp_investment.domain import demo, funnel, stages
from jlp_investment.domain.credit_code import credit_code_problem
from jlp_investment.domain.parks import BY_ID as PARKS
from jlp_investment.domain.sites import SiteKind, SiteState, check_area, parse_polygon

NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def data() -> demo.Demo:
    return demo.build(NOW)


def test_same_seed_same_data(data: demo.Demo) -> None:
    assert demo.build(NOW) == data
    assert demo.build(NOW, seed=1) != data


def test_sizes(data: demo.Demo) -> None:
    parcels = [s for s in data.sites if s.kind is SiteKind.LAND_PARCEL]
    units = [s for s in data.sites if s.kind is SiteKind.BUILDING_UNIT]
    assert len(data.parks) == 6 and len(parcels) >= 30 and len(units) >= 12
    assert len(data.investors) == 20 and len(data.projects) == 36
    assert len({s.id for s in data.sites}) == len(data.sites) and len({s.code for s in data.sites}) == len(data.sites)


def test_sites_are_valid(data: demo.Demo) -> None:
    for s in data.sites:
        assert s.park_id in PARKS
        if s.kind is SiteKind.LAND_PARCEL:
            polygon = parse_polygon(s.geometry, "geometry")
            assert check_area(s.kind, s.area_m2, polygon) == []
            assert shape(s.geometry).contains(shape({"type": "Point", "coordinates": list(s.location)}))


def test_credit_codes_are_valid_and_some_investors_are_prospects(data: demo.Demo) -> None:
    codes = [i.credit_code for i in data.investors if i.credit_code]
    assert all(credit_code_problem(c) == "" for c in codes)
    assert len(set(codes)) == len(codes)
    assert 0 < sum(1 for i in data.investors if not i.credit_code) < len(data.investors)


def test_histories_chain_and_end_where_the_project_is(data: demo.Demo) -> None:
    config = stages.DEFAULT_CONFIG
    for p in data.projects:
        assert p.history[0].action == "create" and p.history[0].to_stage == config.first.code
        for before, after in zip(p.history, p.history[1:], strict=False):
            assert after.from_stage == before.to_stage and after.time > before.time
        assert p.history[-1].to_stage == p.stage and p.history[-1].probability == p.probability
        assert p.history[-1].time < NOW


def test_pipeline_spans_stages_and_held_sites_belong_to_signed_projects(data: demo.Demo) -> None:
    config = stages.DEFAULT_CONFIG
    kinds = {config.stage(p.stage).kind for p in data.projects}
    assert {stages.Kind.OPEN, stages.Kind.WON, stages.Kind.LOST} <= kinds
    by_id = {p.id: p for p in data.projects}
    held = [s for s in data.sites if s.state is not SiteState.AVAILABLE]
    assert held
    for s in held:
        assert config.stage(by_id[s.reserved_for].stage).kind is stages.Kind.WON


def test_funnel_of_the_demo_has_figures(data: demo.Demo) -> None:
    histories = [funnel.ProjectHistory(p.id, p.name, p.industry_chain, p.officer_id, p.history)
                 for p in data.projects]
    report = funnel.compute(histories, stages.DEFAULT_CONFIG, now=NOW)
    assert report.signed and report.pipeline and report.conversions
