"""Hand-written routes where a standard dictates the wire shape (DESIGN §3).

OAuth2's token endpoint (RFC 6749), OIDC discovery and JWKS, Open311 GeoReport v2 cannot be
generated from HttpRule annotations, so each component may ship a module here named after it
(`-` → `_`): `jlp_gateway/extensions/identity.py`, `.../grid_event.py`, ... The gateway
imports the module of every available component (plus the extra backends a test passes) at
start-up and calls its `register(app, ctx)` once. A module that fails to import or register
stops start-up: a half-mounted API is worse than none.

An extension module:

    from flask import Blueprint, Flask, jsonify, request
    from jlp_gateway.extensions import ExtensionContext
    from jlp.identity.v1 import identity_pb2, identity_pb2_grpc

    def register(app: Flask, ctx: ExtensionContext) -> None:
        bp = Blueprint("identity_ext", __name__)
        stub = ctx.stub("identity", identity_pb2_grpc.IdentityServiceStub)

        @bp.get("/.well-known/jwks.json")
        def jwks():
            reply = ctx.call(stub.GetJwks, identity_pb2.GetJwksRequest())
            return jsonify(...)

        app.register_blueprint(bp)
        ctx.set_jwks_provider(lambda: ...)  # lets the gateway verify tokens without HTTP

Inside a view the gateway has already done the cross-cutting work: request id, CORS,
body limit, bearer-token verification (when the header is `Bearer`), the global rate limit,
deadline, access log and metrics. A `grpc.RpcError` or a `jlp_common.errors.DomainError`
escaping a view becomes the same problem+json answer as on generated routes, so views can
let backend errors through.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import grpc
from flask import Flask, Response

from jlp_common import grpc_client
from jlp_common.auth import Principal
from jlp_common.registry import component
from jlp_gateway import state as request_state
from jlp_gateway.auth import JWKS_PROVIDER
from jlp_gateway.backends import pb2_modules_of
from jlp_gateway.errors import problem, problem_from_rpc_error
from jlp_gateway.ratelimit import RateLimiter
from jlp_gateway.state import GatewayState

log = logging.getLogger(__name__)
T = TypeVar("T")
Register = Callable[[Flask, "ExtensionContext"], None]


class ExtensionContext:
    """What an extension may use; one instance per app, safe to keep in closures."""

    def __init__(self, app: Flask, st: GatewayState) -> None:
        self.app = app
        self._state = st
        self.settings = st.settings
        self.config = st.config
        self.rate_limiter: RateLimiter = st.limiter

    # --- backends -----------------------------------------------------------------------
    def channel(self, component_name: str) -> grpc.Channel:
        """The shared channel to a component (its JLP_<NAME>_ADDR), as generated routes use."""
        backend = self._state.backend(component_name)
        if backend is not None:
            return backend.channel()
        comp = component(component_name)
        return grpc_client.channel(self.settings.addr(comp.name),
                                   pb2_modules_of(comp.proto_package))

    def stub(self, component_name: str, stub_class: Callable[[grpc.Channel], T]) -> T:
        """A generated stub (e.g. `IdentityServiceStub`) on the component's shared channel."""
        return stub_class(self.channel(component_name))

    def call(self, method: Callable[..., Any], request: Any, *, timeout_s: float | None = None,
             metadata: Iterable[tuple[str, str]] = (), token: str | None = None) -> Any:
        """Call `stub.Method` with this request's deadline, request id, bearer token and
        client IP (`x-forwarded-for`). `token` replaces the request's bearer token with one
        the extension obtained for another auth scheme (Open311's api_key); the service
        verifies it and decides, as for any token. Raises grpc.RpcError (answered as
        problem+json)."""
        budget = timeout_s if timeout_s is not None else request_state.timeout_s()
        md = grpc_client.call_metadata(token or request_state.bearer_token(),
                                       [("x-forwarded-for", request_state.client_ip()),
                                        *metadata])
        return method(request, timeout=grpc_client.call_timeout(budget), metadata=md)

    # --- answers ------------------------------------------------------------------------
    def problem(self, status: int, title: str | None = None, detail: str = "", *,
                errors: Iterable[tuple[str, str] | Mapping[str, str]] = (),
                headers: Mapping[str, str] | None = None, **extensions: Any) -> Response:
        """An application/problem+json response (RFC 9457) with the request id."""
        return problem(status, title, detail, errors=errors, headers=headers, **extensions)

    def problem_from_rpc_error(self, err: grpc.RpcError) -> Response:
        """The problem+json answer the generated routes give for this gRPC error."""
        return problem_from_rpc_error(err, token_present=self.bearer_token() is not None)

    # --- the current request ------------------------------------------------------------
    @staticmethod
    def bearer_token() -> str | None:
        """The request's verified bearer token (None without one)."""
        return request_state.bearer_token()

    @staticmethod
    def principal() -> Principal | None:
        """The verified caller, or None for an anonymous request."""
        return request_state.principal()

    @staticmethod
    def client_ip() -> str:
        return request_state.client_ip()

    @staticmethod
    def request_id() -> str | None:
        from flask import g

        return g.get("request_id")

    # --- gateway hooks ------------------------------------------------------------------
    def set_jwks_provider(self, provider: Callable[[], Mapping[str, Any]]) -> None:
        """Where the gateway gets the JWK Set to verify tokens (instead of HTTP to itself)."""
        self.app.config[JWKS_PROVIDER] = provider

    def new_rate_limiter(self, rate: float, burst: float) -> RateLimiter:
        """A separate limiter (e.g. stricter for the token endpoint), same clock as the app.
        `limiter.acquire(key)` raises RateLimited, answered 429 with Retry-After."""
        return RateLimiter(rate, burst, clock=self._state.clock)

    # --- documentation --------------------------------------------------------------------
    def document(self, path: str, method: str, operation: Mapping[str, Any], *,
                 tag: str, tag_description: str = "") -> None:
        """Add a hand-written route to /openapi.json and /docs (OpenAPI 3.1 operation object).

        Routes a standard dictates are still part of the API a front-end developer reads: the
        token endpoint, discovery, Open311. `path` uses OpenAPI `{param}` syntax.
        """
        doc = self._state.openapi
        doc.setdefault("paths", {}).setdefault(path, {})[method.lower()] = {
            **operation, "tags": [tag]}
        tags = doc.setdefault("tags", [])
        if not any(t["name"] == tag for t in tags):
            tags.append({"name": tag, "description": tag_description or tag})

    def exempt_from_rate_limit(self, path: str) -> None:
        """Leave a path out of the global limit (e.g. a discovery document clients poll)."""
        self._state.rate_limit_exempt.add(path)


def module_name(component_name: str) -> str:
    return component_name.replace("-", "_")


def load_extensions(app: Flask, ctx: ExtensionContext, component_names: Iterable[str],
                    extra: Iterable[Register] = ()) -> list[str]:
    """Import `jlp_gateway.extensions.<component>` where it exists and call `register`."""
    loaded = []
    for name in dict.fromkeys(component_names):
        full = f"{__name__}.{module_name(name)}"
        if importlib.util.find_spec(full) is None:
            continue
        module = importlib.import_module(full)
        register = getattr(module, "register", None)
        if not callable(register):
            raise TypeError(f"{full} has no register(app, ctx) function")
        register(app, ctx)
        loaded.append(full)
    for register in extra:
        register(app, ctx)
        loaded.append(getattr(register, "__qualname__", repr(register)))
    if loaded:
        log.info("gateway extensions loaded", extra={"extensions": loaded})
    return loaded
