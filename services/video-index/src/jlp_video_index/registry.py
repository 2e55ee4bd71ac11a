"""The camera registry in the store: create, read (inside the caller's grant), update, import,
quarantine, grid resolution. Rules come from domain/ (device_id, cameras, csv_import,
visibility); this module only reads and writes documents, each write a single document.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from mongoengine.errors import NotUniqueError
from mongoengine.queryset.visitor import Q
from pymongo.errors import BulkWriteError, DuplicateKeyError

from jlp.video_index.v1 import events_pb2
from jlp_common.atomic import atomic
from jlp_common.errors import (
    AlreadyExists,
    Conflict,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.subjects import subject
from jlp_common.timeutil import Clock, as_utc, to_timestamp
from jlp_video_index.domain import cameras as camera_rules
from jlp_video_index.domain import coords, csv_import, status
from jlp_video_index.domain.device_id import DISTRICT_CODE, Verdict
from jlp_video_index.domain.geometry import parse_bbox
from jlp_video_index.domain.visibility import CameraScope
from jlp_video_index.grid import OUTSIDE, PENDING, RESOLVED, GridLocator, GridUnavailable
from jlp_video_index.models import Camera, ImportRun, QuarantinedCamera

log = logging.getLogger(__name__)

CAMERA_REGISTERED = subject("video", "camera", "registered")
EDITABLE = ("name", "parent_device_id", "owner_department_id", "reported_position", "address", "hd", "ptz",
            "networked", "purpose", "key_area", "keepalive_interval_seconds", "keepalive_timeout_count")
RESOLVE_BATCH = 200


def scope_q(scope: CameraScope, prefix: str = "") -> Q | None:
    """The grant as a query condition (None = every camera); a scope of nothing matches none."""
    if scope.all:
        return None
    terms = Q(**{f"{prefix}owner_department_id__in": sorted(scope.owner_departments)})
    if scope.networked:
        terms |= Q(**{f"{prefix}networked": True})
    if scope.subdistrict_code:
        terms |= Q(**{f"{prefix}subdistrict_code": scope.subdistrict_code})
    return terms


def _snake(path: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in path)


def spec_of(doc: Camera) -> camera_rules.CameraSpec:
    return camera_rules.CameraSpec(
        id=doc.id, name=doc.name, owner_department_id=doc.owner_department_id, lon=doc.reported_lon,
        lat=doc.reported_lat, datum=coords.Datum(doc.datum), parent_device_id=doc.parent_device_id,
        address=doc.address, hd=doc.hd, ptz=doc.ptz, networked=doc.networked, purpose=doc.purpose,
        key_area=doc.key_area, keepalive_interval_seconds=doc.keepalive_interval_s,
        keepalive_timeout_count=doc.keepalive_count)


def state_of(doc: Camera) -> status.CameraState:
    interval, count = status.liveness(doc.keepalive_interval_s, doc.keepalive_count)
    return status.CameraState(
        status=status.Status(doc.status), since=as_utc(doc.status_time), last_keepalive=as_utc(doc.last_keepalive),
        stale_since=as_utc(doc.stale_since), offline_since=as_utc(doc.offline_since),
        outage_reported=doc.outage_reported, interval=interval, count=count)


def _fields(checked: camera_rules.CheckedCamera) -> dict[str, object]:
    s, dev = checked.spec, checked.assessment.device_id
    assert dev is not None
    return {
        "centre_code": dev.centre, "industry_code": dev.industry, "type_code": dev.type_code,
        "network_code": dev.network, "name": s.name.strip(), "parent_device_id": s.parent_device_id,
        "owner_department_id": s.owner_department_id, "reported_lon": s.lon, "reported_lat": s.lat,
        "datum": s.datum.value, "lon": checked.lon_wgs84, "lat": checked.lat_wgs84, "address": s.address,
        "hd": s.hd, "ptz": s.ptz, "networked": s.networked, "purpose": s.purpose, "key_area": s.key_area,
        "keepalive_interval_s": s.keepalive_interval_seconds, "keepalive_count": s.keepalive_timeout_count,
    }


class Registry:
    def __init__(self, tokens: PageTokens, clock: Clock, locator: GridLocator,
                 on_write: Callable[[], None] = lambda: None, district_code: str = DISTRICT_CODE) -> None:
        self.tokens, self.clock, self.locator = tokens, clock, locator
        self.on_write, self.district_code = on_write, district_code

    # ---- reads -----------------------------------------------------------------------------
    def get(self, camera_id: str, scope: CameraScope) -> Camera:
        q = Q(id=camera_id)
        grant = scope_q(scope)
        doc = Camera.objects(q & grant if grant is not None else q).first()
        if doc is None:
            raise NotFound("Camera", camera_id)
        return doc

    def visible_ids(self, ids: Iterable[str], scope: CameraScope) -> set[str]:
        q = Q(id__in=list(ids))
        grant = scope_q(scope)
        return {d.id for d in Camera.objects(q & grant if grant is not None else q).only("id")}

    def list(self, scope: CameraScope, *, size: int, token: str, subdistrict_code: str = "", bbox: str = "",
             online: bool | None = None, hd: bool | None = None, networked: bool | None = None,
             owner_department_id: str = "") -> tuple[list[Camera], str]:
        size = page_size(size, default=100)
        box = None
        if bbox:
            try:
                box = parse_bbox(bbox)
            except ValueError as exc:
                raise InvalidArgument.field("bbox", str(exc)) from None
        query = {"s": subdistrict_code, "b": bbox, "o": online, "h": hd, "n": networked, "d": owner_department_id}
        position = self.tokens.decode(token, query)
        q = Q()
        grant = scope_q(scope)
        if grant is not None:
            q &= grant
        for name, value in (("subdistrict_code", subdistrict_code), ("owner_department_id", owner_department_id)):
            if value:
                q &= Q(**{name: value})
        for name, flag in (("hd", hd), ("networked", networked)):
            if flag is not None:
                q &= Q(**{name: flag})
        if online is not None:
            q &= Q(status="ON") if online else Q(status__ne="ON")
        if box is not None:
            q &= Q(lon__gte=box[0], lat__gte=box[1], lon__lte=box[2], lat__lte=box[3])
        if position:
            q &= Q(id__gt=position["id"])
        found = list(Camera.objects(q).order_by("id").limit(size + 1))
        return self.tokens.page(found, size, lambda d: {"id": d.id}, query)

    # ---- writes ----------------------------------------------------------------------------
    def _check(self, spec: camera_rules.CameraSpec) -> camera_rules.CheckedCamera:
        problems, checked = camera_rules.check(spec, self.district_code)
        if problems:
            raise InvalidArgument("the camera is not valid", camera_rules.as_json(problems))
        assert checked is not None
        return checked

    @staticmethod
    def _owner_allowed(owner: str, allowed_owner: str | None) -> None:
        if allowed_owner is not None and owner and owner != allowed_owner:
            raise PermissionDenied(f"you may register cameras of your own department only, not of {owner}",
                                   reason="OTHER_DEPARTMENT")

    def create(self, spec: camera_rules.CameraSpec, actor: str, allowed_owner: str | None = None) -> Camera:
        """`allowed_owner`: the only owner the caller may give (None: any, registry-wide admin)."""
        self._owner_allowed(spec.owner_department_id, allowed_owner)
        checked = self._check(spec)
        if checked.assessment.verdict is Verdict.QUARANTINE:
            self._quarantine(spec.id, list(checked.assessment.reasons), _record_of(spec), "create", actor)
            raise FailedPrecondition(f"camera id {spec.id} is quarantined: {'; '.join(checked.assessment.reasons)}",
                                     reason="QUARANTINED")
        existing = Camera.objects(id=spec.id).first()
        if existing is not None:
            if spec_of(existing).attributes() == spec.attributes():
                return existing  # a retried create
            raise AlreadyExists("Camera", spec.id)
        doc = self._new_doc(checked)
        try:
            with atomic():
                doc.save(force_insert=True)
        except DuplicateKeyError:  # a concurrent create of the same id
            return self.create(spec, actor)
        self.on_write()
        self._resolve([doc])
        return Camera.objects(id=doc.id).first()

    def _new_doc(self, checked: camera_rules.CheckedCamera) -> Camera:
        now = self.clock()
        doc = Camera(id=checked.spec.id, create_time=now, update_time=now, **_fields(checked))
        doc.outbox = [outbox_event(CAMERA_REGISTERED, events_pb2.CameraRegistered(
            camera_id=doc.id, owner_department_id=doc.owner_department_id, lon=doc.lon, lat=doc.lat, hd=doc.hd,
            networked=doc.networked, register_time=to_timestamp(now)), subject_ref=f"cameras/{doc.id}")]
        return doc

    def update(self, camera_id: str, given: camera_rules.CameraSpec, paths: Sequence[str], etag: str,
               scope: CameraScope, allowed_owner: str | None = None) -> Camera:
        paths = [_snake(p) for p in paths] or list(EDITABLE)
        unknown = [p for p in paths if p.split(".")[0] not in EDITABLE]
        if unknown:
            raise InvalidArgument("these fields cannot be changed",
                                  [FieldViolation("update_mask", f"{p} cannot be changed") for p in unknown])
        current = self.get(camera_id, scope)
        merged = spec_of(current)
        changes: dict[str, object] = {}
        for p in {p.split(".")[0] for p in paths}:
            if p == "reported_position":
                changes.update(lon=given.lon, lat=given.lat, datum=given.datum)
            elif p == "keepalive_interval_seconds":
                changes["keepalive_interval_seconds"] = given.keepalive_interval_seconds
            elif p == "keepalive_timeout_count":
                changes["keepalive_timeout_count"] = given.keepalive_timeout_count
            else:
                changes[p] = getattr(given, p)
        merged = replace(merged, **changes)
        self._owner_allowed(current.owner_department_id, allowed_owner)
        self._owner_allowed(merged.owner_department_id, allowed_owner)
        checked = self._check(merged)
        expected = int(etag) if etag.isdigit() else current.version
        moved = (merged.lon, merged.lat, merged.datum) != (current.reported_lon, current.reported_lat,
                                                          coords.Datum(current.datum))
        sets = {f"set__{k}": v for k, v in _fields(checked).items()}
        if moved:
            sets.update(set__grid_status=PENDING)
        with atomic():
            won = Camera.objects(id=camera_id, version=expected).update_one(
                **sets, set__update_time=self.clock(), inc__version=1)
        if not won:
            raise Conflict(f"camera {camera_id} changed since etag {etag}; read it again")
        doc = Camera.objects(id=camera_id).first()
        if moved:
            self._resolve([doc])
            doc = Camera.objects(id=camera_id).first()
        return doc

    def import_csv(self, text: str, *, default_owner: str, request_id: str, validate_only: bool,
                   actor: str, allowed_owner: str | None = None) -> tuple[csv_import.ImportReport | None, dict]:
        """The report (None when a retried request id returns the stored one) and counts."""
        if request_id:
            done = ImportRun.objects(id=request_id).first()
            if done is not None:
                return None, {"counts": done.counts, "problems": done.problems}
        try:
            report = self._plan_import(text, default_owner, allowed_owner)
        except csv_import.CsvError as exc:
            raise InvalidArgument.field("csv", str(exc)) from None
        if not validate_only:
            self._store_import(report, request_id or uuid.uuid4().hex, actor)
        counts = {o.value: report.count(o) for o in csv_import.Outcome}
        if request_id and not validate_only:
            problems = [{"row": r.row, "camera_id": r.camera_id[:40], "outcome": r.outcome.value,
                         "field": r.column, "reasons": r.reasons} for r in report.problems]
            try:
                ImportRun(id=request_id, actor=actor, counts=counts, problems=problems,
                          create_time=self.clock()).save(force_insert=True)
            except DuplicateKeyError:
                pass
        return report, {"counts": counts}

    def _plan_import(self, text: str, default_owner: str, allowed_owner: str | None) -> csv_import.ImportReport:
        rows = csv_import.read_rows(text)
        ids = [r.get("id", "").strip() for _, r in rows if isinstance(r, dict)]
        stored = {d.id: spec_of(d) for d in Camera.objects(id__in=ids)} if ids else {}
        return csv_import.run_import(text, default_owner=default_owner, existing=stored,
                                     district_code=self.district_code,
                                     allowed_owners=None if allowed_owner is None else frozenset({allowed_owner}))

    def _store_import(self, report: csv_import.ImportReport, run_id: str, actor: str) -> None:
        new: list[Camera] = []
        for r in report.rows:
            if r.outcome is csv_import.Outcome.QUARANTINED:
                self._quarantine(r.camera_id, r.reasons, r.record, f"import:{run_id}#{r.row}", actor)
            elif r.outcome is csv_import.Outcome.IMPORTED and r.camera is not None:
                existing = Camera.objects(id=r.camera_id).first()
                if existing is None:
                    new.append(self._new_doc(r.camera))
                else:
                    sets = {f"set__{k}": v for k, v in _fields(r.camera).items()}
                    with atomic():
                        Camera.objects(id=r.camera_id).update_one(**sets, set__grid_status=PENDING,
                                                                  set__update_time=self.clock(), inc__version=1)
        if new:
            collection = Camera._get_collection()
            for start in range(0, len(new), 1000):
                chunk = [d.to_mongo().to_dict() for d in new[start:start + 1000]]
                try:
                    with atomic():
                        collection.insert_many(chunk, ordered=False)
                except BulkWriteError as exc:  # a concurrent import inserted some of these ids first
                    log.warning("some imported cameras already existed", extra={"error": str(exc)[:200]})
            self.on_write()

    def _quarantine(self, camera_id: str, reasons: list[str], record: dict, source: str, actor: str) -> None:
        """Hold a code back. The entry's id derives from what was submitted and where, so a
        retried create or import adds no second entry."""
        kept = {str(k)[:64]: str(v)[:256] for k, v in record.items()}
        digest = hashlib.sha256(json.dumps([camera_id, source, kept], sort_keys=True).encode()).hexdigest()[:32]
        try:
            with atomic():
                QuarantinedCamera(id=digest, camera_id=camera_id[:40], reasons=reasons, record=kept, source=source,
                                  actor=actor, create_time=self.clock()).save(force_insert=True)
        except (DuplicateKeyError, NotUniqueError):
            pass

    def quarantine(self, *, size: int, token: str, camera_id: str = "") -> tuple[list[QuarantinedCamera], str]:
        size = page_size(size, default=100)
        query = {"c": camera_id}
        position = self.tokens.decode(token, query)
        q = Q(camera_id=camera_id) if camera_id else Q()
        if position:
            at = datetime.fromisoformat(position["t"])
            q &= Q(create_time__lt=at) | Q(create_time=at, id__lt=position["id"])
        found = list(QuarantinedCamera.objects(q).order_by("-create_time", "-id").limit(size + 1))
        return self.tokens.page(found, size, lambda d: {"t": as_utc(d.create_time).isoformat(), "id": d.id}, query)

    # ---- grid ------------------------------------------------------------------------------
    def _resolve(self, docs: Iterable[Camera]) -> int:
        done = 0
        for doc in docs:
            try:
                place = self.locator.locate(doc.lon, doc.lat)
            except GridUnavailable:
                return done
            sets = ({"set__grid_status": OUTSIDE} if place is None else
                    {"set__grid_status": RESOLVED, "set__grid_code": place.grid_code,
                     "set__subdistrict_code": place.subdistrict_code, "set__subdistrict_name": place.subdistrict_name})
            with atomic():
                Camera.objects(id=doc.id, lon=doc.lon, lat=doc.lat).update_one(**sets)
            done += 1
        return done

    def resolve_pending(self, limit: int = RESOLVE_BATCH) -> int:
        return self._resolve(Camera.objects(grid_status=PENDING).only("id", "lon", "lat").limit(limit))


def _record_of(spec: camera_rules.CameraSpec) -> dict[str, str]:
    return {k: str(v) for k, v in spec.attributes().items() if v not in ("", None)}
