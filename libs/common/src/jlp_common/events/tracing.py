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


_cached: tuple[object, Tracer] | None = None


def tracer() -> Tracer:
    """The events tracer of the current provider, built once per provider.

    `trace.get_tracer` builds a new Tracer (and its instrumentation scope) on every call; per
    consumed event that was a sixth of the handler thread's time (bench/events_path.py,
    py-spy). Keyed by the provider so a provider installed later (telemetry set up after the
    first event) is still used.
    """
    global _cached
    provider = trace.get_tracer_provider()
    cached = _cached
    if cached is None or cached[0] is not provider:
        cached = _cached = (provider, provider.get_tracer(TRACER_NAME))
    return cached[1]


def current_carrier() -> dict[str, str]:
    """The current context as W3C headers (empty when there is no valid span)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return {k: v for k, v in carrier.items() if k in TRACE_HEADERS}


def carrier_of(span: trace.Span) -> dict[str, str]:
    """W3C trace headers naming `span` as the parent (empty for an invalid span context).

    What `propagate.inject` writes for the tracecontext format, without making the span
    current first: the relay stamps hundreds of events per call and the detour through the
    context machinery was a tenth of its time (bench/events_path.py, py-spy)."""
    ctx = span.get_span_context()
    if not ctx.is_valid:
        return {}
    carrier = {"traceparent": f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{ctx.trace_flags:02x}"}
    if ctx.trace_state:
        carrier["tracestate"] = ctx.trace_state.to_header()
    return carrier


def context_from(headers: Mapping[str, str],
                 fallback: Mapping[str, str] | None = None) -> otel_context.Context:
    """Parent context from message headers (names matched case-insensitively), else `fallback`."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "traceparent" not in lowered and fallback:
        lowered = {k.lower(): v for k, v in fallback.items()}
    return propagate.extract(lowered)
