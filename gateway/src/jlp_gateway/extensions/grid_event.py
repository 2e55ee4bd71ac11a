"""Open311 GeoReport v2 under `/open311/v2/`: the spec's wire format around grid-event's
`Open311Service` (proto/jlp/grid_event/v1/open311.proto).

The wire shape is fixed by the (frozen) GeoReport v2 spec — shared/reference/open311-georeport-v2.md
— so existing civic apps and client libraries work unchanged. This module translates, and
knows no rule of the district's: which categories are services, what is closed, the urgency
attribute, text limits, the 90-day window and the jurisdiction are grid-event's answers.

- Routes (§1): `GET services.{json,xml}`, `GET services/{code}.{fmt}` (alias `service/{code}`
  for the codeforamerica client, §4), `POST requests.{fmt}`, `GET requests.{fmt}`,
  `GET requests/{id}.{fmt}`, `GET tokens/{token}.{fmt}`, `GET discovery.{fmt}`.
- Arguments: every text field of the RPC's request message is filled from the argument of the
  same name — form body or query string, so `api_key` and `jurisdiction_id` work from either
  (§4: the open311 client sends them in the query) — and `attribute[CODE]` /
  `attribute[CODE][]` become the request's attributes. Arguments the RPC has no field for
  (submitter e-mail, phone, names) are dropped here, so they are never stored.
- Answers (§3): the suffix picks the format; XML starts with the declaration, JSON is the
  "Spark convention" mapping (lists are bare arrays; one request by id is still an array);
  unset optional fields are null. Errors are `{code, description}` lists: NOT_FOUND → 404,
  UNAUTHENTICATED / PERMISSION_DENIED → 403, other client errors → 400; a backend that is
  down is the gateway's usual problem+json 5xx.
- `api_key` is an auth scheme: the client secret of an OAuth client (a bare secret, or
  `<client_id>:<secret>`), exchanged with identity (client_credentials grant) for a bearer
  token that grid-event verifies and judges like any token — it decides whether the client
  may file Open311 requests. Tokens are cached per key digest until 30 s before they expire;
  exchanges (not cache hits) draw on the per-address budget of `/api/v1/auth/token`
  (identity.py). A key rotated or disabled in identity keeps working from the cache until
  its token expires (≤ 15 minutes), like any issued token.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import Any

import grpc
from flask import Blueprint, Flask, Response, json, request
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from jlp.grid_event.v1 import open311_pb2, open311_pb2_grpc
from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_gateway.extensions import ExtensionContext
from jlp_gateway.extensions.identity import token_limit_key, token_limiter
from jlp_gateway.extensions.standard_docs import document_open311

COMPONENT = "grid-event"
BASE = "/open311/v2"
FORMATS = "<any(json,xml):fmt>"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {"json": "application/json", "xml": "text/xml"}
# §3: gRPC status of a service answer → the HTTP status of the error list.
HTTP_STATUS = {grpc.StatusCode.NOT_FOUND: 404, grpc.StatusCode.UNAUTHENTICATED: 403,
               grpc.StatusCode.PERMISSION_DENIED: 403, grpc.StatusCode.INVALID_ARGUMENT: 400,
               grpc.StatusCode.FAILED_PRECONDITION: 400, grpc.StatusCode.OUT_OF_RANGE: 400}
INVALID_KEY = "Invalid api_key received -- can't proceed with create_request."  # §3 example
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


class Open311Error(Exception):
    """An answer as a GeoReport error list with its HTTP status."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


# --- rendering ---------------------------------------------------------------------------
# Characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# List element → the tag of its items in the spec's XML.
_ITEM_TAG = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
             "formats": "format", "keywords": "keyword"}


def _xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _xml_value(parent: ET.Element, key: str, value: Any) -> None:
    child = ET.SubElement(parent, key)
    if isinstance(value, bool):
        child.text = "true" if value else "false"
    elif isinstance(value, list):
        singular = _ITEM_TAG.get(key, "item")
        for item in value:
            if isinstance(item, Mapping):
                _xml_object(child, singular, item)
            else:
                ET.SubElement(child, singular).text = _xml_text(item)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _xml_value(child, k, v)
    elif value is not None:
        child.text = _xml_text(value)


def _xml_object(parent: ET.Element, tag: str, obj: Mapping[str, Any]) -> ET.Element:
    node = ET.SubElement(parent, tag)
    for k, v in obj.items():
        _xml_value(node, k, v)
    return node


def render(fmt: str, root: str, item: str | None, payload: Any, status: int = 200) -> Response:
    """An object (`item` None) or a list of `item`s under `root`; JSON as the spec's mapping of
    the XML, where a list root becomes a bare array."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False)
        return Response(body, status, content_type="application/json; charset=utf-8")
    top = ET.Element(root)
    if item is None:
        for k, v in payload.items():
            _xml_value(top, k, v)
    else:
        for obj in payload:
            _xml_object(top, item, obj)
    text = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="unicode")
    return Response(text.encode("utf-8"), status, content_type="text/xml; charset=utf-8")


def error_response(fmt: str, status: int, description: str) -> Response:
    return render(fmt, "errors", "error", [{"code": status, "description": description}], status)


# --- messages ↔ wire ---------------------------------------------------------------------
def as_object(message: Message) -> dict[str, Any]:
    """A GeoReport object from a message: fields in declaration order, unset optional ones None."""
    out: dict[str, Any] = {}
    for fd in message.DESCRIPTOR.fields:
        value = getattr(message, fd.name)
        if fd.message_type is not None:
            out[fd.name] = [as_object(v) for v in value] if fd.is_repeated else as_object(value)
        elif fd.is_repeated:
            out[fd.name] = list(value)
        elif fd.has_presence and not message.HasField(fd.name):
            out[fd.name] = None
        else:
            out[fd.name] = value
    return out


def argument(name: str) -> str:
    """A form or query argument (form first on a POST)."""
    value = request.form.get(name) if request.method == "POST" else None
    return (value or request.args.get(name) or "").strip()


def arguments_for(message_class: type[Message], **path: str) -> Message:
    """The RPC request: each singular text field from the path or the argument of its name."""
    message = message_class()
    for fd in message.DESCRIPTOR.fields:
        if fd.type == FieldDescriptor.TYPE_STRING and not fd.is_repeated:
            setattr(message, fd.name, path.get(fd.name) or argument(fd.name))
    return message


def attribute_arguments() -> list[open311_pb2.AttributeArgument]:
    """`attribute[CODE]=v` and `attribute[CODE][]=v1&attribute[CODE][]=v2` (§2 POST)."""
    values: dict[str, list[str]] = {}
    for source in (request.args, request.form):
        for key in source:
            m = _ATTRIBUTE.match(key)
            if m:
                values.setdefault(m.group(1), []).extend(source.getlist(key))
    return [open311_pb2.AttributeArgument(code=code, values=v) for code, v in values.items()]


class TokenCache:
    """Access tokens per api_key digest, reused until 30 s before they expire."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._items: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    @staticmethod
    def key(api_key: str) -> str:
        return hashlib.sha256(api_key.encode()).hexdigest()

    def get(self, api_key: str) -> str | None:
        with self._lock:
            hit = self._items.get(self.key(api_key))
        if hit and hit[1] - 30 > self._clock():
            return hit[0]
        return None

    def put(self, api_key: str, token: str, expires_in: int) -> None:
        with self._lock:
            if len(self._items) > 1000:
                self._items.clear()
            self._items[self.key(api_key)] = (token, self._clock() + expires_in)


# --- routes ------------------------------------------------------------------------------
def register(app: Flask, ctx: ExtensionContext) -> None:
    bp = Blueprint("open311", __name__)
    tokens = TokenCache()
    exchanges = token_limiter(app, ctx)

    def service() -> open311_pb2_grpc.Open311ServiceStub:
        return ctx.stub(COMPONENT, open311_pb2_grpc.Open311ServiceStub)

    def answer(fmt: str, view: Callable[[], Response]) -> Response:
        try:
            return view()
        except Open311Error as exc:
            return error_response(fmt, exc.status, exc.description)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
            status = HTTP_STATUS.get(code)
            if status is None:
                raise  # unavailable backends etc.: the gateway's problem+json (5xx)
            description = INVALID_KEY if code == grpc.StatusCode.UNAUTHENTICATED \
                else exc.details() or code.name
            return error_response(fmt, status, description)

    def token_for(api_key: str) -> str:
        """The bearer token of an api_key (identity's client_credentials grant)."""
        cached = tokens.get(api_key)
        if cached:
            return cached
        exchanges.acquire(token_limit_key(ctx.client_ip()))  # 429 like the token endpoint
        client_id, sep, secret = api_key.partition(":")
        if not sep:  # a bare api_key: identity resolves the client from the secret
            client_id, secret = "", api_key
        identity = ctx.stub("identity", identity_pb2_grpc.IdentityServiceStub)
        try:
            issued = ctx.call(identity.IssueToken, identity_pb2.IssueTokenRequest(
                grant_type="client_credentials", client_id=client_id, client_secret=secret))
        except grpc.RpcError as exc:
            if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise
            raise Open311Error(403, INVALID_KEY) from None
        tokens.put(api_key, issued.access_token, issued.expires_in or 300)
        return issued.access_token

    @bp.get(f"{BASE}/discovery.{FORMATS}")
    def discovery(fmt: str) -> Response:
        def view() -> Response:
            facts = ctx.call(service().GetDiscovery, arguments_for(open311_pb2.GetDiscoveryRequest))
            doc = {**as_object(facts), "endpoints": [{
                "specification": SPECIFICATION, "url": request.url_root.rstrip("/") + BASE,
                "changeset": facts.changeset, "type": "production",
                "formats": [CONTENT_TYPES["xml"], CONTENT_TYPES["json"]]}]}
            return render(fmt, "discovery", None, doc)
        return answer(fmt, view)

    @bp.get(f"{BASE}/services.{FORMATS}")
    def services(fmt: str) -> Response:
        def view() -> Response:
            reply = ctx.call(service().ListServices, arguments_for(open311_pb2.ListServicesRequest))
            return render(fmt, "services", "service", [as_object(s) for s in reply.services])
        return answer(fmt, view)

    @bp.get(f"{BASE}/services/<code>.{FORMATS}")
    @bp.get(f"{BASE}/service/<code>.{FORMATS}")
    def service_definition(code: str, fmt: str) -> Response:
        def view() -> Response:
            reply = ctx.call(service().GetServiceDefinition, arguments_for(
                open311_pb2.GetServiceDefinitionRequest, service_code=code))
            return render(fmt, "service_definition", None, as_object(reply))
        return answer(fmt, view)

    @bp.post(f"{BASE}/requests.{FORMATS}")
    def post_request(fmt: str) -> Response:
        def view() -> Response:
            message = arguments_for(open311_pb2.CreateServiceRequestRequest)
            message.attributes.extend(attribute_arguments())
            api_key = argument("api_key")
            token = token_for(api_key) if api_key else None  # none: the service says 403
            receipt = ctx.call(service().CreateServiceRequest, message, token=token)
            return render(fmt, "service_requests", "request", [as_object(receipt)])
        return answer(fmt, view)

    @bp.get(f"{BASE}/requests.{FORMATS}")
    def get_requests(fmt: str) -> Response:
        def view() -> Response:
            reply = ctx.call(service().ListServiceRequests,
                             arguments_for(open311_pb2.ListServiceRequestsRequest))
            return render(fmt, "service_requests", "request", [as_object(r) for r in reply.requests])
        return answer(fmt, view)

    @bp.get(f"{BASE}/requests/<request_id>.{FORMATS}")
    def get_request(request_id: str, fmt: str) -> Response:
        def view() -> Response:
            found = ctx.call(service().GetServiceRequest, arguments_for(
                open311_pb2.GetServiceRequestRequest, service_request_id=request_id))
            return render(fmt, "service_requests", "request", [as_object(found)])
        return answer(fmt, view)

    @bp.get(f"{BASE}/tokens/<token>.{FORMATS}")
    def get_token(token: str, fmt: str) -> Response:
        def view() -> Response:
            found = ctx.call(service().GetServiceRequestToken, arguments_for(
                open311_pb2.GetServiceRequestTokenRequest, token=token))
            return render(fmt, "service_requests", "request", [as_object(found)])
        return answer(fmt, view)

    app.register_blueprint(bp)
    document_open311(ctx, BASE)
