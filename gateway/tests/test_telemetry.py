"""One trace follows a request from the gateway's HTTP span into the gRPC service."""

from __future__ import annotations

from jlp_common.telemetry import setup_telemetry


def test_http_span_named_by_route_and_the_service_span_joins_its_trace(client) -> None:
    exporter = setup_telemetry("gateway", in_memory=True).span_exporter
    exporter.clear()
    assert client.get("/api/v1/echo/notes?filter=trace").status_code == 200
    spans = exporter.get_finished_spans()
    http = [s for s in spans if s.name == "GET /api/v1/echo/notes"]
    assert len(http) == 1
    assert http[0].attributes["http.route"] == "/api/v1/echo/notes"
    same_trace = {s.name for s in spans if s.context.trace_id == http[0].context.trace_id}
    assert "/jlptest.echo.v1.EchoService/ListNotes" in same_trace
