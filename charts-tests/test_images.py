"""The one parametrised Dockerfile: hadolint clean, multi-stage, slim base, non-root, OCI
labels, and each image installing only its own component's dependency closure from uv.lock.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"

def component_dirs() -> dict[str, Path]:
    """Every deployable (the gateway and the catalogue's components) and its folder."""
    from jlp_common import registry

    return {"gateway": ROOT / "gateway",
            **{c.name: ROOT / "services" / c.name for c in registry.components()}}


COMPONENT_DIRS = component_dirs()


def test_hadolint_is_clean(tools):
    proc = subprocess.run([tools["hadolint"], "--failure-threshold", "style", str(DOCKERFILE)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dockerfile_is_multi_stage_slim_non_root_and_labelled():
    text = DOCKERFILE.read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, re.M)
    assert len(stages) >= 3 and stages[-1][1] == "runtime"
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11[\w.-]*-slim", text, re.M)
    runtime = text.split("AS runtime", 1)[1]
    assert re.search(r"^USER 10001:10001$", runtime, re.M)
    assert "COPY --from=build" in runtime and "COPY . ." not in runtime  # no sources, no uv
    for label in ("title", "description", "version", "revision", "created", "source"):
        assert f"org.opencontainers.image.{label}=" in runtime, label
    assert '--package "jlp-${COMPONENT}"' in text and "--frozen" in text and "--no-dev" in text


def find_uv() -> str:
    for candidate in (ROOT / ".tools" / "bootstrap" / "bin" / "uv",):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("uv")
    if not found:
        pytest.fail("uv is missing: run `make setup`")
    return found


def closure(package: str) -> set[str]:
    """Distribution names `uv sync --package` would install for one component (from uv.lock)."""
    out = subprocess.run(
        [find_uv(), "export", "--frozen", "--no-dev", "--no-hashes", "--no-header",
         "--no-annotate", "--package", package],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=True,
    ).stdout
    names = set()
    for line in out.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-e ") or line.startswith("./"):
            path = ROOT / line.removeprefix("-e ").strip()
            names.add(tomllib.loads((path / "pyproject.toml").read_text())["project"]["name"])
        else:
            names.add(re.split(r"[=<>;\[ ]", line, maxsplit=1)[0].lower())
    return names


def test_each_image_installs_only_its_own_dependencies():
    closures = {name: closure(f"jlp-{name}") for name in COMPONENT_DIRS}
    gateway = closures["gateway"]
    for name, deps in closures.items():
        assert f"jlp-{name}" in deps and "jlp-common" in deps, name
        assert not {"pytest", "ruff", "jlp-testkit", "jlpctl", "jlp-devtools"} & deps, name
        others = {f"jlp-{o}" for o in COMPONENT_DIRS if o != name}
        assert not others & deps, f"{name} image would carry {others & deps}"
    assert {"flask", "gunicorn"} <= gateway
    assert {"argon2-cffi", "pyotp"} <= closures["identity"]
    for name, deps in closures.items():
        if name != "gateway":
            assert not {"flask", "gunicorn"} & deps, name
        if name != "identity":
            assert not {"argon2-cffi", "pyotp"} & deps, name


@pytest.mark.parametrize("name", sorted(COMPONENT_DIRS))
def test_each_component_has_the_entry_point_the_image_runs(name):
    """The image's ENTRYPOINT is the component's console script jlp-<name> (python -m <pkg>)."""
    project = tomllib.loads((COMPONENT_DIRS[name] / "pyproject.toml").read_text())["project"]
    module = "jlp_" + name.replace("-", "_")
    assert project["scripts"][f"jlp-{name}"] == f"{module}.__main__:main"
