"""e2e harness: the whole suite started through the launcher on free ports, driven over HTTP.

The `suite` fixture (one per test session) runs `python -m jlp_devtools.launcher --free-ports
--demo` in a temporary run folder, waits until the gateway's /readyz answers 200, and yields a
`Suite` with the gateway URL and the generated local secrets (bootstrap admin and TOTP secret).
On failure to start, the launcher's output is shown.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jlp_devtools.secrets import read_env_file
from jlp_testkit.e2e import Suite


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    run_dir = tmp_path_factory.mktemp("suite")
    ready, log_path = run_dir / "ready.json", run_dir / "launcher.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JLP_", "OTEL_"))}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jlp_devtools.launcher", "--free-ports", "--demo",
             "--run-dir", str(run_dir), "--ready-file", str(ready), "--log-format", "json",
             "--ready-timeout", "150"],
            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 180
        while not ready.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-60:])
                pytest.fail(f"suite did not start (exit {proc.poll()}):\n{tail}")
            time.sleep(0.3)
        info = json.loads(ready.read_text())
        yield Suite(info["gateway_url"], info["nats_url"], info["services"],
                    read_env_file(Path(info["secrets_file"])), log_path)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
