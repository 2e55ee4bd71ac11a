"""A service restarted under gateway load: clients get 503 with Retry-After, never 500, and the
gateway recovers by itself (issue 15, Fault suite). Gateway and environment service run as their
own processes; 8 client threads read the public station list through the gateway while the
service is stopped (SIGTERM), down for a moment, and started again on its port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import grpc
import pytest
import requests
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jlp_devtools.suite_process import stop_process
from jlp_testkit.faults import report
from jlp_testkit.nats import free_port, wait_for

pytestmark = pytest.mark.timeout(120)

ROUTE = "/api/v1/environment/stations"
CLIENTS, DOWN_S = 8, 2.0


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JLP_", "OTEL_"))}
    env.update({"JLP_METRICS_PORT": "0", "JLP_LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1",
                "JLP_SHUTDOWN_GRACE_SECONDS": "5", **extra})
    return env


def start(module: str, env: dict[str, str], log: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", module], env=env, stdout=log,
                            stderr=subprocess.STDOUT)


class Load(threading.Thread):
    """One client reading the route in a loop; records (time, status, Retry-After) per answer."""

    def __init__(self, url: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.answers: list[tuple[float, int, str | None]] = []

    def run(self) -> None:
        session = requests.Session()
        while not self.stop.is_set():
            try:
                r = session.get(self.url + ROUTE, timeout=15)
                self.answers.append((time.monotonic(), r.status_code, r.headers.get("Retry-After")))
            except requests.RequestException:
                self.answers.append((time.monotonic(), -1, None))  # the gateway itself failed
            time.sleep(0.01)


def test_service_restarted_under_gateway_load(nats, tmp_path):
    service_port, http_port = free_port(), free_port()
    addr = f"127.0.0.1:{service_port}"
    service_env = _env(JLP_GRPC_PORT=str(service_port), JLP_NATS_URL=nats.url,
                       JLP_ENVIRONMENT_SWEEP_SECONDS="0")
    gateway_env = _env(JLP_HTTP_PORT=str(http_port), JLP_ENVIRONMENT_ADDR=addr,
                       JLP_GATEWAY_RATE="0", JLP_GATEWAY_TIMEOUT_SECONDS="5")
    url = f"http://127.0.0.1:{http_port}"
    log = open(tmp_path / "processes.log", "wb")  # noqa: SIM115 - closed in finally
    service = start("jlp_environment", service_env, log)
    gateway = start("jlp_gateway", gateway_env, log)
    stop = threading.Event()
    clients = [Load(url, stop) for _ in range(CLIENTS)]
    try:
        wait_for(lambda: _status(url) == 200, timeout_s=60, interval_s=0.2,
                 message="gateway answering through the service")
        for c in clients:
            c.start()
        time.sleep(1.0)
        stopped = time.monotonic()
        service.send_signal(signal.SIGTERM)
        assert service.wait(15) == 0
        time.sleep(DOWN_S)  # down: every answer now comes from the gateway alone
        restarted = time.monotonic()
        service = start("jlp_environment", service_env, log)
        wait_for(lambda: _serving(addr), timeout_s=60, interval_s=0.05, message="service serving")
        serving = time.monotonic()
        wait_for(lambda: any(t > restarted and s == 200 for c in clients for t, s, _ in c.answers[-5:]),
                 timeout_s=60, interval_s=0.1, message="the gateway serving again")
        time.sleep(1.0)
    finally:
        stop.set()
        for c in clients:
            c.join(20)
        for proc in (gateway, service):
            stop_process(proc, 15)
        log.close()

    answers = sorted(a for c in clients for a in c.answers)
    statuses = Counter(s for _, s, _ in answers)
    during = [a for a in answers if a[0] >= stopped]
    first_ok_after = next(t for t, s, _ in during if s == 200 and t > restarted)
    last_error = max((t for t, s, _ in during if s != 200), default=stopped)
    unavailable = [a for a in answers if a[1] == 503]
    figures = {"sent": len(answers), "ok": statuses.get(200, 0), "503": statuses.get(503, 0),
               "503_without_retry_after": sum(1 for _, _, ra in unavailable if not ra),
               "500": statuses.get(500, 0), "other": {s: n for s, n in statuses.items()
                                                      if s not in (200, 503, 500)},
               "down_s": round(restarted - stopped, 2),
               "service_start_s": round(serving - restarted, 2),
               "recovery_s": round(first_ok_after - serving, 2),  # gateway, once it is back
               "errors_until_s_after_stop": round(last_error - stopped, 2)}
    report("service restarted under gateway load", figures)
    assert figures["503"] > 0, "the outage was not seen by any client"
    assert set(statuses) <= {200, 503}, f"answers other than 200/503: {dict(statuses)}"
    assert figures["503_without_retry_after"] == 0
    assert all(s == 200 for t, s, _ in answers if t > first_ok_after + 1.0), \
        "the gateway did not recover by itself"
    assert figures["recovery_s"] < 4.0  # reconnect backoff capped at 2 s (grpc_client)


def _serving(addr: str) -> bool:
    with grpc.insecure_channel(addr) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(),
                                                              timeout=0.5)
        except grpc.RpcError:
            return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING


def _status(url: str) -> int:
    try:
        return requests.get(url + ROUTE, timeout=5).status_code
    except requests.RequestException:
        return -1
