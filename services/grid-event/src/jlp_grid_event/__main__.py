"""`python -m jlp_grid_event` (the image's entry point): serve until SIGTERM, then stop gracefully."""

from __future__ import annotations

from jlp_common.kit import serve
from jlp_grid_event import app, settings


def main() -> int:
    return serve("grid-event", app.build, settings.VARIABLES)


if __name__ == "__main__":
    raise SystemExit(main())
