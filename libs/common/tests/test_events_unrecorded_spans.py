"""The consumer's shortcut for spans nobody records (issue 16, ADR 0015) gives what the SDK gives.

While no span exporter is attached (`telemetry.records_nothing_unsampled`) and the publisher's
trace is not sampled, `tracing.consumer_span` builds the unrecorded CONSUMER span itself instead
of going through the SDK's sampler. These tests pin it to the SDK's own result for the same
headers, show that a sampled trace or an attached exporter still gets the SDK's span, and that a
handler behind the real consumer runs in the publisher's trace either way.
"""

import threading
import uuid

import pytest
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from jlp_common import telemetry
from jlp_common.events import tracing
from jlp_testkit.nats import wait_for
from jlptest.echo.v1 import echo_pb2

TRACE, SPAN = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
STATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"


@pytest.fixture
def unexported(monkeypatch):
    """The process as it runs without an exporter (the tests' provider has one attached)."""
    provider = telemetry.setup_telemetry("test", in_memory=True).tracer_provider
    assert isinstance(provider.sampler, telemetry.RecordOnlyWhenExported)
    monkeypatch.setattr(provider.sampler, "exported", False)
    return provider


def attributes() -> dict[str, str]:
    return {"messaging.system": "nats"}


HEADERS = [
    {},  # no trace context at all: a new trace
    {"traceparent": f"00-{TRACE}-{SPAN}-00"},
    {"traceparent": f"00-{TRACE}-{SPAN}-00", "tracestate": STATE},
    {"TraceParent": f"00-{TRACE}-{SPAN}-02"},  # random-trace-id flag, any name case
    {"traceparent": f"00-{TRACE}-{SPAN}-zz"},  # malformed: ignored, a new trace
    {"traceparent": f"01-{TRACE}-{SPAN}-00-future"},  # a later version, read by the propagator
    {"traceparent": "00-00000000000000000000000000000000-b7ad6b7169203331-00"},
]


@pytest.mark.parametrize("headers", HEADERS)
@pytest.mark.parametrize("origin", [None, {"traceparent": f"00-{'1' * 32}-{'2' * 16}-00"}])
def test_an_unrecorded_consumer_span_is_the_one_the_sdk_would_start(unexported, headers, origin):
    ours = tracing.consumer_span("s process", headers, origin, attributes)
    sdk = tracing.tracer().start_span("s process", context=tracing.context_from(headers, origin),
                                      kind=SpanKind.CONSUMER, attributes=attributes())
    assert type(ours) is type(sdk) is trace.NonRecordingSpan
    mine, theirs = ours.get_span_context(), sdk.get_span_context()
    parent = trace.get_current_span(tracing.context_from(headers, origin)).get_span_context()
    assert mine.is_valid and not mine.is_remote and mine.span_id != parent.span_id
    assert (mine.trace_flags, mine.trace_state, mine.is_remote) == (
        theirs.trace_flags, theirs.trace_state, theirs.is_remote)
    if parent.is_valid:  # the publisher's (or the origin's) trace continues
        assert mine.trace_id == theirs.trace_id == parent.trace_id
    else:  # a new trace, as the SDK starts one
        assert mine.trace_id not in (theirs.trace_id, parent.trace_id)


def test_a_sampled_publisher_trace_is_still_recorded_without_an_exporter(unexported):
    span = tracing.consumer_span("s process", {"traceparent": f"00-{TRACE}-{SPAN}-01"}, None,
                                 attributes)
    assert span.is_recording() and f"{span.get_span_context().trace_id:032x}" == TRACE
    assert span.attributes["messaging.system"] == "nats" and span.kind is SpanKind.CONSUMER
    span.end()


def test_with_an_exporter_attached_the_sdk_starts_every_consumer_span():
    telemetry.setup_telemetry("test", in_memory=True)
    assert not telemetry.records_nothing_unsampled()
    span = tracing.consumer_span("s process", {}, None, attributes)  # a new root: recorded
    assert span.is_recording() and span.attributes["messaging.system"] == "nats"
    span.end()


def test_records_nothing_unsampled_only_for_our_sampler_without_exporter(unexported):
    assert telemetry.records_nothing_unsampled()
    assert not telemetry.records_nothing_unsampled(trace.NoOpTracerProvider())
    unexported.sampler.exported = True
    assert not telemetry.records_nothing_unsampled()


def test_a_handler_runs_in_the_publishers_trace_without_an_exporter(unexported, bus_factory):
    domain = "t" + uuid.uuid4().hex[:10]
    bus = bus_factory()
    seen: list[trace.SpanContext] = []
    arrived = threading.Event()

    def handle(_event: object) -> None:
        seen.append(trace.get_current_span().get_span_context())
        arrived.set()

    bus.subscribe(f"JLP_{domain.upper()}", "test-unrecorded", f"jlp.{domain}.>", handle,
                  ack_wait_s=1.0)
    with trace.get_tracer("test").start_as_current_span("POST /api/v1/cases") as request:
        assert not request.is_recording()  # no exporter: a trace id, nothing recorded
        bus.publish(f"jlp.{domain}.case.created", echo_pb2.Note(name="notes/1"))
    wait_for(arrived.is_set, message="delivered")
    [ctx] = seen
    assert ctx.trace_id == request.get_span_context().trace_id and not ctx.trace_flags.sampled
    assert ctx.span_id != request.get_span_context().span_id
    assert trace.get_current_span().get_span_context().trace_id != ctx.trace_id  # detached
