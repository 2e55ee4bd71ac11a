"""checkov finds no failed check on the rendered manifests beyond the documented exceptions.

checkov cannot render a chart without a helm binary of its own, so it runs with
`--framework kubernetes` on the renders of the default, prod and external values (one run, one
directory). The dev values are left out on purpose: they set imagePullPolicy IfNotPresent because
skaffold's images exist only in the local cluster's cache (CKV_K8S_15 would fail, rightly).
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path

import yaml

SKIPS = Path(__file__).with_name("checkov-skips.yaml")


def test_checkov_fails_only_documented_checks(tools, rendered_files, rendered, tmp_path):
    skips = yaml.safe_load(SKIPS.read_text())
    for check, entry in skips.items():
        assert len(entry.get("reason", "")) > 40, f"{check} needs a real reason"
    directory = tmp_path / "manifests"
    directory.mkdir()
    for name in ("default", "prod", "external"):
        path = rendered_files[name]
        (directory / f"{name}.yaml").write_text(path.read_text())
    proc = subprocess.run(
        [tools["checkov"], "--directory", str(directory), "--framework", "kubernetes",
         "--output", "json", "--skip-download", "--compact"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.stdout.strip(), proc.stderr[-3000:]
    reports = json.loads(proc.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed: dict[str, set[str]] = defaultdict(set)
    passed = 0
    scanned: set[str] = set()
    for report in reports:
        assert report["summary"]["parsing_errors"] == 0
        passed += report["summary"]["passed"]
        for check in report["results"]["failed_checks"]:
            failed[check["check_id"]].add(f"{check['resource']} ({check['file_path']})")
        for check in report["results"]["failed_checks"] + report["results"]["passed_checks"]:
            scanned.add(check["resource"])
    assert passed > 500, "checkov ran too few checks: did it read the manifests?"
    # Every workload, CronJobs included, was checked (not only the kinds checkov knew before).
    for name in ("default", "prod", "external"):
        for w in rendered[name].workloads():
            resource = f"{w['kind']}.{w['metadata']['namespace']}.{w['metadata']['name']}"
            assert resource in scanned, f"checkov did not check {resource}"
    unexpected = {c: sorted(r) for c, r in failed.items() if c not in skips}
    assert not unexpected, f"new checkov failures: {json.dumps(unexpected, indent=2)}"
    stale = sorted(set(skips) - set(failed))
    assert not stale, f"checkov-skips.yaml lists checks that pass now, remove them: {stale}"
