"""Where a camera is in the district's grid, asked of grid-event's public LocateGrid.

Registering cameras never waits for grid-event: a camera is stored PENDING and the sweep
resolves pending cameras in batches (an import of thousands of rows makes no thousands of calls
inside the request); a point outside every grid is OUTSIDE_DISTRICT and is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import grpc

from jlp_common import context as ctx
from jlp_common import grpc_client
from jlp_common.config import Settings

RESOLVED, PENDING, OUTSIDE = "RESOLVED", "PENDING", "OUTSIDE_DISTRICT"


@dataclass(frozen=True)
class GridPlace:
    grid_code: str
    subdistrict_code: str
    subdistrict_name: str


class GridUnavailable(Exception):
    """grid-event could not answer now (down, deadline, not deployed)."""


class GridLocator(Protocol):
    def locate(self, lon: float, lat: float) -> GridPlace | None:
        """The place holding the point, None outside the district; GridUnavailable if unknown."""


class GrpcGridLocator:
    """LocateGrid over gRPC (a public method: no token travels)."""

    def __init__(self, settings: Settings, timeout_s: float = 2.0) -> None:
        self.target = settings.addr("grid-event")
        self.timeout_s = timeout_s

    def locate(self, lon: float, lat: float) -> GridPlace | None:
        try:
            from jlp.grid_event.v1 import grid_pb2, grid_pb2_grpc
        except ImportError as exc:  # grid-event's stubs not installed in this image
            raise GridUnavailable("grid-event stubs are not installed") from exc
        stub = grid_pb2_grpc.GridServiceStub(grpc_client.channel(self.target, [grid_pb2]))
        rid = ctx.current_request_id()
        try:
            reply = stub.LocateGrid(grid_pb2.LocateGridRequest(lon=lon, lat=lat),
                                    timeout=grpc_client.call_timeout(self.timeout_s),
                                    metadata=[(ctx.REQUEST_ID_HEADER, rid)] if rid else [])
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise GridUnavailable(f"LocateGrid failed: {exc.code().name}") from exc
        return GridPlace(reply.grid_code, reply.subdistrict_code, reply.subdistrict_name)
