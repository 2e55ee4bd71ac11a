"""Assembles the environment service: store, registry, ingest, alert engine, events, servicer.

`build` returns an EnvironmentApp ready to `start()`; its `environment` exposes the parts
(tests drive the alert engine and the outbox relay directly instead of waiting on timers).

Configuration (JLP_*):
- JLP_ENVIRONMENT_HOUR_GRACE_MINUTES (10): how long after its end a raw-data hour is closed.
- JLP_ENVIRONMENT_ALERT_LOOKBACK_HOURS (24): hours older than this are not alerted on.
- JLP_ENVIRONMENT_SWEEP_SECONDS (60): periodic evaluation + grid resolution; 0 disables.
- JLP_NOISE_DAY_START_HOUR (6) / JLP_NOISE_NIGHT_START_HOUR (22): GB 3096 day period.
- JLP_DEMO=1: load the demo stations (and a day of simulated hourly values) at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jlp.environment.v1 import environment_pb2
from jlp_common import db, subjects
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.events import Consumer, Event, EventBus, OutboxRelay, attach_events
from jlp_common.kit import ServiceApp, run_periodically
from jlp_common.pagination import PageTokens
from jlp_common.timeutil import utc_now
from jlp_environment.alert_engine import AlertEngine, EngineSettings
from jlp_environment.alert_store import AlertStore
from jlp_environment.buckets import ReadingStore
from jlp_environment.domain.noise import DayNight
from jlp_environment.grid import GridLocator, GrpcGridLocator
from jlp_environment.ingest import Ingestor
from jlp_environment.models import ALL_DOCUMENTS, Alert
from jlp_environment.policy import POLICY
from jlp_environment.queries import Queries
from jlp_environment.rules import RuleBook
from jlp_environment.servicer import EnvironmentServicer
from jlp_environment.station_registry import StationRegistry

log = logging.getLogger(__name__)

CASE_LINKS_DURABLE = "environment-case-links"
CASE_CREATED = subjects.GRID_CASE_CREATED


@dataclass
class Environment:
    """The service's parts, for wiring and for tests."""

    settings: Settings
    clock: Callable[[], datetime]
    store: ReadingStore
    registry: StationRegistry
    rules: RuleBook
    engine: AlertEngine
    ingestor: Ingestor
    queries: Queries
    alerts: AlertStore
    bus: EventBus | None = None
    relay: OutboxRelay | None = None

    def handle_case_created(self, event: Event) -> None:
        """jlp.grid.case.created → link the case to its alert (ENVIRONMENT cases only)."""
        self.alerts.link_case(event.data)

    def sweep(self) -> None:
        """Periodic work: resolve pending grid places, evaluate hours that closed by time."""
        self.registry.resolve_pending()
        now = self.clock()
        since = now - self.engine.settings.lookback
        from jlp_environment.models import StationStatus

        recent = [s.id for s in StationStatus.objects(last_seen__gte=since).only("id")]
        self.engine.evaluate_stations(recent, now)


PENDING_RETRY_S = 5.0


SWEEP_LEASE = "environment-sweep"


def sweep_wait(env: Environment, interval_s: float) -> Callable[[], float]:
    """Seconds until the next sweep: sooner while stations wait for grid-event (typical right
    after start-up), else the interval."""

    def wait_s() -> float:
        try:
            pending = env.registry.has_pending()
        except Exception:  # noqa: BLE001 - the database probe belongs to health, not here
            pending = False
        return min(interval_s, PENDING_RETRY_S) if pending else interval_s

    return wait_s


def build_environment(settings: Settings, *, locator: GridLocator | None = None,
                      clock: Callable[[], datetime] = utc_now,
                      bus: EventBus | None = None) -> Environment:
    """The parts, on an already connected database."""
    periods = DayNight(settings.get_int("JLP_NOISE_DAY_START_HOUR", 6),
                       settings.get_int("JLP_NOISE_NIGHT_START_HOUR", 22))
    engine_settings = EngineSettings(
        grace=timedelta(minutes=settings.get_int("JLP_ENVIRONMENT_HOUR_GRACE_MINUTES", 10)),
        lookback=timedelta(hours=settings.get_int("JLP_ENVIRONMENT_ALERT_LOOKBACK_HOURS", 24)),
        periods=periods)
    tokens = PageTokens(settings.page_token_key)
    store = ReadingStore()
    registry = StationRegistry(locator or GrpcGridLocator(settings), clock, tokens)
    rules = RuleBook(clock)
    relay = OutboxRelay(bus, [Alert]) if bus is not None else None
    engine = AlertEngine(store, rules, clock, engine_settings,
                         on_outbox=relay.wake if relay is not None else (lambda: None))
    ingestor = Ingestor(store, registry, engine.evaluate_stations, clock)
    return Environment(settings, clock, store, registry, rules, engine, ingestor,
                       Queries(store, registry, clock, periods), AlertStore(clock, tokens),
                       bus, relay)


@dataclass
class EnvironmentApp(ServiceApp):
    """The running service: its gRPC server and the parts tests drive directly."""

    environment: Environment | None = None


def build(settings: Settings, *, bus: EventBus | None = None, verifier: TokenVerifier | None = None,
          locator: GridLocator | None = None, clock: Callable[[], datetime] = utc_now,
          connect_db: bool = True, demo: bool | None = None) -> EnvironmentApp:
    """The environment gRPC server with its background work hooked to start/stop. Without
    `bus`, events wait in the outbox and no consumer runs."""
    app = create_app("environment", settings, verifier=verifier, connect_db=connect_db)
    env = build_environment(settings, locator=locator, clock=clock, bus=bus)
    app.add_service(environment_pb2, EnvironmentServicer(env.registry, env.ingestor, env.queries,
                                                         env.alerts, env.rules, clock),
                    policy=POLICY)
    load_demo = demo if demo is not None else settings.demo

    def on_start() -> None:
        db.ensure_indexes(*ALL_DOCUMENTS)
        env.rules.ensure_defaults()
        if load_demo:
            from jlp_environment.demo import load_demo as load

            load(env)

    app.on_start(on_start)
    # one replica sweeps at a time (a lease); 0 disables
    sweep_every = settings.get_float("JLP_ENVIRONMENT_SWEEP_SECONDS", 60.0)
    run_periodically(app, SWEEP_LEASE, env.sweep, sweep_every, clock=clock,
                     wait_s=sweep_wait(env, sweep_every))
    if bus is not None:
        attach_events(app, bus, relay=env.relay, domain="environment", consumers=[
            Consumer("JLP_GRID", CASE_LINKS_DURABLE, CASE_CREATED, env.handle_case_created)])
    return EnvironmentApp(app, env)
