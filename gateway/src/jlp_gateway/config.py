"""Gateway settings, all `JLP_*` variables with working local defaults (DESIGN §3 Config).

| variable | default | meaning |
| --- | --- | --- |
| JLP_HTTP_PORT | 8080 | HTTP port (gunicorn bind 0.0.0.0) |
| JLP_GATEWAY_TIMEOUT_SECONDS | 10 | deadline of a backend call |
| JLP_GATEWAY_MAX_TIMEOUT_SECONDS | 60 | largest deadline a client may ask for with `X-Timeout` |
| JLP_GATEWAY_READY_TIMEOUT_SECONDS | 1 | deadline of each /readyz health check |
| JLP_GATEWAY_MAX_BODY_BYTES | 8 MiB | larger request bodies get 413 |
| JLP_GATEWAY_RATE | 50 | tokens per second per client (0 disables rate limiting) |
| JLP_GATEWAY_BURST | 100 | bucket size per client |
| JLP_GATEWAY_TRUSTED_PROXIES | 0 | proxy hops whose X-Forwarded-For is trusted (ingress: 1) |
| JLP_CORS_ORIGINS | "" | comma-separated browser origins allowed, "*" for any |
| JLP_GATEWAY_WORKERS / JLP_GATEWAY_THREADS | 1 / 16 | gunicorn gthread workers and threads |
| JLP_NATS_URL | unset | NATS of the live event stream (subscribe-only user); unset: no live events |
| JLP_GATEWAY_LIVE_MAX_STREAMS | 8 | open live event streams per process (each holds a thread) |
| JLP_GATEWAY_LIVE_MAX_SECONDS | 900 | longest live stream (it also ends when its token expires) |
| JLP_GATEWAY_WEB_ROOT | unset | built ops-centre web app served at / (ADR 0110); unset: none |
"""

from __future__ import annotations

from dataclasses import dataclass

from jlp_common.config import Settings, Var

# Every variable the gateway reads (jlp_common.config adds the platform's); any other `JLP_`
# variable stops start-up with its name.
VARIABLES = (
    Var("JLP_HTTP_PORT", "HTTP port"),
    Var("JLP_HTTP_HOST", "bind address (0.0.0.0)"),
    Var("JLP_GATEWAY_BACKENDS", "components to route besides those with JLP_<NAME>_ADDR set"),
    Var("JLP_GATEWAY_TIMEOUT_SECONDS", "deadline of a backend call"),
    Var("JLP_GATEWAY_MAX_TIMEOUT_SECONDS", "largest deadline a client may ask for (X-Timeout)"),
    Var("JLP_GATEWAY_READY_TIMEOUT_SECONDS", "deadline of each /readyz health check"),
    Var("JLP_GATEWAY_MAX_BODY_BYTES", "larger request bodies get 413"),
    Var("JLP_GATEWAY_RATE", "tokens per second per client; 0 disables rate limiting"),
    Var("JLP_GATEWAY_BURST", "bucket size per client"),
    Var("JLP_GATEWAY_TOKEN_RATE", "token endpoint requests per second per client IP"),
    Var("JLP_GATEWAY_TOKEN_BURST", "token endpoint bucket size"),
    Var("JLP_GATEWAY_TRUSTED_PROXIES", "proxy hops whose X-Forwarded-For is trusted"),
    Var("JLP_GATEWAY_WORKERS", "gunicorn worker processes"),
    Var("JLP_GATEWAY_THREADS", "threads per worker"),
    Var("JLP_CORS_ORIGINS", "browser origins allowed (comma-separated, * for any)"),
    # The ops centre (ADR 0110): live events from JetStream and the built web app at /.
    Var("JLP_NATS_URL", "NATS URL of the live event stream (subscribe-only user); unset: none"),
    Var("JLP_GATEWAY_LIVE_MAX_STREAMS", "open live event streams per process"),
    Var("JLP_GATEWAY_LIVE_MAX_SECONDS", "longest live event stream, in seconds"),
    Var("JLP_GATEWAY_WEB_ROOT", "folder of the built web app served at / (unset: none)"),
)


@dataclass(frozen=True)
class GatewayConfig:
    timeout_s: float = 10.0
    max_timeout_s: float = 60.0
    ready_timeout_s: float = 1.0
    max_body_bytes: int = 8 * 1024 * 1024
    rate: float = 50.0
    burst: float = 100.0
    trusted_proxies: int = 0
    cors_origins: str = ""
    workers: int = 1
    threads: int = 16

    @classmethod
    def from_settings(cls, settings: Settings) -> GatewayConfig:
        return cls(
            timeout_s=settings.get_float("JLP_GATEWAY_TIMEOUT_SECONDS", 10.0),
            max_timeout_s=settings.get_float("JLP_GATEWAY_MAX_TIMEOUT_SECONDS", 60.0),
            ready_timeout_s=settings.get_float("JLP_GATEWAY_READY_TIMEOUT_SECONDS", 1.0),
            max_body_bytes=settings.get_int("JLP_GATEWAY_MAX_BODY_BYTES", 8 * 1024 * 1024),
            rate=settings.get_float("JLP_GATEWAY_RATE", 50.0),
            burst=settings.get_float("JLP_GATEWAY_BURST", 100.0),
            trusted_proxies=settings.get_int("JLP_GATEWAY_TRUSTED_PROXIES", 0),
            cors_origins=settings.get("JLP_CORS_ORIGINS", ""),
            workers=settings.get_int("JLP_GATEWAY_WORKERS", 1),
            threads=settings.get_int("JLP_GATEWAY_THREADS", 16),
        )
