"""Process bootstrap shared by every service: settings, logs, telemetry, store, auth.

A service's `app.build` calls `create_app`, adds its services with `GrpcApp.add_service`, and
returns; `jlp_common.kit.serve` runs it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from jlp_common import db
from jlp_common.auth import JwksUrlKeys, MethodPolicy, TokenVerifier
from jlp_common.config import Settings
from jlp_common.grpc_server import GrpcApp
from jlp_common.logs import configure_logging
from jlp_common.telemetry import setup_telemetry

log = logging.getLogger(__name__)

JWKS_TIMEOUT_S = 5.0


def identity_jwks_fetcher(settings: Settings):  # noqa: ANN201 - returns fetch(url) -> JWKS
    """Fetch identity's JWK Set straight from identity over gRPC (`GetJwks`), never through
    the gateway: a service trusts the network no more than a client (DESIGN §3 Auth)."""
    from google.protobuf import json_format

    from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
    from jlp_common import grpc_client

    def fetch(_source: str) -> Mapping[str, Any]:
        channel = grpc_client.channel(settings.addr("identity"), [identity_pb2])
        reply = identity_pb2_grpc.IdentityServiceStub(channel).GetJwks(
            identity_pb2.GetJwksRequest(), timeout=JWKS_TIMEOUT_S)
        return json_format.MessageToDict(reply, preserving_proto_field_name=True)

    return fetch


def verifier_from(settings: Settings) -> TokenVerifier:
    """Verify tokens against identity's JWKS, fetched from identity directly."""
    source = f"grpc://{settings.addr('identity')}/jlp.identity.v1.IdentityService/GetJwks"
    keys = JwksUrlKeys(source, fetch=identity_jwks_fetcher(settings))
    return TokenVerifier(keys, settings.jwt_issuer, settings.jwt_audience)


def init_process(service: str, settings: Settings | None = None) -> Settings:
    """Logging and telemetry for a component process; returns its settings."""
    settings = settings or Settings.from_env(service)
    configure_logging(service, settings.log_level, settings.log_format)
    setup_telemetry(service, settings.metrics_port)
    return settings


def create_app(service: str, settings: Settings | None = None, *,
               verifier: TokenVerifier | None = None, connect_db: bool = True,
               policy: MethodPolicy | None = None) -> GrpcApp:
    """A GrpcApp with logging, telemetry, the database and token verification set up.
    Services are added with `GrpcApp.add_service`, each bringing its method policy."""
    settings = init_process(service, settings)
    if connect_db:
        db.connect(service, settings.mongo_uri)
    app = GrpcApp(settings, policy, verifier or verifier_from(settings))
    if connect_db:
        app.add_check("database", db.ping)
    return app
