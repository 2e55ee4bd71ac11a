"""Datums of reported camera positions and their conversion to WGS-84.

Chinese map APIs return GCJ-02 (AMap, Tencent) or BD-09 (Baidu); in Jiulongpo GCJ-02 is about
480 m off WGS-84 (district-facts.md §4). The registry stores WGS-84 and keeps the original point
and datum, so a wrong datum can be corrected later. The transforms are the published
obfuscation formulas as implemented by `eviltransform` (MIT); WGS-84 is recovered with its
exact (bisection, ~1e-6°) inverse, not the rough one-step inverse (metres off), and BD-09 goes
through GCJ-02 first.
"""

from __future__ import annotations

import math
from enum import StrEnum

import eviltransform

# GCJ-02 is defined only inside China: the libraries leave points outside this box unchanged,
# so a GCJ-02/BD-09 point outside it cannot be a real map coordinate.
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)  # min lon, min lat, max lon, max lat


class Datum(StrEnum):
    WGS84 = "WGS84"
    GCJ02 = "GCJ02"
    BD09 = "BD09"


ALIASES: dict[str, Datum] = {
    "": Datum.WGS84, "wgs84": Datum.WGS84, "wgs-84": Datum.WGS84, "epsg:4326": Datum.WGS84,
    "gcj02": Datum.GCJ02, "gcj-02": Datum.GCJ02, "gcj": Datum.GCJ02, "mars": Datum.GCJ02,
    "bd09": Datum.BD09, "bd-09": Datum.BD09, "bd09ll": Datum.BD09, "baidu": Datum.BD09,
}


def parse_datum(raw: str | None) -> Datum:
    """A datum from its usual spellings; ValueError naming the accepted ones."""
    key = (raw or "").strip().lower()
    if key not in ALIASES:
        raise ValueError(f"unknown datum {raw!r}: use WGS84, GCJ02 or BD09")
    return ALIASES[key]


def check_lon_lat(lon: float, lat: float) -> str | None:
    """Why (lon, lat) is not a coordinate, or None."""
    if not (isinstance(lon, int | float) and isinstance(lat, int | float)):
        return "longitude and latitude must be numbers"
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return "longitude and latitude must be finite"
    if not -180.0 <= lon <= 180.0:
        return f"longitude {lon} is outside -180..180"
    if not -90.0 <= lat <= 90.0:
        return f"latitude {lat} is outside -90..90"
    return None


def in_china(lon: float, lat: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = CHINA_BOX
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def to_wgs84(lon: float, lat: float, datum: Datum) -> tuple[float, float]:
    """(lon, lat) in WGS-84 of a point given in `datum`; ValueError for an impossible point."""
    problem = check_lon_lat(lon, lat)
    if problem:
        raise ValueError(problem)
    if datum is Datum.WGS84:
        return lon, lat
    if not in_china(lon, lat):
        raise ValueError(f"{datum.value} coordinates exist only inside China; ({lon}, {lat}) is outside")
    if datum is Datum.BD09:
        lat, lon = eviltransform.bd2gcj(lat, lon)
    wlat, wlon = eviltransform.gcj2wgs_exact(lat, lon)
    return wlon, wlat


def from_wgs84(lon: float, lat: float, datum: Datum) -> tuple[float, float]:
    """(lon, lat) in `datum` of a WGS-84 point (for map front-ends that draw on GCJ-02/BD-09)."""
    problem = check_lon_lat(lon, lat)
    if problem:
        raise ValueError(problem)
    if datum is Datum.WGS84:
        return lon, lat
    glat, glon = eviltransform.wgs2gcj(lat, lon)
    if datum is Datum.BD09:
        glat, glon = eviltransform.gcj2bd(glat, glon)
    return glon, glat
