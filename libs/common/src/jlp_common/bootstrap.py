"""Process bootstrap shared by every service's `__main__`: settings, logs, telemetry, store, auth.

A service's main module reduces to: build its servicers, call `create_app`, `app.run()`.
"""

from __future__ import annotations

import logging

from jlp_common import db
from jlp_common.auth import JwksUrlKeys, MethodPolicy, TokenVerifier
from jlp_common.config import Settings
from jlp_common.grpc_server import GrpcApp
from jlp_common.logs import configure_logging
from jlp_common.telemetry import setup_telemetry

log = logging.getLogger(__name__)


def verifier_from(settings: Settings) -> TokenVerifier:
    """Verify tokens against identity's JWKS (published through the gateway)."""
    return TokenVerifier(JwksUrlKeys(settings.jwks_url), settings.jwt_issuer, settings.jwt_audience)


def init_process(service: str, settings: Settings | None = None) -> Settings:
    """Logging and telemetry for a component process; returns its settings."""
    settings = settings or Settings.from_env(service)
    configure_logging(service, settings.log_level, settings.log_format)
    setup_telemetry(service, settings.metrics_port)
    return settings


def create_app(service: str, policy: MethodPolicy, settings: Settings | None = None,
               verifier: TokenVerifier | None = None, connect_db: bool = True) -> GrpcApp:
    """A GrpcApp with logging, telemetry, the database and token verification set up."""
    settings = init_process(service, settings)
    if connect_db:
        db.connect(service, settings.mongo_uri)
    app = GrpcApp(settings, policy, verifier or verifier_from(settings))
    if connect_db:
        app.add_check("database", db.ping)
    return app
