"""Bearer tokens at the edge: verified when present (DESIGN §3 Auth), then forwarded.

The gateway refuses a bad, expired or tampered token with 401 before any backend sees it, but
it does not authorise: a request without a token goes on, and the service decides whether the
method is public (services verify again and check permissions — no trust in the network).

Keys come from identity's JWKS: `app.config["JWKS_PROVIDER"]` is a callable returning the JWK
Set, which the identity extension installs (fetching it from identity over gRPC). A gateway
that does not route identity cannot verify tokens and answers 503 to a request carrying one.
Keys are fetched lazily, on the first token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

from jlp_common.auth import JwksUrlKeys, TokenVerifier, bearer_token
from jlp_common.config import Settings

JWKS_PROVIDER = "JWKS_PROVIDER"
JwksProvider = Callable[[], Mapping[str, Any]]


def default_verifier(app: Flask, settings: Settings) -> TokenVerifier:
    """A verifier whose keys come from the in-process JWKS provider, else the JWKS URL."""

    def fetch(url: str) -> Mapping[str, Any]:
        provider: JwksProvider | None = app.config.get(JWKS_PROVIDER)
        if provider is None:
            raise RuntimeError("identity is not configured (JLP_IDENTITY_ADDR)")
        return provider()

    keys = JwksUrlKeys("identity:GetJwks", fetch=fetch)
    return TokenVerifier(keys, settings.jwt_issuer, settings.jwt_audience)


def token_of(authorization: str | None) -> str | None:
    """The bearer token of an Authorization header (other schemes, e.g. Basic, are not ours)."""
    return bearer_token(authorization)
