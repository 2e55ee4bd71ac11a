"""Wiring of the tourism process: store, key ring, the parts, servicer, events, sweeps, demo.

Configuration (JLP_*, see settings.py): JLP_PII_KEY, JLP_TOURISM_QR_KEYS, the no-show lock
(JLP_TOURISM_NO_SHOW_THRESHOLD / _WINDOW_DAYS / _LOCK_DAYS), JLP_TOURISM_SWEEP_SECONDS;
JLP_DEMO=1 loads the district's scenic spots and today's gate counts so far.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jlp.tourism.v1 import tourism_pb2
from jlp_common import db
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import ConfigError, Settings
from jlp_common.events import EventBus, OutboxRelay, attach_events
from jlp_common.kit import ServiceApp, run_periodically
from jlp_common.pagination import PageTokens
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import utc_now
from jlp_tourism import qrkeys
from jlp_tourism.bookings import Bookings
from jlp_tourism.domain.noshow import NoShowPolicy
from jlp_tourism.flows import Flows
from jlp_tourism.gates import Gates
from jlp_tourism.models import ALL, WITH_OUTBOX
from jlp_tourism.policy import POLICY
from jlp_tourism.servicer import TourismServicer
from jlp_tourism.spots import Spots
from jlp_tourism.tickets import Tickets

COMPONENT = "tourism"
log = logging.getLogger(__name__)


def pii_key(settings: Settings) -> bytes:
    """JLP_PII_KEY, the visitors' identity-number cipher key (see `Settings.secret_key`)."""
    return settings.secret_key("JLP_PII_KEY")


@dataclass
class Tourism:
    """The service's parts, for wiring and for tests."""

    spots: Spots
    bookings: Bookings
    tickets: Tickets
    gates: Gates
    flows: Flows
    keys: qrkeys.KeyRing
    clock: Callable[[], datetime]
    relay: OutboxRelay | None = None

    def sweep(self) -> None:
        """Periodic work: finish interrupted bookings and cancels, mark no-shows."""
        self.bookings.recover()
        self.tickets.recover()
        self.tickets.mark_no_shows()


def build_tourism(settings: Settings, *, clock: Callable[[], datetime] = utc_now,
                  bus: EventBus | None = None, keys: qrkeys.KeyRing | None = None) -> Tourism:
    tokens = PageTokens(settings.page_token_key)
    relay = OutboxRelay(bus, list(WITH_OUTBOX)) if bus is not None else None
    wake = relay.wake if relay is not None else (lambda: None)
    policy = NoShowPolicy(settings.get_int("JLP_TOURISM_NO_SHOW_THRESHOLD", 3),
                          timedelta(days=settings.get_int("JLP_TOURISM_NO_SHOW_WINDOW_DAYS", 90)),
                          timedelta(days=settings.get_int("JLP_TOURISM_NO_SHOW_LOCK_DAYS", 30)))
    try:
        policy.check("JLP_TOURISM_NO_SHOW")
    except Exception as exc:  # noqa: BLE001 - reported as a configuration error naming the variables
        raise ConfigError(str(exc)) from None
    keys = keys or qrkeys.from_settings(settings)
    spots = Spots(tokens, clock)
    flows = Flows(spots, clock, wake)
    bookings = Bookings(spots, PiiCipher(pii_key(settings)), keys, clock, policy, flows.sales_open, wake)
    tickets = Tickets(spots, tokens, clock, policy, wake)
    gates = Gates(spots, keys, tokens, clock, wake)
    return Tourism(spots, bookings, tickets, gates, flows, keys, clock, relay)


@dataclass
class TourismApp(ServiceApp):
    """The running service and the parts tests drive directly."""

    tourism: Tourism | None = None


def build(settings: Settings, *, bus: EventBus | None = None, verifier: TokenVerifier | None = None,
          connect_db: bool = True, clock: Callable[[], datetime] = utc_now, demo: bool | None = None,
          keys: qrkeys.KeyRing | None = None) -> TourismApp:
    """Assemble the service. Without `bus`, events wait in their outboxes."""
    app = create_app(COMPONENT, settings, verifier=verifier, connect_db=connect_db)
    tourism = build_tourism(settings, clock=clock, bus=bus, keys=keys)
    app.add_service(tourism_pb2, TourismServicer(tourism.spots, tourism.bookings, tourism.tickets,
                                                 tourism.gates, tourism.flows, tourism.keys), policy=POLICY)
    load_demo = demo if demo is not None else settings.demo

    def on_start() -> None:
        db.ensure_indexes(*ALL)
        tourism.sweep()
        if load_demo:
            from jlp_tourism.demo import load_demo as load

            load(tourism)

    app.on_start(on_start)
    # one replica at a time (a lease); every step of the sweep is a conditional write anyway
    run_periodically(app, "tourism-sweep", tourism.sweep, settings.get_float("JLP_TOURISM_SWEEP_SECONDS", 60.0),
                     clock=clock)
    if bus is not None:
        attach_events(app, bus, relay=tourism.relay, domain="tourism")
    return TourismApp(app, tourism)
