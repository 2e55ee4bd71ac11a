"""Station kinds and the rules for a station's attributes (pure validation).

Kind-specific thresholds (noise zone, water target class, flood-limit level, permit limits) are
optional at creation: the REST contract creates a station from code, name, kind and location
only. A station without its threshold is stored and measured but not assessed against it
(the assessment says so) until an admin sets it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from jlp_common.errors import FieldViolation
from jlp_environment.domain.credit_code import credit_code_problem


class StationKind(StrEnum):
    AIR = "AIR"
    NOISE = "NOISE"
    SURFACE_WATER = "SURFACE_WATER"
    RESERVOIR = "RESERVOIR"
    RAIN = "RAIN"
    POLLUTION_SOURCE = "POLLUTION_SOURCE"
    FLOOD_POINT = "FLOOD_POINT"


# Seconds between raw values when the station does not say (for the 45-minute rule):
# air analysers and noise monitors publish 5-minute / 1-minute values, CEMS 1-minute values.
DEFAULT_INTERVAL_S: dict[StationKind, int] = {
    StationKind.AIR: 300,
    StationKind.NOISE: 60,
    StationKind.SURFACE_WATER: 3600,
    StationKind.RESERVOIR: 300,
    StationKind.RAIN: 300,
    StationKind.POLLUTION_SOURCE: 60,
    StationKind.FLOOD_POINT: 300,
}

NOISE_ZONES = ("0", "1", "2", "3", "4a", "4b", "traffic")
WATER_BODIES = ("river", "lake")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MAX_NAME = 100


@dataclass
class StationSpec:
    """A station's attributes as given by an admin (before the grid is resolved)."""

    code: str
    name: str
    kind: StationKind | None
    lon: float | None
    lat: float | None
    noise_zone: str = ""
    water_body: str = ""
    target_class: int = 0
    flood_limit_level_m: float | None = None
    enterprise_name: str = ""
    credit_code: str = ""
    permit_limits: Mapping[str, float] = field(default_factory=dict)
    online: bool = False
    sampling_interval_seconds: int = 0


def interval_of(kind: StationKind, configured: int) -> int:
    """The sampling interval the hourly rule assumes for a station."""
    return configured if configured > 0 else DEFAULT_INTERVAL_S[kind]


def validate_station(spec: StationSpec, permit_metrics: frozenset[str],
                     prefix: str = "station") -> list[FieldViolation]:
    """Every problem with a station's attributes, as field violations under `prefix`."""
    out: list[FieldViolation] = []

    def bad(name: str, why: str) -> None:
        out.append(FieldViolation(f"{prefix}.{name}", why))

    if not spec.code:
        bad("code", "is required")
    elif not CODE_PATTERN.match(spec.code):
        bad("code", "1–40 letters, digits, '.', '_' or '-', starting with a letter or digit")
    if not spec.name.strip():
        bad("name", "is required")
    elif len(spec.name) > MAX_NAME:
        bad("name", f"at most {MAX_NAME} characters")
    if spec.kind is None:
        bad("kind", "is required: one of " + ", ".join(k.value for k in StationKind))
    if spec.lon is None or spec.lat is None:
        bad("location", "is required (lon, lat in WGS-84)")
    else:
        if not (math.isfinite(spec.lon) and -180 <= spec.lon <= 180):
            bad("location.lon", "must be between -180 and 180")
        if not (math.isfinite(spec.lat) and -90 <= spec.lat <= 90):
            bad("location.lat", "must be between -90 and 90")
    if spec.noise_zone and spec.noise_zone not in NOISE_ZONES:
        bad("noise_zone", "one of " + ", ".join(NOISE_ZONES) + " (GB 3096-2008 classes)")
    if spec.water_body and spec.water_body not in WATER_BODIES:
        bad("water_body", "one of river, lake")
    if spec.target_class and not 1 <= spec.target_class <= 5:
        bad("target_class", "a GB 3838 class from 1 (I) to 5 (V)")
    if spec.flood_limit_level_m is not None and not math.isfinite(spec.flood_limit_level_m):
        bad("flood_limit_level_m", "must be a number")
    if spec.credit_code:
        problem = credit_code_problem(spec.credit_code)
        if problem:
            bad("credit_code", problem)
    for metric, limit in spec.permit_limits.items():
        if metric not in permit_metrics:
            bad(f"permit_limits.{metric}", "not a pollution-source metric: one of "
                + ", ".join(sorted(permit_metrics)))
        elif not (math.isfinite(limit) and limit > 0):
            bad(f"permit_limits.{metric}", "must be a positive number")
    if spec.sampling_interval_seconds < 0 or spec.sampling_interval_seconds > 86400:
        bad("sampling_interval_seconds", "between 0 (kind default) and 86400")
    if spec.kind is not None and spec.kind is not StationKind.NOISE and spec.noise_zone:
        bad("noise_zone", "only for NOISE stations")
    if spec.kind is not None and spec.kind is not StationKind.POLLUTION_SOURCE and \
            (spec.permit_limits or spec.credit_code):
        bad("permit_limits" if spec.permit_limits else "credit_code",
            "only for POLLUTION_SOURCE stations")
    return out
