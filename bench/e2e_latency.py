"""End-to-end latency of the suite's event chains, idle and under a steady load, beside the bare
stack's hop (a raw JetStream publish → pull fetch on the same nats-server, same run).

The suite is started as `make run` starts it (bench/_suite.py: the launcher with --demo, real
nats-server, every service on the embedded store, the gateway). A core NATS subscription on
`jlp.>` timestamps every hop as the events go by, so each path is split into its steps:

  sensor reading → environment alert → grid-event case
      POST readings:batch (the hour that completes the AQI rule's 2-hour run)
      → jlp.environment.alert.raised → jlp.grid.case.created → the case in GET /cases
  citizen report → case in the list
      POST /cases → jlp.grid.case.created → the case in GET /cases
  camera detection → alert → grid-event case
      POST video/detections:batch (smoke_fire 0.93, demo rule ≥ 0.8)
      → jlp.video.detection.alerted → jlp.grid.case.created → the case in GET /cases
  tourism gate count → crowding event
      POST tourism/gateCounts:batch (the one entry that takes the round-the-clock spot to 80 %
      of its instantaneous capacity) → jlp.tourism.crowding.raised (YELLOW: no case is made
      below RED)

"Listable" is measured by polling the case list through the gateway from the moment the
preceding event was seen (one GET after another, no pause), so it includes one list read.
"Under load": bench/_suite.py's BackgroundLoad, a separate process sending readings batches and
reads through the gateway at a steady pace (JLP_BENCH_LOAD_RPS, default 40 requests/s).

    .venv/bin/python bench/e2e_latency.py [samples per path per run, default 8]
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import nats
import requests
from _kit import Figures, percentile, runs
from _suite import BackgroundLoad, LoadPlan, Running, create_station, rfc3339, running_suite
from stdnum.cn import ric

from jlp_common.events.streams import StreamSpec
from jlp_testkit.e2e import YANGJIAPING, bearer, password_grant, unique_phone

WAIT_S = 20.0
LOAD_RPS = float(os.environ.get("JLP_BENCH_LOAD_RPS", "40"))


class Tap:
    """A core NATS subscriber on `jlp.>` (it sees every JetStream publish), on its own loop
    thread, recording when each event arrived; plus the bare stack's hop for the baseline."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True, name="tap").start()
        self.seen: list[tuple[float, str, dict[str, Any]]] = []
        self.cond = threading.Condition()
        self.nc = self.run(nats.connect(url))
        self.js = self.nc.jetstream()
        self.run(self.nc.subscribe("jlp.>", cb=self._on_msg))
        spec = StreamSpec("BENCH_E2E", ("bench.e2e.>",))
        self.run(self.js.add_stream(spec.config()))
        self.psub = self.run(self.js.pull_subscribe("bench.e2e.hop", durable="bench-e2e",
                                                    stream="BENCH_E2E"))

    def run(self, coro):  # noqa: ANN001, ANN201
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(60)

    async def _on_msg(self, msg) -> None:  # noqa: ANN001
        at = time.perf_counter()
        try:
            data = json.loads(msg.data).get("data") or {}
        except ValueError:
            data = {}
        with self.cond:
            self.seen.append((at, msg.subject, data))
            self.cond.notify_all()

    def wait(self, subject: str, match: Callable[[dict[str, Any]], bool], after: float,
             timeout_s: float = WAIT_S) -> tuple[float, dict[str, Any]]:
        """The first event on `subject` seen after `after` whose data matches."""
        deadline = time.perf_counter() + timeout_s
        start = 0
        with self.cond:
            while True:
                for i in range(start, len(self.seen)):
                    at, subj, data = self.seen[i]
                    if at >= after and subj == subject and match(data):
                        return at, data
                start = len(self.seen)
                left = deadline - time.perf_counter()
                if left <= 0:
                    last = [d for _, subj, d in self.seen[-50:] if subj == subject][-3:]
                    raise TimeoutError(f"no matching {subject} event within {timeout_s:.0f}s; "
                                       f"the last ones: {last}")
                self.cond.wait(left)

    def quiet(self, for_s: float = 2.0, at_most_s: float = 45.0) -> float:
        """Wait until no platform event went by for `for_s` (the demo's start-up backlog, e.g.
        thousands of camera.registered, drained from the outboxes); returns the seconds waited."""
        start = time.perf_counter()
        while time.perf_counter() - start < at_most_s:
            with self.cond:
                last = self.seen[-1][0] if self.seen else start
            if time.perf_counter() - max(last, start) >= for_s:
                break
            time.sleep(0.2)
        self.trim()
        return time.perf_counter() - start

    def trim(self) -> None:
        with self.cond:
            self.seen.clear()

    def js_hop_ms(self) -> float:
        """Raw JetStream: publish (ack awaited) → a pull fetch already waiting receives it."""
        async def go() -> float:
            fetch = asyncio.ensure_future(self.psub.fetch(1, timeout=10))
            await asyncio.sleep(0.005)  # the pull request is at the server, as a consumer's is
            start = time.perf_counter()
            await self.js.publish("bench.e2e.hop", b"{}", headers={"Nats-Msg-Id": uuid.uuid4().hex})
            msgs = await fetch
            took = time.perf_counter() - start
            await msgs[0].ack_sync()
            return took * 1000
        return self.run(go())

    def core_rtt_ms(self) -> float:
        """Raw core NATS: publish → own subscription receives it."""
        async def go() -> float:
            got = asyncio.get_running_loop().create_future()

            async def arrived(_msg) -> None:  # noqa: ANN001
                got.set_result(time.perf_counter())

            sub = await self.nc.subscribe("bench.rtt." + uuid.uuid4().hex, cb=arrived)
            await self.nc.flush()
            start = time.perf_counter()
            await self.nc.publish(sub.subject, b"x")
            end = await asyncio.wait_for(got, 10)
            await sub.unsubscribe()
            return (end - start) * 1000
        return self.run(go())

    def close(self) -> None:
        try:
            self.run(self.js.delete_stream("BENCH_E2E"))
            self.run(self.nc.close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)


def ms(since: float, at: float) -> float:
    return (at - since) * 1000


WALL_TO_PERF = time.time() - time.perf_counter()  # same host clock: sub-millisecond agreement


def filing_began(case_event: dict[str, Any]) -> float:
    """The case's createTime as perf_counter: grid-event reads its clock as CaseService.report
    begins (its consumer has fetched the event and is filing the case)."""
    created = datetime.fromisoformat(case_event["createTime"].replace("Z", "+00:00"))
    return created.timestamp() - WALL_TO_PERF


def list_until(http: requests.Session, run: Running, query: str, has: Callable[[dict], bool],
               timeout_s: float = WAIT_S) -> float:
    """Read the case list (as the ops centre does) until a case matches; when it did."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        r = http.get(f"{run.suite.url}/api/v1/cases?{query}", headers=run.ops, timeout=30)
        if r.ok and any(has(c) for c in r.json().get("cases", [])):
            return time.perf_counter()
    raise TimeoutError(f"no case in /cases?{query} within {timeout_s:.0f}s")


def since_query(source: str, t_wall: datetime) -> str:
    start = rfc3339(t_wall - timedelta(seconds=5))
    return f"source={source}&startTime={start}&pageSize=50"


def register_citizen(run: Running) -> dict[str, str]:
    """A resident signs up in the app (a Jiulongpo ID number with its ISO 7064 check digit, as
    e2e-tests/test_identity_grid.py builds it) and signs in: reports from them are CITIZEN_APP."""
    first17 = "50010719800101" + f"{uuid.uuid4().int % 1000:03d}"
    phone, password = unique_phone(), "Jiulongpo-2026"
    r = requests.post(run.suite.url + "/api/v1/auth/register", timeout=30, json={
        "kind": "CITIZEN", "name": "张三", "idNumber": first17 + ric.calc_check_digit(first17 + "?"),
        "phone": phone, "password": password})
    r.raise_for_status()
    token = password_grant(run.suite, phone, password)
    token.raise_for_status()
    return bearer(token.json()["access_token"])


# --- the four paths: each returns {step: ms since the request was sent} -----------------------
class Paths:
    def __init__(self, run: Running, tap: Tap) -> None:
        self.run, self.tap = run, tap
        self.http = requests.Session()
        self.url = run.suite.url
        lon, lat = YANGJIAPING
        self.camera_id = f"500107000013259{uuid.uuid4().int % 10**5:05d}"
        r = self.http.post(self.url + "/api/v1/video/cameras", headers=run.admin, timeout=30, json={
            "id": self.camera_id, "name": "压测摄像机", "ownerDepartmentId": "bureau-public-security",
            "hd": True, "reportedPosition": {"lon": lon, "lat": lat}})
        r.raise_for_status()
        spots = self.http.get(self.url + "/api/v1/tourism/spots?pageSize=50", timeout=30).json()["spots"]
        self.spot = next(s for s in spots if s["openingHours"]["openTime"] == "00:00")
        self.gate = self.spot["gates"][0]["id"]
        self.citizen_auth = register_citizen(run)
        self.reports = 0
        self.hour0 = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=8)

    def _readings(self, station: str, hour: datetime, value: float) -> requests.Response:
        r = self.http.post(self.url + "/api/v1/environment/readings:batch", headers=self.run.device,
                           timeout=30, json={"readings": [{"stationId": station, "metric": "pm25",
                                                           "value": value, "period": "HOUR",
                                                           "observedAt": rfc3339(hour)}]})
        r.raise_for_status()
        return r

    def environment(self) -> dict[str, float]:
        station = create_station(self.run, "BENCH-E2E")
        self._readings(station, self.hour0, 300)  # first hour above: the run starts (untimed)
        wall, t0 = datetime.now(UTC), time.perf_counter()
        self._readings(station, self.hour0 + timedelta(hours=1), 300)  # the second: raise
        t_http = time.perf_counter()
        t_alert, alert = self.tap.wait("jlp.environment.alert.raised",
                                       lambda d: d.get("stationId") == station, t0)
        ref = f"alerts/{alert['alertId']}"
        t_case, case = self.tap.wait("jlp.grid.case.created", lambda d: d.get("sourceRef") == ref, t0)
        t_list = list_until(self.http, self.run, since_query("ENVIRONMENT", wall),
                            lambda c: c.get("sourceRef") == ref)
        return {"answered": ms(t0, t_http), "alert event": ms(t0, t_alert),
                "case filing began": ms(t0, filing_began(case)), "case event": ms(t0, t_case),
                "listable": ms(t0, t_list)}

    def citizen(self) -> dict[str, float]:
        # Each report ~100 m from the others: within 50 m and 2 h the same category joins the
        # first case as a duplicate (grid-event domain/duplicates.py) and no case is created.
        k, self.reports = self.reports, self.reports + 1
        lon, lat = YANGJIAPING
        lon, lat = lon - 0.007 + 0.001 * (k % 15), lat - 0.003 + 0.001 * (k // 15)
        wall, t0 = datetime.now(UTC), time.perf_counter()
        r = self.http.post(self.url + "/api/v1/cases", headers=self.citizen_auth, timeout=30, json={
            "categoryCode": "06010", "description": "压测：井盖缺失", "urgency": "URGENT",
            "location": {"lon": lon, "lat": lat}})
        r.raise_for_status()
        t_http = time.perf_counter()
        case_id = r.json()["id"]
        t_list = list_until(self.http, self.run, since_query("CITIZEN_APP", wall),
                            lambda c: c.get("id") == case_id)
        t_case, _ = self.tap.wait("jlp.grid.case.created", lambda d: d.get("caseId") == case_id, t0)
        return {"answered": ms(t0, t_http), "case event": ms(t0, t_case), "listable": ms(t0, t_list)}

    def video(self) -> dict[str, float]:
        detection = f"bench-{uuid.uuid4().hex[:12]}"
        wall, t0 = datetime.now(UTC), time.perf_counter()
        r = self.http.post(self.url + "/api/v1/video/detections:batch", headers=self.run.device,
                           timeout=30, json={"detections": [{
                               "id": detection, "cameraId": self.camera_id, "label": "smoke_fire",
                               "score": 0.93, "startTime": rfc3339(wall - timedelta(minutes=1))}]})
        r.raise_for_status()
        t_http = time.perf_counter()
        t_alert, alert = self.tap.wait("jlp.video.detection.alerted",
                                       lambda d: d.get("detectionId") == detection, t0)
        ref = f"video-alerts/{alert['alertId']}"
        t_case, case = self.tap.wait("jlp.grid.case.created", lambda d: d.get("sourceRef") == ref, t0)
        t_list = list_until(self.http, self.run, since_query("VIDEO", wall),
                            lambda c: c.get("sourceRef") == ref)
        return {"answered": ms(t0, t_http), "alert event": ms(t0, t_alert),
                "case filing began": ms(t0, filing_began(case)), "case event": ms(t0, t_case),
                "listable": ms(t0, t_list)}

    def _gate(self, entries: int, exits: int) -> None:
        r = self.http.post(self.url + "/api/v1/tourism/gateCounts:batch", headers=self.run.device,
                           timeout=30, json={"counts": [{
                               "eventId": f"bench-{uuid.uuid4().hex}", "spotId": self.spot["id"],
                               "gateId": self.gate, "countTime": rfc3339(datetime.now(UTC)),
                               "entries": entries, "exits": exits}]})
        r.raise_for_status()

    def tourism(self) -> dict[str, float]:
        occ = self.http.get(f"{self.url}/api/v1/tourism/spots/{self.spot['id']}/occupancy",
                            timeout=30).json()["instantaneous"]
        capacity, count = int(occ["capacity"]), int(occ.get("count", 0))
        yellow = math.ceil(0.8 * capacity)
        if count >= yellow - 1:  # left high by a previous sample: back under the band
            self._gate(0, count - int(0.7 * capacity))
            count = int(0.7 * capacity)
        self._gate(yellow - 1 - count, 0)  # one below the threshold (untimed)
        t0 = time.perf_counter()
        self._gate(1, 0)  # the entry that reaches 80 %
        t_http = time.perf_counter()
        t_event, _ = self.tap.wait(
            "jlp.tourism.crowding.raised",
            lambda d: d.get("spotId") == self.spot["id"] and d.get("measure") == "INSTANTANEOUS", t0)
        self._gate(0, yellow - int(0.7 * capacity))  # clear (below 80 - 5 %), untimed
        return {"answered": ms(t0, t_http), "crowding event": ms(t0, t_event)}


PATHS: list[tuple[str, str, str]] = [
    # (method, name in the table, the step that ends the path)
    ("environment", "sensor reading → alert → case listable", "listable"),
    ("citizen", "citizen report → case listable", "listable"),
    ("video", "camera detection → alert → case listable", "listable"),
    ("tourism", "gate count → crowding event", "crowding event"),
]


def measure_all(paths: Paths, tap: Tap, samples: int) -> dict[str, list[dict[str, float]]]:
    """`samples` of each path, interleaved (so a slow moment of the machine hits them all),
    and as many raw hops for the baseline."""
    out: dict[str, list[dict[str, float]]] = {p[0]: [] for p in PATHS}
    out["bare"] = []
    for _ in range(samples):
        for method, _name, _end in PATHS:
            out[method].append(getattr(paths, method)())
        out["bare"].append({"js hop": tap.js_hop_ms(), "core rtt": tap.core_rtt_ms()})
        tap.trim()
    return out


def record(figures: Figures, condition: str, per_run: list[dict[str, list[dict[str, float]]]],
           note: str = "") -> None:
    section = f"end to end: {condition} (ms from the request sent)"
    bare = [[s["js hop"] for s in r["bare"]] for r in per_run]
    bare_p50 = [percentile(v, 50) for v in bare]
    bare_p99 = [percentile(v, 99) for v in bare]
    for method, name, end in PATHS:
        values = [[s[end] for s in r[method]] for r in per_run]
        pooled = [v for run in values for v in run]
        base = {"baseline": "raw JetStream publish → pull fetch (one hop)"} if method != "citizen" else {}
        figures.add(section, f"{name}: p50", "ms", [percentile(v, 50) for v in values],
                    baseline_values=bare_p50 if base else (), **base, note=note)
        figures.add(section, f"{name}: p99", "ms", [percentile(v, 99) for v in values],
                    baseline_values=bare_p99 if base else (), **base,
                    note=f"p99 over all {len(pooled)} samples: {percentile(pooled, 99):.1f} ms")
        steps = [k for k in per_run[0][method][0] if k != end]
        split = ", ".join(
            f"{k} {statistics.median(s[k] for r in per_run for s in r[method]):.1f}" for k in steps)
        figures.rows[-1].note += f"; median steps: {split}, {end} " \
            f"{statistics.median(pooled):.1f}"
    # The target (alert → case p99 ≤ 100 ms idle): from the alert event on NATS to
    # grid-event's case.created, i.e. consumer fetch + @idempotent case insert + outbox relay.
    for method, name in (("environment", "environment alert → case (event to event)"),
                         ("video", "video alert → case (event to event)")):
        values = [[s["case event"] - s["alert event"] for s in r[method]] for r in per_run]
        pooled = [v for run in values for v in run]
        base = {"baseline": "raw JetStream publish → pull fetch (one hop)"}
        figures.add(section, f"{name}: p50", "ms", [percentile(v, 50) for v in values],
                    baseline_values=bare_p50, **base)
        figures.add(section, f"{name}: p99", "ms", [percentile(v, 99) for v in values],
                    baseline_values=bare_p99, **base,
                    note=f"target ≤ 100 ms idle; p99 over all {len(pooled)} samples: "
                         f"{percentile(pooled, 99):.1f} ms, max {max(pooled):.1f} ms")
    figures.add(section, "bare: raw JetStream publish → pull fetch, p50", "ms", bare_p50)
    figures.add(section, "bare: raw JetStream publish → pull fetch, p99", "ms", bare_p99)
    figures.add(section, "bare: raw core NATS publish → subscriber, p50", "ms",
                [percentile([s["core rtt"] for s in r["bare"]], 50) for r in per_run])


def main(argv: list[str]) -> int:
    samples = int(argv[1]) if len(argv) > 1 else 8
    figures = Figures("e2e_latency")
    began = time.monotonic()
    with running_suite(demo=True) as run:
        tap = Tap(run.suite.nats_url)
        try:
            paths = Paths(run, tap)
            waited = tap.quiet()
            print(f"e2e_latency: the demo's start-up events drained in {waited:.0f} s", flush=True)
            measure_all(paths, tap, 2)  # warm-up: first connections, caches, consumers' fetches
            idle = [measure_all(paths, tap, samples) for _ in range(runs())]
            record(figures, "idle", idle)
            plan = LoadPlan(run.suite.url, run.device, run.ops, create_station(run, "BENCH-LOAD"),
                            requests_per_s=LOAD_RPS)
            with BackgroundLoad(plan) as load:
                loaded = [measure_all(paths, tap, samples) for _ in range(runs())]
                achieved = load.rate()
            record(figures, f"under load ({achieved:.0f} background requests/s through the "
                   f"gateway: readings batches of {plan.readings_per_batch} and list reads)", loaded,
                   note=f"background load aimed at {LOAD_RPS:.0f}/s, achieved {achieved:.1f}/s")
        finally:
            tap.close()
    figures.save()
    print(f"e2e_latency: {time.monotonic() - began:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
