"""Structured JSON logs with trace, span and request ids on every line (DESIGN §3 Telemetry).

One formatter for every component so that an operator can join a gateway line, a service line
and a consumer line on `trace_id` or `request_id`.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from opentelemetry import trace

from jlp_common.context import request_id_var

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

# Loggers of a connection shared by the whole process (nats-py's own, the event bus's connection
# state): their lines never belong to a request, but the task that logs them may have been
# spawned while one was served (nats-py starts its reconnect task from whichever publish found
# the connection broken) and inherited its context. They carry no trace or request id.
CONNECTION_LOGGERS = ("nats", "jlp_common.events.connection")


def _about_the_connection(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in CONNECTION_LOGGERS)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, service, logger, message, ids, extra fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if not _about_the_connection(record.name):
            span = trace.get_current_span().get_span_context()
            if span.is_valid:
                out["trace_id"] = format(span.trace_id, "032x")
                out["span_id"] = format(span.span_id, "016x")
            rid = request_id_var.get()
            if rid:
                out["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable single-line format for a developer's terminal (JLP_LOG_FORMAT=text)."""

    def __init__(self, service: str) -> None:
        super().__init__(f"%(asctime)s %(levelname)-7s {service} %(name)s: %(message)s")


def configure_logging(service: str, level: str = "INFO", fmt: str = "json") -> None:
    """Route the root logger to stderr with the chosen formatter; idempotent."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service) if fmt == "json" else TextFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("urllib3", "nats", "pymongo", "werkzeug"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
