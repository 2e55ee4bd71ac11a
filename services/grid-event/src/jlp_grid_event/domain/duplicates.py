"""Duplicate reports: the same category within 50 m and 2 hours of an open case joins that case.

Many people report the same overflowing bin; one case with several reporters keeps the
department's queue honest and the statistics meaningful. The store pre-filters candidates with
a numeric bounding box (`search_box`); `best_match` does the exact great-circle check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jlp_common.geo import bbox_around, haversine_m

RADIUS_M = 50.0
WINDOW = timedelta(hours=2)


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
