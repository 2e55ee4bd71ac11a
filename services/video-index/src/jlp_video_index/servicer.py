"""gRPC servicer: protobuf in, application calls, protobuf out. Nothing else.

The method policy (policy.py) has already checked the permission; the caller's camera grant
(domain/visibility.py) is computed here from the token and handed to every query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from google.protobuf.message import Message

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp.video_index.v1 import video_index_pb2_grpc as pb_grpc
from jlp_common import context as ctx
from jlp_common.auth import Principal
from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_common.timeutil import Clock, as_utc, to_timestamp
from jlp_video_index import convert
from jlp_video_index.access_store import AccessDesk, grant_of
from jlp_video_index.coverage_store import CoverageBook, figures_of
from jlp_video_index.detection_store import DetectionStore, IngestResult, domain_of
from jlp_video_index.domain import detections, gat1400, search, status, visibility
from jlp_video_index.domain.device_id import DeviceId
from jlp_video_index.domain.district import BY_CODE
from jlp_video_index.domain.keepalive import KeepaliveIn
from jlp_video_index.liveness import Liveness
from jlp_video_index.models import AccessRequest, AuditRecord, Camera, QuarantinedCamera
from jlp_video_index.models import AlertRule as AlertRuleDoc
from jlp_video_index.models import Detection as DetectionDoc
from jlp_video_index.registry import Registry
from jlp_video_index.rules import RuleBook

MAX_KEEPALIVES = 5_000


def _who() -> Principal:
    return ctx.require_principal()


def _scope(who: Principal) -> visibility.CameraScope:
    return visibility.scope_for(who.department, who.scopes)


def _own_department(who: Principal) -> str | None:
    """The only owner a camera admin may register cameras for (None: the registry-wide admin)."""
    return None if who.has(visibility.READ_ALL) else who.department


def _origin() -> str:
    return ctx.peer_var.get() or ""


def camera_pb(d: Camera) -> pb.Camera:
    return pb.Camera(
        id=d.id, id_parts=pb.DeviceIdParts(
            centre_code=d.centre_code, industry_code=d.industry_code, type_code=d.type_code,
            network_code=d.network_code, serial=d.id[14:20]),
        name=d.name, parent_device_id=d.parent_device_id, owner_department_id=d.owner_department_id,
        reported_position=pb.ReportedPosition(lon=d.reported_lon, lat=d.reported_lat,
                                              datum=convert.DATUM_TO_PB[convert.Datum(d.datum)]),
        location=pb.LatLng(lon=d.lon, lat=d.lat), address=d.address, subdistrict_code=d.subdistrict_code,
        subdistrict_name=d.subdistrict_name, grid_code=d.grid_code, grid_status=d.grid_status, hd=d.hd, ptz=d.ptz,
        networked=d.networked, purpose=d.purpose, key_area=d.key_area,
        keepalive_interval_seconds=d.keepalive_interval_s, keepalive_timeout_count=d.keepalive_count,
        status=convert.STATUS_TO_PB[status.Status(d.status)], status_reason=d.status_reason,
        status_time=to_timestamp(d.status_time), last_keepalive_time=to_timestamp(d.last_keepalive),
        etag=str(d.version), create_time=to_timestamp(d.create_time), update_time=to_timestamp(d.update_time))


def _names(d: Camera) -> pb.Camera:
    """The camera with the names of its code's parts (gbt28181-device-id.md §2-4)."""
    msg = camera_pb(d)
    dev = DeviceId(d.id)
    msg.id_parts.industry_name, msg.id_parts.type_name, msg.id_parts.network_name = (
        dev.industry_name, dev.type_name, dev.network_name)
    return msg


def detection_pb(d: DetectionDoc) -> pb.Detection:
    return convert.detection(domain_of(d), lon=d.lon, lat=d.lat, subdistrict_code=d.subdistrict_code,
                             grid_code=d.grid_code, review_note=d.review_note, reviewer=d.reviewer,
                             etag=str(d.version), created=as_utc(d.create_time))


def rule_pb(r: AlertRuleDoc) -> pb.AlertRule:
    return pb.AlertRule(id=r.id, label=r.label, subdistrict_code=r.subdistrict_code, polygon=r.polygon,
                        min_score=r.min_score, severity=pb.Severity.Value(r.severity), enabled=r.enabled,
                        description=r.description, etag=str(r.version), update_time=to_timestamp(r.update_time))


def access_pb(d: AccessRequest, now: datetime) -> pb.AccessRequest:
    return convert.access_request(grant_of(d), now, area_polygon=d.area_polygon,
                                  playback=(as_utc(d.playback_start), as_utc(d.playback_end)),
                                  created=as_utc(d.create_time))


def audit_pb(d: AuditRecord) -> pb.AuditRecord:
    details = dict(d.details)
    reason = details.get("reason") or details.get("note") or details.get("purpose") or ""
    return pb.AuditRecord(seq=d.id, record_time=to_timestamp(d.time), actor=d.actor,
                          actor_department_id=details.get("department", ""), action=d.action, target=d.object,
                          reason=reason, origin=d.source_ip, details=details, prev_hash=d.prev_hash, hash=d.hash)


def filter_in(f: pb.DetectionFilter) -> search.FilterInput:
    return search.FilterInput(
        camera_ids=tuple(f.camera_ids), labels=tuple(f.labels), subdistrict_code=f.subdistrict_code, bbox=f.bbox,
        polygon=f.polygon, near_lon=f.near_lon if f.HasField("near_lon") else None,
        near_lat=f.near_lat if f.HasField("near_lat") else None,
        radius_m=f.radius_m if f.HasField("radius_m") else None, start=convert.ts_in(f, "start_time"),
        end=convert.ts_in(f, "end_time"), time_of_day_from=f.time_of_day_from, time_of_day_to=f.time_of_day_to,
        min_score=f.min_score if f.HasField("min_score") else None,
        review_state="" if f.review_state == pb.REVIEW_STATE_UNSPECIFIED else pb.ReviewState.Name(f.review_state))


class VideoIndexServicer(pb_grpc.VideoIndexServiceServicer):
    def __init__(self, registry: Registry, liveness: Liveness, store: DetectionStore, rules: RuleBook,
                 coverage: CoverageBook, desk: AccessDesk, clock: Clock) -> None:
        self.registry, self.liveness, self.store, self.rules = registry, liveness, store, rules
        self.coverage, self.desk, self.clock = coverage, desk, clock

    # ---- cameras ---------------------------------------------------------------------------
    def CreateCamera(self, request, context):  # noqa: N802
        who = _who()
        return _names(self.registry.create(convert.camera_spec(request.camera), who.subject, _own_department(who)))

    def GetCamera(self, request, context):  # noqa: N802
        return _names(self.registry.get(request.id, _scope(_who())))

    def ListCameras(self, request, context):  # noqa: N802
        docs, token = self.registry.list(
            _scope(_who()), size=request.page_size, token=request.page_token,
            subdistrict_code=request.subdistrict_code, bbox=request.bbox,
            online=request.online if request.HasField("online") else None,
            hd=request.hd if request.HasField("hd") else None,
            networked=request.networked if request.HasField("networked") else None,
            owner_department_id=request.owner_department_id)
        return pb.ListCamerasResponse(cameras=[_names(d) for d in docs], next_page_token=token)

    def UpdateCamera(self, request, context):  # noqa: N802
        who = _who()
        given = convert.camera_spec(request.camera)
        doc = self.registry.update(request.camera.id, given, list(request.update_mask.paths), request.camera.etag,
                                   _scope(who), _own_department(who))
        return _names(doc)

    def ImportCameras(self, request, context):  # noqa: N802
        who = _who()
        report, stored = self.registry.import_csv(
            request.csv, default_owner=request.owner_department_id or who.department,
            request_id=request.request_id, validate_only=request.validate_only, actor=who.subject,
            allowed_owner=_own_department(who))
        counts = stored["counts"]
        if report is None:  # a retried request id: the first report
            problems = [pb.ImportRowResult(row=p["row"], camera_id=p["camera_id"],
                                           outcome=pb.ImportOutcome.Value(p["outcome"]), field=p["field"],
                                           reasons=p["reasons"]) for p in stored["problems"]]
        else:
            problems = [convert.import_row(r) for r in report.problems]
        return pb.ImportCamerasResponse(
            imported_count=counts.get("IMPORTED", 0), unchanged_count=counts.get("UNCHANGED", 0),
            quarantined_count=counts.get("QUARANTINED", 0), rejected_count=counts.get("REJECTED", 0),
            problems=problems, request_id=request.request_id)

    def ListQuarantinedCameras(self, request, context):  # noqa: N802
        docs, token = self.registry.quarantine(size=request.page_size, token=request.page_token,
                                               camera_id=request.camera_id)
        return pb.ListQuarantinedCamerasResponse(quarantined_cameras=[_quarantine_pb(d) for d in docs],
                                                 next_page_token=token)

    # ---- status ----------------------------------------------------------------------------
    def KeepaliveCameras(self, request, context):  # noqa: N802
        items = list(request.keepalives)
        if not 1 <= len(items) <= MAX_KEEPALIVES:
            raise InvalidArgument.field("keepalives", f"1 to {MAX_KEEPALIVES} keepalives")
        now = self.clock()
        good, rejected = [], []
        for i, k in enumerate(items):
            channels = [(c.camera_id, convert.STATUS_FROM_PB.get(c.status)) for c in k.channels]
            problems = status.check_keepalive(i, k.device_id, convert.ts_in(k, "observe_time"),
                                              [(c, s if s is not status.Status.NEW else None) for c, s in channels],
                                              now)
            if problems:
                rejected += [pb.RejectedKeepalive(index=i, field=v.field, reason=v.description) for v in problems]
                continue
            good.append(KeepaliveIn(k.device_id, convert.ts_in(k, "observe_time"),
                                    tuple((c.camera_id, convert.STATUS_FROM_PB[c.status], c.reason[:200])
                                          for c in k.channels)))
        plan = self.liveness.keepalive(good) if good else None
        return pb.KeepaliveCamerasResponse(
            accepted_count=plan.accepted if plan else 0, stale_count=plan.stale if plan else 0,
            unknown_count=plan.unknown if plan else 0, transition_count=plan.transition_count if plan else 0,
            rejected=rejected)

    def ListStatusTransitions(self, request, context):  # noqa: N802
        self.registry.get(request.camera_id, _scope(_who()))  # NOT_FOUND when hidden
        docs, token = self.liveness.transitions(request.camera_id, size=request.page_size, token=request.page_token)
        return pb.ListStatusTransitionsResponse(
            transitions=[pb.StatusTransition(camera_id=d.camera_id, from_status=pb.CameraStatus.Value(d.from_status),
                                             to_status=pb.CameraStatus.Value(d.to_status), reason=d.reason,
                                             detail=d.detail, transition_time=to_timestamp(d.at)) for d in docs],
            next_page_token=token)

    def GetAvailability(self, request, context):  # noqa: N802
        start, end, page, subs, district, token = self.liveness.availability(
            _scope(_who()), convert.ts_in(request, "start_time"), convert.ts_in(request, "end_time"),
            subdistrict_code=request.subdistrict_code, camera_id=request.camera_id, size=request.page_size,
            token=request.page_token)
        out = pb.Availability(start_time=to_timestamp(start), end_time=to_timestamp(end), next_page_token=token)
        for c, a in page:
            row = out.cameras.add(camera_id=c.id, subdistrict_code=c.subdistrict_code, on_seconds=a.on_seconds,
                                  known_seconds=a.known_seconds)
            if a.ratio is not None:
                row.availability = a.ratio
        for code, n, a in subs:
            row = out.subdistricts.add(subdistrict_code=code, camera_count=n,
                                       subdistrict_name=BY_CODE[code].name if code in BY_CODE else "")
            if a.ratio is not None:
                row.availability = a.ratio
        if district.ratio is not None:
            out.district_availability = district.ratio
        return out

    # ---- detections ------------------------------------------------------------------------
    def _ingest(self, items: Sequence[pb.Detection], first_index: int = 0) -> IngestResult:
        return self.store.ingest([convert.detection_input(d) for d in items], first_index)

    @staticmethod
    def _counts(result: IngestResult, cls: type) -> Message:
        return cls(accepted_count=result.accepted, updated_count=result.updated, duplicate_count=result.duplicates,
                   rejected_count=result.rejected_count, alerted_count=result.alerted,
                   rejected=[pb.RejectedDetection(index=i, field=v.field, reason=v.description)
                             for i, v in result.rejected or []])

    def BatchCreateDetections(self, request, context):  # noqa: N802
        if not 1 <= len(request.detections) <= detections.MAX_BATCH:
            raise InvalidArgument.field("detections", f"1 to {detections.MAX_BATCH} detections")
        return self._counts(self._ingest(request.detections), pb.BatchCreateDetectionsResponse)

    def StreamDetections(self, request_iterator, context):  # noqa: N802
        total, index = IngestResult(rejected=[]), 0
        for message in request_iterator:
            if len(message.detections) > detections.MAX_BATCH:
                raise InvalidArgument.field("detections", f"at most {detections.MAX_BATCH} per message")
            if message.detections:
                total.add(self._ingest(message.detections, index))
                index += len(message.detections)
        return self._counts(total, pb.StreamDetectionsResponse)

    def GetDetection(self, request, context):  # noqa: N802
        return detection_pb(self.store.get(request.id, _scope(_who())))

    def ListDetections(self, request, context):  # noqa: N802
        docs, token = self.store.search(filter_in(request.filter), _scope(_who()), size=request.page_size,
                                        token=request.page_token)
        return pb.ListDetectionsResponse(detections=[detection_pb(d) for d in docs], next_page_token=token)

    def SummarizeDetections(self, request, context):  # noqa: N802
        rows = self.store.summary(filter_in(request.filter), _scope(_who()))
        return pb.SummarizeDetectionsResponse(
            rows=[pb.DetectionSummaryRow(date=d, label=label, subdistrict_code=s, count=n) for d, label, s, n in rows],
            total=sum(r[3] for r in rows))

    def ReviewDetection(self, request, context):  # noqa: N802
        state = convert.REVIEW_FROM_PB.get(request.review_state)
        if state is None:
            raise InvalidArgument.field("review_state", "CONFIRMED or FALSE_POSITIVE")
        who = _who()
        return detection_pb(self.store.review(request.id, state, request.note, request.etag, who.subject,
                                              _scope(who)))

    def ExportDetections(self, request, context):  # noqa: N802
        docs, token = self.store.search(filter_in(request.filter), _scope(_who()), size=request.page_size,
                                        token=request.page_token)
        return pb.ExportDetectionsResponse(
            objects=[convert.gat1400(gat1400.to_gat1400(domain_of(d), d.lon or 0.0, d.lat or 0.0)) for d in docs],
            next_page_token=token)

    # ---- alert rules -----------------------------------------------------------------------
    @staticmethod
    def _rule_values(r: pb.AlertRule) -> dict:
        return {"label": r.label, "subdistrict_code": r.subdistrict_code, "polygon": r.polygon,
                "min_score": r.min_score,
                "severity": pb.Severity.Name(r.severity) if r.severity else "MAJOR",
                "enabled": r.enabled if r.HasField("enabled") else True, "description": r.description}

    def CreateAlertRule(self, request, context):  # noqa: N802
        return rule_pb(self.rules.create(self._rule_values(request.alert_rule), request.request_id))

    def GetAlertRule(self, request, context):  # noqa: N802
        return rule_pb(self.rules.get(request.id))

    def ListAlertRules(self, request, context):  # noqa: N802
        return pb.ListAlertRulesResponse(alert_rules=[rule_pb(r) for r in self.rules.list(request.label)])

    def UpdateAlertRule(self, request, context):  # noqa: N802
        r = request.alert_rule
        return rule_pb(self.rules.update(r.id, self._rule_values(r), list(request.update_mask.paths), r.etag))

    # ---- coverage --------------------------------------------------------------------------
    def GetCoverage(self, request, context):  # noqa: N802
        doc = self.coverage.get(request.date)
        return pb.Coverage(date=doc.id, compute_time=to_timestamp(doc.compute_time), key_place_radius_m=doc.radius_m,
                           district=convert.figures(figures_of(doc.district)),
                           subdistricts=[convert.figures(figures_of(f)) for f in doc.subdistricts])

    # ---- access ----------------------------------------------------------------------------
    def CreateAccessRequest(self, request, context):  # noqa: N802
        who = _who()
        r = request.access_request
        spec = convert.access_spec(r, tuple(c.strip() for c in r.camera_ids))
        doc = self.desk.create(spec, r.area_polygon, request.request_id, who, _scope(who), _origin())
        return access_pb(doc, self.clock())

    def GetAccessRequest(self, request, context):  # noqa: N802
        return access_pb(self.desk.get(request.id, _who()), self.clock())

    def ListAccessRequests(self, request, context):  # noqa: N802
        state = "" if request.state == pb.ACCESS_STATE_UNSPECIFIED else pb.AccessState.Name(request.state)
        docs, token = self.desk.list(_who(), state, size=request.page_size, token=request.page_token)
        now = self.clock()
        return pb.ListAccessRequestsResponse(access_requests=[access_pb(d, now) for d in docs], next_page_token=token)

    def ApproveAccessRequest(self, request, context):  # noqa: N802
        return access_pb(self.desk.approve(request.id, _who(), request.note, _origin()), self.clock())

    def DenyAccessRequest(self, request, context):  # noqa: N802
        return access_pb(self.desk.deny(request.id, _who(), request.reason, _origin()), self.clock())

    def RevokeAccessRequest(self, request, context):  # noqa: N802
        return access_pb(self.desk.revoke(request.id, _who(), request.reason, _origin()), self.clock())

    def IssuePlayToken(self, request, context):  # noqa: N802
        signed, jti, token = self.desk.issue(request.id, _who(), _origin())
        return pb.PlayToken(token=signed, jti=jti, access_request_id=token.grant_id, camera_ids=list(token.camera_ids),
                            expire_time=to_timestamp(token.expires_at))

    def CheckPlay(self, request, context):  # noqa: N802
        if not request.stream:
            raise InvalidArgument("stream is required", [FieldViolation("stream", "required")])
        decision = self.desk.check_play(token=request.token, params=request.params, stream=request.stream,
                                        app=request.app, ip=request.ip or _origin(),
                                        media_server=request.media_server_id, caller=_who().subject)
        return convert.play_response(decision)

    # ---- audit -----------------------------------------------------------------------------
    def ListAuditRecords(self, request, context):  # noqa: N802
        docs, token = self.desk.audit.list(target=request.target, actor=request.actor, size=request.page_size,
                                           token=request.page_token)
        return pb.ListAuditRecordsResponse(audit_records=[audit_pb(d) for d in docs], next_page_token=token)

    def VerifyAuditTrail(self, request, context):  # noqa: N802
        v = self.desk.audit.verify()
        out = pb.VerifyAuditTrailResponse(valid=v.ok, checked_count=v.checked, detail=v.reason)
        if not v.ok:
            out.first_invalid_seq = v.first_bad_seq
        return out


def _quarantine_pb(d: QuarantinedCamera) -> pb.QuarantinedCamera:
    return pb.QuarantinedCamera(id=d.id, camera_id=d.camera_id, reasons=d.reasons, record=d.record, source=d.source,
                                actor=d.actor, create_time=to_timestamp(d.create_time))
