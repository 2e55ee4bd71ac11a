"""Sites in the store: validated on every write, found by bbox / polygon and attributes,
reserved for one project at a time by a conditional update on the state.

Geometry queries follow DESIGN §4: the stored bounding box is a plain numeric pre-filter the
database can index, the exact intersection test is shapely's, here.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError
from shapely.geometry import Point, box, mapping
from shapely.geometry.base import BaseGeometry

from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import AlreadyExists, Conflict, FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock, utc_now
from jlp_investment.domain import sites
from jlp_investment.domain.money import format_wan
from jlp_investment.domain.parks import BY_ID as PARKS
from jlp_investment.domain.sites import Availability, SiteKind, SiteState
from jlp_investment.domain.stages import Kind
from jlp_investment.domain.versioning import check_version
from jlp_investment.models import ProjectDoc, SiteDoc

MAX_PAGE = 500
MAX_GEOJSON = 5000
EDITABLE = ("name", "park_id", "subdistrict_code", "geometry", "location", "area_m2", "land", "building", "tags")
_SUBDISTRICT = re.compile(r"^500107\d{3}$")


def _terms_dict(terms: object) -> dict[str, Any]:
    out = {}
    for key, value in vars(terms).items():
        out[key] = format_wan(value) if hasattr(value, "as_tuple") else value
    return out


def land_terms(doc: SiteDoc) -> sites.LandTerms | None:
    if doc.kind != SiteKind.LAND_PARCEL or not doc.land:
        return None
    terms, _ = sites.land_terms_problems({**doc.land, "min_investment_intensity_wan_per_mu":
                                          doc.land.get("min_intensity_wan_per_mu") or "",
                                          "price_wan_per_mu": doc.land.get("price_wan_per_mu") or ""})
    return terms


def building_terms(doc: SiteDoc) -> sites.BuildingTerms | None:
    if doc.kind != SiteKind.BUILDING_UNIT or not doc.building:
        return None
    terms, _ = sites.building_terms_problems(doc.building)
    return terms


def validate_site(values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of a site given as plain values (proto field names; `land`/`building` as
    dicts of their fields; `geometry` a GeoJSON dict; `location` (lon, lat) or None), or
    INVALID_ARGUMENT listing every problem."""
    out: list[FieldViolation] = []
    code = str(values.get("code") or "").strip()
    if not code or len(code) > 64:
        out.append(FieldViolation("site.code", "required, at most 64 characters"))
    kind_value = int(values.get("kind") or 0)
    if kind_value not in (1, 2):
        out.append(FieldViolation("site.kind", "LAND_PARCEL or BUILDING_UNIT"))
        raise InvalidArgument(violations=out)
    kind = SiteKind(kind_value)
    park_id = str(values.get("park_id") or "")
    if park_id and park_id not in PARKS:
        out.append(FieldViolation("site.park_id", f"unknown park; one of {', '.join(PARKS)}"))
    subdistrict = str(values.get("subdistrict_code") or "")
    if subdistrict and not _SUBDISTRICT.match(subdistrict):
        out.append(FieldViolation("site.subdistrict_code", "a 9-digit code of 九龙坡区 (500107xxx)"))
    geometry: BaseGeometry | None = None
    raw_geometry = values.get("geometry")
    location = values.get("location")
    try:
        if kind is SiteKind.LAND_PARCEL:
            if not raw_geometry:
                out.append(FieldViolation("site.geometry", "a land parcel needs its GeoJSON Polygon"))
            else:
                geometry = sites.parse_polygon(raw_geometry, "site.geometry")
        elif raw_geometry:
            geometry = sites.parse_geometry(raw_geometry, "site.geometry")
            if not isinstance(geometry, Point):
                out.append(FieldViolation("site.geometry", "a building unit is located by a GeoJSON Point"))
        elif location:
            geometry = Point(*location)
        else:
            out.append(FieldViolation("site.location", "a building unit needs a location (or a Point geometry)"))
    except InvalidArgument as err:
        out.extend(err.violations)
    if isinstance(geometry, Point) and not sites.inside_district(geometry):
        out.append(FieldViolation("site.location", "outside the district's extent (WGS-84 lon/lat)"))
    area = float(values.get("area_m2") or 0)
    out += sites.check_area(kind, area, geometry if kind is SiteKind.LAND_PARCEL else None)  # type: ignore[arg-type]
    land: dict[str, Any] = {}
    building: dict[str, Any] = {}
    if kind is SiteKind.LAND_PARCEL:
        terms, problems = sites.land_terms_problems(values.get("land") or {})
        out += problems
        if terms is not None:
            land = _terms_dict(terms)
    else:
        terms_b, problems = sites.building_terms_problems(values.get("building") or {})
        out += problems
        if terms_b is not None:
            building = _terms_dict(terms_b)
    tags = [str(t).strip() for t in values.get("tags") or [] if str(t).strip()]
    if out:
        raise InvalidArgument(violations=out)
    assert geometry is not None
    point = sites.representative_point(geometry)
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return {"code": code, "name": str(values.get("name") or "").strip()[:200], "kind": int(kind), "park_id": park_id,
            "subdistrict_code": subdistrict, "geometry": mapping(geometry) | {"coordinates": _lists(mapping(geometry))},
            "lon": round(point.x, 7), "lat": round(point.y, 7), "min_lon": min_lon, "min_lat": min_lat,
            "max_lon": max_lon, "max_lat": max_lat, "area_m2": area,
            "land_use_code": land.get("land_use_code", ""), "land": land, "building": building,
            "tags": list(dict.fromkeys(tags))}


def _lists(geo: Mapping[str, Any]) -> Any:
    """GeoJSON coordinates as nested lists (shapely gives tuples, which JSON and BSON turn into
    arrays anyway; lists compare equal after a round trip)."""
    def walk(x: Any) -> Any:
        return [walk(i) for i in x] if isinstance(x, list | tuple) else x

    return walk(geo["coordinates"])


def site_values(doc: SiteDoc) -> dict[str, Any]:
    land = dict(doc.land or {})
    if land:
        land["min_investment_intensity_wan_per_mu"] = land.pop("min_intensity_wan_per_mu", "") or ""
    return {"code": doc.code, "name": doc.name, "kind": doc.kind, "park_id": doc.park_id,
            "subdistrict_code": doc.subdistrict_code, "geometry": doc.geometry, "location": (doc.lon, doc.lat),
            "area_m2": doc.area_m2, "land": land, "building": dict(doc.building or {}), "tags": list(doc.tags)}


class Sites:
    def __init__(self, tokens: PageTokens, clock: Clock = utc_now) -> None:
        self.tokens, self.clock = tokens, clock

    def get(self, site_id: str) -> SiteDoc:
        doc = SiteDoc.objects(id=site_id).first() if site_id else None
        if doc is None:
            raise NotFound("Site", site_id)
        return doc

    def create(self, values: Mapping[str, Any], site_id: str = "") -> SiteDoc:
        checked = validate_site(values)
        now = self.clock()
        doc = SiteDoc(id=site_id or uuid.uuid4().hex, **checked, state=int(SiteState.AVAILABLE), create_time=now,
                      update_time=now)
        try:
            with atomic():
                doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):
            holder = SiteDoc.objects(code=checked["code"]).only("id").first()
            raise AlreadyExists("Site", holder.id if holder else checked["code"],
                                f"site code {checked['code']} is already registered") from None
        return doc

    def update(self, site_id: str, values: Mapping[str, Any], paths: list[str], expected: int) -> SiteDoc:
        bad = [FieldViolation(f"update_mask.{p}", "changes only through :reserve, :release, :transfer"
                              if p in ("state", "reserved_for_project_id", "reserve_time") else
                              "immutable" if p in ("code", "kind", "id") else "output only"
                              if p in ("area_mu", "version", "create_time", "update_time") else "not a site field")
               for p in paths if p.split(".")[0] not in EDITABLE]
        if bad:
            raise InvalidArgument(violations=bad)
        doc = self.get(site_id)
        check_version("site", site_id, doc.version, expected)
        merged = site_values(doc)
        for path in paths:
            top, _, sub = path.partition(".")
            if sub and top in ("land", "building"):  # land.price_wan_per_mu: that attribute only
                merged[top] = {**(merged.get(top) or {}), sub: (values.get(top) or {}).get(sub)}
            else:
                merged[top] = values.get(top)
        checked = validate_site(merged)
        checked.pop("code")
        checked.pop("kind")
        checked["update_time"] = self.clock()
        won = compare_and_set(SiteDoc._get_collection(), {"_id": doc.id, "version": doc.version},
                              {"$set": checked, "$inc": {"version": 1}})
        if won is None:
            raise Conflict(f"site {site_id} was changed concurrently; reload and retry", reason="STALE_VERSION")
        return SiteDoc._from_son(won)

    # --- availability -------------------------------------------------------------------------
    def reserve(self, site_id: str, project_id: str) -> SiteDoc:
        """AVAILABLE → RESERVED for `project_id` by one conditional update on the state: of two
        concurrent reservations exactly one matches; the other re-reads and is refused (or, for
        the same project, gets the site unchanged)."""
        project = ProjectDoc.objects(id=project_id).only("id", "stage_kind").first() if project_id else None
        if project is None:
            raise NotFound("Project", project_id)
        if project.stage_kind == int(Kind.LOST):
            raise FailedPrecondition(f"project {project_id} is lost; restore it before reserving a site",
                                     reason="PROJECT_LOST")
        doc = self.get(site_id)
        outcome = sites.reserve(Availability(SiteState(doc.state), doc.reserved_for), project_id)
        if not outcome.changed:
            return doc
        won = compare_and_set(SiteDoc._get_collection(), {"_id": doc.id, "state": int(SiteState.AVAILABLE)},
                              {"$set": {"state": int(SiteState.RESERVED), "reserved_for": project_id,
                                        "reserve_time": self.clock(), "update_time": self.clock()},
                               "$inc": {"version": 1}})
        if won is not None:
            return SiteDoc._from_son(won)
        now = self.get(site_id)  # lost the race: the winner's state decides
        outcome = sites.reserve(Availability(SiteState(now.state), now.reserved_for), project_id)
        if outcome.changed:  # pragma: no cover - released again in between; the caller may retry
            raise Conflict(f"site {site_id} changed concurrently; retry", reason="STALE_VERSION")
        return now

    def release(self, site_id: str, reason: str, expected: int) -> SiteDoc:
        doc = self.get(site_id)
        check_version("site", site_id, doc.version, expected)
        outcome = sites.release(Availability(SiteState(doc.state), doc.reserved_for), reason)
        if not outcome.changed:
            return doc
        won = compare_and_set(SiteDoc._get_collection(),
                              {"_id": doc.id, "version": doc.version, "state": int(SiteState.RESERVED)},
                              {"$set": {"state": int(SiteState.AVAILABLE), "reserved_for": "", "reserve_time": None,
                                        "update_time": self.clock()}, "$inc": {"version": 1}})
        if won is None:
            raise Conflict(f"site {site_id} was changed concurrently; reload and retry", reason="STALE_VERSION")
        return SiteDoc._from_son(won)

    def transfer(self, site_id: str, project_id: str, expected: int) -> SiteDoc:
        doc = self.get(site_id)
        check_version("site", site_id, doc.version, expected)
        outcome = sites.transfer(Availability(SiteState(doc.state), doc.reserved_for), project_id)
        if not outcome.changed:
            return doc
        won = compare_and_set(SiteDoc._get_collection(),
                              {"_id": doc.id, "state": int(SiteState.RESERVED), "reserved_for": project_id},
                              {"$set": {"state": int(SiteState.TRANSFERRED), "update_time": self.clock()},
                               "$inc": {"version": 1}})
        if won is None:
            raise Conflict(f"site {site_id} was changed concurrently; reload and retry", reason="STALE_VERSION")
        return SiteDoc._from_son(won)

    # --- queries ----------------------------------------------------------------------------------
    def _filtered(self, f: Mapping[str, Any], after_code: str = "") -> Iterator[SiteDoc]:
        area: BaseGeometry | None = None
        if f.get("bbox"):
            area = box(*sites.parse_bbox(str(f["bbox"])))
        if f.get("polygon"):
            shape_ = sites.parse_geometry(str(f["polygon"]), "polygon")
            if shape_.geom_type != "Polygon" or not shape_.is_valid:
                raise InvalidArgument.field("polygon", "a valid GeoJSON Polygon")
            area = shape_ if area is None else area.intersection(shape_)
        for name in ("min_area_m2", "max_area_m2"):
            value = f.get(name)
            if value is not None and (not math.isfinite(value) or value < 0):
                raise InvalidArgument.field(name, "a non-negative number of m²")
        found = SiteDoc.objects
        for key in ("kind", "state", "park_id", "subdistrict_code"):
            if f.get(key):
                found = found.filter(**{key: f[key]})
        if f.get("land_use_code"):
            found = found.filter(land_use_code__startswith=str(f["land_use_code"]))
        if f.get("min_area_m2") is not None:
            found = found.filter(area_m2__gte=f["min_area_m2"])
        if f.get("max_area_m2") is not None:
            found = found.filter(area_m2__lte=f["max_area_m2"])
        if area is not None:
            a, b, c, d = area.bounds
            found = found.filter(min_lon__lte=c, max_lon__gte=a, min_lat__lte=d, max_lat__gte=b)
        if after_code:
            found = found.filter(code__gt=after_code)
        for doc in found.order_by("code").batch_size(200):
            if area is None or area.intersects(sites.parse_geometry(doc.geometry, "geometry")):
                yield doc

    def list(self, f: Mapping[str, Any], requested_size: int, token: str) -> tuple[list[SiteDoc], str]:
        size = page_size(requested_size, maximum=MAX_PAGE)
        query = {k: v for k, v in f.items() if v not in (None, "", 0)}
        position = self.tokens.decode(token, query)
        docs: list[SiteDoc] = []
        for doc in self._filtered(f, position["code"] if position else ""):
            docs.append(doc)
            if len(docs) > size:
                break
        return self.tokens.page(docs, size, lambda d: {"code": d.code}, query)

    def all(self, f: Mapping[str, Any]) -> list[SiteDoc]:
        out = []
        for doc in self._filtered(f):
            out.append(doc)
            if len(out) >= MAX_GEOJSON:
                break
        return out
