"""W3C trace context across NATS: inject on publish, extract on consume.

One trace must follow a request gateway -> gRPC -> NATS -> consumer (DESIGN §3 Telemetry). The
publisher's PRODUCER span goes into the NATS `traceparent` header (the current hop); the
consumer's CONSUMER span is started as its child. The CloudEvents distributed-tracing extension
attribute `traceparent` in the envelope carries the event's *origin* context
(reference/cloudevents-nats.md §3) and is the fallback when a message has no header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace.id_generator import IdGenerator, RandomIdGenerator
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer, TraceState
from opentelemetry.util.types import Attributes

from jlp_common.telemetry import records_nothing_unsampled

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
    """Parent context from message headers (names matched case-insensitively), else `fallback`.

    A well-formed version-00 `traceparent` (what every publisher of ours writes) is read here
    directly: events carry only the W3C trace headers, and the global propagator also runs
    the baggage propagator and a regular expression per consumed event (a sixth of the
    consumer's own cost, issue 16). Anything else goes through the global propagator as
    before, which validates and rejects it the standard way."""
    lowered = _trace_headers(headers, fallback)
    parent = _remote_span_context(lowered.get("traceparent"), lowered.get("tracestate"))
    if parent is None:
        return propagate.extract(lowered)
    return trace.set_span_in_context(trace.NonRecordingSpan(parent), otel_context.Context())


def _trace_headers(headers: Mapping[str, str],
                   fallback: Mapping[str, str] | None) -> dict[str, str]:
    """The headers with lower-cased names; the fallback's when they carry no `traceparent`."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "traceparent" not in lowered and fallback:
        lowered = {k.lower(): v for k, v in fallback.items()}
    return lowered


def _parent_span_context(headers: Mapping[str, str],
                         fallback: Mapping[str, str] | None) -> trace.SpanContext:
    """The span context `context_from` would make current (INVALID_SPAN_CONTEXT for none)."""
    lowered = _trace_headers(headers, fallback)
    parent = _remote_span_context(lowered.get("traceparent"), lowered.get("tracestate"))
    if parent is None:
        return trace.get_current_span(propagate.extract(lowered)).get_span_context()
    return parent


_HEX = frozenset("0123456789abcdef")
_NO_TRACE, _NO_SPAN = "0" * 32, "0" * 16


def _remote_span_context(traceparent: str | None,
                         tracestate: str | None) -> trace.SpanContext | None:
    """`00-<32 hex>-<16 hex>-<2 hex>` as a remote span context; None for any other form."""
    if (traceparent is None or len(traceparent) != 55 or not traceparent.startswith("00-")
            or traceparent[35] != "-" or traceparent[52] != "-"):
        return None
    trace_id, span_id, flags = traceparent[3:35], traceparent[36:52], traceparent[53:55]
    if (not _HEX.issuperset(trace_id) or not _HEX.issuperset(span_id)
            or not _HEX.issuperset(flags) or trace_id == _NO_TRACE or span_id == _NO_SPAN):
        return None
    state = TraceState.from_header([tracestate]) if tracestate else None
    return trace.SpanContext(int(trace_id, 16), int(span_id, 16), is_remote=True,
                             trace_flags=trace.TraceFlags(int(flags, 16)), trace_state=state)


_RANDOM_IDS = RandomIdGenerator()


def consumer_span(name: str, headers: Mapping[str, str], fallback: Mapping[str, str] | None,
                  attributes: Callable[[], Attributes]) -> trace.Span:
    """The CONSUMER span of one consumed event, a child of the publisher's context in its
    headers (or of the event's origin, `fallback`); started, not yet current.

    While nothing would record it (`records_nothing_unsampled` and the publisher's trace not
    sampled) the span is built here as the SDK builds an unrecorded one — same trace id (a new
    one without a parent), a new span id, flags and trace state as the parent-based always-off
    sampler gives them — without the SDK's sampling call, attribute dict and context detour
    (~8 µs of CPU per consumed event carrying a `traceparent`; issue 16, ADR 0015). The
    handler's logs still carry the trace id, and what it publishes still joins the trace.
    Otherwise (an exporter attached, or a sampled parent) the SDK starts it as always."""
    provider = trace.get_tracer_provider()
    if records_nothing_unsampled(provider):
        parent = _parent_span_context(headers, fallback)
        if not parent.trace_flags.sampled:
            return _unrecorded_child(parent, getattr(provider, "id_generator", None) or _RANDOM_IDS)
        context = trace.set_span_in_context(trace.NonRecordingSpan(parent), otel_context.Context())
    else:
        context = context_from(headers, fallback)
    return tracer().start_span(name, context=context, kind=SpanKind.CONSUMER,
                               attributes=attributes())


def _unrecorded_child(parent: trace.SpanContext, ids: IdGenerator) -> trace.NonRecordingSpan:
    """What the SDK's `start_span` returns under parent-based always-off for `parent`."""
    if parent.is_valid:
        trace_id, state, random_id = parent.trace_id, parent.trace_state, parent.trace_flags.random_trace_id
    else:
        trace_id, state, random_id = ids.generate_trace_id(), None, ids.is_trace_id_random()
    flags = trace.TraceFlags(trace.TraceFlags.RANDOM_TRACE_ID if random_id else trace.TraceFlags.DEFAULT)
    return trace.NonRecordingSpan(trace.SpanContext(trace_id, ids.generate_span_id(), is_remote=False,
                                                    trace_flags=flags, trace_state=state))


def run_in_span(span: trace.Span, work: Callable[[], object]) -> None:
    """Run `work` with `span` current, then end it; an exception is recorded on a recording
    span (status ERROR) and raised, as `start_as_current_span` does, without its generator-based
    context managers (a third of the span's cost per consumed event)."""
    token = otel_context.attach(trace.set_span_in_context(span))
    try:
        work()
    except Exception as exc:
        if span.is_recording():
            span.record_exception(exc)
            span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {exc}"))
        raise
    finally:
        otel_context.detach(token)
        span.end()
