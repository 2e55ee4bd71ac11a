"""`python -m jlp_video_index` (the image's entry point): serve until SIGTERM, then stop gracefully."""

from __future__ import annotations

from jlp_common.kit import serve
from jlp_video_index import app, settings


def main() -> int:
    return serve("video-index", app.build, settings.VARIABLES)


if __name__ == "__main__":
    raise SystemExit(main())
