"""Gateway test fixtures: the echo service on a random port, a test-only `gwtest` proto served
by a recording fake backend, and gateway apps pointed at them (Flask test client)."""

from __future__ import annotations

import shutil
import sys
import tempfile
import types
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_testkit.echo import build_app
from jlp_testkit.tokens import ISSUER, TestSigner
from jlptest.echo.v1 import echo_pb2

PROTO_DIR = Path(__file__).parent / "protos"
GWTEST_FILE = "jlptest/gwtest/v1/gwtest.proto"


@pytest.fixture(scope="session")
def signer() -> TestSigner:
    return TestSigner()


def start_echo(signer: TestSigner, port: int = 0):
    env = {"JLP_GRPC_PORT": str(port), "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING"}
    app = build_app(Settings.from_env("echo", env), verifier=signer.verifier())
    return app, app.start()


@pytest.fixture
def echo_starter() -> Callable[..., tuple[Any, int]]:
    """start_echo(signer, port=0) → (GrpcApp, port): for tests that stop and restart it."""
    return start_echo


@pytest.fixture(scope="module")
def echo(signer: TestSigner) -> Iterator[tuple[Any, int]]:
    app, port = start_echo(signer)
    yield app, port
    app.stop(0)


GatewayFactory = Callable[..., Any]


@pytest.fixture
def make_gateway(signer: TestSigner, echo: tuple[Any, int]) -> GatewayFactory:
    """create_app against the echo service; keyword `env` adds settings, the rest is passed on."""

    def make(env: dict[str, str] | None = None, services: list | None = None, **kw: Any):
        settings = Settings.from_env("gateway", {
            "JLP_METRICS_PORT": "0", "JLP_GATEWAY_RATE": "0", "JLP_JWT_ISSUER": ISSUER,
            "JLP_LOG_LEVEL": "WARNING", **(env or {})})
        kw.setdefault("verifier", signer.verifier())
        return create_app(settings, services=services or [(echo_pb2, f"127.0.0.1:{echo[1]}")],
                          configured=False, **kw)

    return make


@pytest.fixture
def client(make_gateway: GatewayFactory):
    return make_gateway().test_client()


# --- the gwtest proto: compiled at test time, served by a recording fake ------------------
def _compile_gwtest() -> types.ModuleType:
    import grpc_tools
    from google.api import annotations_pb2
    from grpc_tools import protoc

    tmp = tempfile.mkdtemp(prefix="gwtest")
    out = Path(tmp) / "gwtest.pb"
    googleapis = Path(annotations_pb2.__file__).parent.parent.parent
    wkt = Path(grpc_tools.__file__).parent / "_proto"
    code = protoc.main(["protoc", f"-I{PROTO_DIR}", f"-I{googleapis}", f"-I{wkt}",
                        "--include_imports", f"--descriptor_set_out={out}", GWTEST_FILE])
    assert code == 0, "protoc failed on the gwtest proto"
    fds = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    shutil.rmtree(tmp)
    pool = descriptor_pool.Default()
    for fdp in fds.file:
        try:
            pool.FindFileByName(fdp.name)
        except KeyError:
            pool.AddSerializedFile(fdp.SerializeToString())
    module = types.ModuleType("jlptest.gwtest.v1.gwtest_pb2")
    module.DESCRIPTOR = pool.FindFileByName(GWTEST_FILE)  # type: ignore[attr-defined]
    sys.modules.setdefault(module.__name__, module)
    return module


@pytest.fixture(scope="session")
def gwtest() -> types.ModuleType:
    return _compile_gwtest()


def message_class(module: types.ModuleType, name: str) -> type:
    return message_factory.GetMessageClass(module.DESCRIPTOR.message_types_by_name[name])


class FakeShelves:
    """A gRPC server for ShelfService that records each request and answers canned replies."""

    def __init__(self, module: types.ModuleType) -> None:
        self.requests: list[tuple[str, Any]] = []
        self.metadata: list[tuple[str, dict[str, str]]] = []  # each call's invocation metadata
        self.replies: dict[str, Any] = {}
        service = module.DESCRIPTOR.services_by_name["ShelfService"]
        handlers = {}
        for method in service.methods:
            req = message_factory.GetMessageClass(method.input_type)
            resp = message_factory.GetMessageClass(method.output_type)
            handlers[method.name] = grpc.unary_unary_rpc_method_handler(
                self._handler(method.name, resp), request_deserializer=req.FromString,
                response_serializer=resp.SerializeToString)
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        self.server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(service.full_name, handlers),))
        self.port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()

    def _handler(self, name: str, resp_cls: type) -> Callable[[Any, Any], Any]:
        def handle(request: Any, context: grpc.ServicerContext) -> Any:
            self.requests.append((name, request))
            self.metadata.append((name, {m.key: m.value for m in context.invocation_metadata()}))
            return self.replies.get(name) or resp_cls()

        return handle

    def last(self, name: str) -> Any:
        return [r for n, r in self.requests if n == name][-1]


@pytest.fixture(scope="module")
def shelves(gwtest: types.ModuleType) -> Iterator[FakeShelves]:
    fake = FakeShelves(gwtest)
    yield fake
    fake.server.stop(0)


@pytest.fixture
def shelf_client(make_gateway: GatewayFactory, gwtest: types.ModuleType, shelves: FakeShelves):
    app = make_gateway(services=[(gwtest, f"127.0.0.1:{shelves.port}")])
    return app.test_client()
