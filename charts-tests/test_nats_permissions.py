"""Each component's NATS user can do what its code does and nothing more (ADR 0111).

The chart's own nats.conf (single-server dev values) runs in a real nats-server with the
passwords of the rendered Secret; then the platform's EventBus, as the services use it, publishes
with grid-event's user and consumes with environment's, and plain nats-py clients try what the
users must not: publish another domain's events, delete or read a stream they do not consume,
subscribe to another domain. The permission lists themselves are checked from the catalogue.
"""

from __future__ import annotations

import asyncio
import base64
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
import yaml
from google.protobuf import struct_pb2

from jlp_common import registry
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_testkit.nats import free_port, nats_server_binary, wait_for


def users_block(conf: str) -> dict[str, tuple[list[str], list[str]]]:
    """user → (publish allow-list, subscribe allow-list) from a rendered nats.conf; a
    `deny: [">"]` side is an empty list."""
    out = {}
    for m in re.finditer(r'user: "([a-z-]+)"\s+password: \$(\w+)\s+permissions: \{\s+publish: \{\s+'
                         r'(allow|deny): \[([^\]]*)\]\s+\}\s+subscribe: \{\s+(allow|deny): \[([^\]]*)\]',
                         conf):
        def subjects(kind: str, text: str) -> list[str]:
            return re.findall(r'"([^"]+)"', text) if kind == "allow" else []
        out[m.group(1)] = (subjects(m.group(3), m.group(4)), subjects(m.group(5), m.group(6)))
    return out


def test_each_service_publishes_only_its_own_domain_and_reads_only_what_it_consumes(rendered):
    conf = rendered["default"].get("ConfigMap", "jlp-nats")["data"]["nats.conf"]
    users = users_block(conf)
    assert set(users) == {"gateway", *(c.name for c in registry.components())}
    assert "authorization" in conf and "NATS_PASSWORD" not in conf.replace("$NATS_PASSWORD_", "")
    for c in registry.components():
        publish, subscribe = users[c.name]
        events = [s for s in publish if s.startswith("jlp.")]
        expected_events = [f"jlp.{c.event_domain}.>"] + (["jlp.deadletter.>"] if c.consumes else [])
        assert events == expected_events, c.name
        api = [s for s in publish if s.startswith("$JS.")]
        assert "$JS.API.>" not in api and not any("DELETE" in s or "PURGE" in s for s in api)
        own = {f"JLP_{c.event_domain.upper()}"} | ({"JLP_DEADLETTER"} if c.consumes else set())
        consumed = {f"JLP_{d.upper()}" for d in c.consumes}
        for s in api:
            (stream,) = [t for t in s.split(".") if re.fullmatch(r"JLP_[A-Z]+", t)]
            assert stream in own | consumed, (c.name, s)
            if stream in consumed - own:
                # it may create a missing stream (same spec), never reconcile another's
                assert not s.startswith("$JS.API.STREAM.UPDATE."), (c.name, s)
        assert subscribe == ["_INBOX.>", *(f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."
                                           f"JLP_{d.upper()}.*" for d in c.consumes)], c.name


def test_the_operators_admin_user_is_in_no_pods_environment(each_render):
    if not each_render.of_kind("StatefulSet"):
        return  # external NATS: no admin user of ours
    conf = each_render.get("ConfigMap", "jlp-nats")["data"]["nats.conf"]
    assert 'user: "jlp-admin"' in conf
    for _, template in each_render.pod_templates():
        for c in template["spec"]["containers"]:
            keys = {e["valueFrom"]["secretKeyRef"]["key"] for e in c.get("env", [])
                    if "secretKeyRef" in e.get("valueFrom", {})}
            assert "NATS_ADMIN_URL" not in keys
            if c["name"] != "nats":
                assert "NATS_ADMIN_PASSWORD" not in keys


def test_the_gateway_reads_only_the_streams_it_consumes_and_publishes_no_event(render):
    """The ops centre's live stream (ADR 0110): ordered ephemeral consumers of its own on the
    streams of `gateway.consumes`, flow-control answers, deliveries to its inboxes; no event
    subject, no durable consumer, no stream change."""
    r = render("gateway-nats", set_values=[])
    publish, subscribe = users_block(r.get("ConfigMap", "jlp-nats")["data"]["nats.conf"])["gateway"]
    chart = Path(__file__).resolve().parent.parent / "charts/jlp"
    catalogue = yaml.safe_load((chart / "files/components.yaml").read_text())
    consumed = {f"JLP_{d.upper()}" for d in catalogue["gateway"]["consumes"]}
    assert consumed and subscribe == ["_INBOX.>"]
    assert not [s for s in publish if s.startswith("jlp.")]
    for s in publish:
        assert s.startswith(("$JS.API.STREAM.INFO.", "$JS.API.CONSUMER.CREATE.",
                             "$JS.API.CONSUMER.DELETE.", "$JS.FC.")), s
        (stream,) = [t for t in s.split(".") if re.fullmatch(r"JLP_[A-Z]+", t)]
        assert stream in consumed, s
    env = {e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in
           r.get("Deployment", "jlp-gateway")["spec"]["template"]["spec"]["containers"][0]["env"]
           if "secretKeyRef" in e.get("valueFrom", {})}
    assert env == {"JLP_NATS_URL": "JLP_NATS_URL_GATEWAY"}


@pytest.fixture(scope="module")
def chart_nats(rendered, tmp_path_factory) -> Iterator[dict[str, str]]:
    """nats-server running the dev render's nats.conf; yields component → its local URL."""
    r = rendered["dev"]
    work = tmp_path_factory.mktemp("chart-nats")
    port = free_port()
    conf = r.get("ConfigMap", "jlp-nats")["data"]["nats.conf"]
    assert "cluster {" not in conf  # dev: one server
    conf = conf.replace("listen: 0.0.0.0:4222", f"listen: 127.0.0.1:{port}")
    conf = re.sub(r"^\s*http_port: .*$", "", conf, flags=re.M)
    conf = conf.replace("/var/run/nats/nats.pid", str(work / "nats.pid"))
    conf = conf.replace("/data/jetstream", str(work / "js"))
    (work / "nats.conf").write_text(conf)
    secret = {k: base64.b64decode(v).decode() for k, v in r.get("Secret", "jlp-secrets")["data"].items()}
    env = {"POD_NAME": "jlp-nats-0",
           **{k: v for k, v in secret.items() if k.startswith(("NATS_PASSWORD_", "NATS_ADMIN_"))}}
    proc = subprocess.Popen([nats_server_binary(), "-c", str(work / "nats.conf")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    urls = {}
    for key, value in secret.items():
        if key.startswith("JLP_NATS_URL_"):
            user, rest = value.removeprefix("nats://").split("@", 1)
            name = user.split(":", 1)[0]
            urls[name] = f"nats://{user}@127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                asyncio.run(_ping(urls["identity"]))
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.1)
        assert proc.poll() is None, "nats-server refused the chart's configuration"
        yield urls
    finally:
        proc.terminate()
        proc.wait(10)


async def _ping(url: str) -> None:
    nc = await nats.connect(url, connect_timeout=1, max_reconnect_attempts=0, allow_reconnect=False)
    await nc.close()


def bus(name: str, url: str) -> EventBus:
    settings = Settings.from_env(name, {"JLP_NATS_URL": url, "JLP_NATS_REPLICAS": "1"})
    b = EventBus(settings, publish_timeout_s=3.0, reconnect_wait_s=0.1, fetch_timeout_s=0.5)
    b.start()
    return b


def test_the_platform_event_path_works_under_the_charts_users(chart_nats):
    """grid-event publishes a case event with its own user; environment consumes it through
    its durable consumer with its own user: stream creation, publish ack, consumer creation,
    fetch and ack all fit inside the granted permissions."""
    got: list[str] = []
    producer, consumer = bus("grid-event", chart_nats["grid-event"]), bus("environment",
                                                                          chart_nats["environment"])
    try:
        wait_for(producer.connected, timeout_s=10)
        wait_for(consumer.connected, timeout_s=10)
        producer.ensure_stream("grid")
        consumer.subscribe(stream="JLP_GRID", durable="environment-case-links",
                           filter_subject="jlp.grid.case.created",
                           handler=lambda event: got.append(event.id))
        event_id = producer.publish("jlp.grid.case.created", struct_pb2.Struct())
        wait_for(lambda: event_id in got, timeout_s=15, message="event consumed under ACLs")
    finally:
        consumer.stop(timeout_s=1.0)
        producer.stop(timeout_s=1.0)


async def _violations(url: str, actions) -> list[str]:
    errors: list[str] = []

    async def on_error(exc: Exception) -> None:
        errors.append(str(exc).lower())  # nats-py lower-cases the server's -ERR

    nc = await nats.connect(url, error_cb=on_error, max_reconnect_attempts=0, allow_reconnect=False)
    try:
        await actions(nc)
        await nc.flush(timeout=2)
        await asyncio.sleep(0.3)
    finally:
        await nc.close()
    return errors


def test_what_a_user_must_not_do_is_refused_by_the_server(chart_nats):
    async def grid_event(nc):
        await nc.publish("jlp.identity.user.created", b"{}")  # another domain's event
        await nc.publish("$JS.API.STREAM.DELETE.JLP_GRID", b"")  # even its own stream
        await nc.publish("jlp.deadletter.x", b"")  # it does consume, so this one is allowed

    errors = asyncio.run(_violations(chart_nats["grid-event"], grid_event))
    assert any('publish to "jlp.identity.user.created"' in e for e in errors), errors
    assert any('publish to "$js.api.stream.delete.jlp_grid"' in e for e in errors), errors
    assert not any("jlp.deadletter.x" in e for e in errors), errors

    async def environment(nc):
        await nc.subscribe("jlp.identity.>")  # reading a stream it does not consume
        await nc.publish("$JS.API.CONSUMER.CREATE.JLP_IDENTITY.spy", b"{}")
        await nc.publish("$JS.API.STREAM.UPDATE.JLP_GRID", b"{}")  # a consumed stream's config

    errors = asyncio.run(_violations(chart_nats["environment"], environment))
    assert any('subscription to "jlp.identity.>"' in e for e in errors), errors
    assert any("consumer.create.jlp_identity" in e for e in errors), errors
    assert any("stream.update.jlp_grid" in e for e in errors), errors

    async def identity(nc):
        await nc.publish("jlp.deadletter.identity-x", b"")  # no consumer, no dead letters

    errors = asyncio.run(_violations(chart_nats["identity"], identity))
    assert any("jlp.deadletter.identity-x" in e for e in errors), errors


def test_a_wrong_password_is_refused(chart_nats):
    url = re.sub(r"//([^:]+):[^@]+@", r"//\1:wrong@", chart_nats["identity"])
    with pytest.raises(Exception):  # noqa: B017,PT011 - nats-py raises its own auth errors
        asyncio.run(_ping(url))

