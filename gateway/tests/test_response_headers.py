"""Every kind of gateway response carries the same gateway headers (OWASP API8).

The request id, `Vary: Origin` and the security headers are added after every request
(`lifecycle`): these tests pin what each kind of answer carries — success, create, 4xx
problems, 413, 429, 401, preflight, plain OPTIONS, OpenAPI, docs, probes, the web app — so a
change to how they are written (issue 16 measured one) cannot drop one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from jlp_gateway.lifecycle import API_CSP, valid_request_id

SECURITY = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer"}
ORIGIN = "https://app.jlp.example"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def assert_gateway_headers(resp, *, api: bool, request_id: str | None = None,
                           cache: str | None = "no-store", csp: str | None = API_CSP) -> None:
    """The headers every response gets, each exactly once; API paths' cache and CSP ones."""
    counts = Counter(name.lower() for name, _ in resp.headers)
    for name in ("x-request-id", "vary", *(n.lower() for n in SECURITY)):
        assert counts[name] == 1, (name, list(resp.headers))
    for name, value in SECURITY.items():
        assert resp.headers[name] == value
    assert "origin" in [v.strip().lower() for v in resp.headers["Vary"].split(",")]
    rid = resp.headers["X-Request-ID"]
    assert rid == request_id if request_id else valid_request_id(rid)
    if api:
        assert resp.headers.get("Cache-Control") == cache
        assert resp.headers.get("Content-Security-Policy") == csp
        assert counts["cache-control"] <= 1 and counts["content-security-policy"] <= 1


def test_every_kind_of_answer_carries_the_gateway_headers(make_gateway, signer) -> None:
    clock = FakeClock()
    app = make_gateway(env={"JLP_GATEWAY_RATE": "0.5", "JLP_GATEWAY_BURST": "6",
                            "JLP_GATEWAY_MAX_BODY_BYTES": "64", "JLP_CORS_ORIGINS": ORIGIN},
                       clock=clock)
    client = app.test_client()
    token = {"Authorization": f"Bearer {signer.token(scopes=['echo:note.write'])}"}
    answers = {
        "list": client.get("/api/v1/echo/notes", headers=token),
        "create": client.post("/api/v1/echo/notes", json={"title": "t"}, headers=token),
        "404": client.get("/api/v1/nothing/here", headers=token),
        "405": client.put("/api/v1/echo/notes", json={}, headers=token),
        "413": client.post("/api/v1/echo/notes/n1:sleep", data=b"x" * 200,
                           content_type="application/json", headers=token),
        "400": client.post("/api/v1/echo/notes/n1:sleep", data=b'{"millis": 1,',
                           content_type="application/json", headers=token),
        "401": client.get("/api/v1/echo/notes", headers={"Authorization": "Bearer bad"}),
    }
    assert [r.status_code for r in answers.values()] == [200, 201, 404, 405, 413, 400, 401]
    assert answers["create"].headers["Location"].startswith("/api/v1/echo/notes/")
    for name, resp in answers.items():
        assert_gateway_headers(resp, api=True), name
    for _ in range(6):  # the bad token spent one of the IP's six
        limited = client.get("/api/v1/echo/notes")
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    assert_gateway_headers(limited, api=True)
    clock.now += 100.0

    kept = client.get("/api/v1/echo/notes", headers={"X-Request-ID": "client-id:1"})
    assert_gateway_headers(kept, api=True, request_id="client-id:1")
    cors = client.get("/api/v1/echo/notes", headers={"Origin": ORIGIN})
    assert_gateway_headers(cors, api=True)
    assert cors.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Request-ID" in cors.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/echo/notes", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert_gateway_headers(preflight, api=True, csp=None)  # no body, no content type
    assert Counter(n.lower() for n, _ in preflight.headers)["access-control-allow-origin"] == 1
    options = client.options("/api/v1/echo/notes")
    assert options.status_code == 204 and options.headers["Allow"]
    assert_gateway_headers(options, api=True, csp=None)

    for path in ("/openapi.json", "/docs", "/healthz", "/"):  # no API prefix: no cache/CSP
        resp = client.get(path)
        assert_gateway_headers(resp, api=False)
        assert "Content-Security-Policy" not in resp.headers, path
        assert "Cache-Control" not in resp.headers, path


def test_web_app_keeps_its_own_policy_and_gets_the_rest(make_gateway, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>ops</title>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log(1)")
    client = make_gateway(env={"JLP_GATEWAY_WEB_ROOT": str(tmp_path)}).test_client()
    index = client.get("/")
    assert index.status_code == 200
    assert_gateway_headers(index, api=False)
    assert index.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in index.headers["Content-Security-Policy"]
    asset = client.get("/assets/app-1234.js")
    assert asset.status_code == 200
    assert_gateway_headers(asset, api=False)


def test_a_request_id_with_a_trailing_newline_is_replaced() -> None:
    """`$` matched before a final newline: such an id is now refused (a fresh one is used)."""
    assert valid_request_id("abc-1") and not valid_request_id("abc-1\n")
    assert not valid_request_id("x" * 129) and valid_request_id("x" * 128)
