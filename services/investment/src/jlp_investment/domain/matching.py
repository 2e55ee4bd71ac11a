"""Matching a project to sites: hard filters, then a score that explains itself.

Hard filters (a site failing one is listed in `rejected` with the first filter it failed):
  state       available (or already reserved for this very project)
  site_kind   the kind of site the project asks for
  land_use    a parcel's GB/T 21010 code matches the project's code (or its 2-digit class),
              else the land-use classes of the project's chain link; a building unit's usage
              fits the link (plants: factory / warehouse / lab, offices: office / lab)
  area        offered area within ±tolerance of the needed area (mu for land, m² for units)
  park_industry  the site's park admits the project's chain
  floor_load / clear_height  a unit meets the project's minimums

Score, 0–100 = 100 × Σ points / Σ max points of the criteria that apply:
  intensity (30)  planned investment ÷ site mu against the parcel's 标准地 minimum intensity;
                  full points at or above it, proportionally less below
  tax_per_mu (25) expected annual tax ÷ site mu against the 标准地 tax minimum (0 points when the
                  project has no tax estimate — the threshold cannot be checked)
  chain_link (20) the park leads with the chain (20), admits it by name (10), admits anything (5)
  partner_distance (15)  nearest project of a partner link (one step up or down the chain)
                  within 10 km: 15 × (1 − d / 10 km)
  area_fit (10)   10 × (1 − |offered − needed| / needed / tolerance)
A criterion without data on either side (no 标准地 threshold, no partners) does not apply and is
listed with max 0, so a score is never inflated by a free pass. Points are rounded to 0.01 and
ties are ordered by site code, then id: equal inputs always give the same ranked list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_common.geo import haversine_m
from jlp_investment.domain import industry
from jlp_investment.domain.parks import Park
from jlp_investment.domain.sites import BuildingTerms, LandTerms, SiteKind, SiteState, mu_from_m2

WEIGHTS = {"intensity": 30, "tax_per_mu": 25, "chain_link": 20, "partner_distance": 15, "area_fit": 10}
PARTNER_RADIUS_KM = 10.0
DEFAULT_TOLERANCE = 0.2
USAGE_FOR_CLASS = {"06": frozenset({"factory", "warehouse", "lab"}), "05": frozenset({"office", "lab"})}
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class ProjectNeeds:
    project_id: str
    site_kind: SiteKind
    chain: str
    link: str
    amount_wan: Decimal
    expected_annual_tax_wan: Decimal | None = None
    required_area_mu: Decimal | None = None
    required_floor_area_m2: float | None = None
    land_use_code: str = ""
    min_floor_load_kn_m2: float = 0.0
    min_clear_height_m: float = 0.0


@dataclass(frozen=True)
class SiteOffer:
    id: str
    code: str
    name: str
    kind: SiteKind
    state: SiteState
    reserved_for: str
    park_id: str
    lon: float
    lat: float
    area_m2: float
    land: LandTerms | None = None
    building: BuildingTerms | None = None


@dataclass(frozen=True)
class Partner:
    """A project already in the district (or in the pipeline) that a new plant could supply or
    buy from; its position is the site it holds."""

    project_id: str
    chain: str
    link: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: float
    max_points: float
    explanation: str


@dataclass(frozen=True)
class Match:
    site_id: str
    site_code: str
    site_name: str
    score: float
    rank: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Rejection:
    site_id: str
    site_code: str
    filter: str
    explanation: str


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...]
    rejected: tuple[Rejection, ...]


def _round(x: float | Decimal) -> float:
    return float(Decimal(str(x)).quantize(_CENT, rounding=ROUND_HALF_EVEN))


def _fmt(x: Decimal | float) -> str:
    return f"{Decimal(str(x)).quantize(_CENT, rounding=ROUND_HALF_EVEN):f}"


def _link_classes(needs: ProjectNeeds) -> tuple[str, ...]:
    link = industry.BY_CODE[needs.chain].link(needs.link) if needs.link else None
    return link.land_use_classes if link else ("06",)


def _hard_filter(needs: ProjectNeeds, site: SiteOffer, parks: Mapping[str, Park], tolerance: float) -> Rejection | None:
    def reject(name: str, why: str) -> Rejection:
        return Rejection(site.id, site.code, name, why)

    if not (site.state is SiteState.AVAILABLE
            or (site.state is SiteState.RESERVED and site.reserved_for == needs.project_id)):
        return reject("state", f"{site.state.name.lower()}, not available")
    if site.kind is not needs.site_kind:
        return reject("site_kind", f"a {site.kind.name.lower()}, the project needs a {needs.site_kind.name.lower()}")
    classes = _link_classes(needs)
    if site.kind is SiteKind.LAND_PARCEL:
        code = site.land.land_use_code if site.land else ""
        if needs.land_use_code:
            if not code.startswith(needs.land_use_code) and code != needs.land_use_code:
                return reject("land_use", f"land use {code}, the project needs {needs.land_use_code}")
        elif code[:2] not in classes:
            return reject("land_use", f"land use {code}, the chain link needs class {'/'.join(classes)}")
        offered, needed, unit = mu_from_m2(site.area_m2), needs.required_area_mu, "亩"
    else:
        usage = site.building.usage if site.building else ""
        allowed = frozenset().union(*(USAGE_FOR_CLASS.get(c, frozenset()) for c in classes))
        if usage and usage not in allowed:
            return reject("land_use", f"a {usage} unit does not suit the chain link")
        offered, needed, unit = Decimal(str(site.area_m2)), Decimal(str(needs.required_floor_area_m2 or 0)), "m²"
    assert needed is not None and needed > 0
    deviation = abs(offered - needed) / needed
    if deviation > Decimal(str(tolerance)):
        return reject("area", f"{_fmt(offered)} {unit} is more than {tolerance:.0%} from the "
                              f"{_fmt(needed)} {unit} needed")
    park = parks.get(site.park_id)
    if park is not None and not park.admits(needs.chain):
        return reject("park_industry", f"{park.name} does not admit the {industry.BY_CODE[needs.chain].name} chain")
    if site.kind is SiteKind.BUILDING_UNIT and site.building is not None:
        if site.building.floor_load_kn_m2 < needs.min_floor_load_kn_m2:
            return reject("floor_load", f"floor load {site.building.floor_load_kn_m2} kN/m² < "
                                        f"{needs.min_floor_load_kn_m2} needed")
        if site.building.clear_height_m < needs.min_clear_height_m:
            return reject("clear_height", f"clear height {site.building.clear_height_m} m < "
                                          f"{needs.min_clear_height_m} needed")
    return None


def _per_mu_reason(criterion: str, label: str, value: Decimal | None, area_mu: Decimal,
                   threshold: Decimal | None, unit: str) -> Reason:
    weight = WEIGHTS[criterion]
    if threshold is None or threshold == 0:
        return Reason(criterion, 0.0, 0.0, f"no 标准地 {label} threshold on this site")
    if value is None:
        return Reason(criterion, 0.0, float(weight),
                      f"no estimate to compare with 标准地 {label} {_fmt(threshold)} {unit}")
    per_mu = value / area_mu
    ratio = min(Decimal(1), per_mu / threshold)
    relation = "≥" if per_mu >= threshold else "<"
    return Reason(criterion, _round(weight * ratio), float(weight),
                  f"{label} {_fmt(per_mu)} {unit} {relation} 标准地 {_fmt(threshold)} {unit}")


def _chain_reason(needs: ProjectNeeds, park: Park | None) -> Reason:
    chain = industry.BY_CODE[needs.chain]
    link = chain.link(needs.link) if needs.link else None
    what = f"{chain.name}{'·' + link.name if link else ''}"
    w = WEIGHTS["chain_link"]
    if park is None:
        return Reason("chain_link", _round(w * 0.25), float(w), f"outside any park: no chain cluster for {what}")
    if needs.chain in park.focus_chains:
        return Reason("chain_link", float(w), float(w), f"{park.name} leads with {chain.name}: {what} fits")
    if park.allowed_chains:
        return Reason("chain_link", _round(w * 0.5), float(w),
                      f"{park.name} admits {chain.name} but does not lead with it")
    return Reason("chain_link", _round(w * 0.25), float(w), f"{park.name} admits any chain")


def _partner_reason(needs: ProjectNeeds, site: SiteOffer, partners: Sequence[Partner]) -> Reason:
    w = WEIGHTS["partner_distance"]
    wanted = industry.partner_links(needs.chain, needs.link)
    candidates = [p for p in partners if p.chain == needs.chain and p.link in wanted
                  and p.project_id != needs.project_id]
    if not candidates:
        return Reason("partner_distance", 0.0, 0.0, "no partner link of the chain in the district yet")
    nearest = min(candidates, key=lambda p: (haversine_m(site.lon, site.lat, p.lon, p.lat), p.project_id))
    km = haversine_m(site.lon, site.lat, nearest.lon, nearest.lat) / 1000
    points = w * max(0.0, 1 - km / PARTNER_RADIUS_KM)
    link = industry.BY_CODE[needs.chain].link(nearest.link)
    name = link.name if link else nearest.link
    return Reason("partner_distance", _round(points), float(w),
                  f"nearest {name} partner (project {nearest.project_id}) {km:.1f} km away")


def _area_reason(offered: Decimal, needed: Decimal, tolerance: float, unit: str) -> Reason:
    w = WEIGHTS["area_fit"]
    deviation = abs(offered - needed) / needed
    points = w * max(Decimal(0), 1 - deviation / Decimal(str(tolerance)))
    return Reason("area_fit", _round(points), float(w),
                  f"offers {_fmt(offered)} {unit} for {_fmt(needed)} {unit} needed ({_fmt(deviation * 100)} % off)")


def score_site(needs: ProjectNeeds, site: SiteOffer, parks: Mapping[str, Park], partners: Sequence[Partner],
               tolerance: float) -> tuple[float, tuple[Reason, ...]]:
    """Score of a site that passed the hard filters, with one reason per criterion."""
    area_mu = mu_from_m2(site.area_m2)
    land = site.land
    reasons = [
        _per_mu_reason("intensity", "投资强度", needs.amount_wan, area_mu,
                       land.min_intensity_wan_per_mu if land else None, "万元/亩"),
        _per_mu_reason("tax_per_mu", "亩均税收", needs.expected_annual_tax_wan, area_mu,
                       land.min_tax_per_mu_wan if land else None, "万元/亩"),
        _chain_reason(needs, parks.get(site.park_id)),
        _partner_reason(needs, site, partners),
    ]
    if site.kind is SiteKind.LAND_PARCEL:
        reasons.append(_area_reason(area_mu, needs.required_area_mu or Decimal(1), tolerance, "亩"))
    else:
        reasons.append(_area_reason(Decimal(str(site.area_m2)), Decimal(str(needs.required_floor_area_m2)),
                                    tolerance, "m²"))
    earned = sum(Decimal(str(r.points)) for r in reasons)
    possible = sum(Decimal(str(r.max_points)) for r in reasons)
    score = _round(earned * 100 / possible) if possible else 0.0
    return score, tuple(reasons)


def match_sites(needs: ProjectNeeds, sites: Sequence[SiteOffer], parks: Mapping[str, Park],
                partners: Sequence[Partner] = (), *, tolerance: float = DEFAULT_TOLERANCE,
                limit: int = 20) -> MatchResult:
    """Ranked matches and the rejected sites (see the module docstring for the rules)."""
    if not 0 < tolerance <= 1:
        raise InvalidArgument.field("area_tolerance", "between 0 (exclusive) and 1")
    if needs.site_kind is SiteKind.LAND_PARCEL and not needs.required_area_mu:
        raise FailedPrecondition("the project does not say how many mu it needs (required_area_mu)",
                                 reason="AREA_UNKNOWN")
    if needs.site_kind is SiteKind.BUILDING_UNIT and not needs.required_floor_area_m2:
        raise FailedPrecondition("the project does not say how much floor area it needs (required_floor_area_m2)",
                                 reason="AREA_UNKNOWN")
    scored: list[tuple[float, str, str, SiteOffer, tuple[Reason, ...]]] = []
    rejected: list[Rejection] = []
    for site in sorted(sites, key=lambda s: (s.code, s.id)):
        rejection = _hard_filter(needs, site, parks, tolerance)
        if rejection is not None:
            rejected.append(rejection)
            continue
        score, reasons = score_site(needs, site, parks, partners, tolerance)
        scored.append((score, site.code, site.id, site, reasons))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    matches = tuple(Match(s.id, s.code, s.name, score, rank, reasons)
                    for rank, (score, _, _, s, reasons) in enumerate(scored[:limit], start=1))
    return MatchResult(matches, tuple(rejected))
