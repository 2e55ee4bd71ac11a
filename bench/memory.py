"""Resident memory of every service process, idle and under load, as `make run` starts them.

Uses the local launcher's plan (tools/devtools: free ports, local secrets, one nats-server) to
start nats-server and each installed service as its own process (`python -m jlp_<svc>`, embedded
store, no demo data), waits until each listens on its gRPC port, lets them settle, and reads
VmRSS from /proc. The gateway worker's memory idle and after load is in bench/gateway_http.py.
Each figure is one reading per run over JLP_BENCH_RUNS runs. The baseline is a bare grpcio
server process (Python + grpcio + the protos, nothing of ours).

Under load: the whole suite with its gateway and demo district (bench/_suite.py), each process read
once signed-in callers exist ("before the load"), then every second during LOAD_S seconds of
bench/_suite.py's BackgroundLoad (readings batches, camera detections, case / alert / spot
list reads through the gateway; JLP_BENCH_LOAD_RPS, default 40 requests/s): the peak is the
figure. The embedded store keeps its data inside the service process, so what the load writes
(readings, detections) is part of the growth; with MongoDB it would not be.

    .venv/bin/python bench/memory.py
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _kit import Figures, runs
from _suite import BackgroundLoad, LoadPlan, children_of, create_station, running_suite
from _suite import rss_mib as suite_rss_mib

from jlp_devtools.launcher import Launcher
from jlp_testkit.nats import free_port

SETTLE_S = 3.0
LOAD_S = float(os.environ.get("JLP_BENCH_MEMORY_LOAD_S", "12"))
LOAD_RPS = float(os.environ.get("JLP_BENCH_LOAD_RPS", "40"))
BARE = """
import sys, grpc
from concurrent import futures
from jlptest.echo.v1 import echo_pb2_grpc
from jlp_testkit.echo import EchoServicer
s = grpc.server(futures.ThreadPoolExecutor(16))
echo_pb2_grpc.add_EchoServiceServicer_to_server(EchoServicer(), s)
s.add_insecure_port("127.0.0.1:" + sys.argv[1]); s.start(); s.wait_for_termination()
"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


def one_run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="jlp-bench-mem-") as run_dir:
        launcher = Launcher(Path(run_dir), free_ports=True, demo=False, log_format="json",
                            http_port=None, plain=True)
        launcher.build()
        procs: dict[str, tuple[subprocess.Popen, int | None]] = {}
        try:
            for child in launcher.children:
                if child.name == "gateway":
                    continue
                env = {**child.env, "JLP_LOG_LEVEL": "ERROR"}
                proc = subprocess.Popen(child.argv, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
                port = None if child.name == "nats" else launcher.ports[child.name]
                procs[child.name] = (proc, port)
            bare_port = free_port()
            procs["bare grpcio"] = (subprocess.Popen([sys.executable, "-c", BARE, str(bare_port)],
                                                     start_new_session=True), bare_port)
            deadline = time.monotonic() + 120
            for name, (proc, port) in procs.items():
                while port is not None and not listening(port):
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{name} did not start")
                    time.sleep(0.3)
            time.sleep(SETTLE_S)
            return {name: rss_mib(proc.pid) for name, (proc, _) in procs.items()}
        finally:
            for proc, _ in procs.values():
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for proc, _ in procs.values():
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)


def under_load() -> tuple[dict[str, float], dict[str, float], float]:
    """RSS per process before the load and its peak during it; the load's achieved rate."""
    import requests

    from jlp_testkit.e2e import YANGJIAPING

    with running_suite(demo=True) as run:  # the demo makes the departments staff belong to
        lon, lat = YANGJIAPING
        camera_id = "500107000013259" + f"{os.getpid() % 10**5:05d}"
        requests.post(run.suite.url + "/api/v1/video/cameras", headers=run.admin, timeout=30, json={
            "id": camera_id, "name": "压测摄像机", "ownerDepartmentId": "bureau-public-security",
            "hd": True, "reportedPosition": {"lon": lon, "lat": lat}}).raise_for_status()
        plan = LoadPlan(run.suite.url, run.device, run.ops, create_station(run, "BENCH-MEM"),
                        requests_per_s=LOAD_RPS, camera_id=camera_id)
        pids = dict(run.pids)
        for i, worker in enumerate(children_of(pids.get("gateway", 0))):  # gunicorn's workers
            pids[f"gateway worker {i + 1}" if i else "gateway worker"] = worker
        if "gateway" in pids:
            pids["gateway master"] = pids.pop("gateway")
        before = {name: suite_rss_mib(pid) for name, pid in pids.items()}
        peak = dict(before)
        with BackgroundLoad(plan) as load:
            deadline = time.monotonic() + LOAD_S
            while time.monotonic() < deadline:
                time.sleep(1.0)
                for name, pid in pids.items():
                    peak[name] = max(peak[name], suite_rss_mib(pid))
            achieved = load.rate()
        return before, peak, achieved


def main() -> int:
    readings = [one_run() for _ in range(runs())]
    figures = Figures("memory")
    section = "memory: resident set per service process, idle (MiB)"
    bare = [r["bare grpcio"] for r in readings]
    for name in readings[0]:
        if name == "bare grpcio":
            continue
        figures.add(section, name, "MiB", [r[name] for r in readings],
                    baseline="bare grpcio server process" if name != "nats" else "",
                    baseline_values=bare if name != "nats" else ())
    figures.add(section, "bare grpcio server process", "MiB", bare)
    before, peak, achieved = under_load()
    section = "memory: resident set per process under load (MiB, peak of one run)"
    note = (f"{achieved:.0f} requests/s through the gateway for {LOAD_S:.0f} s (aimed at "
            f"{LOAD_RPS:.0f}); embedded store: stored data is in the process")
    for name in peak:
        figures.add(section, f"{name}, under load", "MiB", [peak[name]],
                    baseline="same process before the load", baseline_values=[before[name]],
                    note=note)
    figures.save()
    print(f"memory: the load ran at {achieved:.1f} requests/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
