"""`make new-service` in a temporary copy of the repository, then the checks it can break there.

The copy is the committed tree (git ls-files) plus this checkout's downloaded tools (`.tools`,
linked: helm, node and the linters are not what is being tested); its own `.venv` is built by
its own `make`. The test prints the shared files the new service touched — its own folders
(`services/<name>/`, `proto/jlp/<name>/`, the stubs generated from that proto) aside — and
holds them to the three of docs/adding-a-service.md. Then, in the copy: the stale-stub check,
buf lint and ruff, the new service's own tests, the catalogue's cross-checks (identity's role
table against every policy, subjects, one definition per helper, settings), the chart tests of
policies, credentials, images, NATS permissions and skaffold, and the deployment-shape test
(the new service built like its image, deployed from the chart, routed by the gateway). The
copy's whole `make test` passes too (run by hand; it doubles CI time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from jlp_devtools.scaffold import ScaffoldError, check

ROOT = Path(__file__).resolve().parents[3]
NAME, PORT = "scratch", 50099
OWN = (f"services/{NAME}/", f"proto/jlp/{NAME}/", f"libs/protos/src/jlp/{NAME}/")
SHARED_ALLOWED = {"libs/common/src/jlp_common/components.yaml", "skaffold.yaml", "uv.lock"}
IN_COPY = "SCAFFOLD_COPY"  # set inside the copy: its `make test` does not recurse into this test


def copy_repository(dst: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True,
                           timeout=60).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the work tree, not yet committed
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            target.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, target)
    (dst / ".tools").symlink_to(ROOT / ".tools")
    if (ROOT / "web/dist").is_dir():  # the built web app (make web), which the gateway serves
        (dst / "web/dist").symlink_to(ROOT / "web/dist")
    git = ["git", "-c", "user.name=scaffold-test", "-c", "user.email=scaffold@test.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=dst, check=True, timeout=60)
    subprocess.run(["git", "add", "-A"], cwd=dst, check=True, timeout=60)
    subprocess.run([*git, "commit", "-q", "-m", "copy"], cwd=dst, check=True, timeout=60)


def run(argv: list[str], cwd: Path, timeout_s: float) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JLP_", "OTEL_", "UV_", "VIRTUAL_ENV", "PYTEST"))}
    env[IN_COPY] = "1"
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout_s)


def test_bad_names_ports_and_domains_are_refused() -> None:
    catalogue = {"gateway": {"port": 8080},
                 "components": {"identity": {"port": 50051, "events": "identity"}}}
    for name, port, events, why in (("Bad_Name", 50099, "bad", "NAME"), ("gateway", 50099, "gw", "NAME"),
                                    ("ok", 50051, "ok", "identity's"), ("ok", 8080, "ok", "gateway's"),
                                    ("ok", 50099, "identity", "EVENTS=identity"),
                                    ("ok", 80, "ok", "PORT=80"), ("identity", 50098, "x", "already")):
        with pytest.raises(ScaffoldError, match=why):
            check(name, port, events, catalogue)


@pytest.mark.timeout(1500)
@pytest.mark.skipif(os.environ.get(IN_COPY) == "1", reason="this is the copy's own make test")
def test_new_service_in_a_copy_passes_make_test_touching_three_shared_files(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    copy_repository(copy)
    made = run(["make", "new-service", f"NAME={NAME}", f"PORT={PORT}"], copy, 600)
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], copy, 60).stdout
    touched = sorted({line[3:].strip() for line in status.splitlines()})
    shared = [p for p in touched if not p.startswith(OWN)]
    print(f"\nmake new-service NAME={NAME} touched {len(shared)} shared files: {', '.join(shared)}")
    assert set(shared) <= SHARED_ALLOWED and len(shared) <= 3, shared
    assert any(p.startswith(f"services/{NAME}/") for p in touched)
    checked = run(["make", "proto-check", "lint", "chart-tools"], copy, 600)
    assert checked.returncode == 0, (checked.stdout + checked.stderr)[-4000:]
    tested = run([str(copy / ".venv/bin/pytest"), "-q", "-p", "no:cacheprovider",
                  f"services/{NAME}", "services/identity/tests/test_domain_rules.py",
                  *(f"libs/common/tests/test_{t}.py" for t in ("subjects", "one_definition", "config",
                                                               "registry_secrets")),
                  *(f"charts-tests/test_{t}.py" for t in ("policies", "least_privilege", "images",
                                                          "nats_permissions", "skaffold")),
                  "e2e-tests/test_deployment_shape.py", "gateway/tests/test_openapi.py"], copy, 900)
    tail = (tested.stdout + tested.stderr)[-4000:]
    assert tested.returncode == 0, tail
    assert " passed" in tested.stdout and " failed" not in tested.stdout, tail
