"""`python -m jlp_social_security` (the image's entry point): serve until SIGTERM, then stop gracefully."""

from __future__ import annotations

from jlp_common.kit import serve
from jlp_social_security import app, settings


def main() -> int:
    return serve("social-security", app.build, settings.VARIABLES)


if __name__ == "__main__":
    raise SystemExit(main())
