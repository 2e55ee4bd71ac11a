"""SIGTERM to a service process with 200 calls in flight: health turns NOT_SERVING first, new
calls are refused, and every call already accepted completes within the grace period (issue
15, Fault suite; grpc_server.GrpcApp.stop). The service is the testkit's echo service run as
its own process (`python -m jlp_testkit.echo`), whose SleepNote holds a call open.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jlp_testkit.faults import report
from jlp_testkit.nats import free_port, wait_for
from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

pytestmark = pytest.mark.timeout(90)

CALLS, SLEEP_MS, GRACE_S = 200, 400, 20.0


def start_echo(port: int, health_port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JLP_", "OTEL_"))}
    env.update({"JLP_GRPC_PORT": str(port), "JLP_METRICS_PORT": "0", "JLP_LOG_FORMAT": "json",
                "JLP_SHUTDOWN_GRACE_SECONDS": str(GRACE_S), "JLP_GRPC_HEALTH_PORT": str(health_port)})
    return subprocess.Popen([sys.executable, "-m", "jlp_testkit.echo"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def serving(channel: grpc.Channel) -> bool:
    try:
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(),
                                                          timeout=1)
    except grpc.RpcError:
        return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING


class HealthPoller(threading.Thread):
    """Polls the overall health entry on the plaintext health port (JLP_GRPC_HEALTH_PORT, what
    kubelet probes), which answers until the main server has drained, and stamps each change.
    (A Watch stream on the main port would itself be a call in flight that holds the shutdown
    for the whole grace period.)"""

    def __init__(self, channel: grpc.Channel) -> None:
        super().__init__(daemon=True)
        self.stub = health_pb2_grpc.HealthStub(channel)
        self.changes: list[tuple[float, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        last = None
        while not self.done.is_set():
            try:
                status = self.stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status
            except grpc.RpcError:
                status = -1  # the health port is gone: the process is exiting
            if status != last:
                self.changes.append((time.monotonic(), status))
                last = status
            time.sleep(0.02)

    def first(self, status: int) -> float | None:
        return next((t for t, s in self.changes if s == status), None)


def test_sigterm_with_200_calls_in_flight(tmp_path):
    port, health_port = free_port(), free_port()
    proc = start_echo(port, health_port)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    health_channel = grpc.insecure_channel(f"127.0.0.1:{health_port}")
    watch = HealthPoller(health_channel)
    try:
        wait_for(lambda: serving(channel), timeout_s=30, interval_s=0.1, message="echo serving")
        watch.start()
        wait_for(lambda: watch.first(health_pb2.HealthCheckResponse.SERVING), timeout_s=5,
                 message="health probe answering")
        stub = echo_pb2_grpc.EchoServiceStub(channel)
        calls = [stub.SleepNote.future(echo_pb2.SleepNoteRequest(name="notes/x", millis=SLEEP_MS),
                                       timeout=GRACE_S + 10) for _ in range(CALLS)]
        time.sleep(0.5)  # every call has reached the server (the first ones already sleep)
        terminated = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        wait_for(lambda: watch.first(health_pb2.HealthCheckResponse.NOT_SERVING), timeout_s=5,
                 message="health NOT_SERVING after SIGTERM")
        late = stub.SleepNote.future(echo_pb2.SleepNoteRequest(name="notes/x", millis=1), timeout=5)

        outcomes: dict[str, int] = {}
        finished: list[float] = []
        for call in calls:
            try:
                call.result()
                code = "OK"
                finished.append(time.monotonic())
            except grpc.RpcError as err:
                code = err.code().name
            outcomes[code] = outcomes.get(code, 0) + 1
        try:
            late.result()
            late_code = "OK"
        except grpc.RpcError as err:
            late_code = err.code().name
        exit_code = proc.wait(GRACE_S + 10)
        stopped = time.monotonic()
    finally:
        watch.done.set()
        channel.close()
        health_channel.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    not_serving = watch.first(health_pb2.HealthCheckResponse.NOT_SERVING)
    figures = {"sent": CALLS, "completed": outcomes.get("OK", 0),
               "aborted": CALLS - outcomes.get("OK", 0), "outcomes": outcomes,
               "not_serving_after_s": round(not_serving - terminated, 3),
               "last_call_done_after_s": round(max(finished) - terminated, 3) if finished else None,
               "exited_after_s": round(stopped - terminated, 3), "exit_code": exit_code,
               "call_after_sigterm": late_code}
    report("SIGTERM to a service with 200 calls in flight", figures)
    assert outcomes == {"OK": CALLS}
    assert not_serving - terminated < 1.0 and (not finished or not_serving <= max(finished))
    assert late_code == "UNAVAILABLE"
    assert exit_code == 0 and stopped - terminated < GRACE_S
