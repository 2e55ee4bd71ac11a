"""Local launcher behind `make run` and the e2e harness.

Starts nats-server (JetStream, data under the run folder), then every component of the
catalogue whose code is installed here, then the gateway with all their addresses; waits for
the gateway's /readyz; prints the URLs;
prefixes each child's log lines with its name; and on Ctrl-C / SIGTERM stops every child
(gateway first, then services, then NATS) so that nothing is left behind. Children also get
PR_SET_PDEATHSIG, so even a launcher killed with SIGKILL leaves no orphans.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from jlp_common import registry
from jlp_common.config import default_metrics_port, known_variables
from jlp_devtools.secrets import ensure_local_secrets

ROOT = Path(__file__).resolve().parents[4]
WEB_BUILD = ROOT / "web" / "dist"  # the ops-centre web app, served by the gateway once built (ADR 0110)
COLORS = ["36", "33", "35", "32", "34", "91", "96", "93"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child before exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    color: str
    proc: subprocess.Popen | None = None
    pump: threading.Thread | None = field(default=None, repr=False)

    def start(self, out_lock: threading.Lock, plain: bool) -> None:
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        prefix = f"{self.name:<12}| " if plain else f"\x1b[{self.color}m{self.name:<12}|\x1b[0m "

        def pump() -> None:
            assert self.proc and self.proc.stdout
            for raw in self.proc.stdout:
                with out_lock:
                    sys.stdout.write(prefix + raw.decode(errors="replace"))
                    sys.stdout.flush()

        self.pump = threading.Thread(target=pump, daemon=True, name=f"log-{self.name}")
        self.pump.start()

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout_s: float) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.pump:
            self.pump.join(2)
        return self.proc.returncode


def wait_for_port(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def declared_variables(component: str) -> tuple:
    """The `JLP_` variables a component declares (its settings module's VARIABLES)."""
    import importlib

    module = "jlp_gateway.config" if component == "gateway" else \
        f"{registry.component(component).module}.settings"
    return tuple(getattr(importlib.import_module(module), "VARIABLES", ()))


class Launcher:
    """Plans ports and environments, then runs the children."""

    def __init__(self, run_dir: Path, *, free_ports: bool, demo: bool, log_format: str,
                 http_port: int | None, plain: bool) -> None:
        self.run_dir = run_dir
        self.plain = plain
        self.children: list[Child] = []
        self.out_lock = threading.Lock()
        self.components = registry.installed()
        pick = free_port if free_ports else None
        self.nats_port = pick() if pick else 4222
        self.http_port = http_port or (pick() if pick else registry.gateway_port())
        self.ports = {c.name: (pick() if pick else c.port) for c in self.components}
        secrets_file = (run_dir / "secrets.env") if free_ports else ROOT / ".local-secrets/jlp-local.env"
        self.secrets_file = secrets_file
        self.secrets = ensure_local_secrets(secrets_file, dict(os.environ))
        self.gateway_url = f"http://127.0.0.1:{self.http_port}"
        base = {
            **os.environ,
            "JLP_LOG_FORMAT": log_format,
            "PYTHONUNBUFFERED": "1",
        }
        for c in self.components:
            base[c.addr_variable] = f"127.0.0.1:{self.ports[c.name]}"
        self.base_env = base
        # What only services read (the gateway refuses variables it does not read).
        self.service_env = {"JLP_NATS_URL": f"nats://127.0.0.1:{self.nats_port}",
                            **({"JLP_DEMO": "1"} if demo else {})}
        self.free_ports = free_ports

    def secrets_for(self, component: str) -> dict[str, str]:
        """The local secrets `component` reads (least privilege, as in the chart; and a
        component refuses variables it does not read)."""
        known = known_variables(component, declared_variables(component))
        return {k: v for k, v in self.secrets.items() if k in known}

    def _metrics_port(self, grpc_port: int) -> str:
        return str(free_port() if self.free_ports else default_metrics_port(grpc_port))

    def build(self) -> None:
        nats_dir = self.run_dir / "nats"
        nats_dir.mkdir(parents=True, exist_ok=True)
        nats_bin = str(Path(sys.executable).with_name("nats-server"))
        self.children.append(Child("nats", [nats_bin, "-js", "-a", "127.0.0.1", "-p", str(self.nats_port),
                                            "-sd", str(nats_dir)], dict(self.base_env), COLORS[0]))
        for i, c in enumerate(self.components, start=1):
            env = {**self.base_env, **self.service_env, **self.secrets_for(c.name),
                   "JLP_GRPC_PORT": str(self.ports[c.name]),
                   "JLP_METRICS_PORT": self._metrics_port(self.ports[c.name]),
                   "OTEL_SERVICE_NAME": f"jlp-{c.name}"}
            self.children.append(Child(c.name, [sys.executable, "-m", c.module], env,
                                       COLORS[i % len(COLORS)]))
        env = {**self.base_env, **self.secrets_for("gateway"), "JLP_HTTP_PORT": str(self.http_port),
               "JLP_NATS_URL": self.service_env["JLP_NATS_URL"],  # live events (ADR 0110)
               **({"JLP_GATEWAY_WEB_ROOT": str(WEB_BUILD)} if (WEB_BUILD / "index.html").is_file() else {}),
               "JLP_METRICS_PORT": self._metrics_port(self.http_port), "OTEL_SERVICE_NAME": "jlp-gateway"}
        self.children.append(Child("gateway", [sys.executable, "-m", "jlp_gateway"], env, COLORS[-1]))

    def say(self, text: str) -> None:
        with self.out_lock:
            print(text, flush=True)

    def start(self, ready_timeout_s: float) -> bool:
        nats, *rest = self.children
        nats.start(self.out_lock, self.plain)
        if not wait_for_port(self.nats_port, 15):
            self.say("launcher    | nats-server did not start")
            return False
        for child in rest:
            child.start(self.out_lock, self.plain)
        return self.wait_ready(ready_timeout_s)

    def wait_ready(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            dead = [c.name for c in self.children if not c.running()]
            if dead:
                self.say(f"launcher    | exited during start-up: {', '.join(dead)}")
                return False
            try:
                r = requests.get(f"{self.gateway_url}/readyz", timeout=2)
                if r.status_code == 200:
                    return True
                last = r.text
            except requests.RequestException as exc:
                last = str(exc)
            time.sleep(0.5)
        self.say(f"launcher    | not ready after {timeout_s:.0f}s: {last[:300]}")
        return False

    def stop(self) -> None:
        for child in reversed(self.children):  # gateway, services, then NATS
            child.stop(25)

    def summary(self) -> dict[str, object]:
        return {
            "gateway_url": self.gateway_url,
            "nats_url": f"nats://127.0.0.1:{self.nats_port}",
            "services": {c.name: f"127.0.0.1:{self.ports[c.name]}" for c in self.components},
            "secrets_file": str(self.secrets_file),
            "pids": {c.name: c.proc.pid for c in self.children if c.proc},
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Smart Jiulongpo suite locally.")
    parser.add_argument("--demo", action="store_true", help="load the demo district")
    parser.add_argument("--free-ports", action="store_true", help="pick free ports (tests)")
    parser.add_argument("--run-dir", default=str(ROOT / ".jlp-run"), help="data folder (NATS store)")
    parser.add_argument("--http-port", type=int, default=None)
    parser.add_argument("--log-format", choices=("text", "json"), default="text")
    parser.add_argument("--ready-file", help="write a JSON summary here once ready (tests)")
    parser.add_argument("--ready-timeout", type=float, default=120.0)
    args = parser.parse_args(argv)

    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    plain = not sys.stdout.isatty()
    launcher = Launcher(run_dir, free_ports=args.free_ports, demo=args.demo,
                        log_format=args.log_format, http_port=args.http_port, plain=plain)
    launcher.build()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    code = 0
    try:
        if not launcher.start(args.ready_timeout):
            code = 1
            return code
        info = launcher.summary()
        if args.ready_file:
            Path(args.ready_file).write_text(json.dumps(info))
        launcher.say(
            "\n"
            f"  Smart Jiulongpo is running.\n"
            f"  Gateway      {launcher.gateway_url}\n"
            f"  API docs     {launcher.gateway_url}/docs   (OpenAPI: {launcher.gateway_url}/openapi.json)\n"
            f"  Readiness    {launcher.gateway_url}/readyz\n"
            f"  Admin login  see {launcher.secrets_file} (JLP_BOOTSTRAP_ADMIN_*; password + TOTP;\n"
            f"               the first sign-in only lets you choose your own password: README, Try it)\n"
            f"  Press Ctrl-C to stop.\n")
        while not stop.wait(0.5):
            dead = [c.name for c in launcher.children if not c.running()]
            if dead:
                launcher.say(f"launcher    | stopped unexpectedly: {', '.join(dead)}; shutting down")
                code = 1
                break
        return code
    finally:
        launcher.say("launcher    | stopping…")
        launcher.stop()
        launcher.say("launcher    | all stopped")


if __name__ == "__main__":
    sys.exit(main())
