"""Identity's standard-shaped routes: the OAuth 2.0 token and revocation endpoints, discovery
metadata and the JWK Set — wire formats the HttpRule transcoder cannot produce.

- `POST /api/v1/auth/token` (RFC 6749 §3.2, §4.3, §4.4, §6): form-encoded (JSON accepted too),
  client authentication by HTTP Basic (§2.3.1) or in the body; errors are the §5.2 JSON
  `{"error", "error_description"}` — 400, or 401 for `invalid_client` and `mfa_required` —
  and every answer carries `Cache-Control: no-store`. A client_credentials request with a
  secret and no client_id is an API key (identity accepts it for open311_app clients only).
  A sign-in that must first change its initial password gets a restricted token and the
  answer adds `"password_change_required": true` (RFC 6749 §5.1 allows extra parameters).
- `POST /api/v1/auth/revoke` (RFC 7009): 200 whether or not the token was known.
- `GET /.well-known/openid-configuration` and `/.well-known/oauth-authorization-server`
  (authorization-server metadata, RFC 8414 / OIDC Discovery) with URLs of this gateway, and
  `GET /.well-known/jwks.json` (RFC 7517).

Registration (`POST /api/v1/auth/register`) is an ordinary annotated RPC (identity.proto), and
what a restricted token may call is decided by each service (jlp_common.auth.authorize refuses
it with PASSWORD_CHANGE_REQUIRED / TOTP_ENROLMENT_REQUIRED), not here. All logic stays in the
identity service; these views only reshape requests and answers.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus

import grpc
from flask import Blueprint, Flask, Response, json, request
from google.protobuf import json_format

from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_common.errors import status_from_rpc_error, unpack_details
from jlp_gateway.extensions import ExtensionContext
from jlp_gateway.extensions.standard_docs import document_identity
from jlp_gateway.ratelimit import RateLimiter

COMPONENT = "identity"
TOKEN_PATH = "/api/v1/auth/token"  # noqa: S105 - a URL path, not a secret
REVOKE_PATH = "/api/v1/auth/revoke"
JWKS_PATH = "/.well-known/jwks.json"
DISCOVERY_PATHS = ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")
TOKEN_FIELDS = ("grant_type", "username", "password", "otp", "refresh_token", "client_id",
                "client_secret", "scope")
REVOKE_FIELDS = ("token", "token_type_hint", "client_id", "client_secret")
# ErrorInfo reason from identity → (OAuth error code, HTTP status), RFC 6749 §5.2.
OAUTH_ERRORS: dict[str, tuple[str, int]] = {
    "INVALID_GRANT": ("invalid_grant", 400),
    "ACCOUNT_LOCKED": ("invalid_grant", 400),
    "INVALID_CLIENT": ("invalid_client", 401),
    "MFA_REQUIRED": ("mfa_required", 401),
    "UNSUPPORTED_GRANT_TYPE": ("unsupported_grant_type", 400),
    "INVALID_SCOPE": ("invalid_scope", 400),
    "INVALID_REQUEST": ("invalid_request", 400),
}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# Token and revocation requests per client IP (JLP_GATEWAY_TOKEN_RATE / _BURST; 0 disables):
# the lockout protects accounts, this protects identity's argon2 CPU budget from one address.
# One budget per address for every token issue, whichever route asks identity for it (the
# Open311 api_key exchange in grid_event.py draws on it too).
TOKEN_RATE, TOKEN_BURST = 5.0, 30.0
TOKEN_LIMITER_KEY = "jlp_token_limiter"  # noqa: S105 - an app.extensions key, not a secret


def token_limiter(app: Flask, ctx: ExtensionContext) -> RateLimiter:
    """The app's one limiter of token requests (created by the first extension that asks)."""
    limiter = app.extensions.get(TOKEN_LIMITER_KEY)
    if limiter is None:
        limiter = ctx.new_rate_limiter(
            ctx.settings.get_float("JLP_GATEWAY_TOKEN_RATE", TOKEN_RATE),
            ctx.settings.get_float("JLP_GATEWAY_TOKEN_BURST", TOKEN_BURST))
        app.extensions[TOKEN_LIMITER_KEY] = limiter
    return limiter


def token_limit_key(ip: str) -> str:
    return "token:" + ip


class OAuthError(Exception):
    """An RFC 6749 §5.2 error answered by the token or revocation endpoint."""

    def __init__(self, error: str, description: str, status: int = 400,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status
        self.headers = dict(headers or {})


def _oauth_response(err: OAuthError) -> Response:
    body = {"error": err.error, "error_description": err.description}
    resp = Response(json.dumps(body), status=err.status, mimetype="application/json")
    for key, value in {**NO_STORE, **err.headers}.items():
        resp.headers[key] = value
    return resp


def _json_object() -> dict[str, Any] | None:
    """The request body as a JSON object, or None when it is anything else.

    Flask's `silent=True` only swallows ValueError; a body nested deeper than the decoder's
    recursion limit (`[[[[...`) raises RecursionError, which would otherwise be a 500.
    """
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        return None
    return data if isinstance(data, dict) else None


def _parameters(names: tuple[str, ...]) -> dict[str, str]:
    """Request parameters from a form body (the standard) or a JSON object.

    RFC 6749 §3.2: parameters sent more than once are an invalid_request. In JSON every
    parameter is a string, as in a form (a list or object is not silently stringified).
    """
    if request.mimetype == "application/json":
        data = _json_object()
        if data is None:
            raise OAuthError("invalid_request", "the body must be a JSON object")
        wrong = [k for k in names if data.get(k) is not None and not isinstance(data[k], str)]
        if wrong:
            raise OAuthError("invalid_request", f"must be strings: {', '.join(wrong)}")
        return {k: data[k] for k in names if data.get(k)}
    form = request.form
    repeated = [k for k in names if len(form.getlist(k)) > 1]
    if repeated:
        raise OAuthError("invalid_request", f"parameter repeated: {', '.join(repeated)}")
    return {k: form[k] for k in names if form.get(k)}


def _client_credentials(params: dict[str, str]) -> tuple[str, str, bool]:
    """(client_id, client_secret, came_by_basic) — HTTP Basic per RFC 6749 §2.3.1, whose
    user-id and password are form-urlencoded before base64."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return params.get("client_id", ""), params.get("client_secret", ""), False
    if params.get("client_secret"):
        raise OAuthError("invalid_request", "use one client authentication method, not two")
    try:
        raw = base64.b64decode(value.strip(), validate=True).decode()
        user, sep, secret = raw.partition(":")
        if not sep:
            raise ValueError("no colon")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise OAuthError("invalid_client", "malformed Basic credentials", 401,
                         {"WWW-Authenticate": 'Basic realm="jlp"'}) from None
    return unquote_plus(user), unquote_plus(secret), True


def _oauth_error_from_rpc(err: grpc.RpcError, basic: bool) -> OAuthError | None:
    """The OAuth error for an identity failure, or None when it is not one (e.g. UNAVAILABLE)."""
    status = status_from_rpc_error(err)
    reason = next((d.reason for d in unpack_details(status) if hasattr(d, "reason")), "")
    mapped = OAUTH_ERRORS.get(reason)
    if mapped is None and err.code() == grpc.StatusCode.INVALID_ARGUMENT:
        mapped = OAUTH_ERRORS["INVALID_REQUEST"]
    if mapped is None:
        return None
    error, http = mapped
    headers = {"WWW-Authenticate": 'Basic realm="jlp"'} if error == "invalid_client" and basic \
        else {}
    return OAuthError(error, status.message, http, headers)


def register(app: Flask, ctx: ExtensionContext) -> None:
    bp = Blueprint("identity_standard_routes", __name__)
    stub = ctx.stub(COMPONENT, identity_pb2_grpc.IdentityServiceStub)
    limiter = token_limiter(app, ctx)

    def call_oauth(method: Any, message: Any, basic: bool) -> Any:
        try:
            return ctx.call(method, message)
        except grpc.RpcError as err:
            oauth = _oauth_error_from_rpc(err, basic)
            if oauth is None:
                raise
            raise oauth from None

    @bp.errorhandler(OAuthError)
    def oauth_error(err: OAuthError) -> Response:
        return _oauth_response(err)

    @bp.post(TOKEN_PATH)
    def token() -> Response:
        limiter.acquire(token_limit_key(ctx.client_ip()))
        params = _parameters(TOKEN_FIELDS)
        client_id, client_secret, basic = _client_credentials(params)
        if not params.get("grant_type"):
            raise OAuthError("invalid_request", "grant_type is required")
        message = identity_pb2.IssueTokenRequest(
            **{**params, "client_id": client_id, "client_secret": client_secret})
        reply = call_oauth(stub.IssueToken, message, basic)
        body: dict[str, Any] = {"access_token": reply.access_token,
                                "token_type": reply.token_type, "expires_in": reply.expires_in,
                                "scope": reply.scope}
        if reply.refresh_token:
            body["refresh_token"] = reply.refresh_token
        if reply.password_change_required:
            body["password_change_required"] = True
        resp = Response(json.dumps(body), status=200, mimetype="application/json")
        resp.headers.update(NO_STORE)
        return resp

    @bp.post(REVOKE_PATH)
    def revoke() -> Response:
        limiter.acquire(token_limit_key(ctx.client_ip()))
        params = _parameters(REVOKE_FIELDS)
        client_id, client_secret, basic = _client_credentials(params)
        if not params.get("token"):
            raise OAuthError("invalid_request", "token is required")
        call_oauth(stub.RevokeToken, identity_pb2.RevokeTokenRequest(
            token=params["token"], token_type_hint=params.get("token_type_hint", ""),
            client_id=client_id, client_secret=client_secret), basic)
        resp = Response("", status=200)
        resp.headers.update(NO_STORE)
        return resp

    def jwks_document() -> dict[str, Any]:
        # Called by the gateway's own verifier too, possibly while it verifies a bad token:
        # so no caller metadata is forwarded (GetJwks is public).
        reply = stub.GetJwks(identity_pb2.GetJwksRequest(), timeout=5)
        return {"keys": [json_format.MessageToDict(k, preserving_proto_field_name=True)
                         for k in reply.keys]}

    @bp.get(JWKS_PATH)
    def jwks() -> Response:
        resp = Response(json.dumps(jwks_document()), mimetype="application/jwk-set+json")
        resp.headers["Cache-Control"] = "public, max-age=300"
        return resp

    def discovery() -> Response:
        meta = ctx.call(stub.GetServerMetadata, identity_pb2.GetServerMetadataRequest())
        base = request.host_url.rstrip("/")
        doc = {
            "issuer": meta.issuer,
            "token_endpoint": base + TOKEN_PATH,
            "jwks_uri": base + JWKS_PATH,
            "revocation_endpoint": base + REVOKE_PATH,
            "grant_types_supported": list(meta.grant_types_supported),
            "response_types_supported": [],  # no authorization endpoint (no browser flows)
            "scopes_supported": list(meta.scopes_supported),
            "token_endpoint_auth_methods_supported":
                list(meta.token_endpoint_auth_methods_supported),
            "revocation_endpoint_auth_methods_supported":
                list(meta.token_endpoint_auth_methods_supported),
            "access_token_signing_alg_values_supported": list(meta.signing_alg_values_supported),
            "claims_supported": list(meta.claims_supported),
            "subject_types_supported": ["public"],
            "service_documentation": base + "/docs",
        }
        resp = Response(json.dumps(doc), mimetype="application/json")
        resp.headers["Cache-Control"] = "public, max-age=3600"
        return resp

    for path in DISCOVERY_PATHS:
        bp.add_url_rule(path, path.rsplit("/", 1)[-1], discovery, methods=["GET"])
    app.register_blueprint(bp)
    document_identity(ctx, token=TOKEN_PATH, revoke=REVOKE_PATH, jwks=JWKS_PATH,
                      discovery=DISCOVERY_PATHS)
    for path in (JWKS_PATH, *DISCOVERY_PATHS):
        ctx.exempt_from_rate_limit(path)
    ctx.set_jwks_provider(jwks_document)
