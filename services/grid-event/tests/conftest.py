"""Fixtures: a small synthetic grid, a grid-event server on a random port, role tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import grpc
import pytest
from shapely.geometry import box, mapping

from jlp.grid_event.v1 import case_pb2_grpc, category_pb2_grpc, grid_pb2_grpc
from jlp_common.config import Settings
from jlp_identity.domain.permissions import ROLE_PERMISSIONS, permissions_for
from jlp_testkit.tokens import TestSigner

# Permissions per role: derived from identity's own table (a test-only import; grid-event's
# runtime never imports jlp_identity), so these tokens carry exactly what identity would grant
# and a change there is tested here too instead of drifting from a copy.
ROLE_SCOPES = {role: sorted(permissions_for([role])) for role in ROLE_PERMISSIONS}

# Department codes the fake directory knows (identity's bureau slugs and the test subdistrict).
KNOWN_DEPARTMENTS = frozenset({
    "ops-center", "bureau-city-management", "bureau-housing-construction", "bureau-ecology-environment",
    "bureau-water", "bureau-emergency-management", "bureau-public-security", "bureau-market-regulation",
    "bureau-civil-affairs", "500107", "500107001"})


def fake_departments(codes=KNOWN_DEPARTMENTS):  # noqa: ANN001, ANN201
    """A directory over a fixed list instead of identity's ListDepartments."""
    from jlp_grid_event.department_directory import DepartmentDirectory

    return DepartmentDirectory(lambda: codes)


# A 2 km square in the east of the district: one subdistrict, two communities, 2×2 units each.
SUB = "500107001"
COMM_W, COMM_E = SUB + "001", SUB + "002"
X0, Y0, STEP = 106.50, 29.50, 0.01


def square(x: float, y: float, w: float, h: float) -> dict:
    return mapping(box(x, y, x + w, y + h))


def feature(code: str, name: str, geom: dict, **props: str) -> dict:
    return {"type": "Feature", "properties": {"code": code, "name": name, **props}, "geometry": geom}


def small_grid() -> dict:
    feats = [feature(SUB, "杨家坪街道", square(X0, Y0, 4 * STEP, 2 * STEP))]
    for ci, comm in enumerate((COMM_W, COMM_E)):
        cx = X0 + ci * 2 * STEP
        feats.append(feature(comm, f"社区{ci + 1}", square(cx, Y0, 2 * STEP, 2 * STEP)))
        seq = 1
        for row in (1, 0):  # north row first
            for col in (0, 1):
                feats.append(feature(f"{comm}{seq:03d}", f"网格{seq}",
                                     square(cx + col * STEP, Y0 + row * STEP, STEP, STEP),
                                     worker_id=f"gw-{comm}"))
                seq += 1
    return {"type": "FeatureCollection", "features": feats}


def point_in(comm_index: int = 0, dx: float = 0.002, dy: float = 0.002) -> tuple[float, float]:
    """A point inside the south-west unit of a community."""
    return X0 + comm_index * 2 * STEP + dx, Y0 + dy


class Clock:
    """Settable clock injected into the service (no sleeping in tests)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Server:
    service: object
    channel: grpc.Channel
    signer: TestSigner
    clock: Clock

    @property
    def grids(self) -> grid_pb2_grpc.GridServiceStub:
        return grid_pb2_grpc.GridServiceStub(self.channel)

    @property
    def cases(self) -> case_pb2_grpc.CaseServiceStub:
        return case_pb2_grpc.CaseServiceStub(self.channel)

    @property
    def categories(self) -> category_pb2_grpc.CategoryServiceStub:
        return category_pb2_grpc.CategoryServiceStub(self.channel)

    def md(self, role: str, sub: str | None = None, dept: str = "", kind: str = "user") -> list:
        token = self.signer.token(sub or f"{role}-1", scopes=ROLE_SCOPES[role], roles=[role],
                                  dept=dept, kind=kind)
        return [("authorization", f"Bearer {token}")]


def start_server(bus: object | None = None, grid: dict | None = None,
                 departments: object | None = None) -> Iterator[Server]:
    from jlp_grid_event import grids
    from jlp_grid_event.app import build

    signer = TestSigner()
    clock = Clock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))  # a Tuesday, 17:00 China time
    settings = Settings.from_env("grid-event", {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1",
                                                "JLP_METRICS_PORT": "0", "JLP_LOG_FORMAT": "text",
                                                "JLP_LOG_LEVEL": "WARNING"})
    svc = build(settings, verifier=signer.verifier(), bus=bus, clock=clock, demo=False, background=False,
                departments=departments or fake_departments())
    grids.import_collection(grid or small_grid())
    port = svc.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield Server(svc, channel, signer, clock)
    finally:
        channel.close()
        svc.stop(0)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from start_server()
