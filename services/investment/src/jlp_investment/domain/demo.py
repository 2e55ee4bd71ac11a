"""Demo district data for the investment service: parks, parcels, building units, investors
and a pipeline of projects with history. Pure and seeded: the same seed and `now` give the
same data, so a demo can be reloaded idempotently (ids are stable) and tests can pin figures.

Everything here is synthetic. Credit codes are computed with the GB 32100 check character and
the inner GB 11714 check character (shared/reference/ids-gb11643-gb32100.md §2), so they pass
validation, but they are fixtures — a synthetic code can coincide with a real one, so names
are invented (`演示` marks them). Histories are produced by the real stage rules
(`stages.plan_advance` and friends), so a demo project is always one the service could have
produced itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shapely.geometry import box, mapping

from jlp_investment.domain import credit_code, industry, stages
from jlp_investment.domain.parks import PARKS, Park
from jlp_investment.domain.sites import (
    BuildingTerms,
    LandTerms,
    SiteKind,
    SiteState,
    mu_from_m2,
    polygon_area_m2,
    representative_point,
)

ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # GB 11714 values: A=10 … Z=35
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
REGIONS = ("500107", "500103", "440300", "310115", "510100", "330100", "320500", "110108")
OFFICERS = ("officer-li", "officer-wang", "officer-zhang", "officer-chen", "officer-liu")
DEPARTMENTS = ("invest-1", "invest-2", "invest-3")


def organisation_code(first8: str) -> str:
    """GB 11714 organisation code: 8 characters + check character (reference §2)."""
    total = sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return first8 + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))


def synthetic_credit_code(rng: random.Random, region: str = "500107") -> str:
    """An enterprise (91…) code with both check characters right."""
    body = "MA" + "".join(rng.choice(credit_code.ALPHABET[:10] + "ABCDEFGH") for _ in range(6))
    return credit_code.with_check_character("91" + region + organisation_code(body))


@dataclass(frozen=True)
class DemoSite:
    id: str
    code: str
    name: str
    kind: SiteKind
    park_id: str
    subdistrict_code: str
    geometry: dict[str, Any]
    location: tuple[float, float]
    area_m2: float
    land: LandTerms | None = None
    building: BuildingTerms | None = None
    state: SiteState = SiteState.AVAILABLE
    reserved_for: str = ""


@dataclass(frozen=True)
class DemoInvestor:
    id: str
    name: str
    credit_code: str
    origin_region: str
    industry_chain: str


@dataclass(frozen=True)
class DemoProject:
    id: str
    name: str
    investor_id: str
    amount_wan: Decimal
    industry_chain: str
    chain_link: str
    officer_id: str
    department_id: str
    site_kind: SiteKind
    required_area_mu: Decimal | None
    required_floor_area_m2: float | None
    expected_annual_tax_wan: Decimal
    stage: str
    probability: Decimal
    history: tuple[stages.StageChange, ...]
    fields: dict[str, object] = field(default_factory=dict)  # signed_date, amounts, ...
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Demo:
    parks: tuple[Park, ...]
    sites: tuple[DemoSite, ...]
    investors: tuple[DemoInvestor, ...]
    projects: tuple[DemoProject, ...]


_TRADES = ("精密", "智造", "新材", "电驱", "芯联", "云图", "铝业", "动力", "电气", "数科", "光电", "储能")
_SUFFIX = ("科技有限公司", "股份有限公司", "有限责任公司", "制造有限公司")


def _parcels(rng: random.Random, park: Park, count: int, start_index: int) -> list[DemoSite]:
    out = []
    lon0, lat0 = park.center
    for i in range(count):
        n = start_index + i
        side_m = rng.choice((120, 160, 200, 260, 320))
        ratio = rng.choice((1.0, 1.25, 1.5))
        dlon = side_m * ratio / (111_320 * 0.87)  # cos(29.4°) ≈ 0.87
        dlat = side_m / 110_574
        cx = lon0 + (i % 3 - 1) * 0.006 + rng.uniform(-0.001, 0.001)
        cy = lat0 + (i // 3 - 1) * 0.005 + rng.uniform(-0.001, 0.001)
        poly = box(cx - dlon / 2, cy - dlat / 2, cx + dlon / 2, cy + dlat / 2)
        area = round(polygon_area_m2(poly), 0)
        industrial = park.id != "erlang"
        code = "0601" if industrial and i % 4 else ("0604" if industrial else "0505")
        land = LandTerms(
            land_use_code=code,
            min_plot_ratio=1.0 if code == "0601" else 0.8,
            max_plot_ratio=rng.choice((2.0, 2.5, 3.0)),
            min_intensity_wan_per_mu=Decimal(rng.choice((250, 300, 350, 400))),
            min_tax_per_mu_wan=Decimal(rng.choice((15, 20, 25, 30))),
            price_wan_per_mu=Decimal(rng.choice((18, 22, 25, 30))),
            tenure_years=50 if code.startswith("06") else 40,
        )
        point = representative_point(poly)
        out.append(DemoSite(f"demo-site-{n:03d}", f"JLP-{park.id.upper()}-{i + 1:02d}",
                            f"{park.name}{i + 1}号地块", SiteKind.LAND_PARCEL, park.id, park.subdistrict_codes[0],
                            mapping(poly) | {"coordinates": [[list(c) for c in poly.exterior.coords]]},
                            (round(point.x, 6), round(point.y, 6)), float(area), land=land))
    return out


def _units(rng: random.Random, park: Park, count: int, start_index: int) -> list[DemoSite]:
    out = []
    lon0, lat0 = park.center
    office = park.id in ("erlang", "jinfeng")
    for i in range(count):
        n = start_index + i
        lon, lat = round(lon0 + rng.uniform(-0.01, 0.01), 6), round(lat0 + rng.uniform(-0.008, 0.008), 6)
        usage = "office" if office and i % 2 == 0 else "factory"
        building = BuildingTerms(
            building_name=f"{park.name}{'研发楼' if usage == 'office' else '标准厂房'}{i // 3 + 1}栋",
            floor=1 + i % 5,
            floor_load_kn_m2=float(rng.choice((3.5, 5.0, 8.0, 10.0)) if usage == "factory" else 2.5),
            clear_height_m=float(rng.choice((6.0, 8.0, 9.0)) if usage == "factory" else 3.6),
            rent_yuan_per_m2_month=Decimal(rng.choice((15, 18, 22, 28, 35))),
            usage=usage,
        )
        area = float(rng.choice((800, 1200, 1800, 2400, 3600, 5000)))
        out.append(DemoSite(f"demo-site-{n:03d}", f"JLP-{park.id.upper()}-U{i + 1:02d}",
                            f"{building.building_name}{building.floor}层", SiteKind.BUILDING_UNIT, park.id,
                            park.subdistrict_codes[0], {"type": "Point", "coordinates": [lon, lat]},
                            (lon, lat), area, building=building))
    return out


def _investors(rng: random.Random, count: int) -> list[DemoInvestor]:
    out = []
    chains = [c.code for c in industry.CHAINS]
    for i in range(count):
        region = REGIONS[i % len(REGIONS)]
        name = f"演示{_TRADES[i % len(_TRADES)]}{'' if i < len(_TRADES) else i}{_SUFFIX[i % len(_SUFFIX)]}"
        code = synthetic_credit_code(rng, region) if i % 5 != 4 else ""  # every fifth is a prospect
        out.append(DemoInvestor(f"demo-investor-{i + 1:02d}", name, code, region, chains[i % len(chains)]))
    return out


def _history(rng: random.Random, config: stages.StageConfig, created: datetime, final_index: int, outcome: str,
             now: datetime, amount: Decimal, fields: dict[str, object]) -> tuple[list[stages.StageChange], str]:
    """Walk the real rules from the first stage to `forward[final_index]`, then lose or pause."""
    officer = "system:demo"
    t = created
    history = [stages.creation(config, officer, t, stages.Snapshot(amount_wan=amount))]
    current = config.first.code
    forward = config.forward
    for target in forward[1: final_index + 1]:
        step = timedelta(days=rng.randint(10, 60), hours=rng.randint(0, 23))
        if t + step >= now - timedelta(days=1):
            break
        t += step
        given: dict[str, str] = {}
        for name in target.required_fields:
            if name in ("signed_date", "start_date", "production_date"):
                given[name] = t.date().isoformat()
            elif name == "signed_amount_wan":
                given[name] = str(amount)
            elif name == "received_amount_wan":
                given[name] = str((amount * Decimal(rng.choice((20, 35, 50)))) / 100)
            elif name == "registered_credit_code":
                given[name] = synthetic_credit_code(rng)
        move = stages.plan_advance(config, current, history, given=given, known=fields)
        fields.update(move.field_updates)
        history.append(move.record(config, officer, t, _snapshot(amount, fields)))
        current = target.code
    if outcome in ("lost", "paused") and t + timedelta(days=5) < now:
        t += timedelta(days=rng.randint(5, 40))
        t = min(t, now - timedelta(hours=1))
        if outcome == "lost":
            move = stages.plan_lose(config, current, "投资方战略调整，转投他地")
        else:
            move = stages.plan_advance(config, current, history, target_code=config.paused.code,  # type: ignore[union-attr]
                                       reason="投资方融资未到位，暂缓推进")
        history.append(move.record(config, officer, t, _snapshot(amount, fields)))
        current = move.to_stage
    return history, current


def _snapshot(amount: Decimal, fields: dict[str, object]) -> stages.Snapshot:
    signed_date = fields.get("signed_date")
    return stages.Snapshot(amount, fields.get("signed_amount_wan"), fields.get("received_amount_wan"),  # type: ignore[arg-type]
                           signed_date if isinstance(signed_date, date) else None)


def build(now: datetime, seed: int = 500107, config: stages.StageConfig = stages.DEFAULT_CONFIG) -> Demo:
    """The demo data set for `now` (timezone-aware)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    sites: list[DemoSite] = []
    for park in PARKS:
        sites += _parcels(rng, park, 6 if park.id != "erlang" else 3, len(sites) + 1)
    for park in PARKS:
        if park.id in ("huayan", "jinfeng", "erlang", "hangu"):
            sites += _units(rng, park, 4, len(sites) + 1)
    investors = _investors(rng, 20)
    projects: list[DemoProject] = []
    forward = config.forward
    for i in range(36):
        investor = investors[i % len(investors)]
        chain = industry.BY_CODE[investor.industry_chain]
        link = chain.links[i % len(chain.links)]
        office = link.land_use_classes[0] == "05"
        amount = Decimal(rng.choice((3000, 5000, 8000, 12000, 20000, 35000, 50000, 80000)))
        area_mu = None if office else Decimal(rng.choice((20, 30, 40, 60, 80, 120)))
        floor_area = float(rng.choice((1000, 2000, 3000))) if office else None
        created = now - timedelta(days=rng.randint(20, 720), hours=rng.randint(0, 23))
        final_index = rng.choices(range(len(forward)), weights=(4, 6, 5, 5, 4, 3))[0]
        outcome = rng.choices(("active", "lost", "paused"), weights=(12, 2, 1))[0]
        fields: dict[str, object] = {}
        history, current = _history(rng, config, created, final_index, outcome, now, amount, fields)
        stage = config.stage(current)
        projects.append(DemoProject(
            f"demo-project-{i + 1:02d}", f"演示{chain.name}{link.name}项目{i + 1}", investor.id, amount, chain.code,
            link.code, OFFICERS[i % len(OFFICERS)], DEPARTMENTS[i % len(DEPARTMENTS)],
            SiteKind.BUILDING_UNIT if office else SiteKind.LAND_PARCEL, area_mu, floor_area,
            (amount * Decimal("0.04")).quantize(Decimal(1)), stage.code, history[-1].probability, tuple(history),
            fields, ("演示",)))
    sites = _hold_sites(sites, projects, config)
    return Demo(PARKS, tuple(sites), tuple(investors), tuple(projects))


def _hold_sites(sites: list[DemoSite], projects: list[DemoProject], config: stages.StageConfig) -> list[DemoSite]:
    """Signed projects hold a parcel of their park's chain: reserved at 签约, transferred after."""
    from dataclasses import replace

    taken: set[str] = set()
    out = {s.id: s for s in sites}
    parks = {p.id: p for p in PARKS}
    for p in projects:
        if p.site_kind is not SiteKind.LAND_PARCEL or config.stage(p.stage).kind is not stages.Kind.WON:
            continue
        for s in sites:
            if s.id in taken or s.kind is not SiteKind.LAND_PARCEL or not parks[s.park_id].admits(p.industry_chain):
                continue
            if s.land is None or s.land.land_use_code[:2] != "06":
                continue
            state = SiteState.RESERVED if p.stage == config.first_won.code else SiteState.TRANSFERRED
            out[s.id] = replace(s, state=state, reserved_for=p.id)
            taken.add(s.id)
            break
    return [out[s.id] for s in sites]


def area_mu(site: DemoSite) -> Decimal:
    return mu_from_m2(site.area_m2)
