"""`/healthz` (the process answers) and `/readyz` (every backend answers SERVING).

Readiness asks each backend's grpc.health.v1 `Check` (overall service "") in parallel with a
short deadline, on the same shared channel the requests use, so "ready" means "requests can
get through now". Kubernetes stops routing to a gateway whose backends are down instead of
letting clients collect 503s; liveness stays independent of backends so a backend outage
never restarts the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import grpc
from flask import Blueprint, Response, jsonify
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jlp_gateway.backends import Backend
from jlp_gateway.errors import problem


class ReadinessChecker:
    """Checks every configured backend concurrently."""

    def __init__(self, backends: Sequence[Backend], timeout_s: float) -> None:
        self.backends = list(backends)
        self.timeout_s = timeout_s
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(16, len(self.backends))),
                                        thread_name_prefix="readyz")

    def check_one(self, backend: Backend) -> str:
        """SERVING, NOT_SERVING, ... or the gRPC code name of the failed check."""
        stub = health_pb2_grpc.HealthStub(backend.channel())
        try:
            reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=self.timeout_s)
        except grpc.RpcError as err:
            return err.code().name if hasattr(err, "code") else "UNAVAILABLE"
        return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)

    def check(self) -> dict[str, str]:
        futures = {b.name: self._pool.submit(self.check_one, b) for b in self.backends}
        return {name: f.result() for name, f in futures.items()}


def blueprint(checker: ReadinessChecker) -> Blueprint:
    bp = Blueprint("health", __name__)

    @bp.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    @bp.get("/readyz")
    def readyz() -> Response:
        services = checker.check()
        down = sorted(name for name, state in services.items() if state != "SERVING")
        if not down:
            return jsonify(status="ok", services=services)
        return problem(503, "Service Unavailable", f"not ready: {', '.join(down)}",
                       services=services, down=down)

    return bp
