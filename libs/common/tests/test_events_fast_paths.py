"""The event path's fast paths (issue 16, ADR 0014/0015) behave as the general code they replace.

- `EventBus.publish_envelopes` on the bus loop with `publish_async`: order, per-item results,
  de-duplication, the caller's trace context as parent;
- `tracing.context_from` reading `traceparent` directly: the same context as the propagator for
  every header, well-formed or not;
- `tracing.run_in_span`: what `start_as_current_span` records on failure;
- the outbox relay splicing stored `data` JSON text into the envelope: the same event;
- `envelope.decode` building the Event without the dataclass `__init__`: equal fields.
"""

import json
import uuid

import mongoengine as me
import pytest
from opentelemetry import propagate, trace
from opentelemetry.trace import StatusCode

from jlp_common import db, telemetry
from jlp_common.events import OutboxEvent, OutboxRelay, outbox_event, tracing
from jlp_common.events import envelope as ce
from jlp_common.events.envelope import Event
from jlp_common.events.reconcile import SentEvent
from jlp_common.timeutil import utc_now
from jlp_testkit.nats import stream_messages
from jlptest.echo.v1 import echo_pb2


@pytest.fixture
def domain() -> str:
    return "t" + uuid.uuid4().hex[:10]


@pytest.fixture(autouse=True)
def metrics(metrics_reader):
    return metrics_reader


def envelope(subject: str, **extra: object) -> dict:
    return ce.build(event_id=ce.new_event_id(), source="/jlp/test", subject=subject,
                    data={"name": "notes/1", **extra}, dataschema="type.googleapis.com/x.Note",
                    time=utc_now())


def test_publish_envelopes_stores_every_item_in_the_given_order_across_chunks(bus_factory, nats_server, domain):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    items = [(subject, envelope(subject, title=str(i)), None) for i in range(25)]
    results = bus.publish_envelopes(items, chunk=7)  # four chunks, the last one short
    assert [r.event_id for r in results] == [e["id"] for _s, e, _o in items]
    assert [r.sequence for r in results] == list(range(1, 26))
    stored = stream_messages(nats_server.url, f"JLP_{domain.upper()}")
    assert [m.headers["Nats-Msg-Id"] for m in stored] == [e["id"] for _s, e, _o in items]
    assert [json.loads(m.data)["data"]["title"] for m in stored] == [str(i) for i in range(25)]


def test_publish_envelopes_fails_an_item_alone_and_reports_duplicates(bus_factory, nats_server, domain):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    first = envelope(subject)
    too_large = envelope(subject, title="x" * (ce.MAX_EVENT_BYTES + 1))
    last = envelope(subject)
    again = dict(first)
    results = bus.publish_envelopes([(subject, first, None), (subject, too_large, None),
                                     (subject, again, None), (subject, last, None)])
    assert results[0].duplicate is False
    assert isinstance(results[1], ValueError)  # refused before sending; the others still go
    assert results[2].duplicate is True and results[2].sequence == results[0].sequence
    assert results[3].sequence == results[0].sequence + 1
    assert len(stream_messages(nats_server.url, f"JLP_{domain.upper()}")) == 2


def test_publish_envelopes_refuses_a_bad_subject_before_sending_anything(bus_factory, nats_server, domain):
    bus = bus_factory()
    good = f"jlp.{domain}.case.created"
    with pytest.raises(ValueError):
        bus.publish_envelopes([(good, envelope(good), None), ("not-a-subject", envelope(good), None)])
    bus.ensure_stream(domain)
    assert stream_messages(nats_server.url, f"JLP_{domain.upper()}") == []


def test_publish_envelopes_spans_are_children_of_the_callers_span_or_of_the_origin(bus_factory, domain):
    exporter = telemetry.setup_telemetry("test", in_memory=True).span_exporter
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    with trace.get_tracer("test").start_as_current_span("elsewhere") as origin_span:
        origin = tracing.current_carrier()
    plain, carried = envelope(subject), envelope(subject)
    with trace.get_tracer("test").start_as_current_span("relay pass") as caller:
        bus.publish_envelopes([(subject, plain, None), (subject, carried, origin)])
    spans = {s.attributes["messaging.message.id"]: s for s in exporter.get_finished_spans()
             if s.name == f"{subject} publish"}
    assert spans[plain["id"]].parent.span_id == caller.get_span_context().span_id
    assert spans[carried["id"]].parent.span_id == origin_span.get_span_context().span_id
    assert spans[carried["id"]].context.trace_id == origin_span.get_span_context().trace_id


TRACEPARENTS = [
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-09",
    "00-00000000000000000000000000000000-b7ad6b7169203331-01",  # invalid trace id
    "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",  # invalid span id
    "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",  # upper case: not W3C
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
    "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future",  # a later version
    "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-zz",
    "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01",
    "garbage",
    "",
]


@pytest.mark.parametrize("traceparent", TRACEPARENTS)
@pytest.mark.parametrize("tracestate", [None, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"])
def test_context_from_reads_what_the_propagator_reads(traceparent, tracestate):
    headers = {"Nats-Msg-Id": "x", "TraceParent": traceparent}
    if tracestate:
        headers["tracestate"] = tracestate
    ours = trace.get_current_span(tracing.context_from(headers)).get_span_context()
    theirs = trace.get_current_span(
        propagate.extract({k.lower(): v for k, v in headers.items()})).get_span_context()
    assert ours == theirs
    assert (ours.is_remote, ours.trace_flags, ours.trace_state) == (
        theirs.is_remote, theirs.trace_flags, theirs.trace_state)


def test_context_from_falls_back_to_the_envelopes_origin_without_a_header():
    origin = {"traceparent": TRACEPARENTS[0]}
    ctx = trace.get_current_span(tracing.context_from({"Nats-Msg-Id": "x"}, origin)).get_span_context()
    assert f"{ctx.trace_id:032x}" == TRACEPARENTS[0][3:35] and ctx.is_remote


def test_run_in_span_makes_the_span_current_and_records_a_failure():
    exporter = telemetry.setup_telemetry("test", in_memory=True).span_exporter
    span = tracing.tracer().start_span("work")
    seen = []

    def fail() -> None:
        seen.append(trace.get_current_span())
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        tracing.run_in_span(span, fail)
    assert seen == [span] and trace.get_current_span() is not span
    [finished] = [s for s in exporter.get_finished_spans() if s.context.span_id == span.get_span_context().span_id]
    assert finished.status.status_code is StatusCode.ERROR and "RuntimeError: boom" in finished.status.description
    assert [e.name for e in finished.events] == ["exception"]


def test_decoded_event_has_the_fields_the_dataclass_would_give_and_stays_frozen():
    body = envelope("jlp.grid.case.created")
    body["traceparent"] = TRACEPARENTS[0]
    body["priority"] = 3
    headers = {"Nats-Msg-Id": body["id"], "Content-Type": ce.STRUCTURED_CONTENT_TYPE}
    event = ce.decode(ce.encode(body), headers, nats_subject="jlp.grid.case.created",
                      stream="JLP_GRID", sequence=9, delivery=2)
    expected = Event(id=body["id"], type=body["type"], source=body["source"], subject=None,
                     time=event.time, data=body["data"], dataschema=body["dataschema"],
                     datacontenttype=body["datacontenttype"],
                     extensions={"traceparent": TRACEPARENTS[0], "priority": "3"},
                     nats_subject="jlp.grid.case.created", stream="JLP_GRID", sequence=9,
                     delivery=2, headers=headers)
    assert event.__dict__ == expected.__dict__ and type(event) is Event
    assert event.time is not None and event.time.utcoffset().total_seconds() == 0
    with pytest.raises(AttributeError):
        event.id = "other"  # type: ignore[misc]


class SplicedCase(me.Document):
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "test_fast_path_cases"}


@pytest.fixture
def store():
    db.connect("test")
    yield
    me.disconnect()


def test_relay_publishes_and_records_the_stored_data_as_the_event_dataclass_would(
        bus_factory, nats_server, domain, store):
    """The relay splices the stored `data` JSON text into the envelope instead of decoding and
    re-encoding it: the published event and the ledger's copy must be the same JSON."""
    bus = bus_factory("grid-event")
    case = SplicedCase()
    recorded = outbox_event(f"jlp.{domain}.case.created",
                            echo_pb2.Note(name="notes/1", title="井盖缺失 \"quoted\" \\ slash"),
                            subject_ref="cases/1")
    case.outbox.append(recorded)
    case.save()
    expected = json.loads(ce.encode(recorded.envelope(bus.source)))
    assert OutboxRelay(bus, [SplicedCase]).relay_once() == 1
    [msg] = stream_messages(nats_server.url, f"JLP_{domain.upper()}")
    published = json.loads(msg.data)
    assert {k: v for k, v in published.items() if k not in tracing.TRACE_HEADERS} == expected
    ledger = SentEvent.objects.get(pk=recorded.id)
    assert json.loads(ledger.envelope) == expected


def test_relay_still_refuses_an_entry_whose_stored_data_is_not_json(bus_factory, domain, store):
    bus = bus_factory("grid-event")
    case = SplicedCase()
    broken = outbox_event(f"jlp.{domain}.case.created", echo_pb2.Note(name="notes/1"))
    broken.data = "not json"
    case.outbox.append(broken)
    case.save()
    with pytest.raises(ValueError):
        OutboxRelay(bus, [SplicedCase]).relay_once()
    assert len(SplicedCase.objects.get(pk=case.pk).outbox) == 1  # kept for a later pass


PAYLOADS = [
    b'{"specversion":"1.0","id":"1","data":{"title":"\xe4\xba\x95\xe7\x9b\x96"}}',
    b'{"a":"\xed\xa0\x80"}',  # a lone surrogate: json.loads lets it through (surrogatepass)
    b'{"a":"\xff"}',  # not UTF-8
    '{"a":1}'.encode("utf-16-le"),  # `{` then a zero byte: json.loads sniffs UTF-16
    b'{"a":1} trailing',
    b'{"a":1}  \n',
    b'{"a":',
    b"{",
    b"[1]",
    b"\xef\xbb\xbf{}",  # a BOM
    b"",
    b"{" * 100_000,  # deeper than the parser goes
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_payload_json_is_read_as_json_loads_reads_it(payload):
    def outcome(parse):  # noqa: ANN001, ANN202
        try:
            return "ok", parse(payload)
        except (ValueError, RecursionError) as exc:
            return "error", type(exc)

    assert outcome(ce._json) == outcome(json.loads)  # noqa: SLF001


def test_queued_messages_are_taken_at_once_in_order_and_an_empty_queue_still_waits(nats_server):
    """`consumer.take_queued_at_once`: what nats-py's `next_msg` returns, with its bookkeeping,
    for messages already received; nats-py's own waiting and timeout for an empty queue."""
    import asyncio

    import nats
    from nats.errors import TimeoutError as NatsTimeoutError

    from jlp_common.events.consumer import take_queued_at_once

    async def scenario() -> None:
        nc = await nats.connect(nats_server.url)
        try:
            sub = await nc.subscribe("fast.path")
            general = sub.next_msg
            take_queued_at_once(sub)
            for n in range(3):
                await nc.publish("fast.path", f"m{n}".encode())
            await nc.flush()
            for _ in range(100):
                if sub.pending_msgs == 3:
                    break
                await asyncio.sleep(0.01)
            assert sub.pending_bytes == 6
            got = [await sub.next_msg(timeout=1) for _ in range(3)]
            assert [m.data for m in got] == [b"m0", b"m1", b"m2"]
            assert sub.pending_msgs == 0 and sub.pending_bytes == 0
            assert sub._pending_queue._unfinished_tasks == 0  # noqa: SLF001 - task_done as nats-py
            with pytest.raises(NatsTimeoutError):  # nothing queued: nats-py waits and times out
                await sub.next_msg(timeout=0.05)
            await nc.publish("fast.path", b"late")  # arrives while waiting: nats-py's path
            waiting = asyncio.ensure_future(sub.next_msg(timeout=2))
            assert (await waiting).data == b"late"
            assert general.__self__ is sub  # the original is kept for these cases
        finally:
            await nc.close()

    asyncio.run(scenario())


def test_queued_shortcut_leaves_a_subscription_of_another_shape_to_nats_py(caplog) -> None:
    """An upgraded nats-py without the internals the shortcut reads keeps its own next_msg
    (slower, never wrong) instead of failing every consumer's provisioning."""
    from jlp_common.events.consumer import take_queued_at_once

    class OtherSubscription:
        async def next_msg(self, timeout: float | None = 1.0) -> None:
            return None

    sub = OtherSubscription()
    original = sub.next_msg
    take_queued_at_once(sub)  # type: ignore[arg-type]
    assert sub.next_msg == original
    assert "internals changed" in caplog.text
