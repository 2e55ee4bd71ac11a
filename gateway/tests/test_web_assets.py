"""The ops-centre web app at / (ADR 0110): only where a build exists, API routes first."""

from __future__ import annotations

import pytest

from jlp_common.config import ConfigError


def test_serves_the_build_with_its_security_headers(make_gateway, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>ops</title>")
    (tmp_path / "assets" / "index-abc.js").write_text("console.log(1)")
    client = make_gateway(env={"JLP_GATEWAY_WEB_ROOT": str(tmp_path)}).test_client()
    index = client.get("/")
    assert index.status_code == 200 and b"ops" in index.data
    assert "script-src 'self'" in index.headers["Content-Security-Policy"]
    assert index.headers["Cache-Control"] == "no-cache"
    asset = client.get("/assets/index-abc.js")
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    assert client.get("/assets/../index.html").status_code == 404
    assert client.get("/readyz").status_code in (200, 503)


def test_a_configured_folder_without_a_build_stops_start_up(make_gateway, tmp_path):
    with pytest.raises(ConfigError, match="JLP_GATEWAY_WEB_ROOT"):
        make_gateway(env={"JLP_GATEWAY_WEB_ROOT": str(tmp_path)})
