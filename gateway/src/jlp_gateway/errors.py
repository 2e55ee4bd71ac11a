"""Every error the gateway answers is `application/problem+json` (RFC 9457).

Members: `type` (a URI per kind of problem), `title`, `status`, `detail`, `instance` (the
request path), plus extensions: `code` (the gRPC code when a backend answered), `reason`
(google.rpc.ErrorInfo.reason), `errors` ([{field, description}] from
google.rpc.BadRequest field violations, field paths in JSON names) and `requestId`.

The gRPC → HTTP table (docs/adr/0021) follows google/rpc/code.proto's HTTP mapping, except
that FAILED_PRECONDITION caused by the resource's state (an illegal transition) is a 409
Conflict: the request was fine, the resource's current state is not.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

import grpc
from flask import Response, g, has_request_context, request
from google.protobuf import any_pb2
from google.protobuf.descriptor import Descriptor
from google.rpc import error_details_pb2, status_pb2

from jlp_common.errors import CODE_NAMES, DomainError, status_from_rpc_error, unpack_details

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://jlp.gov.cn/problems/"

# gRPC code → HTTP status (google/rpc/code.proto mapping; FAILED_PRECONDITION refined below).
HTTP_STATUS: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.OK: 200,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNKNOWN: 500,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.INTERNAL: 500,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DATA_LOSS: 500,
    grpc.StatusCode.UNAUTHENTICATED: 401,
}
_CODES_BY_NUMBER = {c.value[0]: c for c in grpc.StatusCode}
# ErrorInfo reasons that mean "the resource's state forbids this": FAILED_PRECONDITION → 409.
_STATE_REASON = re.compile(r"(^FAILED_PRECONDITION$|STATE|TRANSITION|CONFLICT|STATUS)")
# Backend messages of these codes may carry internals: the client gets a generic detail.
_OPAQUE = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.DATA_LOSS}
# Retry-After of a 503 whose backend gave no RetryInfo (it is restarting or unreachable, so it
# could not say): a restarted pod serves again within seconds (issue 15 fault suite,
# e2e-tests/faults/test_gateway_restart.py), and RFC 9110 §15.6.4 lets a 503 say when to retry.
UNAVAILABLE_RETRY_AFTER_S = 2


def http_status_for(code: grpc.StatusCode, reason: str = "") -> int:
    """HTTP status of a gRPC code; `reason` is the ErrorInfo reason, if any."""
    if code == grpc.StatusCode.FAILED_PRECONDITION and reason and _STATE_REASON.search(reason):
        return 409
    return HTTP_STATUS.get(code, 500)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def request_id() -> str | None:
    return getattr(g, "request_id", None) if has_request_context() else None


def problem(status: int, title: str | None = None, detail: str = "", *,
            type_: str | None = None, errors: Iterable[tuple[str, str] | Mapping[str, str]] = (),
            headers: Mapping[str, str] | None = None, **extensions: Any) -> Response:
    """An RFC 9457 response; `errors` are (field, description) pairs or dicts of those keys."""
    phrase = _phrase(status)
    body: dict[str, Any] = {
        "type": type_ or PROBLEM_BASE + slug(phrase),
        "title": title or phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if has_request_context():
        body["instance"] = request.path
    items = [dict(e) if isinstance(e, Mapping) else {"field": e[0], "description": e[1]}
             for e in errors]
    if items:
        body["errors"] = items
    body.update({k: v for k, v in extensions.items() if v not in (None, "")})
    rid = request_id()
    if rid:
        body["requestId"] = rid
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return {499: "Client Closed Request"}.get(status, "Error")


def camel_field_path(path: str) -> str:
    """`readings[3].value_ug` → `readings[3].valueUg`: identifiers only, bracketed keys kept."""
    def camel(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("["):
            return text
        head, *rest = text.split("_")
        return head + "".join(p[:1].upper() + p[1:] for p in rest)

    return re.sub(r"\[[^\]]*\]|[A-Za-z0-9_]+", camel, path)


def json_field_path(path: str, message: Descriptor | None) -> str:
    """A violation's field path in the JSON the client sent: each proto field name becomes its
    `json_name` (which a proto may set explicitly, e.g. `o3_8h`), walking nested messages of the
    request; unknown parts fall back to lowerCamelCase."""
    if message is None:
        return camel_field_path(path)
    out, current = [], message
    for part in re.findall(r"\[[^\]]*\]|[^.\[]+", path):
        if part.startswith("["):
            out[-1:] = [(out[-1] if out else "") + part]
            continue
        fd = current.fields_by_name.get(part) if current is not None else None
        out.append(fd.json_name if fd is not None else camel_field_path(part))
        current = fd.message_type if fd is not None else None
        if fd is not None and current is not None and current.GetOptions().map_entry:
            current = current.fields_by_name["value"].message_type
    return ".".join(out)


def problem_from_status(status: status_pb2.Status, *, token_present: bool,
                        upstream: bool = True, request_type: Descriptor | None = None) -> Response:
    """The HTTP answer to a failed gRPC call (or an in-process DomainError)."""
    code = _CODES_BY_NUMBER.get(status.code, grpc.StatusCode.UNKNOWN)
    details = unpack_details(status)
    reason, violations, retry_after = "", [], None
    resource: dict[str, str] = {}
    for d in details:
        if isinstance(d, error_details_pb2.ErrorInfo):
            reason = d.reason
        elif isinstance(d, error_details_pb2.BadRequest):
            violations += [(json_field_path(v.field, request_type), v.description)
                           for v in d.field_violations]
        elif isinstance(d, error_details_pb2.RetryInfo):
            retry_after = d.retry_delay.seconds + d.retry_delay.nanos / 1e9
        elif isinstance(d, error_details_pb2.ResourceInfo):
            resource = {"resourceType": d.resource_type, "resourceName": d.resource_name}
    http = http_status_for(code, reason)
    if code == grpc.StatusCode.CANCELLED and upstream:
        # The gateway never cancels a backend call (a deadline ends as DEADLINE_EXCEEDED), so a
        # CANCELLED from a backend is the backend dropping calls it had queued while it stopped
        # (SIGTERM): the service is unavailable, not the client gone (499). Issue 15 fault suite.
        http = 503
    detail = status.message
    if code in _OPAQUE:
        if upstream:
            log.warning("backend error", extra={"code": code.name, "backend_detail": detail})
        detail = "the service failed to handle the request"
    elif code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED) and upstream and not reason:
        detail = "the service is unavailable; retry later"
    elif code == grpc.StatusCode.DEADLINE_EXCEEDED:
        detail = "the service did not answer in time"
    headers: dict[str, str] = {}
    if retry_after is None and http == 503:
        retry_after = UNAVAILABLE_RETRY_AFTER_S
    if retry_after is not None and http in (429, 503):
        headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    if http == 401:
        headers["WWW-Authenticate"] = (
            f'Bearer realm="jlp", error="invalid_token", error_description="{_quote(detail)}"'
            if token_present else 'Bearer realm="jlp"')
    elif http == 403 and token_present:
        headers["WWW-Authenticate"] = 'Bearer realm="jlp", error="insufficient_scope"'
    return problem(http, None, detail, type_=PROBLEM_BASE + slug(code.name), errors=violations,
                   headers=headers, code=code.name, reason=reason or None, **resource)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")


def problem_from_rpc_error(err: grpc.RpcError, *, token_present: bool,
                           request_type: Descriptor | None = None) -> Response:
    """`request_type`: the request message, so field paths come out as the client spelled them."""
    return problem_from_status(status_from_rpc_error(err), token_present=token_present,
                               request_type=request_type)


def status_of(exc: DomainError) -> status_pb2.Status:
    """google.rpc.Status of a DomainError raised inside the gateway (auth, JWKS...)."""
    packed = []
    for d in exc.details():
        a = any_pb2.Any()
        a.Pack(d)
        packed.append(a)
    return status_pb2.Status(code=exc.code.value[0], message=exc.message, details=packed)


def problem_from_domain_error(exc: DomainError, *, token_present: bool) -> Response:
    return problem_from_status(status_of(exc), token_present=token_present, upstream=False)


__all__ = ["CODE_NAMES", "HTTP_STATUS", "PROBLEM_JSON", "camel_field_path", "http_status_for",
           "problem", "problem_from_domain_error", "problem_from_rpc_error",
           "problem_from_status"]
