"""The consumer's batches against a real nats-server (issue 16, ADR 0015).

A fetch takes whatever is available, up to the subscription's batch size; the handlers of a
batch run in stream order; a failing message is retried on its own, with its delay, while the
rest of its batch is acknowledged; stopping hands the unstarted messages back at once; the
messages waiting in a batch are kept alive past the ack wait; a lone event is not held back
waiting for a batch to fill.
"""

import threading
import time
import uuid
from datetime import UTC, datetime

import mongoengine as me
import pytest
from nats.aio.msg import Msg

from jlp_common import db
from jlp_common.events import Event, Processed, Subscription, idempotent
from jlp_common.events.consumer import MAX_ACK_PENDING, delivery_of
from jlp_testkit.nats import wait_for
from jlptest.echo.v1 import echo_pb2


@pytest.fixture(autouse=True)
def store():
    """The embedded store, for the Processed records of idempotent handlers."""
    db.connect("test")
    yield
    me.disconnect()


@pytest.fixture
def domain() -> str:
    return "b" + uuid.uuid4().hex[:10]


def note(title: str) -> echo_pb2.Note:
    return echo_pb2.Note(name="notes/7", title=title, urgency=echo_pb2.URGENCY_HIGH)


class Recorder:
    """Records (title, delivery, subject, when) per handled event; may fail or block on demand."""

    def __init__(self, fail_first_delivery_of: str = "", block_on: str = "",
                 pause_s: float = 0.0) -> None:
        self.seen: list[tuple[str, int, str, float]] = []
        self.fail_first_delivery_of = fail_first_delivery_of
        self.block_on = block_on
        self.blocked = threading.Event()
        self.release = threading.Event()
        self.pause_s = pause_s

    def __call__(self, event) -> None:
        title = event.data["title"]
        self.seen.append((title, event.delivery, event.nats_subject, time.monotonic()))
        if title == self.block_on and event.delivery == 1:
            self.blocked.set()
            self.release.wait(10)
        if self.pause_s:
            time.sleep(self.pause_s)
        if title == self.fail_first_delivery_of and event.delivery == 1:
            raise RuntimeError(f"{title} failed")

    def titles(self) -> list[str]:
        return [title for title, *_ in self.seen]


def publish_titles(bus, subject: str, titles: list[str]) -> None:
    for title in titles:
        bus.publish(subject, note(title))


def test_a_failing_message_is_retried_alone_with_its_delay_while_the_rest_of_its_batch_is_acked(
        bus_factory, domain):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    publish_titles(bus, subject, ["m1", "m2", "m3", "m4", "m5"])  # all waiting: one batch
    handler = Recorder(fail_first_delivery_of="m3")
    bus.subscribe(f"JLP_{domain.upper()}", "test-batch", subject, handler,
                  backoff_s=(0.4,), max_deliver=3, ack_wait_s=30)

    wait_for(lambda: len(handler.seen) == 6, message="five handled and m3 once more")
    assert handler.titles() == ["m1", "m2", "m3", "m4", "m5", "m3"]
    assert [delivery for _, delivery, *_ in handler.seen] == [1, 1, 1, 1, 1, 2]
    failed_at, retried_at = handler.seen[2][3], handler.seen[5][3]
    assert retried_at - failed_at >= 0.4  # its own nak delay, not the ack wait (30 s)
    assert retried_at - failed_at < 5
    # m1, m2, m4, m5 were acknowledged: nothing is pending or delivered again.
    wait_for(lambda: bus.refresh_lag()["test-batch"] == (0, 0), message="everything acked")
    assert len(handler.seen) == 6


def test_stopping_mid_batch_finishes_the_message_in_hand_and_hands_back_the_rest_at_once(
        bus_factory, domain):
    subject = f"jlp.{domain}.case.created"
    first_bus = bus_factory()
    publish_titles(first_bus, subject, ["m1", "m2", "m3", "m4", "m5"])
    first = Recorder(block_on="m2")
    first_bus.subscribe(f"JLP_{domain.upper()}", "test-stop", subject, first, ack_wait_s=30)
    assert first.blocked.wait(5)

    batch = first_bus._consumers["test-stop"]._batch
    stopping = threading.Thread(target=first_bus.stop, kwargs={"timeout_s": 5.0})
    stopping.start()
    wait_for(lambda: batch.halted, message="stop began")
    first.release.set()  # m2's handler finishes within the stop's grace period
    stopping.join(10)
    assert first.titles() == ["m1", "m2"]

    second = Recorder()
    second_bus = bus_factory()
    second_bus.subscribe(f"JLP_{domain.upper()}", "test-stop", subject, second, ack_wait_s=30)
    # m3..m5 were nak'ed at stop: back well before their 30 s ack wait; m1, m2 were acked.
    wait_for(lambda: len(second.seen) >= 3, timeout_s=10, message="unstarted messages redelivered")
    assert second.titles() == ["m3", "m4", "m5"]
    wait_for(lambda: second_bus.refresh_lag()["test-stop"] == (0, 0), message="all acked")
    assert second.titles() == ["m3", "m4", "m5"]


def test_handlers_see_each_subject_in_published_order_across_batches(bus_factory, domain):
    bus = bus_factory()
    published = [(f"jlp.{domain}.{entity}.created", f"{entity}-{i}")
                 for i in range(30) for entity in ("alert", "case")]
    for subject, title in published:
        bus.publish(subject, note(title))
    handler = Recorder()
    bus.subscribe(f"JLP_{domain.upper()}", "test-order", f"jlp.{domain}.>", handler,
                  batch_size=7)  # several batches, boundaries inside the interleaving

    wait_for(lambda: len(handler.seen) == len(published), message="every event handled")
    assert handler.titles() == [title for _, title in published]  # stream order overall
    for entity in ("alert", "case"):
        mine = [title for title, _, subject, _ in handler.seen if f".{entity}." in subject]
        assert mine == [f"{entity}-{i}" for i in range(30)]


def test_messages_waiting_in_a_batch_outlive_the_ack_wait_without_redelivery(bus_factory, domain):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    publish_titles(bus, subject, ["m1", "m2", "m3", "m4"])
    handler = Recorder(pause_s=0.25)  # the batch takes ~1 s; the ack wait is 0.4 s
    bus.subscribe(f"JLP_{domain.upper()}", "test-slow", subject, handler, ack_wait_s=0.4,
                  backoff_s=(0.05,), max_deliver=5)

    wait_for(lambda: len(handler.seen) >= 4, message="the slow batch handled")
    wait_for(lambda: bus.refresh_lag()["test-slow"] == (0, 0), message="all acked")
    assert handler.titles() == ["m1", "m2", "m3", "m4"]
    assert all(delivery == 1 for _, delivery, *_ in handler.seen)


def test_a_lone_event_is_handled_at_once_not_when_a_batch_would_be_full(bus_factory, domain):
    bus = bus_factory(fetch_timeout_s=5.0)  # a fetch waiting for a full batch would wait 5 s
    subject = f"jlp.{domain}.alert.raised"
    handler = Recorder()
    bus.subscribe(f"JLP_{domain.upper()}", "test-idle", subject, handler, batch_size=128)
    latencies = []
    for i in range(3):
        sent = time.monotonic()
        bus.publish(subject, note(f"m{i}"))
        wait_for(lambda i=i: len(handler.seen) == i + 1, timeout_s=5, message="handled")
        latencies.append(handler.seen[-1][3] - sent)
    assert max(latencies) < 1.0, latencies


@pytest.mark.parametrize("size", [0, MAX_ACK_PENDING + 1])
def test_batch_size_outside_what_jetstream_allows_in_flight_is_refused(size):
    with pytest.raises(ValueError, match="batch_size"):
        Subscription("JLP_GRID", "grid-x", "jlp.grid.>", print, batch_size=size)


def test_an_idempotent_handler_looks_its_batch_up_at_once_and_skips_what_was_processed(
        bus_factory, domain, monkeypatch):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    ids = [bus.publish(subject, note(f"m{i}")) for i in range(4)]
    durable = "test-idem"
    Processed.once(durable, ids[1])  # handled before a crash lost its ack
    single_lookups = []
    real_seen = Processed.seen
    monkeypatch.setattr(Processed, "seen", classmethod(
        lambda cls, consumer, event_id: single_lookups.append(event_id) or real_seen(consumer, event_id)))
    handled = []
    bus.subscribe(f"JLP_{domain.upper()}", durable, subject,
                  idempotent(durable)(lambda event: handled.append(event.id)))

    wait_for(lambda: bus.refresh_lag()[durable] == (0, 0), message="the batch acked")
    assert handled == [ids[0], ids[2], ids[3]]
    assert single_lookups == []  # one query for the batch instead
    assert all(Processed.seen(durable, event_id) for event_id in ids)


def test_a_prefetched_batch_still_runs_a_repeated_id_once_and_retries_a_failed_one():
    consumer = "test-" + uuid.uuid4().hex[:8]
    calls = []
    failures = iter([True, False])

    @idempotent(consumer)
    def handle(event: Event) -> None:
        calls.append(event.id)
        if event.id == "flaky" and next(failures):
            raise RuntimeError("downstream unavailable")

    def event(event_id: str) -> Event:
        return Event(id=event_id, type="cn.gov.cq.jlp.grid.case.created", source="/jlp/test",
                     subject=None, time=datetime.now(UTC), data={})

    Processed.once(consumer, "done")
    handle.prefetch(["done", "a", "a", "flaky"])  # "a" delivered twice in one batch
    for event_id in ("done", "a", "a"):
        handle(event(event_id))
    with pytest.raises(RuntimeError):
        handle(event("flaky"))
    handle.prefetch([])
    handle.prefetch(["flaky", "b"])  # the retry comes in a later batch
    handle(event("flaky"))
    handle(event("b"))
    handle.prefetch([])
    assert calls == ["a", "flaky", "flaky", "b"]


@pytest.mark.parametrize("reply", [
    "$JS.ACK.JLP_GRID.grid-x.3.123.45.1700000000000000000.10",  # v1 layout
    "$JS.ACK.hub.ACCOUNTHASH.JLP_GRID.grid-x.3.123.45.1700000000000000000.10.r4nd",  # v2
    "$JS.ACK._.ACCOUNTHASH.JLP_GRID.grid-x.3.123.45.1700000000000000000.10.r4nd",  # no domain
])
def test_delivery_and_sequence_read_from_the_ack_subject_match_nats_py(reply):
    msg = Msg(None, subject="jlp.grid.case.created", reply=reply)
    assert delivery_of(msg) == (msg.metadata.num_delivered, msg.metadata.sequence.stream) == (3, 123)


def test_a_failing_batch_look_up_falls_back_to_one_look_up_per_event(bus_factory, domain, monkeypatch):
    bus = bus_factory()
    subject = f"jlp.{domain}.case.created"
    ids = [bus.publish(subject, note(f"m{i}")) for i in range(3)]
    durable = "test-idem-down"
    Processed.once(durable, ids[0])

    def store_down(cls, consumer, event_ids):
        raise ConnectionError("store unreachable")

    monkeypatch.setattr(Processed, "seen_among", classmethod(store_down))
    handled = []
    bus.subscribe(f"JLP_{domain.upper()}", durable, subject,
                  idempotent(durable)(lambda event: handled.append(event.id)))
    wait_for(lambda: bus.refresh_lag()[durable] == (0, 0), message="the batch acked")
    assert handled == ids[1:]
