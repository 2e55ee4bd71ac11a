"""What a detection from a video-analytics client may be, how repeats merge, and its buckets.

* Labels come from a controlled list (the issue's list plus common city-management events), so
  counts and alert rules mean the same thing across vendors.
* Score is a confidence in 0..1; boxes are fractions of the frame (0..1, top-left origin), so
  they survive a change of stream resolution; the GA/T 1400 export turns them into pixels.
* Snapshot and clip URIs point into the analytics platform's storage. The service never fetches
  them (no server-side request forgery, no personal images at rest here): it only checks that
  each is an absolute http(s) URI without embedded credentials.
* An open detection (no end) is closed by the service at `start + max_open`, marked auto-closed,
  so a client that died mid-event does not leave it open for ever.
* A detection id is the idempotency key: the same id with the same content is a duplicate; the
  same id closing an open detection or adding boxes is an update; the same id with another
  camera, label or start is refused (two events cannot share one id).
* Counts are kept in one bucket per (camera, label, UTC hour) (DESIGN §4 bucket pattern).
Field names in violations are the JSON names of the contract.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jlp_common.errors import FieldViolation
from jlp_video_index.domain.device_id import is_code

SHANGHAI = ZoneInfo("Asia/Shanghai")
LABELS: dict[str, str] = {
    "illegal_parking": "违章停车",
    "crowding": "人员聚集",
    "smoke_fire": "烟火",
    "illegal_fishing": "违规垂钓",
    "littering": "乱扔垃圾",
    "road_damage": "道路破损",
    "illegal_vending": "占道经营",
    "waterlogging": "道路积水",
    "garbage_overflow": "垃圾满溢",
    "intrusion": "区域入侵",
    "fallen_tree": "树木倒伏",
    "illegal_construction": "违法建设",
}
# How long the index keeps a detection (days). Safety events (smoke/fire) longer: they feed
# incident reviews; everything else follows a 90-day default.
RETENTION_DAYS: dict[str, int] = {"smoke_fire": 365, "road_damage": 180, "illegal_construction": 365}
DEFAULT_RETENTION_DAYS = 90
DEFAULT_MAX_OPEN = timedelta(hours=2)
MAX_FUTURE = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_BATCH = 10_000
MAX_BOXES = 100
MAX_URI = 2048
MAX_FRAME_PX = 16_384
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
MODEL_VERSION_PATTERN = re.compile(r"^[\x21-\x7e]{0,64}$")
URI_SCHEMES = ("https", "http")
BOX_SLACK = 1e-6  # rounding of fractions computed from pixels


class ReviewState(StrEnum):
    UNREVIEWED = "UNREVIEWED"
    CONFIRMED = "CONFIRMED"
    FALSE_POSITIVE = "FALSE_POSITIVE"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    label: str = ""
    score: float | None = None


@dataclass(frozen=True)
class DetectionInput:
    """One detection as sent (times already parsed; None when absent)."""

    id: str
    camera_id: str
    label: str
    score: float | None
    start: datetime | None
    end: datetime | None = None
    boxes: tuple[Box, ...] = ()
    snapshot_uri: str = ""
    clip_uri: str = ""
    model_version: str = ""
    frame_width: int = 0
    frame_height: int = 0


@dataclass(frozen=True)
class Detection:
    """A stored detection (what the index keeps)."""

    id: str
    camera_id: str
    label: str
    score: float
    start: datetime
    end: datetime | None
    boxes: tuple[Box, ...] = ()
    snapshot_uri: str = ""
    clip_uri: str = ""
    model_version: str = ""
    frame_width: int = 0
    frame_height: int = 0
    auto_closed: bool = False
    review_state: ReviewState = ReviewState.UNREVIEWED
    expire: datetime | None = None
    alert_ids: tuple[str, ...] = field(default=())


# whitespace (str.isspace: re's \s on str patterns is the same Unicode property) or a C0
# control: one regex pass instead of a Python test per character (issue 16)
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def check_uri(uri: str) -> str | None:
    """Why `uri` is not an acceptable external link, or None. Never dereferenced."""
    if not uri:
        return None
    if len(uri) > MAX_URI:
        return f"longer than {MAX_URI} characters"
    if _SPACE_OR_CONTROL.search(uri):
        return "contains whitespace or control characters"
    try:
        parts = urlsplit(uri)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return "not a valid URI"
    if parts.scheme.lower() not in URI_SCHEMES:
        return f"scheme must be https or http, not {parts.scheme or 'none'!r}"
    if not parts.hostname:
        return "has no host"
    if parts.username is not None or parts.password is not None:
        return "must not embed credentials"
    return None


def _check_box(i: int, b: Box) -> list[FieldViolation]:
    out = []
    values = {"x": b.x, "y": b.y, "width": b.width, "height": b.height}
    for name, v in values.items():
        if not (isinstance(v, int | float) and math.isfinite(v) and 0.0 <= v <= 1.0):
            out.append(FieldViolation(f"boxes[{i}].{name}", "must be a fraction of the frame, 0 to 1"))
    if out:
        return out
    if b.width <= 0 or b.height <= 0:
        out.append(FieldViolation(f"boxes[{i}]", "width and height must be above 0"))
    if b.x + b.width > 1 + BOX_SLACK or b.y + b.height > 1 + BOX_SLACK:
        out.append(FieldViolation(f"boxes[{i}]", "extends beyond the frame"))
    if b.score is not None and not (math.isfinite(b.score) and 0 <= b.score <= 1):
        out.append(FieldViolation(f"boxes[{i}].score", "must be 0 to 1"))
    if b.label and len(b.label) > 32:
        out.append(FieldViolation(f"boxes[{i}].label", "at most 32 characters"))
    return out


def check_detection(d: DetectionInput, now: datetime,
                    max_open: timedelta = DEFAULT_MAX_OPEN,
                    labels: frozenset[str] | None = None) -> list[FieldViolation]:
    """Every problem of one detection (empty = valid)."""
    allowed = labels if labels is not None else frozenset(LABELS)
    out: list[FieldViolation] = []
    if not ID_PATTERN.match(d.id or ""):
        out.append(FieldViolation("id", "1 to 64 of A-Z a-z 0-9 _ . : -"))
    if not is_code(d.camera_id):
        out.append(FieldViolation("cameraId", "a 20-digit GB/T 28181 code"))
    if d.label not in allowed:
        out.append(FieldViolation("label", f"not in the controlled list ({', '.join(sorted(allowed))})"))
    if d.score is None:
        out.append(FieldViolation("score", "required"))
    elif not (isinstance(d.score, int | float) and math.isfinite(d.score) and 0.0 <= d.score <= 1.0):
        out.append(FieldViolation("score", "must be 0 to 1"))
    if d.start is None:
        out.append(FieldViolation("startTime", "required"))
    elif d.start < EARLIEST:
        out.append(FieldViolation("startTime", "before 2000-01-01"))
    elif d.start > now + MAX_FUTURE:
        out.append(FieldViolation("startTime", "more than 5 minutes in the future"))
    if d.end is not None and d.start is not None:
        if d.end < d.start:
            out.append(FieldViolation("endTime", "before startTime"))
        elif d.end - d.start > max_open:
            out.append(FieldViolation("endTime", f"more than {_hours(max_open)} after startTime (the maximum)"))
        elif d.end > now + MAX_FUTURE:
            out.append(FieldViolation("endTime", "more than 5 minutes in the future"))
    if len(d.boxes) > MAX_BOXES:
        out.append(FieldViolation("boxes", f"at most {MAX_BOXES}"))
    else:
        for i, b in enumerate(d.boxes):
            out.extend(_check_box(i, b))
    for name, uri in (("snapshotUri", d.snapshot_uri), ("clipUri", d.clip_uri)):
        problem = check_uri(uri)
        if problem:
            out.append(FieldViolation(name, problem))
    if not MODEL_VERSION_PATTERN.match(d.model_version or ""):
        out.append(FieldViolation("modelVersion", "at most 64 printable ASCII characters"))
    for name, px in (("frameWidth", d.frame_width), ("frameHeight", d.frame_height)):
        if not 0 <= px <= MAX_FRAME_PX:
            out.append(FieldViolation(name, f"0 (unknown) to {MAX_FRAME_PX} pixels"))
    return out


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:g} h"


def retention(label: str) -> timedelta:
    return timedelta(days=RETENTION_DAYS.get(label, DEFAULT_RETENTION_DAYS))


def accept(d: DetectionInput, now: datetime, max_open: timedelta = DEFAULT_MAX_OPEN) -> Detection:
    """The stored form of a valid detection (closed already if open beyond the maximum)."""
    assert d.start is not None and d.score is not None  # checked by check_detection
    det = Detection(id=d.id, camera_id=d.camera_id, label=d.label, score=float(d.score), start=d.start,
                    end=d.end, boxes=d.boxes, snapshot_uri=d.snapshot_uri, clip_uri=d.clip_uri,
                    model_version=d.model_version, frame_width=d.frame_width, frame_height=d.frame_height,
                    expire=d.start + retention(d.label))
    return close_if_overdue(det, now, max_open)


def close_if_overdue(det: Detection, now: datetime, max_open: timedelta = DEFAULT_MAX_OPEN) -> Detection:
    """An open detection past its maximum duration, closed at start + maximum."""
    if det.end is None and now - det.start >= max_open:
        return replace(det, end=det.start + max_open, auto_closed=True)
    return det


class MergeOutcome(StrEnum):
    DUPLICATE = "DUPLICATE"
    UPDATED = "UPDATED"
    CONFLICT = "CONFLICT"


def merge(stored: Detection, incoming: Detection) -> tuple[MergeOutcome, Detection]:
    """A repeat of a stored id: duplicate, an update of an open one, or a conflicting reuse."""
    if (stored.camera_id, stored.label, stored.start) != (incoming.camera_id, incoming.label, incoming.start):
        return MergeOutcome.CONFLICT, stored
    updated = stored
    if stored.end is None and incoming.end is not None:
        updated = replace(updated, end=incoming.end, auto_closed=False)
    if incoming.boxes and incoming.boxes != stored.boxes and stored.end is None:
        updated = replace(updated, boxes=incoming.boxes)
    if incoming.score > stored.score and stored.end is None:
        updated = replace(updated, score=incoming.score)
    if updated == stored:
        return MergeOutcome.DUPLICATE, stored
    return MergeOutcome.UPDATED, updated


# ---- buckets and times -------------------------------------------------------------------------

def hour_start(t: datetime) -> datetime:
    """The UTC hour a time falls in (the bucket's key)."""
    return t.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def bucket_key(camera_id: str, label: str, t: datetime) -> str:
    """"<camera>|<label>|YYYYMMDDHH" (UTC): one counting document per camera, label and hour."""
    h = hour_start(t)  # formatted by hand: strftime was a visible share of ingest (issue 16)
    return f"{camera_id}|{label}|{h.year:04d}{h.month:02d}{h.day:02d}{h.hour:02d}"


def local_date(t: datetime) -> str:
    """The Asia/Shanghai calendar day of a time (summaries are by local day)."""
    return t.astimezone(SHANGHAI).date().isoformat()


def parse_time_of_day(text: str, what: str) -> time:
    """"HH:MM" → time; ValueError naming the field."""
    m = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", (text or "").strip())
    if not m:
        raise ValueError(f"{what} must be HH:MM (00:00 to 23:59)")
    return time(int(m.group(1)), int(m.group(2)))


def in_time_of_day(t: datetime, start: time, end: time) -> bool:
    """Whether `t` (any zone) falls in [start, end) local Asia/Shanghai time; start > end wraps
    midnight (22:00-06:00); start == end means the whole day."""
    local = t.astimezone(SHANGHAI).time().replace(tzinfo=None)
    if start == end:
        return True
    if start < end:
        return start <= local < end
    return local >= start or local < end
