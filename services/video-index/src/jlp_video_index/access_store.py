"""Stream access in the store: requests, decisions, play tokens, the media server's play check,
revocation — every step written to the audit trail. Rules: domain/access.py, play_token.py.

Each state change is one conditional write on the request's version carrying its event
(`jlp.video.access.decided` / `.revoked`) in the outbox. The audit record follows the write;
a crash between the two loses at most that record's line, never grants access without a
decision (the decision is the write).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp.video_index.v1 import events_pb2
from jlp_common.atomic import atomic
from jlp_common.auth import Principal
from jlp_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.subjects import subject
from jlp_common.timeutil import Clock, as_utc, to_timestamp
from jlp_video_index.audit import AuditTrail
from jlp_video_index.domain import access, play_token
from jlp_video_index.domain.geometry import parse_ring
from jlp_video_index.domain.visibility import CameraScope
from jlp_video_index.models import AccessRequest, Camera
from jlp_video_index.registry import Registry, scope_q
from jlp_video_index.settings import VideoSettings

ACCESS_DECIDED = subject("video", "access", "decided")
ACCESS_REVOKED = subject("video", "access", "revoked")
APPROVE = "video:access.approve"
AUDIT = "video:audit.read"
JSON_FIELDS = {"kind": "kind", "cameraIds": "camera_ids", "purpose": "purpose", "legalBasis": "legal_basis",
               "startTime": "start_time", "endTime": "end_time", "playbackStartTime": "playback_start_time",
               "playbackEndTime": "playback_end_time"}


def grant_of(doc: AccessRequest) -> access.Grant:
    return access.Grant(
        id=doc.id, requester=doc.requester, requester_department_id=doc.requester_department_id,
        kind=access.AccessKind(doc.kind), camera_ids=tuple(doc.camera_ids), start=as_utc(doc.start),
        end=as_utc(doc.end), purpose=doc.purpose, legal_basis=doc.legal_basis, state=access.AccessState(doc.state),
        decided_by=doc.decided_by, decided_at=as_utc(doc.decided_at), decision_note=doc.decision_note,
        revoked_by=doc.revoked_by, revoked_at=as_utc(doc.revoked_at), revoke_reason=doc.revoke_reason,
        tokens_issued=doc.tokens_issued)


class AccessDesk:
    def __init__(self, tokens: PageTokens, clock: Clock, settings: VideoSettings, registry: Registry,
                 audit: AuditTrail, on_write: Callable[[], None] = lambda: None) -> None:
        self.tokens, self.clock, self.settings = tokens, clock, settings
        self.registry, self.audit, self.on_write = registry, audit, on_write

    # ---- requests ------------------------------------------------------------------------
    def create(self, spec: access.AccessSpec, area_polygon: str, request_id: str, who: Principal,
               scope: CameraScope, origin: str) -> AccessRequest:
        if request_id:
            done = AccessRequest.objects(requester=who.subject, request_id=request_id).first()
            if done is not None:
                return done
        if area_polygon and spec.camera_ids:
            raise InvalidArgument.field("access_request.area_polygon", "give cameras or an area, not both")
        if area_polygon:
            try:
                ring = parse_ring(area_polygon, "area_polygon")
            except ValueError as exc:
                raise InvalidArgument.field("access_request.area_polygon", str(exc)) from None
            min_lon, min_lat, max_lon, max_lat = ring.bounds
            q = Q(lon__gte=min_lon, lat__gte=min_lat, lon__lte=max_lon, lat__lte=max_lat)
            grant = scope_q(scope)
            cands = [(c.id, c.lon, c.lat) for c in Camera.objects(q & grant if grant is not None else q)
                     .only("id", "lon", "lat")]
            from shapely.geometry import Point

            spec = access.AccessSpec(**{**vars(spec), "camera_ids": access.cameras_in_area(
                cands, lambda lon, lat: ring.intersects(Point(lon, lat)))})
        now = self.clock()
        problems = access.check_request(spec, now)
        if problems:
            raise InvalidArgument("the access request is not valid", [
                FieldViolation("access_request." + JSON_FIELDS.get(v.field, v.field), v.description)
                for v in problems])
        hidden = set(spec.camera_ids) - self.registry.visible_ids(spec.camera_ids, scope)
        if hidden:
            raise NotFound("Camera", sorted(hidden)[0])
        assert spec.kind and spec.start and spec.end
        doc = AccessRequest(
            id=uuid.uuid4().hex, request_id=request_id, kind=spec.kind.value, camera_ids=list(spec.camera_ids),
            area_polygon=area_polygon, purpose=spec.purpose.strip(), legal_basis=spec.legal_basis.strip(),
            start=spec.start, end=spec.end, playback_start=spec.playback_start, playback_end=spec.playback_end,
            requester=who.subject, requester_department_id=who.department, create_time=now)
        try:
            with atomic():
                doc.save(force_insert=True)
        except DuplicateKeyError:  # pragma: no cover - uuid collision
            raise Conflict("try again") from None
        self.audit.record("access.requested", actor=who.subject, target=f"accessRequests/{doc.id}", origin=origin,
                          details={"department": who.department, "kind": doc.kind, "purpose": doc.purpose,
                                   "legal_basis": doc.legal_basis, "cameras": ",".join(doc.camera_ids),
                                   "window": f"{doc.start.isoformat()}/{doc.end.isoformat()}"})
        return doc

    def get(self, request_id: str, who: Principal) -> AccessRequest:
        doc = AccessRequest.objects(id=request_id).first()
        if doc is None or not (doc.requester == who.subject or who.has(APPROVE) or who.has(AUDIT)):
            raise NotFound("AccessRequest", request_id)
        return doc

    def list(self, who: Principal, state: str, *, size: int, token: str) -> tuple[list[AccessRequest], str]:
        size = page_size(size, default=50)
        query = {"s": state, "who": "" if who.has(APPROVE) else who.subject}
        position = self.tokens.decode(token, query)
        q = Q() if who.has(APPROVE) else Q(requester=who.subject)
        if state:
            q &= Q(state=state)
        if position:
            at = datetime.fromisoformat(position["t"])
            q &= Q(create_time__lt=at) | Q(create_time=at, id__lt=position["id"])
        found = list(AccessRequest.objects(q).order_by("-create_time", "-id").limit(size + 1))
        return self.tokens.page(found, size, lambda d: {"t": as_utc(d.create_time).isoformat(), "id": d.id}, query)

    # ---- decisions -----------------------------------------------------------------------
    def _decide(self, request_id: str, who: Principal, origin: str, action: str,
                step: Callable[[access.Grant, datetime], access.Grant], note: str) -> AccessRequest:
        doc = self.get(request_id, who)
        now = self.clock()
        before = grant_of(doc)
        try:
            after = step(before, now)
        except Exception as exc:
            self.audit.record(action, actor=who.subject, target=f"accessRequests/{doc.id}", result="refused",
                              origin=origin, details={"department": who.department, "reason": str(exc),
                                                      "note": note})
            raise
        if after == before:
            return doc  # idempotent repeat
        sets = {"set__state": after.state.value, "set__decided_by": after.decided_by,
                "set__decided_at": after.decided_at, "set__decision_note": after.decision_note,
                "set__revoked_by": after.revoked_by, "set__revoked_at": after.revoked_at,
                "set__revoke_reason": after.revoke_reason}
        if after.state is access.AccessState.REVOKED:
            event = outbox_event(ACCESS_REVOKED, events_pb2.AccessRevoked(
                access_request_id=doc.id, revoked_by=who.subject, reason=after.revoke_reason,
                revoke_time=to_timestamp(now)), subject_ref=f"accessRequests/{doc.id}")
        else:
            event = outbox_event(ACCESS_DECIDED, events_pb2.AccessDecided(
                access_request_id=doc.id, decision=after.state.value, requester=doc.requester,
                decided_by=who.subject, camera_ids=list(doc.camera_ids), decide_time=to_timestamp(now),
                window_end_time=to_timestamp(as_utc(doc.end))), subject_ref=f"accessRequests/{doc.id}")
        with atomic():
            won = AccessRequest.objects(id=doc.id, version=doc.version).update_one(
                **sets, inc__version=1, push__outbox=event)
        if not won:
            raise Conflict(f"access request {doc.id} changed meanwhile; read it again")
        self.on_write()
        self.audit.record(action, actor=who.subject, target=f"accessRequests/{doc.id}", origin=origin,
                          details={"department": who.department, "note": note, "requester": doc.requester})
        return AccessRequest.objects(id=doc.id).first()

    def approve(self, request_id: str, who: Principal, note: str, origin: str) -> AccessRequest:
        return self._decide(request_id, who, origin, "access.approved",
                            lambda g, now: access.approve(g, who.subject, now, note), note)

    def deny(self, request_id: str, who: Principal, reason: str, origin: str) -> AccessRequest:
        if not reason.strip():
            raise InvalidArgument.field("reason", "required")
        return self._decide(request_id, who, origin, "access.denied",
                            lambda g, now: access.deny(g, who.subject, now, reason), reason)

    def revoke(self, request_id: str, who: Principal, reason: str, origin: str) -> AccessRequest:
        if not reason.strip():
            raise InvalidArgument.field("reason", "required")
        return self._decide(request_id, who, origin, "access.revoked",
                            lambda g, now: access.revoke(g, who.subject, now, reason), reason)

    # ---- tokens and play checks ----------------------------------------------------------
    def issue(self, request_id: str, who: Principal, origin: str) -> tuple[str, str, access.TokenGrant]:
        doc = self.get(request_id, who)
        now = self.clock()
        try:
            _, token = access.issue(grant_of(doc), who.subject, now, self.settings.token_ttl)
        except Exception as exc:
            self.audit.record("token.issued", actor=who.subject, target=f"accessRequests/{doc.id}", result="refused",
                              origin=origin, details={"reason": str(exc)})
            raise
        jti = uuid.uuid4().hex
        signed = play_token.sign(token, jti, self.settings.play_key, self.settings.play_kid)
        with atomic():
            AccessRequest.objects(id=doc.id).update_one(inc__tokens_issued=1)
        self.audit.record("token.issued", actor=who.subject, target=f"accessRequests/{doc.id}", origin=origin,
                          details={"jti": jti, "cameras": ",".join(token.camera_ids),
                                   "expires": token.expires_at.isoformat()})
        return signed, jti, token

    def check_play(self, *, token: str, params: str, stream: str, app: str, ip: str, media_server: str,
                   caller: str) -> play_token.PlayDecision:
        now = self.clock()
        raw = play_token.token_from(params, token)
        grant = None
        try:
            claims: play_token.PlayClaims | play_token.TokenError = play_token.verify(
                raw, {self.settings.play_kid: self.settings.play_key}, now)
        except play_token.TokenError as exc:
            claims = exc
        if isinstance(claims, play_token.PlayClaims):
            doc = AccessRequest.objects(id=claims.grant_id).first()
            grant = grant_of(doc) if doc is not None else None
        decision = play_token.check_play(claims, stream, grant, now)
        self.audit.record("play.allowed" if decision.allowed else "play.denied",
                          actor=decision.subject or caller,
                          target=f"cameras/{decision.camera_id}" if decision.camera_id else f"streams/{stream[:80]}",
                          result="allow" if decision.allowed else "deny", origin=ip,
                          details={"reason": decision.reason, "jti": decision.jti, "grant": decision.grant_id,
                                   "media_server": media_server, "app": app, "stream": stream[:120],
                                   "hook_caller": caller})
        return decision
