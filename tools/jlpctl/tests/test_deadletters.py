"""`jlpctl deadletters` against a real nats-server: an outage parks events, the operator lists,
reads and redrives them once it is over (issue 15, ADR 0011)."""

from __future__ import annotations

import uuid

import pytest

from jlp_common.events import DEADLETTER_STREAM, deadletter_subject
from jlp_testkit.nats import free_port, stream_messages, wait_for
from jlpctl.cli import main
from jlptest.echo.v1 import echo_pb2

FAST = {"backoff_s": (0.05,), "ack_wait_s": 0.5, "max_deliver": 2}


class Store:
    """A handler whose database is down until `up` is set."""

    def __init__(self) -> None:
        self.up = False
        self.handled: list = []

    def __call__(self, event) -> None:
        if not self.up:
            raise ConnectionError("mongo-0:27017: connection refused")
        self.handled.append(event)


@pytest.fixture(autouse=True)
def metrics(metrics_reader):
    """Buses export consumer lag: keep these tests' gauges out of the process's instruments."""
    return metrics_reader


@pytest.fixture
def outage(bus_factory, nats_server):
    """Three events parked by a consumer whose store was down; yields (store, consumer, ids)."""
    domain = "t" + uuid.uuid4().hex[:10]
    consumer = f"test-cases-{uuid.uuid4().hex[:6]}"
    bus = bus_factory()
    store = Store()
    bus.subscribe(f"JLP_{domain.upper()}", consumer, f"jlp.{domain}.alert.raised", store, **FAST)
    ids = [bus.publish(f"jlp.{domain}.alert.raised", echo_pb2.Note(title=f"n{n}")) for n in range(3)]
    wait_for(lambda: len(stream_messages(nats_server.url, DEADLETTER_STREAM, deadletter_subject(consumer))) == 3,
             message="three dead letters")
    return store, consumer, ids


def jlpctl(url, *args):
    return main(["deadletters", "--nats-url", url, "--timeout", "3", *args])


def test_list_show_and_redrive_after_an_outage(outage, nats_server, capsys):
    store, consumer, ids = outage
    assert jlpctl(nats_server.url, "list", "--consumer", consumer) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["SEQ", "CONSUMER", "SUBJECT", "REASON"]
    assert len(lines) == 4 and all(consumer in line and "handler_failed" in line for line in lines[1:])
    assert [i for i in ids if i in out] == ids and "connection refused" in out
    first = int(lines[1].split()[0])

    assert jlpctl(nats_server.url, "show", str(first)) == 0
    shown = capsys.readouterr().out
    assert f"consumer:   {consumer}" in shown and '"title": "n0"' in shown
    assert "Jlp-Dlq-Error: ConnectionError: mongo-0:27017: connection refused" in shown

    store.up = True  # the database is back
    assert jlpctl(nats_server.url, "redrive", "--consumer", consumer) == 0
    assert "3 dead letter(s) redriven" in capsys.readouterr().out
    wait_for(lambda: len(store.handled) == 3, message="all three handled")
    assert sorted(e.id for e in store.handled) == sorted(ids)
    assert jlpctl(nats_server.url, "list", "--consumer", consumer) == 0
    assert capsys.readouterr().out.strip() == "no dead letters"


def test_redrive_and_discard_by_sequence(outage, nats_server, capsys):
    store, consumer, ids = outage
    jlpctl(nats_server.url, "list", "--consumer", consumer)
    seqs = [int(line.split()[0]) for line in capsys.readouterr().out.splitlines()[1:]]
    store.up = True
    assert jlpctl(nats_server.url, "redrive", str(seqs[0])) == 0
    assert jlpctl(nats_server.url, "discard", str(seqs[1])) == 0
    assert f"#{seqs[1]}: discarded ({consumer}" in capsys.readouterr().out
    wait_for(lambda: store.handled, message="redriven one handled")
    assert jlpctl(nats_server.url, "list", "--consumer", consumer) == 0
    rest = capsys.readouterr().out.splitlines()[1:]
    assert [int(line.split()[0]) for line in rest] == [seqs[2]]
    assert [e.id for e in store.handled] == [ids[0]]


def test_errors_are_explained(nats_server, capsys, monkeypatch):
    monkeypatch.delenv("JLP_NATS_URL", raising=False)
    assert main(["deadletters", "list"]) == 2
    assert "no NATS URL" in capsys.readouterr().err
    assert jlpctl(nats_server.url, "show", "999999999") == 2
    assert "no dead letter #999999999" in capsys.readouterr().err
    assert jlpctl(nats_server.url, "redrive") == 2
    assert "name the dead letters to redrive" in capsys.readouterr().err
    closed = f"nats://jlp:secret@127.0.0.1:{free_port()}"
    assert jlpctl(closed, "list") == 2
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and "secret" not in err
