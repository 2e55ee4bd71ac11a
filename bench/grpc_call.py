"""A unary call to a platform gRPC service vs the same servicer on a bare grpcio server.

Three processes (bench/_servers.py echo): the echo service built with jlp_common's GrpcApp (its
interceptor: method policy, token verification, error mapping, metrics, tracing), the same with
its verified-token cache off (each call's token signature checked again: the state before
issue 16), and the same EchoServicer on `grpc.server(ThreadPoolExecutor(16))`. The client calls GetNote sequentially
(latency, calls/s at one in flight) and from 16 threads (throughput), CALLS per figure, same run.

    .venv/bin/python bench/grpc_call.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
from _kit import Figures, percentile, runs
from _servers import signer

from jlp_testkit.nats import free_port
from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

HERE = Path(__file__).resolve().parent
CALLS = int(os.environ.get("JLP_BENCH_GRPC_CALLS", "2000"))
THREADS = 16


def start(kind: str) -> tuple[subprocess.Popen, int, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(HERE / "_servers.py"), "echo", str(port), kind],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=HERE, start_new_session=True)
    line = proc.stdout.readline().split()  # type: ignore[union-attr]
    if not line or line[0] != "ready":
        raise RuntimeError(f"echo {kind} did not start")
    return proc, port, line[1]


def sequential(stub: echo_pb2_grpc.EchoServiceStub, name: str,
               metadata: list) -> tuple[float, float, float]:
    request = echo_pb2.GetNoteRequest(name=name)
    latencies = []
    start = time.perf_counter()
    for _ in range(CALLS):
        t = time.perf_counter()
        stub.GetNote(request, metadata=metadata, timeout=10)
        latencies.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - start
    return CALLS / elapsed, percentile(latencies, 50), percentile(latencies, 99)


def concurrent(stub: echo_pb2_grpc.EchoServiceStub, name: str, metadata: list) -> float:
    request = echo_pb2.GetNoteRequest(name=name)
    per_thread = CALLS // THREADS

    def work() -> None:
        for _ in range(per_thread):
            stub.GetNote(request, metadata=metadata, timeout=10)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return per_thread * THREADS / (time.perf_counter() - start)


def main() -> int:
    procs = []
    try:
        platform, p_port, p_note = start("platform")
        nocache, n_port, n_note = start("platform-nocache")
        bare, b_port, b_note = start("bare")
        procs += [platform, nocache, bare]
        token = [("authorization", "Bearer " + signer().token(sub="bench"))]
        def stub(port: int) -> echo_pb2_grpc.EchoServiceStub:
            return echo_pb2_grpc.EchoServiceStub(grpc.insecure_channel(f"127.0.0.1:{port}"))

        targets = {"platform, token": (stub(p_port), p_note, token),
                   "platform, no token": (stub(p_port), p_note, []),
                   "platform, token, cache off": (stub(n_port), n_note, token),
                   "bare": (stub(b_port), b_note, token)}
        for stub, note, md in targets.values():
            for _ in range(200):  # warm-up
                stub.GetNote(echo_pb2.GetNoteRequest(name=note), metadata=md, timeout=10)
        seq: dict[str, list[tuple[float, float, float]]] = {k: [] for k in targets}
        par: dict[str, list[float]] = {k: [] for k in targets}
        for _ in range(runs()):
            for key, (stub, note, md) in targets.items():
                seq[key].append(sequential(stub, note, md))
                par[key].append(concurrent(stub, note, md))
        figures = Figures("grpc_call")
        section = "gRPC: GetNote on the platform's GrpcApp vs a bare grpcio server"
        for key in ("platform, token", "platform, no token", "platform, token, cache off"):
            figures.add(section, f"{key}: calls/s, one in flight", "/s", [s[0] for s in seq[key]],
                        baseline="bare grpcio", baseline_values=[s[0] for s in seq["bare"]])
            figures.add(section, f"{key}: calls/s, {THREADS} client threads", "/s", par[key],
                        baseline="bare grpcio", baseline_values=par["bare"])
            for i, q in ((1, "p50"), (2, "p99")):
                figures.add(section, f"{key}: {q}, one in flight", "ms", [s[i] for s in seq[key]],
                            baseline="bare grpcio", baseline_values=[s[i] for s in seq["bare"]])
        figures.save()
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
