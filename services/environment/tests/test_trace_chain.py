"""DESIGN §3 Telemetry: one trace follows a request gateway → gRPC → NATS → consumer.

In one process: the real gateway app (Flask test client) in front of environment, grid-event
beside it, the session nats-server between them. Three polluted hourly readings POSTed through
the gateway raise an alert; the outbox relay publishes `jlp.environment.alert.raised` later, on
its own thread, continuing the trace recorded with the outbox entry; grid-event's consumer opens
a case and records `jlp.grid.case.created`, whose relay publish continues the same trace, and
environment's case-link consumer closes the loop. The in-memory span exporter (root conftest)
shows every hop in one trace, each the descendant of the one before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from jlp.environment.v1 import environment_pb2 as pb
from jlp_common import subjects, timeutil
from jlp_common.config import Settings
from jlp_common.telemetry import current
from jlp_environment.app import CASE_LINKS_DURABLE
from jlp_environment.domain.timebase import HOUR, hour_floor
from jlp_gateway.app import create_app

from .conftest import ADMIN, DEVICE, GATEWAY_ENV, READER, UNIT, bearer, wait_for

BATCH_ROUTE = "/api/v1/environment/readings:batch"
RAISED, CASE_CREATED = subjects.ENVIRONMENT_ALERT_RAISED, subjects.GRID_CASE_CREATED


@pytest.fixture
def gateway(chain) -> Iterator:
    """The real gateway app routing the environment proto to the chain's environment server."""
    app = create_app(Settings.from_env("gateway", GATEWAY_ENV),
                     services=[(pb, f"127.0.0.1:{chain['port']}")], configured=False,
                     verifier=chain["signer"].verifier())
    yield app.test_client()


def rfc3339(moment: datetime) -> str:
    return timeutil.rfc3339(moment, timespec="seconds")


def finished_spans() -> list[ReadableSpan]:
    exporter = current().span_exporter
    assert exporter is not None, "the root conftest sets up in-memory telemetry"
    return list(exporter.get_finished_spans())


def ancestry(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[int]:
    """Span ids from `span`'s parent up to its trace's root (as far as the spans are known)."""
    out = []
    parent = span.parent
    while parent is not None:
        out.append(parent.span_id)
        above = by_id.get(parent.span_id)
        parent = above.parent if above is not None else None
    return out


def test_one_trace_from_the_gateway_through_nats_to_both_consumers(chain, gateway, clock) -> None:
    stub, signer = chain["stub"], chain["signer"]
    station = stub.CreateStation(pb.CreateStationRequest(station=pb.Station(
        code=f"TR-{uuid.uuid4().hex[:6]}", name="杨家坪", kind=pb.AIR,
        location=pb.LatLng(lon=106.51, lat=29.51))), metadata=bearer(signer, ADMIN))
    assert station.grid_code == UNIT

    first = hour_floor(clock()) - 6 * HOUR
    readings = [{"stationId": station.id, "metric": "pm25", "value": 300, "period": "HOUR",
                 "observedAt": rfc3339(first + i * HOUR)} for i in range(3)]
    device = {"Authorization": "Bearer " + signer.token(sub="device-tr", scopes=DEVICE,
                                                         kind="client")}
    before = {s.context.span_id for s in finished_spans()}  # the exporter is process-wide
    r = gateway.post(BATCH_ROUTE, json={"readings": readings}, headers=device)
    assert r.status_code == 200, r.get_json()
    [http] = [s for s in finished_spans() if s.context.span_id not in before
              and s.name == f"POST {BATCH_ROUTE}" and s.kind is SpanKind.SERVER]
    trace_id = http.context.trace_id
    alerts = stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN),
                             metadata=bearer(signer, READER)).alerts
    [alert] = [a for a in alerts if a.station_id == station.id]
    from jlp_grid_event.consumers import ALERTS_DURABLE

    # Each hop of the chain, as a predicate on a span of this trace. The asynchronous ones: the
    # relay's publish (its own thread, continuing the context recorded in the outbox entry),
    # grid-event's consumer, grid-event's relay publish of case.created (recorded inside the
    # consume span) and environment's case-link consumer.
    hops: list[tuple[str, Callable[[ReadableSpan], bool]]] = [
        ("gateway HTTP server", lambda s: s.context.span_id == http.context.span_id),
        ("environment gRPC server", lambda s: s.kind is SpanKind.SERVER and s.name ==
         "/jlp.environment.v1.EnvironmentService/BatchCreateReadings"),
        (f"{RAISED} publish", lambda s: s.kind is SpanKind.PRODUCER
         and s.name == f"{RAISED} publish"
         and s.attributes.get("messaging.message.id") == f"{alert.id}.raised"),
        (f"{RAISED} process by grid-event", lambda s: s.kind is SpanKind.CONSUMER
         and s.name == f"{RAISED} process"
         and s.attributes.get("messaging.consumer.group.name") == ALERTS_DURABLE),
        (f"{CASE_CREATED} publish", lambda s: s.kind is SpanKind.PRODUCER
         and s.name == f"{CASE_CREATED} publish"),
        (f"{CASE_CREATED} process by environment", lambda s: s.kind is SpanKind.CONSUMER
         and s.name == f"{CASE_CREATED} process"
         and s.attributes.get("messaging.consumer.group.name") == CASE_LINKS_DURABLE),
    ]

    def trace_spans() -> list[ReadableSpan]:
        return [s for s in finished_spans() if s.context.trace_id == trace_id]

    def levels() -> list[list[ReadableSpan]] | None:
        """The trace's spans of each hop, once every hop has finished at least one span (a
        publish span ends at the JetStream ack, possibly after its consumer's span)."""
        spans = trace_spans()
        out = [[s for s in spans if match(s)] for _, match in hops]
        return out if all(out) else None

    try:
        found = wait_for(levels)
    except AssertionError:
        spans = trace_spans()
        missing = [name for name, match in hops if not any(match(s) for s in spans)]
        raise AssertionError(f"trace {trace_id:032x} lacks {missing}; it has "
                             f"{sorted(s.name for s in spans)}") from None
    by_id = {s.context.span_id: s for s in trace_spans()}
    for (upper_name, _), (lower_name, _), uppers, lowers in zip(
            hops, hops[1:], found, found[1:], strict=False):
        upper_ids = {s.context.span_id for s in uppers}
        for lower in lowers:
            assert upper_ids & set(ancestry(lower, by_id)), (
                f"{upper_name} is not an ancestor of {lower_name}")
    assert http.parent is None  # the trace starts at the gateway (no caller traceparent)

    from jlp_grid_event.models import CaseDoc

    [case] = CaseDoc.objects(source_ref=f"alerts/{alert.id}")
    [case_event] = found[4]  # one case.created, for this alert's case
    assert case_event.attributes["messaging.message.id"] == found[5][0].attributes[
        "messaging.message.id"]
    assert wait_for(lambda: stub.GetAlert(pb.GetAlertRequest(id=alert.id),
                                          metadata=bearer(signer, READER)).case_id) == case.id
