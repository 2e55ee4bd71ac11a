"""The whole suite as a child process, started the way `make run` starts it, for tests and benches.

`launched_suite()` runs `python -m jlp_devtools.launcher --free-ports` in a run folder, waits for
its ready file (gateway /readyz answered 200, every service up) and yields what the launcher
wrote there: the gateway URL, the NATS URL, each service's address and pid, and the generated
local secrets. On leaving, the launcher gets SIGTERM (it stops its children gracefully) and is
killed only if it has not exited in time. One definition for the e2e tests and the benches, so
both measure and test the suite as it is actually started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jlp_devtools.secrets import read_env_file


class SuiteDidNotStart(RuntimeError):
    """The launcher exited or did not get ready in time; the message ends with its log's tail."""


def stop_process(proc: subprocess.Popen[Any], wait_s: float) -> int:
    """SIGTERM, wait up to `wait_s` for a graceful exit, then kill; the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(wait_s)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.wait()


@contextmanager
def launched_suite(run_dir: Path, *, demo: bool, timeout_s: float = 180.0,
                   env: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the launcher's ready information plus `secrets` (the generated local secrets) and
    `log_path`. The caller's JLP_/OTEL_ variables are not inherited (a developer's shell must not
    change what is tested); `env` adds variables on purpose."""
    ready, log_path = run_dir / "ready.json", run_dir / "launcher.log"
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("JLP_", "OTEL_"))}
    child_env.update(env or {})
    argv = [sys.executable, "-m", "jlp_devtools.launcher", "--free-ports", "--run-dir", str(run_dir),
            "--ready-file", str(ready), "--log-format", "json", "--ready-timeout", str(timeout_s - 30),
            *(["--demo"] if demo else [])]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=child_env)
    try:
        deadline = time.monotonic() + timeout_s
        while not ready.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-60:])
                raise SuiteDidNotStart(f"suite did not start (exit {proc.poll()}):\n{tail}")
            time.sleep(0.3)
        info = json.loads(ready.read_text())
        yield {**info, "secrets": read_env_file(Path(info["secrets_file"])), "log_path": log_path}
    finally:
        stop_process(proc, 60)
