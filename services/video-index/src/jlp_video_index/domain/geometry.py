"""Areas the API accepts as text (bbox, polygon ring, circle) and metric helpers.

Query strings carry geometry as plain numbers: a bbox "minLon,minLat,maxLon,maxLat" (the OGC
API convention) and a ring "lon1,lat1,lon2,lat2,...". Every area also gives a numeric bounding
box, the pre-filter a plain index serves before the exact shapely test (DESIGN §4: the embedded
store has no geo operators). Distances use a metric projection, UTM zone 48N (EPSG:32648, 102°E
to 108°E), which holds the whole district (≈106.23-106.57°E) with a scale error under 0.1 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from pyproj import Transformer
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from jlp_common.geo import bbox_around, haversine_m

BBox = tuple[float, float, float, float]
MAX_RING_VERTICES = 1000
MAX_RADIUS_M = 50_000.0
UTM_48N = "EPSG:32648"


def _numbers(text: str, what: str) -> list[float]:
    parts = [p.strip() for p in (text or "").split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"{what} must be comma-separated numbers") from None
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"{what} must be finite numbers")
    return values


def _check_point(lon: float, lat: float, what: str) -> None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"{what}: ({lon}, {lat}) is not a longitude, latitude pair")


def parse_bbox(text: str) -> BBox:
    """"minLon,minLat,maxLon,maxLat" → tuple; ValueError with the reason."""
    values = _numbers(text, "bbox")
    if len(values) != 4:
        raise ValueError("bbox is minLon,minLat,maxLon,maxLat (4 numbers)")
    min_lon, min_lat, max_lon, max_lat = values
    _check_point(min_lon, min_lat, "bbox")
    _check_point(max_lon, max_lat, "bbox")
    if min_lon >= max_lon or min_lat >= max_lat:
        raise ValueError("bbox minimums must be below its maximums")
    return min_lon, min_lat, max_lon, max_lat


def parse_ring(text: str, what: str = "polygon") -> Polygon:
    """"lon1,lat1,lon2,lat2,..." → a valid polygon (closed if needed); ValueError otherwise."""
    values = _numbers(text, what)
    if len(values) % 2:
        raise ValueError(f"{what} needs lon,lat pairs (an even count of numbers)")
    points = list(zip(values[0::2], values[1::2], strict=True))
    if points and points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 3:
        raise ValueError(f"{what} needs at least 3 distinct vertices")
    if len(points) > MAX_RING_VERTICES:
        raise ValueError(f"{what} has more than {MAX_RING_VERTICES} vertices")
    for lon, lat in points:
        _check_point(lon, lat, what)
    ring = Polygon(points)
    if not ring.is_valid or ring.area == 0:
        raise ValueError(f"{what} is not a simple polygon (edges cross or it has no area)")
    return ring


@dataclass(frozen=True)
class Circle:
    lon: float
    lat: float
    radius_m: float

    def __post_init__(self) -> None:
        _check_point(self.lon, self.lat, "near")
        if not (math.isfinite(self.radius_m) and 0 < self.radius_m <= MAX_RADIUS_M):
            raise ValueError(f"radius must be above 0 and at most {MAX_RADIUS_M:.0f} m")

    def bbox(self) -> BBox:
        return bbox_around(self.lon, self.lat, self.radius_m)

    def contains(self, lon: float, lat: float) -> bool:
        return haversine_m(self.lon, self.lat, lon, lat) <= self.radius_m


@dataclass(frozen=True)
class AreaFilter:
    """The conjunction of an optional bbox, polygon and circle."""

    bbox: BBox | None = None
    polygon: BaseGeometry | None = None
    circle: Circle | None = None

    @property
    def empty(self) -> bool:
        return self.bbox is None and self.polygon is None and self.circle is None

    def prefilter(self) -> BBox | None:
        """The numeric box every match lies in (intersection of the parts' boxes)."""
        boxes = [b for b in (self.bbox, self.polygon.bounds if self.polygon is not None else None,
                             self.circle.bbox() if self.circle else None) if b is not None]
        if not boxes:
            return None
        return (max(b[0] for b in boxes), max(b[1] for b in boxes),
                min(b[2] for b in boxes), min(b[3] for b in boxes))

    def contains(self, lon: float, lat: float) -> bool:
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
                return False
        if self.polygon is not None and not self.polygon.intersects(Point(lon, lat)):
            return False
        return self.circle is None or self.circle.contains(lon, lat)


@lru_cache(maxsize=1)
def _to_utm() -> Transformer:
    return Transformer.from_crs("EPSG:4326", UTM_48N, always_xy=True)


def to_metric(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """WGS-84 (lon, lat) points → UTM 48N metres (x, y)."""
    if not points:
        return []
    xs, ys = _to_utm().transform([p[0] for p in points], [p[1] for p in points])
    return list(zip(xs, ys, strict=True))
