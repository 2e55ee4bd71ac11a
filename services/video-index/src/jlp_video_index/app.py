"""Assembles the video-index service: store, registry, liveness, detections, rules, coverage,
access desk with its audit trail, the periodic sweep, events, servicer.

`build` returns a VideoIndexApp ready to `start()`; its `parts` are what tests drive directly
(the sweep, the restart mark) instead of waiting on timers. Variables: settings.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from jlp.video_index.v1 import video_index_pb2
from jlp_common import db
from jlp_common.audit_anchor import AnchorKey, AuditAnchors, bus_publisher, checkpoint_interval_s
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.events import EventBus, OutboxRelay, attach_events
from jlp_common.kit import ServiceApp, run_periodically
from jlp_common.pagination import PageTokens
from jlp_common.timeutil import Clock, utc_now
from jlp_video_index.access_store import AccessDesk
from jlp_video_index.audit import AuditTrail
from jlp_video_index.coverage_store import CoverageBook
from jlp_video_index.detection_store import DetectionStore
from jlp_video_index.domain import coverage
from jlp_video_index.domain.demo import KEY_PLACES
from jlp_video_index.grid import GridLocator, GrpcGridLocator
from jlp_video_index.liveness import Liveness
from jlp_video_index.models import ALL_DOCUMENTS, AccessRequest, Camera, CoverageSnapshot, Detection
from jlp_video_index.policy import POLICY
from jlp_video_index.registry import Registry
from jlp_video_index.rules import RuleBook
from jlp_video_index.servicer import VideoIndexServicer
from jlp_video_index.settings import VideoSettings

log = logging.getLogger(__name__)

COMPONENT = "video-index"
SWEEP_LEASE = "video-index-sweep"
CHECKPOINT_LEASE = "video-index-audit-checkpoint"


@dataclass
class Parts:
    settings: VideoSettings
    clock: Clock
    registry: Registry
    liveness: Liveness
    detections: DetectionStore
    rules: RuleBook
    coverage: CoverageBook
    audit: AuditTrail
    desk: AccessDesk
    relay: OutboxRelay | None = None

    def sweep(self) -> None:
        """Periodic work: keepalive timeouts and outages, open detections past the maximum,
        detections past their retention, pending grid places, coverage when something changed."""
        self.liveness.sweep()
        self.detections.close_overdue()
        self.detections.purge_expired()
        self.registry.resolve_pending()
        self.coverage.recompute_if_changed()


def build_parts(settings: Settings, *, bus: EventBus | None = None, locator: GridLocator | None = None,
                clock: Clock = utc_now, key_places: Sequence[coverage.KeyPlace] | None = None) -> Parts:
    video = VideoSettings.from_settings(settings)
    key_places = key_places if key_places is not None else (video.key_places or KEY_PLACES)
    tokens = PageTokens(settings.page_token_key)
    relay = OutboxRelay(bus, [Camera, Detection, AccessRequest, CoverageSnapshot]) if bus is not None else None
    wake = relay.wake if relay is not None else (lambda: None)
    book = CoverageBook(clock, key_places, video.key_place_radius_m)

    def changed() -> None:
        book.mark_changed()
        wake()

    registry = Registry(tokens, clock, locator or GrpcGridLocator(settings), on_write=changed)
    liveness = Liveness(tokens, clock, video.outage_threshold, on_write=wake, on_status_change=book.mark_changed)
    store = DetectionStore(tokens, clock, video.max_open, on_write=wake)
    anchors = AuditAnchors(COMPONENT, AnchorKey.from_settings(settings, COMPONENT), clock=clock,
                           publish=bus_publisher(bus, "video") if bus is not None else None)
    audit = AuditTrail(clock, tokens, anchors)
    desk = AccessDesk(tokens, clock, video, registry, audit, on_write=wake)
    return Parts(video, clock, registry, liveness, store, RuleBook(clock), book, audit, desk, relay)


@dataclass
class VideoIndexApp(ServiceApp):
    """The running service and the parts tests drive directly."""

    parts: Parts | None = None


def build(settings: Settings, *, bus: EventBus | None = None, verifier: TokenVerifier | None = None,
          locator: GridLocator | None = None, clock: Clock = utc_now, connect_db: bool = True,
          demo: bool | None = None) -> VideoIndexApp:
    """Assemble the service. Without `bus`, events wait in their outboxes."""
    app = create_app(COMPONENT, settings, verifier=verifier, connect_db=connect_db)
    parts = build_parts(settings, bus=bus, locator=locator, clock=clock)
    app.add_service(video_index_pb2, VideoIndexServicer(parts.registry, parts.liveness, parts.detections,
                                                        parts.rules, parts.coverage, parts.desk, clock),
                    policy=POLICY)
    load_demo = demo if demo is not None else settings.demo

    def on_start() -> None:
        db.ensure_indexes(*ALL_DOCUMENTS)
        parts.liveness.restart()  # what happened while no replica watched is unknown: STALE
        if load_demo:
            from jlp_video_index.seed import load_demo as load

            load(parts)

    app.on_start(on_start)
    run_periodically(app, SWEEP_LEASE, parts.sweep, parts.settings.sweep_s, clock=clock)  # 0 disables
    # Signs the stream-access audit trail's head outside the database's reach, on one replica.
    checkpoint_s = checkpoint_interval_s(settings)
    run_periodically(app, CHECKPOINT_LEASE, parts.audit.checkpoint, checkpoint_s, clock=clock)
    if bus is not None:
        attach_events(app, bus, relay=parts.relay, domain="video")
    return VideoIndexApp(app, parts)
