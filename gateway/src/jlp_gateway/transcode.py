"""HTTP request → protobuf request, protobuf response → JSON, by the proto3 JSON mapping.

The request message is assembled the way google/api/http.proto prescribes:
1. the body (`body: "*"` is the whole message, `body: "note"` is that field), parsed with
   google.protobuf.json_format (both lowerCamelCase and proto names accepted, enums by name or
   number, Timestamps RFC 3339, int64 as string or number, unknown fields rejected); plain
   values are built by `fastjson`, which builds what json_format would, eight times faster on
   a batch, and hands json_format everything else;
2. path variables, which win over the body;
3. when the body is not `*`, the query string for every remaining field: `a.b=1` reaches
   nested fields, a repeated field takes the parameter repeated (`tags=a&tags=b`), enums
   by name, well-known scalars (Timestamp, Duration, FieldMask, wrappers) by their JSON
   string. With `body: "*"` every field comes from the path or the body, so the query
   string is not read (http.proto), which leaves cache-busting parameters harmless.
Any mistake is a `TranscodeError` naming the field in the client's terms (JSON names), which
the gateway answers with 400 problem+json — never a 500.

Responses use json_format too: lowerCamelCase, enum names, int64 as strings; fields without
presence are always printed (an empty list or a zero is shown, not dropped), so clients and
the OpenAPI schemas see a stable shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from jlp_gateway import fastjson
from jlp_gateway.routing import Route

# Well-known types whose JSON form is a string or a plain value (settable from a query param).
SCALAR_WKT = {
    "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask",
    "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
    "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
    "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
}
JSON_TYPES = re.compile(r"^application/(json|[\w.+-]+\+json)$")


@dataclass
class TranscodeError(Exception):
    """The HTTP request cannot become the gRPC request; status 400 or 415."""

    status: int
    title: str
    detail: str
    violations: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.detail


def bad_request(detail: str, field_name: str = "", description: str = "") -> TranscodeError:
    violations = [(field_name, description or detail)] if field_name else []
    return TranscodeError(400, "Bad Request", detail, violations)


def is_json_content_type(content_type: str | None) -> bool:
    """`application/json` or `application/<x>+json`, charset UTF-8 when a charset is named."""
    if not content_type:
        return False
    mime, _, params = content_type.partition(";")
    if not JSON_TYPES.match(mime.strip().lower()):
        return False
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value.strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json_body(raw: bytes) -> Any:
    """Strict JSON (RFC 8259: UTF-8, no NaN/Infinity literals)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_request(f"request body is not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise bad_request(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
                          ) from None
    except ValueError as exc:
        raise bad_request(f"malformed JSON: {exc}") from None
    except RecursionError:  # `[[[[…` deeper than the parser can go is the client's problem
        raise bad_request("malformed JSON: nested too deeply") from None


def build_request(route: Route, path_vars: Mapping[str, str],
                  query: Sequence[tuple[str, str]], body: bytes,
                  content_type: str | None) -> Message:
    """The gRPC request message for an HTTP request matched to `route`."""
    msg = message_factory.GetMessageClass(route.method.input_type)()
    if route.body and body.strip():
        if not is_json_content_type(content_type):
            raise TranscodeError(415, "Unsupported Media Type",
                                 f"request body must be application/json, not {content_type!r}")
        _merge_body(msg, route.body, parse_json_body(body))
    for field_path, value in path_vars.items():
        _set_leaf(msg, field_path.split("."), [value], source="path")
    if route.body != "*":
        _merge_query(msg, route, query)
    return msg


def _merge_body(msg: Message, body_field: str, value: Any) -> None:
    if body_field == "*":
        if not isinstance(value, dict):
            raise bad_request("request body must be a JSON object")
        payload = value
    else:
        fd = msg.DESCRIPTOR.fields_by_name[body_field]
        plain_message = (fd.message_type is not None
                         and not fd.is_repeated
                         and not fd.message_type.full_name.startswith("google.protobuf."))
        if plain_message and not isinstance(value, dict):
            raise bad_request("request body must be a JSON object", fd.json_name,
                              "expected a JSON object")
        payload = {fd.json_name: value}
    fast = fastjson.parse(payload, msg.DESCRIPTOR)
    if fast is not None:  # plain values only: what json_format would have built (fastjson)
        msg.MergeFrom(fast)
        return
    try:
        json_format.ParseDict(payload, msg)
    except json_format.ParseError as exc:
        path, description = explain_parse_error(msg.DESCRIPTOR, str(exc), payload)
        raise bad_request(f"{path or 'body'}: {description}", path or "body", description
                          ) from None


def _merge_query(msg: Message, route: Route, query: Sequence[tuple[str, str]]) -> None:
    grouped: dict[str, list[str]] = {}
    for key, value in query:
        grouped.setdefault(key, []).append(value)
    bound = set(route.path_fields)
    for key, values in grouped.items():
        parts = key.split(".")
        proto_parts = _resolve(msg.DESCRIPTOR, parts, key)
        dotted = ".".join(proto_parts)
        display = _display(msg.DESCRIPTOR, proto_parts)
        if dotted in bound or any(dotted.startswith(b + ".") for b in bound):
            raise bad_request(f"query parameter {key!r} is bound by the path", display,
                              "already given in the path")
        if route.body and proto_parts[0] == route.body:
            raise bad_request(f"query parameter {key!r} belongs to the request body", display,
                              "must be sent in the request body")
        _set_leaf(msg, proto_parts, values, source="query")


def _field_lookup(desc: Descriptor) -> dict[str, FieldDescriptor]:
    out = {f.json_name: f for f in desc.fields}
    out.update(desc.fields_by_name)
    return out


def _resolve(desc: Descriptor, parts: list[str], original: str) -> list[str]:
    """Proto names of a parameter path given in proto or JSON names."""
    out: list[str] = []
    current: Descriptor | None = desc
    for part in parts:
        fd = _field_lookup(current).get(part) if current is not None else None
        if fd is None:
            raise bad_request(f"unknown query parameter {original!r}", original, "unknown field")
        out.append(fd.name)
        current = fd.message_type
    return out


def _display(desc: Descriptor, proto_parts: list[str]) -> str:
    """The JSON-name path of proto field names (as the client sees fields in responses)."""
    out = []
    current: Descriptor | None = desc
    for part in proto_parts:
        fd = current.fields_by_name.get(part) if current is not None else None
        out.append(fd.json_name if fd else part)
        current = fd.message_type if fd else None
    return ".".join(out)


def _set_leaf(msg: Message, parts: list[str], values: list[str], source: str) -> None:
    """Set a field reached through singular sub-messages from string values (path or query)."""
    if len(parts) == 1 and len(values) == 1 and values[0].isascii():
        fd = msg.DESCRIPTOR.fields_by_name[parts[0]]
        if fd.type == FieldDescriptor.TYPE_STRING and not fd.is_repeated:
            # The common case (a resource id in the path) set directly: what json_format does
            # for an ASCII string (nothing to check), without its per-call machinery.
            setattr(msg, fd.name, values[0])
            return
    display = _display(msg.DESCRIPTOR, parts)
    target = msg
    for part in parts[:-1]:
        fd = target.DESCRIPTOR.fields_by_name[part]
        if fd.message_type is None or fd.is_repeated \
                or fd.message_type.full_name in SCALAR_WKT:
            raise bad_request(f"{display}: cannot reach a sub-field through {fd.json_name}",
                              display, "not a nested message")
        target = getattr(target, part)
    fd = target.DESCRIPTOR.fields_by_name[parts[-1]]
    repeated = fd.is_repeated
    if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
        raise bad_request(f"{display}: a map cannot be set from the {source}", display,
                          f"map fields cannot be set from the {source}")
    if fd.message_type is not None and fd.message_type.full_name not in SCALAR_WKT:
        raise bad_request(f"{display}: set its sub-fields as {display}.<field>", display,
                          "a message cannot be given as one parameter")
    if not repeated and len(values) > 1:
        raise bad_request(f"{display}: given {len(values)} times", display,
                          "not repeated: give it once")
    try:
        converted = [_from_string(fd, v) for v in values]
    except ValueError as exc:
        raise bad_request(f"{display}: {exc}", display, str(exc)) from None
    target.ClearField(fd.name)
    try:
        json_format.ParseDict({fd.json_name: converted if repeated else converted[0]}, target)
    except json_format.ParseError as exc:
        _, description = explain_parse_error(target.DESCRIPTOR, str(exc))
        raise bad_request(f"{display}: {description}", display, description) from None


def _from_string(fd: FieldDescriptor, value: str) -> Any:
    """The JSON value json_format expects for a field given as text (bool is the odd one)."""
    is_bool = fd.type == FieldDescriptor.TYPE_BOOL or (
        fd.message_type is not None and fd.message_type.full_name == "google.protobuf.BoolValue")
    if is_bool:
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise ValueError(f"expected true or false, got {value!r}")
        return lowered == "true"
    return value


_FAILED = re.compile(r"^Failed to parse (\S+) field: ")
_UNKNOWN = re.compile(r'has no field named "([^"]+)"')
_EXPECTED = re.compile(r"expected string or bytes-like object, got '(\w+)'")
_AT = re.compile(r"\s+at [\w.\[\]]+\.*$")
_AT_PATH = re.compile(r' at "?\w+\.([\w.]+)"?\.?$')  # "... at Reading.value." (no index inside)


def explain_parse_error(desc: Descriptor, message: str, data: Any = None) -> tuple[str, str]:
    """(JSON path of the offending field, a short reason) from a json_format.ParseError text.

    json_format nests "Failed to parse <key> field: " once per level, with keys as the client
    wrote them; the path is rebuilt from those keys and shown in JSON names. json_format does not
    say which element of a list failed, so with the parsed `data` the path names it too
    (`readings[3].value`): a client sending 10,000 items must learn which one to fix.
    """
    keys: list[str] = []
    rest = message
    while m := _FAILED.match(rest):
        keys.append(m.group(1))
        rest = rest[m.end():]
    at_path = _AT_PATH.search(rest.split("\n")[0])
    if not keys and at_path:
        keys = at_path.group(1).split(".")
    unknown = _UNKNOWN.search(rest)
    if unknown:
        keys.append(unknown.group(1))
        description = "unknown field"
    elif "not iterable" in rest or "has no attribute 'items'" in rest:
        description = "expected a JSON object" if "items" in rest or "object" in rest \
            else "wrong type"
    elif m := _EXPECTED.search(rest):
        description = f"expected a string, got {m.group(1)}"
    else:
        description = _AT.sub("", rest.split("\n")[0]).rstrip(".") or "invalid value"
    path, current, node = [], desc, data
    for key in keys:
        fd = _field_lookup(current).get(key) if current is not None else None
        name = fd.json_name if fd else key
        node = node.get(key) if isinstance(node, dict) else None
        current = fd.message_type if fd else None
        if fd is not None and current is not None and fd.is_repeated and isinstance(node, list) \
                and not current.GetOptions().map_entry:
            bad = _first_bad_item(current, node)
            if bad is not None:  # explain that item on its own: its own path and reason
                index, item_error = bad
                inner, description = explain_parse_error(current, item_error, node[index])
                path.append(f"{name}[{index}]" + (f".{inner}" if inner else ""))
                return ".".join(path), description
        path.append(name)
    return ".".join(path), description


def _first_bad_item(item_type: Descriptor, items: list[Any]) -> tuple[int, str] | None:
    """(index, parse error) of the first list element that does not parse as `item_type`."""
    cls = message_factory.GetMessageClass(item_type)
    for index, item in enumerate(items):
        try:
            json_format.ParseDict(item, cls())
        except (json_format.ParseError, TypeError, ValueError, AttributeError) as exc:
            return index, str(exc)
    return None


def render_response(route: Route, response: Message) -> Any:
    """Proto3 JSON of the response, or of its `response_body` field when the rule names one."""
    data = json_format.MessageToDict(response, always_print_fields_with_no_presence=True)
    if route.response_body:
        fd = response.DESCRIPTOR.fields_by_name[route.response_body]
        return data.get(fd.json_name)
    return data


def resource_id(response: Message) -> dict[str, str]:
    """`name` and/or `id` of a created resource (AIP-122), for the Location header."""
    out = {}
    for key in ("name", "id"):
        fd = response.DESCRIPTOR.fields_by_name.get(key)
        if fd is not None and fd.type == FieldDescriptor.TYPE_STRING \
                and not fd.is_repeated:
            value = getattr(response, key)
            if value:
                out[key] = value
    return out
