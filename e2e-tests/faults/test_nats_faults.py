"""nats-server killed (SIGKILL) and paused (SIGSTOP) while events flow through the outbox relay:
nothing lost, no effect applied twice (issue 15, Fault suite; JetStream's at-least-once delivery
with Nats-Msg-Id de-duplication, the 2025 Jepsen analysis of NATS).

A writer thread saves FaultItem documents, each with its event in the same single-document
write; the platform's OutboxRelay publishes them; a durable pull consumer (the platform's
Subscription) applies them. The server is killed or paused mid-flow, on its own port and store.
"""

from __future__ import annotations

import signal
import threading
import time

import pytest
from google.protobuf import struct_pb2

from jlp_common.events import OutboxRelay, outbox_event
from jlp_testkit.faults import DOMAIN, STREAM, SUBJECT, FaultItem, Tally, report, stream_ids
from jlp_testkit.nats import wait_for

pytestmark = pytest.mark.timeout(150)


def _payload(n: int) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update({"n": n})
    return message


class Writer(threading.Thread):
    """Saves `count` documents, each with its event in its outbox, waking the relay as it goes."""

    def __init__(self, relay: OutboxRelay, count: int, start_at: int = 0) -> None:
        super().__init__(name="fault-writer", daemon=True)
        self.relay, self.count, self.start_at = relay, count, start_at
        self.sent: list[str] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for n in range(self.start_at, self.start_at + self.count):
                event = outbox_event(SUBJECT, _payload(n), subject_ref=f"items/{n}")
                FaultItem(n=n, outbox=[event]).save()
                self.sent.append(event.id)
                if n % 200 == 0:
                    self.relay.wake()
            self.relay.wake()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


def _pending_outbox() -> int:
    return FaultItem.objects(outbox__0__exists=True).count()


def _stream_figures(url: str) -> dict[str, int]:
    """Messages the stream holds and how many carry an id already stored (a duplicate publish)."""
    ids = stream_ids(url, STREAM)
    return {"stored": len(ids), "stored_twice": len(ids) - len(set(ids))}


def _start_flow(make_bus, tally: Tally, *, ack_wait_s: float) -> OutboxRelay:
    producer = make_bus("faults")
    producer.ensure_stream(DOMAIN)
    consumer = make_bus("faults-consumer")
    consumer.subscribe(STREAM, "faults-effects", SUBJECT, tally.apply, max_deliver=50,
                       backoff_s=(0.2,), ack_wait_s=ack_wait_s)
    relay = OutboxRelay(producer, [FaultItem], interval_s=0.05, batch_size=2000)
    relay.start()
    return relay


def _finish(relay: OutboxRelay, writer: Writer, tally: Tally, timeout_s: float) -> None:
    writer.join(timeout_s)
    assert writer.error is None, writer.error
    total = len(writer.sent)
    wait_for(lambda: _pending_outbox() == 0 and tally.applied_count() >= total,
             timeout_s=timeout_s, interval_s=0.2,
             message=f"all {total} events relayed and applied")
    relay.stop()


def test_nats_sigkilled_and_restarted_while_10000_events_flow(store, nats, make_bus):
    total = 10_000
    tally = Tally()
    relay = _start_flow(make_bus, tally, ack_wait_s=2.0)
    writer = Writer(relay, total)
    writer.start()

    wait_for(lambda: tally.applied_count() >= total // 4, timeout_s=60, interval_s=0.05,
             message="a quarter of the events applied")
    assert nats.proc is not None
    nats.proc.send_signal(signal.SIGKILL)
    nats.proc.wait()
    killed_at = tally.applied_count()
    time.sleep(1.0)  # the writer keeps recording events while NATS is gone
    nats.start()

    _finish(relay, writer, tally, timeout_s=120)
    time.sleep(0.5)  # a late duplicate delivery would show up here
    figures = {**tally.figures(writer.sent), "killed_at_applied": killed_at,
               **_stream_figures(nats.url)}
    report("nats SIGKILL + restart, 10000 events through the outbox", figures)
    assert figures["sent"] == total
    assert figures["lost"] == 0 and figures["duplicated"] == 0 and figures["unexpected"] == 0
    assert figures["stored_twice"] == 0  # Nats-Msg-Id de-duplicated every re-publish


def test_nats_paused_longer_than_the_ack_wait(store, nats, make_bus):
    total, ack_wait_s, pause_s = 2_000, 1.0, 3.0
    tally = Tally()
    relay = _start_flow(make_bus, tally, ack_wait_s=ack_wait_s)
    writer = Writer(relay, total)
    writer.start()

    wait_for(lambda: tally.applied_count() >= total // 4, timeout_s=60, interval_s=0.02,
             message="a quarter of the events applied")
    assert nats.proc is not None
    nats.proc.send_signal(signal.SIGSTOP)
    paused_at = tally.applied_count()
    time.sleep(pause_s)  # longer than the ack wait: deliveries in hand time out on resume
    nats.proc.send_signal(signal.SIGCONT)

    _finish(relay, writer, tally, timeout_s=90)
    time.sleep(ack_wait_s + 0.5)  # redeliveries of unacked messages arrive within an ack wait
    figures = {**tally.figures(writer.sent), "paused_at_applied": paused_at,
               "pause_s": pause_s, "ack_wait_s": ack_wait_s, **_stream_figures(nats.url)}
    report("nats SIGSTOP longer than the ack wait, then SIGCONT", figures)
    assert figures["sent"] == total
    assert figures["lost"] == 0 and figures["duplicated"] == 0 and figures["unexpected"] == 0
    assert figures["stored_twice"] == 0
