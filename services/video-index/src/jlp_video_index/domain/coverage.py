"""Coverage figures: camera density per km² (all / HD / networked / online), ratios, the gap to
the benchmark densities, and the share of key places near an online camera.

The plan's figures (issue 10): the district has about 83 cameras per km² against 158 in
Shanghai and 205 in Shenzhen. The gap is the number of cameras an area needs to reach a
benchmark: ceil(benchmark × area − cameras), never negative. Areas are the subdistricts' official
areas (district-facts.md §2) or, for a polygon, its geodesic area (pyproj, WGS-84 ellipsoid).
A key place is covered when an ONLINE camera is within the radius (metres, measured in UTM 48N
via an STRtree `dwithin` query, so thousands of cameras × hundreds of places stay fast).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyproj import Geod
from shapely import STRtree
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from jlp_video_index.domain.geometry import to_metric

SHANGHAI_PER_KM2 = 158.0
SHENZHEN_PER_KM2 = 205.0
DEFAULT_RADIUS_M = 100.0
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class CameraFact:
    """What coverage needs of a camera."""

    lon: float
    lat: float
    subdistrict_code: str
    hd: bool
    networked: bool
    online: bool


@dataclass(frozen=True)
class KeyPlace:
    name: str
    lon: float
    lat: float
    subdistrict_code: str = ""


@dataclass(frozen=True)
class Figures:
    code: str
    name: str
    area_km2: float
    cameras: int
    hd: int
    networked: int
    online: int
    key_places: int
    key_places_covered: int

    def per_km2(self, n: int) -> float:
        return n / self.area_km2 if self.area_km2 > 0 else 0.0

    @property
    def cameras_per_km2(self) -> float:
        return self.per_km2(self.cameras)

    @property
    def hd_per_km2(self) -> float:
        return self.per_km2(self.hd)

    @property
    def networked_per_km2(self) -> float:
        return self.per_km2(self.networked)

    @property
    def online_per_km2(self) -> float:
        return self.per_km2(self.online)

    def _ratio(self, n: int) -> float:
        return n / self.cameras if self.cameras else 0.0

    @property
    def hd_ratio(self) -> float:
        return self._ratio(self.hd)

    @property
    def networked_ratio(self) -> float:
        return self._ratio(self.networked)

    @property
    def serviceable_ratio(self) -> float:
        return self._ratio(self.online)

    def gap_to(self, per_km2: float) -> int:
        """Cameras missing to reach `per_km2` over this area (0 if reached)."""
        return max(0, math.ceil(per_km2 * self.area_km2 - self.cameras - 1e-9))

    @property
    def gap_to_shanghai(self) -> int:
        return self.gap_to(SHANGHAI_PER_KM2)

    @property
    def gap_to_shenzhen(self) -> int:
        return self.gap_to(SHENZHEN_PER_KM2)

    @property
    def key_place_coverage(self) -> float | None:
        return self.key_places_covered / self.key_places if self.key_places else None


def geodesic_area_km2(shape: BaseGeometry) -> float:
    """Area of a WGS-84 polygon on the ellipsoid, km²."""
    area, _ = _GEOD.geometry_area_perimeter(shape)
    return abs(area) / 1e6


def covered_places(places: Sequence[KeyPlace], cameras: Iterable[CameraFact], radius_m: float) -> list[bool]:
    """For each place, whether an online camera is within `radius_m` metres."""
    if radius_m <= 0 or not math.isfinite(radius_m):
        raise ValueError("radius must be a positive number of metres")
    online = [(c.lon, c.lat) for c in cameras if c.online]
    if not places:
        return []
    if not online:
        return [False] * len(places)
    tree = STRtree([Point(x, y) for x, y in to_metric(online)])
    metric_places = [Point(x, y) for x, y in to_metric([(p.lon, p.lat) for p in places])]
    place_idx, _ = tree.query(metric_places, predicate="dwithin", distance=radius_m)
    hit = set(int(i) for i in place_idx)
    return [i in hit for i in range(len(places))]


def figures(code: str, name: str, area_km2: float, cameras: Sequence[CameraFact],
            places: Sequence[KeyPlace], covered: Sequence[bool]) -> Figures:
    return Figures(code=code, name=name, area_km2=area_km2, cameras=len(cameras),
                   hd=sum(c.hd for c in cameras), networked=sum(c.networked for c in cameras),
                   online=sum(c.online for c in cameras), key_places=len(places),
                   key_places_covered=sum(1 for c in covered if c))


def compute(areas: Sequence[tuple[str, str, float]], cameras: Sequence[CameraFact],
            places: Sequence[KeyPlace], radius_m: float = DEFAULT_RADIUS_M,
            district: tuple[str, str] = ("500107", "九龙坡区")) -> tuple[Figures, list[Figures]]:
    """District and per-subdistrict figures. `areas` are (code, name, km²) of the subdistricts;
    the district's area is their sum; cameras and places outside every listed subdistrict count
    for the district only. A place covers-check uses every online camera of the district (a
    camera across a subdistrict border still covers the place)."""
    covered = covered_places(places, cameras, radius_m)
    per: list[Figures] = []
    for code, name, km2 in areas:
        cams = [c for c in cameras if c.subdistrict_code == code]
        idx = [i for i, p in enumerate(places) if p.subdistrict_code == code]
        per.append(figures(code, name, km2, cams, [places[i] for i in idx], [covered[i] for i in idx]))
    total_area = sum(a[2] for a in areas)
    whole = figures(district[0], district[1], total_area, cameras, places, covered)
    return whole, per
