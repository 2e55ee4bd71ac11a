"""CORS (Fetch standard) for the browser apps of configured origins (`JLP_CORS_ORIGINS`).

Only listed origins get CORS headers ("*" allows any origin, meant for local development).
Credentials are never allowed: the API authenticates with bearer tokens in a header, not
cookies, so no `Access-Control-Allow-Credentials` is needed and `*` stays safe. Preflights are
answered by the gateway before authentication and rate limiting, as browsers send them
without the Authorization header.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Request, Response

ALLOWED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
ALLOWED_HEADERS = ("authorization", "content-type", "x-request-id", "x-timeout", "accept",
                   "accept-language", "if-match", "if-none-match")
EXPOSED_HEADERS = ("X-Request-ID", "Location", "Retry-After", "WWW-Authenticate", "Allow")
MAX_AGE_S = 600


class CorsPolicy:
    """Which origins may call the API from a browser, and the headers that tell them so."""

    def __init__(self, origins: Iterable[str]) -> None:
        cleaned = {o.strip().rstrip("/") for o in origins if o.strip()}
        self.any_origin = "*" in cleaned
        self.origins = frozenset(cleaned - {"*"})

    @classmethod
    def from_setting(cls, value: str) -> CorsPolicy:
        """`JLP_CORS_ORIGINS`: comma-separated origins such as `http://localhost:5173`."""
        return cls(value.split(","))

    def allows(self, origin: str | None) -> bool:
        return bool(origin) and (self.any_origin or origin in self.origins)

    @staticmethod
    def is_preflight(request: Request) -> bool:
        environ = request.environ  # read directly: cheaper than request.headers (issue 16)
        return (request.method == "OPTIONS" and "HTTP_ORIGIN" in environ
                and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ)

    def preflight(self, request: Request) -> Response:
        """204 with the allowed methods and headers; no CORS headers for other origins."""
        resp = Response(status=204)
        origin = request.headers.get("Origin")
        resp.vary.add("Origin")
        if not self.allows(origin):
            return resp
        wanted = request.headers.get("Access-Control-Request-Headers", "")
        headers = [h.strip().lower() for h in wanted.split(",") if h.strip()]
        allowed_headers = [h for h in headers if h in ALLOWED_HEADERS]
        resp.headers["Access-Control-Allow-Origin"] = "*" if self.any_origin else origin
        resp.headers["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
        if allowed_headers:
            resp.headers["Access-Control-Allow-Headers"] = ", ".join(allowed_headers)
        resp.headers["Access-Control-Max-Age"] = str(MAX_AGE_S)
        return resp

    def decorate(self, request: Request, response: Response) -> Response:
        """Add the actual-request CORS headers to any response for an allowed origin."""
        origin = request.environ.get("HTTP_ORIGIN")
        vary_origin(response)
        if self.allows(origin) and "Access-Control-Allow-Origin" not in response.headers:
            response.headers["Access-Control-Allow-Origin"] = "*" if self.any_origin else origin
            response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        return response


def vary_origin(response: Response) -> None:
    """`Vary: Origin` on the response, merged with a Vary it has (no duplicate entry).

    What `response.vary.add("Origin")` does, without werkzeug parsing the header into a
    `HeaderSet` and writing it back through its update callback on every response."""
    headers = response.headers
    current = headers.get("Vary")
    if not current:
        headers["Vary"] = "Origin"
    elif "origin" not in {item.strip().lower() for item in current.split(",")}:
        headers["Vary"] = f"{current}, Origin"
