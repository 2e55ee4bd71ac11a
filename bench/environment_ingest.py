"""Readings ingested per second: gateway batch endpoint vs gRPC stream vs raw JetStream publish.

Starts, in this process: a nats-server (JetStream), the environment service (embedded store,
events on, alert rules evaluated after every write as in production) and the gateway under a
threaded WSGI server on a real socket. Then, in one run:

1. POSTs batches of readings as JSON to /api/v1/environment/readings:batch through the gateway;
2. uploads the same number of readings over the StreamReadings client stream (gRPC direct);
3. publishes small CloudEvents to JetStream, one acknowledged publish at a time (what the
   outbox relay does) and pipelined (many publishes in flight), as the transport's ceiling.

Prints a table; asserts nothing about speed. The store is the embedded one (mongomock), so the
ingest figures include its Python-level scans: they compare paths, they are not a MongoDB
figure (DESIGN §4).

    .venv/bin/python bench/environment_ingest.py [readings per path, default 30000]
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import grpc
import requests
from google.protobuf import timestamp_pb2
from werkzeug.serving import make_server

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import environment_pb2_grpc as pb_grpc
from jlp.environment.v1 import events_pb2
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


def bench_publish_acked(bus: EventBus, n: int) -> float:
    msg = events_pb2.AlertCleared(alert_id="bench", station_id="bench")
    start = time.perf_counter()
    for _ in range(n):
        bus.publish("jlp.environment.bench.published", msg)
    return time.perf_counter() - start


def bench_publish_pipelined(nats_url: str, n: int, window: int = 500) -> float:
    import nats

    async def run() -> float:
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        payload = b'{"specversion":"1.0","id":"x","source":"/bench","type":"bench","data":{}}'
        start = time.perf_counter()
        for i in range(0, n, window):
            await asyncio.gather(*(js.publish("jlp.environment.bench.raw", payload)
                                   for _ in range(min(window, n - i))))
        elapsed = time.perf_counter() - start
        await nc.close()
        return elapsed

    return asyncio.run(run())


def main(per_path: int = 30_000) -> int:
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
    try:
        bus.ensure_stream("environment")
        now = datetime.now(UTC)
        via_gateway = readings(create_stations(stub, signer, "GW"), per_path, now)
        via_stream = readings(create_stations(stub, signer, "ST"), per_path, now)
        rows = []
        seconds, accepted = bench_gateway(f"http://127.0.0.1:{http_port}", device, via_gateway)
        rows.append(("gateway POST readings:batch (JSON, 5,000/request)", accepted, seconds))
        seconds, accepted = bench_stream(stub, device, via_stream)
        rows.append(("gRPC StreamReadings (500/message)", accepted, seconds))
        n = max(1000, per_path // 10)
        rows.append(("JetStream publish, ack per event (EventBus)", n, bench_publish_acked(bus, n)))
        rows.append(("JetStream publish, pipelined (500 in flight)", per_path,
                     bench_publish_pipelined(server.url, per_path)))
        width = max(len(r[0]) for r in rows)
        print(f"{'path'.ljust(width)}  {'items':>8}  {'seconds':>8}  {'per second':>11}")
        for name, count, elapsed in rows:
            print(f"{name.ljust(width)}  {count:>8,}  {elapsed:>8.2f}  {count / elapsed:>11,.0f}")
        print("ingest rows: readings stored (embedded store, rules evaluated); publish rows: "
              "events acknowledged by JetStream")
    finally:
        bus.stop()
        http.shutdown()
        channel.close()
        env.stop(0)
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000))
