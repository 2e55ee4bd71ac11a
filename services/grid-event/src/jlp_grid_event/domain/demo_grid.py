"""A generated demo grid covering the district: subdistricts → communities → unit grids.

No boundary file of Jiulongpo is available offline, so the demo partitions the district's
extent with Voronoi cells around rough seed points (district.py), then each subdistrict into
communities and each community into unit grids the same way. The result follows the standard's
topology rules — full coverage, no overlaps, every unit inside one community (GB/T 30428.1,
reference §2.2) — and its coding (6+3+3+3, units numbered west→east then north→south,
reference §2.3), which is what the service logic depends on. It is deterministic (seeded RNG),
and sized for the embedded store (~1,300 units, DESIGN §4). Community codes follow the
civil-affairs convention: 001–199 residents' committees (社区), 200–399 villages (村).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from shapely import voronoi_polygons
from shapely.geometry import MultiPoint, Point, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from jlp_grid_event.domain.district import DISTRICT_CODE, EXTENT, SUBDIVISIONS

COMMUNITIES_PER = {"subdistrict": 6, "town": 4}
UNITS_PER_COMMUNITY = {"subdistrict": 12, "town": 16}
_CN_DIGITS = "〇一二三四五六七八九十"


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Drop the lines and points an intersection may add; keep (Multi)Polygon area."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts)


def partition(area: BaseGeometry, seeds: list[tuple[float, float]]) -> list[BaseGeometry]:
    """Voronoi cells of `seeds` clipped to `area`, in seed order: a gap-free, overlap-free
    cover of `area` (cells are convex, so clipping never creates overlaps)."""
    cells = voronoi_polygons(MultiPoint(seeds), extend_to=area)
    out: list[BaseGeometry] = []
    for x, y in seeds:
        p = Point(x, y)
        cell = next(c for c in cells.geoms if c.covers(p))
        out.append(_polygonal(cell.intersection(area)))
    return out


def _random_points(area: BaseGeometry, n: int, rng: random.Random) -> list[tuple[float, float]]:
    """`n` well-spread points inside `area`: a jittered lattice over its bounds (blue-noise-ish
    spacing gives units of similar size, the standard's load-balance principle)."""
    minx, miny, maxx, maxy = area.bounds
    cols = max(1, round((n * (maxx - minx) / max(maxy - miny, 1e-9)) ** 0.5))
    pts: list[tuple[float, float]] = []
    attempts = 0
    while len(pts) < n and attempts < 50:
        attempts += 1
        rows = max(1, -(-n // cols)) + attempts - 1
        dx, dy = (maxx - minx) / cols, (maxy - miny) / rows
        cand = [(minx + (c + 0.5 + rng.uniform(-0.3, 0.3)) * dx,
                 miny + (r + 0.5 + rng.uniform(-0.3, 0.3)) * dy)
                for r in range(rows) for c in range(cols)]
        pts = [p for p in cand if area.contains(Point(p))]
    rng.shuffle(pts)
    return pts[:n] if len(pts) >= n else pts


def _reading_order(cells: list[BaseGeometry], row_height: float) -> list[BaseGeometry]:
    """West→east within rows, rows north→south (reference §2.3, Beijing DB11/T 2157)."""
    def key(g: BaseGeometry) -> tuple[int, float]:
        c = g.representative_point()
        return (-int(c.y // row_height), c.x)

    return sorted(cells, key=key)


def _ordinal(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


def district_outline() -> Polygon:
    return box(*EXTENT)


def features(seed: int = 107) -> Iterator[dict]:
    """GeoJSON features of the whole demo grid, parents before children."""
    rng = random.Random(seed)  # noqa: S311 - reproducible layout, not security
    outline = district_outline()
    cells = partition(outline, [s.seed for s in SUBDIVISIONS])
    for sub, sub_geom in zip(SUBDIVISIONS, cells, strict=True):
        yield _feature(sub.code, sub.name, "subdistrict", sub_geom, sub.managed_by)
        n_comm = COMMUNITIES_PER[sub.kind]
        comm_geoms = partition(sub_geom, _random_points(sub_geom, n_comm, rng))
        comm_geoms = _reading_order(comm_geoms, row_height=(sub_geom.bounds[3] - sub_geom.bounds[1]) / 3)
        for ci, comm_geom in enumerate(comm_geoms, start=1):
            village = sub.kind == "town"
            number = (199 + ci) if village else ci
            comm_code = f"{sub.code}{number:03d}"
            short = sub.name[:-2] if sub.name.endswith("街道") else sub.name[:-1]
            comm_name = f"{short}{_ordinal(ci)}{'村' if village else '社区'}"
            yield _feature(comm_code, comm_name, "community", comm_geom, sub.managed_by)
            n_units = UNITS_PER_COMMUNITY[sub.kind]
            unit_geoms = partition(comm_geom, _random_points(comm_geom, n_units, rng))
            height = (comm_geom.bounds[3] - comm_geom.bounds[1]) / max(1, round(n_units ** 0.5))
            for ui, unit_geom in enumerate(_reading_order(unit_geoms, height), start=1):
                yield _feature(f"{comm_code}{ui:03d}", f"{comm_name}{ui:03d}网格", "unit",
                               unit_geom, sub.managed_by,
                               worker_id=f"gw-{comm_code}")


def _feature(code: str, name: str, level: str, geom: BaseGeometry, managed_by: str,
             worker_id: str = "") -> dict:
    props = {"code": code, "name": name, "level": level, "managed_by": managed_by}
    if worker_id:
        props["worker_id"] = worker_id
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def feature_collection(seed: int = 107) -> dict:
    """The demo grid as a FeatureCollection (the CLI `demo` command and JLP_DEMO=1 import it)."""
    return {"type": "FeatureCollection",
            "name": f"{DISTRICT_CODE} demo grid (generated)",
            "features": list(features(seed))}
