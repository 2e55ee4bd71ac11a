"""Camera status in the store: keepalive batches, the timeout/outage sweep, the restart mark,
transition history and availability. Rules: domain/status.py and domain/keepalive.py.

Each camera's change is one conditional write (on its version) carrying the new liveness, and
its outage events in the outbox (`jlp.video.camera.offline` / `.online`), so an outage and its
event are never split. Transitions are inserted first with deterministic ids, so a retry after
a crash re-inserts the same documents (duplicates ignored). A camera another replica changed in
between is planned again (at most a few rounds).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from mongoengine.queryset.visitor import Q
from pymongo.errors import BulkWriteError, DuplicateKeyError

from jlp.video_index.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import atomic
from jlp_common.errors import InvalidArgument
from jlp_common.events.outbox import OutboxEvent, outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock, as_utc, to_timestamp
from jlp_video_index.domain import keepalive as plans
from jlp_video_index.domain import status
from jlp_video_index.domain.district import BY_CODE
from jlp_video_index.domain.visibility import CameraScope
from jlp_video_index.models import Camera, StatusTransition
from jlp_video_index.registry import scope_q, state_of

log = logging.getLogger(__name__)

CAMERA_OFFLINE = subjects.VIDEO_CAMERA_OFFLINE
CAMERA_ONLINE = subjects.VIDEO_CAMERA_ONLINE
ROUNDS = 3
MAX_WINDOW = timedelta(days=92)


def transition_id(camera_id: str, t: status.Transition) -> str:
    return f"{camera_id}|{int(t.at.timestamp() * 1000)}|{t.to_status.value}"


class Liveness:
    def __init__(self, tokens: PageTokens, clock: Clock, outage_threshold: timedelta,
                 on_write: Callable[[], None] = lambda: None,
                 on_status_change: Callable[[], None] = lambda: None) -> None:
        self.tokens, self.clock, self.threshold = tokens, clock, outage_threshold
        self.on_write, self.on_status_change = on_write, on_status_change

    # ---- keepalives ------------------------------------------------------------------------
    def keepalive(self, items: Sequence[plans.KeepaliveIn]) -> plans.KeepalivePlan:
        ids = {k.device_id for k in items} | {c for k in items for c, _, _ in k.channels}
        total: plans.KeepalivePlan | None = None
        changes: dict[str, plans.CameraChange] = {}
        for _ in range(ROUNDS):
            docs = {d.id: d for d in Camera.objects(Q(id__in=list(ids)) | Q(parent_device_id__in=list(ids)))}
            children: dict[str, list[str]] = defaultdict(list)
            for d in docs.values():
                if d.parent_device_id:
                    children[d.parent_device_id].append(d.id)
            plan = plans.plan_keepalives(items, {i: state_of(d) for i, d in docs.items()}, children)
            total = total or plan  # the first round's counts are the answer
            lost = self._write({cid: (docs[cid], ch) for cid, ch in plan.changes.items()})
            changes.update({c: ch for c, ch in plan.changes.items() if c not in lost})
            if not lost:
                break
            # Another writer moved these cameras: plan again against their new state (what is
            # already applied is a no-op: keepalives not newer than the last one change nothing).
        assert total is not None
        total.changes = changes
        return total

    def _write(self, changes: dict[str, tuple[Camera, plans.CameraChange]]) -> set[str]:
        """Write each change conditionally; the ids whose version moved meanwhile."""
        lost: set[str] = set()
        now = self.clock()
        for cid, (doc, change) in changes.items():
            self._insert_transitions(doc, change.transitions)
            after = change.after
            last = change.transitions[-1] if change.transitions else None
            sets = {"set__status": after.status.value, "set__status_time": after.since,
                    "set__last_keepalive": after.last_keepalive, "set__stale_since": after.stale_since,
                    "set__offline_since": after.offline_since, "set__outage_reported": after.outage_reported}
            if last is not None:
                sets["set__status_reason"] = last.reason.value
            events = [self._event(doc, change.before, e, now) for e in change.events]
            with atomic():
                won = Camera.objects(id=cid, version=doc.version).update_one(
                    **sets, inc__version=1, **({"push_all__outbox": events} if events else {}))
            if not won:
                lost.add(cid)
        if changes:
            self.on_write()
            if any(ch.transitions for _, ch in changes.values()):
                self.on_status_change()
        return lost

    def _insert_transitions(self, doc: Camera, transitions: Sequence[status.Transition]) -> None:
        if not transitions:
            return
        rows = [StatusTransition(id=transition_id(doc.id, t), camera_id=doc.id, subdistrict_code=doc.subdistrict_code,
                                 from_status=t.from_status.value, to_status=t.to_status.value, reason=t.reason.value,
                                 detail=t.detail[:200], at=t.at).to_mongo().to_dict() for t in transitions]
        try:
            with atomic():
                StatusTransition._get_collection().insert_many(rows, ordered=False)
        except (BulkWriteError, DuplicateKeyError):
            pass  # a retry: the same transitions are already there

    def _event(self, doc: Camera, before: status.CameraState, e: status.OutageEvent,
               now: datetime) -> OutboxEvent:
        outage = f"{doc.id}:{int(e.offline_since.timestamp())}"
        if e.started:
            name = BY_CODE[doc.subdistrict_code].name if doc.subdistrict_code in BY_CODE else ""
            msg = events_pb2.CameraOffline(
                outage_id=outage, camera_id=doc.id, camera_name=doc.name, status=e.status.value,
                reason=doc.status_reason or "keepalive_timeout", offline_since=to_timestamp(e.offline_since),
                detect_time=to_timestamp(now), owner_department_id=doc.owner_department_id,
                subdistrict_code=doc.subdistrict_code, grid_code=doc.grid_code, lon=doc.lon, lat=doc.lat,
                address=doc.address,
                description=f"摄像机{doc.name}({doc.id}){name}离线超过{int(self.threshold.total_seconds() // 60)}分钟")
            return outbox_event(CAMERA_OFFLINE, msg, event_id=f"offline-{outage}", subject_ref=f"cameras/{doc.id}")
        msg = events_pb2.CameraOnline(outage_id=outage, camera_id=doc.id, online_time=to_timestamp(e.at),
                                      offline_seconds=(e.at - e.offline_since).total_seconds())
        return outbox_event(CAMERA_ONLINE, msg, event_id=f"online-{outage}", subject_ref=f"cameras/{doc.id}")

    # ---- sweep and restart -----------------------------------------------------------------
    def sweep(self) -> int:
        """Timeouts and outage reports due now; the number of cameras changed."""
        now = self.clock()
        docs = {d.id: d for d in Camera.objects(
            Q(status__in=["ON", "VLOST", "DEFECT", "STALE"]) | Q(status="OFF", outage_reported=False))}
        changes = plans.sweep({i: state_of(d) for i, d in docs.items()}, now, self.threshold)
        self._write({cid: (docs[cid], ch) for cid, ch in changes.items()})
        return len(changes)

    def restart(self) -> int:
        """At start: cameras not OFF become STALE (what happened while down is unknown) — unless
        keepalives kept being recorded (another replica was serving: a rolling update or a
        scale-up is no outage of the service), judged by the newest keepalive being within the
        default timeout."""
        now = self.clock()
        newest = Camera.objects(last_keepalive__ne=None).order_by("-last_keepalive").only("last_keepalive").first()
        if newest is not None and now - as_utc(newest.last_keepalive) <= status.DEFAULT_INTERVAL * status.DEFAULT_COUNT:
            return 0
        docs = {d.id: d for d in Camera.objects(status__in=["ON", "VLOST", "DEFECT"])}
        changes = plans.restart({i: state_of(d) for i, d in docs.items()}, now)
        self._write({cid: (docs[cid], ch) for cid, ch in changes.items()})
        return len(changes)

    # ---- history and availability ------------------------------------------------------------
    def transitions(self, camera_id: str, *, size: int, token: str) -> tuple[list[StatusTransition], str]:
        size = page_size(size, default=100)
        query = {"c": camera_id}
        position = self.tokens.decode(token, query)
        q = Q(camera_id=camera_id)
        if position:
            at = datetime.fromisoformat(position["t"])
            q &= Q(at__lt=at) | Q(at=at, id__lt=position["id"])
        found = list(StatusTransition.objects(q).order_by("-at", "-id").limit(size + 1))
        return self.tokens.page(found, size, lambda d: {"t": as_utc(d.at).isoformat(), "id": d.id}, query)

    def availability(self, scope: CameraScope, start: datetime | None, end: datetime | None, *,
                     subdistrict_code: str = "", camera_id: str = "", size: int = 0,
                     token: str = "") -> tuple[datetime, datetime, list, list, status.Availability, str]:
        end = end or self.clock()
        start = start or end - timedelta(days=7)
        if end <= start:
            raise InvalidArgument.field("end_time", "must be after start_time")
        if end - start > MAX_WINDOW:
            raise InvalidArgument.field("start_time", "the window is at most 92 days")
        q = Q()
        grant = scope_q(scope)
        if grant is not None:
            q &= grant
        if subdistrict_code:
            q &= Q(subdistrict_code=subdistrict_code)
        if camera_id:
            q &= Q(id=camera_id)
        cams = list(Camera.objects(q).only("id", "subdistrict_code", "create_time").order_by("id"))
        history: dict[str, list[status.Transition]] = defaultdict(list)
        ids = [c.id for c in cams]
        for t in StatusTransition.objects(camera_id__in=ids, at__lt=end):
            history[t.camera_id].append(status.Transition(status.Status(t.from_status), status.Status(t.to_status),
                                                          status.Reason(t.reason), as_utc(t.at)))
        per = [(c, status.availability(history[c.id], start, end)) for c in cams]
        by_sub: dict[str, list[status.Availability]] = defaultdict(list)
        for c, a in per:
            by_sub[c.subdistrict_code].append(a)
        subs = sorted((code, len(items), status.combined(items)) for code, items in by_sub.items())
        district = status.combined(a for _, a in per)
        size = page_size(size, default=100)
        query = {"s": subdistrict_code, "c": camera_id, "t0": start.isoformat(), "t1": end.isoformat()}
        position = self.tokens.decode(token, query)
        rows = [(c, a) for c, a in per if not position or c.id > position["id"]]
        page, next_token = self.tokens.page(rows, size, lambda r: {"id": r[0].id}, query)
        return start, end, page, subs, district, next_token
