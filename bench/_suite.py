"""The whole suite as `make run` and the e2e harness start it, for the benches that need every
service at once (bench/e2e_latency.py, bench/memory.py): `python -m jlp_devtools.launcher
--free-ports [--demo]` in a temporary run folder (real nats-server with JetStream, one process
per service on the embedded store, the gateway), plus the signed-in callers a front end has and
a steady background load through the gateway in a process of its own (so the load generator
does not share the measuring process's GIL).
"""

from __future__ import annotations

import multiprocessing as mp
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from jlp_devtools.suite_process import launched_suite
from jlp_testkit.e2e import (
    YANGJIAPING,
    Suite,
    admin_token,
    bearer,
    client_token,
    create_client,
    create_staff,
)

LOAD_THREADS = 4


@dataclass
class Running:
    """A started suite: its addresses, its child pids, and the callers' tokens."""

    suite: Suite
    pids: dict[str, int]
    admin: dict[str, str]
    ops: dict[str, str]
    device: dict[str, str]


@contextmanager
def running_suite(*, demo: bool, timeout_s: float = 180.0) -> Iterator[Running]:
    """Start the launcher as e2e-tests/conftest.py does; stop it (SIGTERM, then kill) after."""
    with tempfile.TemporaryDirectory(prefix="jlp-bench-suite-") as tmp, \
            launched_suite(Path(tmp), demo=demo, timeout_s=timeout_s,
                           env={"JLP_LOG_LEVEL": "WARNING"}) as info:  # logging every request costs CPU
        suite = Suite(info["gateway_url"], info["nats_url"], info["services"], info["secrets"],
                      info["log_path"])
        admin = admin_token(suite)
        ops = bearer(create_staff(suite, admin, ["ops_center"], "ops-center"))
        device = bearer(client_token(suite, *create_client(suite, admin, ["device"])))
        yield Running(suite, info["pids"], bearer(admin), ops, device)


def rss_mib(pid: int) -> float:
    """VmRSS of a process, in MiB (NaN once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def children_of(pid: int) -> list[int]:
    """Direct child processes (e.g. gunicorn's workers under the gateway's master)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def create_station(run: Running, prefix: str) -> str:
    """An AIR station at the district seat (admin); returns its id."""
    lon, lat = YANGJIAPING
    r = requests.post(run.suite.url + "/api/v1/environment/stations", headers=run.admin, timeout=30,
                      json={"code": f"{prefix}-{uuid.uuid4().hex[:8]}", "name": "压测站",
                            "kind": "AIR", "location": {"lon": lon, "lat": lat}})
    r.raise_for_status()
    return r.json()["id"]


# --- background load -------------------------------------------------------------------------
@dataclass(frozen=True)
class LoadPlan:
    """A steady mix through the gateway: a readings stream (batches of `readings_per_batch`
    clean AQI hours to one station, so no alert is raised) and reads (the case list, the
    alert list, the spot list), paced to `requests_per_s` in total. Optional writes touch the
    other services (camera detections below every alert rule's score, gate counts that keep a
    spot far from any warning), so memory under load sees every service at work."""

    url: str
    device: dict[str, str]
    ops: dict[str, str]
    station_id: str
    requests_per_s: float = 40.0
    readings_per_batch: int = 50
    camera_id: str = ""
    spot_id: str = ""
    gate_id: str = ""


def _one_request(plan: LoadPlan, session: requests.Session, action: str) -> None:
    url = plan.url
    if action == "readings":
        # a live stream: raw values of the open hour, one per millisecond just gone (unique
        # keys, so nothing is a duplicate and no closed hour is judged again)
        now = datetime.now(UTC)
        batch = [{"stationId": plan.station_id, "metric": "pm25", "value": 20,
                  "observedAt": (now - timedelta(milliseconds=i)).isoformat().replace("+00:00", "Z")}
                 for i in range(plan.readings_per_batch)]
        session.post(url + "/api/v1/environment/readings:batch", headers=plan.device,
                     json={"readings": batch}, timeout=30)
    elif action == "cases":
        session.get(url + "/api/v1/cases?pageSize=20", headers=plan.ops, timeout=30)
    elif action == "alerts":
        session.get(url + "/api/v1/environment/alerts?state=OPEN", headers=plan.ops, timeout=30)
    elif action == "spots":
        session.get(url + "/api/v1/tourism/spots?pageSize=20", timeout=30)
    elif action == "detections":  # below the smoke_fire rule's 0.8: stored, no alert
        session.post(url + "/api/v1/video/detections:batch", headers=plan.device, timeout=30,
                     json={"detections": [{
                         "id": f"load-{uuid.uuid4().hex[:12]}", "cameraId": plan.camera_id,
                         "label": "smoke_fire", "score": 0.3,
                         "startTime": rfc3339(datetime.now(UTC) - timedelta(minutes=1))}]})
    elif action == "gate":  # one in, one out: the spot's load does not move
        session.post(url + "/api/v1/tourism/gateCounts:batch", headers=plan.device, timeout=30,
                     json={"counts": [{
                         "eventId": f"load-{uuid.uuid4().hex}", "spotId": plan.spot_id,
                         "gateId": plan.gate_id, "countTime": rfc3339(datetime.now(UTC)),
                         "entries": 1, "exits": 1}]})


def _load_loop(plan: LoadPlan, stop: mp.Event, done: mp.Value) -> None:  # type: ignore[valid-type]
    """`LOAD_THREADS` connections sharing one pace (a closed loop of one connection cannot
    keep the pace when a request takes longer than the period)."""
    actions = ["readings", "cases", "readings", "alerts", "spots"]
    if plan.camera_id:
        actions.append("detections")
    if plan.spot_id:
        actions.append("gate")
    period = 1.0 / plan.requests_per_s
    lock = threading.Lock()
    schedule = {"next": time.monotonic(), "i": 0}

    def worker() -> None:
        session = requests.Session()
        while not stop.is_set():
            with lock:
                at = schedule["next"] = max(schedule["next"] + period, time.monotonic() - period)
                action = actions[schedule["i"] % len(actions)]
                schedule["i"] += 1
            pause = at - time.monotonic()
            if pause > 0 and stop.wait(pause):
                return
            try:
                _one_request(plan, session, action)
                with done.get_lock():
                    done.value += 1
            except requests.RequestException:
                pass

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(LOAD_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


class BackgroundLoad:
    """The load plan run in its own process while the caller measures."""

    def __init__(self, plan: LoadPlan) -> None:
        ctx = mp.get_context("spawn")
        self._stop = ctx.Event()
        self.done = ctx.Value("l", 0)
        self._proc = ctx.Process(target=_load_loop, args=(plan, self._stop, self.done), daemon=True)
        self._started, self._done0 = 0.0, 0

    def __enter__(self) -> BackgroundLoad:
        self._proc.start()
        time.sleep(1.5)  # the spawned interpreter imports, then reaches its pace
        self._started, self._done0 = time.monotonic(), self.done.value
        return self

    def rate(self) -> float:
        """Requests completed per second since it reached its pace."""
        return (self.done.value - self._done0) / max(1e-9, time.monotonic() - self._started)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._proc.join(30)
        if self._proc.is_alive():
            self._proc.kill()
