"""The gateway vs a bare Flask -> gRPC proxy of the same shape, same server settings, same run.

Processes (bench/_servers.py): one echo gRPC service (jlp_common's GrpcApp, token checks on),
and one gunicorn gthread server (1 worker x 16 threads, the gateway's default) per HTTP mode:
the gateway with every layer, the gateway with one layer off (rate limit, tracing) or without
its verified-token cache (issue 16), the bare
proxy (json_format transcoding, nothing else) and the bare proxy without transcoding. Every
mode calls the same backend, so the differences are the HTTP tier's.

Load: wrk (Debian package) against 127.0.0.1 only, for DURATION seconds per figure, at 1 and 32
connections, runs interleaved so drift hits every mode alike. Read route: GET a note (public;
the token is sent and verified, as a signed-in citizen's would be; without a token = the auth
layer off). Write route: POST a note (needs a scope, so always with a token).
Resident memory (VmRSS of the gunicorn worker) idle and after the load is recorded too.

    .venv/bin/python bench/gateway_http.py
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _kit import Figures, runs
from _servers import signer

from jlp_testkit.nats import free_port

HERE = Path(__file__).resolve().parent
DURATION = os.environ.get("JLP_BENCH_WRK_SECONDS", "3")
MODES = ["gateway", "gateway-norate", "gateway-notrace", "gateway-nocache", "bare",
         "bare-notranscode"]


def start(args: list[str], ready: str | None = None) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, str(HERE / "_servers.py"), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=HERE, start_new_session=True)
    line = ""
    if ready:
        line = proc.stdout.readline().strip()  # type: ignore[union-attr]
        if not line.startswith(ready):
            raise RuntimeError(f"{args}: did not start ({line!r})")
    return proc, line


def wait_listening(port: int, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"HTTP server on {port} did not start")


def worker_rss_mib(proc: subprocess.Popen) -> float:
    """VmRSS of the gunicorn worker (the master's child), else of the process itself."""
    pids = [proc.pid]
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if children.exists():
        pids = [int(p) for p in children.read_text().split()] or pids
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int, script: str | None,
        token: str | None) -> dict[str, float] | None:
    """One wrk run's rate and latency percentiles; None when wrk completed no request (on the
    shared machine a 1-connection run can stall for its whole duration): left out, not 0."""
    cmd = ["wrk", "-t", "1" if connections == 1 else "2", "-c", str(connections), "-d",
           f"{DURATION}s", "--latency", "--timeout", "5s"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    if rps == 0 or "Latency Distribution" not in out:
        return None
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} non-2xx responses\n{out}")
    return {"rps": rps, "p50": p50, "p99": p99}


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk not installed (apt-get install -y wrk): gateway bench skipped")
        return 0
    token = signer().token(sub="bench-citizen", scopes=["echo:note.write"])
    backend_port = free_port()
    procs: list[subprocess.Popen] = []
    try:
        echo, line = start(["echo", str(backend_port), "platform"], "ready")
        procs.append(echo)
        note = line.split()[1]
        servers = {}
        for mode in MODES:
            port = free_port()
            proc, _ = start(["http", str(port), mode, f"127.0.0.1:{backend_port}"])
            procs.append(proc)
            servers[mode] = (port, proc)
        for port, _ in servers.values():
            wait_listening(port)
        post = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        post.write('wrk.method = "POST"\nwrk.body = \'{"title": "bench note", "bodyText": "'
                   + "x" * 200 + '"}\'\nwrk.headers["Content-Type"] = "application/json"\n')
        post.close()
        read_path = f"/api/v1/echo/{note}"
        # warm every server (first requests build channels, import lazily)
        for port, _ in servers.values():
            subprocess.run(["wrk", "-t1", "-c4", "-d1s", f"http://127.0.0.1:{port}{read_path}"],
                           capture_output=True, timeout=30)
        idle = {mode: worker_rss_mib(proc) for mode, (port, proc) in servers.items()}
        cases = [(route, conns, mode, with_token)
                 for route in ("read", "write") for conns in (1, 32)
                 for mode, with_token in (("gateway", True), ("bare", True))]
        cases += [("read", 32, "gateway", False), ("read", 32, "gateway-norate", True),
                  ("read", 32, "gateway-notrace", True), ("read", 32, "gateway-nocache", True),
                  ("read", 32, "bare-notranscode", True),
                  ("read", 32, "bare", False), ("read", 1, "gateway", False)]
        results: dict[tuple, list[dict[str, float]]] = {c: [] for c in cases}
        for _ in range(runs()):
            for case in cases:
                route, conns, mode, with_token = case
                port = servers[mode][0]
                path = read_path if route == "read" else "/api/v1/echo/notes"
                figure = wrk(f"http://127.0.0.1:{port}{path}", conns,
                             post.name if route == "write" else None,
                             token if with_token else None)
                if figure is not None:
                    results[case].append(figure)
        loaded = {mode: worker_rss_mib(proc) for mode, (port, proc) in servers.items()}
        os.unlink(post.name)

        figures = Figures("gateway_http")

        def series(case: tuple, key: str) -> list[float]:
            return [r[key] for r in results[case]] or [float("nan")]

        for route in ("read", "write"):
            for conns in (1, 32):
                ours, bare = (route, conns, "gateway", True), (route, conns, "bare", True)
                section = f"gateway: {route} route, {conns} connection{'s' if conns > 1 else ''}"
                label = "GET note" if route == "read" else "POST note"
                figures.add(section, f"gateway {label}: throughput", "/s", series(ours, "rps"),
                            baseline="bare Flask→gRPC proxy", baseline_values=series(bare, "rps"))
                for q in ("p50", "p99"):
                    figures.add(section, f"gateway {label}: {q}", "ms", series(ours, q),
                                baseline="bare proxy", baseline_values=series(bare, q))
        section = "gateway: cost of each layer (GET note, 32 connections)"
        full = ("read", 32, "gateway", True)
        for case, name in ((("read", 32, "gateway", False), "gateway, no token (auth layer idle)"),
                           (("read", 32, "gateway-norate", True), "gateway, rate limit off"),
                           (("read", 32, "gateway-notrace", True), "gateway, tracing off"),
                           (("read", 32, "gateway-nocache", True),
                            "gateway, token cache off (signature checked per request)")):
            figures.add(section, name, "/s", series(case, "rps"),
                        baseline="gateway, every layer on", baseline_values=series(full, "rps"),
                        note="ratio > 100 %: the layer's share of the gateway's time")
        figures.add(section, "bare proxy, no transcoding (canned bytes)", "/s",
                    series(("read", 32, "bare-notranscode", True), "rps"),
                    baseline="bare proxy with json_format",
                    baseline_values=series(("read", 32, "bare", True), "rps"),
                    note="transcoding's share in the bare stack")
        figures.add(section, "bare proxy, no token", "/s", series(("read", 32, "bare", False), "rps"),
                    baseline="bare proxy, token forwarded",
                    baseline_values=series(("read", 32, "bare", True), "rps"),
                    note="the backend's token check")
        figures.add("gateway: unloaded latency (GET note, 1 connection, no token)", "gateway p50",
                    "ms", series(("read", 1, "gateway", False), "p50"),
                    baseline="bare proxy p50 (with token)",
                    baseline_values=series(("read", 1, "bare", True), "p50"))
        section = "memory: resident set of the HTTP worker (MiB, one reading)"
        figures.add(section, "gateway worker, idle (after warm-up)", "MiB", [idle["gateway"]],
                    baseline="bare proxy worker", baseline_values=[idle["bare"]])
        figures.add(section, "gateway worker, after the load", "MiB", [loaded["gateway"]],
                    baseline="bare proxy worker", baseline_values=[loaded["bare"]])
        figures.save()
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
