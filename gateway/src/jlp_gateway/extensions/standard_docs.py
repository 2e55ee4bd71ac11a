"""OpenAPI descriptions of the hand-written routes a standard dictates (OAuth 2.0 / OIDC, Open311).

The transcoder documents every proto-derived route itself; these routes have no proto behind
them, so their extensions describe them here, in the same document (/openapi.json, /docs).
"""

from __future__ import annotations

from typing import Any

from jlp_gateway.extensions import ExtensionContext

PROBLEM = {"$ref": "#/components/responses/Problem"}
OAUTH_ERROR = {
    "description": "OAuth 2.0 error (RFC 6749 §5.2)",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["error"],
        "properties": {
            "error": {"type": "string", "enum": [
                "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                "unsupported_grant_type", "invalid_scope", "mfa_required"]},
            "error_description": {"type": "string"}}}}},
}
TOKEN_REQUEST = {
    "type": "object", "required": ["grant_type"],
    "properties": {
        "grant_type": {"type": "string", "enum": ["password", "refresh_token", "client_credentials"]},
        "username": {"type": "string", "description": "phone, resident ID number or credit code"},
        "password": {"type": "string", "format": "password"},
        "otp": {"type": "string", "description": "RFC 6238 one-time password (privileged staff)"},
        "refresh_token": {"type": "string"},
        "client_id": {"type": "string"},
        "client_secret": {"type": "string", "format": "password"},
        "scope": {"type": "string", "description": "space-separated subset of the granted scope"},
    },
}
TOKEN_RESPONSE = {
    "type": "object", "required": ["access_token", "token_type", "expires_in"],
    "properties": {
        "access_token": {"type": "string", "description": "JWT (EdDSA), 15 minutes"},
        "token_type": {"type": "string", "enum": ["Bearer"]},
        "expires_in": {"type": "integer"},
        "refresh_token": {"type": "string", "description": "rotating; reuse revokes the family"},
        "scope": {"type": "string"},
        "password_change_required": {"type": "boolean"},
    },
}
def _form_or_json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema},
                                          "application/json": {"schema": schema}}}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_identity(ctx: ExtensionContext, *, token: str, revoke: str, jwks: str,
                      discovery: tuple[str, ...]) -> None:
    tag, about = "auth", "OAuth 2.0 / OpenID Connect endpoints (identity)"
    public = [{}]
    ctx.document(token, "post", {
        "operationId": "auth_token", "summary": "Issue tokens (RFC 6749: password, refresh_token, "
        "client_credentials grants)", "security": public,
        "requestBody": _form_or_json(TOKEN_REQUEST),
        "responses": {"200": _json(TOKEN_RESPONSE), "400": OAUTH_ERROR, "401": OAUTH_ERROR,
                      "429": PROBLEM}}, tag=tag, tag_description=about)
    ctx.document(revoke, "post", {
        "operationId": "auth_revoke", "summary": "Revoke a token (RFC 7009)", "security": public,
        "requestBody": _form_or_json({"type": "object", "required": ["token"], "properties": {
            "token": {"type": "string"}, "token_type_hint": {"type": "string"},
            "client_id": {"type": "string"}, "client_secret": {"type": "string"}}}),
        "responses": {"200": {"description": "revoked (or unknown)"}, "400": OAUTH_ERROR,
                      "401": OAUTH_ERROR, "429": PROBLEM}}, tag=tag)
    ctx.document(jwks, "get", {
        "operationId": "auth_jwks", "summary": "Signing keys (JWK Set)", "security": public,
        "responses": {"200": {"description": "JWK Set", "content": {"application/jwk-set+json": {
            "schema": {"type": "object", "properties": {"keys": {"type": "array", "items": {
                "type": "object"}}}}}}}}}, tag=tag)
    for i, path in enumerate(discovery):
        ctx.document(path, "get", {
            "operationId": f"auth_metadata_{i}", "summary": "Authorization server metadata "
            "(OpenID Connect Discovery / RFC 8414)", "security": public,
            "responses": {"200": _json({"type": "object"})}}, tag=tag)


def document_open311(ctx: ExtensionContext, base: str) -> None:
    tag, about = "open311", "Open311 GeoReport v2 (grid-event cases for civic apps)"
    fmt = {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "enum": ["json", "xml"]}}
    jurisdiction = {"name": "jurisdiction_id", "in": "query", "schema": {"type": "string"}}
    listing = {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {
        "type": "object"}}}, "application/xml": {"schema": {"type": "string"}}}}
    errors = {"description": "Open311 error list", "content": {"application/json": {"schema": {
        "type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "integer"}, "description": {"type": "string"}}}}}}}
    public = [{}]

    def op(op_id: str, summary: str, params: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return {"operationId": op_id, "summary": summary, "security": public,
                "parameters": [fmt, jurisdiction, *params],
                "responses": {"200": listing, "400": errors, "404": errors}, **extra}

    ctx.document(f"{base}/services.{{format}}", "get",
                 op("open311_services", "Service list (case categories)", []), tag=tag, tag_description=about)
    code = {"name": "service_code", "in": "path", "required": True, "schema": {"type": "string"}}
    ctx.document(f"{base}/services/{{service_code}}.{{format}}", "get",
                 op("open311_service_definition", "Service definition", [code]), tag=tag)
    query = [{"name": n, "in": "query", "schema": {"type": "string"}}
             for n in ("service_request_id", "service_code", "start_date", "end_date", "status")]
    ctx.document(f"{base}/requests.{{format}}", "get",
                 op("open311_requests", "Service requests (no personal data)", query), tag=tag)
    form = {"type": "object", "required": ["api_key", "service_code", "lat", "long"], "properties": {
        "api_key": {"type": "string", "description": "client secret of an open311_app client"},
        "service_code": {"type": "string"}, "lat": {"type": "number"}, "long": {"type": "number"},
        "address_string": {"type": "string"}, "description": {"type": "string"},
        "media_url": {"type": "string"}}}
    ctx.document(f"{base}/requests.{{format}}", "post", op(
        "open311_create_request", "Report a problem (becomes a case)", [],
        requestBody={"required": True, "content": {"application/x-www-form-urlencoded": {"schema": form}}}),
        tag=tag)
    rid = {"name": "service_request_id", "in": "path", "required": True, "schema": {"type": "string"}}
    ctx.document(f"{base}/requests/{{service_request_id}}.{{format}}", "get",
                 op("open311_request", "One service request", [rid]), tag=tag)
    # Served routes are all described (OWASP API9:2023): discovery, the request-token look-up
    # and the codeforamerica client's `service/` alias of the service definition.
    discovery = op("open311_discovery", "Endpoints, formats and contact of this jurisdiction", [])
    discovery["responses"] = {**discovery["responses"], "200": {"description": "OK", "content": {
        "application/json": {"schema": {"type": "object"}}, "application/xml": {"schema": {"type": "string"}}}}}
    ctx.document(f"{base}/discovery.{{format}}", "get", discovery, tag=tag)
    token = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
    ctx.document(f"{base}/tokens/{{token}}.{{format}}", "get",
                 op("open311_request_token", "The service request id of a request token", [token]), tag=tag)
    ctx.document(f"{base}/service/{{service_code}}.{{format}}", "get",
                 op("open311_service_definition_alias", "Service definition (alias used by the codeforamerica "
                    "client)", [code], deprecated=True), tag=tag)
