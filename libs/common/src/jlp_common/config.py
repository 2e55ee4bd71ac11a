"""Settings from `JLP_*` environment variables, each with a working local default (DESIGN §3).

Read once per process through `Settings.from_env()`; tests pass an explicit mapping instead of
mutating os.environ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from jlp_common.registry import COMPONENTS, GATEWAY_PORT, component


class ConfigError(ValueError):
    """A JLP_* variable holds a value that cannot be used; the message names it."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


def default_metrics_port(grpc_port: int) -> int:
    """Local default metrics port: 9000 + the last two digits (identity 9051, gateway 9080)."""
    return 9000 + grpc_port % 100


@dataclass(frozen=True)
class Settings:
    """Process settings. `service` is the component name, e.g. "identity" or "gateway"."""

    service: str
    env: Mapping[str, str] = field(repr=False, default_factory=dict)
    grpc_host: str = "0.0.0.0"
    grpc_port: int = 0
    metrics_port: int = 0
    mongo_uri: str = ""
    nats_url: str = "nats://127.0.0.1:4222"
    log_level: str = "INFO"
    log_format: str = "json"
    jwks_url: str = ""
    jwt_issuer: str = ""
    jwt_audience: str = "jlp"
    page_token_key: bytes = b""
    shutdown_grace_s: float = 20.0

    @classmethod
    def from_env(cls, service: str, env: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        if service == "gateway":
            port = _int(env, "JLP_HTTP_PORT", GATEWAY_PORT)
        else:
            known = {c.name: c.port for c in COMPONENTS}
            port = _int(env, "JLP_GRPC_PORT", known.get(service, 0))
        gateway = env.get("JLP_GATEWAY_URL", f"http://127.0.0.1:{GATEWAY_PORT}")
        return cls(
            service=service,
            env=env,
            grpc_host=env.get("JLP_GRPC_HOST", "0.0.0.0"),
            grpc_port=port,
            metrics_port=_int(env, "JLP_METRICS_PORT", default_metrics_port(port)),
            mongo_uri=env.get("JLP_MONGO_URI", ""),
            nats_url=env.get("JLP_NATS_URL", "nats://127.0.0.1:4222"),
            log_level=env.get("JLP_LOG_LEVEL", "INFO").upper(),
            log_format=env.get("JLP_LOG_FORMAT", "json"),
            jwks_url=env.get("JLP_JWKS_URL", f"{gateway}/.well-known/jwks.json"),
            jwt_issuer=env.get("JLP_JWT_ISSUER", "https://jlp.local"),
            jwt_audience=env.get("JLP_JWT_AUDIENCE", "jlp"),
            page_token_key=env.get("JLP_PAGE_TOKEN_KEY", "").encode(),
            shutdown_grace_s=_float(env, "JLP_SHUTDOWN_GRACE_SECONDS", 20.0),
        )

    def get(self, name: str, default: str = "") -> str:
        """A service-specific variable (full name, e.g. `JLP_PII_KEY`)."""
        return self.env.get(name, default)

    def get_int(self, name: str, default: int) -> int:
        return _int(self.env, name, default)

    def get_float(self, name: str, default: float) -> float:
        return _float(self.env, name, default)

    def get_bool(self, name: str, default: bool = False) -> bool:
        """1/true/yes/on or 0/false/no/off (any case); anything else is a ConfigError."""
        raw = self.env.get(name, "").strip().lower()
        if raw == "":
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{name}={raw!r} is not a boolean (true/false)")

    @property
    def demo(self) -> bool:
        """JLP_DEMO: load the demo district at start (make run sets it)."""
        return self.get_bool("JLP_DEMO")

    def addr(self, name: str) -> str:
        """Address of another component: `JLP_<NAME>_ADDR`, default localhost and its port."""
        c = component(name)
        return self.env.get(f"{c.env_prefix}_ADDR", f"127.0.0.1:{c.port}")
