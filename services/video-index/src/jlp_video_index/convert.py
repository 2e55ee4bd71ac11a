"""protobuf ↔ domain translation (nothing else: no rules, no storage).

Unset Timestamps become None (proto3 has no null; an unset message field is "absent"); enum
zero values become None or the domain default; optional scalars keep their presence.
"""

from __future__ import annotations

from datetime import datetime

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_common.timeutil import timestamp_field, to_timestamp
from jlp_video_index.domain import access, coverage, csv_import, detections, status
from jlp_video_index.domain.cameras import CameraSpec
from jlp_video_index.domain.coords import Datum
from jlp_video_index.domain.gat1400 import Gat1400Object
from jlp_video_index.domain.play_token import PlayDecision

DATUM_FROM_PB = {pb.DATUM_UNSPECIFIED: Datum.WGS84, pb.WGS84: Datum.WGS84, pb.GCJ02: Datum.GCJ02,
                 pb.BD09: Datum.BD09}
DATUM_TO_PB = {Datum.WGS84: pb.WGS84, Datum.GCJ02: pb.GCJ02, Datum.BD09: pb.BD09}
STATUS_TO_PB = {status.Status.NEW: pb.CAMERA_STATUS_UNSPECIFIED, status.Status.ON: pb.ON,
                status.Status.OFF: pb.OFF, status.Status.VLOST: pb.VLOST, status.Status.DEFECT: pb.DEFECT,
                status.Status.STALE: pb.STALE}
STATUS_FROM_PB = {v: k for k, v in STATUS_TO_PB.items()}
REVIEW_TO_PB = {detections.ReviewState.UNREVIEWED: pb.UNREVIEWED, detections.ReviewState.CONFIRMED: pb.CONFIRMED,
                detections.ReviewState.FALSE_POSITIVE: pb.FALSE_POSITIVE}
REVIEW_FROM_PB = {v: k for k, v in REVIEW_TO_PB.items()}
OUTCOME_TO_PB = {csv_import.Outcome.IMPORTED: pb.IMPORTED, csv_import.Outcome.UNCHANGED: pb.UNCHANGED,
                 csv_import.Outcome.QUARANTINED: pb.QUARANTINED, csv_import.Outcome.REJECTED: pb.REJECTED}
KIND_FROM_PB = {pb.LIVE: access.AccessKind.LIVE, pb.PLAYBACK: access.AccessKind.PLAYBACK}
KIND_TO_PB = {v: k for k, v in KIND_FROM_PB.items()}
STATE_TO_PB = {access.AccessState.PENDING: pb.PENDING, access.AccessState.APPROVED: pb.APPROVED,
               access.AccessState.DENIED: pb.DENIED, access.AccessState.REVOKED: pb.REVOKED,
               access.AccessState.EXPIRED: pb.EXPIRED}
STATE_FROM_PB = {v: k for k, v in STATE_TO_PB.items()}


def ts_in(msg: object, name: str) -> datetime | None:
    """The datetime of Timestamp field `name` of `msg`; None when unset."""
    return timestamp_field(msg, name)


def _set_ts(msg: object, name: str, t: datetime | None) -> None:
    if t is not None:
        getattr(msg, name).CopyFrom(to_timestamp(t))


# ---- cameras ---------------------------------------------------------------------------------

def camera_spec(c: pb.Camera) -> CameraSpec:
    pos = c.reported_position
    has_pos = c.HasField("reported_position")
    return CameraSpec(
        id=c.id.strip(), name=c.name, owner_department_id=c.owner_department_id,
        lon=pos.lon if has_pos else None, lat=pos.lat if has_pos else None,
        datum=DATUM_FROM_PB.get(pos.datum, Datum.WGS84), parent_device_id=c.parent_device_id,
        address=c.address, hd=c.hd, ptz=c.ptz, networked=c.networked, purpose=c.purpose, key_area=c.key_area,
        keepalive_interval_seconds=c.keepalive_interval_seconds,
        keepalive_timeout_count=c.keepalive_timeout_count)


def transition(camera_id: str, t: status.Transition) -> pb.StatusTransition:
    out = pb.StatusTransition(camera_id=camera_id, from_status=STATUS_TO_PB[t.from_status],
                              to_status=STATUS_TO_PB[t.to_status], reason=t.reason.value, detail=t.detail)
    _set_ts(out, "transition_time", t.at)
    return out


def import_row(r: csv_import.RowResult) -> pb.ImportRowResult:
    return pb.ImportRowResult(row=r.row, camera_id=r.camera_id[:40], outcome=OUTCOME_TO_PB[r.outcome],
                              field=r.column, reasons=r.reasons)


# ---- detections ------------------------------------------------------------------------------

def detection_input(d: pb.Detection) -> detections.DetectionInput:
    return detections.DetectionInput(
        id=d.id, camera_id=d.camera_id, label=d.label, score=d.score if d.HasField("score") else None,
        start=ts_in(d, "start_time"), end=ts_in(d, "end_time"),
        boxes=tuple(detections.Box(b.x, b.y, b.width, b.height, b.label,
                                   b.score if b.HasField("score") else None) for b in d.boxes),
        snapshot_uri=d.snapshot_uri, clip_uri=d.clip_uri, model_version=d.model_version,
        frame_width=d.frame_width, frame_height=d.frame_height)


def detection(d: detections.Detection, *, lon: float | None = None, lat: float | None = None,
              subdistrict_code: str = "", grid_code: str = "", review_note: str = "", reviewer: str = "",
              etag: str = "", created: datetime | None = None) -> pb.Detection:
    out = pb.Detection(
        id=d.id, camera_id=d.camera_id, label=d.label, score=d.score,
        boxes=[pb.Box(x=b.x, y=b.y, width=b.width, height=b.height, label=b.label, score=b.score)
               for b in d.boxes],
        snapshot_uri=d.snapshot_uri, clip_uri=d.clip_uri, model_version=d.model_version,
        frame_width=d.frame_width, frame_height=d.frame_height, review_state=REVIEW_TO_PB[d.review_state],
        review_note=review_note, reviewer=reviewer, auto_closed=d.auto_closed,
        subdistrict_code=subdistrict_code, grid_code=grid_code, alert_ids=list(d.alert_ids), etag=etag)
    if lon is not None and lat is not None:
        out.location.CopyFrom(pb.LatLng(lon=lon, lat=lat))
    _set_ts(out, "start_time", d.start)
    _set_ts(out, "end_time", d.end)
    _set_ts(out, "expire_time", d.expire)
    _set_ts(out, "create_time", created)
    return out


def gat1400(o: Gat1400Object) -> pb.Gat1400Object:
    return pb.Gat1400Object(
        device_id=o.DeviceID, source_id=o.SourceID, event_type=o.EventType, appear_time=o.AppearTime,
        disappear_time=o.DisappearTime, left_top_x=o.LeftTopX, left_top_y=o.LeftTopY, right_btm_x=o.RightBtmX,
        right_btm_y=o.RightBtmY, image_uri=o.StoragePath, video_uri=o.VideoStoragePath, longitude=o.Longitude,
        latitude=o.Latitude, confidence=o.Confidence)


# ---- coverage --------------------------------------------------------------------------------

def figures(f: coverage.Figures) -> pb.CoverageFigures:
    out = pb.CoverageFigures(
        code=f.code, name=f.name, area_km2=f.area_km2, cameras=f.cameras, hd_cameras=f.hd,
        networked_cameras=f.networked, online_cameras=f.online, cameras_per_km2=f.cameras_per_km2,
        hd_per_km2=f.hd_per_km2, networked_per_km2=f.networked_per_km2, online_per_km2=f.online_per_km2,
        hd_ratio=f.hd_ratio, networked_ratio=f.networked_ratio, serviceable_ratio=f.serviceable_ratio,
        gap_to_shanghai=f.gap_to_shanghai, gap_to_shenzhen=f.gap_to_shenzhen, key_places=f.key_places,
        key_places_covered=f.key_places_covered)
    if f.key_place_coverage is not None:
        out.key_place_coverage = f.key_place_coverage
    return out


# ---- access ----------------------------------------------------------------------------------

def access_spec(r: pb.AccessRequest, camera_ids: tuple[str, ...]) -> access.AccessSpec:
    """The request as filed; `camera_ids` are the listed ones or those resolved from the area."""
    return access.AccessSpec(
        kind=KIND_FROM_PB.get(r.kind), camera_ids=camera_ids, purpose=r.purpose, legal_basis=r.legal_basis,
        start=ts_in(r, "start_time"), end=ts_in(r, "end_time"),
        playback_start=ts_in(r, "playback_start_time"), playback_end=ts_in(r, "playback_end_time"),
        has_area=bool(r.area_polygon))


def access_request(g: access.Grant, now: datetime, *, area_polygon: str = "",
                   playback: tuple[datetime | None, datetime | None] = (None, None),
                   created: datetime | None = None) -> pb.AccessRequest:
    out = pb.AccessRequest(
        id=g.id, kind=KIND_TO_PB[g.kind], camera_ids=list(g.camera_ids), area_polygon=area_polygon,
        purpose=g.purpose, legal_basis=g.legal_basis, state=STATE_TO_PB[g.effective_state(now)],
        requester=g.requester, requester_department_id=g.requester_department_id, decided_by=g.decided_by,
        decision_note=g.decision_note, revoked_by=g.revoked_by, revoke_reason=g.revoke_reason,
        tokens_issued=g.tokens_issued)
    for name, t in (("start_time", g.start), ("end_time", g.end), ("decide_time", g.decided_at),
                    ("revoke_time", g.revoked_at), ("playback_start_time", playback[0]),
                    ("playback_end_time", playback[1]), ("create_time", created)):
        _set_ts(out, name, t)
    return out


def play_response(d: PlayDecision) -> pb.CheckPlayResponse:
    return pb.CheckPlayResponse(code=d.code, msg=d.reason, allowed=d.allowed)
