"""W3C trace context across NATS: inject on publish, extract on consume.

One trace must follow a request gateway -> gRPC -> NATS -> consumer (DESIGN §3 Telemetry). The
publisher's PRODUCER span goes into the NATS `traceparent` header (the current hop); the
consumer's CONSUMER span is started as its child. The CloudEvents distributed-tracing extension
attribute `traceparent` in the envelope carries the event's *origin* context
(reference/cloudevents-nats.md §3) and is the fallback when a message has no header.
"""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Tracer

TRACER_NAME = "jlp_common.events"
TRACE_HEADERS = ("traceparent", "tracestate")


def tracer() -> Tracer:
    return trace.get_tracer(TRACER_NAME)


def current_carrier() -> dict[str, str]:
    """The current context as W3C headers (empty when there is no valid span)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return {k: v for k, v in carrier.items() if k in TRACE_HEADERS}


def context_from(headers: Mapping[str, str],
                 fallback: Mapping[str, str] | None = None) -> otel_context.Context:
    """Parent context from message headers (names matched case-insensitively), else `fallback`."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "traceparent" not in lowered and fallback:
        lowered = {k.lower(): v for k, v in fallback.items()}
    return propagate.extract(lowered)
