"""WSGI entry for gunicorn (`gunicorn jlp_gateway.wsgi:app`): logs configured, app built."""

from __future__ import annotations

from jlp_common.config import Settings
from jlp_common.logs import configure_logging
from jlp_gateway.app import create_app

_settings = Settings.from_env("gateway")
configure_logging("gateway", _settings.log_level, _settings.log_format)
app = create_app(_settings)
