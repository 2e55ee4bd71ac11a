"""`python -m jlp_environment`: the environment gRPC service (port 50054 by default)."""

from __future__ import annotations

from jlp_common.config import Settings
from jlp_environment.app import build_app


def main() -> int:
    return build_app(Settings.from_env("environment")).run()


if __name__ == "__main__":
    raise SystemExit(main())
