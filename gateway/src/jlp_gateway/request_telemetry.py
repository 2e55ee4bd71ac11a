"""The gateway's HTTP server span and request-duration histogram, from its own request hooks.

Why not OpenTelemetry's Flask instrumentation: it cost about 300 µs of a request's CPU even when
no span was recorded (ADR 0023) — it collects the WSGI request attributes twice, builds and
enters a span context manager, and records a second histogram and an active-request counter
nobody reads. The gateway already knows what a request needs (its route template, its status,
its duration), so here are the few steps that matter:

- start: the incoming W3C `traceparent` (and `baggage`; the propagators OTEL_PROPAGATORS
  chooses, by default those two) is extracted and a SERVER span started in it. The sampler
  decides as before (`jlp_common.telemetry.RecordOnlyWhenExported`): when it does not record,
  the SDK hands back a non-recording span carrying the trace id — incoming or new — and that is
  all that is made current, so logs (`jlp_common.logs`) carry the trace id and backend calls
  carry `traceparent` (`jlp_common.grpc_client`), at the cost of a few dictionary look-ups.
  Attributes are only collected for a span that records.
- finish (after the response is built): `http.server.duration` is recorded and, on a recorded
  span, the status.
- close (request teardown): the span ends and the context is detached.

Names, kept from what the instrumentation emitted in its default (pre-stable semantic
conventions) mode, so the operator dashboards, the 5xx alert (charts/jlp/files/dashboards,
charts/jlp/templates/monitoring/prometheusrule.yaml: `http_server_duration_milliseconds_*`,
`http_status_code`) and saved trace queries keep working:

- metric `http.server.duration`, unit ms (Prometheus: `http_server_duration_milliseconds`),
  labels `http.method`, `http.route` (the route template: never the raw path, whose ids
  would make one series per resource) and `http.status_code`;
- span kind SERVER named `<METHOD> <route template>`, attributes `http.method`,
  `http.scheme`, `http.target`, `http.route`, `http.status_code`; a 5xx answer sets the span's
  status to ERROR (a 4xx is the client's error, not the server's, OpenTelemetry HTTP semantic
  conventions, "Status");
- the health probes (/healthz, /readyz) get neither span nor metric, as before: a kubelet's
  probe every few seconds would swamp the request rate and a 503 from /readyz while a backend
  is down is already what the readiness alerting is for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.metrics import Histogram
from opentelemetry.propagators.textmap import Getter, default_getter
from opentelemetry.trace import SpanKind, Status, StatusCode

PROBE_PATHS = frozenset({"/healthz", "/readyz"})

# Attribute and label names (OpenTelemetry HTTP semantic conventions before v1.21, the
# instrumentation's default mode; see the module docstring for why not the stable ones).
HTTP_METHOD = "http.method"
HTTP_ROUTE = "http.route"
HTTP_STATUS_CODE = "http.status_code"
HTTP_SCHEME = "http.scheme"
HTTP_TARGET = "http.target"


class EnvironGetter(Getter[Mapping[str, Any]]):
    """Reads propagation headers (`traceparent`, `baggage`...) straight from a WSGI environ:
    what werkzeug's `EnvironHeaders` does for one name (`HTTP_` + upper case, `-` → `_`),
    without building the headers object and its per-get key checks."""

    def get(self, carrier: Mapping[str, Any], key: str) -> list[str] | None:
        value = carrier.get("HTTP_" + key.upper().replace("-", "_"))
        return None if value is None else [value]

    def keys(self, carrier: Mapping[str, Any]) -> list[str]:
        return [k[5:].replace("_", "-").lower() for k in carrier if k.startswith("HTTP_")]


ENVIRON_GETTER = EnvironGetter()


@dataclass
class RequestSpan:
    """One request's span, its context token, and whether its outcome was recorded yet."""

    span: trace.Span
    token: object
    method: str
    finished: bool = False


class RequestTelemetry:
    """Span and duration metric of each gateway request (see the module docstring)."""

    def __init__(self, tracer: trace.Tracer, duration: Histogram) -> None:
        self.tracer = tracer
        self.duration = duration

    @staticmethod
    def traced(path: str) -> bool:
        return path not in PROBE_PATHS

    def start(self, method: str, path: str, headers: Mapping[str, Any], *,
              rule: str | None = None, scheme: str = "http",
              getter: Getter[Any] = default_getter) -> RequestSpan:
        """Start the request's server span in the caller's trace and make it current.

        headers: the request's headers, or its WSGI environ with `getter=ENVIRON_GETTER`.
        rule: the matched hand-written URL rule, if any (it names the span at once; a
        transcoded route is named later by `name_route`, once the router matched it).
        """
        parent = propagate.extract(headers, getter=getter)
        span = self.tracer.start_span(f"{method} {rule}" if rule else method, context=parent,
                                      kind=SpanKind.SERVER)
        if span.is_recording():
            span.set_attributes({HTTP_METHOD: method, HTTP_SCHEME: scheme,
                                 HTTP_TARGET: path})  # no query: it may hold personal data
            if rule:
                span.set_attribute(HTTP_ROUTE, rule)
        token = context.attach(trace.set_span_in_context(span, parent))
        return RequestSpan(span, token, method)

    @staticmethod
    def name_route(current: RequestSpan | None, template: str, rpc_method: str) -> None:
        """Name the span after the route template the router matched (not the catch-all)."""
        if current is not None and current.span.is_recording():
            current.span.update_name(f"{current.method} {template}")
            current.span.set_attributes({HTTP_ROUTE: template, "rpc.method": rpc_method})

    def finish(self, current: RequestSpan | None, *, method: str, route: str, status: int,
               elapsed_ms: float) -> None:
        """Record the request's duration and, on a recorded span, its status (once)."""
        if current is not None:
            if current.finished:
                return
            current.finished = True
        self.duration.record(elapsed_ms, {HTTP_METHOD: method, HTTP_ROUTE: route,
                                          HTTP_STATUS_CODE: status})
        if current is not None and current.span.is_recording():
            current.span.set_attribute(HTTP_STATUS_CODE, status)
            if status >= 500:
                current.span.set_status(Status(StatusCode.ERROR))

    @staticmethod
    def close(current: RequestSpan | None, exc: BaseException | None = None) -> None:
        """End the span and restore the context that was current before the request."""
        if current is None:
            return
        if exc is not None and current.span.is_recording():
            current.span.record_exception(exc)
            current.span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
        current.span.end()
        context.detach(current.token)

