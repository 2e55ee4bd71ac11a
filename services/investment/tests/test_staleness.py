"""Staleness against the stage's days-to-stale, with the service's clock moved forward."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from jlp.investment.v1 import investment_pb2 as pb
from jlp.investment.v1 import investment_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_investment.app import build
from jlp_testkit.tokens import TestSigner

from .conftest import OFFICER


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 2, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def timed() -> Iterator[tuple[pb_grpc.InvestmentServiceStub, Clock, list[tuple[str, str]]]]:
    signer, clock = TestSigner(), Clock()
    settings = Settings.from_env("investment", {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1",
                                                "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING"})
    app = build(settings, verifier=signer.verifier(), clock=clock)  # no bus: events stay in the outbox
    port = app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield (pb_grpc.InvestmentServiceStub(channel), clock,
           [("authorization", f"Bearer {signer.token(sub='officer-li', scopes=OFFICER)}")])
    channel.close()
    app.stop(0)


def test_a_lead_goes_stale_after_thirty_days_and_an_advance_refreshes_it(timed) -> None:  # noqa: ANN001
    stub, clock, md = timed
    made = stub.CreateProject(pb.CreateProjectRequest(project=pb.Project(
        name="线索项目", amount_wan="2000", industry_chain="ELECTRONICS", officer_id="officer-li")), metadata=md)
    fresh = stub.CreateProject(pb.CreateProjectRequest(project=pb.Project(
        name="新线索", amount_wan="100", industry_chain="ELECTRONICS", officer_id="officer-li")), metadata=md)
    clock.now += timedelta(days=30)
    assert not stub.GetProject(pb.GetProjectRequest(id=made.id), metadata=md).stale  # exactly 30 days
    clock.now += timedelta(minutes=1)
    assert stub.GetProject(pb.GetProjectRequest(id=made.id), metadata=md).stale
    stale = stub.ListProjects(pb.ListProjectsRequest(stale_only=True), metadata=md)
    assert {p.id for p in stale.projects} == {made.id, fresh.id}
    report = stub.GetFunnel(pb.GetFunnelRequest(), metadata=md)
    assert {(s.project_id, s.stage, s.days_to_stale) for s in report.stale_projects} == {
        (made.id, "LEAD", 30), (fresh.id, "LEAD", 30)}
    moved = stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id), metadata=md)
    assert not moved.stale and moved.stage_enter_time.ToDatetime(tzinfo=UTC) == clock.now
    stale = stub.ListProjects(pb.ListProjectsRequest(stale_only=True), metadata=md)
    assert [p.id for p in stale.projects] == [fresh.id]
