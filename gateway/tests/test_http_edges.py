"""Bad HTTP input never becomes a 500: 404, 405, malformed JSON, 413, 415, 429; CORS."""

from __future__ import annotations

PROBLEM = "application/problem+json"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_unknown_route_is_404_problem(client) -> None:
    resp = client.get("/api/v1/nothing/here")
    assert resp.status_code == 404 and resp.mimetype == PROBLEM
    assert resp.get_json()["instance"] == "/api/v1/nothing/here"
    assert client.get("/").status_code == 404


def test_wrong_method_is_405_with_allow(client) -> None:
    resp = client.put("/api/v1/echo/notes", json={})
    assert resp.status_code == 405 and resp.mimetype == PROBLEM
    assert set(resp.headers["Allow"].split(", ")) >= {"GET", "POST"}
    verb = client.get("/api/v1/echo/notes/n1:sleep")  # the verb route exists for POST only
    assert verb.status_code == 405 and "POST" in verb.headers["Allow"]
    health = client.post("/healthz")  # a hand-written route says 405 too
    assert health.status_code == 405 and "GET" in health.headers["Allow"]
    options = client.options("/api/v1/echo/notes")
    assert options.status_code == 204 and "POST" in options.headers["Allow"]


def test_malformed_json_is_400(client) -> None:
    resp = client.post("/api/v1/echo/notes/n1:sleep", data=b'{"millis": 1,',
                       content_type="application/json")
    assert resp.status_code == 400 and resp.mimetype == PROBLEM
    assert "malformed JSON" in resp.get_json()["detail"]
    nan = client.post("/api/v1/echo/notes/n1:sleep", data=b'{"millis": NaN}',
                      content_type="application/json")
    assert nan.status_code == 400
    latin = client.post("/api/v1/echo/notes/n1:sleep", data='{"name": "é"}'.encode("latin-1"),
                        content_type="application/json")
    assert latin.status_code == 400


def test_unsupported_media_type_is_415(client) -> None:
    resp = client.post("/api/v1/echo/notes/n1:sleep", data="millis=3",
                       content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 415 and resp.mimetype == PROBLEM
    ok = client.post("/api/v1/echo/notes/n1:sleep", data=b'{"millis": 1}',
                     content_type="application/merge-patch+json; charset=utf-8")
    assert ok.status_code == 200


def test_body_over_the_limit_is_413(make_gateway) -> None:
    client = make_gateway(env={"JLP_GATEWAY_MAX_BODY_BYTES": "64"}).test_client()
    big = b'{"name": "' + b"x" * 200 + b'"}'
    resp = client.post("/api/v1/echo/notes/n1:sleep", data=big, content_type="application/json")
    assert resp.status_code == 413 and resp.mimetype == PROBLEM
    small = client.post("/api/v1/echo/notes/n1:sleep", json={"millis": 1})
    assert small.status_code == 200


def test_rate_limit_is_429_with_retry_after_then_recovers(make_gateway, signer) -> None:
    clock = FakeClock()
    app = make_gateway(env={"JLP_GATEWAY_RATE": "0.5", "JLP_GATEWAY_BURST": "2"}, clock=clock)
    client = app.test_client()
    assert client.get("/api/v1/echo/notes").status_code == 200
    assert client.get("/api/v1/echo/notes").status_code == 200
    limited = client.get("/api/v1/echo/notes")
    assert limited.status_code == 429 and limited.mimetype == PROBLEM
    assert limited.headers["Retry-After"] == "2"
    # another client (a token's subject) has its own bucket; probes are never limited
    other = {"Authorization": f"Bearer {signer.token('someone-else')}"}
    assert client.get("/api/v1/echo/notes", headers=other).status_code == 200
    assert client.get("/healthz").status_code == 200
    clock.now += 2.0
    assert client.get("/api/v1/echo/notes").status_code == 200


def test_cors_preflight_and_actual_request(make_gateway) -> None:
    client = make_gateway(env={"JLP_CORS_ORIGINS": "https://app.jlp.example, http://localhost:5173"}
                          ).test_client()
    pre = client.options("/api/v1/echo/notes", headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type, X-Evil"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert pre.headers["Access-Control-Allow-Headers"] == "authorization, content-type"
    assert "Origin" in pre.headers["Vary"]
    actual = client.get("/api/v1/echo/notes", headers={"Origin": "https://app.jlp.example"})
    assert actual.headers["Access-Control-Allow-Origin"] == "https://app.jlp.example"
    assert "X-Request-ID" in actual.headers["Access-Control-Expose-Headers"]
    stranger = client.options("/api/v1/echo/notes", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in stranger.headers
    plain = client.get("/api/v1/echo/notes", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in plain.headers


def test_deeply_nested_json_is_400_not_500(client) -> None:
    r = client.post("/api/v1/echo/notes/n1:sleep", data="[" * 100_000 + "]" * 100_000,
                    content_type="application/json")
    assert r.status_code == 400 and r.mimetype == PROBLEM
    assert "nested" in r.get_json()["detail"]


def test_vary_origin_is_added_once_and_merged_with_the_responses_own() -> None:
    """`Vary: Origin` is written directly (issue 16), with what `response.vary.add` did:
    added when absent, appended to another Vary, never repeated (any case)."""
    from flask import Response

    from jlp_gateway.cors import vary_origin

    fresh = Response("x")
    vary_origin(fresh)
    assert fresh.headers.getlist("Vary") == ["Origin"]
    other = Response("x", headers={"Vary": "Accept-Encoding"})
    vary_origin(other)
    assert other.headers.getlist("Vary") == ["Accept-Encoding, Origin"]
    already = Response("x", headers={"Vary": "accept, origin"})
    vary_origin(already)
    assert already.headers.getlist("Vary") == ["accept, origin"]
    for response in (fresh, other, already):  # the same set werkzeug's HeaderSet would hold
        assert "origin" in {v.lower() for v in response.vary}
