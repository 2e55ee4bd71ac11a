"""Wiring of the grid-event process: policy, servicers, seeding, events, background workers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from jlp.grid_event.v1 import case_pb2, category_pb2, grid_pb2, open311_pb2
from jlp_common import db, subjects
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.errors import Conflict
from jlp_common.events import Consumer, attach_events
from jlp_common.kit import ServiceApp, run_periodically
from jlp_common.pagination import PageTokens
from jlp_common.periodic import Periodic
from jlp_common.timeutil import utc_now
from jlp_grid_event import categories, department_directory, grids, models
from jlp_grid_event.cases import CaseService
from jlp_grid_event.consumers import (
    ALERTS_DURABLE,
    ALERTS_STREAM,
    ALERTS_SUBJECT,
    CAMERA_ONLINE_DURABLE,
    CAMERA_OUTAGES_DURABLE,
    CARE_ESCALATED_SUBJECT,
    CARE_ESCALATIONS_DURABLE,
    CARE_STREAM,
    CROWDING_DURABLE,
    CROWDING_STREAM,
    CROWDING_SUBJECT,
    VIDEO_ALERTS_DURABLE,
    VIDEO_STREAM,
    AlertConsumer,
    CareEscalationConsumer,
    CrowdingConsumer,
    VideoConsumer,
)
from jlp_grid_event.domain import demo_grid
from jlp_grid_event.overdue import LEASE as OVERDUE_LEASE
from jlp_grid_event.overdue import OverdueScanner
from jlp_grid_event.policy import POLICY

log = logging.getLogger(__name__)

SERVICE = "grid-event"


def seed_demo_grid() -> bool:
    """Import the generated demo grid unless a grid exists (idempotent across restarts, and
    across replicas starting together: the one that loses the generation flip keeps the other's)."""
    if grids.active_generation() != 0:
        return False
    try:
        grids.import_collection(demo_grid.feature_collection())
    except Conflict:
        return False
    return True


@dataclass
class GridEvent(ServiceApp):
    """The assembled service: the gRPC server plus the parts tests drive directly."""

    directory: grids.GridDirectory | None = None
    cases: CaseService | None = None
    scanner: OverdueScanner | None = None
    alerts: AlertConsumer | None = None
    bus: object | None = None
    relay: object | None = None
    departments: department_directory.DepartmentDirectory | None = None
    worker: Periodic | None = None  # the scanner's lease-holding background worker


def build(settings: Settings, *, verifier: TokenVerifier | None = None, connect_db: bool = True,
          bus: object | None = None, clock: Callable[[], datetime] = utc_now,
          demo: bool | None = None, background: bool = True,
          departments: department_directory.DepartmentDirectory | None = None) -> GridEvent:
    """Assemble the service. `bus` (a jlp_common.events.EventBus) enables the outbox relay and
    the alert consumer; `background=False` leaves the scanner to be driven by tests (no worker);
    `departments` replaces the identity-backed department check (tests inject a fake)."""
    app = create_app(SERVICE, settings, verifier=verifier, connect_db=connect_db)
    db.ensure_indexes(*models.ALL)
    tokens = PageTokens(settings.page_token_key)
    directory = grids.GridDirectory()
    relay = None
    if bus is not None:
        from jlp_common.events import OutboxRelay

        relay = OutboxRelay(bus, [models.CaseDoc])
    wake = relay.wake if relay is not None else (lambda: None)
    if departments is None:
        departments = department_directory.from_settings(settings)
    cases = CaseService(directory, clock=clock, on_write=wake, departments=departments)
    scanner = OverdueScanner(clock=clock, on_write=wake)
    alerts = AlertConsumer(cases)
    video = VideoConsumer(cases)
    crowding = CrowdingConsumer(cases)
    care = CareEscalationConsumer(cases)
    demo = settings.demo if demo is None else demo

    def start() -> None:
        added = categories.seed()
        if demo and seed_demo_grid():
            log.info("demo grid imported")
        directory.rebuild()
        log.info("grid-event ready", extra={"categories_added": added, "units": len(directory)})

    app.on_start(start)
    scan_every = settings.get_float("JLP_OVERDUE_SCAN_SECONDS", 30.0)  # 0 disables
    worker = run_periodically(app, OVERDUE_LEASE, scanner.scan, scan_every if background else 0,
                              clock=clock)
    if bus is not None:
        attach_events(app, bus, relay=relay, domain="grid", consumers=[
            Consumer(ALERTS_STREAM, ALERTS_DURABLE, ALERTS_SUBJECT, alerts.handle),
            Consumer(VIDEO_STREAM, VIDEO_ALERTS_DURABLE, subjects.VIDEO_DETECTION_ALERTED, video.handle_alert),
            Consumer(VIDEO_STREAM, CAMERA_OUTAGES_DURABLE, subjects.VIDEO_CAMERA_OFFLINE, video.handle_offline),
            Consumer(VIDEO_STREAM, CAMERA_ONLINE_DURABLE, subjects.VIDEO_CAMERA_ONLINE, video.handle_online),
            Consumer(CROWDING_STREAM, CROWDING_DURABLE, CROWDING_SUBJECT, crowding.handle),
            Consumer(CARE_STREAM, CARE_ESCALATIONS_DURABLE, CARE_ESCALATED_SUBJECT, care.handle)])
    from jlp_grid_event.open311 import Open311
    from jlp_grid_event.servicers import CaseServicer, CategoryServicer, GridServicer, Open311Servicer

    app.add_service(grid_pb2, GridServicer(directory, tokens), policy=POLICY)
    app.add_service(case_pb2, CaseServicer(cases, tokens), policy=POLICY)
    app.add_service(category_pb2, CategoryServicer(tokens, cases.verify_department), policy=POLICY)
    app.add_service(open311_pb2, Open311Servicer(Open311(cases)), policy=POLICY)
    return GridEvent(app, directory, cases, scanner, alerts, bus, relay, departments, worker)
