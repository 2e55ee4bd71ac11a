"""/openapi.json is a valid OpenAPI 3.1 document listing every annotated route; /docs too."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from jlp_gateway.routing import http_rule
from jlptest.echo.v1 import echo_pb2


def _annotated(module) -> list[tuple[str, str]]:
    """(METHOD, operationId) of every HttpRule binding of a module, read independently."""
    out = []
    for service in module.DESCRIPTOR.services_by_name.values():
        for method in service.methods:
            rule = http_rule(method)
            if rule is None:
                continue
            for i, r in enumerate([rule, *rule.additional_bindings]):
                op_id = f"{service.name}_{method.name}" + (f"_{i}" if i else "")
                out.append((r.WhichOneof("pattern").upper(), op_id))
    return out


def _operations(doc) -> dict[str, tuple[str, str, dict]]:
    return {op["operationId"]: (method.upper(), path, op)
            for path, item in doc["paths"].items() for method, op in item.items()}


def test_openapi_is_valid_and_lists_every_route(make_gateway, gwtest, shelves) -> None:
    app = make_gateway(services=[(echo_pb2, "127.0.0.1:1"), (gwtest, f"127.0.0.1:{shelves.port}")])
    resp = app.test_client().get("/openapi.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    doc = resp.get_json()
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    ops = _operations(doc)
    for method, op_id in _annotated(echo_pb2) + _annotated(gwtest):
        assert op_id in ops, op_id
        assert ops[op_id][0] == method
    assert ops["EchoService_GetNote"][1] == "/api/v1/echo/notes/{name}"
    assert ops["EchoService_SleepNote"][1] == "/api/v1/echo/notes/{name}:sleep"
    assert ops["ShelfService_GetBook"][1] == "/api/v1/shelves/{shelf}/books/{book}"
    assert "201" in ops["EchoService_CreateNote"][2]["responses"]
    assert "Location" in ops["EchoService_CreateNote"][2]["responses"]["201"]["headers"]


def test_openapi_schemas_follow_proto3_json(make_gateway, gwtest, shelves) -> None:
    app = make_gateway(services=[(echo_pb2, "127.0.0.1:1"), (gwtest, f"127.0.0.1:{shelves.port}")])
    doc = app.test_client().get("/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    note = schemas["jlptest.echo.v1.Note"]
    assert note["required"] == ["title"]
    assert note["properties"]["bodyText"] == {"type": "string"}
    assert note["properties"]["createTime"]["format"] == "date-time"
    assert note["properties"]["createTime"]["readOnly"] is True
    assert note["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}
    assert note["properties"]["urgency"] == {"$ref": "#/components/schemas/jlptest.echo.v1.Urgency"}
    assert schemas["jlptest.echo.v1.Urgency"]["enum"] == [
        "URGENCY_UNSPECIFIED", "URGENCY_LOW", "URGENCY_HIGH"]
    book = schemas["jlptest.gwtest.v1.Book"]["properties"]
    assert book["pages"] == {"type": "string", "format": "int64"}
    assert book["labels"] == {"type": "object", "additionalProperties": {"type": "string"}}
    assert schemas["Problem"]["properties"]["errors"]["type"] == "array"
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    search = _operations(doc)["ShelfService_SearchBooks"][2]
    names = {p["name"] for p in search["parameters"]}
    assert {"parent", "authors", "filter.genre", "filter.range.low", "readMask", "limit"} <= names
    assert "attrs" not in names and "filter" not in names
    assert search["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    listing = _operations(doc)["EchoService_ListNotes"][2]
    assert {p["name"] for p in listing["parameters"]} == {"pageSize", "pageToken", "filter",
                                                          "urgency"}


def test_docs_page_is_self_contained_html(client) -> None:
    resp = client.get("/docs")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert "EchoService_CreateNote" in html and "/api/v1/echo/notes/{name}:sleep" in html
    assert not re.search(r"(src|href)=['\"]https?://", html)  # nothing from a CDN
