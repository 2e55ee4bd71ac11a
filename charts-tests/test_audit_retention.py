"""identity's audit-trail retention job (ADR 0109): a CronJob that runs
`python -m jlp_identity.purge_audit` in identity's image with identity's config, never two at a
time, bounded in time, keeping the history of its runs, its pods outside identity's Service and
policies, reaching MongoDB and DNS only. Rendered for every values file."""

from __future__ import annotations

import pytest

NAME = "jlp-audit-retention"


def container(pod_template: dict) -> dict:
    (c,) = pod_template["spec"]["containers"]
    return c


def job_pod(r) -> dict:
    cron = r.get("CronJob", NAME)
    return cron["spec"]["jobTemplate"]["spec"]["template"]


def secret_keys(c: dict) -> dict[str, str]:
    return {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in c["env"]
            if "secretKeyRef" in e.get("valueFrom", {})}


def test_the_job_runs_purge_audit_on_schedule_never_overlapping(each_render, values_for):
    settings = values_for(each_render.name)["auditRetention"]
    assert settings["enabled"]
    spec = each_render.get("CronJob", NAME)["spec"]
    assert spec["schedule"] == settings["schedule"]
    assert spec["timeZone"] == settings["timeZone"]
    assert spec["concurrencyPolicy"] == "Forbid"
    assert spec["startingDeadlineSeconds"] == settings["startingDeadlineSeconds"]
    assert spec["successfulJobsHistoryLimit"] == settings["successfulJobsHistoryLimit"]
    assert spec["failedJobsHistoryLimit"] >= 1  # a broken chain's run and log stay visible
    job = spec["jobTemplate"]["spec"]
    assert job["activeDeadlineSeconds"] == settings["activeDeadlineSeconds"]
    assert job["backoffLimit"] == settings["backoffLimit"]
    pod = job["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    c = container(job["template"])
    assert c["command"] == ["python", "-m", "jlp_identity.purge_audit"]
    assert "args" not in c and "ports" not in c
    assert {"requests", "limits"} <= set(c["resources"])


def test_the_job_shares_identitys_image_config_and_restricted_pod(each_render):
    r = each_render
    identity_pod = r.get("Deployment", "jlp-identity")["spec"]["template"]
    identity = container(identity_pod)
    job = job_pod(r)
    c = container(job)
    assert c["image"] == identity["image"]
    assert c["imagePullPolicy"] == identity["imagePullPolicy"]
    assert c["envFrom"] == identity["envFrom"]
    # The same Secret, but only what purge_audit reads: not the KEK, not the bootstrap admin.
    keys = secret_keys(c)
    assert set(keys) == {"JLP_MONGO_URI", "JLP_PAGE_TOKEN_KEY", "JLP_IDENTITY_AUDIT_ANCHOR_KEY"}
    assert set(keys.values()) == set(secret_keys(identity).values())
    assert c["securityContext"] == identity["securityContext"]
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    pod, ipod = job["spec"], identity_pod["spec"]
    for key in ("securityContext", "automountServiceAccountToken", "enableServiceLinks"):
        assert pod[key] == ipod[key], key
    # the same volumes, except that with TLS it sees only the CA of identity's certificate
    # (MongoDB asks clients for none; ADR 0111)
    volumes = {v["name"]: v for v in pod["volumes"]}
    if "tls" in volumes:
        assert volumes["tls"]["secret"].pop("items") == [{"key": "ca.crt", "path": "ca.crt"}]
        assert not {e["name"] for e in c["env"]} & {"JLP_TLS_CERT_FILE", "JLP_TLS_KEY_FILE"}
    assert list(volumes.values()) == ipod["volumes"]
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]  # noqa: S108 (a mount path)
    sa = r.get("ServiceAccount", pod["serviceAccountName"])
    assert pod["serviceAccountName"] == NAME and sa["automountServiceAccountToken"] is False


def test_identity_objects_do_not_select_the_job_pods(each_render):
    """A running job pod must never become an endpoint of identity's Service or count in its
    PDB, nor inherit identity's wider NetworkPolicy."""
    r = each_render
    labels = job_pod(r)["metadata"]["labels"]
    assert labels["app.kubernetes.io/component"] == "audit-retention"
    selectors = [r.get("Service", "jlp-identity")["spec"]["selector"],
                 r.get("NetworkPolicy", "jlp-identity")["spec"]["podSelector"]["matchLabels"]]
    selectors += [p["spec"]["selector"]["matchLabels"] for p in r.of_kind("PodDisruptionBudget")]
    for selector in selectors:
        assert not all(labels.get(k) == v for k, v in selector.items()), selector


def test_the_job_reaches_mongodb_and_dns_only(each_render, values_for):
    values = values_for(each_render.name)
    policy = each_render.get("NetworkPolicy", NAME)["spec"]
    labels = job_pod(each_render)["metadata"]["labels"]
    assert all(labels.get(k) == v for k, v in policy["podSelector"]["matchLabels"].items())
    assert policy["policyTypes"] == ["Ingress", "Egress"]
    assert not policy.get("ingress")  # nothing may connect to it
    dns, mongo = policy["egress"]
    assert dns["to"] == values["networkPolicy"]["dnsTo"]
    assert {p["port"] for p in dns["ports"]} == {53}
    if values["mongodb"]["enabled"]:
        (peer,) = mongo["to"]
        assert peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "mongodb"
        assert mongo["ports"] == [{"protocol": "TCP", "port": 27017}]
    else:
        ext = values["externalMongodb"]["egress"]
        assert mongo["to"] == ext["to"]
        assert [p["port"] for p in mongo["ports"]] == ext["ports"]


def test_disabled_leaves_no_job_and_no_hole(render):
    r = render("no-retention", set_values=["auditRetention.enabled=false"])
    for kind in ("CronJob", "NetworkPolicy", "ServiceAccount"):
        with pytest.raises(KeyError):
            r.get(kind, NAME)
    assert "audit-retention" not in str(r.get("NetworkPolicy", "jlp-mongodb")["spec"])


def test_the_job_follows_identitys_image_pin_and_placement(render):
    digest = "sha256:" + "a" * 64
    r = render("pinned", set_values=[
        f"services.identity.image.digest={digest}",
        "services.identity.nodeSelector.pool=secure",
        "fullnameOverride=smart-jiulongpo-platform-long-release-nm",
    ])
    (cron,) = r.of_kind("CronJob")
    assert len(cron["metadata"]["name"]) <= 52  # the CronJob controller appends 11 characters
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert container({"spec": pod})["image"].endswith(f"jlp-identity:0.1.0@{digest}")
    assert pod["nodeSelector"] == {"pool": "secure"}
    assert r.get("ServiceAccount", pod["serviceAccountName"])
