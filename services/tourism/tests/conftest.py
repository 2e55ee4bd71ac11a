"""Fixtures: the tourism service on a random port (embedded store), a settable clock, a fixed
ticket key, callers with their permissions, and synthetic resident ID numbers."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest
from stdnum.cn import ric

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp.tourism.v1 import tourism_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_testkit.tokens import TestSigner
from jlp_tourism import qrkeys
from jlp_tourism.app import build

KEYS = qrkeys.parse("t-2026:" + base64.b64encode(bytes(range(32))).decode())
SETTINGS = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
            "JLP_LOG_LEVEL": "WARNING", "JLP_TOURISM_SWEEP_SECONDS": "0",
            "JLP_PII_KEY": base64.b64encode(b"k" * 32).decode()}
ADMIN = ("tourism:spot.admin", "tourism:refund.read", "tourism:alert.read")
CITIZEN = ("tourism:ticket.book",)
GATE = ("tourism:ticket.redeem", "tourism:gate_count.write")
TODAY = date(2026, 10, 2)


def bj(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    """A Beijing wall-clock time as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def id_number(i: int) -> str:
    """The i-th synthetic resident ID number of 九龙坡区 with a correct check digit (fixtures
    only, reference/ids-gb11643-gb32100.md: never shown as real people)."""
    born = date(2000, 1, 1) + timedelta(days=i // 500)
    body = f"500107{born:%Y%m%d}{i % 500:03d}"
    return body + ric.calc_check_digit(body + "0")


class Clock:
    """A settable clock (no sleeping in tests)."""

    def __init__(self, now: datetime) -> None:
        self.now, self._lock = now, threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self.now = moment


class Caller:
    """A stub with a bearer token of its own."""

    def __init__(self, stub: pb_grpc.TourismServiceStub, signer: TestSigner, sub: str, scopes: tuple[str, ...]):
        self.stub, self.md = stub, [("authorization", "Bearer " + signer.token(sub=sub, scopes=scopes))]

    def __getattr__(self, name: str):  # noqa: ANN204 - forwards to the stub with the token
        method = getattr(self.stub, name)
        return lambda request, **kw: method(request, metadata=self.md, **kw)


@pytest.fixture
def clock() -> Clock:
    return Clock(bj(8, 0))


@pytest.fixture
def signer() -> TestSigner:
    return TestSigner()


def start(signer: TestSigner, clock: Clock, connect_db: bool = True, bus=None):  # noqa: ANN001, ANN201
    app = build(Settings.from_env("tourism", SETTINGS), verifier=signer.verifier(), clock=clock,
                connect_db=connect_db, keys=KEYS, bus=bus, demo=False)
    app.start()
    return app


@pytest.fixture
def app(signer: TestSigner, clock: Clock) -> Iterator:
    app = start(signer, clock)
    yield app
    app.stop(0)


@pytest.fixture
def channel(app) -> Iterator[grpc.Channel]:
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    yield channel
    channel.close()


@pytest.fixture
def admin(channel, signer) -> Caller:
    return Caller(pb_grpc.TourismServiceStub(channel), signer, "admin-1", ADMIN)


@pytest.fixture
def citizen(channel, signer) -> Caller:
    return Caller(pb_grpc.TourismServiceStub(channel), signer, "citizen-1", CITIZEN)


@pytest.fixture
def gate(channel, signer) -> Caller:
    return Caller(pb_grpc.TourismServiceStub(channel), signer, "gate-device-1", GATE)


@pytest.fixture
def public(channel) -> pb_grpc.TourismServiceStub:
    return pb_grpc.TourismServiceStub(channel)


def worked_example_spot(code: str = "HUAYAN", **extra) -> pb.Spot:
    """scenic-capacity.md §5: three zones, 08:30–17:30, stay 2.5 h → C1 9 000, C2 27 000."""
    fields = dict(
        code=code, name="华岩旅游风景区", location=pb.LatLng(lon=106.445, lat=29.455),
        subdistrict_code="500107102",
        opening_hours=pb.OpeningHours(open_time="08:30", close_time="17:30"),
        gates=[pb.Gate(id="east", name="东门", direction=pb.BOTH), pb.Gate(id="south", name="南门", direction=pb.BOTH)],
        capacity=pb.CarryingCapacity(method=pb.AREA, average_stay_hours=2.5, zones=[
            pb.CapacityZone(name="Entrance plaza", area_m2=12000, per_visitor_m2=2),
            pb.CapacityZone(name="Temple courtyards", area_m2=3000, per_visitor_m2=3),
            pb.CapacityZone(name="Hillside park", area_m2=20000, per_visitor_m2=10)]),
        quota_policies=[pb.QuotaPolicy(share=0.75, effective_date="2020-09-29")],
        price_fen=3000)
    fields.update(extra)
    return pb.Spot(**fields)


def small_spot(code: str = "SMALL", places: int = 100, instantaneous: int | None = None, **extra) -> pb.Spot:
    """One slot a day (08:00–18:00) with exactly `places` places."""
    fields = dict(
        code=code, name=f"测试景点 {code}", location=pb.LatLng(lon=106.5, lat=29.5),
        opening_hours=pb.OpeningHours(open_time="08:00", close_time="18:00"), slot_minutes=600,
        gates=[pb.Gate(id="g1", direction=pb.BOTH), pb.Gate(id="g2", direction=pb.BOTH)],
        capacity=pb.CarryingCapacity(method=pb.ENTERED, instantaneous=instantaneous or places, daily=places),
        quota_policies=[pb.QuotaPolicy(share=1.0, effective_date="2020-01-01")], price_fen=2000)
    fields.update(extra)
    return pb.Spot(**fields)
