"""The operations-centre web application (`web/`, built by Vite) served at `/` (ADR 0110).

Only when configured: `JLP_GATEWAY_WEB_ROOT` names the folder holding `index.html` and
`assets/` (an image copies `web/dist` there; the local launcher points it at the checkout's
`web/dist` when `make web` has built it). Unset, nothing is registered and the gateway behaves
exactly as before (`/` is 404).

API routes keep precedence: the app only claims `/` and `/assets/<file>`, which no
`google.api.http` annotation uses (they are all under `/api/`). Vite names every asset after its
content hash, so assets are cached for a year and `index.html` never (a new deployment is seen
on the next load). The page is served with a Content-Security-Policy that allows only this
origin — no CDN, no inline script — which is what the air-gapped wall screen needs anyway.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, Response, send_from_directory

from jlp_common.config import ConfigError, Settings
from jlp_gateway.errors import problem

log = logging.getLogger(__name__)

WEB_ROOT_VARIABLE = "JLP_GATEWAY_WEB_ROOT"

# style-src needs 'unsafe-inline': ECharts and the SVG map set style attributes. Scripts are
# our own bundle only; connect-src 'self' covers the REST API and the event stream.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                           "object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def web_root(settings: Settings) -> Path | None:
    """The folder of the built web app (JLP_GATEWAY_WEB_ROOT), or None when none is configured.

    A configured folder without `index.html` is a deployment mistake and stops start-up with
    the variable's name. The local launcher sets it to the checkout's `web/dist` once built.
    """
    configured = settings.get(WEB_ROOT_VARIABLE, "")
    if not configured:
        return None
    root = Path(configured)
    if not (root / "index.html").is_file():
        raise ConfigError(f"{WEB_ROOT_VARIABLE}={configured!r} holds no index.html "
                          "(build web/ with `make web`)")
    return root


def register(app: Flask, root: Path | None) -> bool:
    """Serve the build in `root` at `/`; False (nothing registered) when there is none."""
    if root is None:
        log.info("no web build: / is not served (run `make web`, or set %s)", WEB_ROOT_VARIABLE)
        return False
    assets = root / "assets"

    def index() -> Response:
        if not (root / "index.html").is_file():  # removed while running (a rebuild in progress)
            return problem(404, "Not Found", "the web app is not built: run `make web`")
        response = send_from_directory(root, "index.html", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        response.headers.update(SECURITY_HEADERS)
        return response

    def asset(name: str) -> Response:
        # send_from_directory refuses paths leaving `assets` (../) with 404.
        response = send_from_directory(assets, name, max_age=365 * 24 * 3600)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    app.add_url_rule("/", "web_index", index, methods=["GET"])
    app.add_url_rule("/assets/<path:name>", "web_asset", asset, methods=["GET"])
    log.info("serving the web app", extra={"web_root": str(root)})
    return True
