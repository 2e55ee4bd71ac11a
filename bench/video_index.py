"""Detections ingested per second (batch RPC vs client stream) and search latency, printed.

Starts, in this process, the video-index service on the embedded store (no event bus: the
outbox fills and is not relayed) with a few hundred demo cameras and a smoke/fire alert rule,
then:

1. sends detections in BatchCreateDetections calls of 1,000;
2. sends the same number over one StreamDetections client stream (messages of 500);
3. runs ListDetections with polygon + label + time range (the issue's search) and reports
   the latency percentiles, first page and a page reached through the cursor.

Asserts nothing about speed. The embedded store scans a collection on every query (DESIGN §4),
so the figures compare the paths on this machine; they are not MongoDB figures.

    .venv/bin/python bench/video_index.py [detections per path, default 10000]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import timedelta

import grpc

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp.video_index.v1 import video_index_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.timeutil import utc_now
from jlp_testkit.tokens import TestSigner
from jlp_video_index.app import build
from jlp_video_index.domain import demo
from jlp_video_index.grid import GridUnavailable
from jlp_video_index.seed import load_demo

ENV = {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "ERROR", "JLP_VIDEO_INDEX_SWEEP_SECONDS": "0"}
LABELS = ("smoke_fire", "crowding", "illegal_parking", "littering")
RING = "106.49,29.49,106.53,29.49,106.53,29.53,106.49,29.53"


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


def main(n: int) -> None:
    signer = TestSigner()
    app = build(Settings.from_env("video-index", ENV), verifier=signer.verifier(), locator=NoGrid(), demo=False)
    app.start()
    load_demo(app.parts, total=300)
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    stub = pb_grpc.VideoIndexServiceStub(channel)
    device = [("authorization", "Bearer " + signer.token(scopes=["video:detection.write"], kind="client", ttl_s=3600))]
    reader = [("authorization", "Bearer " + signer.token(scopes=["video:detection.read", "video:camera.read_all"],
                                                          dept="ops-center", ttl_s=3600))]
    cams = [c.spec.id for c in demo.cameras(total=300)][:200]
    start = utc_now() - timedelta(hours=6)
    rows = []

    batch = detections("b", cams, n, start)
    t = time.perf_counter()
    for i in range(0, n, 1000):
        stub.BatchCreateDetections(pb.BatchCreateDetectionsRequest(detections=batch[i:i + 1000]), metadata=device,
                                   timeout=600)
    rows.append(("BatchCreateDetections (1,000 per call)", n / (time.perf_counter() - t)))

    streamed = detections("s", cams, n, start)
    t = time.perf_counter()
    stub.StreamDetections((pb.StreamDetectionsRequest(detections=streamed[i:i + 500]) for i in range(0, n, 500)),
                          metadata=device, timeout=600)
    rows.append(("StreamDetections (500 per message)", n / (time.perf_counter() - t)))

    flt = pb.DetectionFilter(polygon=RING, labels=["smoke_fire", "crowding"])
    flt.start_time.FromDatetime(start)
    flt.end_time.FromDatetime(start + timedelta(hours=3))
    first, second = [], []
    for _ in range(20):
        t = time.perf_counter()
        page = stub.ListDetections(pb.ListDetectionsRequest(filter=flt, page_size=100), metadata=reader)
        first.append(time.perf_counter() - t)
        if page.next_page_token:
            t = time.perf_counter()
            stub.ListDetections(pb.ListDetectionsRequest(filter=flt, page_size=100, page_token=page.next_page_token),
                                metadata=reader)
            second.append(time.perf_counter() - t)
    channel.close()
    app.stop(0)

    print(f"video-index ingest ({n:,} detections per path, 200 cameras, embedded store)")
    for name, rate in rows:
        print(f"  {name:<42} {rate:>10,.0f} detections/s")
    print("ListDetections polygon + 2 labels + 3 h, page of 100 (20 runs)")
    for name, xs in (("first page", first), ("next page (cursor)", second)):
        if xs:
            q = statistics.quantiles(xs, n=20)
            print(f"  {name:<42} p50 {statistics.median(xs) * 1000:8.1f} ms   p95 {q[18] * 1000:8.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
