"""`python -m jlp_gateway` / `jlp-gateway`: the gateway under gunicorn (gthread workers).

gunicorn is driven programmatically so the same `JLP_*` variables configure it as the rest of
the platform: bind `0.0.0.0:JLP_HTTP_PORT`, JLP_GATEWAY_WORKERS processes with
JLP_GATEWAY_THREADS threads each (threads, not processes, by default: the rate limiter and the
gRPC channels are per process), graceful timeout JLP_SHUTDOWN_GRACE_SECONDS. gunicorn's access
log is off because the app writes its own structured one. SIGTERM lets in-flight requests
finish, then the process exits 0.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from jlp_common.config import ConfigError, Settings
from jlp_common.logs import configure_logging
from jlp_gateway.config import VARIABLES, GatewayConfig


class GatewayServer(BaseApplication):
    """A gunicorn application whose workers each build the app with `create_app`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def gunicorn_options(self) -> dict[str, Any]:
        cfg = GatewayConfig.from_settings(self.settings)
        host = self.settings.get("JLP_HTTP_HOST", "0.0.0.0")
        return {
            "bind": f"{host}:{self.settings.http_port}",
            "worker_class": "gthread",
            "workers": max(1, cfg.workers),
            "threads": max(1, cfg.threads),
            "graceful_timeout": max(1, math.ceil(self.settings.shutdown_grace_s)),
            "timeout": max(30, int(cfg.max_timeout_s) + 10),
            "keepalive": 5,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": self.settings.log_level.lower(),
            "proc_name": "jlp-gateway",
            # one control socket per user home would collide between gateways on a host
            "control_socket_disable": True,
        }

    def log_config(self) -> dict[str, Any] | None:
        """gunicorn's own lines (start, worker exits) in the platform's JSON format too."""
        if self.settings.log_format != "json":
            return None
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "jlp_common.logs.JsonFormatter", "service": "gateway"}},
            # gunicorn merges this over its defaults key by key: keep its handler names
            "handlers": {name: {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}
                         for name in ("console", "error_console")},
            "root": {"level": self.settings.log_level, "handlers": ["console"]},
            "loggers": {"gunicorn.error": {"handlers": ["error_console"], "propagate": False,
                                           "level": self.settings.log_level}},
        }

    def load_config(self) -> None:
        for key, value in self.gunicorn_options().items():
            self.cfg.set(key, value)
        logconfig = self.log_config()
        if logconfig is not None:
            self.cfg.set("logconfig_dict", logconfig)

    def load(self) -> Any:
        from jlp_gateway.app import create_app

        configure_logging("gateway", self.settings.log_level, self.settings.log_format)
        return create_app(self.settings)


def main() -> int:
    try:
        settings = Settings.from_env("gateway", declared=VARIABLES)
    except ConfigError as exc:
        print(f"gateway: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging("gateway", settings.log_level, settings.log_format)
    GatewayServer(settings).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
