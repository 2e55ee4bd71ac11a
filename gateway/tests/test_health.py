"""/healthz and /readyz; a stopped backend is a 503 for readiness and for calls."""

from __future__ import annotations

import time

from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlptest.echo.v1 import echo_pb2


def _ready(client, want: int, within_s: float = 20.0):
    """Poll /readyz until it answers `want`: reconnecting a gRPC channel takes real time."""
    deadline = time.monotonic() + within_s
    while True:
        resp = client.get("/readyz")
        if resp.status_code == want or time.monotonic() > deadline:
            return resp
        time.sleep(0.2)


def test_stopped_backend_makes_readyz_503_and_recovers(signer, echo_starter) -> None:
    echo, port = echo_starter(signer)
    settings = Settings.from_env("gateway", {"JLP_METRICS_PORT": "0", "JLP_GATEWAY_RATE": "0"})
    client = create_app(settings, services=[(echo_pb2, f"127.0.0.1:{port}")],
                        configured=False, verifier=signer.verifier()).test_client()
    try:
        assert client.get("/healthz").get_json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.get_json() == {"status": "ok", "services": {"echo": "SERVING"}}

        echo.stop(0)
        down = _ready(client, 503)
        assert down.status_code == 503 and down.mimetype == "application/problem+json"
        body = down.get_json()
        assert body["down"] == ["echo"] and "echo" in body["detail"]
        assert body["services"]["echo"] != "SERVING"
        call = client.get("/api/v1/echo/notes")  # requests get a 503 problem too, not a 500
        assert call.status_code == 503 and call.get_json()["code"] == "UNAVAILABLE"
        assert client.get("/healthz").status_code == 200  # liveness does not follow backends

        echo, _ = echo_starter(signer, port)
        back = _ready(client, 200)
        assert back.status_code == 200
        assert back.get_json()["services"] == {"echo": "SERVING"}
    finally:
        echo.stop(0)
