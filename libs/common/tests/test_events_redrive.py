"""Dead letters inspected and redriven against a real nats-server (ADR 0011, issue 15)."""

import asyncio
import uuid

import nats
import pytest

from jlp_common.events import DEADLETTER_STREAM, Permanent, deadletter_subject
from jlp_common.events.deadletter import H_REASON, H_SUBJECT, redrive_subject
from jlp_common.events.redrive import DeadLetterNotFound, DeadLetters
from jlp_testkit.nats import stream_messages, wait_for
from jlptest.echo.v1 import echo_pb2

FAST = {"backoff_s": (0.05,), "ack_wait_s": 0.5, "max_deliver": 2}


@pytest.fixture(autouse=True)
def metrics(metrics_reader):
    """Buses export consumer lag: keep these tests' gauges out of the process's instruments."""
    return metrics_reader


@pytest.fixture
def domain() -> str:
    return "t" + uuid.uuid4().hex[:10]


def dlq(url, action):
    """Run `action(dead_letters)` in a short-lived connection, like `jlpctl deadletters`."""

    async def run():
        async with DeadLetters.connect(url, timeout_s=3) as letters:
            return await action(letters)

    return asyncio.run(run())


class Flaky:
    """A handler failing while `down` (a store outage), recording what it handled."""

    def __init__(self, down=True, permanent=False):
        self.down, self.permanent = down, permanent
        self.handled, self.attempts = [], []

    def __call__(self, event):
        self.attempts.append(event)
        if self.down:
            if self.permanent:
                raise Permanent("category 99 unknown", reason="unknown_category")
            raise ConnectionError("mongo:27017 unreachable")
        self.handled.append(event)


def parked(url, consumer, n=1):
    return wait_for(lambda: len(stream_messages(url, DEADLETTER_STREAM, deadletter_subject(consumer))) >= n
                    and stream_messages(url, DEADLETTER_STREAM, deadletter_subject(consumer)),
                    message=f"{n} dead letter(s) of {consumer}")


def test_redrive_reaches_only_the_consumer_that_parked_it(bus_factory, nats_server, domain):
    stream, subject = f"JLP_{domain.upper()}", f"jlp.{domain}.alert.raised"
    bus = bus_factory()
    cases = Flaky()
    other = Flaky(down=False)
    bus.subscribe(stream, "test-cases", subject, cases, **FAST)
    bus.subscribe(stream, "test-other", subject, other, **FAST)
    event_id = bus.publish(subject, echo_pb2.Note(title="AQI 180"))
    [dead] = parked(nats_server.url, "test-cases")
    wait_for(lambda: other.handled, message="the healthy consumer handled it")

    letters = dlq(nats_server.url, lambda d: d.list())
    [letter] = [x for x in letters if x.consumer == "test-cases"]
    assert letter.sequence == dead.seq and letter.subject == subject and letter.stream == stream
    assert letter.reason == "handler_failed" and "unreachable" in letter.error
    assert letter.event_id == event_id and letter.deliveries == 2

    cases.down = False  # the outage is over
    done = dlq(nats_server.url, lambda d: d.redrive(letter.sequence))
    assert done.subject == redrive_subject(stream, "test-cases") and not done.duplicate
    wait_for(lambda: cases.handled, message="redriven event handled")
    [event] = cases.handled
    assert event.id == event_id and event.nats_subject == subject
    assert event.parse(echo_pb2.Note).title == "AQI 180"
    assert dlq(nats_server.url, lambda d: d.list(consumer="test-cases")) == []
    wait_for(lambda: bus.refresh_lag()["test-other"] == (0, 0), message="other consumer idle")
    assert [e.id for e in other.handled] == [event_id]  # not delivered to it a second time


def test_a_redriven_event_failing_again_is_parked_again_under_its_original_subject(bus_factory, nats_server, domain):
    stream, subject = f"JLP_{domain.upper()}", f"jlp.{domain}.alert.raised"
    bus = bus_factory()
    handler = Flaky(permanent=True)
    bus.subscribe(stream, "test-again", subject, handler, **FAST)
    bus.publish(subject, echo_pb2.Note(title="x"))
    [first] = parked(nats_server.url, "test-again")
    assert first.headers[H_REASON] == "unknown_category" and len(handler.attempts) == 1
    dlq(nats_server.url, lambda d: d.redrive(first.seq))
    second = parked(nats_server.url, "test-again")
    assert [m.seq for m in second] != [first.seq]  # the first was deleted, a new one parked
    assert second[0].headers[H_SUBJECT] == subject


def test_a_consumer_whose_filter_covers_every_redrive_handles_only_its_own(bus_factory, nats_server, domain):
    stream = f"JLP_{domain.upper()}"
    bus = bus_factory()
    broad = Flaky(down=False)
    narrow = Flaky()
    bus.subscribe(stream, "test-broad", f"jlp.{domain}.>", broad, **FAST)
    bus.subscribe(stream, "test-narrow", f"jlp.{domain}.alert.raised", narrow, **FAST)
    event_id = bus.publish(f"jlp.{domain}.alert.raised", echo_pb2.Note(title="x"))
    [dead] = parked(nats_server.url, "test-narrow")
    wait_for(lambda: broad.handled, message="broad consumer handled the original")
    narrow.down = False
    dlq(nats_server.url, lambda d: d.redrive(dead.seq))
    wait_for(lambda: narrow.handled, message="narrow consumer got its redrive")
    wait_for(lambda: bus.refresh_lag()["test-broad"] == (0, 0), message="broad consumer idle")
    assert [e.id for e in broad.handled] == [event_id]  # it skipped the other's redrive


def test_list_filters_show_and_discard(bus_factory, nats_server, domain):
    stream, subject = f"JLP_{domain.upper()}", f"jlp.{domain}.alert.raised"
    bus = bus_factory()
    bus.subscribe(stream, "test-list-a", subject, Flaky(permanent=True), **FAST)
    bus.subscribe(stream, "test-list-b", subject, Flaky(), **FAST)
    for n in range(3):
        bus.publish(subject, echo_pb2.Note(title=f"n{n}"))
    parked(nats_server.url, "test-list-a", 3)
    parked(nats_server.url, "test-list-b", 3)

    a = dlq(nats_server.url, lambda d: d.list(consumer="test-list-a"))
    assert len(a) == 3 and {x.reason for x in a} == {"unknown_category"}
    assert [x.sequence for x in a] == sorted(x.sequence for x in a)
    b = dlq(nats_server.url, lambda d: d.list(reason="handler_failed", after=a[0].sequence - 1))
    assert {x.consumer for x in b} >= {"test-list-b"} and all(x.reason == "handler_failed" for x in b)
    assert len(dlq(nats_server.url, lambda d: d.list(consumer="test-list-a", limit=2))) == 2
    gone = dlq(nats_server.url, lambda d: d.discard(a[0].sequence))
    assert gone.sequence == a[0].sequence
    assert [x.sequence for x in dlq(nats_server.url, lambda d: d.list(consumer="test-list-a"))] == \
        [x.sequence for x in a[1:]]
    with pytest.raises(DeadLetterNotFound):
        dlq(nats_server.url, lambda d: d.get(a[0].sequence))


def test_a_consumer_created_before_redrive_existed_is_updated_in_place(bus_factory, nats_server, domain):
    """Durables already on the server (filter_subject only) gain their redrive subject when
    the service restarts, without losing their position."""
    stream, subject = f"JLP_{domain.upper()}", f"jlp.{domain}.alert.raised"
    bus = bus_factory()
    bus.ensure_stream(domain)

    async def old_consumer():
        nc = await nats.connect(nats_server.url)
        try:
            await nc.jetstream().add_consumer(stream, durable_name="test-old", name="test-old",
                                              filter_subject=subject, ack_policy="explicit")
        finally:
            await nc.close()

    asyncio.run(old_consumer())
    handler = Flaky()
    bus.subscribe(stream, "test-old", subject, handler, **FAST)
    bus.publish(subject, echo_pb2.Note(title="x"))
    [dead] = parked(nats_server.url, "test-old")
    handler.down = False
    dlq(nats_server.url, lambda d: d.redrive(dead.seq))
    wait_for(lambda: handler.handled, message="redrive reached the updated consumer")
