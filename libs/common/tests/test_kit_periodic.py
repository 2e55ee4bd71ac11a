"""`kit.run_periodically`: one way to hook a leased periodic job to a server's lifecycle.

The services used to build `Periodic(...)` by hand, each with its own `if every > 0`, start
call inside the start hook and stop hook; the guard at the end keeps that from coming back.
Nothing sleeps: the fake server records its hooks, the worker's clock is injected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import mongoengine as me
import pytest

from jlp_common.kit import run_periodically
from jlp_common.periodic import LEASE_COLLECTION

ROOT = Path(__file__).resolve().parents[3]
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class FakeServer:
    """Start hooks in registration order, stop hooks in reverse: GrpcApp's contract."""

    def __init__(self) -> None:
        self.starts: list[Callable[[], None]] = []
        self.stops: list[Callable[[], None]] = []

    def on_start(self, fn: Callable[[], None]) -> None:
        self.starts.append(fn)

    def on_stop(self, fn: Callable[[], None]) -> None:
        self.stops.append(fn)

    def start(self) -> None:
        for fn in self.starts:
            fn()

    def stop(self) -> None:
        for fn in reversed(self.stops):
            fn()


pytestmark = pytest.mark.usefixtures("lease_store")


@pytest.mark.parametrize("every_s", [0, 0.0, -5])
def test_a_job_with_no_positive_interval_is_disabled_and_hooks_nothing(every_s):
    server = FakeServer()
    assert run_periodically(server, "sweep", lambda: None, every_s) is None
    assert server.starts == [] and server.stops == []


def test_the_worker_runs_with_the_server_under_its_lease_and_the_injected_clock():
    server, ran = FakeServer(), []
    server.on_start(lambda: ran.append("indexes"))
    worker = run_periodically(server, "sweep", lambda: ran.append("job"), 30, clock=lambda: T0)
    assert worker is not None and not worker.running
    assert (worker.name, worker.interval_s, worker.lease_s) == ("sweep", 30, 90)

    server.start()
    assert worker.running and ran == ["indexes"]  # the first run is one interval later
    assert worker.run_once() is True and ran == ["indexes", "job"]
    lease = me.get_db()[LEASE_COLLECTION].find_one({"_id": "sweep"})
    assert lease["holder"] == worker.holder
    assert lease["expires_at"].replace(tzinfo=UTC) == datetime(2026, 3, 1, 8, 1, 30, tzinfo=UTC)

    server.stop()
    assert not worker.running
    assert me.get_db()[LEASE_COLLECTION].find_one({"_id": "sweep"}) is None  # released


def test_hooks_registered_later_stop_first():
    """attach_events comes after the periodic job in every service: the relay and the bus are
    stopped before the job, as they were before the helper."""
    server, order = FakeServer(), []
    worker = run_periodically(server, "sweep", lambda: None, 30)
    server.on_stop(lambda: order.append("events stopped while the job runs: " + str(worker.running)))
    server.start()
    server.stop()
    assert order == ["events stopped while the job runs: True"]
    assert not worker.running


def test_wait_and_lease_pass_through_to_the_worker():
    worker = run_periodically(FakeServer(), "sweep", lambda: None, 60, wait_s=lambda: 5.0,
                              lease_s=600)
    assert worker.lease_s == 600
    assert worker._next_wait() == 5.0


def test_lease_shorter_than_the_interval_is_refused_at_build():
    with pytest.raises(ValueError, match="lease_s"):
        run_periodically(FakeServer(), "sweep", lambda: None, 60, lease_s=30)


WIRING = [*ROOT.glob("services/*/src/*/app.py"),
          *ROOT.glob("tools/devtools/src/jlp_devtools/service_template/**/app.py.tmpl")]


def test_services_hook_periodic_work_through_the_kit_only():
    """No service wiring builds a Periodic or starts/stops a worker by hand."""
    assert len(WIRING) >= 8
    by_hand = re.compile(r"\bPeriodic\(|\.on_(start|stop)\(\w+\.(start|stop)\)|^\s+\w+\.start\(\)\s*$")
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in WIRING for n, line in enumerate(p.read_text().splitlines(), 1)
             if by_hand.search(line)]
    assert found == [], "use jlp_common.kit.run_periodically:\n" + "\n".join(found)
