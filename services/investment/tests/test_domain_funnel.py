"""The funnel against a hand-computed fixture: five projects, every figure worked out below."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from jlp_common.errors import InvalidArgument
from jlp_investment.domain import funnel
from jlp_investment.domain.funnel import CHINA, Bucket, Conversion, Duration, MonthPoint, ProjectHistory, Stale
from jlp_investment.domain.stages import DEFAULT_CONFIG as CONFIG
from jlp_investment.domain.stages import Snapshot, StageChange

D = Decimal
START = datetime(2026, 1, 1, tzinfo=CHINA)
END = datetime(2026, 7, 1, tzinfo=CHINA)
NOW = datetime(2026, 7, 1, 4, tzinfo=UTC)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=4, tzinfo=UTC)  # noon in China


def e(day: str, frm: str, to: str, action: str, amount: int, signed: int | None = None,
      received: int | None = None, signed_date: str | None = None) -> StageChange:
    prob = CONFIG.stage(to).default_probability
    snap = Snapshot(D(amount), D(signed) if signed is not None else None, D(received) if received is not None else None,
                    date.fromisoformat(signed_date) if signed_date else None)
    return StageChange(frm, to, at(day), "officer", "", action, prob, 1, snap)


P0 = ProjectHistory("p0", "older", "AUTO_MOTO", "officer-wang", (
    e("2025-11-01", "", "LEAD", "create", 3000),
    e("2026-01-05", "LEAD", "NEGOTIATION", "advance", 3000),
))
P1 = ProjectHistory("p1", "car parts", "AUTO_MOTO", "officer-li", (
    e("2026-01-10", "", "LEAD", "create", 1000),
    e("2026-01-20", "LEAD", "NEGOTIATION", "advance", 1000),
    e("2026-02-19", "NEGOTIATION", "SIGNED", "advance", 1000, 800, signed_date="2026-02-18"),
    e("2026-03-21", "SIGNED", "REGISTERED", "advance", 1000, 800, signed_date="2026-02-18"),
    e("2026-05-20", "REGISTERED", "CONSTRUCTION", "advance", 1000, 800, 300, "2026-02-18"),
))
P2 = ProjectHistory("p2", "lost one", "AUTO_MOTO", "officer-wang", (
    e("2026-02-01", "", "LEAD", "create", 2000),
    e("2026-02-11", "LEAD", "NEGOTIATION", "advance", 2000),
    e("2026-03-23", "NEGOTIATION", "LOST", "lose", 2000),
))
P3 = ProjectHistory("p3", "aluminium sheet", "NON_FERROUS", "officer-li", (
    e("2026-04-05", "", "LEAD", "create", 500),
    e("2026-04-15", "LEAD", "SIGNED", "skip", 500, 500, signed_date="2026-04-15"),
    e("2026-05-15", "SIGNED", "REGISTERED", "advance", 500, 500, 100, "2026-04-15"),
))
P4 = ProjectHistory("p4", "new lead", "NON_FERROUS", "officer-wang", (
    e("2026-05-01", "", "LEAD", "create", 4000),
))
PROJECTS = [P0, P1, P2, P3, P4]


@pytest.fixture(scope="module")
def report() -> funnel.Funnel:
    return funnel.compute(PROJECTS, CONFIG, start=START, end=END, now=NOW)


def test_conversion_by_cohort(report: funnel.Funnel) -> None:
    # 2026Q1: p1 reached 开工, p2 洽谈. 2026Q2: p3 reached 注册 (the skip passes 洽谈), p4 线索.
    # p0 was created in 2025 and belongs to no cohort of the window.
    assert report.conversions == (
        Conversion("2026Q1", "LEAD", "NEGOTIATION", 2, 2, 1.0),
        Conversion("2026Q1", "NEGOTIATION", "SIGNED", 2, 1, 0.5),
        Conversion("2026Q1", "SIGNED", "REGISTERED", 1, 1, 1.0),
        Conversion("2026Q1", "REGISTERED", "CONSTRUCTION", 1, 1, 1.0),
        Conversion("2026Q1", "CONSTRUCTION", "PRODUCTION", 1, 0, 0.0),
        Conversion("2026Q2", "LEAD", "NEGOTIATION", 2, 1, 0.5),
        Conversion("2026Q2", "NEGOTIATION", "SIGNED", 1, 1, 1.0),
        Conversion("2026Q2", "SIGNED", "REGISTERED", 1, 1, 1.0),
        Conversion("2026Q2", "REGISTERED", "CONSTRUCTION", 1, 0, 0.0),
        Conversion("2026Q2", "CONSTRUCTION", "PRODUCTION", 0, 0, None),
    )


def test_median_days_per_stage(report: funnel.Funnel) -> None:
    # 线索 stays ending in the window: p0 65 d (ends 2026-01-05), p1 10, p2 10, p3 10 → 10.
    # 洽谈: p1 30, p2 40 → 35. 签约: p1 30, p3 30. 注册: p1 60. Open stays are not counted.
    assert report.durations == (
        Duration("LEAD", 10.0, 4), Duration("NEGOTIATION", 35.0, 2), Duration("SIGNED", 30.0, 2),
        Duration("REGISTERED", 60.0, 1), Duration("CONSTRUCTION", None, 0), Duration("PRODUCTION", None, 0),
        Duration("PAUSED", None, 0), Duration("LOST", None, 0))


def test_stale_projects(report: funnel.Funnel) -> None:
    # p0 in 洽谈 since 2026-01-05 (177 d > 45); p4 in 线索 since 05-01 (61 d > 30);
    # p1 开工 42 d < 180, p3 注册 47 d < 90; p2 is lost.
    assert report.stale == (Stale("p0", "older", "NEGOTIATION", 177.0, 45, "officer-wang"),
                            Stale("p4", "new lead", "LEAD", 61.0, 30, "officer-wang"))


def test_signed_amounts(report: funnel.Funnel) -> None:
    # p1 signed 800 on 2026-02-18 (Q1), p3 500 on 2026-04-15 (Q2, entered by a skip).
    assert report.signed == (
        Bucket("industry", "AUTO_MOTO", D(800), 1), Bucket("industry", "NON_FERROUS", D(500), 1),
        Bucket("officer", "officer-li", D(1300), 2),
        Bucket("quarter", "2026Q1", D(800), 1), Bucket("quarter", "2026Q2", D(500), 1))


def test_received_amounts(report: funnel.Funnel) -> None:
    assert report.received == (
        Bucket("industry", "AUTO_MOTO", D(300), 1), Bucket("industry", "NON_FERROUS", D(100), 1),
        Bucket("officer", "officer-li", D(400), 2), Bucket("quarter", "2026Q2", D(400), 2))


def test_weighted_pipeline_by_month(report: funnel.Funnel) -> None:
    # Jan: p0 洽谈 0.3×3000 + p1 洽谈 0.3×1000. Feb: + p1 签约 0.6×1000, p2 洽谈 0.3×2000.
    # Mar: p1 注册 0.75×1000, p2 lost. Apr: + p3 签约 0.6×500. May/Jun: p1 开工 0.9×1000,
    # p3 注册 0.75×500, p4 线索 0.1×4000.
    assert report.pipeline == (
        MonthPoint("2026-01", D(1200), 2), MonthPoint("2026-02", D(2100), 3), MonthPoint("2026-03", D(1650), 2),
        MonthPoint("2026-04", D(1950), 3), MonthPoint("2026-05", D(2575), 4), MonthPoint("2026-06", D(2575), 4))


def test_window_outside_the_signings_counts_nothing() -> None:
    later = funnel.compute(PROJECTS, CONFIG, start=datetime(2026, 4, 16, tzinfo=CHINA), end=END, now=NOW)
    assert later.signed == ()
    assert {b.key for b in later.received if b.dimension == "quarter"} == {"2026Q2"}


def test_history_order_does_not_matter() -> None:
    shuffled = [ProjectHistory(p.project_id, p.name, p.industry_chain, p.officer_id, tuple(reversed(p.entries)))
                for p in PROJECTS]
    assert funnel.compute(shuffled, CONFIG, start=START, end=END, now=NOW) == funnel.compute(
        PROJECTS, CONFIG, start=START, end=END, now=NOW)


def test_window_checks() -> None:
    with pytest.raises(InvalidArgument) as err:
        funnel.window(END, START, NOW)
    assert err.value.violations[0].field == "end_time"
    with pytest.raises(InvalidArgument):
        funnel.window(END - timedelta(days=366 * 6), END, NOW)
    start, end = funnel.window(None, None, NOW)
    assert (end, end - start) == (NOW, timedelta(days=365))
