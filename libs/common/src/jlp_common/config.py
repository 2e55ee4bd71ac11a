"""Settings from `JLP_*` environment variables, each with a working local default (DESIGN §3).

Read once per process through `Settings.from_env()`; tests pass an explicit mapping instead of
mutating os.environ.

Every component declares the variables it reads (`Var`), on top of the platform's own
(`PLATFORM_VARIABLES`, `SERVICE_VARIABLES`). A deployed process started with a `JLP_` variable
that nobody reads stops at start-up naming it (`check_known`): a misspelt
`JLP_RATE_LIMIT_PER_SECOND` that silently did nothing is how a rate limit "was configured" for
months without existing.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jlp_common import registry

log = logging.getLogger(__name__)


class ConfigError(ValueError):
    """A JLP_* variable holds a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Var:
    """A `JLP_` variable a component reads, with what it means (shown when one is unknown)."""

    name: str
    help: str = ""


# Read by every component (logs, metrics, tokens, addresses of the others).
PLATFORM_VARIABLES: tuple[Var, ...] = (
    Var("JLP_LOG_LEVEL", "DEBUG/INFO/WARNING/ERROR"),
    Var("JLP_LOG_FORMAT", "json (default) or text"),
    Var("JLP_METRICS_PORT", "Prometheus port; 0 disables"),
    Var("JLP_SHUTDOWN_GRACE_SECONDS", "how long in-flight work may finish after SIGTERM"),
    Var("JLP_JWT_ISSUER", "expected `iss` of access tokens"),
    Var("JLP_JWT_AUDIENCE", "expected `aud` of access tokens"),
    # gRPC between components (ADR 0111): all three or none; none = plaintext (the local run).
    Var("JLP_TLS_CERT_FILE", "PEM certificate this component presents, as gRPC server and client"),
    Var("JLP_TLS_KEY_FILE", "PEM private key of that certificate"),
    Var("JLP_TLS_CA_FILE", "PEM CA that signs the suite's certificates: peers are verified "
                           "against it, and a server requires its clients to present one"),
)
# Read by every gRPC service (storage, events, its port, paging).
SERVICE_VARIABLES: tuple[Var, ...] = (
    Var("JLP_GRPC_HOST", "bind address"),
    Var("JLP_GRPC_PORT", "gRPC port"),
    Var("JLP_GRPC_HEALTH_PORT", "plaintext port answering grpc.health.v1 only (kubelet probes "
                                "cannot speak TLS); 0 = none"),
    Var("JLP_MONGO_URI", "MongoDB URI; empty = embedded in-memory store"),
    Var("JLP_NATS_URL", "NATS server URL"),
    Var("JLP_NATS_REPLICAS", "JetStream stream replicas"),
    Var("JLP_NATS_STREAM_MAX_AGE_HOURS", "retention of the domain streams"),
    Var("JLP_NATS_DEADLETTER_MAX_AGE_HOURS", "retention of the dead-letter stream"),
    Var("JLP_NATS_RECONNECT_WAIT_SECONDS", "pause between NATS reconnects"),
    Var("JLP_EVENTS_PUBLISH_TIMEOUT_SECONDS", "outbox relay: wait for a publish ack"),
    Var("JLP_EVENTS_LAG_INTERVAL_SECONDS", "how often consumer lag is measured"),
    Var("JLP_PAGE_TOKEN_KEY", "HMAC key of page tokens (base64)"),
    Var("JLP_DEMO", "load the demo district at start"),
)


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


TLS_VARIABLES = ("JLP_TLS_CERT_FILE", "JLP_TLS_KEY_FILE", "JLP_TLS_CA_FILE")


@dataclass(frozen=True)
class TlsFiles:
    """The files of mutual TLS for gRPC between components; all empty = plaintext.

    One certificate per component serves both ways: as a server it proves the component's
    name to callers, as a client it proves the caller's (the server requires it, so a pod
    without a certificate of the suite's CA cannot call a service even where the network lets
    it). Paths, not contents: Kubernetes renews mounted Secret files in place and the server
    reloads them on the next handshake (grpc_server).
    """

    cert_file: str = ""
    key_file: str = ""
    ca_file: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TlsFiles:
        """From JLP_TLS_*; ConfigError naming the variable when only some are set or a file
        cannot be read (a typo must not silently fall back to plaintext)."""
        values = {name: env.get(name, "").strip() for name in TLS_VARIABLES}
        given = [name for name, value in values.items() if value]
        if not given:
            return cls()
        missing = [name for name in TLS_VARIABLES if not values[name]]
        if missing:
            raise ConfigError(f"{', '.join(missing)} not set while {', '.join(given)} "
                              "is: TLS needs a certificate, its key and the CA, or none of them")
        for name, path in values.items():
            if not os.access(path, os.R_OK):
                raise ConfigError(f"{name}={path!r} is not a readable file")
        return cls(*(values[name] for name in TLS_VARIABLES))

    @property
    def enabled(self) -> bool:
        return bool(self.cert_file)

    def read(self) -> tuple[bytes, bytes, bytes]:
        """(certificate chain, private key, CA) as PEM bytes, read now."""
        def load(path: str) -> bytes:
            with open(path, "rb") as f:
                return f.read()
        return load(self.cert_file), load(self.key_file), load(self.ca_file)


def default_metrics_port(port: int) -> int:
    """Local default metrics port: 9000 + the last two digits (identity 9051, gateway 9080)."""
    return 9000 + port % 100


def known_variables(service: str, declared: Iterable[Var | str] = ()) -> set[str]:
    """Every `JLP_` name `service` may be started with."""
    names = {v.name for v in PLATFORM_VARIABLES}
    names |= {c.addr_variable for c in registry.components()}
    if service != "gateway":
        names |= {v.name for v in SERVICE_VARIABLES}
    names |= {v if isinstance(v, str) else v.name for v in declared}
    return names


def check_known(service: str, env: Mapping[str, str], declared: Iterable[Var | str]) -> None:
    """ConfigError naming every `JLP_` variable in `env` that `service` does not read."""
    known = known_variables(service, declared)
    unknown = sorted(k for k in env if k.startswith("JLP_") and k not in known)
    if unknown:
        raise ConfigError(
            f"unknown variable{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} for "
            f"{service}: nothing reads {'them' if len(unknown) > 1 else 'it'} (misspelt, or meant "
            f"for another component?); {service} reads {', '.join(sorted(known))}")


@dataclass(frozen=True)
class Settings:
    """Process settings. `service` is the component name, e.g. "identity" or "gateway"."""

    service: str
    env: Mapping[str, str] = field(repr=False, default_factory=dict)
    grpc_host: str = "0.0.0.0"
    grpc_port: int = 0  # gRPC services
    http_port: int = 0  # the gateway
    metrics_port: int = 0
    mongo_uri: str = ""
    nats_url: str = "nats://127.0.0.1:4222"
    log_level: str = "INFO"
    log_format: str = "json"
    jwt_issuer: str = ""
    jwt_audience: str = "jlp"
    page_token_key: bytes = b""
    shutdown_grace_s: float = 20.0
    tls: TlsFiles = TlsFiles()

    @classmethod
    def from_env(cls, service: str, env: Mapping[str, str] | None = None, *,
                 declared: Iterable[Var | str] | None = None) -> Settings:
        """Settings of `service` from `env` (default os.environ). With `declared` (the
        component's own variables), a `JLP_` variable nobody reads is a ConfigError."""
        env = dict(os.environ if env is None else env)
        if declared is not None:
            check_known(service, env, declared)
        grpc_port = http_port = 0
        if service == "gateway":
            http_port = port = _int(env, "JLP_HTTP_PORT", registry.gateway_port())
        else:
            known = {c.name: c.port for c in registry.components()}
            grpc_port = port = _int(env, "JLP_GRPC_PORT", known.get(service, 0))
        return cls(
            service=service,
            env=env,
            grpc_host=env.get("JLP_GRPC_HOST", "0.0.0.0"),
            grpc_port=grpc_port,
            http_port=http_port,
            metrics_port=_int(env, "JLP_METRICS_PORT", default_metrics_port(port)),
            mongo_uri=env.get("JLP_MONGO_URI", ""),
            nats_url=env.get("JLP_NATS_URL", "nats://127.0.0.1:4222"),
            log_level=env.get("JLP_LOG_LEVEL", "INFO").upper(),
            log_format=env.get("JLP_LOG_FORMAT", "json"),
            jwt_issuer=env.get("JLP_JWT_ISSUER", "https://jlp.local"),
            jwt_audience=env.get("JLP_JWT_AUDIENCE", "jlp"),
            page_token_key=env.get("JLP_PAGE_TOKEN_KEY", "").encode(),
            shutdown_grace_s=_float(env, "JLP_SHUTDOWN_GRACE_SECONDS", 20.0),
            tls=TlsFiles.from_env(env),
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

    def secret_key(self, name: str, *, size: int = 32, at_least: bool = False, why: str = "") -> bytes:
        """A key given as base64 in `name` (`size` bytes, or at least `size` with `at_least`).

        Required with a real database: data sealed or signed under a throw-away key is lost at
        the next restart, and every replica must hold the same key (`why` says what else breaks).
        With the embedded store, which forgets everything at exit anyway, an unset key becomes a
        throw-away one with a warning, so `make run` needs no secrets.
        """
        raw = self.get(name)
        if raw:
            try:
                key = base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError):
                raise ConfigError(f"{name} must be base64") from None
            if len(key) < size or (len(key) > size and not at_least):
                wanted = f"at least {size}" if at_least else str(size)
                raise ConfigError(f"{name} must decode to {wanted} bytes (got {len(key)})")
            return key
        if self.mongo_uri:
            reason = f" ({why})" if why else ""
            raise ConfigError(f"{name} is required when JLP_MONGO_URI is set{reason}: base64 of "
                              f"{size} random bytes, `openssl rand -base64 {size}`")
        log.warning("%s is not set: generated a throw-away key for this process (fine for the "
                    "embedded store, which forgets everything at exit)", name, extra={"variable": name})
        return os.urandom(size)

    @property
    def demo(self) -> bool:
        """JLP_DEMO: load the demo district at start (make run sets it)."""
        return self.get_bool("JLP_DEMO")

    def addr(self, name: str) -> str:
        """Address of another component: `JLP_<NAME>_ADDR`, default localhost and its port."""
        c = registry.component(name)
        return self.env.get(c.addr_variable) or f"127.0.0.1:{c.port}"
