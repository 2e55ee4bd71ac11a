"""OpenTelemetry traces and metrics for every component (DESIGN §3 Telemetry).

- traces: W3C tracecontext propagation; OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set
  (BatchSpanProcessor: requests only queue finished spans, a background thread exports them);
  an in-memory exporter that tests read. Sampling follows the OpenTelemetry SDK variables
  (OTEL_TRACES_SAMPLER, e.g. `parentbased_traceidratio`, and OTEL_TRACES_SAMPLER_ARG, the
  ratio; default: every trace), always parent-based so a trace is kept or dropped whole. A
  process with no span exporter records no spans of its own (`RecordOnlyWhenExported`): it
  still propagates trace context and logs trace ids, but builds no span nobody would read;
- metrics: served for Prometheus on the component's metrics port, and exported over OTLP too
  when the endpoint is set. The instruments every component shares (RPC latency, events
  published/consumed, consumer lag and redeliveries) are created here once.

The global providers can be set only once per process, so `setup_telemetry` is idempotent:
later calls return the same `Telemetry` (adding an in-memory exporter if asked).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from opentelemetry import metrics, trace
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, MetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased, Sampler, SamplingResult

log = logging.getLogger(__name__)
_lock = threading.Lock()


@dataclass
class Telemetry:
    """Handles to the process's providers and shared instruments."""

    service: str
    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    span_exporter: InMemorySpanExporter | None = None
    metric_reader: InMemoryMetricReader | None = None
    metrics_port: int | None = None
    instruments: Instruments = field(init=False)

    def __post_init__(self) -> None:
        self.instruments = Instruments(self.meter_provider.get_meter("jlp"))

    def tracer(self, name: str = "jlp") -> trace.Tracer:
        return self.tracer_provider.get_tracer(name)


HTTP_DURATION_BUCKETS_MS = (0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0,
                            750.0, 1000.0, 2500.0, 5000.0, 7500.0, 10000.0)


class Instruments:
    """The metrics every component exports, by the names dashboards and alerts use."""

    def __init__(self, meter: metrics.Meter) -> None:
        self.rpc_server_duration = meter.create_histogram(
            "rpc.server.duration", unit="ms", description="gRPC server call latency by method and status")
        # The gateway's request latency: the name, unit and labels (http.method, http.route,
        # http.status_code) OpenTelemetry's Flask instrumentation used before the gateway
        # recorded it itself (ADR 0023), because the dashboards and the 5xx alert read
        # `http_server_duration_milliseconds_*` and `http_status_code`. Buckets below 5 ms
        # (the SDK's default starts 0, 5, 10, ...) so a p50 near the 1 ms target is resolved.
        self.http_server_duration = meter.create_histogram(
            "http.server.duration", unit="ms",
            description="gateway request latency by method, route template and status",
            explicit_bucket_boundaries_advisory=HTTP_DURATION_BUCKETS_MS)
        self.events_published = meter.create_counter(
            "jlp.events.published", description="events published to JetStream by subject")
        self.events_consumed = meter.create_counter(
            "jlp.events.consumed",
            description="events handled by consumer and result (ack, retry, dead_letter, duplicate)")
        self.consumer_redelivered = meter.create_counter(
            "jlp.consumer.redelivered", description="messages received again after a nak or an ack timeout")
        self.outbox_relayed = meter.create_counter(
            "jlp.outbox.relayed", description="outbox events published by the relay")
        self._lag_values: dict[tuple[str, str], tuple[int, int]] = {}
        self._lag_lock = threading.Lock()
        meter.create_observable_gauge(
            "jlp.consumer.pending.messages", callbacks=[self._observe_pending],
            description="messages in the stream not yet delivered to the consumer (lag)")
        meter.create_observable_gauge(
            "jlp.consumer.ack.pending", callbacks=[self._observe_ack_pending],
            description="messages delivered to the consumer and not yet acknowledged")

    def set_consumer_lag(self, stream: str, consumer: str, pending: int, ack_pending: int) -> None:
        """Record the latest lag figures of one durable consumer (read from consumer info)."""
        with self._lag_lock:
            self._lag_values[(stream, consumer)] = (pending, ack_pending)

    def forget_consumer_lag(self, stream: str, consumer: str) -> None:
        """Drop a stopped consumer's figures: a gauge frozen at its last value would keep a lag
        alert firing (or silent) for a consumer this process no longer runs."""
        with self._lag_lock:
            self._lag_values.pop((stream, consumer), None)

    def _observe(self, index: int) -> Iterable[Observation]:
        with self._lag_lock:
            items = list(self._lag_values.items())
        return [Observation(v[index], {"stream": s, "consumer": c}) for (s, c), v in items]

    def _observe_pending(self, _options: CallbackOptions) -> Iterable[Observation]:
        return self._observe(0)

    def _observe_ack_pending(self, _options: CallbackOptions) -> Iterable[Observation]:
        return self._observe(1)


class RecordOnlyWhenExported(Sampler):
    """The configured sampler once a span exporter is attached; until then parent-based off.

    Why: with no exporter (a local run, a deployment without OTEL_EXPORTER_OTLP_ENDPOINT) every
    span was built, filled with attributes and ended for nothing: tracing was the largest layer
    of the gateway's cost per request (bench/RESULTS.md, issue 16). Parent-based off keeps what
    matters without an exporter: a new root gets a trace id (logs carry it, `traceparent` goes
    downstream, flagged not sampled), and a request that arrives in a sampled trace is still
    recorded, so the flag reaches the next hop unchanged.
    """

    def __init__(self, configured: Sampler) -> None:
        self.configured = configured
        self.exported = False  # set when a span processor with an exporter is added
        self._quiet = ParentBased(ALWAYS_OFF)

    def should_sample(self, parent_context, trace_id, name, kind=None,  # noqa: ANN001, PLR0913
                      attributes=None, links=None, trace_state=None) -> SamplingResult:  # noqa: ANN001
        sampler = self.configured if self.exported else self._quiet
        return sampler.should_sample(parent_context, trace_id, name, kind, attributes, links,
                                     trace_state)

    def get_description(self) -> str:
        return f"RecordOnlyWhenExported{{{self.configured.get_description()}}}"


_state: Telemetry | None = None


def setup_telemetry(service: str, metrics_port: int | None = None, *, in_memory: bool = False,
                    env: dict[str, str] | None = None) -> Telemetry:
    """Configure the global tracer and meter providers once; return the process's Telemetry.

    metrics_port: serve Prometheus metrics there (0 or None: not served).
    in_memory: keep finished spans and metrics in memory for tests to read.
    """
    global _state
    env = dict(os.environ if env is None else env)
    with _lock:
        if _state is not None:
            if in_memory and _state.span_exporter is None:
                _state.span_exporter = InMemorySpanExporter()
                _state.tracer_provider.add_span_processor(SimpleSpanProcessor(_state.span_exporter))
                _exported(_state.tracer_provider)
            return _state
        resource = Resource.create({
            "service.name": env.get("OTEL_SERVICE_NAME", f"jlp-{service}"),
            "service.namespace": "jlp",
        })
        tracer_provider = TracerProvider(resource=resource)  # sampler from OTEL_TRACES_SAMPLER
        tracer_provider.sampler = RecordOnlyWhenExported(tracer_provider.sampler)
        endpoint = env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        readers: list[MetricReader] = []
        if endpoint:
            from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

            tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
            readers.append(PeriodicExportingMetricReader(OTLPMetricExporter()))
        span_exporter = None
        if in_memory:
            span_exporter = InMemorySpanExporter()
            tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
        if endpoint or in_memory:
            _exported(tracer_provider)
        metric_reader = InMemoryMetricReader() if in_memory else None
        if metric_reader:
            readers.append(metric_reader)
        served_port = None
        if metrics_port:
            from opentelemetry.exporter.prometheus import PrometheusMetricReader
            from prometheus_client import start_http_server

            readers.append(PrometheusMetricReader())
            try:
                start_http_server(metrics_port)
                served_port = metrics_port
            except OSError as exc:  # a taken port must not stop the service itself
                log.warning("metrics port unavailable", extra={"port": metrics_port, "error": str(exc)})
        meter_provider = MeterProvider(resource=resource, metric_readers=readers)
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(meter_provider)
        _state = Telemetry(service, tracer_provider, meter_provider, span_exporter, metric_reader,
                           served_port)
        return _state


def _exported(provider: TracerProvider) -> None:
    if isinstance(provider.sampler, RecordOnlyWhenExported):
        provider.sampler.exported = True


def records_nothing_unsampled(provider: object | None = None) -> bool:
    """True while `provider` (the global tracer provider by default) records no span except in
    a trace a caller sampled: it is the SDK provider `setup_telemetry` installs and no span
    exporter is attached (`RecordOnlyWhenExported`, then parent-based always-off).

    Then a call or an event that arrives outside a sampled trace makes a span nobody records,
    and the gRPC server (`grpc_server.UnrecordedTraceServerShortcut`) and the event consumer
    (`events.tracing.consumer_span`) skip the SDK's work for it. False when unsure (another
    provider or sampler, an exporter attached): OpenTelemetry decides."""
    sampler = getattr(provider or trace.get_tracer_provider(), "sampler", None)
    return isinstance(sampler, RecordOnlyWhenExported) and not sampler.exported


def current() -> Telemetry:
    """The process's Telemetry, set up with defaults (no metrics port) if nobody did yet."""
    return _state or setup_telemetry("unknown")


def instruments() -> Instruments:
    return current().instruments

