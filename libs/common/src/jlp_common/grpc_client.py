"""gRPC client helper: one channel per target, deadlines on every call, safe retries.

- Every call gets a deadline: the caller's remaining time when we are inside a request
  (propagated downstream, minus a small margin), else the configured default.
- UNAVAILABLE is retried by gRPC itself through the service config, only for idempotent
  methods (GET-mapped, `idempotency_level` set, or Get/List/BatchGet by AIP naming), at most
  4 attempts with exponential backoff, and with retry throttling so a sick backend is not
  hammered.
- The request id and the caller's bearer token travel on as metadata; OpenTelemetry's client
  interceptor adds `traceparent`.
- Keepalive settings match the server's (grpc_server.SERVER_OPTIONS).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

import grpc
from google.api import annotations_pb2
from google.protobuf import descriptor_pb2

from jlp_common import context as ctx

KEEPALIVE_OPTIONS: list[tuple[str, Any]] = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_pings_without_data", 0),
]
MAX_ATTEMPTS = 4
DEADLINE_MARGIN_S = 0.05  # left to the caller to answer after its downstream call returns

_channels: dict[tuple[str, str], grpc.Channel] = {}
_lock = threading.Lock()


def is_idempotent(method: Any) -> bool:
    """True when retrying the method cannot do something twice (AIP-127/131/132 semantics)."""
    opts = method.GetOptions()
    if opts.idempotency_level in (descriptor_pb2.MethodOptions.NO_SIDE_EFFECTS,
                                  descriptor_pb2.MethodOptions.IDEMPOTENT):
        return True
    if opts.HasExtension(annotations_pb2.http) and opts.Extensions[annotations_pb2.http].get:
        return True
    return method.name.startswith(("Get", "List", "BatchGet", "Search"))


def service_config(pb2_modules: Iterable[Any]) -> dict[str, Any]:
    """A gRPC service config retrying UNAVAILABLE for the idempotent methods of the modules."""
    names = []
    for module in pb2_modules:
        for svc in module.DESCRIPTOR.services_by_name.values():
            names += [{"service": svc.full_name, "method": m.name}
                      for m in svc.methods if is_idempotent(m)]
    config: dict[str, Any] = {
        "retryThrottling": {"maxTokens": 10, "tokenRatio": 0.1},
        "methodConfig": [],
    }
    if names:
        config["methodConfig"].append({
            "name": names,
            "retryPolicy": {
                "maxAttempts": MAX_ATTEMPTS,
                "initialBackoff": "0.1s",
                "maxBackoff": "1s",
                "backoffMultiplier": 2,
                "retryableStatusCodes": ["UNAVAILABLE"],
            },
        })
    return config


def channel(target: str, pb2_modules: Sequence[Any] = ()) -> grpc.Channel:
    """The shared channel to `target` (host:port), created on first use."""
    key = (target, ",".join(sorted(m.__name__ for m in pb2_modules)))
    with _lock:
        ch = _channels.get(key)
        if ch is None:
            options = [*KEEPALIVE_OPTIONS, ("grpc.enable_retries", 1),
                       ("grpc.service_config", json.dumps(service_config(pb2_modules)))]
            ch = grpc.insecure_channel(target, options=options)
            try:
                from opentelemetry.instrumentation.grpc import client_interceptor
                from opentelemetry.instrumentation.grpc.grpcext import intercept_channel

                ch = intercept_channel(ch, client_interceptor())
            except ImportError:  # pragma: no cover
                pass
            _channels[key] = ch
        return ch


def close_all() -> None:
    with _lock:
        for ch in _channels.values():
            ch.close()
        _channels.clear()


def call_timeout(default_s: float) -> float:
    """Seconds to give a downstream call: the caller's remaining time if shorter than default."""
    deadline = ctx.deadline_var.get()
    if deadline is None:
        return default_s
    remaining = deadline - time.monotonic() - DEADLINE_MARGIN_S
    return max(0.001, min(default_s, remaining))


def call_metadata(token: str | None = None, extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Metadata for a downstream call: request id and a bearer token (explicit or the caller's)."""
    md = list(extra)
    rid = ctx.request_id_var.get()
    if rid:
        md.append((ctx.REQUEST_ID_HEADER, rid))
    auth = f"Bearer {token}" if token else ctx.token_var.get()
    if auth:
        md.append(("authorization", auth))
    return md


def invoke(method: Any, request: Any, *, timeout_s: float = 5.0, token: str | None = None,
           metadata: Iterable[tuple[str, str]] = ()) -> Any:
    """Call a stub method with a propagated deadline and the platform metadata."""
    return method(request, timeout=call_timeout(timeout_s),
                  metadata=call_metadata(token, metadata))
