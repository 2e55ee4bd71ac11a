"""The extension mechanism: modules found by component name, the ExtensionContext API, and
the JWKS provider hook the identity extension uses so the gateway verifies tokens in-process."""

from __future__ import annotations

import importlib.machinery
import sys
import types

from flask import Blueprint, Flask, jsonify

from jlp_gateway.extensions import ExtensionContext
from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc


def notes_extension(app: Flask, ctx: ExtensionContext) -> None:
    """A hand-written route in the shape a standard might dictate (snake_case, flat)."""
    bp = Blueprint("notes_ext", __name__)
    stub = ctx.stub("echo", echo_pb2_grpc.EchoServiceStub)

    @bp.get("/ext/notes/<note_id>")
    def get_note(note_id: str):
        note = ctx.call(stub.GetNote, echo_pb2.GetNoteRequest(name=f"notes/{note_id}"))
        principal = ctx.principal()
        return jsonify(note_title=note.title, caller=principal.subject if principal else None,
                       client_ip=ctx.client_ip(), request_id=ctx.request_id())

    @bp.post("/ext/notes")
    def create_note():
        if ctx.bearer_token() is None:
            return ctx.problem(401, detail="log in first", errors=[("token", "missing")],
                               headers={"WWW-Authenticate": 'Bearer realm="jlp"'})
        note = ctx.call(stub.CreateNote, echo_pb2.CreateNoteRequest(
            note=echo_pb2.Note(title="from an extension")))
        return jsonify(name=note.name), 201

    app.register_blueprint(bp)
    ctx.document("/ext/notes/{note_id}", "get", {
        "operationId": "ext_get_note", "summary": "A note, the extension's way",
        "parameters": [{"name": "note_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "OK"}}}, tag="notes-ext")


def test_documented_extension_routes_appear_in_openapi_and_docs(make_gateway) -> None:
    from openapi_spec_validator import validate

    client = make_gateway(extensions=[notes_extension]).test_client()
    spec = client.get("/openapi.json").get_json()
    validate(spec)
    assert spec["paths"]["/ext/notes/{note_id}"]["get"]["tags"] == ["notes-ext"]
    assert "notes-ext" in {t["name"] for t in spec["tags"]}
    assert "/ext/notes/{note_id}" in client.get("/docs").get_data(as_text=True)


def test_extension_calls_the_backend_with_the_callers_token(make_gateway, signer) -> None:
    client = make_gateway(extensions=[notes_extension]).test_client()
    anonymous = client.post("/ext/notes")
    assert anonymous.status_code == 401 and anonymous.mimetype == "application/problem+json"
    assert anonymous.get_json()["errors"] == [{"field": "token", "description": "missing"}]
    token = signer.token("u-9", scopes=["echo:note.write"])
    created = client.post("/ext/notes", headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201  # the bearer token reached the service (it checks scope)
    note_id = created.get_json()["name"].split("/")[1]
    got = client.get(f"/ext/notes/{note_id}", headers={"Authorization": f"Bearer {token}",
                                                        "X-Request-ID": "ext-1"})
    assert got.get_json() == {"note_title": "from an extension", "caller": "u-9",
                              "client_ip": "127.0.0.1", "request_id": "ext-1"}


def test_backend_errors_escaping_an_extension_become_problems(make_gateway) -> None:
    client = make_gateway(extensions=[notes_extension]).test_client()
    resp = client.get("/ext/notes/missing")
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert resp.get_json()["code"] == "NOT_FOUND"
    assert client.put("/ext/notes").status_code == 405


def test_module_named_after_a_component_is_loaded(make_gateway, monkeypatch) -> None:
    name = "jlp_gateway.extensions.echo"
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    module.register = notes_extension  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, name, module)
    client = make_gateway().test_client()
    assert client.get("/ext/notes/missing").status_code == 404
    assert client.get("/ext/notes/missing").mimetype == "application/problem+json"


def test_gateway_verifies_tokens_with_the_jwks_provider_hook(make_gateway, signer) -> None:
    env: dict[str, str] = {}

    def identity_like(app: Flask, ctx: ExtensionContext) -> None:
        ctx.set_jwks_provider(signer.jwks)

    with_hook = make_gateway(env=env, verifier=None, extensions=[identity_like]).test_client()
    token = signer.token("u-3")
    assert with_hook.get("/api/v1/echo/notes",
                         headers={"Authorization": f"Bearer {token}"}).status_code == 200
    forged = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    bad = with_hook.get("/api/v1/echo/notes", headers={"Authorization": f"Bearer {forged}"})
    assert bad.status_code == 401

    # without the hook (identity not routed) no key can be had: 503, not a 500
    no_hook = make_gateway(env=env, verifier=None).test_client()
    resp = no_hook.get("/api/v1/echo/notes", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
