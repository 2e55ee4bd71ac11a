"""Crowding → events → one case, through a real nats-server with grid-event in-process.

Gate counts push a scenic spot past 80 % and then 100 % of its instantaneous capacity: the
outbox relay publishes two `jlp.tourism.crowding.raised` events (YELLOW, then RED), grid-event
opens exactly one case for the RED one (source TOURISM), and counts flapping below 100 % add
no event and no case.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from shapely.geometry import box, mapping

from jlp.tourism.v1 import events_pb2
from jlp.tourism.v1 import tourism_pb2 as pb
from jlp.tourism.v1 import tourism_pb2_grpc as pb_grpc
from jlp_common import subjects
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_testkit.nats import wait_for
from jlp_testkit.tokens import TestSigner
from jlp_tourism.app import build

from .conftest import ADMIN, GATE, KEYS, SETTINGS, Caller, small_spot

SUB, COMM, UNIT = "500107001", "500107001001", "500107001001001"


def one_square_grid() -> dict:
    def feature(code: str, name: str, **props: str) -> dict:
        return {"type": "Feature", "properties": {"code": code, "name": name, **props},
                "geometry": mapping(box(106.50, 29.50, 106.52, 29.52))}

    return {"type": "FeatureCollection", "features": [
        feature(SUB, "杨家坪街道"), feature(COMM, "社区1"), feature(UNIT, "网格1", worker_id="gw-1")]}


def settings_for(service: str, nats_url: str, **extra: str) -> Settings:
    base = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
            "JLP_LOG_LEVEL": "WARNING", "JLP_NATS_URL": nats_url}
    if service == "tourism":
        base.update(SETTINGS)
    return Settings.from_env(service, {**base, **extra})


@pytest.fixture
def chain(nats_server):
    grid_app = pytest.importorskip("jlp_grid_event.app")
    grids = pytest.importorskip("jlp_grid_event.grids")
    signer = TestSigner()
    grid = grid_app.build(settings_for("grid-event", nats_server.url), verifier=signer.verifier(),
                          bus=EventBus(settings_for("grid-event", nats_server.url)), demo=False, background=False)
    grids.import_collection(one_square_grid())
    grid.start()
    tourism_settings = settings_for("tourism", nats_server.url)
    # one process, one embedded database: grid-event connected it, tourism shares it
    tourism = build(tourism_settings, verifier=signer.verifier(), bus=EventBus(tourism_settings), connect_db=False,
                    keys=KEYS, demo=False)
    port = tourism.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    listener = EventBus(settings_for("listener", nats_server.url))
    listener.start()
    try:
        stub = pb_grpc.TourismServiceStub(channel)
        yield {"admin": Caller(stub, signer, "admin-1", ADMIN), "gate": Caller(stub, signer, "gate-1", GATE),
               "listener": listener, "grid": grid}
    finally:
        listener.stop()
        channel.close()
        tourism.stop(0)
        grid.stop(0)


def test_80_then_100_percent_make_two_events_and_one_case(chain) -> None:
    admin, gate, listener = chain["admin"], chain["gate"], chain["listener"]
    raised: list = []
    suffix = uuid.uuid4().hex[:6]
    listener.subscribe(stream="JLP_TOURISM", durable=f"test-crowding-{suffix}",
                       filter_subject=subjects.TOURISM_CROWDING_RAISED,
                       handler=lambda e: raised.append(e.parse(events_pb2.CrowdingRaised)))
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(
        f"CH{suffix}", places=10_000, instantaneous=100, location=pb.LatLng(lon=106.51, lat=29.51))))
    now = datetime.now(UTC)

    def send(event: str, minutes_ago: int, entries: int, exits: int = 0) -> None:
        req = pb.BatchCreateGateCountsRequest()
        c = req.counts.add(event_id=f"{suffix}-{event}", spot_id=spot.id, gate_id="g1", entries=entries, exits=exits)
        c.count_time.FromDatetime((now - timedelta(minutes=minutes_ago)).replace(tzinfo=None))
        gate.BatchCreateGateCounts(req)

    send("a", 30, 85)  # 85 %: yellow
    send("b", 25, 15)  # 100 %: red
    send("c", 20, 0, 3)  # 97 %: still red (hysteresis)
    send("d", 15, 3)  # 100 % again: the same episode, nothing new
    mine = wait_for(lambda: [e for e in raised if e.spot_id == spot.id] if len(
        [e for e in raised if e.spot_id == spot.id]) >= 2 else None, timeout_s=20, message="two crowding events")
    assert [(e.previous_level, e.level) for e in mine] == [("NORMAL", "YELLOW"), ("YELLOW", "RED")]
    assert mine[1].one_out_one_in and mine[1].sales_stopped

    from jlp_grid_event.models import CaseDoc

    def cases() -> list:
        found = list(CaseDoc._get_collection().find({"source_ref": {"$regex": f"^crowding/{spot.id}"}}))
        return found or None

    [case] = wait_for(cases, timeout_s=20, message="the crowding case")
    assert case["source_ref"] == f"crowding/{mine[1].crowding_id}"
    assert case["category_id"].endswith("99021") and case["grid_code"] == UNIT
    assert case["source"] in (6, "TOURISM") and case["urgency"] in (2, "URGENT")
    assert len([e for e in raised if e.spot_id == spot.id]) == 2  # nothing for the flapping
