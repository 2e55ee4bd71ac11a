import json
import logging

from opentelemetry import trace

from jlp_common.context import request_id_var
from jlp_common.logs import JsonFormatter
from jlp_common.telemetry import instruments, setup_telemetry


def test_json_log_line_carries_trace_and_request_ids():
    tel = setup_telemetry("test", in_memory=True)
    record = logging.LogRecord("jlp.x", logging.INFO, __file__, 1, "case %s created", ("c-1",), None)
    record.case_id = "c-1"
    token = request_id_var.set("req-7")
    try:
        with tel.tracer().start_as_current_span("op") as span:
            line = json.loads(JsonFormatter("grid-event").format(record))
            expected_trace = format(span.get_span_context().trace_id, "032x")
    finally:
        request_id_var.reset(token)
    assert line["message"] == "case c-1 created"
    assert line["service"] == "grid-event" and line["level"] == "INFO"
    assert line["trace_id"] == expected_trace and len(line["span_id"]) == 16
    assert line["request_id"] == "req-7" and line["case_id"] == "c-1"


def test_lines_about_the_shared_nats_connection_carry_no_request_context():
    """nats-py's reconnect task is spawned by whichever publish found the connection broken and
    inherits that request's context; its lines (and the bus's connection lines) are not the
    request's."""
    tel = setup_telemetry("test", in_memory=True)
    token = request_id_var.set("req-that-published")
    try:
        with tel.tracer().start_as_current_span("request"):
            lines = {name: json.loads(JsonFormatter("video-index").format(
                logging.LogRecord(name, logging.ERROR, __file__, 1, "nats: encountered error", (), None)))
                for name in ("nats.aio.client", "jlp_common.events.connection", "natsish", "jlp.x")}
    finally:
        request_id_var.reset(token)
    for name in ("nats.aio.client", "jlp_common.events.connection"):
        assert "trace_id" not in lines[name] and "request_id" not in lines[name], name
    for name in ("natsish", "jlp.x"):  # only those loggers: others keep the request's ids
        assert lines[name]["request_id"] == "req-that-published" and "trace_id" in lines[name], name


def test_in_memory_exporters_see_spans_and_metrics():
    tel = setup_telemetry("test", in_memory=True)
    with trace.get_tracer("t").start_as_current_span("visible-span"):
        pass
    assert any(s.name == "visible-span" for s in tel.span_exporter.get_finished_spans())
    instruments().events_published.add(1, {"subject": "jlp.grid.case.created"})
    instruments().set_consumer_lag("JLP_GRID", "environment-case-links", 7, 2)
    data = tel.metric_reader.get_metrics_data()
    names = {m.name: m for rm in data.resource_metrics for sm in rm.scope_metrics for m in sm.metrics}
    assert "jlp.events.published" in names
    lag = names["jlp.consumer.pending.messages"].data.data_points
    assert [(p.attributes["consumer"], p.value) for p in lag
            if p.attributes["stream"] == "JLP_GRID"] == [("environment-case-links", 7)]
    instruments().forget_consumer_lag("JLP_GRID", "environment-case-links")
    data = tel.metric_reader.get_metrics_data()
    names = {m.name: m for rm in data.resource_metrics for sm in rm.scope_metrics for m in sm.metrics}
    gauge = names.get("jlp.consumer.pending.messages")
    assert gauge is None or all(p.attributes["consumer"] != "environment-case-links"
                                for p in gauge.data.data_points)
