"""`python -m jlp_identity`: the identity gRPC server (port 50051 by default)."""

from __future__ import annotations

import logging
import sys

from jlp_common.config import ConfigError, Settings
from jlp_common.events import EventBus


def main() -> int:
    settings = Settings.from_env("identity")
    from jlp_identity.app import build

    try:
        app = build(settings, bus=EventBus(settings))
    except (ConfigError, ValueError) as exc:
        logging.getLogger("jlp_identity").error("configuration error: %s", exc)
        print(f"identity: configuration error: {exc}", file=sys.stderr)
        return 2
    return app.grpc.run()


if __name__ == "__main__":
    raise SystemExit(main())
