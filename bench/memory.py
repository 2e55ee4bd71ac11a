"""Resident memory of every service process, idle, as `make run` starts them (same environments).

Uses the local launcher's plan (tools/devtools: free ports, local secrets, one nats-server) to
start nats-server and each installed service as its own process (`python -m jlp_<svc>`, embedded
store, no demo data), waits until each listens on its gRPC port, lets them settle, and reads
VmRSS from /proc. The gateway worker's memory idle and after load is in bench/gateway_http.py.
Each figure is one reading per run over JLP_BENCH_RUNS runs. The baseline is a bare grpcio
server process (Python + grpcio + the protos, nothing of ours).

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

from jlp_devtools.launcher import Launcher
from jlp_testkit.nats import free_port

SETTLE_S = 3.0
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
    figures.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
