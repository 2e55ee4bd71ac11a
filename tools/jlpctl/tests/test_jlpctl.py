"""jlpctl against a local server speaking the Kubernetes API subset it uses (conftest.py)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from jlpctl.cli import main
from jlpctl.table import age


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_shows_each_component(kube, kubeconfig, capsys):
    code, out, _ = run(capsys, "--kubeconfig", str(kubeconfig), "status")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["COMPONENT", "KIND", "DESIRED", "READY", "UP-TO-DATE",
                                "RESTARTS", "IMAGE", "AGE"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert set(rows) == {"gateway", "identity", "grid-event", "nats"}
    assert rows["identity"][1:7] == ["Deployment", "2", "1", "2", "3", "jlp-identity:0.1.0"]
    assert rows["nats"][1:4] == ["StatefulSet", "3", "3"]
    assert re.fullmatch(r"\d+[smhd](\d+[mh])?", rows["identity"][7])
    assert kube.requests[0]["authorization"] == "Bearer test-token"
    selectors = {r["query"].get("labelSelector") for r in kube.requests if r["query"]}
    assert selectors == {"app.kubernetes.io/instance=jlp"}


def test_scale_an_autoscaled_component_moves_the_autoscaler_floor(kube, kubeconfig, capsys):
    code, out, _ = run(capsys, "--kubeconfig", str(kubeconfig), "scale", "identity", "4")
    assert code == 0
    hpa = kube.objects["horizontalpodautoscalers"]["jlp-identity"]
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (4, 6)
    assert kube.objects["deployments"]["jlp-identity"]["spec"]["replicas"] == 4
    (patch,) = kube.patches("deployments")
    assert patch["path"].endswith("/deployments/jlp-identity/scale")
    assert patch["body"] == {"spec": {"replicas": 4}}
    assert "autoscaler jlp-identity now keeps 4..6 replicas" in out
    assert "scaled jlp-identity from 2 to 4" in out


def test_scale_above_the_autoscaler_maximum_raises_it(kube, kubeconfig, capsys):
    code, _, _ = run(capsys, "--kubeconfig", str(kubeconfig), "scale", "gateway", "9")
    assert code == 0
    assert kube.objects["horizontalpodautoscalers"]["jlp-gateway"]["spec"]["maxReplicas"] == 9


def test_scale_a_plain_deployment(kube, kubeconfig, capsys):
    code, _, _ = run(capsys, "--kubeconfig", str(kubeconfig), "scale", "grid-event", "3")
    assert code == 0
    assert kube.objects["deployments"]["jlp-grid-event"]["spec"]["replicas"] == 3
    assert not kube.patches("horizontalpodautoscalers")


def test_scale_refuses_a_statefulset_quorum(kube, kubeconfig, capsys):
    code, _, err = run(capsys, "--kubeconfig", str(kubeconfig), "scale", "nats", "5")
    assert code == 2
    assert "nats is a StatefulSet" in err and "helm upgrade" in err
    assert not kube.patches("statefulsets")


def test_restart_rolls_the_pod_template(kube, kubeconfig, capsys):
    before = datetime.now(UTC).replace(microsecond=0)
    code, out, _ = run(capsys, "--kubeconfig", str(kubeconfig), "restart", "identity")
    assert code == 0
    (patch,) = kube.patches("deployments")
    assert patch["content_type"] == "application/strategic-merge-patch+json"
    stamp = kube.objects["deployments"]["jlp-identity"]["spec"]["template"]["metadata"][
        "annotations"]["kubectl.kubernetes.io/restartedAt"]
    assert datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) >= before
    assert "rolling restart of deployment jlp-identity" in out


def test_restart_works_for_statefulsets(kube, kubeconfig, capsys):
    code, _, _ = run(capsys, "--kubeconfig", str(kubeconfig), "restart", "nats")
    assert code == 0
    assert kube.patches("statefulsets")[0]["path"].endswith("/statefulsets/jlp-nats")


def test_logs_of_every_pod_prefixed_by_pod(kube, kubeconfig, capsys):
    code, out, _ = run(capsys, "--kubeconfig", str(kubeconfig), "logs", "identity", "--tail", "1")
    assert code == 0
    assert out.splitlines() == ["[jlp-identity-0] serving on 50051", "[jlp-identity-1] started"]
    log_requests = [r for r in kube.requests if r["path"].endswith("/log")]
    assert {r["query"]["container"] for r in log_requests} == {"identity"}
    assert {r["query"]["tailLines"] for r in log_requests} == {"1"}


def test_unknown_component_lists_the_known_ones(kube, kubeconfig, capsys):
    code, _, err = run(capsys, "--kubeconfig", str(kubeconfig), "restart", "tourism")
    assert code == 2
    assert "no component 'tourism'" in err
    assert "gateway, grid-event, identity, nats" in err


def test_missing_namespace_is_named(kube, kubeconfig, capsys):
    code, _, err = run(capsys, "--kubeconfig", str(kubeconfig), "-n", "nope", "status")
    assert code == 2
    assert "namespace 'nope' does not exist on http://127.0.0.1:" in err


def test_unreachable_cluster_fails_fast_with_the_address(closed_kubeconfig, capsys):
    started = time.monotonic()
    code, _, err = run(capsys, "--kubeconfig", str(closed_kubeconfig), "status")
    assert code == 2
    assert "cannot reach the Kubernetes API server at http://127.0.0.1:" in err
    assert "Traceback" not in err
    assert time.monotonic() - started < 15


def test_forbidden_is_explained(kube, kubeconfig, capsys):
    kube.forbidden.add(("PATCH", "deployments"))
    code, _, err = run(capsys, "--kubeconfig", str(kubeconfig), "restart", "gateway")
    assert code == 2
    assert "not allowed to patch deployment in namespace 'jlp' (403 Forbidden)" in err


def test_missing_kubeconfig_is_explained(tmp_path, capsys):
    code, _, err = run(capsys, "--kubeconfig", str(tmp_path / "none"), "status")
    assert code == 2
    assert "cannot load Kubernetes configuration" in err


def test_check_reports_every_backend(gateway, capsys):
    code, out, _ = run(capsys, "check", "--gateway-url", gateway.url)
    assert code == 0
    assert "identity" in out and "SERVING" in out and f"ready: {gateway.url}" in out


def test_check_fails_when_a_backend_is_down(gateway, capsys):
    gateway.code = 503
    gateway.body = {"type": "about:blank", "title": "Service Unavailable", "status": 503,
                    "detail": "not ready: grid-event", "down": ["grid-event"],
                    "services": {"identity": "SERVING", "grid-event": "UNAVAILABLE"}}
    code, out, _ = run(capsys, "check", "--gateway-url", gateway.url)
    assert code == 1
    assert "grid-event           UNAVAILABLE" in out
    assert "NOT READY (503): not ready: grid-event" in out


def test_check_without_url_or_ingress_host(kube, kubeconfig, capsys, monkeypatch):
    monkeypatch.delenv("JLP_GATEWAY_URL", raising=False)
    code, _, err = run(capsys, "--kubeconfig", str(kubeconfig), "check", "--gateway-url", "")
    assert code == 2
    assert "no gateway URL" in err


def test_check_unreachable_gateway(capsys):
    code, _, err = run(capsys, "check", "--gateway-url", "http://127.0.0.1:9")
    assert code == 2
    assert "cannot reach the gateway at http://127.0.0.1:9/readyz" in err


def test_age_is_kubectl_style():
    now = datetime(2026, 11, 24, tzinfo=UTC)
    assert age(now - timedelta(seconds=42), now) == "42s"
    assert age(now - timedelta(minutes=12), now) == "12m"
    assert age(now - timedelta(hours=5, minutes=3), now) == "5h3m"
    assert age(now - timedelta(days=3, hours=4), now) == "3d4h"
    assert age(now - timedelta(days=400), now) == "400d"
    assert age(None, now) == "<unknown>"
