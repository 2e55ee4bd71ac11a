"""Operators' view: the Grafana dashboard, the ServiceMonitor and the alerts read the metrics
the components really export (names from jlp_common's OpenTelemetry Prometheus exporter), the
Prometheus Operator objects match their CRD schemas and every expression is valid PromQL by
Prometheus' own grammar (kubernetes-validate has no schema for those kinds)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

CHECKER = Path(__file__).with_name("monitoring_check.mjs")

METRICS = {
    "rpc_server_duration_milliseconds_count", "rpc_server_duration_milliseconds_bucket",
    "http_server_duration_milliseconds_count", "http_server_duration_milliseconds_bucket",
    "jlp_events_published_total", "jlp_events_consumed_total", "jlp_consumer_pending_messages",
    "jlp_consumer_redelivered_total", "up",
    "kube_pod_status_ready", "kube_pod_status_phase",  # kube-state-metrics
}
FUNCTIONS = {"sum", "rate", "histogram_quantile", "max", "count", "topk", "by", "on", "and",
             "or", "vector", "label_values", "le", "without"}


def metric_names(expr: str) -> set[str]:
    """Identifiers followed by `{` or `[` are metric selectors in these expressions."""
    return set(re.findall(r"([a-z_][a-z0-9_]*)\s*[{\[]", expr)) - FUNCTIONS


def balanced(expr: str) -> bool:
    depth = 0
    for ch in re.sub(r'"[^"]*"', "", expr):
        depth += {"(": 1, ")": -1, "{": 1, "}": -1, "[": 1, "]": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def dashboard(r) -> dict:
    cm = r.get("ConfigMap", "jlp-dashboards")
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    return json.loads(cm["data"]["jlp-overview.json"])


def test_dashboard_shows_the_operators_questions(rendered):
    d = dashboard(rendered["default"])
    panels = [p for p in d["panels"] if p["type"] != "row"]
    exprs = {p["title"]: " ".join(t["expr"] for t in p["targets"]) for p in panels}
    for expr in exprs.values():
        assert metric_names(expr) <= METRICS, metric_names(expr) - METRICS
        assert balanced(expr), expr
    joined = " ".join(exprs.values())
    assert "sum by (component) (rate(rpc_server_duration_milliseconds_count" in joined
    assert 'rpc_grpc_status_code=~"' in joined and 'http_status_code=~"5.."' in joined
    for q in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({q}, sum by (component, le)" in joined
    for metric in ("jlp_events_published_total", "jlp_events_consumed_total",
                   "jlp_consumer_pending_messages"):
        assert metric in joined
    assert {v["name"] for v in d["templating"]["list"]} == {"datasource", "namespace", "component"}
    ids = [p["id"] for p in d["panels"]]
    assert len(ids) == len(set(ids))


def test_service_monitor_scrapes_every_component_with_a_component_label(rendered, values_for):
    r = rendered["prod"]
    sm = r.get("ServiceMonitor", "jlp")
    (expr,) = sm["spec"]["selector"]["matchExpressions"]
    assert set(expr["values"]) == set(values_for("prod")["services"])
    (endpoint,) = sm["spec"]["endpoints"]
    assert endpoint["port"] == "metrics" and endpoint["path"] == "/metrics"
    assert {"sourceLabels": ["__meta_kubernetes_service_label_app_kubernetes_io_component"],
            "targetLabel": "component"} in endpoint["relabelings"]
    for svc in r.of_kind("Service"):
        if svc["metadata"]["labels"]["app.kubernetes.io/component"] in expr["values"]:
            assert "metrics" in {p["name"] for p in svc["spec"]["ports"]}
    assert not rendered["default"].of_kind("ServiceMonitor")  # optional, off by default


def test_alerts_for_error_ratio_consumer_lag_and_pods_not_ready(rendered):
    rule = rendered["prod"].get("PrometheusRule", "jlp")
    alerts = {a["alert"]: a for g in rule["spec"]["groups"] for a in g["rules"]}
    assert set(alerts) == {"JlpHighErrorRatio", "JlpConsumerLagHigh", "JlpPodsNotReady"}
    for alert in alerts.values():
        assert metric_names(alert["expr"]) <= METRICS
        assert balanced(alert["expr"])
        assert alert["for"] == "10m" and alert["labels"]["severity"]
        assert "{{ $labels." in alert["annotations"]["summary"]
    assert "> 0.05" in alerts["JlpHighErrorRatio"]["expr"]
    assert "> 1000" in alerts["JlpConsumerLagHigh"]["expr"]
    assert 'pod=~"jlp-.*"' in alerts["JlpPodsNotReady"]["expr"]


def grafana_exprs(d: dict) -> list[str]:
    """Panel queries with Grafana's variables replaced by what Grafana sends Prometheus."""
    exprs = [t["expr"] for p in d["panels"] if p["type"] != "row" for t in p["targets"]]
    return [e.replace("$__rate_interval", "5m") for e in exprs]


def test_monitoring_objects_and_promql_are_valid(tools, rendered, tmp_path):
    r = rendered["prod"]
    objects = r.of_kind("ServiceMonitor") + r.of_kind("PrometheusRule")
    assert len(objects) == 2
    rules = [a["expr"] for o in r.of_kind("PrometheusRule") for g in o["spec"]["groups"]
             for a in g["rules"]]
    exprs = rules + grafana_exprs(dashboard(r))
    script = Path(tools["node-tools"]) / CHECKER.name
    shutil.copyfile(CHECKER, script)
    proc = subprocess.run([tools["node"], str(script)], input=json.dumps(
        {"objects": objects, "exprs": exprs + ["sum(rate(x[5m]) by"]}),
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["objects"] == {"ServiceMonitor/jlp": None, "PrometheusRule/jlp": None}
    assert result["exprs"].pop("sum(rate(x[5m]) by")  # the checker does catch errors
    bad = {e: err for e, err in result["exprs"].items() if err}
    assert not bad, json.dumps(bad, indent=2)
    assert len(result["exprs"]) == len(set(exprs)) >= 20
