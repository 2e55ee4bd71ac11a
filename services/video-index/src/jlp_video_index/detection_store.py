"""Detections in the store: batch/stream ingest, search, summary, review, export, auto-close.

Ingest follows domain/ingest.plan: each new detection is one insert carrying its alerts'
`jlp.video.detection.alerted` events in its outbox (a detection and its alerts are one write; a
retried batch collides on the id and raises nothing twice); hourly counts are one `$inc` upsert
per (camera, label, hour) bucket for the detections actually inserted. Search applies the
caller's camera grant, the equalities, ranges and the numeric bounding box in the query, then
the exact polygon / circle / time-of-day test on each candidate, keyset-paged on (start, id).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from mongoengine.queryset.visitor import Q
from pymongo.errors import BulkWriteError

from jlp.video_index.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import atomic
from jlp_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.events.outbox import OutboxEvent, outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock, as_utc, to_timestamp
from jlp_video_index.domain import alerts, detections, ingest, search
from jlp_video_index.domain.detections import Box, Detection, ReviewState
from jlp_video_index.domain.geometry import parse_ring
from jlp_video_index.domain.visibility import CameraScope
from jlp_video_index.models import AlertRule as AlertRuleDoc
from jlp_video_index.models import Box as BoxDoc
from jlp_video_index.models import Camera, DetectionBucket
from jlp_video_index.models import Detection as DetectionDoc
from jlp_video_index.registry import scope_q

log = logging.getLogger(__name__)

DETECTION_ALERTED = subjects.VIDEO_DETECTION_ALERTED
SCAN_LIMIT = 20_000  # candidates one page may examine for the exact geometry / time-of-day test


MAX_REPORTED = 1000  # rejections listed in an answer (all are counted)


@dataclass
class IngestResult:
    accepted: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, FieldViolation]] | None = None
    alerted: int = 0
    rejected_count: int = 0  # detections (not violations) refused

    def add(self, other: IngestResult) -> None:
        """Accumulate a stream's messages; the listed rejections stay bounded, the count does not."""
        self.accepted += other.accepted
        self.updated += other.updated
        self.duplicates += other.duplicates
        self.alerted += other.alerted
        self.rejected_count += other.rejected_count
        room = MAX_REPORTED - len(self.rejected or [])
        self.rejected = (self.rejected or []) + (other.rejected or [])[:max(room, 0)]


def domain_of(doc: DetectionDoc) -> Detection:
    return Detection(
        id=doc.id, camera_id=doc.camera_id, label=doc.label, score=doc.score, start=as_utc(doc.start),
        end=as_utc(doc.end), boxes=tuple(Box(b.x, b.y, b.width, b.height, b.label, b.score) for b in doc.boxes),
        snapshot_uri=doc.snapshot_uri, clip_uri=doc.clip_uri, model_version=doc.model_version,
        frame_width=doc.frame_width, frame_height=doc.frame_height, auto_closed=doc.auto_closed,
        review_state=ReviewState(doc.review_state), expire=as_utc(doc.expire), alert_ids=tuple(doc.alert_ids))


def load_rules() -> list[alerts.AlertRule]:
    out = []
    for r in AlertRuleDoc.objects(enabled=True):
        try:
            shape = parse_ring(r.polygon) if r.polygon else None
        except ValueError:
            log.warning("alert rule with a bad polygon skipped", extra={"rule": r.id})
            continue
        out.append(alerts.AlertRule(r.id, r.label, r.min_score, r.subdistrict_code, shape,
                                    alerts.Severity(r.severity), True, r.description))
    return out


CAMERA_INFO_FIELDS = {"name": 1, "lon": 1, "lat": 1, "subdistrict_code": 1, "grid_code": 1,
                      "owner_department_id": 1, "networked": 1}


def cameras_by_id(camera_ids: set[str]) -> dict[str, ingest.CameraInfo]:
    """What ingest copies from the batch's cameras, read as plain fields: a batch names up to
    hundreds of cameras, and building a full Camera document for each cost more than the
    detections' own checks (issue 16)."""
    found = Camera._get_collection().find({"_id": {"$in": list(camera_ids)}}, CAMERA_INFO_FIELDS)
    return {d["_id"]: ingest.CameraInfo(d["_id"], d.get("name", ""), d["lon"], d["lat"],
                                        d.get("subdistrict_code", ""), d.get("grid_code", ""),
                                        d.get("owner_department_id", ""), bool(d.get("networked")))
            for d in found}


def detection_son(det: Detection, cam: ingest.CameraInfo, now: datetime,
                  outbox: list[dict[str, Any]]) -> dict[str, Any]:
    """The stored form of a new detection, as `DetectionDoc(...).to_mongo()` gives it (a test
    holds the two equal), written without building a mongoengine document per detection:
    that construction, validation and change tracking was most of the ingest's CPU (issue 16).
    The domain has checked every field already (domain.detections.check_detection)."""
    local = det.start.astimezone(detections.SHANGHAI)
    return {
        "_id": det.id, "camera_id": det.camera_id, "owner_department_id": cam.owner_department_id,
        "networked": bool(cam.networked), "label": det.label, "score": float(det.score),
        "start": det.start, "end": det.end, "auto_closed": bool(det.auto_closed),
        "local_minute": local.hour * 60 + local.minute,
        "boxes": [{"x": float(b.x), "y": float(b.y), "width": float(b.width), "height": float(b.height),
                   "label": b.label, "score": None if b.score is None else float(b.score)}
                  for b in det.boxes],
        "snapshot_uri": det.snapshot_uri, "clip_uri": det.clip_uri, "model_version": det.model_version,
        "frame_width": int(det.frame_width), "frame_height": int(det.frame_height),
        "lon": cam.lon, "lat": cam.lat, "subdistrict_code": cam.subdistrict_code, "grid_code": cam.grid_code,
        "review_state": det.review_state.value, "review_note": "", "reviewer": "",
        "alert_ids": list(det.alert_ids), "expire": det.expire, "create_time": now, "version": 0,
        "outbox": outbox}


class DetectionStore:
    def __init__(self, tokens: PageTokens, clock: Clock, max_open: timedelta = detections.DEFAULT_MAX_OPEN,
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.tokens, self.clock, self.max_open, self.on_write = tokens, clock, max_open, on_write

    # ---- ingest ----------------------------------------------------------------------------
    def ingest(self, items: Sequence[detections.DetectionInput], first_index: int = 0) -> IngestResult:
        now = self.clock()
        cams = cameras_by_id({i.camera_id for i in items})
        stored = {d.id: domain_of(d) for d in DetectionDoc.objects(id__in=list({i.id for i in items}))}
        plan = ingest.plan(items, now, cams, stored, load_rules(), self.max_open, first_index)
        out = IngestResult(duplicates=plan.duplicates, rejected=list(plan.rejected[:MAX_REPORTED]),
                           rejected_count=plan.rejected_count)
        raised = {r.alert_id: r for r in plan.raised}
        docs = []
        for det, cam in plan.inserts:
            events = [self._alert_event(raised[a], now).to_mongo().to_dict()
                      for a in det.alert_ids if a in raised]
            docs.append(detection_son(det, cam, now, events))
        taken = self._insert(docs)
        counted: Counter[str] = Counter()
        first_of: dict[str, tuple[Detection, ingest.CameraInfo]] = {}
        for (det, cam), doc in zip(plan.inserts, docs, strict=True):
            if doc["_id"] in taken:  # another replica (or a concurrent request) stored it first
                out.duplicates += 1
                continue
            out.accepted += 1
            out.alerted += len(doc["outbox"])
            key = detections.bucket_key(det.camera_id, det.label, det.start)
            counted[key] += 1
            first_of.setdefault(key, (det, cam))
        if out.alerted:  # relay the alerts now, not after the buckets (issue 16)
            self.on_write()
        self._buckets(counted, first_of)
        for det in plan.updates:
            with atomic():
                won = DetectionDoc.objects(id=det.id, end=None).update_one(
                    set__end=det.end, set__auto_closed=det.auto_closed, set__score=det.score,
                    set__boxes=[BoxDoc(**vars(b)) for b in det.boxes], inc__version=1)
            if won:
                out.updated += 1
            else:
                out.duplicates += 1
        return out

    @staticmethod
    def _insert(docs: list[dict[str, Any]]) -> set[str]:
        """One unordered insert of the batch's new detections (each with its alerts' events);
        returns the ids already stored by another writer (duplicates, nothing of theirs is
        written). One write per batch instead of one per detection (issue 16, ADR 0060)."""
        if not docs:
            return set()
        try:
            with atomic():
                DetectionDoc._get_collection().insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            taken = set()
            for error in exc.details.get("writeErrors", []):
                if error.get("code") != 11000:
                    raise
                taken.add(docs[error["index"]]["_id"])
            return taken
        return set()

    @staticmethod
    def _buckets(counted: Counter[str], first_of: dict[str, tuple[Detection, ingest.CameraInfo]]) -> None:
        """One `$inc` upsert per (camera, label, hour) for the whole batch. (A single
        bulk_write would also save the round trips on MongoDB; the embedded store, mongomock
        4.3, cannot run pymongo 4's UpdateOne, so the upserts stay one call each.)"""
        for key, n in counted.items():
            det, cam = first_of[key]
            with atomic():
                DetectionBucket._get_collection().update_one(
                    {"_id": key},
                    {"$inc": {"count": n},
                     "$setOnInsert": {"camera_id": det.camera_id, "label": det.label,
                                      "hour": detections.hour_start(det.start),
                                      "owner_department_id": cam.owner_department_id,
                                      "networked": cam.networked, "subdistrict_code": cam.subdistrict_code}},
                    upsert=True)

    def _alert_event(self, r: ingest.Raised, now: datetime) -> OutboxEvent:
        d, cam = r.detection, r.camera
        label_zh = detections.LABELS.get(d.label, d.label)
        msg = events_pb2.DetectionAlerted(
            alert_id=r.alert_id, detection_id=d.id, rule_id=r.rule.id, matched_rule_ids=list(r.matched_rule_ids),
            camera_id=cam.id, camera_name=cam.name,
            label=d.label, score=d.score, min_score=r.rule.min_score, severity=r.rule.severity.value,
            start_time=to_timestamp(d.start), subdistrict_code=cam.subdistrict_code, grid_code=cam.grid_code,
            lon=cam.lon, lat=cam.lat, snapshot_uri=d.snapshot_uri, alert_time=to_timestamp(now),
            description=f"视频分析告警：{label_zh}（置信度{d.score:.2f}）摄像机{cam.name}")
        return outbox_event(DETECTION_ALERTED, msg, event_id=f"alert-{r.alert_id}", subject_ref=f"detections/{d.id}")

    # ---- reads -----------------------------------------------------------------------------
    def get(self, detection_id: str, scope: CameraScope) -> DetectionDoc:
        q = Q(id=detection_id)
        grant = scope_q(scope)
        doc = DetectionDoc.objects(q & grant if grant is not None else q).first()
        if doc is None:
            raise NotFound("Detection", detection_id)
        return doc

    def _query(self, spec: search.SearchSpec, scope: CameraScope) -> Q:
        q = Q()
        grant = scope_q(scope)
        if grant is not None:
            q &= grant  # the grant is part of the query itself, never a filter afterwards
        if spec.camera_ids:
            q &= Q(camera_id__in=sorted(spec.camera_ids))
        if spec.labels:
            q &= Q(label__in=sorted(spec.labels))
        if spec.subdistrict_code:
            q &= Q(subdistrict_code=spec.subdistrict_code)
        if spec.start:
            q &= Q(start__gte=spec.start)
        if spec.end:
            q &= Q(start__lt=spec.end)
        if spec.min_score is not None:
            q &= Q(score__gte=spec.min_score)
        if spec.review_state:
            q &= Q(review_state=spec.review_state)
        box = spec.area.prefilter()
        if box is not None:
            q &= Q(lon__gte=box[0], lat__gte=box[1], lon__lte=box[2], lat__lte=box[3])
        return q

    def search(self, f: search.FilterInput, scope: CameraScope, *, size: int,
               token: str) -> tuple[list[DetectionDoc], str]:
        spec, problems = search.parse(f)
        if problems:
            raise InvalidArgument("the filter is not valid", problems)
        size = page_size(size, default=100)
        query = spec.fingerprint()
        position = self.tokens.decode(token, query)
        q = self._query(spec, scope)
        if position:
            at = datetime.fromisoformat(position["t"])
            q &= Q(start__lt=at) | Q(start=at, id__lt=position["id"])
        matches: list[DetectionDoc] = []
        scanned = 0
        cursor = DetectionDoc.objects(q).order_by("-start", "-id")
        for doc in cursor.batch_size(500):
            scanned += 1
            if spec.exact(doc.lon, doc.lat, as_utc(doc.start)):
                matches.append(doc)
                if len(matches) > size:
                    break
            if scanned >= SCAN_LIMIT and matches:
                break
        return self.tokens.page(matches, size, lambda d: {"t": as_utc(d.start).isoformat(), "id": d.id}, query)

    def summary(self, f: search.FilterInput, scope: CameraScope) -> list[tuple[str, str, str, int]]:
        end = f.end or self.clock()
        start = f.start or end - timedelta(days=7)
        spec, problems = search.parse(replace(f, start=start, end=end), max_range=search.MAX_RANGE)
        if problems:
            raise InvalidArgument("the filter is not valid", problems)
        q = Q(hour__gte=detections.hour_start(start), hour__lt=end)
        grant = scope_q(scope)
        if grant is not None:
            q &= grant
        if spec.camera_ids:
            q &= Q(camera_id__in=sorted(spec.camera_ids))
        if spec.labels:
            q &= Q(label__in=sorted(spec.labels))
        if spec.subdistrict_code:
            q &= Q(subdistrict_code=spec.subdistrict_code)
        counts: Counter[tuple[str, str, str]] = Counter()
        for b in DetectionBucket.objects(q).only("hour", "label", "subdistrict_code", "count"):
            counts[(detections.local_date(as_utc(b.hour)), b.label, b.subdistrict_code)] += b.count
        return [(d, label, sub, n) for (d, label, sub), n in sorted(counts.items())]

    # ---- writes ----------------------------------------------------------------------------
    def review(self, detection_id: str, state: ReviewState, note: str, etag: str, reviewer: str,
               scope: CameraScope) -> DetectionDoc:
        if state not in (ReviewState.CONFIRMED, ReviewState.FALSE_POSITIVE):
            raise InvalidArgument.field("review_state", "CONFIRMED or FALSE_POSITIVE")
        if len(note) > 500:
            raise InvalidArgument.field("note", "at most 500 characters")
        doc = self.get(detection_id, scope)
        if (doc.review_state, doc.review_note, doc.reviewer) == (state.value, note, reviewer):
            return doc  # the same review again
        expected = int(etag) if etag.isdigit() else doc.version
        with atomic():
            won = DetectionDoc.objects(id=detection_id, version=expected).update_one(
                set__review_state=state.value, set__review_note=note, set__reviewer=reviewer, inc__version=1)
        if not won:
            raise Conflict(f"detection {detection_id} changed since etag {etag}; read it again")
        return DetectionDoc.objects(id=detection_id).first()

    def purge_expired(self) -> int:
        """Forget detections past their retention (their hourly counts stay)."""
        with atomic():
            gone = DetectionDoc.objects(expire__lt=self.clock()).delete()
        if gone:
            log.info("expired detections purged", extra={"count": gone})
        return gone

    def close_overdue(self) -> int:
        """Close open detections past the maximum duration (at start + maximum)."""
        now = self.clock()
        closed = 0
        for doc in DetectionDoc.objects(end=None, start__lte=now - self.max_open).only("id", "start"):
            with atomic():
                closed += DetectionDoc.objects(id=doc.id, end=None).update_one(
                    set__end=as_utc(doc.start) + self.max_open, set__auto_closed=True, inc__version=1)
        return closed

