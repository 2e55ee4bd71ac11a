"""Assembles the social-security service: registries, stores, the run worker, the scanner,
events and the servicer.

`build` returns a SocialSecurityApp ready to `start()`; its `parts` are what tests drive
directly (the run worker, the scanner, the outbox relay) instead of waiting on timers.
Configuration: see settings.VARIABLES; JLP_DEMO=1 loads the synthetic demo district at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from jlp.social_security.v1 import social_security_pb2
from jlp_common import db, subjects
from jlp_common.audit_anchor import AnchorKey, AuditAnchors, bus_publisher, checkpoint_interval_s
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.events import Consumer, Event, EventBus, OutboxRelay, attach_events
from jlp_common.kit import ServiceApp, run_periodically
from jlp_common.pagination import PageTokens
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import utc_now
from jlp_social_security import config
from jlp_social_security.aid_sources import DEFAULT_TIMEOUT_S, default_sources
from jlp_social_security.aid_verification import AidVerification, household_facts
from jlp_social_security.audit_log import AuditLog
from jlp_social_security.benefit_claims import BenefitClaims, PreconditionFacts
from jlp_social_security.contributions import Contributions
from jlp_social_security.domain.aid_checks import Subject
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.contributions import contribution_months
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.elderly_care import ElderlyCare
from jlp_social_security.enrolments import Enrolments
from jlp_social_security.household_registry import HouseholdRegistry
from jlp_social_security.models import ALL, WITH_OUTBOX
from jlp_social_security.person_registry import PersonRegistry
from jlp_social_security.policy import POLICY
from jlp_social_security.servicer import SocialSecurityServicer
from jlp_social_security.settings import pii_key

log = logging.getLogger(__name__)
COMPONENT = "social-security"
SCAN_LEASE = "social-security-scan"
CHECKPOINT_LEASE = "social-security-audit-checkpoint"
RECHECK_DURABLE = "social-security-aid-recheck"


@dataclass
class SocialSecurity:
    """The service's parts, for wiring and for tests."""

    settings: Settings
    clock: Callable[[], datetime]
    audit: AuditLog
    persons: PersonRegistry
    households: HouseholdRegistry
    enrolments: Enrolments
    contributions: Contributions
    claims: BenefitClaims
    aid: AidVerification
    care: ElderlyCare
    relay: OutboxRelay | None = None

    def scan(self) -> None:
        """Periodic work: resume dead workers' runs, expire care offers, escalate overdue
        emergencies, recount provider loads. Every step is idempotent."""
        self.contributions.resume_stale()
        self.care.expire_offers()
        self.care.escalate_overdue()
        self.care.reconcile_loads()

    def subjects_of(self, household: dict) -> list[Subject]:
        out = []
        for m in household["members"]:
            person = self.persons.get(m["person_id"])
            out.append(Subject(person["_id"], person["id_hash"], self.persons.id_number_of(person)))
        return out

    def recheck(self, event: Event) -> None:
        """A household changed: verify it again (same purpose and consent as its last check),
        unless checked within the quiet period. Without an earlier check there is no consent
        to reuse, so nothing is asked."""
        household_id = event.data.get("householdId", "")
        if not household_id or not self.aid.should_recheck(event.nats_subject or event.type, household_id):
            return
        last = self.aid.collection().find_one({"household_id": household_id}, sort=[("create_time", -1)])
        if last is None:
            return
        household = self.households.get(household_id)
        self.aid.run(household_id, self.subjects_of(household), household_facts(household), last["purpose"],
                     last["consent_id"], "system", trigger="EVENT", request_id=f"recheck-{event.id}")


def build_parts(settings: Settings, *, clock: Callable[[], datetime] = utc_now,
                bus: EventBus | None = None) -> SocialSecurity:
    """The parts, on an already connected database."""
    tokens = PageTokens(settings.page_token_key)
    relay = OutboxRelay(bus, list(WITH_OUTBOX)) if bus is not None else None
    wake = relay.wake if relay is not None else (lambda: None)
    audit = AuditLog(tokens, clock, AuditAnchors(
        COMPONENT, AnchorKey.from_settings(settings, COMPONENT), clock=clock,
        publish=bus_publisher(bus, "social") if bus is not None else None))
    persons = PersonRegistry(PiiCipher(pii_key(settings)), audit, tokens, clock=clock, on_write=wake)
    households = HouseholdRegistry(persons.exists, tokens, clock=clock, on_write=wake,
                                   protect=persons.protect_address)
    enrolments = Enrolments(clock=clock, on_write=wake, tokens=tokens)
    book = config.schedule_book(settings.get("JLP_SOCIAL_SCHEDULES_FILE") or None)
    contributions = Contributions(book, enrolments, tokens, clock=clock, on_write=wake,
                                  batch_size=settings.get_int("JLP_SOCIAL_RUN_BATCH", 200))

    def months(person_id: str, until: date) -> int:
        return contribution_months(contributions.records_of(person_id, InsuranceType.PENSION),
                                   until=Month.of(until))

    claims = BenefitClaims(PreconditionFacts(enrolments.of_person, persons.facts, months), tokens, clock=clock,
                           on_write=wake)
    configured, rules, recheck = config.aid_monitoring(settings.get("JLP_SOCIAL_AID_FILE") or None)
    sources = default_sources(enrolments.of_person, lambda: clock().date(), identity_addr=settings.addr("identity"),
                              investment_addr=settings.addr("investment"),
                              timeout_s=settings.get_float("JLP_SOCIAL_SOURCE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_S))
    aid = AidVerification(sources, configured, rules, recheck, tokens, clock=clock, on_write=wake)
    care = ElderlyCare(config.care_policy(settings.get("JLP_SOCIAL_CARE_FILE") or None), tokens, clock=clock,
                       on_write=wake)
    return SocialSecurity(settings, clock, audit, persons, households, enrolments, contributions, claims, aid,
                          care, relay)


@dataclass
class SocialSecurityApp(ServiceApp):
    """The running service and the parts tests drive directly."""

    parts: SocialSecurity | None = None


def build(settings: Settings, *, bus: EventBus | None = None, verifier: TokenVerifier | None = None,
          clock: Callable[[], datetime] = utc_now, connect_db: bool = True,
          demo: bool | None = None) -> SocialSecurityApp:
    """The social-security gRPC server with its background work hooked to start/stop. Without
    `bus`, events wait in their outboxes and no consumer runs."""
    app = create_app(COMPONENT, settings, verifier=verifier, connect_db=connect_db)
    parts = build_parts(settings, clock=clock, bus=bus)
    app.add_service(social_security_pb2, SocialSecurityServicer(parts), policy=POLICY)
    load_demo = demo if demo is not None else settings.demo
    # Signs the personal-record audit trail's head outside the database's reach, on one replica.
    checkpoint_s = checkpoint_interval_s(settings)
    run_periodically(app, CHECKPOINT_LEASE, parts.audit.checkpoint, checkpoint_s, clock=clock)

    def on_start() -> None:
        db.ensure_indexes(*ALL)
        if load_demo:
            from jlp_social_security.demo import load_demo as load

            load(parts)

    app.on_start(on_start)
    scan_every = settings.get_float("JLP_SOCIAL_SCAN_SECONDS", 30.0)  # 0 disables
    run_periodically(app, SCAN_LEASE, parts.scan, scan_every, clock=clock)
    app.on_stop(parts.contributions.wait_idle)
    if bus is not None:
        attach_events(app, bus, relay=parts.relay, domain="social", consumers=[
            Consumer("JLP_SOCIAL", RECHECK_DURABLE, subjects.SOCIAL_HOUSEHOLD_HEAD_CHANGED, parts.recheck)])
    return SocialSecurityApp(app, parts)
