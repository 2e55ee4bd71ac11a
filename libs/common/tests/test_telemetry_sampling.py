"""Tracing costs nothing nobody reads (issue 16): no span is recorded in a process without an
exporter unless the caller's trace is sampled, and a backend call inside a trace that is not
recorded carries only the trace context, without a client span."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.trace.sampling import ALWAYS_ON, Decision
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, set_span_in_context

from jlp_common import grpc_client
from jlp_common.telemetry import RecordOnlyWhenExported, setup_telemetry

TRACE_ID, SPAN_ID = 0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331


def remote_parent(sampled: bool):  # noqa: ANN201
    flags = TraceFlags(TraceFlags.SAMPLED if sampled else TraceFlags.DEFAULT)
    return set_span_in_context(NonRecordingSpan(SpanContext(TRACE_ID, SPAN_ID, True, flags)))


def test_without_an_exporter_only_sampled_traces_are_recorded() -> None:
    sampler = RecordOnlyWhenExported(ALWAYS_ON)
    decide = lambda parent: sampler.should_sample(parent, TRACE_ID, "GET /x").decision  # noqa: E731
    assert decide(None) is Decision.DROP  # a new root: trace id kept, nothing recorded
    assert decide(remote_parent(sampled=False)) is Decision.DROP
    assert decide(remote_parent(sampled=True)) is Decision.RECORD_AND_SAMPLE  # flag passed on
    sampler.exported = True
    assert decide(None) is Decision.RECORD_AND_SAMPLE  # the configured sampler decides again
    assert "AlwaysOnSampler" in sampler.get_description()


def test_the_process_sampler_records_once_an_exporter_is_attached() -> None:
    tel = setup_telemetry("test", in_memory=True)  # the tests' exporter (root conftest)
    assert isinstance(tel.tracer_provider.sampler, RecordOnlyWhenExported)
    assert tel.tracer_provider.sampler.exported


class _Otel:
    """Stands in for OpenTelemetry's client interceptor: records that it was used."""

    def __init__(self) -> None:
        self.calls = 0

    def intercept_unary(self, request, metadata, client_info, invoker):  # noqa: ANN001, ANN201
        self.calls += 1
        return invoker(request, metadata)


def test_a_call_in_an_unrecorded_trace_carries_the_context_and_makes_no_client_span() -> None:
    otel = _Otel()
    shortcut = grpc_client.UnrecordedTraceShortcut(otel)
    sent: list = []
    invoker = lambda request, metadata: sent.append(dict(metadata)) or "reply"  # noqa: E731
    token = trace.context_api.attach(remote_parent(sampled=False))
    try:
        assert shortcut.intercept_unary("req", [("x-request-id", "r-1")], None, invoker) == "reply"
    finally:
        trace.context_api.detach(token)
    assert otel.calls == 0
    assert sent[0]["x-request-id"] == "r-1"
    assert sent[0]["traceparent"] == f"00-{TRACE_ID:032x}-{SPAN_ID:016x}-00"
    token = trace.context_api.attach(remote_parent(sampled=True))
    try:
        shortcut.intercept_unary("req", [], None, invoker)  # a sampled trace: OpenTelemetry's
    finally:
        trace.context_api.detach(token)
    shortcut.intercept_unary("req", [], None, invoker)  # outside any trace: OpenTelemetry's
    assert otel.calls == 2


class _OtelServer:
    """Stands in for OpenTelemetry's server interceptor: records that it was used."""

    def __init__(self) -> None:
        self.calls = 0

    def intercept_service(self, continuation, details):  # noqa: ANN001, ANN201
        self.calls += 1
        return continuation(details)


class _Details:
    def __init__(self, metadata: list[tuple[str, str]]) -> None:
        self.method = "/jlptest.echo.v1.EchoService/GetNote"
        self.invocation_metadata = tuple(metadata)  # grpcio's are (key, value) named tuples


def _served(shortcut, metadata, monkeypatch, quiet: bool):  # noqa: ANN001, ANN202
    """Run one unary call through the server shortcut; the span context the handler saw."""
    import grpc

    sampler = setup_telemetry("test", in_memory=True).tracer_provider.sampler
    monkeypatch.setattr(sampler, "exported", not quiet)  # no exporter attached, or one
    seen = []

    def behavior(request, context):  # noqa: ANN001, ANN202
        span = trace.get_current_span()
        seen.append((span.get_span_context(), span.is_recording()))
        return "reply"

    handler = shortcut.intercept_service(lambda d: grpc.unary_unary_rpc_method_handler(behavior),
                                         _Details(metadata))
    before = trace.get_current_span()
    assert handler.unary_unary("req", None) == "reply"
    assert trace.get_current_span() is before  # the context is restored after the call
    return seen[0] if seen else None


def test_a_served_call_outside_a_sampled_trace_skips_opentelemetrys_interceptor(monkeypatch) -> None:  # noqa: ANN001
    from jlp_common.grpc_server import UnrecordedTraceServerShortcut

    otel = _OtelServer()
    shortcut = UnrecordedTraceServerShortcut(otel)
    unsampled = [("traceparent", f"00-{TRACE_ID:032x}-{SPAN_ID:016x}-00")]
    context, recording = _served(shortcut, unsampled, monkeypatch, quiet=True)
    assert otel.calls == 0 and not recording
    assert context.trace_id == TRACE_ID and context.span_id != SPAN_ID  # a child, same trace
    assert not context.trace_flags.sampled
    context, recording = _served(shortcut, [], monkeypatch, quiet=True)  # no caller trace
    assert otel.calls == 0 and context.is_valid and not recording  # a new trace id for logs
    sampled = [("traceparent", f"00-{TRACE_ID:032x}-{SPAN_ID:016x}-01")]
    _served(shortcut, sampled, monkeypatch, quiet=True)  # the caller samples: recorded as before
    assert otel.calls == 1
    _served(shortcut, unsampled, monkeypatch, quiet=False)  # an exporter: OpenTelemetry decides
    assert otel.calls == 2


def test_records_nothing_unsampled_follows_the_exporter() -> None:
    from jlp_common import telemetry

    tel = setup_telemetry("test", in_memory=True)
    sampler = tel.tracer_provider.sampler
    assert not telemetry.records_nothing_unsampled()  # the tests' exporter is attached
    sampler.exported = False
    try:
        assert telemetry.records_nothing_unsampled() is (
            trace.get_tracer_provider() is tel.tracer_provider)
    finally:
        sampler.exported = True
