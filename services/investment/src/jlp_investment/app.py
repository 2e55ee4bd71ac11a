"""Wiring of the investment process: store, stage configuration, stores, servicer, events.

Configuration (JLP_*): JLP_PII_KEY (contact data at rest, settings.py) and the
platform's own; JLP_DEMO=1 loads the demo parks' parcels, buildings, investors and pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from jlp.investment.v1 import investment_pb2
from jlp_common import db
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.events import EventBus, OutboxRelay, attach_events
from jlp_common.kit import ServiceApp
from jlp_common.pagination import PageTokens
from jlp_common.timeutil import utc_now
from jlp_investment.investor_store import Investors
from jlp_investment.models import ALL, ProjectDoc
from jlp_investment.person_checks import PersonChecks
from jlp_investment.policy import POLICY
from jlp_investment.project_store import Projects
from jlp_investment.queries import Queries
from jlp_investment.servicer import InvestmentServicer
from jlp_investment.settings import pii_cipher
from jlp_investment.site_store import Sites
from jlp_investment.stage_configs import StageConfigs
from jlp_investment.supervision_store import SupervisionItems

COMPONENT = "investment"


@dataclass
class Investment:
    """The service's parts, for wiring and for tests."""

    configs: StageConfigs
    investors: Investors
    projects: Projects
    items: SupervisionItems
    sites: Sites
    queries: Queries
    relay: OutboxRelay | None = None


@dataclass
class InvestmentApp(ServiceApp):
    """The running service and the parts tests drive directly."""

    investment: Investment | None = None


def build(settings: Settings, *, bus: EventBus | None = None, verifier: TokenVerifier | None = None,
          clock: Callable[[], datetime] = utc_now, connect_db: bool = True,
          demo: bool | None = None) -> InvestmentApp:
    """Assemble the service. Without `bus`, events wait in the projects' outboxes."""
    app = create_app(COMPONENT, settings, verifier=verifier, connect_db=connect_db)
    relay = OutboxRelay(bus, [ProjectDoc]) if bus is not None else None
    tokens = PageTokens(settings.page_token_key)
    configs = StageConfigs(clock)
    projects = Projects(configs, tokens, clock, on_write=relay.wake if relay is not None else (lambda: None))
    cipher = pii_cipher(settings)
    parts = Investment(configs, Investors(cipher, tokens, clock), projects,
                       SupervisionItems(tokens, clock), Sites(tokens, clock), Queries(projects, configs, clock), relay)
    app.add_service(investment_pb2, InvestmentServicer(parts.investors, parts.projects, parts.items, parts.sites,
                                                       parts.configs, parts.queries, PersonChecks(cipher, clock)),
                    policy=POLICY)
    load_demo = settings.demo if demo is None else demo

    def on_start() -> None:
        db.ensure_indexes(*ALL)
        configs.ensure_default()
        if load_demo:
            from jlp_investment.demo_loader import load_demo as load

            load(clock)

    app.on_start(on_start)
    if bus is not None:
        attach_events(app, bus, relay=relay, domain="investment")
    return InvestmentApp(app, parts)
