"""`python -m jlp_tourism` (the image's entry point): serve until SIGTERM, then stop gracefully."""

from __future__ import annotations

from jlp_common.kit import serve
from jlp_tourism import app, settings


def main() -> int:
    return serve("tourism", app.build, settings.VARIABLES)


if __name__ == "__main__":
    raise SystemExit(main())
