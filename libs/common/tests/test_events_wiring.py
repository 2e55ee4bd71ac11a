"""attach_events: a service's bus, relay and consumers follow its gRPC app's lifecycle."""

import uuid

from jlp_common.config import Settings
from jlp_common.events import Consumer, EventBus, attach_events
from jlp_testkit.echo import build_app
from jlp_testkit.nats import wait_for
from jlp_testkit.tokens import TestSigner
from jlptest.echo.v1 import echo_pb2


def test_bus_starts_and_stops_with_the_app_and_drives_health(nats_server):
    env = {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
           "JLP_NATS_URL": nats_server.url}
    settings = Settings.from_env("echo", env)
    app = build_app(settings, verifier=TestSigner().verifier())
    bus = EventBus(settings)
    got = []
    durable = f"echo-test-{uuid.uuid4().hex[:8]}"
    attach_events(app, bus, domain="grid", consumers=[
        Consumer("JLP_GRID", durable, "jlp.grid.note.created", got.append)])
    assert not bus.connected()
    app.start()
    try:
        assert bus.connected() and app.failing_checks() == []
        bus.publish("jlp.grid.note.created", echo_pb2.Note(title="hello"))
        wait_for(lambda: got)
        assert got[0].parse(echo_pb2.Note).title == "hello"
    finally:
        app.stop(0)
    assert not bus.connected()
    assert app.failing_checks() == ["nats"]  # health would say NOT_SERVING without NATS
