"""API9:2023 Improper Inventory Management: nothing answers that `/openapi.json` does not
describe. Every URL rule of the gateway app (built in process exactly as it starts, with every
component routed) is a documented path or one of the few meta routes; every gRPC method
without an HTTP binding is unreachable; documented paths refuse undocumented methods; and
the paths old or shadow APIs live at are absent."""

from __future__ import annotations

import re

import pytest

from jlp_common import registry
from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_gateway.backends import pb2_modules_of
from jlp_gateway.routing import http_rule

pytestmark = pytest.mark.e2e
# Served beside the API and not API operations: the description itself, its page, the
# catch-all transcoder (whose routes *are* the documented ones) and the ops-centre web app.
META = {"/openapi.json", "/docs", "/<path:path>", "/", "/assets/<path:filename>", "/static/<path:filename>",
        "/<path:filename>"}
SHADOWS = ["/api/v2/cases", "/api/v0/cases", "/api/v1/admin", "/api/internal/users", "/admin", "/debug",
           "/metrics", "/actuator/health", "/swagger.json", "/api/v1/swagger.json", "/.env", "/server-status",
           "/graphql", "/api/v1/users", "/grpc", "/jlp.identity.v1.IdentityService/ListStaff"]


def shape(path: str) -> str:
    return re.sub(r"<[^>]+>|{[^}]+}", "{}", path)


def test_every_gateway_rule_is_documented(inventory, figures):
    names = ",".join(c.name for c in registry.installed())
    app = create_app(Settings.from_env("gateway", {"JLP_GATEWAY_BACKENDS": names, "JLP_METRICS_PORT": "0",
                                                   "JLP_LOG_LEVEL": "WARNING"}))
    documented = {shape(p) for p in inventory.spec["paths"]}
    rules = [r.rule for r in app.url_map.iter_rules()]
    undocumented = [r for r in rules if r not in META and shape(r) not in documented]
    figures("API9 inventory", f"{len(rules)} gateway URL rules, {len(documented)} documented paths, "
            f"{len(undocumented)} undocumented")
    assert not undocumented, undocumented


def test_methods_without_http_binding_are_unreachable(api, figures):
    hidden = []
    for comp in registry.installed():
        for module in pb2_modules_of(comp.proto_package):
            for service in module.DESCRIPTOR.services_by_name.values():
                hidden += [f"/{service.full_name}/{m.name}" for m in service.methods if http_rule(m) is None]
    answered = [(p, api.call("POST", p, data=b"", headers={"Content-Type": "application/grpc"}).status_code)
                for p in hidden]
    figures("API9 inventory", f"{len(hidden)} gRPC methods without an HTTP binding (streams, internal): "
            f"{sum(s == 404 for _, s in answered)} answer 404 at the gateway")
    assert all(s == 404 for _, s in answered), answered


def test_documented_paths_refuse_other_methods_and_shadow_paths_are_absent(api, inventory, figures):
    wrong, probed = [], 0
    for path, item in inventory.spec["paths"].items():
        verbs = {v.upper() for v in item if v in ("get", "post", "put", "patch", "delete")}
        url = re.sub(r"{[^}]+}", "x1", path)
        for verb in {"GET", "POST", "PUT", "PATCH", "DELETE"} - verbs:
            probed += 1
            r = api.call(verb, url)
            if r.status_code not in (404, 405):
                wrong.append(f"{verb} {path}: {r.status_code}")
    for path in SHADOWS:
        probed += 1
        r = api.call("GET", path)
        if r.status_code != 404:
            wrong.append(f"GET {path}: {r.status_code}")
    figures("API9 inventory", f"{probed} undocumented (method, path) pairs probed, {probed - len(wrong)} "
            "answer 404/405")
    assert not wrong, wrong
