"""The app factory: one Flask app serving every configured gRPC backend over HTTP/JSON.

Start-up does the expensive and risky work once — import the stubs, read the HttpRule
annotations, validate every template and field against the descriptors, generate the
OpenAPI document — so a bad annotation fails the deployment instead of a request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import grpc
from flask import Flask, Response
from opentelemetry import trace
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from jlp_common.auth import TokenVerifier
from jlp_common.config import Settings, check_known
from jlp_common.errors import DomainError
from jlp_common.telemetry import setup_telemetry
from jlp_gateway import docs_page, health, lifecycle, live, openapi, proxy, webapp
from jlp_gateway.auth import JWKS_PROVIDER, default_verifier
from jlp_gateway.backends import configured_backends, extra_backends
from jlp_gateway.config import VARIABLES, GatewayConfig
from jlp_gateway.cors import CorsPolicy
from jlp_gateway.errors import problem, problem_from_domain_error, problem_from_rpc_error
from jlp_gateway.extensions import ExtensionContext, Register, load_extensions
from jlp_gateway.ratelimit import RateLimited, RateLimiter
from jlp_gateway.request_telemetry import RequestTelemetry
from jlp_gateway.routing import build_router
from jlp_gateway.state import STATE_KEY, GatewayState, bearer_token

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *,
               services: Sequence[tuple[ModuleType, str]] = (),
               configured: bool = True,
               verifier: TokenVerifier | None = None,
               extensions: Sequence[Register] = (),
               clock: Callable[[], float] = time.monotonic) -> Flask:
    """Build the gateway.

    settings: gateway settings (default `Settings.from_env("gateway")`).
    services: extra backends as (generated `*_pb2` module, "host:port"), e.g. a test service.
    configured: also serve the components whose address is configured (`JLP_<NAME>_ADDR` or
        `JLP_GATEWAY_BACKENDS`; their stubs `jlp.<svc>.v1.*_pb2` from jlp-protos).
    verifier: token verifier (default: identity's JWKS via the JWKS provider hook or URL).
    extensions: extra `register(app, ctx)` functions, after the components' own modules.
    clock: monotonic clock of the rate limiter (tests inject one).
    """
    settings = settings or Settings.from_env("gateway", declared=VARIABLES)
    check_known("gateway", settings.env, VARIABLES)  # tests' settings too: no silent no-op
    config = GatewayConfig.from_settings(settings)
    backends = [*(configured_backends(settings) if configured else []), *extra_backends(services)]
    if not backends:
        log.warning("no backend configured: set JLP_<NAME>_ADDR (or JLP_GATEWAY_BACKENDS) "
                    "for each component this gateway routes")
    router = build_router(backends)

    app = GatewayFlask("jlp_gateway")
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.config[JWKS_PROVIDER] = None
    if config.trusted_proxies > 0:
        hops = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    st = GatewayState(settings, config, backends, router,
                      verifier or default_verifier(app, settings),
                      RateLimiter(config.rate, config.burst, clock=clock),
                      CorsPolicy.from_setting(config.cors_origins), clock)
    st.openapi = openapi.build_document(router.routes)
    app.extensions[STATE_KEY] = st

    telemetry = setup_telemetry("gateway", settings.metrics_port)
    lifecycle.install(app, st, RequestTelemetry(telemetry.tracer("jlp_gateway"),
                                                telemetry.instruments.http_server_duration))
    _install_error_handlers(app)
    app.register_blueprint(health.blueprint(health.ReadinessChecker(backends,
                                                                    config.ready_timeout_s)))
    ctx = ExtensionContext(app, st)
    load_extensions(app, ctx, [b.name for b in backends], extensions)
    live.register(app, st)  # the ops centre's event stream (ADR 0110)
    ctx.document(live.PATH, "GET", live.OPENAPI_OPERATION, tag="Live events",
                 tag_description="Server-Sent Events fed by JetStream (ADR 0110)")
    webapp.register(app, webapp.web_root(settings))  # the ops centre at / when built
    st.openapi["paths"] = dict(sorted(st.openapi["paths"].items()))  # extensions documented theirs
    docs_html = docs_page.render(st.openapi)
    app.add_url_rule("/openapi.json", "openapi", lambda: Response(
        _dumps(st.openapi), mimetype="application/json"))
    app.add_url_rule("/docs", "docs", lambda: Response(docs_html, mimetype="text/html"))

    methods = sorted({"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
                      *(r.http_method for r in router.routes)})
    app.add_url_rule("/<path:path>", proxy.ENDPOINT, proxy.transcode, methods=methods,
                     provide_automatic_options=False)

    log.info("gateway routes ready", extra={
        "backends": {b.name: b.target for b in backends}, "routes": len(router.routes)})
    return app


class GatewayFlask(Flask):
    """Flask, with `ensure_sync`'s answer remembered per function.

    Flask asks `inspect.iscoroutinefunction` of the view and of every request hook on every
    request (four times per request here: ~3 % of the gateway's own CPU, issue 16); whether a
    registered function is a coroutine function never changes. Bounded, in case something
    hands Flask a new function per request."""

    SYNC_CACHE_SIZE = 4096

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._sync[func]
        except KeyError:
            found = super().ensure_sync(func)
            if len(self._sync) < self.SYNC_CACHE_SIZE:
                self._sync[func] = found
            return found
        except TypeError:  # an unhashable callable: ask every time
            return super().ensure_sync(func)


def _dumps(doc: object) -> str:
    import json

    return json.dumps(doc, ensure_ascii=False)


def _install_error_handlers(app: Flask) -> None:
    """Whatever escapes a view (generated or extension) becomes problem+json."""

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> Response:
        return problem(413, "Content Too Large",
                       f"request body exceeds {app.config['MAX_CONTENT_LENGTH']} bytes")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        headers = {}
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)
        return problem(exc.code or 500, exc.name, exc.description or "", headers=headers)

    @app.errorhandler(grpc.RpcError)
    def rpc_error(exc: grpc.RpcError) -> Response:
        return problem_from_rpc_error(exc, token_present=bearer_token() is not None)

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Response:
        return problem_from_domain_error(exc, token_present=bearer_token() is not None)

    @app.errorhandler(RateLimited)
    def rate_limited(exc: RateLimited) -> Response:
        return lifecycle.too_many(exc)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("unhandled error in the gateway")
        trace.get_current_span().record_exception(exc)  # a no-op on an unrecorded span
        return problem(500, "Internal Server Error",
                       "the gateway failed to handle the request; quote the request id")
