"""Detection search filters: parsed and checked once, then split into what the store can serve
(equalities, ranges, the numeric bounding box) and the exact test the service applies to each
candidate (polygon, circle, time of day). The caller's camera grant is not here: the store adds
it to the same query (visibility.py), never after it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from jlp_common.errors import FieldViolation
from jlp_video_index.domain import detections
from jlp_video_index.domain.device_id import is_code
from jlp_video_index.domain.geometry import AreaFilter, Circle, parse_bbox, parse_ring

MAX_CAMERAS = 1000
MAX_RANGE = timedelta(days=366)  # SummarizeDetections


@dataclass(frozen=True)
class FilterInput:
    """The filter as received (strings as sent, None when absent)."""

    camera_ids: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    subdistrict_code: str = ""
    bbox: str = ""
    polygon: str = ""
    near_lon: float | None = None
    near_lat: float | None = None
    radius_m: float | None = None
    start: datetime | None = None
    end: datetime | None = None
    time_of_day_from: str = ""
    time_of_day_to: str = ""
    min_score: float | None = None
    review_state: str = ""


@dataclass(frozen=True)
class SearchSpec:
    camera_ids: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    subdistrict_code: str = ""
    area: AreaFilter = field(default_factory=AreaFilter)
    start: datetime | None = None
    end: datetime | None = None
    time_of_day: tuple[time, time] | None = None
    min_score: float | None = None
    review_state: str = ""

    def fingerprint(self) -> dict[str, object]:
        """The query a page token is bound to."""
        return {"c": sorted(self.camera_ids), "l": sorted(self.labels), "s": self.subdistrict_code,
                "a": repr(self.area), "t0": str(self.start), "t1": str(self.end),
                "tod": str(self.time_of_day), "ms": self.min_score, "r": self.review_state}

    def exact(self, lon: float | None, lat: float | None, start: datetime) -> bool:
        """The tests the store cannot do: geometry and local time of day."""
        if not self.area.empty and (lon is None or lat is None or not self.area.contains(lon, lat)):
            return False
        return self.time_of_day is None or detections.in_time_of_day(start, *self.time_of_day)


def parse(f: FilterInput, prefix: str = "filter.",
          max_range: timedelta | None = None) -> tuple[SearchSpec, list[FieldViolation]]:
    """The spec and every problem (field paths as in JSON under `prefix`); `max_range` bounds
    the time range (summaries: MAX_RANGE)."""
    out: list[FieldViolation] = []

    def bad(name: str, why: str) -> None:
        out.append(FieldViolation(prefix + name, why))

    cams = tuple(dict.fromkeys(c.strip() for c in f.camera_ids if c.strip()))
    if len(cams) > MAX_CAMERAS:
        bad("cameraIds", f"at most {MAX_CAMERAS}")
    elif any(not is_code(c) for c in cams):
        bad("cameraIds", "20-digit GB/T 28181 codes")
    labels = tuple(dict.fromkeys(x.strip() for x in f.labels if x.strip()))
    unknown = [x for x in labels if x not in detections.LABELS]
    if unknown:
        bad("labels", f"not in the controlled list: {', '.join(unknown[:5])}")
    if f.subdistrict_code and not (len(f.subdistrict_code) == 9 and f.subdistrict_code.isdigit()):
        bad("subdistrictCode", "a 9-digit subdistrict code")
    bbox = polygon = circle = None
    if f.bbox:
        try:
            bbox = parse_bbox(f.bbox)
        except ValueError as exc:
            bad("bbox", str(exc))
    if f.polygon:
        try:
            polygon = parse_ring(f.polygon)
        except ValueError as exc:
            bad("polygon", str(exc))
    near = (f.near_lon, f.near_lat, f.radius_m)
    if any(v is not None for v in near):
        if any(v is None for v in near):
            bad("radiusM", "nearLon, nearLat and radiusM go together")
        else:
            try:
                circle = Circle(*near)  # type: ignore[arg-type]
            except ValueError as exc:
                bad("radiusM", str(exc))
    if f.start and f.end:
        if f.end <= f.start:
            bad("endTime", "must be after startTime")
        elif max_range is not None and f.end - f.start > max_range:
            bad("endTime", f"the range is at most {max_range.days} days")
    tod = None
    if f.time_of_day_from or f.time_of_day_to:
        try:
            tod = (detections.parse_time_of_day(f.time_of_day_from, "timeOfDayFrom"),
                   detections.parse_time_of_day(f.time_of_day_to, "timeOfDayTo"))
        except ValueError as exc:
            bad("timeOfDayFrom" if "From" in str(exc) else "timeOfDayTo", str(exc))
    if f.min_score is not None and not (math.isfinite(f.min_score) and 0 <= f.min_score <= 1):
        bad("minScore", "must be 0 to 1")
    if f.review_state and f.review_state not in detections.ReviewState.__members__:
        bad("reviewState", "UNREVIEWED, CONFIRMED or FALSE_POSITIVE")
    spec = SearchSpec(frozenset(cams), frozenset(labels), f.subdistrict_code,
                      AreaFilter(bbox, polygon, circle), f.start, f.end, tod, f.min_score, f.review_state)
    return spec, out
