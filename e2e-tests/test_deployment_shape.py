"""The suite run the way its images and its chart run it, then driven like a front-end app.

Each component gets its own environment built with exactly the Dockerfile's command
(`uv sync --frozen --no-dev --no-editable --package jlp-<component>`), so it holds only what
its image holds; its environment variables are those of its Deployment in `helm template` of
the chart (ConfigMap, env, Secret), with cluster addresses mapped to local ports, the MongoDB
URI dropped (embedded store) and NATS started with the chart's credentials. Then: a token, the
JWKS, a read and a write on every component, and an event crossing services.

This is what caught the gateway routing nothing in Kubernetes: a gateway image without the
services' packages, configured only by the chart.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyotp
import pytest
import requests
import yaml

from jlp_common import registry
from jlp_testkit.e2e import Suite, admin_token, bearer, client_token, create_client, create_staff
from jlp_testkit.nats import wait_for

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools/bootstrap/bin/uv"
ADDRESS = re.compile(r"\bjlp-([a-z][a-z0-9-]*):(\d+)\b")
TOTP = pyotp.random_base32()
PASSWORD = "Dx-" + uuid.uuid4().hex[:12] + "-9q"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def deployables() -> list[str]:
    return ["gateway", *(c.name for c in registry.components())]


def build_image_env(name: str, where: Path) -> Path:
    """The component's environment, built as the Dockerfile builds the image's."""
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(where), "UV_PYTHON_DOWNLOADS": "never",
           "UV_LINK_MODE": "copy"}
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run([str(UV), "sync", "--frozen", "--no-dev", "--no-editable", "--package",
                           f"jlp-{name}", "--python", sys._base_executable, "--quiet"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"uv sync for jlp-{name} failed:\n{proc.stderr[-3000:]}"
    return where / "bin" / f"jlp-{name}"


def helm() -> str:
    out = subprocess.run([sys.executable, str(ROOT / "scripts/fetch-chart-tools.py")],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["helm"]


def rendered_environments() -> tuple[dict[str, dict[str, str]], str]:
    """Each Deployment's environment as Kubernetes would give it, and the NATS URL."""
    demo = [f"services.{c.name}.env.JLP_DEMO=1" for c in registry.components()]
    sets = [f"secrets.bootstrapAdminPassword={PASSWORD}", f"secrets.bootstrapAdminTotpSecret={TOTP}",
            f"secrets.piiKey={base64.b64encode(os.urandom(32)).decode()}",
            f"secrets.identityKek={base64.b64encode(os.urandom(32)).decode()}",
            f"secrets.pageTokenKey={base64.b64encode(os.urandom(32)).decode()}", *demo]
    # the chart's single-node values (what `skaffold dev` deploys): one NATS server here
    text = subprocess.run([helm(), "template", "jlp", str(ROOT / "charts/jlp"),
                           "-f", str(ROOT / "charts/values/dev.yaml"),
                           *[arg for s in sets for arg in ("--set", s)]],
                          capture_output=True, text=True, timeout=120, check=True).stdout
    docs = [d for d in yaml.safe_load_all(text) if d]
    configmaps = {d["metadata"]["name"]: d.get("data", {}) for d in docs if d["kind"] == "ConfigMap"}
    secrets = {d["metadata"]["name"]: {k: base64.b64decode(v).decode() for k, v in
                                       (d.get("data") or {}).items()}
               for d in docs if d["kind"] == "Secret"}
    out = {}
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        (container,) = d["spec"]["template"]["spec"]["containers"]
        env: dict[str, str] = {}
        for source in container.get("envFrom", []):
            env.update(configmaps[source["configMapRef"]["name"]])
        for var in container.get("env", []):
            if "value" in var:
                env[var["name"]] = str(var["value"])
            elif "secretKeyRef" in var.get("valueFrom", {}):
                ref = var["valueFrom"]["secretKeyRef"]
                value = secrets[ref["name"]].get(ref["key"])
                assert value is not None or ref.get("optional"), (container["name"], ref)
                if value is not None:
                    env[var["name"]] = value
        out[container["name"]] = env
    nats_url = next(s["JLP_NATS_URL"] for s in secrets.values() if "JLP_NATS_URL" in s)
    return out, nats_url


def localise(env: dict[str, str], ports: dict[str, int], nats_port: int) -> dict[str, str]:
    """Cluster addresses → this machine; the embedded store instead of the MongoDB URI."""
    local = {}
    for key, value in env.items():
        if key == "JLP_MONGO_URI":
            continue  # no MongoDB here: the embedded store (DESIGN §4)
        if key == "JLP_NATS_URL":
            parts = urlsplit(value)
            value = urlunsplit(parts._replace(netloc=f"{parts.username}:{parts.password}@"
                                                     f"127.0.0.1:{nats_port}"))
        elif key == "JLP_METRICS_PORT":
            value = "0"
        elif key == "JLP_GATEWAY_WEB_ROOT" and value == "/app/web":
            value = str(ROOT / "web/dist")  # where the Dockerfile's web stage output comes from
        else:
            value = ADDRESS.sub(lambda m: f"127.0.0.1:{ports[m.group(1)]}"
                                if m.group(1) in ports else m.group(0), value)
        local[key] = value
    return local


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    work = tmp_path_factory.mktemp("deployment-shape")
    names = deployables()
    with ThreadPoolExecutor(max_workers=2) as pool:
        binaries = dict(zip(names, pool.map(lambda n: build_image_env(n, work / f"venv-{n}"),
                                            names), strict=True))
    envs, nats_url = rendered_environments()
    assert set(envs) == set(names), f"chart Deployments {sorted(envs)} vs components {names}"
    ports = {n: free_port() for n in names}
    nats_port = free_port()
    creds = urlsplit(nats_url)
    (work / "nats").mkdir()
    procs: list[subprocess.Popen] = []
    logs = work / "logs"
    logs.mkdir()
    base = {"PATH": "/usr/bin:/bin", "HOME": str(work), "LANG": "C.UTF-8"}

    def spawn(name: str, argv: list[str], env: dict[str, str]) -> None:
        with open(logs / f"{name}.log", "wb") as log:
            procs.append(subprocess.Popen(argv, env={**base, **env}, cwd=work, stdout=log,
                                          stderr=subprocess.STDOUT))

    spawn("nats", [str(Path(sys.executable).with_name("nats-server")), "-js", "-a", "127.0.0.1",
                   "-p", str(nats_port), "-sd", str(work / "nats"), "--user", creds.username,
                   "--pass", creds.password], {})
    for name in names:
        env = localise(envs[name], ports, nats_port)
        env["JLP_GRPC_PORT" if name != "gateway" else "JLP_HTTP_PORT"] = str(ports[name])
        spawn(name, [str(binaries[name])], env)
    url = f"http://127.0.0.1:{ports['gateway']}"
    suite = Suite(url, f"nats://127.0.0.1:{nats_port}", {n: f"127.0.0.1:{p}" for n, p in ports.items()},
                  {"JLP_BOOTSTRAP_ADMIN_USER": envs["identity"]["JLP_BOOTSTRAP_ADMIN_USER"],
                   "JLP_BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
                   "JLP_BOOTSTRAP_ADMIN_TOTP_SECRET": TOTP}, logs / "gateway.log")
    try:
        deadline, last = time.monotonic() + 120, ""
        while time.monotonic() < deadline:
            dead = [p.args[0] for p in procs if p.poll() is not None]
            if dead:
                break
            try:
                r = requests.get(f"{url}/readyz", timeout=2)
                if r.status_code == 200:
                    break
                last = r.text
            except requests.RequestException as exc:
                last = str(exc)
            time.sleep(0.5)
        else:
            dead = []
        if dead or time.monotonic() >= deadline:
            tails = "\n".join(f"--- {f.name}\n" + "\n".join(f.read_text(errors="replace")
                                                            .splitlines()[-25:])
                              for f in sorted(logs.iterdir()))
            pytest.fail(f"deployment-shaped suite not ready (exited: {dead}; {last[:300]}):\n{tails}")
        yield suite
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work / "nats", ignore_errors=True)


def test_the_gateway_routes_every_configured_component_and_checks_each(deployed: Suite) -> None:
    ready = deployed.get("/readyz").json()
    assert ready["services"] == {c.name: "SERVING" for c in registry.components()}
    paths = deployed.get("/openapi.json").json()["paths"]
    for c in registry.components():
        assert any(p.startswith("/api/v1/") for p in paths), c.name
    jwks = deployed.get("/.well-known/jwks.json").json()
    assert jwks["keys"] and all(k["kid"] for k in jwks["keys"])


def test_a_read_and_a_write_on_every_service_and_an_event_across_services(deployed: Suite) -> None:
    admin = admin_token(deployed)  # identity: password + TOTP through the OAuth2 endpoint
    me = deployed.get("/api/v1/me", headers=bearer(admin))
    assert me.status_code == 200, me.text
    ops = bearer(create_staff(deployed, admin, ["ops_center"], "ops-center"))  # identity write
    device = bearer(client_token(deployed, *create_client(deployed, admin, ["device"])))

    # grid-event: a read (every service verified the token against identity's JWKS itself)
    r = deployed.get("/api/v1/grids:locate?lon=106.51&lat=29.51")
    assert r.status_code == 200, r.text
    assert deployed.get("/api/v1/cases", headers=ops).status_code == 200

    # environment: a write (station placed through grid-event), readings, an alert...
    r = deployed.post("/api/v1/environment/stations", headers=bearer(admin), json={
        "code": f"SHAPE-{uuid.uuid4().hex[:6]}", "name": "部署形态站", "kind": "AIR",
        "location": {"lon": 106.51, "lat": 29.51}})
    assert r.status_code == 201, r.text
    station = r.json()
    first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=6)
    readings = [{"stationId": station["id"], "metric": "pm25", "value": 300, "period": "HOUR",
                 "observedAt": (first + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                for i in range(3)]
    r = deployed.post("/api/v1/environment/readings:batch", headers=device,
                      json={"readings": readings})
    assert r.status_code == 200 and r.json()["acceptedCount"] == 3, r.text

    # ...that crosses NATS into grid-event as a case, whose event crosses back as the link
    def linked_case() -> str | None:
        alerts = deployed.get("/api/v1/environment/alerts?state=OPEN", headers=ops).json()
        mine = [a for a in alerts.get("alerts", []) if a["stationId"] == station["id"]]
        return mine[0].get("caseId") if mine else None

    case_id = wait_for(linked_case, timeout_s=60, interval_s=0.5,
                       message="alert → grid-event case → link back to environment")
    case = deployed.get(f"/api/v1/cases/{case_id}", headers=ops).json()
    assert case["source"] == "ENVIRONMENT"

    # tourism: the demo spots (JLP_DEMO from the chart values above), a write of gate counts by
    # a device client, the occupancy read back
    spots = deployed.get("/api/v1/tourism/spots").json()["spots"]
    zoo = next(s for s in spots if s["code"] == "CQZOO")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    before = deployed.get(f"/api/v1/tourism/spots/{zoo['id']}/occupancy").json()["daily"].get("count", 0)
    r = deployed.post("/api/v1/tourism/gateCounts:batch", headers=device, json={"counts": [
        {"eventId": f"shape-{uuid.uuid4().hex}", "spotId": zoo["id"], "gateId": "main", "countTime": now,
         "entries": 7, "exits": 0}]})
    assert r.status_code == 200 and r.json()["acceptedCount"] == 1, r.text
    after = deployed.get(f"/api/v1/tourism/spots/{zoo['id']}/occupancy").json()["daily"]["count"]
    assert after == before + 7
