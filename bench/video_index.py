"""Detections ingested per second (batch RPC and client stream) beside the bare stack, and the
search latency.

Starts, in this process, the video-index service on the embedded store (no event bus: the
outbox fills and is not relayed) with a few hundred demo cameras and a smoke/fire alert rule,
and a bare grpcio server. Each run, on an empty detections store:

1. sends detections in BatchCreateDetections calls of 1,000;
2. sends the same number over one StreamDetections client stream (messages of 500);
3. sends the same messages to the bare grpcio server, whose methods (a) store them the
   simplest way: one plain document per detection (its proto fields), `insert_many` per
   message into the same embedded store — no checks, camera look-up, alert rules, hourly
   counts or outbox; (b) only deserialise and count them (StreamDetections: grpcio's ceiling);
4. runs ListDetections with polygon + label + time range (the issue's search): p50 of the
   first page and of a page reached through the cursor.

`_id` look-ups go through the indexed stand-in (bench/_indexed_store.py) on both sides. Figures
over JLP_BENCH_RUNS runs (bench/_kit.py); asserts nothing about speed. The embedded store scans
a collection on every other query (DESIGN §4), so the figures compare the paths on this
machine; they are not MongoDB figures.

    .venv/bin/python bench/video_index.py [detections per path, default 3000]
"""

from __future__ import annotations

import statistics
import sys
import time
from concurrent import futures
from datetime import UTC, timedelta

import grpc
from _indexed_store import indexed_ids
from _kit import Figures, runs

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp.video_index.v1 import video_index_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.timeutil import utc_now
from jlp_testkit.tokens import TestSigner
from jlp_video_index.app import build
from jlp_video_index.domain import demo
from jlp_video_index.grid import GridUnavailable
from jlp_video_index.models import Detection as DetectionDoc
from jlp_video_index.models import DetectionBucket
from jlp_video_index.seed import load_demo

ENV = {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "ERROR", "JLP_VIDEO_INDEX_SWEEP_SECONDS": "0"}
LABELS = ("smoke_fire", "crowding", "illegal_parking", "littering")
RING = "106.49,29.49,106.53,29.49,106.53,29.53,106.49,29.53"
BATCH, MESSAGE, SEARCHES = 1000, 500, 10
BARE_COLLECTION = "bench_bare_detections"


class NoGrid:
    def locate(self, lon: float, lat: float):  # noqa: ANN201
        raise GridUnavailable("bench")


def detections(prefix: str, cameras: list[str], n: int, start) -> list[pb.Detection]:  # noqa: ANN001
    out = []
    for i in range(n):
        d = pb.Detection(id=f"{prefix}-{i}", camera_id=cameras[i % len(cameras)], label=LABELS[i % len(LABELS)],
                         score=0.5 + (i % 50) / 100, snapshot_uri=f"https://ai.example.com/{prefix}/{i}.jpg")
        d.start_time.FromDatetime(start + timedelta(seconds=i))
        out.append(d)
    return out


def bare_collection():  # noqa: ANN201
    """The bare servicer's collection, in the service's own (embedded) database."""
    return DetectionDoc._get_collection().database[BARE_COLLECTION]


class StoringServicer(pb_grpc.VideoIndexServiceServicer):
    """The bare stack of a storing service: one plain document per detection (its proto fields),
    one `insert_many` per message, same store; `count_only` deserialises and counts instead."""

    def __init__(self, count_only: bool = False) -> None:
        self.count_only = count_only

    def _store(self, items) -> int:  # noqa: ANN001
        if not self.count_only:
            bare_collection().insert_many([
                {"_id": d.id, "camera_id": d.camera_id, "label": d.label, "score": d.score,
                 "start": d.start_time.ToDatetime(tzinfo=UTC), "snapshot_uri": d.snapshot_uri,
                 "boxes": [{"x": b.x, "y": b.y, "width": b.width, "height": b.height} for b in d.boxes]}
                for d in items], ordered=False)
        return len(items)

    def BatchCreateDetections(self, request, context):  # noqa: N802, ANN001, ANN201
        return pb.BatchCreateDetectionsResponse(accepted_count=self._store(request.detections))

    def StreamDetections(self, request_iterator, context):  # noqa: N802, ANN001, ANN201
        count = sum(self._store(m.detections) for m in request_iterator)
        return pb.StreamDetectionsResponse(accepted_count=count)


def start_bare(servicer: StoringServicer) -> tuple[grpc.Server, grpc.Channel]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    pb_grpc.add_VideoIndexServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, grpc.insecure_channel(f"127.0.0.1:{port}")


def empty_store() -> None:
    for document in (DetectionDoc, DetectionBucket):
        document._get_collection().delete_many({})
    bare_collection().delete_many({})


def send_batches(stub, metadata, items: list[pb.Detection]) -> float:  # noqa: ANN001
    empty_store()
    accepted = 0
    t = time.perf_counter()
    for i in range(0, len(items), BATCH):
        accepted += stub.BatchCreateDetections(pb.BatchCreateDetectionsRequest(detections=items[i:i + BATCH]),
                                               metadata=metadata, timeout=600).accepted_count
    return accepted / (time.perf_counter() - t)


def send_stream(stub, metadata, items: list[pb.Detection], fresh: bool = True) -> float:  # noqa: ANN001
    if fresh:
        empty_store()
    t = time.perf_counter()
    reply = stub.StreamDetections((pb.StreamDetectionsRequest(detections=items[i:i + MESSAGE])
                                   for i in range(0, len(items), MESSAGE)), metadata=metadata, timeout=600)
    return reply.accepted_count / (time.perf_counter() - t)


def search_p50(stub, reader, start) -> tuple[float, float]:  # noqa: ANN001
    """p50 (ms) of the first page and of the page after it, over SEARCHES searches."""
    flt = pb.DetectionFilter(polygon=RING, labels=["smoke_fire", "crowding"])
    flt.start_time.FromDatetime(start)
    flt.end_time.FromDatetime(start + timedelta(hours=3))
    first, second = [], []
    for _ in range(SEARCHES):
        t = time.perf_counter()
        page = stub.ListDetections(pb.ListDetectionsRequest(filter=flt, page_size=100), metadata=reader)
        first.append(time.perf_counter() - t)
        if page.next_page_token:
            t = time.perf_counter()
            stub.ListDetections(pb.ListDetectionsRequest(filter=flt, page_size=100, page_token=page.next_page_token),
                                metadata=reader)
            second.append(time.perf_counter() - t)
    return statistics.median(first) * 1000, statistics.median(second) * 1000 if second else float("nan")


def main(n: int) -> int:
    signer = TestSigner()
    app = build(Settings.from_env("video-index", ENV), verifier=signer.verifier(), locator=NoGrid(), demo=False)
    app.start()
    load_demo(app.parts, total=300)
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    stub = pb_grpc.VideoIndexServiceStub(channel)
    bare = [start_bare(StoringServicer()), start_bare(StoringServicer(count_only=True))]
    storing, counting = (pb_grpc.VideoIndexServiceStub(ch) for _s, ch in bare)
    device = [("authorization", "Bearer " + signer.token(scopes=["video:detection.write"], kind="client", ttl_s=3600))]
    reader = [("authorization", "Bearer " + signer.token(scopes=["video:detection.read", "video:camera.read_all"],
                                                          dept="ops-center", ttl_s=3600))]
    cams = [c.spec.id for c in demo.cameras(total=300)][:200]
    start = utc_now() - timedelta(hours=6)
    got: dict[str, list[float]] = {}
    try:
        with indexed_ids():
            for run in range(runs()):
                batch = detections(f"b{run}", cams, n, start)
                got.setdefault("batch", []).append(send_batches(stub, device, batch))
                got.setdefault("bare batch", []).append(send_batches(storing, device, batch))
                streamed = detections(f"s{run}", cams, n, start)
                got.setdefault("stream", []).append(send_stream(stub, device, streamed))
                got.setdefault("bare stream", []).append(send_stream(storing, device, streamed))
                got.setdefault("count stream", []).append(send_stream(counting, device, streamed))
                # the search runs over the batch's and the stream's detections of this run
                send_batches(stub, device, batch)
                send_stream(stub, device, streamed, fresh=False)
                first, second = search_p50(stub, reader, start)
                got.setdefault("first page", []).append(first)
                got.setdefault("next page", []).append(second)
    finally:
        channel.close()
        for server, bare_channel in bare:
            bare_channel.close()
            server.stop(0)
        app.stop(0)
    figures = Figures("video_index")
    section = f"ingest: camera detections ({n:,} per figure, 200 cameras, one instance)"
    ours = ("embedded store, indexed _id stand-in: checks, camera look-up, alert rules (10 % alert), "
            "hourly counts, outbox")
    bare_note = "one plain document per detection, insert_many per message, same store; nothing else"
    figures.add(section, f"BatchCreateDetections ({BATCH:,}/call)", "/s", got["batch"],
                baseline="bare grpcio unary call storing the same messages", baseline_values=got["bare batch"],
                note=ours)
    figures.add(section, f"StreamDetections ({MESSAGE}/message)", "/s", got["stream"],
                baseline="bare grpcio client stream storing the same messages", baseline_values=got["bare stream"],
                note=ours)
    figures.add(section, "StreamDetections vs grpcio's ceiling", "/s", got["stream"],
                baseline="bare grpcio client stream, deserialise + count", baseline_values=got["count stream"],
                note="the ceiling stores nothing")
    figures.add(section, "bare grpcio unary call storing (insert_many per call)", "/s", got["bare batch"],
                note=bare_note)
    figures.add(section, "bare grpcio client stream storing (insert_many per message)", "/s", got["bare stream"],
                note=bare_note)
    figures.add(section, "bare grpcio client stream (deserialise + count)", "/s", got["count stream"])
    search = f"search: ListDetections, polygon + 2 labels + 3 h, page of 100 ({2 * n:,} detections stored)"
    figures.add(search, "first page: p50", "ms", got["first page"],
                note=f"{SEARCHES} searches per run; the embedded store scans the collection")
    figures.add(search, "next page (cursor): p50", "ms", got["next page"], note=f"{SEARCHES} searches per run")
    figures.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000))
