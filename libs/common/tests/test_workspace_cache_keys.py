"""Every workspace package is rebuilt when its sources change (uv `cache-keys`).

uv's default keys a local package's built wheel on its pyproject.toml alone, so an image-like
environment (and a Docker build with the uv cache mount) could install yesterday's code: the
deployment-shape test caught a service refusing a variable its new settings declared.

The block is in every member on purpose: uv reads `cache-keys` from the built package's own
pyproject.toml only (uv-cache-info `CacheInfo::from_directory`); set at the workspace root, in
`[tool.uv]` or uv.toml, it is accepted and ignored for members (checked with uv 0.13.9: a new
module in a member was not installed by `uv sync --no-editable`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_workspace_package_keys_its_build_cache_on_its_sources() -> None:
    members = [p for pattern in ("libs/*", "gateway", "services/*", "tools/*")
               for p in ROOT.glob(f"{pattern}/pyproject.toml")]
    assert len(members) >= 10
    missing = []
    for path in members:
        keys = tomllib.loads(path.read_text()).get("tool", {}).get("uv", {}).get("cache-keys", [])
        if {"file": "src/**/*"} not in keys:
            missing.append(str(path.relative_to(ROOT)))
    assert missing == [], f"add cache-keys = [{{ file = \"pyproject.toml\" }}, {{ file = \"src/**/*\" }}] to {missing}"
