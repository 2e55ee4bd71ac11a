"""Readings ingested per second: gateway batch endpoint vs gRPC stream and batch vs the bare stack.

Starts, in this process: a nats-server (JetStream), the environment service (embedded store,
events on, alert rules evaluated after every write as in production), the gateway under a
threaded WSGI server on a real socket, and a bare grpcio server. Then, in one run:

1. POSTs batches of readings as JSON to /api/v1/environment/readings:batch through the gateway;
2. uploads the same number of readings over the StreamReadings client stream (gRPC direct), and
   in BatchCreateReadings calls;
3. sends the same messages to the bare grpcio server, whose StreamReadings / BatchCreateReadings
   (a) store them the simplest way: one document per reading, `insert_many` per message into
   the same embedded store (no validation, buckets, latest values or alert rules) — the bare
   stack of a storing service; (b) only deserialise and count them — grpcio's ceiling.

Every path starts on an empty readings store (buckets, statuses, rule tracks; the bare
collection), and `_id` look-ups go through the indexed stand-in (bench/_indexed_store.py), so
neither side pays mongomock's whole-collection scans for what MongoDB's `_id` index answers.
The alert engine's bucket range queries still scan (mongomock has no secondary indexes).

Each figure over JLP_BENCH_RUNS runs (bench/_kit.py); the event-publish figures are in
bench/events_path.py. Asserts nothing about speed. The store is the embedded one (mongomock):
the figures compare paths, they are not a MongoDB figure (DESIGN §4).

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
from _indexed_store import indexed_ids
from _kit import Figures, runs
from google.protobuf import timestamp_pb2
from werkzeug.serving import make_server

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import environment_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_environment.app import build
from jlp_environment.grid import NoGrid
from jlp_environment.models import ReadingBucket, RuleTrack, StationStatus
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


def bench_batch(stub, token: str, items: list[dict]) -> tuple[float, int]:
    requests_ = [pb.BatchCreateReadingsRequest(readings=[to_pb(x) for x in items[i:i + BATCH]])
                 for i in range(0, len(items), BATCH)]
    metadata = [("authorization", f"Bearer {token}")]
    accepted = 0
    start = time.perf_counter()
    for request in requests_:
        accepted += stub.BatchCreateReadings(request, metadata=metadata, timeout=300).accepted_count
    return time.perf_counter() - start, accepted


class CountingStream(pb_grpc.EnvironmentServiceServicer):
    """The bare stack's client stream: grpcio deserialises the same messages, nothing else."""

    def StreamReadings(self, request_iterator, context):  # noqa: N802, ANN001, ANN201
        count = sum(len(message.readings) for message in request_iterator)
        return pb.StreamReadingsResponse(accepted_count=count)


BARE_COLLECTION = "bench_bare_readings"


def bare_collection():  # noqa: ANN201
    """The bare servicer's collection, in the service's own (embedded) database."""
    return ReadingBucket._get_collection().database[BARE_COLLECTION]


class StoringServicer(pb_grpc.EnvironmentServiceServicer):
    """The bare stack of a storing service: the same messages, one plain document per reading,
    one `insert_many` per message into the same store. Nothing else (no checks, no buckets)."""

    @staticmethod
    def _store(readings) -> int:  # noqa: ANN001
        bare_collection().insert_many([
            {"station_id": r.station_id, "metric": r.metric, "value": r.value,
             "observed_at": r.observed_at.ToDatetime(tzinfo=UTC)} for r in readings])
        return len(readings)

    def StreamReadings(self, request_iterator, context):  # noqa: N802, ANN001, ANN201
        count = sum(self._store(message.readings) for message in request_iterator)
        return pb.StreamReadingsResponse(accepted_count=count)

    def BatchCreateReadings(self, request, context):  # noqa: N802, ANN001, ANN201
        return pb.BatchCreateReadingsResponse(accepted_count=self._store(request.readings))


def empty_store() -> None:
    """Every path starts on an empty readings store (the stations stay)."""
    for document in (ReadingBucket, StationStatus, RuleTrack):
        document._get_collection().delete_many({})
    bare_collection().delete_many({})


def start_bare_server(servicer: pb_grpc.EnvironmentServiceServicer) -> tuple[grpc.Server, int]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=[
        ("grpc.max_receive_message_length", 64 * 1024 * 1024)])
    pb_grpc.add_EnvironmentServiceServicer_to_server(servicer, server)
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
    bare_servers, bare_channels, bare_stubs = [], [], []
    for servicer in (CountingStream(), StoringServicer()):
        bare_server, bare_port = start_bare_server(servicer)
        bare_channel = grpc.insecure_channel(f"127.0.0.1:{bare_port}", options=[
            ("grpc.max_send_message_length", 64 * 1024 * 1024)])
        bare_servers.append(bare_server)
        bare_channels.append(bare_channel)
        bare_stubs.append(pb_grpc.EnvironmentServiceStub(bare_channel))
    counting_stub, storing_stub = bare_stubs
    try:
        bus.ensure_stream("environment")
        url = f"http://127.0.0.1:{http_port}"
        measured: dict[str, list[float]] = {}

        def measure(name: str, how, target, items: list[dict]) -> None:  # noqa: ANN001
            empty_store()
            seconds, accepted = how(target, device, items)
            measured.setdefault(name, []).append(accepted / seconds)

        with indexed_ids():
            for run in range(runs()):
                now = datetime.now(UTC)  # fresh stations each run: every reading is new
                items = readings(create_stations(stub, signer, f"GW{run}"), per_path, now)
                measure("gateway", bench_gateway, url, items)
                items = readings(create_stations(stub, signer, f"ST{run}"), per_path, now)
                measure("stream", bench_stream, stub, items)
                measure("bare storing stream", bench_stream, storing_stub, items)
                measure("bare stream", bench_stream, counting_stub, items)
                items = readings(create_stations(stub, signer, f"BA{run}"), per_path, now)
                measure("batch", bench_batch, stub, items)
                measure("bare storing batch", bench_batch, storing_stub, items)
        figures = Figures("environment_ingest")
        section = f"ingest: environment readings ({per_path:,} per figure, one instance)"
        ours = "embedded store, indexed _id stand-in: validation, hour buckets, latest values, alert rules"
        bare = ("one plain document per reading, insert_many per message, same store; no checks, "
                "buckets or rules")
        figures.add(section, "gRPC StreamReadings (500/message)", "/s", measured["stream"],
                    baseline="bare grpcio client stream storing the same messages",
                    baseline_values=measured["bare storing stream"], note=ours)
        figures.add(section, "gRPC BatchCreateReadings (5,000/call)", "/s", measured["batch"],
                    baseline="bare grpcio unary call storing the same messages",
                    baseline_values=measured["bare storing batch"], note=ours)
        figures.add(section, "gRPC StreamReadings vs grpcio's ceiling", "/s", measured["stream"],
                    baseline="bare grpcio client stream, deserialise + count",
                    baseline_values=measured["bare stream"], note="the ceiling stores nothing")
        figures.add(section, "gateway POST readings:batch (JSON, 5,000/request)", "/s",
                    measured["gateway"], baseline="gRPC StreamReadings",
                    baseline_values=measured["stream"])
        figures.add(section, "bare grpcio client stream storing (insert_many per message)", "/s",
                    measured["bare storing stream"], note=bare)
        figures.add(section, "bare grpcio unary call storing (insert_many per call)", "/s",
                    measured["bare storing batch"], note=bare)
        figures.add(section, "bare grpcio client stream (deserialise + count)", "/s",
                    measured["bare stream"])
        figures.save()
    finally:
        for bare_channel in bare_channels:
            bare_channel.close()
        for bare_server in bare_servers:
            bare_server.stop(0)
        bus.stop()
        http.shutdown()
        channel.close()
        env.stop(0)
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000))
