"""gRPC client helper: one channel per target, deadlines on every call, safe retries.

- Every call gets a deadline: the caller's remaining time when we are inside a request
  (propagated downstream, minus a small margin), else the configured default.
- UNAVAILABLE is retried by gRPC itself through the service config, only for idempotent
  methods (GET-mapped, `idempotency_level` set, or Get/List/BatchGet by AIP naming), at most
  4 attempts with exponential backoff, and with retry throttling so a sick backend is not
  hammered.
- The request id and the caller's bearer token travel on as metadata; OpenTelemetry's client
  interceptor adds `traceparent` and a client span, except inside a trace that is not recorded
  (`UnrecordedTraceShortcut`), where only the trace context is added.
- Keepalive: one definition (`Keepalive`) gives both the channel options here and the
  server's ping policy in grpc_server.SERVER_OPTIONS, so the two cannot drift apart.
- TLS (ADR 0111): with JLP_TLS_CERT_FILE/KEY_FILE/CA_FILE set, channels verify the server
  against the suite's CA and present this component's certificate; unset, they are plaintext
  (the local run). The variables are platform ones every component declares, read from the
  process environment here because every caller (services, the gateway) shares this helper.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from google.api import annotations_pb2
from google.protobuf import descriptor_pb2
from opentelemetry import propagate, trace

from jlp_common import context as ctx
from jlp_common.config import TLS_VARIABLES, TlsFiles


@dataclass(frozen=True)
class Keepalive:
    """HTTP/2 keepalive for both ends of every platform connection, from one ping interval.

    Clients ping every `ping_interval_ms`, also with no call in flight, so an idle connection
    through a NAT, a kube-proxy conntrack entry or a restarted pod is found dead before the next
    call needs it. A gRPC server answers a client that pings more often than it permits with
    GOAWAY ENHANCE_YOUR_CALM "too_many_pings" and drops the connection (calls in flight fail),
    so the server's permitted interval is derived from the clients' here, with a margin of half
    the interval for timer jitter and the extra pings gRPC sends on its own (BDP probes, a ping
    after RST_STREAM). Servers ping idle clients too, less often, to shed dead peers.

    Note the channel-argument names: the server's minimum is
    "grpc.http2.min_ping_interval_without_data_ms" (GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_
    WITHOUT_DATA_MS); a misspelt key is silently ignored and leaves gRPC's default of 5 minutes,
    which is what made the 30 s client pings "too many".
    """

    ping_interval_ms: int = 30_000
    ping_timeout_ms: int = 10_000
    # Pings the server tolerates below its minimum before GOAWAY (gRPC's default, kept explicit).
    max_ping_strikes: int = 2

    def __post_init__(self) -> None:
        if self.ping_interval_ms <= 0 or self.ping_timeout_ms <= 0:
            raise ValueError("keepalive ping interval and timeout must be positive")
        if self.ping_timeout_ms >= self.ping_interval_ms:
            raise ValueError("keepalive ping timeout must be shorter than the ping interval")

    @property
    def server_min_ping_interval_ms(self) -> int:
        """The shortest gap between client pings the server accepts: half the clients' interval."""
        return self.ping_interval_ms // 2

    def client_options(self) -> list[tuple[str, Any]]:
        return [
            ("grpc.keepalive_time_ms", self.ping_interval_ms),
            ("grpc.keepalive_timeout_ms", self.ping_timeout_ms),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.max_pings_without_data", 0),  # idle channels keep pinging
        ]

    def server_options(self) -> list[tuple[str, Any]]:
        return [
            # The server's own pings, to find clients that vanished: twice as sparse.
            ("grpc.keepalive_time_ms", 2 * self.ping_interval_ms),
            ("grpc.keepalive_timeout_ms", 2 * self.ping_timeout_ms),
            # Accept the clients' pings, with or without calls in flight.
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.min_ping_interval_without_data_ms", self.server_min_ping_interval_ms),
            ("grpc.http2.max_ping_strikes", self.max_ping_strikes),
        ]


KEEPALIVE = Keepalive()
KEEPALIVE_OPTIONS: list[tuple[str, Any]] = KEEPALIVE.client_options()
MAX_ATTEMPTS = 4
# Reconnect backoff to a backend that went away: gRPC's default grows to 120 s, so after an
# outage of a minute a caller (the gateway) kept answering 503 for up to two more minutes after
# the backend was back. Capped at 2 s, recovery follows the backend within about 2 s (issue 15
# fault suite, e2e-tests/faults/test_gateway_restart.py) at the cost of one TCP connect per
# 2 s per channel while it is down.
RECONNECT_OPTIONS: list[tuple[str, Any]] = [
    ("grpc.initial_reconnect_backoff_ms", 500),
    ("grpc.max_reconnect_backoff_ms", 2000),
]
DEADLINE_MARGIN_S = 0.05  # left to the caller to answer after its downstream call returns

_channels: dict[tuple[str, str, TlsFiles], grpc.Channel] = {}
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


_process_tls_cache: dict[tuple[str, ...], TlsFiles] = {}


def _process_tls() -> TlsFiles:
    """The process's JLP_TLS_* files, checked once per distinct setting (channel() runs on
    every call of some callers; the checks touch the file system)."""
    key = tuple(os.environ.get(name, "") for name in TLS_VARIABLES)
    found = _process_tls_cache.get(key)
    if found is None:
        found = _process_tls_cache[key] = TlsFiles.from_env(os.environ)
    return found


def channel_credentials(tls: TlsFiles) -> grpc.ChannelCredentials:
    """Verify the server against the suite's CA; present this component's certificate."""
    cert, key, ca = tls.read()
    return grpc.ssl_channel_credentials(root_certificates=ca, private_key=key,
                                        certificate_chain=cert)


def channel(target: str, pb2_modules: Sequence[Any] = (), *,
            tls: TlsFiles | None = None) -> grpc.Channel:
    """The shared channel to `target` (host:port), created on first use. `tls` defaults to the
    process's JLP_TLS_* files (plaintext when unset); the server's certificate must name the
    target's host."""
    tls = _process_tls() if tls is None else tls
    key = (target, ",".join(sorted(m.__name__ for m in pb2_modules)), tls)
    with _lock:
        ch = _channels.get(key)
        if ch is None:
            options = [*KEEPALIVE_OPTIONS, *RECONNECT_OPTIONS, ("grpc.enable_retries", 1),
                       ("grpc.service_config", json.dumps(service_config(pb2_modules)))]
            if tls.enabled:
                ch = grpc.secure_channel(target, channel_credentials(tls), options=options)
            else:
                ch = grpc.insecure_channel(target, options=options)
            try:
                from opentelemetry.instrumentation.grpc import client_interceptor
                from opentelemetry.instrumentation.grpc.grpcext import intercept_channel

                ch = intercept_channel(ch, UnrecordedTraceShortcut(client_interceptor()))
            except ImportError:  # pragma: no cover
                pass
            _channels[key] = ch
        return ch


def _unrecorded_trace() -> bool:
    """True inside a trace this process decided not to record (sampled out, or no exporter).

    There a client span could not be recorded either, whatever the sampler: parent-based ones
    follow the unsampled parent, trace-id-ratio ones decide the same for every span of a trace,
    always-on would have recorded the parent. Outside any trace (a background job) this is
    False and OpenTelemetry decides as usual."""
    span = trace.get_current_span()
    context = span.get_span_context()
    return context.is_valid and not context.trace_flags.sampled and not span.is_recording()


def _with_trace_context(metadata: Sequence[tuple[str, str]] | None) -> tuple[tuple[str, str], ...]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)  # traceparent (flagged not sampled), tracestate, baggage
    return (*(metadata or ()), *carrier.items())


try:
    from opentelemetry.instrumentation.grpc.grpcext import (
        StreamClientInterceptor,
        UnaryClientInterceptor,
    )
except ImportError:  # pragma: no cover - instrumentation is a declared dependency
    StreamClientInterceptor = UnaryClientInterceptor = object  # type: ignore[misc,assignment]


class UnrecordedTraceShortcut(UnaryClientInterceptor, StreamClientInterceptor):  # type: ignore[misc]
    """OpenTelemetry's client interceptor, bypassed where its span would not be recorded.

    Why: in a trace that is not recorded, OpenTelemetry's interceptor still built a span,
    copied the metadata into an ordered dict and entered two context managers — about a third
    of a backend call's client-side cost (issue 16). Here such a call only gets the trace
    context (`traceparent`, flagged not sampled), so the next hop stays in the same trace and
    makes the same decision; a recorded trace still gets OpenTelemetry's client span."""

    def __init__(self, otel: Any) -> None:
        self._otel = otel

    def intercept_unary(self, request, metadata, client_info, invoker):  # noqa: ANN001, ANN201
        if _unrecorded_trace():
            return invoker(request, _with_trace_context(metadata))
        return self._otel.intercept_unary(request, metadata, client_info, invoker)

    def intercept_stream(self, request_or_iterator, metadata, client_info, invoker):  # noqa: ANN001, ANN201
        if _unrecorded_trace():
            return invoker(request_or_iterator, _with_trace_context(metadata))
        return self._otel.intercept_stream(request_or_iterator, metadata, client_info, invoker)


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
