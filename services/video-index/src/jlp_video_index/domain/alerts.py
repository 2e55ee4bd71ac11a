"""Alert rules: label + zone (subdistrict or polygon, or the whole district) + minimum score.

A detection raises at most one alert, whatever number of rules it matches (overlapping rules —
a district-wide one and a subdistrict's — must not open two cases for one fire): the most severe
matching rule decides (then the lowest minimum score, then the rule id), the others are listed.
The alert id is the detection id, so a redelivered batch, a replayed stream or two replicas
handling the same detection converge on the same alert, and grid-event (keyed on the alert id)
opens exactly one case. Rules are matched against the camera's position and subdistrict at
ingest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from jlp_common.errors import FieldViolation
from jlp_video_index.domain.detections import LABELS
from jlp_video_index.domain.geometry import parse_ring

SUBDISTRICT_PATTERN = "500107"  # district prefix of the 9-digit subdistrict codes


class Severity(StrEnum):
    MINOR = "MINOR"
    MAJOR = "MAJOR"
    CRITICAL = "CRITICAL"


@dataclass(frozen=True)
class AlertRule:
    id: str
    label: str
    min_score: float
    subdistrict_code: str = ""
    polygon: BaseGeometry | None = None
    severity: Severity = Severity.MAJOR
    enabled: bool = True
    description: str = ""


@dataclass(frozen=True)
class Located:
    """What a rule needs to know of a detection: its label, score and camera's place."""

    detection_id: str
    label: str
    score: float
    lon: float | None
    lat: float | None
    subdistrict_code: str


def check_rule(label: str, min_score: float | None, subdistrict_code: str, polygon: str,
               known_subdistricts: Iterable[str] | None = None) -> tuple[list[FieldViolation], BaseGeometry | None]:
    """Violations of a rule's fields and its parsed polygon (None when absent or invalid)."""
    out: list[FieldViolation] = []
    if label not in LABELS:
        out.append(FieldViolation("label", f"not in the controlled list ({', '.join(sorted(LABELS))})"))
    if min_score is None or not (math.isfinite(min_score) and 0.0 <= min_score <= 1.0):
        out.append(FieldViolation("minScore", "must be 0 to 1"))
    if subdistrict_code:
        known = set(known_subdistricts) if known_subdistricts is not None else None
        if (known is not None and subdistrict_code not in known) or (
                known is None and not (len(subdistrict_code) == 9 and subdistrict_code.isdigit()
                                       and subdistrict_code.startswith(SUBDISTRICT_PATTERN))):
            out.append(FieldViolation("subdistrictCode", f"unknown subdistrict {subdistrict_code!r}"))
    shape = None
    if polygon:
        if subdistrict_code:
            out.append(FieldViolation("polygon", "give a subdistrict or a polygon, not both"))
        try:
            shape = parse_ring(polygon)
        except ValueError as exc:
            out.append(FieldViolation("polygon", str(exc)))
    return out, shape


def matches(rule: AlertRule, d: Located) -> bool:
    """Whether `d` raises an alert under `rule`."""
    if not rule.enabled or rule.label != d.label or d.score < rule.min_score:
        return False
    if rule.subdistrict_code and rule.subdistrict_code != d.subdistrict_code:
        return False
    if rule.polygon is not None:
        if d.lon is None or d.lat is None:
            return False
        return bool(rule.polygon.intersects(Point(d.lon, d.lat)))
    return True


SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def alert_id(detection_id: str) -> str:
    return detection_id


@dataclass(frozen=True)
class Alert:
    id: str
    rule: AlertRule  # the deciding rule
    matched: tuple[str, ...]  # every matching rule id


def alert_for(rules: Iterable[AlertRule], d: Located) -> Alert | None:
    """The one alert `d` raises, or None when no rule matches."""
    hits = sorted((r for r in rules if matches(r, d)),
                  key=lambda r: (SEVERITY_ORDER[r.severity], r.min_score, r.id))
    if not hits:
        return None
    return Alert(alert_id(d.detection_id), hits[0], tuple(sorted(r.id for r in hits)))
