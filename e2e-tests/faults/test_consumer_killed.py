"""A consumer process killed (SIGKILL) between its side effect and its ack, three times:
every event applied once, none lost (issue 15, Fault suite; JetStream redelivers what was not
acknowledged after the ack wait, the consumer's idempotency by event id absorbs it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from google.protobuf import struct_pb2

from jlp_testkit.faults import DOMAIN, SUBJECT, figures, report

pytestmark = pytest.mark.timeout(90)

CHILD = Path(__file__).with_name("killable_consumer.py")
KILL_AT = (20, 80, 140)


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_consumer_killed_between_side_effect_and_ack(nats, make_bus, tmp_path):
    producer = make_bus("faults")
    producer.ensure_stream(DOMAIN)
    sent = []
    for n in range(200):
        message = struct_pb2.Struct()
        message.update({"n": n})
        sent.append(producer.publish(SUBJECT, message, subject_ref=f"items/{n}"))
    applied, received = tmp_path / "applied", tmp_path / "received"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JLP_", "OTEL_"))}
    argv = [sys.executable, str(CHILD), nats.url, str(applied), str(received),
            ",".join(map(str, KILL_AT))]

    kills, deadline = 0, time.monotonic() + 60
    while True:
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        while child.poll() is None and len(set(_lines(applied))) < len(sent):
            assert time.monotonic() < deadline, f"stuck: {len(set(_lines(applied)))} applied"
            time.sleep(0.05)
        if child.poll() is None:
            break
        assert child.returncode == -signal.SIGKILL, f"consumer exited with {child.returncode}"
        kills += 1
    time.sleep(1.5)  # one more ack wait: a message left unacknowledged would come back now
    child.send_signal(signal.SIGTERM)
    assert child.wait(10) == 0

    result = {**figures(sent, Counter(_lines(received)), Counter(_lines(applied))),
              "kills": kills}
    report("consumer SIGKILLed between its side effect and its ack", result)
    assert kills == len(KILL_AT)
    assert result["lost"] == 0 and result["duplicated"] == 0 and result["unexpected"] == 0
    assert result["redelivered"] >= kills  # each killed delivery came back and was recognised
