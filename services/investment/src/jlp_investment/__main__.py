"""`python -m jlp_investment` (the image's entry point): serve until SIGTERM, then stop gracefully."""

from __future__ import annotations

from jlp_common.kit import serve
from jlp_investment import app, settings


def main() -> int:
    return serve("investment", app.build, settings.VARIABLES)


if __name__ == "__main__":
    raise SystemExit(main())
