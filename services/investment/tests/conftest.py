"""Fixtures: the investment service on a random port over a real channel (embedded store),
with its events through the session's real nats-server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest

from jlp.investment.v1 import investment_pb2 as pb
from jlp.investment.v1 import investment_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_gateway.app import create_app
from jlp_investment.app import InvestmentApp, build
from jlp_testkit.tokens import TestSigner

OFFICER = ["investment:investor.read", "investment:investor.write", "investment:project.read",
           "investment:project.write", "investment:funnel.read"]
HEAD = [*OFFICER, "investment:investor.merge", "investment:investor.contact.read", "investment:project.override",
        "investment:site.write", "investment:stage.configure"]


@dataclass
class Service:
    stub: pb_grpc.InvestmentServiceStub
    signer: TestSigner
    app: InvestmentApp
    nats_url: str

    def md(self, scopes: list[str], sub: str = "officer-li") -> list[tuple[str, str]]:
        return [("authorization", f"Bearer {self.signer.token(sub=sub, scopes=scopes)}")]

    @property
    def officer(self) -> list[tuple[str, str]]:
        return self.md(OFFICER)

    @property
    def head(self) -> list[tuple[str, str]]:
        return self.md(HEAD, sub="head-wang")


@pytest.fixture
def service(nats_server) -> Iterator[Service]:  # noqa: ANN001 - the testkit's session fixture
    signer = TestSigner()
    env = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
           "JLP_NATS_URL": nats_server.url, "JLP_LOG_LEVEL": "WARNING"}
    settings = Settings.from_env("investment", env)
    app = build(settings, bus=EventBus(settings), verifier=signer.verifier())
    port = app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield Service(pb_grpc.InvestmentServiceStub(channel), signer, app, nats_server.url)
    channel.close()
    app.stop(0)


GATEWAY_ENV = {"JLP_LOG_LEVEL": "WARNING", "JLP_METRICS_PORT": "0", "JLP_GATEWAY_RATE": "0"}  # no rate limit


@pytest.fixture
def api(service: Service) -> Iterator:  # noqa: ANN201 - Flask's test client
    """The real gateway (Flask test client) in front of the service: the REST contract."""
    gateway = create_app(Settings.from_env("gateway", GATEWAY_ENV),
                         services=[(pb, f"127.0.0.1:{service.app.port}")], configured=False,
                         verifier=service.signer.verifier())
    client = gateway.test_client()

    def auth(scopes: list[str], sub: str = "officer-li") -> dict:
        return {"Authorization": "Bearer " + service.signer.token(sub=sub, scopes=scopes)}

    client.auth = auth
    yield client
