"""Sites (载体): land parcels and building units, their areas, terms and availability.

- Area: 1 亩 (mu) = 10000/15 m² ≈ 666.67 m² exactly (the statutory conversion, 15 mu = 1
  hectare); areas are kept in m² and the mu figure is derived with Decimal arithmetic, so
  converting back and forth never drifts.
- A parcel's outline is a GeoJSON Polygon (RFC 7946, WGS-84 lon/lat) that must lie in the
  district's rough extent (district-facts.md §4) and agree with the stated area within 5 %
  (the polygon is measured on a local equirectangular projection — under 0.1 % error at parcel
  size).
- Land use: GB/T 21010-2017 codes (土地利用现状分类) for the classes the bureau offers.
- Tenure: at most the statutory maximum for the use (城镇国有土地使用权出让和转让暂行条例 §12:
  industrial 50, commercial 40, residential 70 years).
- 标准地 thresholds: the minimum fixed-asset investment per mu and tax per mu a parcel is offered
  with, in 万元.
- Availability: AVAILABLE → RESERVED (for exactly one project) → TRANSFERRED; a reservation can
  be released. Reserving again for the same project is a no-op, so retries are safe; a
  reservation for another project while reserved is refused. The caller writes the outcome as
  a conditional update on the state it read, which makes two concurrent reservations end with
  one winner.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import IntEnum
from typing import Any

from shapely.geometry import Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from jlp_common.errors import FailedPrecondition, FieldViolation, InvalidArgument
from jlp_common.geo import EARTH_RADIUS_M
from jlp_investment.domain import money

SQM_PER_MU = Decimal(10000) / Decimal(15)  # 666.666…
MU_PLACES = Decimal("0.01")
AREA_AGREEMENT = 0.05
# Rough extent of 九龙坡区 (district-facts.md §4): lon ≈106.23–106.57, lat ≈29.27–29.60.
DISTRICT_EXTENT = (106.23, 29.27, 106.57, 29.60)

# GB/T 21010-2017 土地利用现状分类: the classes sites are offered in.
LAND_USE: dict[str, str] = {
    "05": "商服用地", "0501": "零售商业用地", "0502": "批发市场用地", "0503": "餐饮用地", "0504": "旅馆用地",
    "0505": "商务金融用地", "0506": "娱乐用地", "0507": "其他商服用地",
    "06": "工矿仓储用地", "0601": "工业用地", "0602": "采矿用地", "0603": "盐田", "0604": "仓储用地",
    "07": "住宅用地", "0701": "城镇住宅用地", "0702": "农村宅基地",
}
# Maximum tenure by first-level class (暂行条例 §12).
MAX_TENURE_YEARS = {"05": 40, "06": 50, "07": 70}


class SiteKind(IntEnum):
    """Values equal the proto SiteKind numbers."""

    LAND_PARCEL = 1
    BUILDING_UNIT = 2


class SiteState(IntEnum):
    """Values equal the proto SiteState numbers."""

    AVAILABLE = 1
    RESERVED = 2
    TRANSFERRED = 3


def mu_from_m2(area_m2: Decimal | float | str) -> Decimal:
    """Area in mu, 2 decimals (m² × 15 / 10000)."""
    return (Decimal(str(area_m2)) * 15 / 10000).quantize(MU_PLACES, rounding=ROUND_HALF_EVEN)


def m2_from_mu(area_mu: Decimal | str) -> Decimal:
    """Area in m² of an area in mu, 2 decimals."""
    return (Decimal(str(area_mu)) * SQM_PER_MU).quantize(MU_PLACES, rounding=ROUND_HALF_EVEN)


def land_use_class(code: str) -> str:
    return code[:2]


def land_use_problem(code: str) -> str:
    if code not in LAND_USE:
        return f"{code!r} is not a GB/T 21010-2017 code offered here ({', '.join(k for k in LAND_USE if len(k) == 4)})"
    return ""


# ---------------------------------------------------------------------------------------------
# Geometry


def parse_geometry(value: Mapping[str, Any] | str, field: str) -> BaseGeometry:
    """A GeoJSON geometry (object or JSON text) as shapely, or INVALID_ARGUMENT on `field`."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            raise InvalidArgument.field(field, f"not JSON: {err.msg}") from None
    if not isinstance(value, Mapping) or "type" not in value:
        raise InvalidArgument.field(field, "a GeoJSON geometry object with `type` and `coordinates`")
    try:
        geom = shape(value)
    except Exception as err:  # noqa: BLE001 - shapely raises several types for malformed input
        raise InvalidArgument.field(field, f"not a valid GeoJSON geometry: {err}") from None
    if geom.is_empty:
        raise InvalidArgument.field(field, "empty geometry")
    return geom


def parse_polygon(value: Mapping[str, Any] | str, field: str) -> Polygon:
    """A valid GeoJSON Polygon inside the district's extent."""
    geom = parse_geometry(value, field)
    if not isinstance(geom, Polygon):
        raise InvalidArgument.field(field, f"a parcel outline is a GeoJSON Polygon, not {geom.geom_type}")
    if not geom.is_valid:
        raise InvalidArgument.field(field, "the polygon intersects itself or is degenerate")
    if not inside_district(geom):
        raise InvalidArgument.field(field, "outside the district's extent (lon 106.23–106.57, lat 29.27–29.60, WGS-84)")
    return geom


def inside_district(geom: BaseGeometry) -> bool:
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    e = DISTRICT_EXTENT
    return e[0] <= min_lon and max_lon <= e[2] and e[1] <= min_lat and max_lat <= e[3]


def polygon_area_m2(polygon: Polygon) -> float:
    """Area in m² on a local equirectangular projection centred on the polygon."""
    lat0 = math.radians(polygon.centroid.y)
    kx = math.radians(1) * EARTH_RADIUS_M * math.cos(lat0)
    ky = math.radians(1) * EARTH_RADIUS_M

    def project(ring: Any) -> list[tuple[float, float]]:
        return [(x * kx, y * ky) for x, y in ring.coords]

    projected = Polygon(project(polygon.exterior), [project(r) for r in polygon.interiors])
    return projected.area


def parse_bbox(text: str, field: str = "bbox") -> tuple[float, float, float, float]:
    """OGC API - Features bbox "min_lon,min_lat,max_lon,max_lat"."""
    parts = text.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise InvalidArgument.field(field, "four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidArgument.field(field, "four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise InvalidArgument.field(field, "min must not exceed max; lon in [-180, 180], lat in [-90, 90]")
    return min_lon, min_lat, max_lon, max_lat


# ---------------------------------------------------------------------------------------------
# Attributes


@dataclass(frozen=True)
class LandTerms:
    land_use_code: str
    min_plot_ratio: float = 0.0
    max_plot_ratio: float = 0.0
    min_intensity_wan_per_mu: Decimal | None = None  # 标准地 investment intensity
    min_tax_per_mu_wan: Decimal | None = None  # 标准地 annual tax per mu
    price_wan_per_mu: Decimal | None = None
    tenure_years: int = 0


@dataclass(frozen=True)
class BuildingTerms:
    building_name: str = ""
    floor: int = 0
    floor_load_kn_m2: float = 0.0
    clear_height_m: float = 0.0
    rent_yuan_per_m2_month: Decimal | None = None
    usage: str = ""


BUILDING_USAGES = ("factory", "office", "warehouse", "lab")


def land_terms_problems(raw: Mapping[str, Any],
                        where: str = "site.land") -> tuple[LandTerms | None, list[FieldViolation]]:
    """Parse land terms given as strings/numbers (proto field names); every problem listed."""
    out: list[FieldViolation] = []
    code = str(raw.get("land_use_code", "")).strip()
    problem = land_use_problem(code) if code else "required for a land parcel"
    if problem:
        out.append(FieldViolation(f"{where}.land_use_code", problem))
    lo, hi = float(raw.get("min_plot_ratio") or 0), float(raw.get("max_plot_ratio") or 0)
    if lo < 0 or hi < 0 or not (math.isfinite(lo) and math.isfinite(hi)):
        out.append(FieldViolation(f"{where}.min_plot_ratio", "plot ratios are non-negative numbers"))
    elif hi and lo > hi:
        out.append(FieldViolation(f"{where}.max_plot_ratio", f"below the minimum plot ratio {lo}"))
    elif hi > 20:
        out.append(FieldViolation(f"{where}.max_plot_ratio", "a plot ratio above 20 is not plausible"))
    amounts: dict[str, Decimal | None] = {}
    for name in ("min_investment_intensity_wan_per_mu", "min_tax_per_mu_wan", "price_wan_per_mu"):
        try:
            amounts[name] = money.parse_wan(str(raw.get(name) or ""), f"{where}.{name}", allow_empty=True)
        except InvalidArgument as err:
            out.extend(err.violations)
    tenure = int(raw.get("tenure_years") or 0)
    limit = MAX_TENURE_YEARS.get(code[:2], 70)
    if tenure < 0 or tenure > limit:
        out.append(FieldViolation(f"{where}.tenure_years", f"between 0 and {limit} years for land use {code[:2]}"))
    if out:
        return None, out
    return LandTerms(code, lo, hi, amounts["min_investment_intensity_wan_per_mu"], amounts["min_tax_per_mu_wan"],
                     amounts["price_wan_per_mu"], tenure), []


def building_terms_problems(raw: Mapping[str, Any],
                            where: str = "site.building") -> tuple[BuildingTerms | None, list[FieldViolation]]:
    out: list[FieldViolation] = []
    load = float(raw.get("floor_load_kn_m2") or 0)
    height = float(raw.get("clear_height_m") or 0)
    if not (0 < load <= 100):
        out.append(FieldViolation(f"{where}.floor_load_kn_m2", "design floor load in kN/m², above 0 and at most 100"))
    if not (0 < height <= 50):
        out.append(FieldViolation(f"{where}.clear_height_m", "clear height in m, above 0 and at most 50"))
    usage = str(raw.get("usage") or "")
    if usage and usage not in BUILDING_USAGES:
        out.append(FieldViolation(f"{where}.usage", f"one of {', '.join(BUILDING_USAGES)}"))
    rent_text = str(raw.get("rent_yuan_per_m2_month") or "")
    rent = None
    if rent_text:
        try:
            rent = money.parse_decimal(rent_text, f"{where}.rent_yuan_per_m2_month", unit="元/m²/月", places=2,
                                       maximum=Decimal(10000))
        except InvalidArgument as err:
            out.extend(err.violations)
    if out:
        return None, out
    return BuildingTerms(str(raw.get("building_name") or ""), int(raw.get("floor") or 0), load, height, rent, usage), []


def check_area(kind: SiteKind, area_m2: float, polygon: Polygon | None) -> list[FieldViolation]:
    """The stated area is positive, and a parcel's agrees with its polygon within 5 %."""
    if not (math.isfinite(area_m2) and area_m2 > 0):
        return [FieldViolation("site.area_m2", "area in m², above 0")]
    if kind is SiteKind.LAND_PARCEL and polygon is not None:
        measured = polygon_area_m2(polygon)
        if abs(area_m2 - measured) > AREA_AGREEMENT * measured:
            return [FieldViolation("site.area_m2", f"{area_m2:.0f} m² differs from the polygon's {measured:.0f} m² "
                                                   f"by more than {AREA_AGREEMENT:.0%}")]
    return []


def representative_point(geom: BaseGeometry) -> Point:
    """A point inside the geometry (centroid when it falls inside), for maps and distances."""
    c = geom.centroid
    return c if geom.contains(c) or isinstance(geom, Point) else geom.representative_point()


# ---------------------------------------------------------------------------------------------
# Availability


@dataclass(frozen=True)
class Availability:
    state: SiteState
    reserved_for: str = ""


@dataclass(frozen=True)
class Outcome:
    """The state to write, and whether anything changes (False = an idempotent repeat)."""

    after: Availability
    changed: bool


def reserve(current: Availability, project_id: str) -> Outcome:
    if not project_id:
        raise InvalidArgument.field("project_id", "the project the site is reserved for")
    if current.state is SiteState.AVAILABLE:
        return Outcome(Availability(SiteState.RESERVED, project_id), True)
    if current.state is SiteState.RESERVED and current.reserved_for == project_id:
        return Outcome(current, False)
    holder = "another project" if current.state is SiteState.RESERVED else "transferred"
    raise FailedPrecondition(f"the site is not available ({holder})", reason="SITE_NOT_AVAILABLE",
                             metadata={"state": current.state.name})


def release(current: Availability, reason: str) -> Outcome:
    if not reason.strip():
        raise InvalidArgument.field("reason", "releasing a reservation needs a reason")
    if current.state is SiteState.AVAILABLE:
        return Outcome(current, False)
    if current.state is SiteState.TRANSFERRED:
        raise FailedPrecondition("a transferred site cannot be released", reason="SITE_TRANSFERRED")
    return Outcome(Availability(SiteState.AVAILABLE, ""), True)


def transfer(current: Availability, project_id: str) -> Outcome:
    if current.state is SiteState.TRANSFERRED and current.reserved_for == project_id:
        return Outcome(current, False)
    if current.state is not SiteState.RESERVED:
        raise FailedPrecondition("only a site reserved for the project can be transferred; reserve it first",
                                 reason="SITE_NOT_RESERVED")
    if current.reserved_for != project_id:
        raise FailedPrecondition("the site is reserved for another project", reason="SITE_NOT_AVAILABLE")
    return Outcome(Availability(SiteState.TRANSFERRED, project_id), True)
