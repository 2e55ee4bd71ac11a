"""Wiring of the identity process: settings → stores → services → gRPC server.

Identity verifies the tokens sent to it with its own key ring, in process (no HTTP round trip
to itself), and additionally refuses tokens that were revoked or whose account or client has
been disabled since issue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import argon2

from jlp.identity.v1 import identity_pb2
from jlp_common import db
from jlp_common.audit_anchor import AnchorKey, AuditAnchors, bus_publisher
from jlp_common.auth import TokenVerifier
from jlp_common.bootstrap import create_app, init_process
from jlp_common.config import Settings
from jlp_common.events import EventBus, OutboxRelay, attach_events
from jlp_common.kit import ServiceApp, run_periodically
from jlp_common.pagination import PageTokens
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock, utc_now
from jlp_identity import departments
from jlp_identity.accounts import Accounts
from jlp_identity.audit_log import AuditLog
from jlp_identity.clients import ClientRegistry
from jlp_identity.models import ALL_DOCUMENTS, AuditRecordDoc, UserDoc
from jlp_identity.person_checks import PersonChecks
from jlp_identity.policy import POLICY
from jlp_identity.restricted import IdentityTokenVerifier
from jlp_identity.security.hashing import Passwords
from jlp_identity.servicer import IdentityServicer, Parts
from jlp_identity.settings import IdentitySettings
from jlp_identity.signin import Attempts, SignIn
from jlp_identity.signing import KeyRing, OwnKeys
from jlp_identity.tokens import TokenService
from jlp_identity.users import Directory

log = logging.getLogger(__name__)
COMPONENT = "identity"
WELL_KNOWN_ADMIN_NAMES = frozenset({"admin", "administrator", "root", "sysadmin", "superuser"})


@dataclass
class IdentityApp(ServiceApp):
    """The running pieces, exposed for tests and tools."""

    parts: Parts | None = None
    config: IdentitySettings | None = None
    verifier: TokenVerifier | None = None
    relay: OutboxRelay | None = None


def build_parts(config: IdentitySettings, clock: Clock,
                wake: Callable[[], None] = lambda: None, bus: EventBus | None = None) -> Parts:
    """The application layer over an already connected database."""
    pii = PiiCipher(config.pii_key)
    page_tokens = PageTokens(config.base.page_token_key)
    key = config.audit_anchor_key or AnchorKey.from_settings(config.base, COMPONENT)
    anchors = AuditAnchors(COMPONENT, key, clock=clock,
                           publish=bus_publisher(bus, "identity") if bus is not None else None)
    audit = AuditLog(clock, page_tokens, anchors, on_written=wake)
    directory = Directory(pii, page_tokens)
    hasher = Passwords(config.password_parameters, concurrency=config.hash_concurrency)
    ring = KeyRing(clock, config.kek, config.key_rotation, config.signing_key_pem)
    clients = ClientRegistry(clock, audit, page_tokens)
    attempts = Attempts(pii)  # failed password checks, shared by sign-in and ChangePassword
    signin = SignIn(clock, directory, pii, hasher, audit, attempts)
    tokens = TokenService(clock, ring, signin, clients, audit, config.issuer, config.audience)
    accounts = Accounts(clock, directory, pii, hasher, audit, on_written=wake,
                        registrations_per_hour=config.registrations_per_hour, attempts=attempts)
    return Parts(directory=directory, accounts=accounts, tokens=tokens, clients=clients,
                 ring=ring, audit=audit, issuer=config.issuer,
                 person_checks=PersonChecks(pii, audit, clock))


def build(settings: Settings, *, clock: Clock = utc_now, bus: EventBus | None = None,
          password_parameters: argon2.Parameters | None = None) -> IdentityApp:
    """A ready-to-start identity server. Without `bus`, events wait in their outboxes."""
    init_process(COMPONENT, settings)  # logging first, so configuration warnings are formatted
    config = IdentitySettings.from_settings(settings, password_parameters=password_parameters)
    relay = OutboxRelay(bus, [UserDoc, AuditRecordDoc]) if bus is not None else None
    parts = build_parts(config, clock, wake=relay.wake if relay else (lambda: None), bus=bus)
    verifier = IdentityTokenVerifier(OwnKeys(parts.ring), config.issuer, config.audience)
    verifier.set_revocation_check(parts.tokens.is_revoked)
    grpc_app = create_app(COMPONENT, settings, verifier=verifier, connect_db=True)
    grpc_app.add_service(identity_pb2, IdentityServicer(parts), policy=POLICY)

    def on_start() -> None:
        db.ensure_indexes(*ALL_DOCUMENTS)
        parts.audit.ensure_chain()
        parts.ring.current()  # install or load the signing key before the first request
        if config.demo:
            created = departments.seed()
            log.info("demo departments seeded", extra={"new_departments": created})
        if config.bootstrap.requested:
            admin = parts.accounts.ensure_bootstrap_admin(
                config.bootstrap.user, config.bootstrap.password, config.bootstrap.totp_secret)
            if admin is not None:
                log.info("bootstrap administrator created; its password must be changed at the "
                         "first sign-in",
                         extra={"user_id": admin.id, "totp": bool(config.bootstrap.totp_secret)})
            if config.bootstrap.user.strip().lower() in WELL_KNOWN_ADMIN_NAMES:
                log.warning("JLP_BOOTSTRAP_ADMIN_USER is a well-known name: the first name an "
                            "attacker tries; prefer a mobile number or a personal user name",
                            extra={"variable": "JLP_BOOTSTRAP_ADMIN_USER"})

    grpc_app.on_start(on_start)
    # Signs the audit chain's head outside the database's reach, on one replica at a time.
    run_periodically(grpc_app, "audit-checkpoint", parts.audit.checkpoint,
                     config.audit_checkpoint_interval_s, clock=clock)  # positive: settings.py
    if bus is not None:
        attach_events(grpc_app, bus, relay=relay, domain="identity")
    return IdentityApp(grpc_app, parts, config, verifier, relay)
