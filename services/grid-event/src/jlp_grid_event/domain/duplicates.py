"""Duplicate reports: the same category within 50 m and 2 hours of an open case joins that case.

Many people report the same overflowing bin; one case with several reporters keeps the
department's queue honest and the statistics meaningful. The store pre-filters candidates with
a numeric bounding box (`search_box`); `best_match` does the exact great-circle check.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jlp_common.geo import bbox_around, haversine_m

RADIUS_M = 50.0
WINDOW = timedelta(hours=2)
# Claim cells: 0.002° ≈ 190 m (longitude at 29.5° N) × 220 m, wider than the 100 m search box.
CELL_DEG = 0.002


@dataclass(frozen=True)
class Candidate:
    """An open case near the report, as the store returned it."""

    case_id: str
    category_id: str
    lon: float
    lat: float
    create_time: datetime


def search_box(lon: float, lat: float, radius_m: float = RADIUS_M) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) for the indexed pre-filter query."""
    return bbox_around(lon, lat, radius_m)


def window_start(now: datetime, window: timedelta = WINDOW) -> datetime:
    return now - window


def best_match(category_id: str, lon: float, lat: float, now: datetime,
               candidates: Iterable[Candidate], radius_m: float = RADIUS_M,
               window: timedelta = WINDOW) -> str | None:
    """Id of the nearest open case of the same category within the radius and time window
    (ties: the older case, so reports gather on the first one)."""
    best: tuple[float, datetime, str] | None = None
    for c in candidates:
        if c.category_id != category_id or c.create_time < now - window or c.create_time > now:
            continue
        d = haversine_m(lon, lat, c.lon, c.lat)
        if d > radius_m:
            continue
        key = (d, c.create_time, c.case_id)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def claim_keys(category_id: str, lon: float, lat: float, radius_m: float = RADIUS_M) -> list[str]:
    """Cells a report must claim while it looks for a duplicate and inserts: those its search
    box touches (1 to 4). Two reports within `radius_m` of each other share at least one cell
    (each one's own cell lies in the other's box), so their check-then-insert is serialised."""
    min_lon, min_lat, max_lon, max_lat = search_box(lon, lat, radius_m)
    xs = range(math.floor(min_lon / CELL_DEG), math.floor(max_lon / CELL_DEG) + 1)
    ys = range(math.floor(min_lat / CELL_DEG), math.floor(max_lat / CELL_DEG) + 1)
    return [f"dup/{category_id}/{x}/{y}" for x in xs for y in ys]
