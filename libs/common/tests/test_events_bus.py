"""EventBus against a real nats-server: publish, consume, retry, dead letters, traces, lag."""

import asyncio
import json
import threading
import uuid

import nats
import pytest
from cloudevents.core.formats.json import JSONFormat
from cloudevents.v1.http import from_json
from google.protobuf import json_format
from opentelemetry import trace
from opentelemetry.sdk.metrics.export import InMemoryMetricReader

from jlp_common import telemetry
from jlp_common.config import Settings
from jlp_common.events import DEADLETTER_STREAM, EventBus, EventBusUnavailable, deadletter_subject
from jlp_common.events.deadletter import H_CONSUMER, H_DELIVERIES, H_ERROR, H_REASON, H_SEQUENCE, H_STREAM
from jlp_testkit.nats import free_port, stream_messages, wait_for
from jlptest.echo.v1 import echo_pb2

FAST = {"backoff_s": (0.05, 0.1), "ack_wait_s": 0.5}


@pytest.fixture
def domain() -> str:
    """A domain (hence stream) of its own, so tests sharing the session server never mix."""
    return "t" + uuid.uuid4().hex[:10]


@pytest.fixture(autouse=True)
def metrics(metrics_reader) -> InMemoryMetricReader:
    """Every test here reads (and pollutes) only its own instruments: buses export lag at once."""
    return metrics_reader


def points(reader: InMemoryMetricReader, name: str) -> list:
    data = reader.get_metrics_data()
    return [p for rm in (data.resource_metrics if data else []) for sm in rm.scope_metrics
            for m in sm.metrics if m.name == name for p in m.data.data_points]


class Inbox:
    """Handler that records events (and can fail or block on demand)."""

    def __init__(self, fail: int = 0, block: threading.Event | None = None) -> None:
        self.events = []
        self.fail = fail
        self.block = block
        self.started = threading.Event()

    def __call__(self, event) -> None:
        self.events.append(event)
        self.started.set()
        if self.block is not None:
            self.block.wait(10)
        if len(self.events) <= self.fail:
            raise RuntimeError(f"failure #{len(self.events)}")

    def ids(self) -> list[str]:
        return [e.id for e in self.events]


def note(title: str = "road flooded") -> echo_pb2.Note:
    return echo_pb2.Note(name="notes/7", title=title, urgency=echo_pb2.URGENCY_HIGH)


def test_published_event_is_a_structured_cloudevent_the_sdk_parses(bus_factory, nats_server, domain):
    bus = bus_factory("grid-event")
    subject = f"jlp.{domain}.case.created"
    event_id = bus.publish(subject, note(), subject_ref="cases/123")

    [msg] = stream_messages(nats_server.url, f"JLP_{domain.upper()}")
    assert msg.subject == subject
    assert msg.headers["Nats-Msg-Id"] == event_id
    assert msg.headers["Content-Type"] == "application/cloudevents+json"
    assert msg.headers["traceparent"].startswith("00-")
    body = json.loads(msg.data)
    assert body["specversion"] == "1.0" and body["id"] == event_id
    assert body["source"] == "/jlp/grid-event"
    assert body["type"] == f"cn.gov.cq.jlp.{domain}.case.created"
    assert body["subject"] == "cases/123"
    assert body["datacontenttype"] == "application/json"
    assert body["dataschema"] == "type.googleapis.com/jlptest.echo.v1.Note"
    assert body["time"].endswith("Z")
    assert body["data"] == json_format.MessageToDict(note())

    sdk_event = JSONFormat().read(None, msg.data)  # cloudevents 2.x core API
    assert sdk_event.get_id() == event_id and sdk_event.get_type() == body["type"]
    assert sdk_event.get_data() == body["data"]
    legacy = from_json(msg.data)  # cloudevents.v1 (1.x-compatible) API
    assert legacy["source"] == "/jlp/grid-event" and legacy["dataschema"] == body["dataschema"]
    assert json_format.ParseDict(legacy.data, echo_pb2.Note()) == note()


def test_stream_is_provisioned_as_designed(bus_factory, nats_server, domain):
    bus = bus_factory()
    bus.ensure_stream(domain)

    async def info():
        nc = await nats.connect(nats_server.url)
        try:
            return await nc.jetstream().stream_info(f"JLP_{domain.upper()}")
        finally:
            await nc.close()

    config = asyncio.run(info()).config
    assert config.subjects == [f"jlp.{domain}.>"]
    assert str(getattr(config.storage, "value", config.storage)) == "file"
    assert config.num_replicas == 1 and config.duplicate_window == 120


def test_same_event_id_published_twice_is_delivered_once(bus_factory, nats_server, domain, metrics):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    inbox = Inbox()
    bus.subscribe(f"JLP_{domain.upper()}", "test-dedupe", f"jlp.{domain}.>", inbox, **FAST)

    bus.publish(subject, note(), event_id="same-id")
    bus.publish(subject, note("retried"), event_id="same-id")
    bus.publish(subject, note("sentinel"), event_id="sentinel")

    wait_for(lambda: "sentinel" in inbox.ids(), message="sentinel delivered")
    assert inbox.ids() == ["same-id", "sentinel"]
    assert inbox.events[0].parse(echo_pb2.Note).title == "road flooded"
    assert len(stream_messages(nats_server.url, f"JLP_{domain.upper()}")) == 2
    results = {p.attributes["result"]: p.value for p in points(metrics, "jlp.events.published")}
    assert results == {"stored": 2, "duplicate": 1}


def test_failing_handler_is_retried_with_backoff_then_acked(bus_factory, domain, metrics):
    bus = bus_factory()
    inbox = Inbox(fail=2)
    bus.subscribe(f"JLP_{domain.upper()}", "test-retry", f"jlp.{domain}.>", inbox, max_deliver=5, **FAST)
    bus.publish(f"jlp.{domain}.case.created", note(), event_id="flaky")

    wait_for(lambda: len(inbox.events) == 3, message="third delivery")
    assert [e.delivery for e in inbox.events] == [1, 2, 3]
    wait_for(lambda: {p.attributes["result"]: p.value for p in points(metrics, "jlp.events.consumed")}
             == {"retry": 2, "ack": 1}, message="two retries and one ack counted")
    assert sum(p.value for p in points(metrics, "jlp.consumer.redelivered")) == 2


def test_poison_event_lands_in_dead_letter_stream_after_the_last_delivery(bus_factory, nats_server, domain):
    bus = bus_factory()
    stream = f"JLP_{domain.upper()}"
    inbox = Inbox(fail=99)
    bus.subscribe(stream, "test-poison", f"jlp.{domain}.>", inbox, max_deliver=3, **FAST)
    event_id = bus.publish(f"jlp.{domain}.case.created", note())

    parked = wait_for(lambda: stream_messages(nats_server.url, DEADLETTER_STREAM, deadletter_subject("test-poison")),
                      message="dead-lettered")
    assert [e.delivery for e in inbox.events] == [1, 2, 3]
    [dead] = parked
    original = stream_messages(nats_server.url, stream)[0]
    assert dead.data == original.data and json.loads(dead.data)["id"] == event_id
    assert dead.headers[H_STREAM] == stream and dead.headers[H_CONSUMER] == "test-poison"
    assert dead.headers[H_SEQUENCE] == str(original.seq) and dead.headers[H_DELIVERIES] == "3"
    assert dead.headers[H_REASON] == "handler_failed" and "failure #3" in dead.headers[H_ERROR]
    wait_for(lambda: bus.refresh_lag()["test-poison"] == (0, 0), message="nothing pending")


def test_permanent_failure_is_dead_lettered_on_the_first_delivery_with_its_reason(bus_factory, nats_server, domain):
    from jlp_common.events import Permanent

    bus = bus_factory()
    seen = []

    def handler(event):
        seen.append(event.delivery)
        raise Permanent("station S-9 is not registered", reason="unknown_station")

    bus.subscribe(f"JLP_{domain.upper()}", "test-permanent", f"jlp.{domain}.>", handler,
                  max_deliver=5, **FAST)
    bus.publish(f"jlp.{domain}.case.created", note())
    [dead] = wait_for(lambda: stream_messages(nats_server.url, DEADLETTER_STREAM,
                                              deadletter_subject("test-permanent")),
                      message="dead-lettered")
    assert seen == [1]  # no pointless retries
    assert dead.headers[H_REASON] == "unknown_station" and dead.headers[H_DELIVERIES] == "1"
    assert "station S-9 is not registered" in dead.headers[H_ERROR]


def test_event_with_a_payload_its_handler_cannot_read_is_dead_lettered_at_once(bus_factory, nats_server, domain):
    """The consumer classifies a payload of the wrong type as malformed: parked on the first
    delivery, not retried max_deliver times."""
    from jlp.environment.v1 import events_pb2

    bus = bus_factory()
    seen = []

    def handler(event):
        seen.append(event.delivery)
        event.parse(events_pb2.AlertRaised)  # but a Note was published

    bus.subscribe(f"JLP_{domain.upper()}", "test-wrong-type", f"jlp.{domain}.>", handler,
                  max_deliver=5, **FAST)
    bus.publish(f"jlp.{domain}.case.created", note())
    [dead] = wait_for(lambda: stream_messages(nats_server.url, DEADLETTER_STREAM,
                                              deadletter_subject("test-wrong-type")),
                      message="dead-lettered")
    assert seen == [1]
    assert dead.headers[H_REASON] == "malformed" and "AlertRaised" in dead.headers[H_ERROR]


def test_unparseable_message_is_dead_lettered_at_once(bus_factory, nats_server, domain):
    bus = bus_factory()
    stream = f"JLP_{domain.upper()}"
    inbox = Inbox()
    bus.subscribe(stream, "test-garbage", f"jlp.{domain}.>", inbox, **FAST)

    async def publish_garbage():
        nc = await nats.connect(nats_server.url)
        await nc.jetstream().publish(f"jlp.{domain}.case.created", b"\xff not an event")
        await nc.close()

    asyncio.run(publish_garbage())
    [dead] = wait_for(lambda: stream_messages(nats_server.url, DEADLETTER_STREAM, deadletter_subject("test-garbage")),
                      message="dead-lettered")
    assert dead.data == b"\xff not an event"
    assert dead.headers[H_REASON] == "malformed" and dead.headers[H_DELIVERIES] == "1"
    assert inbox.events == []


def test_consumer_killed_before_ack_gets_the_event_again(bus_factory, domain):
    stream, subject = f"JLP_{domain.upper()}", f"jlp.{domain}.case.created"
    release = threading.Event()
    first = Inbox(block=release)
    bus1 = bus_factory()
    bus1.subscribe(stream, "test-durable", subject, first, **FAST)
    event_id = bus1.publish(subject, note())
    assert first.started.wait(5)
    bus1.stop(timeout_s=0.05)  # "killed": the handler is still busy, nothing was acked
    release.set()

    second = Inbox()
    bus2 = bus_factory()
    bus2.subscribe(stream, "test-durable", subject, second, **FAST)
    wait_for(lambda: second.events, message="redelivery to the restarted consumer")
    assert second.ids() == [event_id] and second.events[0].delivery == 2


def test_event_abandoned_on_every_delivery_is_dead_lettered_by_advisory(bus_factory, nats_server, domain):
    release = threading.Event()
    inbox = Inbox(block=release)
    bus = bus_factory()
    bus.subscribe(f"JLP_{domain.upper()}", "test-hung", f"jlp.{domain}.>", inbox,
                  max_deliver=1, backoff_s=(), ack_wait_s=0.3)
    bus.publish(f"jlp.{domain}.case.created", note())
    try:
        [dead] = wait_for(lambda: stream_messages(nats_server.url, DEADLETTER_STREAM, deadletter_subject("test-hung")),
                          message="dead-lettered after the ack wait ran out")
    finally:
        release.set()
    assert dead.headers[H_REASON] == "max_deliveries" and dead.headers[H_CONSUMER] == "test-hung"


def test_consumer_span_is_a_child_in_the_publishers_trace(bus_factory, domain):
    exporter = telemetry.setup_telemetry("test", in_memory=True).span_exporter
    bus = bus_factory()
    inbox = Inbox()
    bus.subscribe(f"JLP_{domain.upper()}", "test-trace", f"jlp.{domain}.>", inbox, **FAST)
    with trace.get_tracer("test").start_as_current_span("POST /api/v1/cases") as request_span:
        bus.publish(f"jlp.{domain}.case.created", note())
    wait_for(lambda: inbox.events, message="delivered")

    def spans():
        return {s.name: s for s in exporter.get_finished_spans()}

    process = wait_for(lambda: spans().get(f"jlp.{domain}.case.created process"), message="consumer span")
    publish = spans()[f"jlp.{domain}.case.created publish"]
    assert publish.parent.span_id == request_span.get_span_context().span_id
    assert process.context.trace_id == request_span.get_span_context().trace_id
    assert process.parent.span_id == publish.context.span_id
    assert process.kind == trace.SpanKind.CONSUMER and publish.kind == trace.SpanKind.PRODUCER


def test_lag_of_each_consumer_is_exported(bus_factory, domain, metrics):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    for n in range(3):
        bus.publish(subject, note(f"n{n}"))
    release = threading.Event()
    stuck = Inbox(block=release)
    # One message per fetch, so the backlog stays on the server: a batch would take all three
    # (lag (0, 3): pending on the server + delivered and unacknowledged, as the next test shows).
    bus.subscribe(f"JLP_{domain.upper()}", "test-stuck", subject, stuck, **FAST, batch_size=1)
    try:
        assert stuck.started.wait(5)
        assert bus.refresh_lag()["test-stuck"] == (2, 1)
        pending = {p.attributes["consumer"]: p.value for p in points(metrics, "jlp.consumer.pending.messages")}
        ack_pending = {p.attributes["consumer"]: p.value for p in points(metrics, "jlp.consumer.ack.pending")}
        assert pending["test-stuck"] == 2 and ack_pending["test-stuck"] == 1
    finally:
        release.set()
    wait_for(lambda: len(stuck.events) == 3, message="backlog drained")
    wait_for(lambda: bus.refresh_lag()["test-stuck"] == (0, 0), message="lag back to zero")
    bus.unsubscribe("test-stuck")  # a consumer this process no longer runs has no gauge
    assert "test-stuck" not in {p.attributes["consumer"] for p in points(metrics, "jlp.consumer.pending.messages")}


def test_many_subscriptions_run_side_by_side(bus_factory, domain):
    bus = bus_factory()
    release = threading.Event()
    slow, fast = Inbox(block=release), Inbox()
    stream = f"JLP_{domain.upper()}"
    bus.subscribe(stream, "test-slow", f"jlp.{domain}.slow.done", slow, **FAST)
    bus.subscribe(stream, "test-fast", f"jlp.{domain}.fast.done", fast, **FAST)
    try:
        bus.publish(f"jlp.{domain}.slow.done", note())
        assert slow.started.wait(5)
        bus.publish(f"jlp.{domain}.fast.done", note())
        wait_for(lambda: fast.events, message="fast consumer not held up by the slow one")
    finally:
        release.set()


def test_connected_follows_a_nats_restart_and_consuming_resumes(bus_factory, fresh_nats, domain):
    bus = bus_factory(url=fresh_nats.url)
    inbox = Inbox()
    subject = f"jlp.{domain}.case.created"
    bus.subscribe(f"JLP_{domain.upper()}", "test-restart", subject, inbox, **FAST)
    assert bus.connected()

    fresh_nats.stop()
    wait_for(lambda: not bus.connected(), message="disconnect noticed")
    with pytest.raises(EventBusUnavailable):
        bus.publish(subject, note())
    fresh_nats.start()
    wait_for(lambda: bus.connected(), timeout_s=10, message="reconnected")

    event_id = bus.publish(subject, note())
    wait_for(lambda: event_id in inbox.ids(), timeout_s=10, message="delivered after the restart")


def test_bus_without_nats_reports_not_connected_and_refuses_to_publish():
    settings = Settings.from_env("test", {"JLP_NATS_URL": f"nats://127.0.0.1:{free_port()}"})
    bus = EventBus(settings, reconnect_wait_s=0.1)
    try:
        assert bus.start(wait_s=0.2) is False
        assert not bus.connected()
        with pytest.raises(EventBusUnavailable):
            bus.publish("jlp.grid.case.created", note())
    finally:
        bus.stop(timeout_s=1)


def test_the_connections_background_work_does_not_carry_the_context_that_started_the_bus(bus_factory):
    """A bus started (or a subscription made) while serving a request: the connection's and the
    consumer's background log lines must not carry that request's ids for ever after."""
    import logging

    from jlp_common.context import request_id_var

    seen: dict[str, str | None] = {}

    class Probe(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage() == "nats connected":
                seen.setdefault(record.getMessage(), request_id_var.get())

    probe, bus_log = Probe(), logging.getLogger("jlp_common.events.connection")
    bus_log.addHandler(probe)
    old_level = bus_log.level
    bus_log.setLevel(logging.INFO)
    token = request_id_var.set("the-request-that-started-the-bus")
    try:
        bus_factory()
        assert wait_for(lambda: "nats connected" in seen, 5)
        assert seen["nats connected"] is None
    finally:
        request_id_var.reset(token)
        bus_log.removeHandler(probe)
        bus_log.setLevel(old_level)
