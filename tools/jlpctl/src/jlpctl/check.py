"""`jlpctl check`: is the suite ready, as a client sees it through the gateway?

The gateway's /readyz asks every backend's grpc.health.v1 and answers 200 with
{"status": "ok", "services": {...}} or 503 problem+json listing those down.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from jlpctl.errors import JlpctlError


@dataclass(frozen=True)
class Readiness:
    ready: bool
    status: int
    services: dict[str, str]
    detail: str


def readiness(gateway_url: str, timeout: float = 5.0) -> Readiness:
    url = gateway_url.rstrip("/") + "/readyz"
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise JlpctlError(f"cannot reach the gateway at {url}: {exc}") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    services = body.get("services") if isinstance(body, dict) else None
    return Readiness(
        ready=response.status_code == 200,
        status=response.status_code,
        services=dict(services or {}),
        detail=str(body.get("detail", "")) if isinstance(body, dict) else response.text[:200],
    )
