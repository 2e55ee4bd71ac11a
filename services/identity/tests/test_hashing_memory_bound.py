"""Unauthenticated sign-ins cannot take identity over its memory limit (docs/adr/0034).

Each argon2id hash holds 64 MiB while it runs. The figure that matters is the process's peak
resident memory under a burst, so the main test starts identity as its own process, exactly as
the image does (`python -m jlp_identity`, production argon2 parameters), with the number of
hashing slots a pod limited to 512 MiB gets by default, sends 50 sign-ins at once and reads the
kernel's high-water mark of its resident set (VmHWM). Measuring the process rather than counting
hashes also catches memory that is not argon2's (gRPC buffers, threads, the store).
"""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
import time
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from argon2 import profiles
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_common.errors import ResourceExhausted
from jlp_identity.security import hashing, memory_budget
from jlp_identity.security.hashing import Passwords
from jlp_testkit.nats import free_port

from .conftest import CITIZEN_ID, CITIZEN_PASSWORD, CITIZEN_PHONE

POD_LIMIT = 512 * memory_budget.MIB  # the chart's identity limit (charts/jlp/values.yaml)
PARALLEL = 50


def peak_rss(pid: int) -> int:
    """The process's resident-set high-water mark in bytes (/proc/<pid>/status VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def wait_serving(target: str, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    end = time.monotonic() + timeout_s
    with grpc.insecure_channel(target) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < end:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "exited"
            try:
                if health.Check(health_pb2.HealthCheckRequest(), timeout=1).status == \
                        health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.2)
    raise AssertionError("identity did not start")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_fifty_parallel_sign_ins_stay_under_the_pod_memory_limit(tmp_path: Path, fresh_nats) -> None:  # noqa: ANN001
    slots = memory_budget.hash_slots(POD_LIMIT, hashing.memory_of(hashing.PRODUCTION))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JLP_")}
    env.update({
        "JLP_GRPC_HOST": "127.0.0.1", "JLP_GRPC_PORT": str(port), "JLP_METRICS_PORT": "0",
        "JLP_LOG_LEVEL": "ERROR", "JLP_NATS_URL": fresh_nats.url,  # its own: events stay apart
        "JLP_PII_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JLP_IDENTITY_KEK": base64.b64encode(os.urandom(32)).decode(),
        "JLP_IDENTITY_HASH_CONCURRENCY": str(slots),  # what a 512 MiB pod derives by default
    })
    log = (tmp_path / "identity.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "jlp_identity"], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    target = f"127.0.0.1:{port}"
    try:
        wait_serving(target, proc)
        channel = grpc.insecure_channel(target)
        stub = identity_pb2_grpc.IdentityServiceStub(channel)
        stub.Register(identity_pb2.RegisterRequest(
            kind="CITIZEN", name="张三", id_number=CITIZEN_ID, phone=CITIZEN_PHONE,
            password=CITIZEN_PASSWORD), timeout=60)
        before = peak_rss(proc.pid)
        start = threading.Barrier(PARALLEL)

        def sign_in(i: int) -> str:
            start.wait()
            try:  # half right, half an unknown name: both cost one argon2 verification
                stub.IssueToken(identity_pb2.IssueTokenRequest(
                    grant_type="password", username=CITIZEN_PHONE if i % 2 else f"nobody{i}",
                    password=CITIZEN_PASSWORD), timeout=120)
                return "ok"
            except grpc.RpcError as err:
                return err.code().name

        with futures.ThreadPoolExecutor(PARALLEL) as pool:
            outcomes = list(pool.map(sign_in, range(PARALLEL)))
        peak = peak_rss(proc.pid)
        channel.close()
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
    mib = memory_budget.MIB
    print(f"\n{PARALLEL} parallel sign-ins, {slots} hashing slots: peak RSS "
          f"{peak / mib:.0f} MiB (idle {before / mib:.0f} MiB), limit {POD_LIMIT / mib:.0f} MiB; "
          f"outcomes {sorted(set(outcomes))}")
    assert peak < POD_LIMIT
    # Every request was answered: signed in, refused as unknown, or told to retry (busy).
    assert set(outcomes) <= {"ok", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED"}, outcomes
    assert outcomes.count("ok") > 0


# --- the bound itself, without a process -------------------------------------------------
def test_slots_are_what_the_memory_limit_leaves() -> None:
    per_hash = hashing.memory_of(hashing.PRODUCTION)
    assert per_hash == 64 * memory_budget.MIB
    assert memory_budget.hash_slots(512 * memory_budget.MIB, per_hash) == 5  # (512-192)/64
    assert memory_budget.hash_slots(200 * memory_budget.MIB, per_hash) == 1  # never zero
    assert memory_budget.hash_slots(64 * 1024 * memory_budget.MIB, per_hash) == \
        memory_budget.MAX_SLOTS


def test_the_limit_is_read_from_the_cgroup(tmp_path: Path) -> None:
    v2, v1 = tmp_path / "memory.max", tmp_path / "limit_in_bytes"
    per_hash = hashing.memory_of(hashing.PRODUCTION)
    assert memory_budget.memory_limit([v2, v1]) is None  # neither file
    assert memory_budget.default_slots(per_hash, [v2, v1]) == memory_budget.FALLBACK_SLOTS
    v1.write_text(f"{1024 * memory_budget.MIB}\n")
    assert memory_budget.memory_limit([v2, v1]) == 1024 * memory_budget.MIB
    assert memory_budget.default_slots(per_hash, [v2, v1]) == memory_budget.MAX_SLOTS  # 13 → 8
    v2.write_text("max\n")  # cgroup v2 without a limit
    assert memory_budget.memory_limit([v2, v1]) is None
    v2.write_text(f"{512 * memory_budget.MIB}\n")
    assert memory_budget.default_slots(per_hash, [v2, v1]) == 5


def test_no_more_hashes_than_slots_run_at_once_and_the_rest_are_told_to_retry() -> None:
    passwords = Passwords(profiles.CHEAPEST, concurrency=3, max_wait_s=0.05)
    running, peak, lock, release = 0, 0, threading.Lock(), threading.Event()

    class SlowHasher:
        """argon2's hasher, holding each hash until released (to see how many run at once)."""

        def __init__(self, real) -> None:  # noqa: ANN001
            self.real = real

        def hash(self, password: str) -> str:
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            release.wait(5)
            with lock:
                running -= 1
            return self.real.hash(password)

    passwords._hasher = SlowHasher(passwords._hasher)  # type: ignore[assignment]

    def attempt(_: int) -> str:
        try:
            passwords.hash("Chongqing-2026")
            return "hashed"
        except ResourceExhausted as exc:
            assert exc.retry_after_s and exc.reason == "HASHING_BUSY"
            return "busy"

    with futures.ThreadPoolExecutor(PARALLEL) as pool:
        pending = [pool.submit(attempt, i) for i in range(PARALLEL)]
        time.sleep(0.3)  # the waiting ones give up after 0.05 s
        release.set()
        outcomes = [p.result() for p in pending]
    assert peak == 3
    assert outcomes.count("hashed") >= 3 and outcomes.count("busy") > 0
