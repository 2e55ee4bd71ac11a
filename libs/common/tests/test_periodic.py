"""Periodic with a lease: one runner across replicas sharing one store, takeover after the
holder stops renewing, release at stop. Clocks are injected; nothing sleeps."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import mongoengine as me
import pytest

from jlp_common import atomic
from jlp_common.periodic import LEASE_COLLECTION, Periodic


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


pytestmark = pytest.mark.usefixtures("lease_store")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def replicas(clock: FakeClock, n: int = 2, lease_s: float = 30.0) -> tuple[list[Periodic], list[str]]:
    """`n` workers of the same job (one per simulated replica), recording who ran it."""
    ran: list[str] = []
    workers = [Periodic("job", lambda name=f"r{i}": ran.append(name), interval_s=10,
                        lease_s=lease_s, holder=f"r{i}", clock=clock) for i in range(n)]
    return workers, ran


def test_two_workers_sharing_a_store_only_one_runs(clock):
    (one, two), ran = replicas(clock)
    for _ in range(5):
        assert one.run_once() is True
        assert two.run_once() is False
        clock.now += timedelta(seconds=10)  # each run renews the lease for another 30 s
    assert ran == ["r0"] * 5
    lease = me.get_db()[LEASE_COLLECTION].find_one({"_id": "job"})
    assert lease["holder"] == "r0"


def test_the_other_takes_over_after_the_holder_stops_renewing(clock):
    (one, two), ran = replicas(clock, lease_s=30)
    assert one.run_once()
    clock.now += timedelta(seconds=29)
    assert not two.run_once()  # still within r0's lease
    clock.now += timedelta(seconds=2)  # r0 died 31 s ago: its lease has expired
    assert two.run_once()
    assert not one.run_once()  # r0 comes back: r1 holds it now
    assert ran == ["r0", "r1"]


def test_stop_releases_the_lease_for_the_next_replica(clock):
    (one, two), ran = replicas(clock)
    assert one.run_once() and not two.run_once()
    one.stop()  # never started: stop still gives the lease up
    assert two.run_once()
    assert ran == ["r0", "r1"]


def test_concurrent_acquires_have_exactly_one_winner(clock):
    workers, ran = replicas(clock, n=8)
    barrier = threading.Barrier(len(workers))
    results: list[bool] = [False] * len(workers)

    def race(i: int) -> None:
        barrier.wait()
        results[i] = workers[i].run_once()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 1 and len(ran) == 1


def test_a_failing_job_keeps_the_worker_and_the_lease(clock):
    calls = []

    def job() -> None:
        calls.append(1)
        raise RuntimeError("store hiccup")

    worker = Periodic("flaky", job, interval_s=10, holder="r0", clock=clock)
    with pytest.raises(RuntimeError):
        worker.run_once()  # run_once propagates; the loop logs and carries on
    other = Periodic("flaky", job, interval_s=10, holder="r1", clock=clock)
    assert not other.acquire()  # the lease stays with r0 for lease_s


def test_background_loop_runs_the_job_and_stops(clock):
    ran = threading.Event()
    worker = Periodic("loop", ran.set, interval_s=0.01, lease_s=5, clock=clock)
    worker.start()
    assert worker.running
    try:
        assert ran.wait(2), "the loop never ran the job"
    finally:
        worker.stop()
    assert not worker.running
    assert me.get_db()[LEASE_COLLECTION].find_one({"_id": "loop"}) is None  # released


def test_unleased_workers_all_run(clock):
    ran: list[int] = []
    workers = [Periodic("local", lambda i=i: ran.append(i), interval_s=10, leased=False,
                        clock=clock) for i in range(2)]
    assert all(w.run_once() for w in workers) and ran == [0, 1]


@pytest.mark.parametrize(("interval", "lease", "field"), [(0, None, "interval_s"),
                                                         (-1, None, "interval_s"),
                                                         (10, 10, "lease_s")])
def test_bad_settings_are_refused_naming_the_setting(interval, lease, field):
    with pytest.raises(ValueError, match=field):
        Periodic("bad", lambda: None, interval_s=interval, lease_s=lease)


def test_release_never_drops_someone_elses_lease(clock):
    coll = me.get_db()[LEASE_COLLECTION]
    assert atomic.try_hold(coll, "k", "a", clock(), timedelta(seconds=30))
    assert not atomic.release(coll, "k", "b")
    assert not atomic.try_hold(coll, "k", "b", clock(), timedelta(seconds=30))
    assert atomic.release(coll, "k", "a")
    assert atomic.try_hold(coll, "k", "b", clock(), timedelta(seconds=30))


def test_compare_and_set_applies_once_per_version():
    coll = me.get_db()["cas_test"]
    coll.insert_one({"_id": "x", "version": 1, "n": 0})
    results = []
    barrier = threading.Barrier(6)

    def bump() -> None:
        barrier.wait()
        results.append(atomic.compare_and_set(coll, {"_id": "x", "version": 1},
                                              {"$inc": {"version": 1, "n": 1}}))

    threads = [threading.Thread(target=bump) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    assert coll.find_one({"_id": "x"})["n"] == 1
    coll.drop()
