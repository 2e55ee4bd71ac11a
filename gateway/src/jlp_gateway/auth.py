"""Bearer tokens at the edge: verified when present (DESIGN §3 Auth), then forwarded.

The gateway refuses a bad, expired or tampered token with 401 before any backend sees it, but
it does not authorise: a request without a token goes on, and the service decides whether the
method is public (services verify again and check permissions — no trust in the network).

Keys come from identity's JWKS, which this very gateway publishes through identity's
extension. To avoid asking ourselves over HTTP (a deadlock risk with one worker), the key
source first uses `app.config["JWKS_PROVIDER"]` — a callable returning the JWK Set that the
identity extension installs (e.g. fetching it from identity over gRPC) — and falls back to
`JwksUrlKeys` on `Settings.jwks_url`. Keys are fetched lazily, on the first token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

from jlp_common.auth import JwksUrlKeys, TokenVerifier, bearer_token, http_get_json
from jlp_common.config import Settings

JWKS_PROVIDER = "JWKS_PROVIDER"
JwksProvider = Callable[[], Mapping[str, Any]]


def default_verifier(app: Flask, settings: Settings) -> TokenVerifier:
    """A verifier whose keys come from the in-process JWKS provider, else the JWKS URL."""

    def fetch(url: str) -> Mapping[str, Any]:
        provider: JwksProvider | None = app.config.get(JWKS_PROVIDER)
        if provider is not None:
            return provider()
        return http_get_json(url)

    keys = JwksUrlKeys(settings.jwks_url, fetch=fetch)
    return TokenVerifier(keys, settings.jwt_issuer, settings.jwt_audience)


def token_of(authorization: str | None) -> str | None:
    """The bearer token of an Authorization header (other schemes, e.g. Basic, are not ours)."""
    return bearer_token(authorization)

