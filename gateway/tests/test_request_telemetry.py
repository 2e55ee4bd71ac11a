"""The gateway's own server span and `http.server.duration` histogram (request_telemetry).

What must not change when OpenTelemetry's Flask instrumentation was replaced: the metric the
dashboards and the 5xx alert read (Prometheus `http_server_duration_milliseconds_*` with
`http_status_code`), the trace an incoming `traceparent` puts a request in (down to the
backend call), and the trace and request ids on the gateway's log lines.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON
from opentelemetry.trace import SpanKind, StatusCode

from jlp_common.logs import JsonFormatter
from jlp_common.telemetry import Instruments, RecordOnlyWhenExported, current
from jlp_gateway.request_telemetry import RequestTelemetry

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"


def traceparent(sampled: bool) -> str:
    return f"00-{TRACE_ID}-{PARENT_ID}-{'01' if sampled else '00'}"


# --- RequestTelemetry alone, on private providers -------------------------------------------
def telemetry(*, exported: bool) -> tuple[RequestTelemetry, InMemorySpanExporter, InMemoryMetricReader]:
    sampler = RecordOnlyWhenExported(ALWAYS_ON)
    sampler.exported = exported
    provider = TracerProvider(sampler=sampler)
    spans = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    instruments = Instruments(MeterProvider(metric_readers=[reader]).get_meter("test"))
    return RequestTelemetry(provider.get_tracer("test"), instruments.http_server_duration), spans, reader


def duration_points(reader: InMemoryMetricReader) -> list:
    data = reader.get_metrics_data()
    return [p for rm in (data.resource_metrics if data else []) for sm in rm.scope_metrics
            for m in sm.metrics if m.name == "http.server.duration" for p in m.data.data_points]


def test_without_an_exporter_only_the_incoming_trace_is_made_current() -> None:
    rt, spans, _ = telemetry(exported=False)
    before = trace.get_current_span()
    current_span = rt.start("GET", "/api/v1/shelves/1", {"traceparent": traceparent(False)})
    assert not current_span.span.is_recording()
    ctx = trace.get_current_span().get_span_context()
    assert format(ctx.trace_id, "032x") == TRACE_ID and not ctx.trace_flags.sampled
    rt.finish(current_span, method="GET", route="/api/v1/shelves/{id}", status=200, elapsed_ms=1.0)
    rt.close(current_span)
    assert trace.get_current_span() is before  # the context is restored
    assert spans.get_finished_spans() == ()


def test_a_request_without_traceparent_gets_a_fresh_unrecorded_trace() -> None:
    rt, spans, _ = telemetry(exported=False)
    current_span = rt.start("GET", "/api/v1/shelves/1", {})
    ctx = trace.get_current_span().get_span_context()
    assert ctx.is_valid and not ctx.trace_flags.sampled  # logs and backends still get an id
    rt.close(current_span)
    assert spans.get_finished_spans() == ()


def test_a_recorded_span_joins_the_callers_trace_with_route_and_status() -> None:
    rt, spans, _ = telemetry(exported=True)
    current_span = rt.start("POST", "/api/v1/shelves/1/books/2:rename",
                            {"traceparent": traceparent(True)}, scheme="https")
    RequestTelemetry.name_route(current_span, "/api/v1/{name=shelves/*/books/*}:rename",
                                "/jlptest.gwtest.v1.ShelfService/RenameBook")
    rt.finish(current_span, method="POST", route="/api/v1/{name=shelves/*/books/*}:rename",
              status=503, elapsed_ms=2.0)
    rt.close(current_span)
    [span] = spans.get_finished_spans()
    assert span.kind is SpanKind.SERVER
    assert span.name == "POST /api/v1/{name=shelves/*/books/*}:rename"
    assert format(span.context.trace_id, "032x") == TRACE_ID
    assert span.parent is not None and format(span.parent.span_id, "016x") == PARENT_ID
    assert span.attributes["http.method"] == "POST"
    assert span.attributes["http.route"] == "/api/v1/{name=shelves/*/books/*}:rename"
    assert span.attributes["http.status_code"] == 503
    assert span.attributes["http.scheme"] == "https"
    assert span.status.status_code is StatusCode.ERROR  # a 5xx is the server's error


def test_a_client_error_is_not_a_span_error_and_is_recorded_once() -> None:
    rt, spans, reader = telemetry(exported=True)
    current_span = rt.start("GET", "/api/v1/shelves/x", {})
    for _ in range(2):  # a second finish (teardown after after_request) records nothing
        rt.finish(current_span, method="GET", route="/api/v1/shelves/{id}", status=404,
                  elapsed_ms=0.7)
    rt.close(current_span)
    [span] = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.UNSET
    [point] = duration_points(reader)
    assert point.count == 1
    assert dict(point.attributes) == {"http.method": "GET", "http.route": "/api/v1/shelves/{id}",
                                      "http.status_code": 404}


def test_prometheus_sees_the_names_the_dashboards_and_the_5xx_alert_query() -> None:
    from opentelemetry.exporter.prometheus import PrometheusMetricReader
    from prometheus_client import REGISTRY, generate_latest

    provider = MeterProvider(metric_readers=[PrometheusMetricReader()])  # on the default registry
    try:
        instruments = Instruments(provider.get_meter("test"))
        instruments.http_server_duration.record(0.8, {
            "http.method": "GET", "http.route": "/api/v1/shelves/{id}", "http.status_code": 503})
        text = generate_latest(REGISTRY).decode()
    finally:
        provider.shutdown()  # takes its collector off the registry again
    lines = [line for line in text.splitlines() if line.startswith("http_server_duration_milliseconds")]
    count = next(line for line in lines if line.startswith("http_server_duration_milliseconds_count{"))
    assert 'http_status_code="503"' in count and 'http_route="/api/v1/shelves/{id}"' in count
    assert 'http_method="GET"' in count
    # a p50 near the 1 ms target falls in a bucket of its own, not in [0, 5 ms)
    assert any('le="1.0"' in line and line.endswith(" 1.0")
               for line in lines if line.startswith("http_server_duration_milliseconds_bucket{"))


# --- through the gateway (the process's providers: spans recorded, root conftest) ----------
def global_points(route: str) -> dict[tuple[str, int], int]:
    reader = current().metric_reader
    assert reader is not None, "the root conftest sets up in-memory telemetry"
    return {(p.attributes["http.method"], p.attributes["http.status_code"]): p.count
            for p in duration_points(reader) if p.attributes.get("http.route") == route}


def test_the_histogram_is_recorded_with_route_template_and_status(shelf_client) -> None:
    before = global_points("/api/v1/shelves/{id}")
    assert shelf_client.get("/api/v1/shelves/42").status_code == 200
    assert shelf_client.get("/api/v1/shelves/43").status_code == 200
    after = global_points("/api/v1/shelves/{id}")
    assert after[("GET", 200)] - before.get(("GET", 200), 0) == 2  # one series, not one per id
    unmatched = global_points("unmatched").get(("GET", 404), 0)
    assert shelf_client.get("/api/v1/nothing/here").status_code == 404
    assert global_points("unmatched")[("GET", 404)] == unmatched + 1
    probes = global_points("/healthz")
    assert shelf_client.get("/healthz").status_code == 200
    assert global_points("/healthz") == probes == {}  # probes: neither span nor metric


@pytest.mark.parametrize("sampled", [False, True])
def test_an_incoming_trace_id_reaches_the_backend_call(shelf_client, shelves, sampled) -> None:
    spans = current().span_exporter
    assert spans is not None
    spans.clear()
    resp = shelf_client.get("/api/v1/shelves/7", headers={"traceparent": traceparent(sampled)})
    assert resp.status_code == 200
    name, metadata = shelves.metadata[-1]
    assert name == "GetShelf"
    _, trace_id, _, flags = metadata["traceparent"].split("-")
    assert trace_id == TRACE_ID and flags == ("01" if sampled else "00")
    servers = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER
               and s.name == "GET /api/v1/shelves/{id}"]
    if sampled:  # recorded, as the caller's child
        [server] = servers
        assert format(server.context.trace_id, "032x") == TRACE_ID
        assert format(server.parent.span_id, "016x") == PARENT_ID
        assert server.attributes["http.status_code"] == 200
    else:  # the caller chose not to record this trace: neither does the gateway
        assert servers == []


@pytest.fixture
def access_lines() -> Iterator[io.StringIO]:
    """The gateway's access-log lines as the JSON formatter writes them (in the request)."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter("gateway"))
    logger = logging.getLogger("jlp.gateway.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield out
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_log_lines_carry_the_incoming_trace_id_and_the_request_id(shelf_client, access_lines) -> None:
    resp = shelf_client.get("/api/v1/shelves/9", headers={"traceparent": traceparent(False),
                                                           "X-Request-ID": "req-telemetry-1"})
    assert resp.status_code == 200 and resp.headers["X-Request-ID"] == "req-telemetry-1"
    [line] = [json.loads(x) for x in access_lines.getvalue().splitlines()]
    assert line["trace_id"] == TRACE_ID and line["request_id"] == "req-telemetry-1"
    assert line["route"] == "GET /api/v1/shelves/{id}" and line["status"] == 200
    assert trace.get_current_span().get_span_context().is_valid is False  # context detached
