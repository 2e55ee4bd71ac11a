"""The transcoding view: match a route, build the gRPC request, call, answer in JSON.

One catch-all Flask rule hands every path that no hand-written route (health, OpenAPI,
extensions) claims to the `Router`, because HttpRule templates (`{name=notes/*}:sleep`,
dotted field paths) do not fit werkzeug's converters. Status codes: 201 (+ `Location`) for an
AIP-133 Create, 200 for everything else including Delete, which answers the method's
response message (`{}` for an empty one, the resource for a soft delete) — one rule
for clients, no special 204 case (docs/adr/0020).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import grpc
from flask import Request, Response, current_app, g, request
from google.protobuf.message import Message
from werkzeug.exceptions import HTTPException

from jlp_common import grpc_client
from jlp_gateway.errors import problem, problem_from_rpc_error
from jlp_gateway.request_telemetry import RequestTelemetry
from jlp_gateway.routing import MethodNotAllowed, NoRoute, Route, Router
from jlp_gateway.state import STATE_KEY, GatewayState, client_ip, timeout_s
from jlp_gateway.transcode import TranscodeError, build_request, render_response, resource_id

ENDPOINT = "transcode"


def raw_path(req: Request | None = None) -> str:
    """The request path still percent-encoded (multi-segment variables need it)."""
    req = request if req is None else req
    environ = req.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = urlsplit(raw).path if "://" in raw else raw.split("?", 1)[0]
        if path.startswith("/"):
            return path
    return quote(req.path, safe="/:@!$&'()*+,;=-._~")


def metadata(facts: Any = None, req: Request | None = None) -> list[tuple[str, str]]:
    """Request id, the caller's bearer token and client IP for the backend."""
    facts = g if facts is None else facts
    return grpc_client.call_metadata(facts.get("token"), [("x-forwarded-for", client_ip(req))])


def transcode(path: str = "") -> Response:
    """The catch-all view. Flask's `request`, `g` and app proxies are resolved once here: each
    use of a proxy is a context-variable look-up and a few calls (issue 16 profile)."""
    req: Request = request._get_current_object()  # type: ignore[attr-defined]
    facts = g._get_current_object()  # type: ignore[attr-defined]
    st: GatewayState = current_app.extensions[STATE_KEY]
    try:
        route, bound = st.router.match(req.method, raw_path(req))
    except NoRoute:
        allowed = _flask_methods(req.path)
        if allowed:
            return _method_not_allowed(allowed)
        return problem(404, "Not Found", f"no route for {req.path}")
    except MethodNotAllowed as exc:
        return _method_not_allowed(exc.allowed)
    template = route.template.source
    facts.route_template = template
    facts.route_label = route.label
    facts.grpc_method = route.full_method
    # name the server span by template, not the catch-all
    RequestTelemetry.name_route(facts.get("request_span"), template, route.full_method)
    try:
        message = build_request(route, bound, _query(req), _body(req, route), req.content_type)
    except TranscodeError as exc:
        return problem(exc.status, exc.title, exc.detail, errors=exc.violations)
    timeout = timeout_s(facts, st)
    try:
        reply = route.call()(message, timeout=grpc_client.call_timeout(timeout),
                             metadata=metadata(facts, req))
    except grpc.RpcError as err:
        return problem_from_rpc_error(err, token_present=facts.get("token") is not None,
                                      request_type=message.DESCRIPTOR)
    body = json.dumps(render_response(route, reply), ensure_ascii=False)
    resp = Response(body, status=201 if route.is_create else 200, mimetype="application/json")
    if route.is_create:
        location = location_for(st.router, route, reply)
        if location:
            resp.headers["Location"] = location
    return resp


def _query(req: Request) -> list[tuple[str, str]]:
    """The query parameters in order (none without a query string: no MultiDict built)."""
    if not req.environ.get("QUERY_STRING"):
        return []
    return list(req.args.items(multi=True))


def _body(req: Request, route: Route) -> bytes:
    """The request body, read only for a route whose rule takes one: a GET or DELETE ignores
    any body (google.api.http), and gunicorn discards what is left unread."""
    if not route.body:
        return b""
    return req.get_data(cache=False)


def _method_not_allowed(allowed: Sequence[str]) -> Response:
    methods = sorted({*allowed, *(["HEAD"] if "GET" in allowed else []), "OPTIONS"})
    if request.method == "OPTIONS":  # a plain OPTIONS (not a CORS preflight) lists them
        resp = Response(status=204)
        resp.headers["Allow"] = ", ".join(methods)
        return resp
    return problem(405, "Method Not Allowed", f"{request.method} is not allowed here",
                   headers={"Allow": ", ".join(methods)})


def _flask_methods(path: str) -> list[str]:
    """Methods of hand-written routes (health, extensions) matching the path, for a 405."""
    adapter = current_app.url_map.bind("localhost")
    allowed = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            rule, _ = adapter.match(path, method=method, return_rule=True)
        except HTTPException:
            continue
        if rule.endpoint != ENDPOINT:
            allowed.add(method)
    return sorted(allowed)


def location_for(router: Router, create: Route, reply: Message) -> str | None:
    """URL of the created resource: a GET route of the same service whose only path variable
    is the resource's `name` or `id`, expanded with the value the service returned."""
    ids = resource_id(reply)
    if not ids:
        return None
    service = create.method.containing_service
    for route in router.routes:
        if route.http_method != "GET" or route.method.containing_service is not service:
            continue
        fields = route.path_fields
        if len(fields) == 1 and fields[0] in ids and route.method.name.startswith("Get"):
            path = route.template.expand({fields[0]: ids[fields[0]]})
            if path:
                return quote(path, safe="/:@!$&'()*+,;=-._~")
    return None
