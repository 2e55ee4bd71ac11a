"""Reconciliation (issue 15): messages deliberately deleted from the stream after JetStream
acknowledged them (a range and a single message, as an operator's `nats stream rmm` or a
corrupted block would) are lost to a consumer that had not read them yet. The reconcile job
compares the outbox relay's ledger with the stream's content and the consumer's processed ids,
re-publishes the missing events with their CloudEvents ids, and the consumer applies each once.
"""

from __future__ import annotations

import asyncio
import time

import nats as nats_client
import pytest
from google.protobuf import struct_pb2

from jlp_common.events import OutboxRelay, idempotent, outbox_event
from jlp_common.events.reconcile import REPAIR_SUFFIX, Reconciler
from jlp_testkit.faults import DOMAIN, STREAM, SUBJECT, FaultItem, Tally, report, stream_ids
from jlp_testkit.nats import wait_for

pytestmark = pytest.mark.timeout(90)

TOTAL, DURABLE = 300, "faults-reconciled"
DELETED_RANGE, DELETED_ONE = range(101, 151), 220  # stream sequences


def _delete(url: str, sequences: list[int]) -> None:
    async def run() -> None:
        nc = await nats_client.connect(url)
        try:
            js = nc.jetstream()
            for seq in sequences:
                await js.delete_msg(STREAM, seq)
        finally:
            await nc.close()

    asyncio.run(run())


def test_deleted_stream_range_is_detected_and_repaired(store, nats, make_bus):
    producer = make_bus("faults")
    producer.ensure_stream(DOMAIN)
    relay = OutboxRelay(producer, [FaultItem], interval_s=0.05, batch_size=1000)
    sent = []
    for n in range(TOTAL):
        message = struct_pb2.Struct()
        message.update({"n": n})
        event = outbox_event(SUBJECT, message, subject_ref=f"items/{n}")
        FaultItem(n=n, outbox=[event]).save()
        sent.append(event.id)
    relay.start()
    wait_for(lambda: FaultItem.objects(outbox__0__exists=True).count() == 0, timeout_s=30,
             message="outbox relayed")
    relay.stop()

    deleted = [*DELETED_RANGE, DELETED_ONE]
    _delete(nats.url, deleted)
    deleted_ids = {sent[seq - 1] for seq in deleted}  # one event per sequence, in order
    assert len(stream_ids(nats.url, STREAM)) == TOTAL - len(deleted)

    tally = Tally()
    consumer = make_bus("faults-consumer")
    consumer.subscribe(STREAM, DURABLE, SUBJECT, idempotent(DURABLE)(tally.apply),
                       max_deliver=5, backoff_s=(0.2,), ack_wait_s=2.0)
    wait_for(lambda: tally.applied_count() == TOTAL - len(deleted), timeout_s=30,
             message="the remaining events applied")
    time.sleep(0.5)
    before = tally.figures(sent)
    assert before["lost"] == len(deleted)  # the deletion really lost them for the consumer

    reconciler = Reconciler(nats.url, settle_s=0.0)
    found = reconciler.run(consumers=[DURABLE])
    assert set(found.missing_from_stream) == deleted_ids
    assert set(found.unprocessed[DURABLE]) == deleted_ids
    assert sorted(found.republished) == sorted(deleted_ids) and found.still_missing == []

    wait_for(lambda: tally.applied_count() == TOTAL, timeout_s=30, message="repaired events applied")
    again = reconciler.run(consumers=[DURABLE])
    time.sleep(0.5)
    after = tally.figures(sent)
    repaired_under = sum(1 for i in stream_ids(nats.url, STREAM) if REPAIR_SUFFIX in i)
    report("stream range deleted, reconciled", {
        **after, "deleted": len(deleted), "lost_before_repair": before["lost"],
        "detected": len(found.missing_from_stream), "republished": len(found.republished),
        "republished_under_repair_id": repaired_under,
        "second_pass_missing": len(again.missing_from_stream),
        "second_pass_unprocessed": len(again.unprocessed[DURABLE])})
    assert after["lost"] == 0 and after["duplicated"] == 0 and after["unexpected"] == 0
    assert again.missing_from_stream == [] and again.unprocessed[DURABLE] == []
    assert again.republished == []
