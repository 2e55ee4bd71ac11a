"""Point → polygon lookup through an STRtree index (the embedded store has no geo operators).

Used to locate a point in unit grids, communities and subdistricts. Coordinates are (lon, lat)
in the district's reference system; building an index is O(n log n), a query is O(log n) plus
the few candidate polygons whose bounding boxes contain the point.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from shapely import STRtree
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

K = TypeVar("K", bound=Hashable)
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


class PolygonIndex(Generic[K]):
    """An immutable spatial index over keyed polygons."""

    def __init__(self, items: Iterable[tuple[K, BaseGeometry]]) -> None:
        pairs = list(items)
        self._keys = [k for k, _ in pairs]
        self._geoms = [g for _, g in pairs]
        self._tree = STRtree(self._geoms) if self._geoms else None

    def __len__(self) -> int:
        return len(self._keys)

    def locate(self, lon: float, lat: float) -> K | None:
        """Key of the polygon containing the point (boundary counts); None when outside all."""
        if self._tree is None:
            return None
        point = Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        if len(hits) == 0:
            return None
        return self._keys[int(min(hits))]  # deterministic if polygons touch on a shared edge


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (good to ~0.5 % — ample for 50 m duplicate checks)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bbox_around(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) enclosing a circle: the numeric pre-filter a plain
    index can serve before the exact distance check."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat
