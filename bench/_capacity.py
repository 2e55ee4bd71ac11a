"""The district at full scale, from this run's per-instance figures (bench/.out/*.json, the data
behind bench/RESULTS.md): load, replicas, NATS and MongoDB rates, storage per day.

    .venv/bin/python bench/_capacity.py [--markdown]

The load assumptions are stated in docs/capacity.md (§ Assumptions) and kept here as named
constants; change one and re-run. Replicas = ceil(peak / (per-instance rate x HEADROOM)), at
least 2 for availability. Per-instance rates are medians measured on the bench machine, which
is shared and loaded: they are lower bounds for a dedicated core.
"""

from __future__ import annotations

import json
import math
import sys

from _kit import OUT, Row

HEADROOM = 0.5  # run instances at half their measured ceiling: spikes, GC, a replica lost
MIN_REPLICAS = 2
DAY = 86_400

# -- load assumptions (docs/capacity.md § Assumptions) -----------------------------------------
CAMERAS = 37_000
DETECTIONS_PER_CAMERA_MIN_AVG = 1.0  # analytics events per camera per minute, day average
PEAK_FACTOR_DETECTIONS = 3.0  # evening peak over the day average
POLLUTION_SOURCES = 124
METRICS_PER_SOURCE = 8  # HJ 212 online monitoring: flow + pollutant concentrations
STATIONS = 60  # air, water and noise stations in the district (national, city, district)
METRICS_PER_STATION = 8
READING_INTERVAL_S = 60  # one-minute data
RESIDENTS = 1_500_000
REPORTS_PER_RESIDENT_DAY = 0.005  # citizen reports on a bad day (0.5 % of residents)
PEAK_HOUR_SHARE = 0.15  # share of a day's reports/bookings in its busiest hour
VISITORS_PEAK_DAY = 300_000  # scenic areas on a Golden Week day
BOOKINGS_PER_VISITOR = 1.0
GATES = 120
GATE_COUNT_INTERVAL_S = 10
APP_USERS_PEAK_HOUR = 0.05 * RESIDENTS  # residents using the app in the peak hour
REQUESTS_PER_APP_SESSION = 20
DETECTION_DOC_BYTES = 450  # one detection document with its indexes' share (video-index)
EVENT_BYTES = 700  # one CloudEvent JSON as published (measured payloads are 500-800 B)
BUCKET_READINGS = 60  # hour buckets of one-minute readings (ADR 0050)
BUCKET_BYTES_PER_READING = 28  # "<epoch second>": value pair in BSON
BUCKET_OVERHEAD_BYTES = 400  # ids, hour aggregate, version, index share
NATS_REPLICAS = 3
MONGO_REPLICAS = 3
RETENTION_DAYS_EVENTS = 7


def load_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for path in OUT.glob("*.json"):
        for raw in json.loads(path.read_text())["rows"]:
            row = Row(**raw)
            rows[f"{raw['section']} / {raw['name']}"] = row
    return rows


def find(rows: dict[str, Row], *needles: str) -> float | None:
    for key, row in rows.items():
        if all(n in key for n in needles):
            return row.median
    return None


def replicas(peak: float, per_instance: float | None) -> str:
    if not per_instance:
        return "n/a (not measured)"
    return str(max(MIN_REPLICAS, math.ceil(peak / (per_instance * HEADROOM))))


def replica_count(peak: float, per_instance: float | None) -> int:
    if not per_instance:
        return MIN_REPLICAS
    return max(MIN_REPLICAS, math.ceil(peak / (per_instance * HEADROOM)))


def memory_row(rows: dict[str, Row], counts: dict[str, int]) -> tuple[str, str, str, str]:
    """The services' resident memory at their replica counts, from bench/memory.py's peak
    under load (each service's own figure; those the load did not touch are near idle)."""
    total, per, missing = 0.0, [], []
    for service, count in counts.items():
        mib = find(rows, "memory: resident set per process under load", f"{service}, under load")
        if mib is None:
            missing.append(service)
            continue
        total += count * mib
        per.append(f"{service} {mib:,.0f}")
    if not per:
        return ("resident memory of the services", "n/a (not measured)", "", "")
    measured = "peak under load, MiB per replica: " + ", ".join(per)
    processes = f"{sum(counts.values())} processes (replicas; gateway: workers)"
    needs = f"{total / 1024:,.1f} GiB in total"
    if missing:
        needs += f" (not measured: {', '.join(missing)})"
    return ("resident memory of the services (all replicas)", processes, measured, needs)


def model(rows: dict[str, Row]) -> list[tuple[str, str, str, str]]:
    detections_avg = CAMERAS * DETECTIONS_PER_CAMERA_MIN_AVG / 60
    detections_peak = detections_avg * PEAK_FACTOR_DETECTIONS
    readings = (POLLUTION_SOURCES * METRICS_PER_SOURCE + STATIONS * METRICS_PER_STATION) / READING_INTERVAL_S
    reports_peak = RESIDENTS * REPORTS_PER_RESIDENT_DAY * PEAK_HOUR_SHARE / 3600
    bookings_peak = VISITORS_PEAK_DAY * BOOKINGS_PER_VISITOR * PEAK_HOUR_SHARE / 3600
    gate_counts = GATES / GATE_COUNT_INTERVAL_S
    http_peak = APP_USERS_PEAK_HOUR * REQUESTS_PER_APP_SESSION / 3600
    events_peak = detections_peak + reports_peak + bookings_peak + gate_counts + readings / 50
    events_avg = detections_avg + reports_peak / 3 + bookings_peak / 3 + gate_counts + readings / 50

    gateway = find(rows, "gateway: read route, 32", "throughput")
    grpc_call = find(rows, "gRPC", "platform, token: calls/s, 16")
    relay = find(rows, "OutboxRelay pipelined, indexed")
    consumer = find(rows, "@idempotent")
    ingest = find(rows, "environment readings", "StreamReadings (")
    detections_stream = find(rows, "camera detections", "StreamDetections (")
    detections_batch = find(rows, "camera detections", "BatchCreateDetections (")

    readings_day = readings * DAY
    buckets_day = readings_day / BUCKET_READINGS
    readings_bytes = buckets_day * (BUCKET_READINGS * BUCKET_BYTES_PER_READING + BUCKET_OVERHEAD_BYTES)
    detections_day = detections_avg * DAY
    events_day = events_avg * DAY
    gib = 1024 ** 3

    def rate(v: float | None) -> str:
        return "n/a" if v is None else f"{v:,.0f}/s"

    return [
        ("camera detections (video-index ingest)", f"{detections_avg:,.0f}/s avg, {detections_peak:,.0f}/s peak",
         f"StreamDetections {rate(detections_stream)}, BatchCreateDetections {rate(detections_batch)}",
         f"video-index ×{replicas(detections_peak, detections_stream)} (on the stream rate)"),
        ("readings (sources + stations, 1-minute)", f"{readings:,.1f}/s", f"stream {rate(ingest)}",
         f"environment ×{replicas(readings, ingest)}"),
        ("citizen reports (peak hour)", f"{reports_peak:,.2f}/s", f"gRPC call {rate(grpc_call)}",
         f"grid-event ×{replicas(reports_peak, grpc_call)}"),
        ("bookings (Golden Week peak hour)", f"{bookings_peak:,.1f}/s", f"gRPC call {rate(grpc_call)}",
         f"tourism ×{replicas(bookings_peak, grpc_call)}"),
        ("gate counts", f"{gate_counts:,.0f}/s", f"gRPC call {rate(grpc_call)}",
         "tourism (same replicas)"),
        ("HTTP requests at the gateway (peak hour)", f"{http_peak:,.0f}/s", f"gateway {rate(gateway)} per worker",
         f"gateway workers ×{replicas(http_peak, gateway)}"),
        ("events published (all domains)", f"{events_avg:,.0f}/s avg, {events_peak:,.0f}/s peak",
         f"outbox relay {rate(relay)} per instance (indexed store)", f"relays ×{replicas(events_peak, relay)} "
         "(one per replica of the publishing services)"),
        ("events consumed (one idempotent consumer per stream)", f"{events_peak:,.0f}/s peak",
         f"consumer {rate(consumer)}", f"consumer instances ×{replicas(events_peak, consumer)} "
         "(durable pull consumers share a durable)"),
        ("NATS stream storage", f"{events_day * EVENT_BYTES / gib:,.1f} GiB/day",
         f"R{NATS_REPLICAS}, {RETENTION_DAYS_EVENTS} days",
         f"{events_day * EVENT_BYTES * NATS_REPLICAS * RETENTION_DAYS_EVENTS / gib:,.0f} GiB on the NATS cluster"),
        ("MongoDB: readings (hour buckets)", f"{buckets_day:,.0f} buckets/day ({readings_bytes / gib:,.2f} GiB/day)",
         f"{readings * 60:,.0f} readings/min → ≤ {readings * 60:,.0f} bucket updates/min (one per "
         "station-metric-minute)",
         f"×{MONGO_REPLICAS} replica set members"),
        memory_row(rows, {
            "video-index": replica_count(detections_peak, detections_stream),
            "environment": replica_count(readings, ingest),
            "grid-event": replica_count(reports_peak, grpc_call),
            "tourism": replica_count(bookings_peak, grpc_call),
            "identity": MIN_REPLICAS, "investment": MIN_REPLICAS, "social-security": MIN_REPLICAS,
            "gateway worker": replica_count(http_peak, gateway)}),
        ("MongoDB: detections",
         f"{detections_day / 1e6:,.1f} M docs/day ({detections_day * DETECTION_DOC_BYTES / gib:,.1f} GiB/day)",
         f"{detections_peak:,.0f} documents/s peak (one insert_many per batch) + ≤ {detections_peak:,.0f} "
         "hourly-count upserts/s", "sharded: hashed camera_id"),
    ]


def main() -> int:
    rows = load_rows()
    table = model(rows)
    print("| load | at full scale | measured per instance (this run) | needs |")
    print("| --- | --- | --- | --- |")
    for line in table:
        print("| " + " | ".join(line) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
