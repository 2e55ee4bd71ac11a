"""Wiring of the grid-event process: policy, servicers, seeding, events, background workers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from jlp.grid_event.v1 import case_pb2, case_pb2_grpc, category_pb2, category_pb2_grpc, grid_pb2, grid_pb2_grpc
from jlp_common import db
from jlp_common.auth import PUBLIC, TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.errors import Conflict
from jlp_common.events import Consumer, attach_events
from jlp_common.grpc_server import GrpcApp, policy_for, service_name_of
from jlp_common.pagination import PageTokens
from jlp_common.periodic import Periodic
from jlp_common.timeutil import utc_now
from jlp_grid_event import categories, department_directory, grids, models
from jlp_grid_event.cases import CaseService
from jlp_grid_event.consumers import ALERTS_DURABLE, ALERTS_STREAM, ALERTS_SUBJECT, AlertConsumer
from jlp_grid_event.domain import demo_grid
from jlp_grid_event.overdue import OverdueScanner

log = logging.getLogger(__name__)

SERVICE = "grid-event"
GRID_POLICY = {"LocateGrid": PUBLIC, "GetGrid": "grid:grid.read", "ListGrids": "grid:grid.read",
               "ImportGrids": "grid:grid.admin"}
CASE_POLICY = {
    "CreateCase": "grid:case.report",
    "GetCase": "authenticated",  # staff with grid:case.read, or the case's own reporters
    "ListCases": "authenticated",  # without grid:case.read: only the caller's own reports
    "RegisterCase": "grid:case.register", "RejectCase": "grid:case.reject",
    "DispatchCase": "grid:case.dispatch", "StartCase": "grid:case.handle",
    "ResolveCase": "grid:case.handle", "ReturnCase": "grid:case.handle",
    "CloseCase": "grid:case.verify", "ReopenCase": "grid:case.verify",
    "CancelCase": "grid:case.cancel", "GetCaseStats": "grid:stats.read",
    "ListPublicCases": PUBLIC,  # Open311 reads: redacted PublicCase only
}
CATEGORY_POLICY = {"ListCategories": PUBLIC, "GetCategory": PUBLIC,
                   "CreateCategory": "grid:category.admin", "UpdateCategory": "grid:category.admin"}


def policy() -> dict[str, str]:
    return {**policy_for(grid_pb2, "GridService", GRID_POLICY),
            **policy_for(case_pb2, "CaseService", CASE_POLICY),
            **policy_for(category_pb2, "CategoryService", CATEGORY_POLICY)}


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
class GridEvent:
    """The assembled service: the gRPC app plus the parts tests drive directly."""

    app: GrpcApp
    directory: grids.GridDirectory
    cases: CaseService
    scanner: OverdueScanner
    alerts: AlertConsumer
    bus: object | None = None
    relay: object | None = None
    departments: department_directory.DepartmentDirectory | None = None
    worker: Periodic | None = None  # the scanner's lease-holding background worker


def build(settings: Settings, verifier: TokenVerifier | None = None, *, connect_db: bool = True,
          bus: object | None = None, clock: Callable[[], datetime] = utc_now,
          demo: bool | None = None, background: bool = True,
          departments: department_directory.DepartmentDirectory | None = None) -> GridEvent:
    """Assemble the service. `bus` (a jlp_common.events.EventBus) enables the outbox relay and
    the alert consumer; `background=False` leaves the scanner to be driven by tests;
    `departments` replaces the identity-backed department check (tests inject a fake)."""
    app = create_app(SERVICE, policy(), settings, verifier=verifier, connect_db=connect_db)
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
    scan_every = settings.get_float("JLP_OVERDUE_SCAN_SECONDS", 30.0)
    worker = scanner.worker(scan_every) if scan_every > 0 else None  # 0 disables
    alerts = AlertConsumer(cases)
    demo = settings.demo if demo is None else demo

    def start() -> None:
        added = categories.seed()
        if demo and seed_demo_grid():
            log.info("demo grid imported")
        directory.rebuild()
        log.info("grid-event ready", extra={"categories_added": added, "units": len(directory)})
        if background and worker is not None:
            worker.start()

    app.on_start(start)
    if worker is not None:
        app.on_stop(worker.stop)
    if bus is not None:
        attach_events(app, bus, relay=relay, domain="grid", consumers=[
            Consumer(ALERTS_STREAM, ALERTS_DURABLE, ALERTS_SUBJECT, alerts.handle)])
    from jlp_grid_event.servicers import CaseServicer, CategoryServicer, GridServicer

    app.add_servicer(grid_pb2_grpc.add_GridServiceServicer_to_server, GridServicer(directory, tokens),
                     service_name_of(grid_pb2, "GridService"))
    app.add_servicer(case_pb2_grpc.add_CaseServiceServicer_to_server, CaseServicer(cases, tokens),
                     service_name_of(case_pb2, "CaseService"))
    app.add_servicer(category_pb2_grpc.add_CategoryServiceServicer_to_server,
                     CategoryServicer(tokens, cases.verify_department),
                     service_name_of(category_pb2, "CategoryService"))
    return GridEvent(app, directory, cases, scanner, alerts, bus, relay, departments, worker)
