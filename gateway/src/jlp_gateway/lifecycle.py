"""Cross-cutting steps around every request, in this order:

1. request id: a sane `X-Request-ID` (1–128 of `[A-Za-z0-9._:+/=-]`) is kept, anything else
   is replaced by a fresh one; it is logged, sent to the backends and returned on every
   response;
2. CORS preflight answered (before auth: browsers send it without credentials);
3. body over JLP_GATEWAY_MAX_BODY_BYTES refused with 413 from Content-Length, before reading;
4. a bearer token, when present, verified (401 with `WWW-Authenticate` when bad);
5. rate limit per token subject, else per client IP (429 with `Retry-After`);
6. the call deadline: `X-Timeout` seconds (capped) or the default.
Before all of these, the request's server span starts in the caller's trace (request_telemetry).
After the response: CORS headers, `X-Request-ID`, security headers, a JSON access-log line (method, route
template, status, duration, request id, caller) and the `http.server.duration` metric (Prometheus
`http_server_duration_milliseconds`, which the dashboards and the 5xx alert read); at teardown
the span ends.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Request, Response, g, request

from jlp_common import context as jctx
from jlp_common.errors import DomainError
from jlp_gateway.auth import token_of
from jlp_gateway.errors import problem, problem_from_domain_error
from jlp_gateway.ratelimit import RateLimited
from jlp_gateway.request_telemetry import ENVIRON_GETTER, PROBE_PATHS, RequestSpan, RequestTelemetry
from jlp_gateway.state import GatewayState, client_ip

access_log = logging.getLogger("jlp.gateway.access")
log = logging.getLogger(__name__)

REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")


def valid_request_id(value: str | None) -> bool:
    """The whole value matches (`fullmatch`: `$` would also let a trailing newline through,
    which werkzeug then refuses as a header value)."""
    return bool(value) and REQUEST_ID.fullmatch(value) is not None


def too_many(exc: RateLimited) -> Response:
    return problem(429, "Too Many Requests", str(exc),
                   headers={"Retry-After": exc.retry_after_header})


def install(app: Flask, st: GatewayState, telemetry: RequestTelemetry) -> None:
    """Register the before/after/teardown hooks on the app.

    Each hook resolves Flask's `request` and `g` proxies once and works on the objects, and
    reads headers from the WSGI environ: a proxy look-up or an `EnvironHeaders` get is a few
    function calls each, and the hooks made ~65 of them per request (issue 16 profile)."""

    @app.before_request
    def begin() -> Response | None:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
        facts = g._get_current_object()  # type: ignore[attr-defined]
        facts.started = time.perf_counter()
        environ = req.environ
        path = req.path
        if telemetry.traced(path):
            rule = req.url_rule
            facts.request_span = telemetry.start(
                req.method, path, environ,
                rule=rule.rule if rule is not None and rule.endpoint != "transcode" else None,
                scheme=req.scheme, getter=ENVIRON_GETTER)
        header = environ.get("HTTP_X_REQUEST_ID")
        facts.request_id = request_id = (header if valid_request_id(header)
                                         else jctx.new_request_id())
        ip = client_ip(req)
        facts.ctx_tokens = [
            (jctx.request_id_var, jctx.request_id_var.set(request_id)),
            (jctx.peer_var, jctx.peer_var.set(ip)),
        ]
        if st.cors.is_preflight(req):
            facts.route_label = "preflight"
            return st.cors.preflight(req)
        length = req.content_length
        if length is not None and length > st.config.max_body_bytes:
            return problem(413, "Content Too Large",
                           f"request body exceeds {st.config.max_body_bytes} bytes")
        if (refused := _authenticate(st, environ, facts, ip)) is not None:
            return refused
        if path not in st.rate_limit_exempt:
            principal = facts.principal
            key = f"sub:{principal.subject}" if principal else f"ip:{ip}"
            try:
                st.limiter.acquire(key)
            except RateLimited as exc:
                return too_many(exc)
        return _set_deadline(st, environ, facts)

    @app.after_request
    def finish(response: Response) -> Response:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
        facts = g._get_current_object()  # type: ignore[attr-defined]
        response.headers["X-Request-ID"] = getattr(facts, "request_id", "") or jctx.new_request_id()
        st.cors.decorate(req, response)
        secure_headers(response, req.path)
        _record(telemetry, response.status_code, req, facts)
        return response

    @app.teardown_request
    def reset(exc: BaseException | None) -> None:
        facts = g._get_current_object()  # type: ignore[attr-defined]
        current: RequestSpan | None = facts.pop("request_span", None)
        if exc is not None and current is not None and not current.finished:
            # no response was made: counted as the 500 it is
            _record(telemetry, 500, request._get_current_object(), facts, current)  # type: ignore[attr-defined]
        telemetry.close(current, exc)
        for var, token in reversed(getattr(facts, "ctx_tokens", ())):
            try:
                var.reset(token)
            except ValueError:  # set in another context (should not happen); harmless
                pass


# OWASP REST Security Cheat Sheet, "Security headers" (OWASP API8:2023): no MIME sniffing,
# no framing, no referrer leak; API answers (JSON, problem+json) are never cached by a shared
# cache (they carry personal data) and get a CSP that lets them run nothing if rendered.
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "no-referrer"}
API_CSP = "default-src 'none'; frame-ancestors 'none'"
API_PREFIXES = ("/api/", "/open311/", "/.well-known/")


def secure_headers(response: Response, path: str | None = None) -> None:
    """Add the security headers a response lacks (a view that set its own keeps them).

    The names present are read once: werkzeug's `Headers.setdefault` raises and catches a
    `BadRequestKeyError` for every missing name, five per response here (issue 16 profile)."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if (request.path if path is None else path).startswith(API_PREFIXES):
        if "cache-control" not in present:
            headers.add("Cache-Control", "no-store")
        if ("content-security-policy" not in present
                and not (response.mimetype or "").startswith("text/html")):
            headers.add("Content-Security-Policy", API_CSP)


def _authenticate(st: GatewayState, environ: Mapping[str, Any], facts: Any,
                  ip: str) -> Response | None:
    """Verify a bearer token if one came; None lets the request go on."""
    facts.token = token = token_of(environ.get("HTTP_AUTHORIZATION"))
    facts.principal = None
    if token is None:
        return None
    try:
        facts.principal = principal = st.verifier.verify(token)
    except DomainError as exc:
        try:  # bad tokens still spend the IP's budget: no free signature checks
            st.limiter.acquire(f"ip:{ip}")
        except RateLimited as limited:
            return too_many(limited)
        return problem_from_domain_error(exc, token_present=True)
    facts.ctx_tokens.append((jctx.principal_var, jctx.principal_var.set(principal)))
    return None


def _set_deadline(st: GatewayState, environ: Mapping[str, Any], facts: Any) -> Response | None:
    raw = environ.get("HTTP_X_TIMEOUT")
    budget = st.config.timeout_s
    if raw:
        try:
            asked = float(raw.strip().removesuffix("s"))
            if not asked > 0 or asked != asked:
                raise ValueError
        except ValueError:
            return problem(400, "Bad Request", "X-Timeout must be a positive number of seconds",
                           errors=[("X-Timeout", "must be a positive number of seconds")])
        budget = min(asked, st.config.max_timeout_s)
    facts.timeout_s = budget
    facts.ctx_tokens.append((jctx.deadline_var, jctx.deadline_var.set(time.monotonic() + budget)))
    return None


def route_label(facts: Any = None, req: Request | None = None) -> str:
    """Low-cardinality route name for logs: the template (after the method for a transcoded
    route), never the raw path."""
    facts = g if facts is None else facts
    label = getattr(facts, "route_label", None)
    if label:
        return label
    return route_template(facts, req)


def route_template(facts: Any = None, req: Request | None = None) -> str:
    """The metric's `http.route`: the matched template, `preflight` for a CORS preflight, or
    `unmatched` — never the raw path, whose ids would make one series per resource."""
    facts = g if facts is None else facts
    template = getattr(facts, "route_template", None)
    if template:
        return template
    if getattr(facts, "route_label", None) == "preflight":
        return "preflight"
    rule = (request if req is None else req).url_rule
    if rule is not None and rule.endpoint != "transcode":
        return rule.rule
    return "unmatched"


def _record(telemetry: RequestTelemetry, status: int, req: Request, facts: Any,
            current: RequestSpan | None = None) -> None:
    started = getattr(facts, "started", None)
    elapsed_ms = (time.perf_counter() - started) * 1000.0 if started else 0.0
    path = req.path
    if telemetry.traced(path):
        telemetry.finish(current or facts.get("request_span"), method=req.method,
                         route=route_template(facts, req), status=status, elapsed_ms=elapsed_ms)
    if path in PROBE_PATHS and status < 400:
        return  # probes every few seconds would drown the log
    if not access_log.isEnabledFor(logging.INFO):
        return  # the line's fields are not even gathered (JLP_LOG_LEVEL above INFO)
    principal = getattr(facts, "principal", None)
    access_log.info("request", extra={
        "method": req.method, "route": route_label(facts, req), "path": path, "status": status,
        "duration_ms": round(elapsed_ms, 2), "client_ip": client_ip(req),
        "caller": principal.subject if principal else None,
        "grpc_method": getattr(facts, "grpc_method", None)})
