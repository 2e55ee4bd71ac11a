"""Every component holds only its own secrets (issue 15, ADR 0111).

- Secret variables follow the catalogue: a service declares `secrets: [JLP_PII_KEY]` in
  components.yaml and the chart gives it the key, and nobody else; no chart edit.
- Each component reads its database URI and NATS URL from its own Secret keys, whose users are
  its own: MongoDB user jlp_<name> limited to database jlp_<name>, NATS user <name>.
- The in-chart replica set's init script creates those users with readWrite on their own
  database only, idempotently, and retires the shared user of earlier versions: run here under
  node against a recording fake of the mongosh API, twice.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import yaml

from jlp_common import registry
from jlp_common.db import database_name

CHART = Path(__file__).resolve().parent.parent / "charts" / "jlp"
NAMESPACE = RELEASE = "jlp"


def secret_refs(deployment: dict) -> dict[str, str]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return {e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in container.get("env", [])
            if "secretKeyRef" in e.get("valueFrom", {})}


def key_suffix(name: str) -> str:
    return name.upper().replace("-", "_")


def test_each_component_reads_its_own_credentials_and_only_declared_secrets(each_render):
    for c in registry.components():
        refs = secret_refs(each_render.get("Deployment", f"jlp-{c.name}"))
        assert refs.pop("JLP_MONGO_URI") == f"JLP_MONGO_URI_{key_suffix(c.name)}", c.name
        assert refs.pop("JLP_NATS_URL") == f"JLP_NATS_URL_{key_suffix(c.name)}", c.name
        assert refs.pop("JLP_PAGE_TOKEN_KEY") == "JLP_PAGE_TOKEN_KEY"
        assert refs == {s: s for s in c.secrets}, c.name  # exactly the catalogue's, nothing more
    # the gateway: only its own read-only NATS user (the ops centre's live stream, ADR 0110)
    assert secret_refs(each_render.get("Deployment", "jlp-gateway")) == {
        "JLP_NATS_URL": "JLP_NATS_URL_GATEWAY"}


def test_the_personal_data_key_goes_only_where_personal_data_is_stored(each_render):
    holders = {d["metadata"]["name"].removeprefix("jlp-") for d in each_render.of_kind("Deployment")
               if "JLP_PII_KEY" in secret_refs(d)}
    assert holders == {c.name for c in registry.components() if "JLP_PII_KEY" in c.secrets}
    assert "gateway" not in holders


def chart_with_catalogue(tmp_path: Path, extra: dict) -> Path:
    """A copy of the chart whose catalogue has `extra` components added (the link replaced)."""
    chart = tmp_path / "jlp"
    shutil.copytree(CHART, chart, symlinks=False)
    cat = yaml.safe_load((CHART / "files" / "components.yaml").read_text())
    cat["components"].update(extra)
    (chart / "files" / "components.yaml").unlink()
    (chart / "files" / "components.yaml").write_text(yaml.safe_dump(cat))
    return chart


def test_a_new_service_that_stores_personal_data_gets_the_key_by_declaring_it(helm, tmp_path):
    chart = chart_with_catalogue(tmp_path, {
        "tourism": {"port": 50069, "events": "tourism", "calls": ["identity"],
                    "secrets": ["JLP_PII_KEY"], "consumes": ["grid"]}})
    docs = [d for d in yaml.safe_load_all(helm("template", RELEASE, str(chart), "--namespace",
                                               NAMESPACE)) if d]
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    refs = secret_refs(by[("Deployment", "jlp-tourism")])
    assert refs["JLP_PII_KEY"] == "JLP_PII_KEY"
    assert refs["JLP_MONGO_URI"] == "JLP_MONGO_URI_TOURISM"
    assert refs["JLP_NATS_URL"] == "JLP_NATS_URL_TOURISM"
    assert "JLP_PII_KEY" not in secret_refs(by[("Deployment", "jlp-grid-event")])
    secret = {k: base64.b64decode(v).decode() for k, v in by[("Secret", "jlp-secrets")]["data"].items()}
    assert secret["JLP_MONGO_URI_TOURISM"].startswith("mongodb://jlp_tourism:")
    conf = by[("ConfigMap", "jlp-nats")]["data"]["nats.conf"]
    assert 'user: "tourism"' in conf and '"jlp.tourism.>"' in conf
    assert '"$JS.API.CONSUMER.MSG.NEXT.JLP_GRID.*"' in conf
    mongo_env = {e["name"]: e.get("value") for e in
                 by[("StatefulSet", "jlp-mongodb")]["spec"]["template"]["spec"]["containers"][0]["env"]}
    users = json.loads(mongo_env["MONGODB_SERVICE_USERS"])
    assert {"user": "jlp_tourism", "db": "jlp_tourism",
            "passwordVar": "MONGODB_PASSWORD_TOURISM"} in users
    assert "MONGODB_PASSWORD_TOURISM" in mongo_env


def test_a_secret_the_chart_cannot_provide_stops_the_render(helm, tmp_path):
    chart = chart_with_catalogue(tmp_path, {
        "tourism": {"port": 50069, "events": "tourism", "secrets": ["JLP_PAYMENT_KEY"]}})
    try:
        helm("template", RELEASE, str(chart), "--namespace", NAMESPACE)
    except RuntimeError as exc:
        assert "gives tourism the secret JLP_PAYMENT_KEY" in str(exc)
    else:
        raise AssertionError("rendered a pod referencing a Secret key that does not exist")


def test_the_secret_holds_what_the_catalogue_declares_and_nothing_else(rendered):
    """The chart's Secret derives its variables from the catalogue (jlp.secretKeys): every
    declared secret is there, made by its rule, and none the catalogue does not declare. The
    pinned JWT signing key is only there when given."""
    data = rendered["default"].get("Secret", "jlp-secrets")["data"]
    per_component = ("JLP_MONGO_URI_", "JLP_NATS_URL_")
    shared = {k for k in data if k.startswith("JLP_") and not k.startswith(per_component)}
    declared = {s for c in registry.components() for s in c.secrets} | {"JLP_PAGE_TOKEN_KEY"}
    assert shared == declared - {"JLP_JWT_SIGNING_KEY"}
    value = {k: base64.b64decode(data[k]).decode() for k in shared}
    for anchor in ("JLP_IDENTITY_AUDIT_ANCHOR_KEY", "JLP_VIDEO_INDEX_AUDIT_ANCHOR_KEY", "JLP_PII_KEY"):
        assert len(base64.b64decode(value[anchor])) == 32, anchor
    assert value["JLP_TOURISM_QR_KEYS"].startswith("tk-1:")


def test_a_new_service_keeping_an_audit_chain_gets_its_anchor_key_by_declaring_it(helm, tmp_path):
    chart = chart_with_catalogue(tmp_path, {
        "tourism": {"port": 50069, "events": "tourism", "secrets": ["JLP_TOURISM_AUDIT_ANCHOR_KEY"]}})
    docs = [d for d in yaml.safe_load_all(helm("template", RELEASE, str(chart), "--namespace",
                                               NAMESPACE)) if d]
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    secret = by[("Secret", "jlp-secrets")]["data"]
    assert len(base64.b64decode(base64.b64decode(secret["JLP_TOURISM_AUDIT_ANCHOR_KEY"]))) == 32
    assert secret_refs(by[("Deployment", "jlp-tourism")])["JLP_TOURISM_AUDIT_ANCHOR_KEY"] == \
        "JLP_TOURISM_AUDIT_ANCHOR_KEY"


def test_the_secret_template_names_no_catalogue_secret():
    """The list of secret variables lives in the catalogue only: the Secret's template ranges
    over jlp.secretKeys, and the helpers name a variable once at most, in its rule of
    jlp.secretRules (how it is made), never in a second list."""
    template = (CHART / "templates" / "config" / "secret.yaml").read_text()
    helpers = (CHART / "templates" / "_helpers.tpl").read_text()
    for var in {s for c in registry.components() for s in c.secrets}:
        assert var not in template, var
        rules = 0 if var.endswith("_AUDIT_ANCHOR_KEY") else 1  # anchor keys: by convention
        assert helpers.count(f'"{var}"') <= rules, var


def test_mongodb_users_are_one_per_component_limited_to_its_database(rendered):
    sts = rendered["default"].get("StatefulSet", "jlp-mongodb")["spec"]["template"]["spec"]
    env = {e["name"]: e for e in sts["containers"][0]["env"]}
    users = json.loads(env["MONGODB_SERVICE_USERS"]["value"])
    assert users == [{"db": database_name(n), "passwordVar": f"MONGODB_PASSWORD_{key_suffix(n)}",
                      "user": database_name(n)} for n in sorted(c.name for c in registry.components())]
    for u in users:
        assert env[u["passwordVar"]]["valueFrom"]["secretKeyRef"]["key"] == u["passwordVar"]
    assert "MONGODB_APP_PASSWORD" not in env


FAKE_MONGOSH = r"""
// A recording fake of the few mongosh calls init-replset.js makes; state kept in a JSON file.
const fs = require('fs');
const statePath = process.env.FAKE_STATE;
const state = fs.existsSync(statePath) ? JSON.parse(fs.readFileSync(statePath)) :
  { initiated: false, users: {}, calls: [] };
state.calls = [];
function save() { fs.writeFileSync(statePath, JSON.stringify(state)); }
function db(name) {
  return {
    adminCommand(cmd) {
      if (cmd.replSetGetStatus && !state.initiated) {
        const e = new Error('no'); e.codeName = 'NotYetInitialized'; throw e;
      }
      if (cmd.replSetInitiate) state.initiated = true;
      state.calls.push(Object.keys(cmd)[0]);
      return { ok: 1 };
    },
    auth(user, pwd) { return { ok: (state.users['admin.' + user] || {}).pwd === pwd ? 1 : 0 }; },
    hello() { return { isWritablePrimary: true }; },
    getSiblingDB(other) { return db(other); },
    getUser(user) { return state.users[name + '.' + user] || null; },
    createUser(spec) {
      if (state.users[name + '.' + spec.user]) throw new Error('exists');
      state.users[name + '.' + spec.user] = spec; state.calls.push('create ' + name + '.' + spec.user);
    },
    updateUser(user, spec) {
      state.users[name + '.' + user] = { user, ...spec }; state.calls.push('update ' + name + '.' + user);
    },
    dropUser(user) { delete state.users[name + '.' + user]; state.calls.push('drop ' + name + '.' + user); },
  };
}
globalThis.connect = () => db('admin');
globalThis.print = () => {};
globalThis.sleep = () => {};
globalThis.quit = (code) => { save(); process.exit(code); };
process.on('exit', save);
"""


def run_init(tools, script: str, env: dict[str, str], tmp_path: Path) -> dict:
    harness = tmp_path / "run.js"
    harness.write_text(FAKE_MONGOSH + "\n" + script)
    proc = subprocess.run([tools["node"], str(harness)], env={**env, "FAKE_STATE": str(tmp_path / "state.json")},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((tmp_path / "state.json").read_text())


def test_init_script_creates_updates_and_retires_users_idempotently(rendered, tools, tmp_path):
    r = rendered["default"]
    script = r.get("ConfigMap", "jlp-mongodb")["data"]["init-replset.js"]
    sts = r.get("StatefulSet", "jlp-mongodb")["spec"]["template"]["spec"]["containers"][0]["env"]
    env = {e["name"]: e["value"] for e in sts if "value" in e}
    env.update({e["name"]: f"pw-{e['name']}" for e in sts if "valueFrom" in e and "secretKeyRef"
                in e["valueFrom"] and e["name"] != "POD_NAME"})
    # an installation of the previous chart: root and the shared read-write-any-database user
    (tmp_path / "state.json").write_text(json.dumps({"initiated": True, "calls": [], "users": {
        "admin.root": {"user": "root", "pwd": env["MONGODB_ROOT_PASSWORD"]},
        "admin.jlp": {"user": "jlp", "roles": [{"role": "readWriteAnyDatabase", "db": "admin"}]}}}))
    first = run_init(tools, script, env, tmp_path)
    names = sorted(c.name for c in registry.components())
    for n in names:
        user = first["users"][f"{database_name(n)}.{database_name(n)}"]
        assert user["roles"] == [{"role": "readWrite", "db": database_name(n)}]  # nothing else
        assert user["pwd"] == f"pw-MONGODB_PASSWORD_{key_suffix(n)}"
    assert "admin.jlp" not in first["users"] and "drop admin.jlp" in first["calls"]
    assert set(first["users"]) == {"admin.root", *(f"{database_name(n)}.{database_name(n)}" for n in names)}
    # a restart with a rotated password: the same users, updated, nothing created twice
    rotated = "pw-rotated"
    env[f"MONGODB_PASSWORD_{key_suffix(names[0])}"] = rotated
    second = run_init(tools, script, env, tmp_path)
    assert not [c for c in second["calls"] if c.startswith(("create", "drop"))]
    assert second["users"][f"{database_name(names[0])}.{database_name(names[0])}"]["pwd"] == rotated
    assert "setDefaultRWConcern" in second["calls"]


def test_audit_retention_uses_identitys_own_database_user(each_render):
    jobs = each_render.of_kind("CronJob")
    for job in jobs:
        (container,) = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
        refs = {e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in container["env"]
                if "secretKeyRef" in e.get("valueFrom", {})}
        assert refs == {"JLP_MONGO_URI": "JLP_MONGO_URI_IDENTITY",
                        "JLP_PAGE_TOKEN_KEY": "JLP_PAGE_TOKEN_KEY",
                        # signs the purge anchor, checks the signed checkpoints (ADR 0112)
                        "JLP_IDENTITY_AUDIT_ANCHOR_KEY": "JLP_IDENTITY_AUDIT_ANCHOR_KEY"}
