"""OpenAPI 3.1 document generated from the same descriptors the routes come from.

One source of truth: what the gateway serves is what it documents. Paths come from the
HttpRule templates (a multi-segment variable such as `{name=notes/*}` is written out as
`notes/{name}`, so generic clients build the right URL without encoding a "/"), parameters
from path variables and the remaining request fields (query string, `a.b` for nested
fields), request bodies and responses from message descriptors in `components/schemas`
(proto full names), enums as their names, repeated as arrays, maps as objects, well-known
types as their JSON forms, int64 as strings, errors as problem+json, bearer auth.
field_behavior annotations give `required`, `readOnly` (OUTPUT_ONLY) and `writeOnly`
(INPUT_ONLY). Proto comments are not in the generated modules (no source info), so
descriptions are derived from the annotations instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.api import field_behavior_pb2
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from jlp_gateway.pathtemplate import PathTemplate
from jlp_gateway.routing import Route
from jlp_gateway.transcode import SCALAR_WKT

FD = FieldDescriptor
_INT32 = {FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32}
_UINT32 = {FD.TYPE_UINT32, FD.TYPE_FIXED32}
_INT64 = {FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64}
_UINT64 = {FD.TYPE_UINT64, FD.TYPE_FIXED64}
_WRAPPERS = {
    "google.protobuf.DoubleValue": {"type": ["number", "null"], "format": "double"},
    "google.protobuf.FloatValue": {"type": ["number", "null"], "format": "float"},
    "google.protobuf.Int64Value": {"type": ["string", "null"], "format": "int64"},
    "google.protobuf.UInt64Value": {"type": ["string", "null"], "format": "uint64"},
    "google.protobuf.Int32Value": {"type": ["integer", "null"], "format": "int32"},
    "google.protobuf.UInt32Value": {"type": ["integer", "null"], "minimum": 0},
    "google.protobuf.BoolValue": {"type": ["boolean", "null"]},
    "google.protobuf.StringValue": {"type": ["string", "null"]},
    "google.protobuf.BytesValue": {"type": ["string", "null"], "contentEncoding": "base64"},
}
_WKT: dict[str, dict[str, Any]] = {
    "google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    "google.protobuf.Duration": {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]{1,9})?s$",
                                 "examples": ["1.5s"]},
    "google.protobuf.FieldMask": {"type": "string",
                                  "description": "comma-separated lowerCamelCase field paths"},
    "google.protobuf.Empty": {"type": "object", "additionalProperties": False},
    "google.protobuf.Struct": {"type": "object", "additionalProperties": True},
    "google.protobuf.Value": {},
    "google.protobuf.ListValue": {"type": "array", "items": {}},
    "google.protobuf.Any": {"type": "object", "required": ["@type"],
                            "properties": {"@type": {"type": "string"}},
                            "additionalProperties": True},
    "google.protobuf.NullValue": {"type": "null"},
    **_WRAPPERS,
}
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "gRPC status code name"},
        "reason": {"type": "string", "description": "google.rpc.ErrorInfo reason"},
        "requestId": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["field", "description"],
            "properties": {"field": {"type": "string"}, "description": {"type": "string"}}}},
    },
}
_MAX_QUERY_DEPTH = 3


def _behaviors(fd: FieldDescriptor) -> set[int]:
    return set(fd.GetOptions().Extensions[field_behavior_pb2.field_behavior])


class SchemaBuilder:
    """Collects `components/schemas` for every message and enum reached from the routes."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}

    @staticmethod
    def ref(full_name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{full_name}"}

    def message(self, desc: Descriptor) -> dict[str, Any]:
        """Schema (inline for well-known types, else a $ref) of a message type."""
        if desc.full_name in _WKT:
            return dict(_WKT[desc.full_name])
        if desc.full_name not in self.schemas:
            self.schemas[desc.full_name] = {}  # placeholder first: recursive types terminate
            self.schemas[desc.full_name] = self._message_schema(desc)
        return self.ref(desc.full_name)

    def enum(self, desc: EnumDescriptor) -> dict[str, Any]:
        if desc.full_name == "google.protobuf.NullValue":
            return {"type": "null"}
        if desc.full_name not in self.schemas:
            self.schemas[desc.full_name] = {
                "type": "string", "title": desc.name, "enum": [v.name for v in desc.values]}
        return self.ref(desc.full_name)

    def _message_schema(self, desc: Descriptor) -> dict[str, Any]:
        props: dict[str, Any] = {}
        required: list[str] = []
        for fd in desc.fields:
            props[fd.json_name] = self.field(fd)
            if field_behavior_pb2.REQUIRED in _behaviors(fd):
                required.append(fd.json_name)
        schema: dict[str, Any] = {"type": "object", "title": desc.name, "properties": props}
        if required:
            schema["required"] = required
        oneofs = [o for o in desc.oneofs if not (len(o.fields) == 1 and o.name.startswith("_"))]
        if oneofs:
            schema["description"] = "; ".join(
                f"at most one of: {', '.join(f.json_name for f in o.fields)}" for o in oneofs)
        return schema

    def scalar(self, fd: FieldDescriptor) -> dict[str, Any]:
        """The schema of one value of the field (ignoring repeated)."""
        if fd.message_type is not None:
            return self.message(fd.message_type)
        if fd.enum_type is not None:
            return self.enum(fd.enum_type)
        t = fd.type
        if t in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT):
            return {"type": "number", "format": "double" if t == FD.TYPE_DOUBLE else "float"}
        if t in _INT32:
            return {"type": "integer", "format": "int32"}
        if t in _UINT32:
            return {"type": "integer", "minimum": 0, "maximum": 4294967295}
        if t in _INT64:
            return {"type": "string", "format": "int64"}
        if t in _UINT64:
            return {"type": "string", "format": "uint64"}
        if t == FD.TYPE_BOOL:
            return {"type": "boolean"}
        if t == FD.TYPE_BYTES:
            return {"type": "string", "contentEncoding": "base64"}
        return {"type": "string"}

    def field(self, fd: FieldDescriptor) -> dict[str, Any]:
        if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            value = self.field(fd.message_type.fields_by_name["value"])
            schema: dict[str, Any] = {"type": "object", "additionalProperties": value}
        elif fd.is_repeated:
            schema = {"type": "array", "items": self.scalar(fd)}
        else:
            schema = self.scalar(fd)
        behaviors = _behaviors(fd)
        if field_behavior_pb2.OUTPUT_ONLY in behaviors:
            schema["readOnly"] = True
        if field_behavior_pb2.INPUT_ONLY in behaviors:
            schema["writeOnly"] = True
        notes = [label for flag, label in (
            (field_behavior_pb2.IMMUTABLE, "immutable after creation"),
            (field_behavior_pb2.IDENTIFIER, "the resource name"),
            (field_behavior_pb2.OUTPUT_ONLY, "set by the server"),
        ) if flag in behaviors]
        if notes:
            schema["description"] = "; ".join(notes)
        if fd.GetOptions().deprecated:
            schema["deprecated"] = True
        return schema


def openapi_path(template: PathTemplate) -> tuple[str, list[tuple[str, str, str]]]:
    """(OpenAPI path, [(param name, field path, pattern description)]) of a template."""
    parts: list[str] = []
    params: list[tuple[str, str, str]] = []
    index = 0
    segs = template.segments
    while index < len(segs):
        seg = segs[index]
        if seg.variable is None:
            parts.append(seg.text if seg.kind == "literal" else "{" + f"_wild{index}" + "}")
            if seg.kind != "literal":
                params.append((f"_wild{index}", "", seg.kind))
            index += 1
            continue
        var = next(v for v in template.variables if v.start == index)
        leaf = var.field_path.split(".")[-1]
        sub = segs[var.start:var.end]
        stars = sum(1 for s in sub if s.kind != "literal")
        written: list[str] = []
        names: list[str] = []
        for pos, s in enumerate(sub):
            if s.kind == "literal":
                written.append(s.text)
                continue
            prev = sub[pos - 1] if pos else None
            if stars == 1:
                name = leaf
            elif prev is not None and prev.kind == "literal":
                name = _singular(prev.text)
            else:
                name = f"{leaf}{pos}"
            if name in names:
                name = f"{name}{pos}"
            names.append(name)
            written.append("{" + name + "}" + ("**" if s.kind == "**" else ""))
        parts += [w.removesuffix("**") for w in written]
        params += [(n, var.field_path, "/".join(written)) for n in names]
        index = var.end
    path = "/" + "/".join(parts) + (":" + template.verb if template.verb else "")
    return path, params


def _singular(word: str) -> str:
    """`shelves` → `shelf`, `cases` → `case`, `unitGrids` → `unitGrid` (AIP-122 collections)."""
    for plural, single in (("ies", "y"), ("ves", "f"), ("sses", "ss"), ("uses", "us"),
                           ("xes", "x"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word + "Id"


def _query_params(builder: SchemaBuilder, desc: Descriptor, skip: set[str], prefix: str = "",
                  proto_prefix: str = "", depth: int = 0,
                  seen: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for fd in desc.fields:
        proto_path = proto_prefix + fd.name
        if proto_path in skip:
            continue
        name = prefix + fd.json_name
        is_map = fd.message_type is not None and fd.message_type.GetOptions().map_entry
        if is_map:
            continue
        if fd.message_type is not None and fd.message_type.full_name not in SCALAR_WKT:
            if fd.is_repeated or depth >= _MAX_QUERY_DEPTH \
                    or fd.message_type.full_name in seen:
                continue
            out += _query_params(builder, fd.message_type, skip, name + ".", proto_path + ".",
                                 depth + 1, (*seen, desc.full_name))
            continue
        param: dict[str, Any] = {"name": name, "in": "query", "schema": builder.field(fd)}
        if fd.is_repeated:
            param["style"], param["explode"] = "form", True
        if field_behavior_pb2.REQUIRED in _behaviors(fd):
            param["required"] = True
        if field_behavior_pb2.OUTPUT_ONLY in _behaviors(fd):
            continue
        out.append(param)
    return out


def build_document(routes: Iterable[Route], *, title: str = "Smart Jiulongpo API",
                   version: str = "v1") -> dict[str, Any]:
    """The OpenAPI 3.1 document of the routes."""
    builder = SchemaBuilder()
    paths: dict[str, dict[str, Any]] = {}
    shapes: dict[str, tuple[str, list[str]]] = {}
    tags: dict[str, str] = {}
    for route in routes:
        path, params = openapi_path(route.template)
        shape = _shape_of(path)
        names = [p[0] for p in params]
        if shape in shapes and shapes[shape][1] != names:
            path, canonical = shapes[shape]
            params = [(canonical[i], f, pat) for i, (_, f, pat) in enumerate(params)]
        shapes.setdefault(shape, (path, names))
        service = route.method.containing_service
        tags[service.full_name] = f"{service.name} ({route.backend.name})"
        paths.setdefault(path, {})[route.http_method.lower()] = _operation(builder, route, params)
    paths.update(_health_paths())
    builder.schemas["Problem"] = PROBLEM_SCHEMA
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version,
                 "description": "Generated at start-up from the google.api.http annotations "
                                "of the gRPC services behind this gateway."},
        "servers": [{"url": "/"}],
        "tags": [{"name": name, "description": text} for name, text in sorted(tags.items())]
        + [{"name": "health", "description": "gateway probes"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(builder.schemas.items())),
            "responses": {"Problem": {
                "description": "error (RFC 9457 problem details)",
                "content": {"application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/Problem"}}}}},
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "bearerFormat": "JWT"}},
        },
        "security": [{"bearerAuth": []}, {}],
    }


def _shape_of(path: str) -> str:
    import re

    return re.sub(r"\{[^}]*\}", "{}", path)


def _operation(builder: SchemaBuilder, route: Route,
               params: list[tuple[str, str, str]]) -> dict[str, Any]:
    method = route.method
    in_desc, out_desc = method.input_type, method.output_type
    parameters: list[dict[str, Any]] = []
    for name, field_path, pattern in params:
        if not field_path:
            text = f"path wildcard `{pattern}` (not sent to the service)"
        elif pattern == "{" + name + "}":
            text = f"binds `{field_path}`"
        else:
            text = f"part of `{field_path}`, which is `{pattern}`"
        if pattern.endswith("**"):
            text += "; may contain '/'"
        parameters.append({"name": name, "in": "path", "required": True,
                           "schema": {"type": "string"}, "description": text})
    if route.body != "*":
        skip = set(route.path_fields) | ({route.body} if route.body else set())
        parameters += _query_params(builder, in_desc, skip)
    op: dict[str, Any] = {
        "operationId": route.operation_id,
        "summary": f"{method.containing_service.name}.{method.name}",
        "description": f"gRPC `{route.full_method}`",
        "tags": [method.containing_service.full_name],
    }
    if parameters:
        op["parameters"] = parameters
    if route.body:
        schema = (builder.message(in_desc) if route.body == "*"
                  else builder.field(in_desc.fields_by_name[route.body]))
        required = route.body != "*" and field_behavior_pb2.REQUIRED in _behaviors(
            in_desc.fields_by_name[route.body])
        op["requestBody"] = {"required": required,
                             "content": {"application/json": {"schema": schema}}}
    out_schema = (builder.field(out_desc.fields_by_name[route.response_body])
                  if route.response_body else builder.message(out_desc))
    ok: dict[str, Any] = {"description": "Created" if route.is_create else "OK",
                          "content": {"application/json": {"schema": out_schema}}}
    if route.is_create:
        ok["headers"] = {"Location": {"description": "URL of the created resource",
                                      "schema": {"type": "string"}}}
    op["responses"] = {"201" if route.is_create else "200": ok,
                       "4XX": {"$ref": "#/components/responses/Problem"},
                       "5XX": {"$ref": "#/components/responses/Problem"}}
    return op


def _health_paths() -> dict[str, Any]:
    def probe(op_id: str, text: str) -> dict[str, Any]:
        return {"get": {"operationId": op_id, "summary": text, "tags": ["health"],
                        "security": [{}],
                        "responses": {"200": {"description": "OK", "content": {
                            "application/json": {"schema": {"type": "object"}}}},
                            "503": {"$ref": "#/components/responses/Problem"}}}}

    return {"/healthz": probe("healthz", "the gateway process is up"),
            "/readyz": probe("readyz", "every backend answers SERVING")}
