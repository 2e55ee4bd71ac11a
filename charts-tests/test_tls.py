"""TLS between the suite's pods (ADR 0111): off by default, on in prod.yaml with cert-manager.

With TLS on every component presents its own certificate over gRPC (as server and client) and
trusts the suite's CA; kubelet probes a plaintext health-only port; NATS and MongoDB accept TLS
only and the URLs say so; certificates come from cert-manager Certificates or your Secrets. The
NATS part is run: the chart's nats.conf with TLS in a real nats-server, and a client configured
exactly as a pod is (its tls:// URL from the Secret, SSL_CERT_FILE from its env) connects.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import time

import pytest

from jlp_common import registry
from jlp_testkit.nats import free_port, nats_server_binary

TLS_ON = ["tls.enabled=true", "tls.certManager.issuerRef.name=jlp-ca",
          "tls.certManager.issuerRef.kind=ClusterIssuer"]


def container(r, kind: str, name: str) -> dict:
    spec = r.get(kind, name)["spec"]
    spec = spec["jobTemplate"]["spec"] if kind == "CronJob" else spec
    return spec["template"]["spec"]["containers"][0]


def env_of(c: dict) -> dict[str, str | None]:
    return {e["name"]: e.get("value") for e in c.get("env", [])}


def test_tls_is_off_by_default_and_the_local_shape_stays_plaintext(rendered):
    for name in ("default", "dev", "external"):
        r = rendered[name]
        assert not r.of_kind("Certificate")
        for d in r.of_kind("Deployment"):
            env = env_of(d["spec"]["template"]["spec"]["containers"][0])
            assert not {"JLP_TLS_CERT_FILE", "JLP_GRPC_HEALTH_PORT", "SSL_CERT_FILE"} & set(env)
    secret = {k: base64.b64decode(v).decode() for k, v in
              rendered["default"].get("Secret", "jlp-secrets")["data"].items()}
    assert all(v.startswith("nats://") for k, v in secret.items() if k.startswith("JLP_NATS_URL_"))
    assert not any("tls=true" in v for k, v in secret.items() if k.startswith("JLP_MONGO_URI_"))


@pytest.fixture(scope="module")
def tls_render(render):
    return render("tls", set_values=TLS_ON)


def test_cert_manager_issues_one_certificate_per_component_nats_and_mongodb(tls_render):
    certs = {c["metadata"]["name"]: c["spec"] for c in tls_render.of_kind("Certificate")}
    owners = ["gateway", *(c.name for c in registry.components()), "nats", "mongodb"]
    assert set(certs) == {f"jlp-{o}-tls" for o in owners}
    for o in owners:
        spec = certs[f"jlp-{o}-tls"]
        assert spec["secretName"] == f"jlp-{o}-tls"
        assert spec["issuerRef"] == {"name": "jlp-ca", "kind": "ClusterIssuer"}
        assert {"server auth", "client auth"} <= set(spec["usages"])
    # callers dial jlp-<name>:<port> (JLP_<NAME>_ADDR): the certificate must carry that name
    config = tls_render.get("ConfigMap", "jlp-config")["data"]
    for c in registry.components():
        host = config[c.addr_variable].split(":")[0]
        assert host in certs[f"jlp-{c.name}-tls"]["dnsNames"], c.name
    assert "*.jlp-nats-headless.jlp.svc.cluster.local" in certs["jlp-nats-tls"]["dnsNames"]
    assert "*.jlp-mongodb-headless.jlp.svc.cluster.local" in certs["jlp-mongodb-tls"]["dnsNames"]
    assert certs["jlp-mongodb-tls"]["ipAddresses"] == ["127.0.0.1"]


def test_every_component_gets_its_own_certificate_and_probes_stay_plaintext(tls_render):
    for name in ["gateway", *(c.name for c in registry.components())]:
        d = tls_render.get("Deployment", f"jlp-{name}")
        pod = d["spec"]["template"]["spec"]
        c = pod["containers"][0]
        env = env_of(c)
        assert env["JLP_TLS_CERT_FILE"] == "/etc/jlp/tls/tls.crt", name
        assert env["JLP_TLS_KEY_FILE"] == "/etc/jlp/tls/tls.key"
        assert env["JLP_TLS_CA_FILE"] == "/etc/jlp/tls/ca.crt"
        (volume,) = [v for v in pod["volumes"] if v["name"] == "tls"]
        assert volume["secret"]["secretName"] == f"jlp-{name}-tls"  # its own, nobody else's
        assert {"name": "tls", "mountPath": "/etc/jlp/tls", "readOnly": True} in c["volumeMounts"]
        assert env["SSL_CERT_FILE"] == "/etc/jlp/tls/ca.crt"  # nats-py's tls:// trust store
        if name == "gateway":
            continue  # HTTP: its probes are /healthz
        assert env["JLP_GRPC_HEALTH_PORT"] == "9465"
        assert c["readinessProbe"]["grpc"] == {"port": 9465}
        assert {"name": "health", "containerPort": 9465, "protocol": "TCP"} in c["ports"]
    # no peer is admitted to the health port: only kubelet, from the node, reaches it
    for policy in tls_render.of_kind("NetworkPolicy"):
        for rule in policy["spec"].get("ingress", []):
            assert {"protocol": "TCP", "port": 9465} not in rule.get("ports", [])


def test_nats_and_mongodb_urls_require_tls(tls_render):
    secret = {k: base64.b64decode(v).decode() for k, v in
              tls_render.get("Secret", "jlp-secrets")["data"].items()}
    for c in registry.components():
        key = c.env_prefix.removeprefix("JLP_")
        assert secret[f"JLP_NATS_URL_{key}"].startswith(f"tls://{c.name}:")
        assert secret[f"JLP_MONGO_URI_{key}"].endswith("&tls=true&tlsCAFile=/etc/jlp/tls/ca.crt")
    mongo = container(tls_render, "StatefulSet", "jlp-mongodb")
    assert env_of(mongo)["MONGODB_TLS"] == "true"
    probe = mongo["readinessProbe"]["exec"]["command"][-1]
    assert probe.endswith("&tls=true&tlsCAFile=/tls/ca.crt")
    run = tls_render.get("ConfigMap", "jlp-mongodb")["data"]["run.sh"]
    assert "--tlsMode requireTLS" in run
    job = container(tls_render, "CronJob", "jlp-audit-retention")
    assert "JLP_TLS_CERT_FILE" not in env_of(job)


def test_nats_with_tls_accepts_a_client_configured_as_a_pod_is(render, make_certificates, tmp_path):
    r = render("tls-single", set_values=["tls.enabled=true", "nats.replicas=1", "streams.replicas=1"])
    tls = make_certificates(tmp_path / "tls", "jlp-nats.jlp.svc.cluster.local", "localhost")
    port = free_port()
    conf = r.get("ConfigMap", "jlp-nats")["data"]["nats.conf"]
    conf = (conf.replace("/etc/nats/tls/", f"{tls}/").replace("listen: 0.0.0.0:4222", f"listen: 127.0.0.1:{port}")
            .replace("/data/jetstream", str(tmp_path / "js")).replace("/var/run/nats/nats.pid", str(tmp_path / "pid")))
    conf = re.sub(r"^\s*http_port: .*$", "", conf, flags=re.M)
    (tmp_path / "nats.conf").write_text(conf)
    secret = {k: base64.b64decode(v).decode() for k, v in r.get("Secret", "jlp-secrets")["data"].items()}
    server_env = {"POD_NAME": "jlp-nats-0",
                  **{k: v for k, v in secret.items() if k.startswith(("NATS_PASSWORD_", "NATS_ADMIN_"))}}
    proc = subprocess.Popen([nats_server_binary(), "-c", str(tmp_path / "nats.conf")], env=server_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = re.sub(r"@[^/]+$", f"@localhost:{port}", secret["JLP_NATS_URL_IDENTITY"])
    assert url.startswith("tls://identity:")
    pod_env = env_of(container(r, "Deployment", "jlp-identity"))
    client = ("import asyncio, sys, nats\n"
              "async def main():\n"
              "    nc = await nats.connect(sys.argv[1], connect_timeout=2, allow_reconnect=False)\n"
              "    await nc.flush(); await nc.close()\n"
              "asyncio.run(main())\n")
    try:
        time.sleep(0.5)

        def connect(env: dict[str, str]) -> subprocess.CompletedProcess:
            for _ in range(20):
                done = subprocess.run([sys.executable, "-c", client, url], env=env,
                                      capture_output=True, text=True, timeout=30)
                if done.returncode == 0 or "CERTIFICATE_VERIFY_FAILED" in done.stderr:
                    return done
                time.sleep(0.25)
            return done

        # as the pod: SSL_CERT_FILE names the mounted CA (here: the test CA's file)
        assert pod_env["SSL_CERT_FILE"] == "/etc/jlp/tls/ca.crt"
        ok = connect({"PATH": "/usr/bin:/bin", "SSL_CERT_FILE": str(tls / "ca.crt")})
        assert ok.returncode == 0, ok.stderr[-2000:]
        # without it the server's certificate is not trusted: no silent fallback
        refused = connect({"PATH": "/usr/bin:/bin", "SSL_CERT_FILE": "/dev/null"})
        assert refused.returncode != 0
    finally:
        proc.terminate()
        proc.wait(10)


def test_your_own_secrets_replace_cert_manager(render):
    r = render("tls-own", set_values=["tls.enabled=true", "tls.secretNames.nats=corp-nats-tls"])
    assert not r.of_kind("Certificate")
    sts = r.get("StatefulSet", "jlp-nats")["spec"]["template"]["spec"]
    (volume,) = [v for v in sts["volumes"] if v["name"] == "tls"]
    assert volume["secret"]["secretName"] == "corp-nats-tls"
