"""skaffold.yaml parses, builds an image for every component of the chart and deploys them."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def skaffold() -> dict:
    return yaml.safe_load((ROOT / "skaffold.yaml").read_text())


def test_every_component_has_an_artifact_built_from_the_dockerfile(values_for):
    config = skaffold()
    assert config["apiVersion"].startswith("skaffold/v4") and config["kind"] == "Config"
    artifacts = {a["image"]: a for a in config["build"]["artifacts"]}
    components = set(values_for("default")["services"])
    assert set(artifacts) == {f"jlp-{c}" for c in components}
    for c in components:
        a = artifacts[f"jlp-{c}"]
        assert a["context"] == "." and a["docker"]["dockerfile"] == "Dockerfile"
        assert a["docker"]["buildArgs"] == {"COMPONENT": c}
    assert (ROOT / "Dockerfile").exists()


def test_skaffold_yaml_is_generated_from_the_catalogue():
    """`make components` output is committed: a component added to the catalogue without it
    fails here, naming the difference."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "scripts/components.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_helm_release_receives_every_built_image(values_for):
    (release,) = skaffold()["deploy"]["helm"]["releases"]
    assert release["chartPath"] == "charts/jlp"
    templates = release["setValueTemplates"]
    for c in values_for("default")["services"]:
        var = "jlp_" + c.replace("-", "_")
        assert templates[f"services.{c}.image.repository"] == f"{{{{.IMAGE_REPO_{var}}}}}"
        assert templates[f"services.{c}.image.tag"] == f"{{{{.IMAGE_TAG_{var}}}}}"


def test_dev_and_prod_profiles():
    profiles = {p["name"]: p for p in skaffold()["profiles"]}
    assert set(profiles) == {"dev", "prod"}
    dev = profiles["dev"]
    assert {"op": "add", "path": "/deploy/helm/releases/0/valuesFiles",
            "value": ["charts/values/dev.yaml"]} in dev["patches"]
    (forward,) = dev["portForward"]
    assert (forward["resourceType"], forward["resourceName"], forward["port"],
            forward["localPort"]) == ("service", "jlp-gateway", 8080, 8080)
    prod = profiles["prod"]
    assert {"op": "add", "path": "/deploy/helm/releases/0/valuesFiles",
            "value": ["charts/values/prod.yaml"]} in prod["patches"]
    assert {"op": "replace", "path": "/build/local/push", "value": True} in prod["patches"]
    for path in ("charts/values/dev.yaml", "charts/values/prod.yaml"):
        assert (ROOT / path).exists()


def test_dev_values_give_one_replica_each(rendered):
    r = rendered["dev"]
    assert all(d["spec"]["replicas"] == 1 for d in r.of_kind("Deployment"))
    assert not r.of_kind("HorizontalPodAutoscaler")
    assert all(s["spec"]["replicas"] == 1 for s in r.of_kind("StatefulSet"))
