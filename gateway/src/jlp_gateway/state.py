"""What one gateway app holds (kept in `app.extensions["jlp_gateway"]`), and per-request facts.

Request-scoped values (request id, client IP, verified principal, bearer token, deadline) are
put on `flask.g` by the request lifecycle, and read through the helpers below by the proxy
view and by extensions, so neither parses headers again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Request, current_app, g, request

from jlp_common.auth import Principal, TokenVerifier
from jlp_common.config import Settings
from jlp_gateway.backends import Backend
from jlp_gateway.config import GatewayConfig
from jlp_gateway.cors import CorsPolicy
from jlp_gateway.ratelimit import RateLimiter
from jlp_gateway.routing import Router

STATE_KEY = "jlp_gateway"


@dataclass
class GatewayState:
    settings: Settings
    config: GatewayConfig
    backends: list[Backend]
    router: Router
    verifier: TokenVerifier
    limiter: RateLimiter
    cors: CorsPolicy
    clock: Callable[[], float] = time.monotonic
    openapi: dict[str, Any] = field(default_factory=dict)
    rate_limit_exempt: set[str] = field(default_factory=lambda: {"/healthz", "/readyz"})

    def backend(self, name: str) -> Backend | None:
        return next((b for b in self.backends if b.name == name), None)


def state() -> GatewayState:
    return current_app.extensions[STATE_KEY]


def client_ip(req: Request | None = None) -> str:
    """The caller's address (after the trusted proxy hops, see JLP_GATEWAY_TRUSTED_PROXIES).

    req: the request when the caller resolved Flask's proxy already (the hot path does)."""
    return (request if req is None else req).remote_addr or "unknown"


def bearer_token() -> str | None:
    return getattr(g, "token", None)


def principal() -> Principal | None:
    return getattr(g, "principal", None)


def timeout_s(facts: Any = None, st: GatewayState | None = None) -> float:
    """This request's budget for a backend call (X-Timeout or the configured default).

    facts, st: Flask's `g` and the gateway state when the caller resolved them already."""
    return getattr(g if facts is None else facts, "timeout_s", None) or (st or state()).config.timeout_s
