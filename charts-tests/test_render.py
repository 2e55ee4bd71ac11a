"""`helm lint` passes and every rendered object is valid Kubernetes for the current version.

kubernetes-validate --strict checks each object against the OpenAPI schema of the newest
Kubernetes release it ships (unknown fields rejected). The Prometheus Operator kinds have no
schema there; test_monitoring.py checks them.
"""

from __future__ import annotations

import subprocess

import pytest

from_kinds_without_schema = {"ServiceMonitor", "PrometheusRule", "Certificate"}


@pytest.mark.parametrize("name", ["default", "dev", "prod", "external"])
def test_helm_lint_strict(helm, values_files, name):
    args = [a for f in values_files[name] for a in ("-f", str(f))]
    out = helm("lint", "charts/jlp", "--strict", *args)
    assert "0 chart(s) failed" in out


def test_every_object_passes_kubernetes_validate_strict(tools, rendered_files, rendered):
    proc = subprocess.run(
        [tools["kubernetes-validate"], "--strict", "--quiet", *map(str, rendered_files.values())],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Every object was actually checked: the only warnings allowed are for the CRD kinds.
    for line in (proc.stdout + proc.stderr).splitlines():
        if line.startswith("WARN"):
            assert any(f"kind {k} " in line for k in from_kinds_without_schema), line
    total = sum(len(r.docs) for r in rendered.values())
    assert total > 100


def test_objects_carry_standard_labels_and_namespace(each_render):
    for doc in each_render.docs:
        meta = doc["metadata"]
        labels = meta.get("labels", {})
        for key in ("app.kubernetes.io/name", "app.kubernetes.io/instance",
                    "app.kubernetes.io/component", "app.kubernetes.io/part-of",
                    "app.kubernetes.io/managed-by", "app.kubernetes.io/version",
                    "helm.sh/chart"):
            assert key in labels, f"{doc['kind']}/{meta['name']} lacks {key}"
        assert meta.get("namespace") == "jlp", f"{doc['kind']}/{meta['name']} has no namespace"


def test_install_notes_tell_how_to_reach_the_gateway_and_the_admin_password(helm):
    out = helm("install", "jlp", "charts/jlp", "--namespace", "jlp", "--dry-run=client",
               "-f", "charts/values/prod.yaml")
    notes = out.split("NOTES:", 1)[1]
    assert "https://jlp.example.org/" in notes
    assert "port-forward svc/jlp-gateway 8080:8080" in notes
    assert "get secret jlp-secrets" in notes and "JLP_BOOTSTRAP_ADMIN_PASSWORD" in notes
    assert 'CronJob jlp-audit-retention ("17 3 * * *" Asia/Shanghai)' in notes
