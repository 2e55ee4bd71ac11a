"""HTTP/JSON through the gateway to the real echo gRPC service and back (proto3 JSON)."""

from __future__ import annotations

import logging
import re

import pytest

from jlp_common.context import request_id_var
from jlp_testkit.tokens import TestSigner

PROBLEM = "application/problem+json"


def bearer(signer: TestSigner, *scopes: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {signer.token('u-7', scopes=scopes)}"}


def create(client, signer: TestSigner, **note: object):
    return client.post("/api/v1/echo/notes", json=note, headers=bearer(signer, "echo:note.write"))


def test_create_reaches_the_service_and_answers_proto3_json(client, signer) -> None:
    resp = create(client, signer, title="pothole", body_text="Road 5", urgency="URGENCY_HIGH",
                  tags=["road", "urgent"])
    assert resp.status_code == 201
    assert resp.mimetype == "application/json"
    note = resp.get_json()
    assert re.fullmatch(r"notes/[0-9a-f]{12}", note["name"])
    # lowerCamelCase out (body_text was sent in proto case), enum by name, RFC 3339 timestamp
    assert note["bodyText"] == "Road 5"
    assert note["urgency"] == "URGENCY_HIGH"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", note["createTime"])
    assert note["tags"] == ["road", "urgent"]
    assert resp.headers["Location"] == f"/api/v1/echo/{note['name']}"
    got = client.get(resp.headers["Location"])
    assert got.status_code == 200 and got.get_json() == note


def test_patch_with_nested_path_field_and_delete(client, signer) -> None:
    name = create(client, signer, title="old").get_json()["name"]
    patched = client.patch(f"/api/v1/echo/{name}", json={"title": "new"},
                           headers=bearer(signer, "echo:note.write"))
    assert patched.status_code == 200
    assert patched.get_json()["title"] == "new" and patched.get_json()["name"] == name
    deleted = client.delete(f"/api/v1/echo/{name}", headers=bearer(signer, "echo:note.write"))
    assert deleted.status_code == 200 and deleted.get_json() == {}
    gone = client.get(f"/api/v1/echo/{name}")
    assert gone.status_code == 404 and gone.mimetype == PROBLEM
    assert gone.get_json()["resourceName"] == name


def test_custom_method_with_body_star(client) -> None:
    resp = client.post("/api/v1/echo/notes/n1:sleep", json={"millis": "3"})  # int as string ok
    assert resp.status_code == 200
    assert resp.get_json() == {"sleptMillis": 3}
    empty = client.post("/api/v1/echo/notes/n1:sleep")  # no body at all: an empty message
    assert empty.status_code == 200 and empty.get_json() == {"sleptMillis": 0}


def test_service_field_violation_is_400_problem_naming_the_field(client, signer) -> None:
    resp = create(client, signer, title="  ")
    assert resp.status_code == 400 and resp.mimetype == PROBLEM
    body = resp.get_json()
    assert body["errors"] == [{"field": "note.title", "description": "must not be empty"}]
    assert body["code"] == "INVALID_ARGUMENT" and body["status"] == 400
    assert body["instance"] == "/api/v1/echo/notes"
    assert body["requestId"] == resp.headers["X-Request-ID"]


@pytest.mark.parametrize(("payload", "field", "words"), [
    ({"title": 5}, "note.title", "string"),
    ({"title": "t", "colour": "red"}, "note.colour", "unknown field"),
    ({"title": "t", "urgency": "SOMETIMES"}, "note.urgency", "SOMETIMES"),
    ({"title": "t", "tags": "one"}, "note.tags", "repeated"),
    ({"title": "t", "create_time": "yesterday"}, "note.createTime", "timestamp"),
])
def test_json_of_the_wrong_shape_is_400_naming_the_field(client, signer, payload, field,
                                                         words) -> None:
    resp = create(client, signer, **payload)
    assert resp.status_code == 400 and resp.mimetype == PROBLEM
    errors = resp.get_json()["errors"]
    assert errors[0]["field"] == field
    assert words.lower() in errors[0]["description"].lower()


def test_body_that_is_not_an_object(client, signer) -> None:
    resp = client.post("/api/v1/echo/notes", json=["title"], headers=bearer(signer, "echo:note.write"))
    assert resp.status_code == 400 and resp.get_json()["errors"][0]["field"] == "note"


def test_query_string_enum_paging_round_trip(client, signer) -> None:
    for i in range(3):
        create(client, signer, title=f"paging-{i}", urgency="URGENCY_LOW")
    create(client, signer, title="paging-high", urgency="URGENCY_HIGH")
    seen, token = [], ""
    for _ in range(5):
        query = {"filter": "paging", "urgency": "URGENCY_LOW", "pageSize": "2"}
        if token:
            query["page_token"] = token  # proto name accepted as well as pageToken
        page = client.get("/api/v1/echo/notes", query_string=query)
        assert page.status_code == 200
        body = page.get_json()
        seen += [n["title"] for n in body["notes"]]
        assert all(n["urgency"] == "URGENCY_LOW" for n in body["notes"])
        token = body["nextPageToken"]
        if not token:
            break
    assert sorted(seen) == ["paging-0", "paging-1", "paging-2"]
    by_number = client.get("/api/v1/echo/notes?urgency=2&filter=paging").get_json()
    assert [n["title"] for n in by_number["notes"]] == ["paging-high"]


@pytest.mark.parametrize(("query", "field"), [
    ("colour=red", "colour"),
    ("urgency=SOMETIMES", "urgency"),
    ("pageSize=many", "pageSize"),
    ("pageSize=1&pageSize=2", "pageSize"),
])
def test_bad_query_parameters_are_400(client, query, field) -> None:
    resp = client.get(f"/api/v1/echo/notes?{query}")
    assert resp.status_code == 400 and resp.mimetype == PROBLEM
    assert resp.get_json()["errors"][0]["field"] == field


def test_tampered_paging_token_is_a_400_from_the_service(client) -> None:
    resp = client.get("/api/v1/echo/notes?pageToken=forged")
    assert resp.status_code == 400 and resp.mimetype == PROBLEM


def test_auth_missing_token_no_scope_tampered(client, signer) -> None:
    missing = client.post("/api/v1/echo/notes", json={"title": "x"})
    assert missing.status_code == 401 and missing.mimetype == PROBLEM
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    no_scope = client.post("/api/v1/echo/notes", json={"title": "x"}, headers=bearer(signer))
    assert no_scope.status_code == 403 and no_scope.mimetype == PROBLEM
    assert no_scope.get_json()["reason"] == "MISSING_PERMISSION"
    token = signer.token("u-7", scopes=["echo:note.write"])
    head, payload, sig = token.split(".")
    forged = f"{head}.{payload}.{sig[:-4]}AAAA"
    tampered = client.post("/api/v1/echo/notes", json={"title": "x"},
                           headers={"Authorization": f"Bearer {forged}"})
    assert tampered.status_code == 401 and tampered.mimetype == PROBLEM
    assert 'error="invalid_token"' in tampered.headers["WWW-Authenticate"]
    expired = client.get("/api/v1/echo/notes", headers={
        "Authorization": f"Bearer {signer.token('u-7', ttl_s=-3600)}"})
    assert expired.status_code == 401 and expired.get_json()["reason"] == "TOKEN_EXPIRED"


class _RequestIds(logging.Handler):
    """Request ids seen by the echo server while it logs its access lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.ids: list[str | None] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.ids.append(request_id_var.get())


def test_request_id_round_trip_and_reaches_the_backend(client) -> None:
    handler = _RequestIds()
    logger = logging.getLogger("jlp.grpc")
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        resp = client.get("/api/v1/echo/notes", headers={"X-Request-ID": "trace-me-42"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert resp.headers["X-Request-ID"] == "trace-me-42"
    assert "trace-me-42" in handler.ids
    made_up = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces" * 20})
    assert re.fullmatch(r"[0-9a-f]{32}", made_up.headers["X-Request-ID"])
    assert client.get("/nowhere").headers["X-Request-ID"]


def test_deadline_exceeded_is_504(client) -> None:
    resp = client.post("/api/v1/echo/notes/n1:sleep", json={"millis": 2000},
                       headers={"X-Timeout": "0.2"})
    assert resp.status_code == 504 and resp.get_json()["code"] == "DEADLINE_EXCEEDED"
    bad = client.get("/api/v1/echo/notes", headers={"X-Timeout": "soon"})
    assert bad.status_code == 400
