"""Every workload meets Pod Security Standards "restricted"; every component has its probes,
its identity, its availability objects and a NetworkPolicy that admits only its declared
callers. The component list comes from the values, so a new component cannot ship without them;
every pod template of the render (Deployments, StatefulSets, Jobs, CronJobs' job templates) is
checked, so neither can a new job.
"""

from __future__ import annotations

import pytest

PSS_VOLUME_TYPES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                    "persistentVolumeClaim", "projected", "secret"}


def pod_spec(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]


def pod_specs_in(node: object) -> int:
    """How many pod specs (dicts with `containers`) an object holds, at any depth."""
    if isinstance(node, dict):
        return int("containers" in node) + sum(pod_specs_in(v) for v in node.values())
    if isinstance(node, list):
        return sum(pod_specs_in(v) for v in node)
    return 0


def test_every_pod_template_is_a_checked_workload(each_render):
    """Whatever kind a new template adds, its pods cannot escape the restricted checks below."""
    workloads = each_render.workloads()
    for doc in each_render.docs:
        expected = 1 if any(doc is w for w in workloads) else 0
        assert pod_specs_in(doc) == expected, f"{doc['kind']}/{doc['metadata']['name']}"
    assert {w["kind"] for w in workloads} >= {"Deployment", "CronJob"}


def containers(spec: dict) -> list[dict]:
    return spec.get("initContainers", []) + spec["containers"]


def test_every_pod_is_restricted(each_render):
    templates = each_render.pod_templates()
    assert templates
    for w, template in templates:
        where = f"{each_render.name}: {w['kind']}/{w['metadata']['name']}"
        spec = template["spec"]
        pod_sc = spec["securityContext"]
        assert pod_sc["runAsNonRoot"] is True, where
        assert pod_sc["seccompProfile"] == {"type": "RuntimeDefault"}, where
        assert pod_sc.get("runAsUser", 1) != 0, where
        for key in ("hostNetwork", "hostPID", "hostIPC"):
            assert not spec.get(key), where
        assert spec["automountServiceAccountToken"] is False, where
        for volume in spec.get("volumes", []):
            kinds = set(volume) - {"name"}
            assert kinds <= PSS_VOLUME_TYPES, f"{where}: volume {volume['name']} is {kinds}"
        for c in containers(spec):
            sc = c["securityContext"]
            cwhere = f"{where} container {c['name']}"
            assert sc["allowPrivilegeEscalation"] is False, cwhere
            assert sc["readOnlyRootFilesystem"] is True, cwhere
            assert sc["capabilities"] == {"drop": ["ALL"]}, cwhere
            assert sc["runAsNonRoot"] is True, cwhere
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, cwhere
            assert not sc.get("privileged"), cwhere
            assert all("hostPort" not in p for p in c.get("ports", [])), cwhere
            for part in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(c["resources"][part]), cwhere


def test_service_accounts_mount_no_token(each_render):
    for sa in each_render.of_kind("ServiceAccount"):
        assert sa["automountServiceAccountToken"] is False, sa["metadata"]["name"]
    for _, template in each_render.pod_templates():
        name = template["spec"]["serviceAccountName"]
        assert each_render.get("ServiceAccount", name)


def components(values: dict) -> dict[str, dict]:
    """Each component's settings with componentDefaults merged under them, as the chart does."""

    def merge(base: dict, over: dict) -> dict:
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
        return out

    return {name: merge(values["componentDefaults"], svc) for name, svc in values["services"].items()}


def callers(values: dict, target: str) -> set[str]:
    allow = set(values["services"][target].get("allowFrom", []))
    return set(values["services"]) - {target} if "*" in allow else allow


def test_the_catalogue_calls_are_what_the_chart_admits(values_for):
    """The chart derives every allowFrom from the catalogue; the tests above read it from the
    chart. This pins the rule itself: a component admits the gateway, the components whose
    `calls` name it and, for identity (its JWKS), every other component; nothing more."""
    from jlp_common import registry

    services = values_for("default")["services"]
    everyone = {c.name for c in registry.components()}
    for c in registry.components():
        expected = {"gateway"} | {o for o in everyone if c.name in registry.component(o).calls}
        if c.name == "identity":
            expected |= everyone - {"identity"}
        assert set(services[c.name]["allowFrom"]) == expected, c.name
    assert services["gateway"]["allowFrom"] == [] and services["gateway"]["exposed"] is True


@pytest.fixture
def case(each_render, values_for):
    values = values_for(each_render.name)
    return each_render, values, components(values)


def test_every_component_has_its_objects_and_probes(case):
    r, values, comps = case
    from jlp_common import registry
    assert set(comps) == {"gateway", *(c.name for c in registry.components())}
    for name, c in comps.items():
        full = f"jlp-{name}"
        deployment = r.get("Deployment", full)
        container = pod_spec(deployment)["containers"][0]
        if c["protocol"] == "grpc":
            # readiness: overall health (dependencies included); liveness and startup: the
            # process-only entry, so a NATS outage does not restart every pod. With TLS, on
            # the plaintext health-only port (kubelet's gRPC probes cannot do TLS; ADR 0111).
            probe_port = values["tls"]["healthPort"] if values["tls"]["enabled"] else c["port"]
            assert container["readinessProbe"]["grpc"] == {"port": probe_port}, name
            for probe in ("startupProbe", "livenessProbe"):
                assert container[probe]["grpc"] == {"port": probe_port, "service": "liveness"}, (name, probe)
        else:
            # the gateway stays in its Service while one backend is down (/readyz would be 503)
            assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env["JLP_METRICS_PORT"] == "9464"
        port_var = "JLP_GRPC_PORT" if c["protocol"] == "grpc" else "JLP_HTTP_PORT"
        assert env[port_var] == str(c["port"])
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in pod_spec(deployment)["volumes"]}
        assert "emptyDir" in volumes[mounts["/tmp"]], name  # noqa: S108 (a mount path)
        spread = pod_spec(deployment)["topologySpreadConstraints"]
        assert any(t["topologyKey"] == "kubernetes.io/hostname" for t in spread), name
        assert r.get("Service", full)["spec"]["ports"][0]["port"] == c["port"]
        assert r.get("ServiceAccount", full)
        if c["podDisruptionBudget"]["enabled"]:
            assert r.get("PodDisruptionBudget", full)
        if c["autoscaling"]["enabled"]:
            hpa = r.get("HorizontalPodAutoscaler", full)
            assert hpa["spec"]["scaleTargetRef"]["name"] == full
            assert "replicas" not in deployment["spec"]  # the HPA owns it
        else:
            assert deployment["spec"]["replicas"] == c["replicas"]


def test_only_identity_gets_identity_secrets(each_render):
    identity_only = {"JLP_IDENTITY_KEK", "JLP_JWT_SIGNING_KEY", "JLP_BOOTSTRAP_ADMIN_PASSWORD",
                     "JLP_BOOTSTRAP_ADMIN_TOTP_SECRET"}
    for d in each_render.of_kind("Deployment"):
        env = {e["name"] for e in pod_spec(d)["containers"][0]["env"]}
        if d["metadata"]["name"] == "jlp-gateway":  # least privilege: no database, no keys;
            # NATS only to read events for the live stream (ADR 0110)
            assert not {"JLP_MONGO_URI", "JLP_PII_KEY", "JLP_PAGE_TOKEN_KEY"} & env
        else:
            assert {"JLP_MONGO_URI", "JLP_NATS_URL"} <= env
        if d["metadata"]["name"] == "jlp-identity":
            assert identity_only <= env
        else:
            assert not identity_only & env, d["metadata"]["name"]
    # Jobs, even those in identity's image (audit retention), never see identity's keys.
    for w, template in each_render.pod_templates():
        if w["kind"] in ("Job", "CronJob"):
            for c in template["spec"]["containers"]:
                assert not identity_only & {e["name"] for e in c.get("env", [])}, w["metadata"]["name"]


def selects(policy: dict, labels: dict) -> bool:
    want = policy["spec"]["podSelector"].get("matchLabels", {})
    return all(labels.get(k) == v for k, v in want.items())


def peer_components(peer: dict) -> set[str]:
    """Components a podSelector peer admits (by exact label or an In expression)."""
    sel = peer["podSelector"]
    if "app.kubernetes.io/component" in sel.get("matchLabels", {}):
        return {sel["matchLabels"]["app.kubernetes.io/component"]}
    for expr in sel.get("matchExpressions", []):
        if expr["key"] == "app.kubernetes.io/component" and expr["operator"] == "In":
            return set(expr["values"])
    raise AssertionError(f"peer selects no component: {peer}")


def test_default_deny_covers_the_whole_release(each_render):
    deny = each_render.get("NetworkPolicy", "jlp-default-deny")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]
    policies = [p for p in each_render.of_kind("NetworkPolicy") if p is not deny]
    for w, template in each_render.pod_templates():
        labels = template["metadata"]["labels"]
        assert selects(deny, labels)
        assert any(selects(p, labels) for p in policies), f"no policy opens {w['metadata']['name']}"


def test_components_admit_only_declared_callers_and_reach_only_declared_peers(case):
    r, values, comps = case
    for name, c in comps.items():
        policy = r.get("NetworkPolicy", f"jlp-{name}")
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]
        # Ingress: the service port from allowFrom (and the ingress controller when exposed),
        # the metrics port from Prometheus, nothing else.
        service_rules = [rule for rule in policy["spec"]["ingress"]
                         if rule["ports"] == [{"protocol": "TCP", "port": c["port"]}]]
        admitted: set[str] = set()
        for rule in service_rules:
            for peer in rule["from"]:
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    admitted |= peer_components(peer)
                else:
                    assert c.get("exposed"), f"{name} admits {peer} but is not exposed"
                    assert peer in values["networkPolicy"]["ingressFrom"]
        assert admitted == callers(values, name), name
        other = [rule for rule in policy["spec"]["ingress"] if rule not in service_rules]
        assert [rule["ports"] for rule in other] == [[{"protocol": "TCP", "port": c["metricsPort"]}]]
        # Egress: DNS, NATS, MongoDB, and the components that list this one in allowFrom.
        callees = {t for t in comps if name in callers(values, t)}
        reached, data_ports = set(), set()
        for rule in policy["spec"]["egress"]:
            ports = {p["port"] for p in rule["ports"]}
            peers = rule.get("to", [])
            if ports == {53}:
                assert peers == values["networkPolicy"]["dnsTo"]
            elif ports in ({4222}, {27017}):
                data_ports |= ports
            elif rule in values["networkPolicy"]["extraEgress"]:
                continue
            else:
                (peer,) = peers
                (callee,) = peer_components(peer)
                assert ports == {comps[callee]["port"]}, (name, callee)
                reached.add(callee)
        assert data_ports == {4222, 27017}, name
        assert reached == callees, name


def test_nats_and_mongodb_admit_only_the_suite(each_render, values_for):
    values = values_for(each_render.name)
    suite = set(values["services"])
    # NATS servers talk to each other on 6222 only; MongoDB members replicate on 27017, and
    # identity's audit-retention job is MongoDB's one client outside the suite.
    jobs = {"audit-retention"} if values["auditRetention"]["enabled"] else set()
    for infra, port, peers in (("nats", 4222, set()), ("mongodb", 27017, {"mongodb"} | jobs)):
        if not values[infra]["enabled"]:
            with pytest.raises(KeyError):
                each_render.get("NetworkPolicy", f"jlp-{infra}")
            continue
        policy = each_render.get("NetworkPolicy", f"jlp-{infra}")
        client_rules = [rule for rule in policy["spec"]["ingress"]
                        if {"protocol": "TCP", "port": port} in rule["ports"]]
        admitted = set().union(*(peer_components(p) for rule in client_rules for p in rule["from"]))
        assert admitted == suite | peers, infra
