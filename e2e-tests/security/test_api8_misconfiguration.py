"""API8:2023 Security Misconfiguration: every route's answers — successes and errors alike —
carry the security headers (OWASP REST Security Cheat Sheet: nosniff, no framing, API
answers not stored by caches), never show a stack trace or an internal address, and CORS
admits no origin that is not configured (the e2e suite configures none)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e
LEAKS = re.compile(r"Traceback \(most recent call last\)|File \"/|\.py\", line \d+|grpc\._channel|"
                   r"_InactiveRpcError|StatusCode\.|ipv4:127\.0\.0\.1|Werkzeug Debugger")
REQUIRED = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
EVIL = "https://evil.example"
OAUTH = ("/api/v1/auth/token", "/api/v1/auth/revoke")  # RFC 6749 §5.2 / RFC 7009 error JSON


def check(r, label: str) -> list[str]:
    out = []
    for name, value in REQUIRED.items():
        if r.headers.get(name, "").lower() != value.lower():
            out.append(f"{label}: {r.status_code} without {name}: {value}")
    path = r.request.path_url
    if path.startswith("/api/") and "no-store" not in r.headers.get("Cache-Control", ""):
        out.append(f"{label}: {r.status_code} API answer without Cache-Control: no-store")
    if LEAKS.search(r.text):
        out.append(f"{label}: {r.status_code} leaks internals: {LEAKS.search(r.text).group(0)!r}")
    if r.status_code >= 400 and path.startswith("/api/") and not path.startswith(OAUTH) and \
            not r.headers.get("Content-Type", "").startswith("application/problem+json"):
        out.append(f"{label}: error {r.status_code} is not problem+json")
    if r.headers.get("Access-Control-Allow-Origin") or r.headers.get("Access-Control-Allow-Credentials"):
        out.append(f"{label}: CORS headers for an unconfigured origin")
    return out


def test_every_route_answers_with_security_headers_and_no_internals(api, inventory, principals, pool, figures):
    def probe(op):
        who = principals.one_who_may(op)
        token = who.token if who else None
        answers = [(f"{op.label} as {who.name if who else 'anonymous'}",
                    api.call(op.method, op.url(), token, json=inventory.body_for(op), headers={"Origin": EVIL}))]
        if op.request_schema() is not None:  # malformed JSON, wrong media type
            answers.append((f"{op.label} malformed JSON", api.call(
                op.method, op.url(), token, data=b'{"a": [1, 2', headers={"Content-Type": "application/json"})))
            answers.append((f"{op.label} text/plain", api.call(
                op.method, op.url(), token, data=b"a=1", headers={"Content-Type": "text/plain"})))
        return answers

    # the live event stream never ends while its token is valid: probed without one only
    streams = [op for op in inventory.operations if "text/event-stream" in str(op.spec.get("responses"))]
    answers = [a for batch in pool.map(probe, [op for op in inventory.operations if op not in streams])
               for a in batch]
    answers += [(f"{op.label} anonymous", api.call(op.method, op.url(), headers={"Origin": EVIL}))
                for op in streams]
    wrong = [line for label, r in answers for line in check(r, label)]
    server_errors = [f"{label}: {r.status_code}" for label, r in answers if r.status_code >= 500]
    figures("API8 misconfiguration", f"{len(answers)} answers of {len(inventory.operations)} routes: "
            f"{len(answers) - len(wrong)} with security headers, no internals, no CORS for {EVIL}; "
            f"{len(server_errors)} server errors")
    assert not wrong, "\n".join(wrong[:40])
    assert not server_errors, "\n".join(server_errors)


def test_errors_outside_the_routes_are_problem_documents_with_headers(api, figures):
    answers = {
        "unknown route": api.call("GET", "/api/v1/no-such-thing"),
        "TRACE": api.call("TRACE", "/api/v1/environment/stations"),
        "unknown method on a route": api.call("DELETE", "/api/v1/environment/stations"),
        "path traversal": api.call("GET", "/api/v1/environment/stations/..%2F..%2Fetc%2Fpasswd"),
        "huge header": api.call("GET", "/api/v1/environment/stations", headers={"X-Filler": "a" * 6000}),
    }
    wrong = [line for label, r in answers.items() for line in check(r, label)]
    assert answers["TRACE"].status_code in (404, 405) and answers["unknown method on a route"].status_code == 405
    figures("API8 misconfiguration", f"{len(answers)} off-route errors checked, {len(wrong)} misconfigured")
    assert not wrong, "\n".join(wrong)


def test_cors_preflight_refuses_unconfigured_origins(api, inventory):
    for op in inventory.operations[:40]:
        r = api.call("OPTIONS", op.url(), headers={"Origin": EVIL, "Access-Control-Request-Method": op.method,
                                                   "Access-Control-Request-Headers": "authorization"})
        assert "Access-Control-Allow-Origin" not in r.headers, op.label
        assert "Access-Control-Allow-Credentials" not in r.headers, op.label
