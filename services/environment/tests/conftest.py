"""Fixtures: the environment service on a random port, embedded store, test clock and grid;
and `chain`, environment + grid-event in-process against the session nats-server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from shapely.geometry import box, mapping

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import environment_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_environment.app import build
from jlp_environment.grid import GridPlace, GridUnavailable, GrpcGridLocator
from jlp_gateway.app import create_app
from jlp_testkit.nats import wait_for  # noqa: F401 - re-exported for the chain tests
from jlp_testkit.tokens import TestSigner

SETTINGS = {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
            "JLP_ENVIRONMENT_SWEEP_SECONDS": "0"}
DEVICE = ("environment:reading.write",)
ADMIN = ("environment:station.admin", "environment:rule.admin",
         "environment:alert.read")
READER = ("environment:alert.read",)


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
    """grid-event's LocateGrid: east of 106.45 is 杨家坪街道, west of it 白市驿镇; down on demand."""

    def __init__(self) -> None:
        self.up = True

    def locate(self, lon: float, lat: float) -> GridPlace | None:
        if not self.up:
            raise GridUnavailable("grid-event down (test)")
        if not (106.2 <= lon <= 106.6 and 29.2 <= lat <= 29.7):
            return None
        if lon >= 106.45:
            return GridPlace("500107001001001", "500107001001", "500107001", "杨家坪街道")
        return GridPlace("500107105001001", "500107105001", "500107105", "白市驿镇")


@pytest.fixture
def signer() -> TestSigner:
    return TestSigner()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 20, 4, 30, tzinfo=UTC))  # 12:30 Beijing time


@pytest.fixture
def grid() -> FakeGrid:
    return FakeGrid()


@pytest.fixture
def app(signer: TestSigner, clock: Clock, grid: FakeGrid) -> Iterator:
    app = build(Settings.from_env("environment", SETTINGS), verifier=signer.verifier(),
                    locator=grid, clock=clock)
    app.start()
    yield app
    app.stop(0)


@pytest.fixture
def stub(app) -> Iterator[pb_grpc.EnvironmentServiceStub]:
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    yield pb_grpc.EnvironmentServiceStub(channel)
    channel.close()


def bearer(signer: TestSigner, scopes: tuple[str, ...], sub: str = "u-1",
           kind: str = "user") -> list[tuple[str, str]]:
    return [("authorization", "Bearer " + signer.token(sub=sub, scopes=scopes, kind=kind))]


def make_station(stub, signer, code: str = "AIR-T1", kind: int = pb.AIR, lon: float = 106.51,
                 lat: float = 29.51, **extra) -> pb.Station:
    station = pb.Station(code=code, name=f"station {code}", kind=kind,
                         location=pb.LatLng(lon=lon, lat=lat), **extra)
    return stub.CreateStation(pb.CreateStationRequest(station=station),
                              metadata=bearer(signer, ADMIN))


GATEWAY_ENV = {"JLP_LOG_LEVEL": "WARNING", "JLP_METRICS_PORT": "0",
               "JLP_GATEWAY_RATE": "0"}


@pytest.fixture
def api(app, signer) -> Iterator:
    gateway = create_app(Settings.from_env("gateway", GATEWAY_ENV),
                         services=[(pb, f"127.0.0.1:{app.port}")],
                         configured=False, verifier=signer.verifier())
    client = gateway.test_client()

    def auth(scopes: tuple[str, ...], sub: str = "u-1", kind: str = "user") -> dict:
        return {"Authorization": "Bearer " + signer.token(sub=sub, scopes=scopes, kind=kind)}

    client.auth = auth
    yield client


# --- environment + grid-event through a real nats-server -----------------------------------
SUB, COMM, UNIT = "500107001", "500107001001", "500107001001001"




def one_square_grid() -> dict:
    def feature(code: str, name: str, **props: str) -> dict:
        return {"type": "Feature", "properties": {"code": code, "name": name, **props},
                "geometry": mapping(box(106.50, 29.50, 106.52, 29.52))}

    return {"type": "FeatureCollection", "features": [
        feature(SUB, "杨家坪街道"), feature(COMM, "社区1"),
        feature(UNIT, "网格1", worker_id="gw-1")]}


def settings_for(service: str, nats_url: str, **extra: str) -> Settings:
    return Settings.from_env(service, {
        "JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
        "JLP_LOG_LEVEL": "WARNING", "JLP_NATS_URL": nats_url,
        "JLP_ENVIRONMENT_SWEEP_SECONDS": "0", **extra})


@pytest.fixture
def chain(nats_server, clock: Clock) -> Iterator[dict]:
    """grid-event (real LocateGrid, alert consumer, outbox relay) and environment in-process."""
    grid_app = pytest.importorskip("jlp_grid_event.app")
    grids = pytest.importorskip("jlp_grid_event.grids")
    signer = TestSigner()
    grid_bus = EventBus(settings_for("grid-event", nats_server.url))
    grid = grid_app.build(settings_for("grid-event", nats_server.url), verifier=signer.verifier(),
                          bus=grid_bus, demo=False, background=False)
    grids.import_collection(one_square_grid())
    grid_port = grid.start()
    env_settings = settings_for("environment", nats_server.url,
                                JLP_GRID_EVENT_ADDR=f"127.0.0.1:{grid_port}")
    # one process, one embedded database: grid-event connected it, environment shares it
    env = build(env_settings, verifier=signer.verifier(), clock=clock,
                    locator=GrpcGridLocator(env_settings), connect_db=False,
                bus=EventBus(env_settings))
    port = env.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    listener = EventBus(settings_for("listener", nats_server.url))
    listener.start()
    try:
        yield {"stub": pb_grpc.EnvironmentServiceStub(channel), "signer": signer, "env": env,
               "grid": grid, "listener": listener, "port": port}
    finally:
        listener.stop()
        channel.close()
        env.stop(0)
        grid.stop(0)
