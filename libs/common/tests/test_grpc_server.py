"""The shared server bootstrap over a real channel, with the test-only echo service."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from jlp_common import context as ctx
from jlp_common import grpc_client
from jlp_common.config import Settings
from jlp_common.errors import status_from_rpc_error, unpack_details
from jlp_testkit.echo import build_app
from jlp_testkit.nats import free_port
from jlp_testkit.tokens import TestSigner
from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

SETTINGS = {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING"}


@pytest.fixture
def signer():
    return TestSigner()


@pytest.fixture
def app(signer):
    app = build_app(Settings.from_env("echo", SETTINGS), verifier=signer.verifier())
    app.start()
    yield app
    app.stop(0.5)


@pytest.fixture
def stub(app):
    ch = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    yield echo_pb2_grpc.EchoServiceStub(ch)
    ch.close()


def auth(signer, *scopes):
    return [("authorization", "Bearer " + signer.token(scopes=scopes))]


def test_health_is_serving_for_overall_and_each_service(app):
    ch = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    health = health_pb2_grpc.HealthStub(ch)
    for name in ("", "jlptest.echo.v1.EchoService"):
        assert health.Check(health_pb2.HealthCheckRequest(service=name)).status == \
            health_pb2.HealthCheckResponse.SERVING


def test_health_tells_the_truth_about_dependencies(signer):
    up = threading.Event()
    up.set()
    app = build_app(Settings.from_env("echo", SETTINGS), verifier=signer.verifier())
    app.add_check("nats", up.is_set)
    app.start()
    try:
        health = health_pb2_grpc.HealthStub(grpc.insecure_channel(f"127.0.0.1:{app.port}"))
        check = lambda: health.Check(health_pb2.HealthCheckRequest()).status  # noqa: E731
        assert check() == health_pb2.HealthCheckResponse.SERVING
        up.clear()
        assert app.refresh_health() == ["nats"]
        assert check() == health_pb2.HealthCheckResponse.NOT_SERVING
        # ...but the process is alive: liveness probes must not restart it for NATS' sake.
        assert health.Check(health_pb2.HealthCheckRequest(service="liveness")).status == \
            health_pb2.HealthCheckResponse.SERVING
        up.set()
        app.refresh_health()
        assert check() == health_pb2.HealthCheckResponse.SERVING
    finally:
        app.stop(0)


def test_reflection_lists_the_service(app):
    ch = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    refl = reflection_pb2_grpc.ServerReflectionStub(ch)
    responses = refl.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    names = {s.name for r in responses for s in r.list_services_response.service}
    assert "jlptest.echo.v1.EchoService" in names and "grpc.health.v1.Health" in names


def test_auth_interceptor_enforces_policy(stub, signer):
    note = echo_pb2.CreateNoteRequest(note=echo_pb2.Note(title="hello"))
    with pytest.raises(grpc.RpcError) as e:
        stub.CreateNote(note)
    assert e.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.RpcError) as e:
        stub.CreateNote(note, metadata=auth(signer, "echo:note.read"))
    assert e.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as e:
        stub.CreateNote(note, metadata=auth(TestSigner(), "echo:note.write"))  # foreign key
    assert e.value.code() == grpc.StatusCode.UNAUTHENTICATED
    created = stub.CreateNote(note, metadata=auth(signer, "echo:note.write"))
    assert created.name.startswith("notes/")


def test_domain_errors_arrive_with_field_violations(stub, signer):
    with pytest.raises(grpc.RpcError) as e:
        stub.CreateNote(echo_pb2.CreateNoteRequest(note=echo_pb2.Note(title="")),
                        metadata=auth(signer, "echo:note.write"))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = [d for d in unpack_details(status_from_rpc_error(e.value))
           if isinstance(d, error_details_pb2.BadRequest)][0]
    assert bad.field_violations[0].field == "note.title"


def test_request_id_is_returned(stub):
    _, call = stub.ListNotes.with_call(echo_pb2.ListNotesRequest(), metadata=[("x-request-id", "abc123")])
    assert dict(call.trailing_metadata())["x-request-id"] == "abc123"


def test_client_propagates_the_callers_remaining_deadline(app):
    ch = grpc_client.channel(f"127.0.0.1:{app.port}", [echo_pb2])
    stub = echo_pb2_grpc.EchoServiceStub(ch)
    token = ctx.deadline_var.set(time.monotonic() + 0.3)  # we are inside a call with 0.3 s left
    try:
        assert grpc_client.call_timeout(5.0) <= 0.3
        with pytest.raises(grpc.RpcError) as e:
            grpc_client.invoke(stub.SleepNote, echo_pb2.SleepNoteRequest(millis=2000))
        assert e.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    finally:
        ctx.deadline_var.reset(token)
    assert grpc_client.invoke(stub.SleepNote, echo_pb2.SleepNoteRequest(millis=10)).slept_millis == 10


def test_retry_policy_covers_only_idempotent_methods():
    config = grpc_client.service_config([echo_pb2])
    names = {n["method"] for n in config["methodConfig"][0]["name"]}
    assert names == {"GetNote", "ListNotes"}
    policy = config["methodConfig"][0]["retryPolicy"]
    assert policy["maxAttempts"] <= 4 and policy["retryableStatusCodes"] == ["UNAVAILABLE"]
    assert "retryThrottling" in config


def test_sigterm_lets_the_slow_call_finish_then_exits_zero():
    """Also: the process serves Prometheus metrics with per-method latency and status."""
    port, metrics_port = free_port(), free_port()
    env = {**os.environ, **SETTINGS, "JLP_GRPC_PORT": str(port), "JLP_LOG_LEVEL": "INFO",
           "JLP_METRICS_PORT": str(metrics_port), "JLP_JWKS_URL": "http://127.0.0.1:1/none"}
    proc = subprocess.Popen([sys.executable, "-m", "jlp_testkit.echo"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        ch = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(ch).result(timeout=20)
        stub = echo_pb2_grpc.EchoServiceStub(ch)
        stub.ListNotes(echo_pb2.ListNotesRequest())
        with pytest.raises(grpc.RpcError):
            stub.GetNote(echo_pb2.GetNoteRequest(name="notes/missing"))
        scrape = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).read().decode()
        assert 'rpc_server_duration_milliseconds_count{' in scrape
        assert 'rpc_method="ListNotes"' in scrape and 'rpc_grpc_status_code="5"' in scrape
        result = {}

        def slow():
            result["r"] = stub.SleepNote(echo_pb2.SleepNoteRequest(millis=1500), timeout=10)

        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.4)  # let the call reach the server (not a timing assertion)
        proc.send_signal(signal.SIGTERM)
        t.join(10)
        assert result["r"].slept_millis == 1500
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    out = proc.stdout.read().decode()
    assert "shutting down" in out and "stopped" in out


def test_the_one_interceptor_traces_through_opentelemetry_or_its_shortcut(app, stub, signer,
                                                                         monkeypatch):
    """GrpcApp runs OpenTelemetry's server interceptor from its own (issue 16): with an
    exporter (the tests') every call goes through it; without one, an unsampled call skips it
    and still gets the platform's work (auth, request id) inside the caller's trace."""
    from jlp_common.telemetry import setup_telemetry

    tracing = app._interceptor.tracing
    used = []
    otel = tracing.otel

    class Counting:
        def intercept_service(self, continuation, details):  # noqa: ANN001, ANN202
            used.append(details.method)
            return otel.intercept_service(continuation, details)

    monkeypatch.setattr(tracing, "otel", Counting())
    original = echo_pb2.GetNoteRequest
    note = stub.CreateNote(echo_pb2.CreateNoteRequest(note=echo_pb2.Note(title="t")),
                           metadata=auth(signer, "echo:note.write"))
    assert used == ["/jlptest.echo.v1.EchoService/CreateNote"]  # an exporter: OpenTelemetry's
    sampler = setup_telemetry("test", in_memory=True).tracer_provider.sampler
    monkeypatch.setattr(sampler, "exported", False)
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    _, call = stub.GetNote.with_call(
        original(name=note.name),
        metadata=[("traceparent", f"00-{trace_id}-b7ad6b7169203331-00"),
                  ("x-request-id", "rid-shortcut")])
    assert len(used) == 1  # skipped: nothing would record the span
    assert dict(call.trailing_metadata())["x-request-id"] == "rid-shortcut"
    with pytest.raises(grpc.RpcError) as refused:  # the policy still applies
        stub.CreateNote(echo_pb2.CreateNoteRequest(note=echo_pb2.Note(title="t")))
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    stub.GetNote(original(name=note.name),
                 metadata=[("traceparent", f"00-{trace_id}-b7ad6b7169203331-01")])
    assert len(used) == 2  # a sampled caller: OpenTelemetry's interceptor records it
