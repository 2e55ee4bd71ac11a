"""Outbox relay and idempotent consumers, on a real nats-server and the embedded store."""

import json
import uuid
from datetime import UTC, datetime

import mongoengine as me
import pytest
from opentelemetry import trace

from jlp_common import db, telemetry
from jlp_common.events import OutboxEvent, OutboxRelay, Processed, idempotent, outbox_event
from jlp_common.events.envelope import Event
from jlp_testkit.nats import stream_messages, wait_for
from jlptest.echo.v1 import echo_pb2


class OutboxTestCase(me.Document):
    """A service document whose state change and event are written together."""

    title = me.StringField()
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "test_outbox_cases"}


@pytest.fixture(autouse=True)
def store():
    db.connect("test")
    yield
    me.disconnect()


@pytest.fixture(autouse=True)
def metrics(metrics_reader):
    """Keep this file's consumer lag and counters out of the process-wide instruments."""
    return metrics_reader


@pytest.fixture
def domain() -> str:
    return "t" + uuid.uuid4().hex[:10]


def create_case(domain: str, title: str = "manhole cover missing") -> tuple[OutboxTestCase, str]:
    case = OutboxTestCase(title=title)
    event = outbox_event(f"jlp.{domain}.case.created", echo_pb2.Note(name="notes/1", title=title),
                         subject_ref="cases/1")
    case.outbox.append(event)
    case.save()  # one single-document write: the state and its event
    return case, event.id


def test_relay_publishes_a_recorded_event_exactly_once_and_removes_it(bus_factory, nats_server, domain):
    bus = bus_factory("grid-event")
    received: list[Event] = []
    bus.subscribe(f"JLP_{domain.upper()}", "test-outbox", f"jlp.{domain}.>", received.append,
                  backoff_s=(0.05,), ack_wait_s=0.5)
    case, event_id = create_case(domain)
    relay = OutboxRelay(bus, [OutboxTestCase])

    assert relay.relay_once() == 1
    assert relay.relay_once() == 0
    assert OutboxTestCase.objects.get(id=case.id).outbox == []
    [msg] = stream_messages(nats_server.url, f"JLP_{domain.upper()}")
    body = json.loads(msg.data)
    assert (body["id"], body["source"], body["subject"]) == (event_id, "/jlp/grid-event", "cases/1")
    assert body["data"] == {"name": "notes/1", "title": "manhole cover missing"}
    wait_for(lambda: received, message="delivered")
    assert [e.id for e in received] == [event_id]


def test_relay_crash_between_publish_and_pull_publishes_nothing_twice(bus_factory, nats_server, domain):
    bus = bus_factory()

    class CrashingRelay(OutboxRelay):
        def _remove(self, *args):  # the process dies right after JetStream acked the publish
            raise ConnectionError("killed")

    case, event_id = create_case(domain)
    with pytest.raises(ConnectionError):
        CrashingRelay(bus, [OutboxTestCase]).relay_once()
    assert [e.id for e in OutboxTestCase.objects.get(id=case.id).outbox] == [event_id]  # still pending

    assert OutboxRelay(bus, [OutboxTestCase]).relay_once() == 1  # the restarted relay publishes again...
    assert OutboxTestCase.objects.get(id=case.id).outbox == []
    assert len(stream_messages(nats_server.url, f"JLP_{domain.upper()}")) == 1  # ...and JetStream kept one


def test_relay_publishes_every_pending_event_of_a_document_in_order(bus_factory, nats_server, domain):
    bus = bus_factory()
    case, first = create_case(domain)
    later = outbox_event(f"jlp.{domain}.case.updated", echo_pb2.Note(title="later"))
    OutboxTestCase.objects(id=case.id).update_one(push__outbox=later)  # a second write, another event

    assert OutboxRelay(bus, [OutboxTestCase]).relay_once() == 2
    assert OutboxTestCase.objects.get(id=case.id).outbox == []
    published = stream_messages(nats_server.url, f"JLP_{domain.upper()}")
    assert [m.headers["Nats-Msg-Id"] for m in published] == [first, later.id]


def test_relay_thread_publishes_right_after_a_wake(bus_factory, nats_server, domain):
    bus = bus_factory()
    relay = OutboxRelay(bus, [OutboxTestCase], interval_s=30)  # only wake() can make it run in time
    relay.start()
    try:
        case, event_id = create_case(domain)
        relay.wake()
        wait_for(lambda: OutboxTestCase.objects.get(id=case.id).outbox == [], message="relayed after wake")
    finally:
        relay.stop()
    [msg] = stream_messages(nats_server.url, f"JLP_{domain.upper()}")
    assert msg.headers["Nats-Msg-Id"] == event_id


def test_relayed_event_continues_the_trace_of_the_request_that_recorded_it(bus_factory, domain):
    exporter = telemetry.setup_telemetry("test", in_memory=True).span_exporter
    bus = bus_factory()
    with trace.get_tracer("test").start_as_current_span("CreateCase") as request_span:
        create_case(domain)
    OutboxRelay(bus, [OutboxTestCase]).relay_once()  # later, on another thread, outside the request
    publish = next(s for s in exporter.get_finished_spans() if s.name == f"jlp.{domain}.case.created publish")
    assert publish.context.trace_id == request_span.get_span_context().trace_id
    assert publish.parent.span_id == request_span.get_span_context().span_id


def test_processed_once_is_true_only_the_first_time():
    consumer = "test-" + uuid.uuid4().hex[:8]
    assert Processed.once(consumer, "e-1") is True
    assert Processed.once(consumer, "e-1") is False
    assert Processed.once("other-consumer-" + consumer, "e-1") is True
    assert Processed.seen(consumer, "e-1") and not Processed.seen(consumer, "e-2")
    Processed.forget(consumer, "e-1")
    assert Processed.once(consumer, "e-1") is True


def test_processed_declares_unique_and_ttl_indexes():
    Processed.ensure_indexes()
    indexes = Processed._get_collection().index_information()
    assert indexes["consumer_event_unique"]["unique"] is True
    assert indexes["consumer_event_unique"]["key"] == [("consumer", 1), ("event_id", 1)]
    assert indexes["created_ttl"]["expireAfterSeconds"] == 30 * 24 * 3600


def test_idempotent_handler_skips_a_redelivered_event_but_retries_a_failed_one():
    consumer = "test-" + uuid.uuid4().hex[:8]
    calls: list[str] = []
    failures = iter([True, False])

    @idempotent(consumer)
    def handle(event: Event) -> None:
        calls.append(event.id)
        if event.id == "flaky" and next(failures):
            raise RuntimeError("downstream unavailable")

    def event(event_id: str) -> Event:
        return Event(id=event_id, type="cn.gov.cq.jlp.grid.case.created", source="/jlp/test", subject=None,
                     time=datetime.now(UTC), data={})

    handle(event("a"))
    handle(event("a"))  # redelivered after a lost ack
    with pytest.raises(RuntimeError):
        handle(event("flaky"))
    handle(event("flaky"))  # the retry does run
    handle(event("flaky"))
    assert calls == ["a", "flaky", "flaky"]
