"""Validation of a grid import (GeoJSON FeatureCollection), all or nothing.

Every problem is reported with the index of the offending feature (`features[12].geometry`), so
a GIS operator can fix the file; nothing is stored unless the whole file is clean. Rules after
GB/T 30428.1 (reference §2.2–2.3): closed valid polygons, standard codes (6+3+3+3; legacy
14-digit codes mapped), every unit inside one parent (属地管理), no overlaps between units of one
level (无缝拼接).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_grid_event.domain import codes
from jlp_grid_event.domain.codes import Level

# Overlap/containment tolerance as a share of the smaller polygon's area: shared edges digitised
# twice never coincide exactly, so slivers below 0.1 % are not overlaps.
SLIVER = 1e-3
MAX_VIOLATIONS = 200
_LEVEL_NAMES = {"district": Level.DISTRICT, "subdistrict": Level.SUBDISTRICT,
                "street": Level.SUBDISTRICT, "town": Level.SUBDISTRICT,
                "community": Level.COMMUNITY, "village": Level.COMMUNITY,
                "unit": Level.UNIT, "grid": Level.UNIT}


@dataclass(frozen=True)
class GridRecord:
    """One validated grid unit, ready to store."""

    code: str
    name: str
    level: Level
    parent_code: str
    geometry: BaseGeometry
    managed_by: str = ""
    worker_id: str = ""
    legacy_code: str = ""

    @property
    def area_m2(self) -> float:
        return area_m2(self.geometry)


def area_m2(geom: BaseGeometry) -> float:
    """Area on a local equirectangular projection: accurate to well under 1 % at grid scale."""
    lat = geom.centroid.y if not geom.is_empty else 0.0
    k = 111_320.0
    return geom.area * k * k * math.cos(math.radians(lat))


def parse_collection(text_or_obj: str | Mapping) -> list[dict]:
    """The features of a FeatureCollection; InvalidArgument on anything else."""
    obj = text_or_obj
    if isinstance(text_or_obj, str):
        try:
            obj = json.loads(text_or_obj)
        except json.JSONDecodeError as exc:
            raise InvalidArgument.field("geojson", f"not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(obj, Mapping) or obj.get("type") != "FeatureCollection":
        raise InvalidArgument.field("geojson", "must be a GeoJSON FeatureCollection")
    features = obj.get("features")
    if not isinstance(features, list) or not features:
        raise InvalidArgument.field("geojson.features", "must be a non-empty list")
    return features


def _feature(i: int, f: object, bad: list[FieldViolation]) -> GridRecord | None:
    at = f"features[{i}]"
    if not isinstance(f, Mapping) or f.get("type") != "Feature":
        bad.append(FieldViolation(at, "must be a GeoJSON Feature"))
        return None
    props = f.get("properties") or {}
    if not isinstance(props, Mapping):
        bad.append(FieldViolation(f"{at}.properties", "must be a JSON object"))
        return None
    raw = str(props.get("code", "")).strip()
    code, legacy = codes.normalize(raw)
    try:
        parsed = codes.parse(code)
    except ValueError as exc:
        bad.append(FieldViolation(f"{at}.properties.code", f"{raw!r}: {exc}"))
        return None
    level = parsed.level
    declared = str(props.get("level", "")).strip().lower()
    if declared and _LEVEL_NAMES.get(declared) != level:
        bad.append(FieldViolation(f"{at}.properties.level",
                                  f"{declared!r} does not match a {len(code)}-digit code"))
    name = str(props.get("name", "")).strip()
    if not name:
        bad.append(FieldViolation(f"{at}.properties.name", "must not be empty"))
    geom_obj = f.get("geometry")
    if not isinstance(geom_obj, Mapping) or geom_obj.get("type") not in ("Polygon", "MultiPolygon"):
        bad.append(FieldViolation(f"{at}.geometry", "must be a Polygon or MultiPolygon"))
        return None
    try:
        geom = shape(geom_obj)
    except Exception as exc:  # noqa: BLE001 - shapely raises several types for bad coordinates
        bad.append(FieldViolation(f"{at}.geometry", f"unreadable coordinates: {exc}"))
        return None
    if geom.is_empty or not geom.is_valid:
        reason = "empty" if geom.is_empty else explain_validity(geom)
        bad.append(FieldViolation(f"{at}.geometry", f"invalid polygon: {reason}"))
        return None
    return GridRecord(code, name, level, parsed.parent, geom,
                      str(props.get("managed_by", "") or ""), str(props.get("worker_id", "") or ""),
                      raw if legacy else "")


def _overlaps(a: BaseGeometry, b: BaseGeometry) -> bool:
    if not a.intersects(b):
        return False
    shared = a.intersection(b).area
    return shared > SLIVER * min(a.area, b.area)


def validate(features: list, existing: Mapping[str, GridRecord] | None = None) -> list[GridRecord]:
    """Validate every feature against the file and the grids already stored.

    `existing` units with a code that the file also holds are replaced, the rest stay and take
    part in the parent and overlap checks (pass none when the file is the whole grid). Raises
    InvalidArgument listing every violation.
    """
    existing = dict(existing or {})
    bad: list[FieldViolation] = []
    records: list[tuple[int, GridRecord]] = []
    first_at: dict[str, int] = {}
    for i, f in enumerate(features):
        rec = _feature(i, f, bad)
        if rec is None:
            continue
        if rec.code in first_at:
            bad.append(FieldViolation(f"features[{i}].properties.code",
                                      f"duplicate code {rec.code} (also features[{first_at[rec.code]}])"))
            continue
        first_at[rec.code] = i
        records.append((i, rec))

    merged: dict[str, GridRecord] = {c: r for c, r in existing.items() if c not in first_at}
    merged.update({r.code: r for _, r in records})
    for i, rec in records:
        if rec.level == Level.DISTRICT or rec.level == Level.SUBDISTRICT:
            continue  # districts are roots; a subdistrict's district need not be imported
        parent = merged.get(rec.parent_code)
        if parent is None:
            bad.append(FieldViolation(f"features[{i}].properties.code",
                                      f"unknown parent {rec.parent_code} (not in the file or the stored grid)"))
        elif not _inside(rec.geometry, parent.geometry):
            bad.append(FieldViolation(f"features[{i}].geometry",
                                      f"extends outside its parent {rec.parent_code}"))
    bad.extend(_overlap_violations(records, merged, first_at))
    if bad:
        first = "; ".join(f"{v.field}: {v.description}" for v in bad[:5])
        more = f" (+{len(bad) - 5} more)" if len(bad) > 5 else ""
        raise InvalidArgument(f"grid import refused, {len(bad)} problem(s): {first}{more}",
                              bad[:MAX_VIOLATIONS])
    return [r for _, r in records]


def _inside(child: BaseGeometry, parent: BaseGeometry) -> bool:
    outside = child.difference(parent).area
    return outside <= SLIVER * child.area


def _overlap_violations(records: list[tuple[int, GridRecord]], merged: Mapping[str, GridRecord],
                        index_of: Mapping[str, int]) -> list[FieldViolation]:
    """Units of one level may touch but not overlap: checked with an STRtree, O(n log n)."""
    out: list[FieldViolation] = []
    by_level: dict[Level, list[GridRecord]] = {}
    for rec in merged.values():
        by_level.setdefault(rec.level, []).append(rec)
    trees = {lvl: STRtree([p.geometry for p in peers]) for lvl, peers in by_level.items()}
    for i, rec in records:
        peers = by_level[rec.level]
        for j in trees[rec.level].query(rec.geometry, predicate="intersects"):
            other = peers[int(j)]
            if other.code == rec.code:
                continue
            if other.code in index_of and index_of[other.code] > i:
                continue  # a pair within the file is reported once, on the later feature
            if _overlaps(rec.geometry, other.geometry):
                where = (f"features[{index_of[other.code]}]" if other.code in index_of
                         else "the stored grid")
                out.append(FieldViolation(f"features[{i}].geometry",
                                          f"overlaps {other.code} ({where})"))
    return out
