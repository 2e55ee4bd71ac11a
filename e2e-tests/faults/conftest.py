"""Fixtures of the fault suite: the embedded store, a nats-server of the test's own to kill,
pause and restart, and event buses on it (helpers: jlp_testkit.faults)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import mongoengine as me
import pytest

from jlp_common import db
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_testkit.faults import index_embedded_store_ids
from jlp_testkit.nats import NatsServer


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The embedded store, emptied before and after (it plays the service's MongoDB), with
    `_id` lookups indexed as in MongoDB (jlp_testkit.faults.index_embedded_store_ids)."""
    index_embedded_store_ids(monkeypatch)
    db.connect("faults")
    database = me.get_db()
    for name in database.list_collection_names():
        database.drop_collection(name)
    yield
    for name in database.list_collection_names():
        database.drop_collection(name)


@pytest.fixture
def nats() -> Iterator[NatsServer]:
    """A nats-server of this test only: killed, paused and restarted on its port and store."""
    server = NatsServer().start()
    yield server
    if server.proc is not None and server.proc.poll() is None:
        server.proc.send_signal(signal.SIGCONT)  # a failed pause test must not leave it stopped
    server.close()


@pytest.fixture
def make_bus(nats: NatsServer) -> Iterator:
    """`make_bus(service)` → a started EventBus on the test's server, with test-speed timings."""
    made: list[EventBus] = []

    def make(service: str, **kwargs: object) -> EventBus:
        settings = Settings.from_env(service, {"JLP_NATS_URL": nats.url})
        kwargs.setdefault("publish_timeout_s", 2.0)
        kwargs.setdefault("reconnect_wait_s", 0.1)
        kwargs.setdefault("fetch_timeout_s", 0.5)
        bus = EventBus(settings, **kwargs)
        made.append(bus)
        assert bus.start(wait_s=5.0), "bus did not connect"
        return bus

    yield make
    for bus in made:
        bus.stop(timeout_s=1.0)
