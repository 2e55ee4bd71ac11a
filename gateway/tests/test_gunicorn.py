"""The real entry point: `python -m jlp_gateway` under gunicorn answers /healthz and exits 0 on
SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_health_and_stops_on_sigterm() -> None:
    port = _free_port()
    env = {**os.environ, "JLP_HTTP_PORT": str(port), "JLP_HTTP_HOST": "127.0.0.1",
           "JLP_METRICS_PORT": "0", "JLP_GATEWAY_THREADS": "2", "JLP_SHUTDOWN_GRACE_SECONDS": "5"}
    proc = subprocess.Popen([sys.executable, "-m", "jlp_gateway"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.loads(r.read()), r.headers["X-Request-ID"]
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None, proc.stderr.read().decode() if proc.poll() is not None else ""
        assert body[0] == {"status": "ok"} and body[1]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
