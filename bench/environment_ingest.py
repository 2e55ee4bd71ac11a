"""Readings ingested per second: gateway batch endpoint vs gRPC stream vs raw JetStream publish.

Starts, in this process: a nats-server (JetStream), the environment service (embedded store,
events on, alert rules evaluated after every write as in production) and the gateway under a
threaded WSGI server on a real socket. Then, in one run:

1. POSTs batches of readings as JSON to /api/v1/environment/readings:batch through the gateway;
2. uploads the same number of readings over the StreamReadings client stream (gRPC direct);
3. uploads the same messages to a bare grpcio server whose StreamReadings only counts them:
   the bare stack's client-streaming ceiling.

Each figure over JLP_BENCH_RUNS runs (bench/_kit.py); the event-publish figures moved to
bench/events_path.py. Asserts nothing about speed. The store is the embedded one (mongomock), so the
ingest figures include its Python-level scans: they compare paths, they are not a MongoDB
figure (DESIGN §4).

    .venv/bin/python bench/environment_ingest.py [readings per path, default 30000]
"""

from __future__ import annotations

import sys
import threading
import time
from concurrent import futures
from datetime import UTC, datetime, timedelta

import grpc
import requests
from _kit import Figures, runs
from google.protobuf import timestamp_pb2
from werkzeug.serving import make_server

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import environment_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_environment.app import build
from jlp_environment.grid import NoGrid
from jlp_gateway.app import create_app
from jlp_testkit.nats import NatsServer, free_port
from jlp_testkit.tokens import TestSigner

BATCH = 5_000
STATIONS = 10
METRICS = ("pm25", "pm10", "so2", "no2", "o3")
QUIET = {"JLP_LOG_LEVEL": "ERROR", "JLP_METRICS_PORT": "0"}


def readings(station_ids: list[str], count: int, end: datetime) -> list[dict]:
    """`count` one-minute readings, newest `end`, spread over stations and metrics."""
    per_minute = len(station_ids) * len(METRICS)
    out = []
    for minute in range(count // per_minute + 1):
        at = end - timedelta(minutes=minute + 1)
        for sid in station_ids:
            for i, metric in enumerate(METRICS):
                out.append({"stationId": sid, "metric": metric, "value": 20.0 + i + minute % 9,
                            "observedAt": at.strftime("%Y-%m-%dT%H:%M:%SZ")})
    return out[:count]


def to_pb(item: dict) -> pb.Reading:
    moment = timestamp_pb2.Timestamp()
    moment.FromJsonString(item["observedAt"])
    return pb.Reading(station_id=item["stationId"], metric=item["metric"], value=item["value"],
                      observed_at=moment)


def create_stations(stub, signer: TestSigner, prefix: str) -> list[str]:
    admin = [("authorization", "Bearer " + signer.token(scopes=["environment:station.admin"]))]
    return [stub.CreateStation(pb.CreateStationRequest(station=pb.Station(
        code=f"{prefix}-{i:02d}", name=f"{prefix} {i}", kind=pb.AIR,
        location=pb.LatLng(lon=106.5, lat=29.5))), metadata=admin).id for i in range(STATIONS)]


def bench_gateway(url: str, token: str, items: list[dict]) -> tuple[float, int]:
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}"}
    accepted = 0
    start = time.perf_counter()
    for i in range(0, len(items), BATCH):
        r = session.post(f"{url}/api/v1/environment/readings:batch", headers=headers,
                         json={"readings": items[i:i + BATCH]}, timeout=120)
        r.raise_for_status()
        accepted += r.json()["acceptedCount"]
    return time.perf_counter() - start, accepted


def bench_stream(stub, token: str, items: list[dict]) -> tuple[float, int]:
    messages = [pb.StreamReadingsRequest(readings=[to_pb(x) for x in items[i:i + 500]])
                for i in range(0, len(items), 500)]
    start = time.perf_counter()
    reply = stub.StreamReadings(iter(messages), metadata=[("authorization", f"Bearer {token}")],
                                timeout=300)
    return time.perf_counter() - start, reply.accepted_count


class CountingStream(pb_grpc.EnvironmentServiceServicer):
    """The bare stack's client stream: grpcio deserialises the same messages, nothing else."""

    def StreamReadings(self, request_iterator, context):  # noqa: N802, ANN001, ANN201
        count = sum(len(message.readings) for message in request_iterator)
        return pb.StreamReadingsResponse(accepted_count=count)


def start_bare_server() -> tuple[grpc.Server, int]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=[
        ("grpc.max_receive_message_length", 64 * 1024 * 1024)])
    pb_grpc.add_EnvironmentServiceServicer_to_server(CountingStream(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


def main(per_path: int = 20_000) -> int:
    server = NatsServer().start()
    signer = TestSigner()
    env_settings = Settings.from_env("environment", {
        **QUIET, "JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_NATS_URL": server.url,
        "JLP_ENVIRONMENT_SWEEP_SECONDS": "0"})
    env = build(env_settings, verifier=signer.verifier(), locator=NoGrid(), bus=EventBus(env_settings))
    port = env.start()
    gateway = create_app(Settings.from_env("gateway", {
        **QUIET, "JLP_GATEWAY_RATE": "0",
        "JLP_GATEWAY_TIMEOUT_SECONDS": "120"}),
        services=[(pb, f"127.0.0.1:{port}")], configured=False, verifier=signer.verifier())
    http_port = free_port()
    http = make_server("127.0.0.1", http_port, gateway, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=[
        ("grpc.max_send_message_length", 64 * 1024 * 1024)])
    stub = pb_grpc.EnvironmentServiceStub(channel)
    device = signer.token(sub="bench-device", kind="client",
                          scopes=["environment:reading.write"])
    bus = EventBus(Settings.from_env("bench", {**QUIET, "JLP_NATS_URL": server.url}))
    bus.start()
    bare_server, bare_port = start_bare_server()
    bare_channel = grpc.insecure_channel(f"127.0.0.1:{bare_port}", options=[
        ("grpc.max_send_message_length", 64 * 1024 * 1024)])
    bare_stub = pb_grpc.EnvironmentServiceStub(bare_channel)
    try:
        bus.ensure_stream("environment")
        url = f"http://127.0.0.1:{http_port}"
        via_gateway, via_stream, via_bare = [], [], []
        for run in range(runs()):
            now = datetime.now(UTC)  # fresh stations each run: every reading is new
            items = readings(create_stations(stub, signer, f"GW{run}"), per_path, now)
            seconds, accepted = bench_gateway(url, device, items)
            via_gateway.append(accepted / seconds)
            items = readings(create_stations(stub, signer, f"ST{run}"), per_path, now)
            seconds, accepted = bench_stream(stub, device, items)
            via_stream.append(accepted / seconds)
            seconds, accepted = bench_stream(bare_stub, device, items)
            via_bare.append(accepted / seconds)
        figures = Figures("environment_ingest")
        section = f"ingest: environment readings ({per_path:,} per figure, one instance)"
        figures.add(section, "gRPC StreamReadings (500/message)", "/s", via_stream,
                    baseline="bare grpcio client stream, same messages", baseline_values=via_bare,
                    note="embedded store: validation, storage, alert rules (not a MongoDB figure)")
        figures.add(section, "gateway POST readings:batch (JSON, 5,000/request)", "/s",
                    via_gateway, baseline="gRPC StreamReadings", baseline_values=via_stream)
        figures.add(section, "bare grpcio client stream (deserialise + count)", "/s", via_bare)
        figures.save()
    finally:
        bare_channel.close()
        bare_server.stop(0)
        bus.stop()
        http.shutdown()
        channel.close()
        env.stop(0)
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000))
