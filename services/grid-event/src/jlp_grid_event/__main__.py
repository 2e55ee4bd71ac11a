"""`python -m jlp_grid_event`: serve on JLP_GRPC_PORT (50052), SIGTERM stops gracefully."""

from __future__ import annotations

from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_grid_event.app import build


def main() -> int:
    settings = Settings.from_env("grid-event")
    bus = EventBus(settings)
    return build(settings, bus=bus).app.run()


if __name__ == "__main__":
    raise SystemExit(main())
