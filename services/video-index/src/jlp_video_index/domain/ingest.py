"""Planning a batch (or a stream) of detections: what to insert, update, count and alert.

Pure: the caller looks up the cameras and the already stored detections of the batch's ids,
asks for a plan, and writes it (each detection with its alert events in one document write,
then one `$inc` upsert per hourly bucket). Rules:
* invalid items are rejected by index and JSON field; an unknown camera is `cameraId`;
* a stored id is merged (duplicate / update of an open detection / conflict → rejected on `id`);
* the same id twice in one batch is handled like a repeat of the first;
* only new detections count in the hourly buckets (a retry never counts twice);
* alerts are raised for new detections only, at most one each, id = the detection id
  (alerts.py), so a retried batch finds the alert already recorded and raises nothing new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from jlp_common.errors import FieldViolation
from jlp_video_index.domain import alerts, detections
from jlp_video_index.domain.detections import Detection, DetectionInput, MergeOutcome


@dataclass(frozen=True)
class CameraInfo:
    """What ingest copies from a camera onto its detections."""

    id: str
    name: str
    lon: float
    lat: float
    subdistrict_code: str
    grid_code: str
    owner_department_id: str
    networked: bool


@dataclass(frozen=True)
class Raised:
    alert_id: str
    rule: alerts.AlertRule
    detection: Detection
    camera: CameraInfo
    matched_rule_ids: tuple[str, ...] = ()


@dataclass
class BatchPlan:
    inserts: list[tuple[Detection, CameraInfo]] = field(default_factory=list)
    updates: list[Detection] = field(default_factory=list)
    duplicates: int = 0
    rejected: list[tuple[int, FieldViolation]] = field(default_factory=list)
    buckets: Counter[str] = field(default_factory=Counter)
    raised: list[Raised] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        return len({i for i, _ in self.rejected})


def plan(items: Sequence[DetectionInput], now: datetime, cameras: Mapping[str, CameraInfo],
         stored: Mapping[str, Detection], rules: Iterable[alerts.AlertRule],
         max_open: timedelta = detections.DEFAULT_MAX_OPEN, first_index: int = 0) -> BatchPlan:
    """The plan for `items` (indexes reported from `first_index`, for streams)."""
    rule_list = list(rules)
    out = BatchPlan()
    seen: dict[str, Detection] = dict(stored)
    inserted: dict[str, int] = {}
    updated: dict[str, int] = {}
    for offset, item in enumerate(items):
        index = first_index + offset
        problems = detections.check_detection(item, now, max_open)
        camera = cameras.get(item.camera_id)
        if not problems and camera is None:
            problems = [FieldViolation("cameraId", f"unknown camera {item.camera_id}")]
        if problems:
            out.rejected.extend((index, p) for p in problems)
            continue
        assert camera is not None
        incoming = detections.accept(item, now, max_open)
        previous = seen.get(item.id)
        if previous is None:
            det = _with_alerts(incoming, camera, rule_list, out)
            seen[item.id] = det
            inserted[item.id] = len(out.inserts)
            out.inserts.append((det, camera))
            out.buckets[detections.bucket_key(det.camera_id, det.label, det.start)] += 1
            continue
        outcome, merged = detections.merge(previous, incoming)
        if outcome is MergeOutcome.CONFLICT:
            out.rejected.append((index, FieldViolation("id", "already used for another detection "
                                                       "(camera, label or start differ)")))
        elif outcome is MergeOutcome.DUPLICATE:
            out.duplicates += 1
        else:
            seen[item.id] = merged
            if item.id in inserted:  # the update of a detection new in this very batch
                out.inserts[inserted[item.id]] = (merged, camera)
            elif item.id in updated:
                out.updates[updated[item.id]] = merged
            else:
                updated[item.id] = len(out.updates)
                out.updates.append(merged)
    return out


def _with_alerts(det: Detection, camera: CameraInfo, rules: list[alerts.AlertRule], out: BatchPlan) -> Detection:
    located = alerts.Located(det.id, det.label, det.score, camera.lon, camera.lat, camera.subdistrict_code)
    alert = alerts.alert_for(rules, located)
    if alert is None:
        return det
    det = replace(det, alert_ids=(alert.id,))
    out.raised.append(Raised(alert.id, alert.rule, det, camera, alert.matched))
    return det
