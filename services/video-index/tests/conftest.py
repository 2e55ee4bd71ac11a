"""Fixtures: the video-index service on a random port, embedded store, a settable clock and a
fake grid-event locator; tokens from the test signer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp.video_index.v1 import video_index_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_testkit.tokens import TestSigner
from jlp_video_index.app import build
from jlp_video_index.grid import GridPlace, GridUnavailable

SETTINGS = {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
            "JLP_VIDEO_INDEX_SWEEP_SECONDS": "0",
            "JLP_VIDEO_INDEX_PLAY_TOKEN_KEY": "dGVzdC1wbGF5LWtleS10ZXN0LXBsYXkta2V5LTMyYnl0ZXM="}
CITY, POLICE = "bureau-city-management", "bureau-public-security"
ADMIN = ("video:camera.admin", "video:camera.read", "video:rule.admin", "video:detection.read",
         "video:detection.review", "video:detection.export", "video:coverage.read")
REGISTRAR = (*ADMIN, "video:camera.read_all")  # the registry-wide administrator
READER = ("video:camera.read", "video:detection.read", "video:coverage.read")
DEVICE = ("video:keepalive.write", "video:detection.write")
REQUESTER = ("video:access.request", "video:camera.read")
APPROVER = ("video:access.request", "video:access.approve", "video:camera.read")
MEDIA = ("video:play.check",)
AUDITOR = ("video:audit.read",)
ZOO = (106.506, 29.511)  # 杨家坪街道 in the fake grid


class Clock:
    """A settable clock (no sleeping in tests)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self.now += delta


class FakeGrid:
    """grid-event's LocateGrid: east of 106.45 is 杨家坪街道, west of it 白市驿镇."""

    def __init__(self) -> None:
        self.up = True

    def locate(self, lon: float, lat: float) -> GridPlace | None:
        if not self.up:
            raise GridUnavailable("grid-event down (test)")
        if not (106.2 <= lon <= 106.6 and 29.2 <= lat <= 29.7):
            return None
        if lon >= 106.45:
            return GridPlace("500107001001001", "500107001", "杨家坪街道")
        return GridPlace("500107105001001", "500107105", "白市驿镇")


@pytest.fixture
def signer() -> TestSigner:
    return TestSigner()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))  # 10:00 Beijing time


@pytest.fixture
def grid() -> FakeGrid:
    return FakeGrid()


@pytest.fixture
def app(signer: TestSigner, clock: Clock, grid: FakeGrid) -> Iterator:
    app = build(Settings.from_env("video-index", SETTINGS), verifier=signer.verifier(), locator=grid, clock=clock)
    app.start()
    yield app
    app.stop(0)


@pytest.fixture
def stub(app) -> Iterator[pb_grpc.VideoIndexServiceStub]:
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    yield pb_grpc.VideoIndexServiceStub(channel)
    channel.close()


GATEWAY_ENV = {"JLP_LOG_LEVEL": "WARNING", "JLP_METRICS_PORT": "0", "JLP_GATEWAY_RATE": "0"}


@pytest.fixture
def api(app, signer) -> Iterator:
    """The real gateway (Flask test client) in front of the service."""
    from jlp_gateway.app import create_app

    gateway = create_app(Settings.from_env("gateway", GATEWAY_ENV), services=[(pb, f"127.0.0.1:{app.port}")],
                         configured=False, verifier=signer.verifier())
    client = gateway.test_client()

    def auth(scopes: tuple[str, ...], sub: str = "u-1", dept: str = CITY, kind: str = "user") -> dict:
        return {"Authorization": "Bearer " + signer.token(sub=sub, scopes=scopes, dept=dept, kind=kind)}

    client.auth = auth
    yield client


def bearer(signer: TestSigner, scopes: tuple[str, ...], sub: str = "u-1", dept: str = CITY,
           kind: str = "user") -> list[tuple[str, str]]:
    return [("authorization", "Bearer " + signer.token(sub=sub, scopes=scopes, dept=dept, kind=kind))]


def camera(cid: str, lon: float = ZOO[0], lat: float = ZOO[1], owner: str = CITY, **extra) -> pb.Camera:
    return pb.Camera(id=cid, name=f"cam {cid[-4:]}", owner_department_id=owner,
                     reported_position=pb.ReportedPosition(lon=lon, lat=lat), **extra)


def make_camera(stub, signer, cid: str, **kw) -> pb.Camera:
    return stub.CreateCamera(pb.CreateCameraRequest(camera=camera(cid, **kw)), metadata=bearer(signer, REGISTRAR))


def violations(err: grpc.RpcError) -> dict[str, str]:
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    status = rpc_status.from_call(err)
    out = {}
    for d in status.details if status else ():
        if d.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            br = error_details_pb2.BadRequest()
            d.Unpack(br)
            out.update({v.field: v.description for v in br.field_violations})
    return out
