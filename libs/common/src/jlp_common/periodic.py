"""`Periodic`: a background job run every interval on exactly one replica at a time.

Services run several replicas; periodic work (overdue scans, sweeps) must not run on all of
them at once, and must not stop when the replica running it dies. Each run first takes or
renews a lease — a document `{_id: name, holder, expires_at}` in the service's own database
(collection `leases`), written by one conditional find-and-modify (`atomic.try_hold`). The
holder renews it every run; if it dies or hangs, the lease expires after `lease_s` and the next
replica to try takes over. The job itself should still be idempotent (conditional writes),
because a holder paused longer than `lease_s` (GC, a stopped VM) may overlap once with its
successor — the lease bounds duplicate work, the conditional writes make it harmless.

    worker = Periodic("overdue-scanner", scanner.scan, interval_s=30, clock=clock)
    worker.start()   # ... worker.stop()

A service hooks one to its server's start and stop with `jlp_common.kit.run_periodically`.

`run_once()` is the whole decision and is what tests call (with an injected clock, no sleeps).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import mongoengine

from jlp_common import atomic
from jlp_common.timeutil import Clock, utc_now

log = logging.getLogger(__name__)

LEASE_COLLECTION = "leases"


def default_holder() -> str:
    """A holder id naming this process (host = the pod's name in Kubernetes) and unique per
    worker, so leases in the database say which replica runs what."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Periodic:
    """Calls `job()` every `interval_s` seconds while this worker holds the lease `name`.

    - `lease_s` (default 3 × interval): how long a silent holder keeps the job; it must exceed
      the interval plus a run's duration, or the lease lapses between renewals.
    - `wait_s`: optional callable giving the seconds until the next run (e.g. shorter while
      work is pending); defaults to `interval_s`.
    - `leased=False`: run on every replica (work that is per-process by nature).
    - `clock`: the lease's time base (injectable for tests); replicas share it in production
      (the wall clock), so skew between hosts must stay well below `lease_s`.
    - `collection`: the pymongo collection of leases; default `leases` in the database of
      mongoengine's `alias`, looked up on each run so a reconnect is picked up.
    Job failures are logged and retried at the next interval; they do not stop the worker.
    """

    def __init__(self, name: str, job: Callable[[], Any], interval_s: float, *,
                 lease_s: float | None = None, holder: str | None = None, clock: Clock = utc_now,
                 wait_s: Callable[[], float] | None = None, leased: bool = True,
                 collection: Any | None = None, alias: str = "default") -> None:
        if interval_s <= 0:
            raise ValueError(f"{name}: interval_s must be positive (got {interval_s}); "
                             "to disable the job, do not start the worker")
        self.name, self.job, self.interval_s = name, job, interval_s
        self.lease_s = lease_s if lease_s is not None else 3 * interval_s
        if self.lease_s <= interval_s:
            raise ValueError(f"{name}: lease_s ({self.lease_s}) must exceed interval_s "
                             f"({interval_s}), or the lease lapses between renewals")
        self.holder = holder or default_holder()
        self.clock, self.leased = clock, leased
        self._wait_s = wait_s
        self._collection, self._alias = collection, alias
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the decision ------------------------------------------------------------------------
    def leases(self) -> Any:
        """The collection holding the lease document."""
        if self._collection is not None:
            return self._collection
        return mongoengine.get_db(self._alias)[LEASE_COLLECTION]

    def acquire(self) -> bool:
        """Take or renew the lease now; False while another holder's lease is unexpired."""
        if not self.leased:
            return True
        return atomic.try_hold(self.leases(), self.name, self.holder, self.clock(),
                               timedelta(seconds=self.lease_s))

    def release(self) -> None:
        """Give the lease up (at stop), so another replica need not wait for its expiry."""
        if self.leased:
            atomic.release(self.leases(), self.name, self.holder)

    def run_once(self) -> bool:
        """One tick: run the job if this worker holds (or takes) the lease. True if it ran.
        A failing job propagates; the background loop logs it and carries on."""
        if not self.acquire():
            return False
        self.job()
        return True

    # --- the background loop (GrpcApp.on_start / on_stop hooks) ------------------------------
    def start(self) -> None:
        """Start the daemon thread (idempotent); the first run is one interval after start."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._main, name=f"periodic-{self.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the loop, wait for a running job up to `timeout_s`, release the lease."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None
        try:
            self.release()
        except Exception:  # noqa: BLE001 - store gone at shutdown: the lease simply expires
            log.warning("lease not released", extra={"lease": self.name})

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _next_wait(self) -> float:
        if self._wait_s is None:
            return self.interval_s
        try:
            return max(0.0, min(self.interval_s, float(self._wait_s())))
        except Exception:  # noqa: BLE001 - a failing hint must not stop the worker
            return self.interval_s

    def _main(self) -> None:
        while not self._stop.wait(self._next_wait()):
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the next interval retries
                log.exception("periodic job failed", extra={"job": self.name})
