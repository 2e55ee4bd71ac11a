"""A local HTTP server speaking the subset of the Kubernetes API that jlpctl uses.

It holds a small release (gateway, identity, grid-event Deployments, a NATS StatefulSet, their
pods, two HPAs and an Ingress), answers GET lists with label selectors, PATCH with the patch
types a real API server accepts (a JSON object sent as json-patch is rejected, as the real one
does), pod logs as text, and 403/404 Status objects. Each test gets a fresh server and a
kubeconfig file pointing at it.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

NS = "jlp"
CREATED = "2026-11-20T08:00:00Z"
MERGE_TYPES = ("application/merge-patch+json", "application/strategic-merge-patch+json")


def labels(component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": "jlp", "app.kubernetes.io/instance": "jlp",
            "app.kubernetes.io/component": component, "app.kubernetes.io/part-of": "jlp"}


def workload(kind: str, component: str, replicas: int, ready: int, image: str) -> dict:
    api = "apps/v1"
    return {
        "apiVersion": api, "kind": kind,
        "metadata": {"name": f"jlp-{component}", "namespace": NS, "labels": labels(component),
                     "creationTimestamp": CREATED},
        "spec": {"replicas": replicas, "selector": {"matchLabels": labels(component)},
                 "template": {"metadata": {"labels": labels(component)},
                              "spec": {"containers": [{"name": component, "image": image}]}},
                 **({"serviceName": f"jlp-{component}-headless"} if kind == "StatefulSet" else {})},
        "status": {"replicas": replicas, "readyReplicas": ready, "updatedReplicas": replicas},
    }


def pod(component: str, index: int, restarts: int) -> dict:
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": f"jlp-{component}-{index}", "namespace": NS,
                     "labels": labels(component), "creationTimestamp": CREATED},
        "spec": {"containers": [{"name": component, "image": f"jlp-{component}:0.1.0"}]},
        "status": {"phase": "Running", "containerStatuses": [{
            "name": component, "ready": True, "restartCount": restarts,
            "image": f"jlp-{component}:0.1.0", "imageID": "sha256:0"}]},
    }


def hpa(component: str, minimum: int, maximum: int) -> dict:
    return {
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": f"jlp-{component}", "namespace": NS, "labels": labels(component)},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                    "name": f"jlp-{component}"},
                 "minReplicas": minimum, "maxReplicas": maximum},
    }


def merge(target: dict, patch: dict) -> dict:
    """RFC 7386 merge patch (enough of strategic merge for maps)."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


@dataclass
class FakeKube:
    """State and recorded requests of the fake API server."""

    url: str = ""
    namespaces: set[str] = field(default_factory=lambda: {NS})
    objects: dict[str, dict[str, dict]] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    forbidden: set[tuple[str, str]] = field(default_factory=set)  # (method, resource)
    requests: list[dict] = field(default_factory=list)

    def seed(self) -> None:
        self.objects = {
            "deployments": {d["metadata"]["name"]: d for d in (
                workload("Deployment", "gateway", 2, 2, "jlp-gateway:0.1.0"),
                workload("Deployment", "identity", 2, 1, "jlp-identity:0.1.0"),
                workload("Deployment", "grid-event", 1, 1, "jlp-grid-event:0.1.0"))},
            "statefulsets": {s["metadata"]["name"]: s for s in (
                workload("StatefulSet", "nats", 3, 3, "nats:2.15.1-alpine"),)},
            "pods": {p["metadata"]["name"]: p for p in (
                pod("gateway", 0, 0), pod("gateway", 1, 0), pod("identity", 0, 2),
                pod("identity", 1, 1), pod("grid-event", 0, 0), pod("nats", 0, 0))},
            "horizontalpodautoscalers": {h["metadata"]["name"]: h for h in (
                hpa("gateway", 2, 6), hpa("identity", 2, 6))},
            "ingresses": {"jlp-gateway": {
                "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": "jlp-gateway", "namespace": NS, "labels": labels("gateway")},
                "spec": {"rules": [{"http": {"paths": [{
                    "path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": "jlp-gateway", "port": {"number": 8080}}}}]}}]}}},
        }
        self.logs = {"jlp-identity-0": "started\nserving on 50051\n",
                     "jlp-identity-1": "started\n"}

    def patches(self, resource: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "PATCH" and r["resource"] == resource]


ROUTE = re.compile(
    r"^/(?:api/v1|apis/(?P<group>[a-z.0-9]+/v[0-9a-z]+))/namespaces/(?P<ns>[^/]+)"
    r"(?:/(?P<resource>[a-z]+)(?:/(?P<name>[^/]+)(?:/(?P<sub>[a-z]+))?)?)?$")


def status(code: int, reason: str, message: str) -> dict:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message,
            "reason": reason, "code": code}


def make_handler(kube: FakeKube) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def reply(self, code: int, body: Any, content_type: str = "application/json") -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self, method: str) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            m = ROUTE.match(url.path)
            resource = (m.group("resource") or "namespaces") if m else ""
            record = {"method": method, "path": url.path, "query": query, "resource": resource,
                      "content_type": self.headers.get("Content-Type", ""),
                      "body": json.loads(raw) if raw else None,
                      "authorization": self.headers.get("Authorization", "")}
            kube.requests.append(record)
            if not m:
                return self.reply(404, status(404, "NotFound", f"no route {url.path}"))
            ns, name, sub = m.group("ns"), m.group("name"), m.group("sub")
            if (method, resource) in kube.forbidden:
                return self.reply(403, status(403, "Forbidden", f"cannot {method} {resource}"))
            if ns not in kube.namespaces:
                return self.reply(404, status(404, "NotFound", f'namespaces "{ns}" not found'))
            if m.group("resource") is None:
                return self.reply(200, {"apiVersion": "v1", "kind": "Namespace",
                                        "metadata": {"name": ns}})
            store = kube.objects.get(resource, {})
            if name is None and method == "GET":
                wanted = dict(p.split("=", 1) for p in query.get("labelSelector", "").split(",") if p)
                items = [o for o in store.values()
                         if all(o["metadata"].get("labels", {}).get(k) == v for k, v in wanted.items())]
                return self.reply(200, {"apiVersion": "v1", "kind": "List",
                                        "metadata": {"resourceVersion": "1"}, "items": items})
            if name not in store:
                return self.reply(404, status(404, "NotFound", f'{resource} "{name}" not found'))
            obj = store[name]
            if method == "GET" and sub == "log":
                text = kube.logs.get(name, "")
                tail = query.get("tailLines")
                if tail is not None:
                    text = "".join(text.splitlines(keepends=True)[-int(tail):])
                return self.reply(200, text, "text/plain")
            if method == "PATCH":
                if record["content_type"] not in MERGE_TYPES or not isinstance(record["body"], dict):
                    return self.reply(400, status(400, "BadRequest",
                                                  "the body of the request was in an unknown format"))
                if sub == "scale":
                    obj["spec"]["replicas"] = record["body"]["spec"]["replicas"]
                    n = obj["spec"]["replicas"]
                    return self.reply(200, {"apiVersion": "autoscaling/v1", "kind": "Scale",
                                            "metadata": {"name": name, "namespace": ns},
                                            "spec": {"replicas": n}, "status": {"replicas": n}})
                merge(obj, record["body"])
                return self.reply(200, obj)
            return self.reply(405, status(405, "MethodNotAllowed", method))

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self.handle_any("GET")

        def do_PATCH(self) -> None:  # noqa: N802
            self.handle_any("PATCH")

    return Handler


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def kube() -> Iterator[FakeKube]:
    state = FakeKube()
    state.seed()
    for url in serve(make_handler(state)):
        state.url = url
        yield state


def write_kubeconfig(path: Path, server: str) -> Path:
    path.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "test",
        "clusters": [{"name": "test", "cluster": {"server": server}}],
        "users": [{"name": "test", "user": {"token": "test-token"}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test"}}],
    }))
    return path


@pytest.fixture
def kubeconfig(kube: FakeKube, tmp_path: Path) -> Path:
    return write_kubeconfig(tmp_path / "kubeconfig", kube.url)


@pytest.fixture
def closed_kubeconfig(tmp_path: Path) -> Path:
    """A kubeconfig whose server is a port nothing listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return write_kubeconfig(tmp_path / "closed", f"http://127.0.0.1:{port}")


@dataclass
class FakeGateway:
    url: str = ""
    code: int = 200
    body: dict = field(default_factory=lambda: {"status": "ok", "services": {
        "identity": "SERVING", "grid-event": "SERVING", "environment": "SERVING"}})


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    state = FakeGateway()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            code, body = (state.code, state.body) if self.path == "/readyz" else (404, {})
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    for url in serve(Handler):
        state.url = url
        yield state
