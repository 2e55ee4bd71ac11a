"""Server processes for bench/gateway_http.py and bench/grpc_call.py (one process each, so the
load generator, the HTTP tier and the gRPC tier do not share a GIL).

    _servers.py echo <port> platform|platform-nocache|bare
                                              the echo service: jlp_common's GrpcApp (with its
                                              verified-token cache, or without), or the same
                                              servicer on a bare grpc.server (same thread pool)
    _servers.py http <port> <mode> <backend>  gunicorn gthread, 1 worker x 16 threads (the
                                              gateway's production default) serving <mode>:
      gateway            the gateway, every layer on (auth when a token is sent, tracing,
                         rate limit at a rate it never reaches)
      gateway-norate     rate limiting off (JLP_GATEWAY_RATE=0)
      gateway-notrace    tracing off (OTel SDK disabled: no spans, no trace context)
      gateway-nocache    the gateway's verified-token cache off (every request's token
                         signature checked again)
      bare               Flask route -> grpc stub, JSON <-> proto with json_format, nothing else
      bare-notranscode   the bare proxy answering canned bytes: what transcoding costs there

All servers listen on 127.0.0.1 only. Tokens: a fixed Ed25519 test key shared by the processes.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent import futures
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jlp_testkit.tokens import TestSigner

QUIET = {"JLP_LOG_LEVEL": "ERROR", "JLP_METRICS_PORT": "0"}


def signer() -> TestSigner:
    s = TestSigner(kid="bench-key")
    s.key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    return s


def verifier(cache: bool = True):  # noqa: ANN201
    """The bench signer's verifier, with its verified-token cache or without (cache_size=0)."""
    from jlp_common.auth import StaticKeys, TokenVerifier
    from jlp_testkit.tokens import AUDIENCE, ISSUER

    return TokenVerifier(StaticKeys(signer().jwks()), ISSUER, AUDIENCE,
                         cache_size=10_000 if cache else 0)


def echo(port: int, kind: str) -> None:
    import grpc

    from jlp_common.config import Settings
    from jlp_testkit.echo import EchoServicer, build_app
    from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

    servicer = EchoServicer()
    seed = echo_pb2.Note(name="notes/bench", title="bench note", body_text="x" * 200)
    servicer.notes[seed.name] = seed
    if kind == "bare":
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
        echo_pb2_grpc.add_EchoServiceServicer_to_server(servicer, server)
        server.add_insecure_port(f"127.0.0.1:{port}")
        server.start()
        print("ready", seed.name, flush=True)
        server.wait_for_termination()
        return
    app = build_app(Settings.from_env("echo", {**QUIET, "JLP_GRPC_PORT": str(port),
                                               "JLP_GRPC_HOST": "127.0.0.1"}),
                    verifier=verifier(cache=kind != "platform-nocache"))
    app.start()  # build_app made its own EchoServicer: seed the note through the API
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    stub = echo_pb2_grpc.EchoServiceStub(channel)
    token = signer().token(scopes=["echo:note.write"])
    made = stub.CreateNote(echo_pb2.CreateNoteRequest(note=seed),
                           metadata=[("authorization", f"Bearer {token}")])
    print("ready", made.name, flush=True)
    threading.Event().wait()


def bare_proxy(backend: str, transcode: bool):  # noqa: ANN201
    import grpc
    from flask import Flask, Response, request
    from google.protobuf import json_format

    from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

    app = Flask("bare")
    stub = echo_pb2_grpc.EchoServiceStub(grpc.insecure_channel(backend))
    canned = b'{"name":"notes/bench","title":"bench note"}'

    def forward_metadata() -> list[tuple[str, str]]:
        auth = request.headers.get("Authorization")
        return [("authorization", auth)] if auth else []

    @app.get("/api/v1/echo/notes/<note_id>")
    def get_note(note_id: str) -> Response:
        reply = stub.GetNote(echo_pb2.GetNoteRequest(name=f"notes/{note_id}"), timeout=10,
                             metadata=forward_metadata())
        body = json_format.MessageToJson(reply, indent=None).encode() if transcode else canned
        return Response(body, mimetype="application/json")

    @app.post("/api/v1/echo/notes")
    def create_note() -> Response:
        if transcode:
            note = json_format.ParseDict(request.get_json(), echo_pb2.Note())
        else:
            note = echo_pb2.Note(title="bench note")
        reply = stub.CreateNote(echo_pb2.CreateNoteRequest(note=note), timeout=10,
                                metadata=forward_metadata())
        body = json_format.MessageToJson(reply, indent=None).encode() if transcode else canned
        return Response(body, mimetype="application/json")

    return app


def gateway(backend: str, mode: str):  # noqa: ANN201
    if mode == "gateway-notrace":
        os.environ["OTEL_SDK_DISABLED"] = "true"
    from jlp_common.config import Settings
    from jlp_gateway.app import create_app
    from jlptest.echo.v1 import echo_pb2

    rate = "0" if mode == "gateway-norate" else "1000000000"
    settings = Settings.from_env("gateway", {**QUIET, "JLP_GATEWAY_RATE": rate,
                                             "JLP_GATEWAY_BURST": "1000000000"})
    return create_app(settings, services=[(echo_pb2, backend)], configured=False,
                      verifier=verifier(cache=mode != "gateway-nocache"))


@dataclass(frozen=True)
class Layout:
    """How gunicorn serves the HTTP modes: the gateway's production default unless the
    serving-layout bench (bench/gateway_http.py JLP_BENCH_LAYOUTS) asks for another."""

    worker_class: str = "gthread"
    workers: int = 1
    threads: int = 16

    @classmethod
    def from_env(cls) -> Layout:
        return cls(os.environ.get("JLP_BENCH_HTTP_WORKER_CLASS", "gthread"),
                   int(os.environ.get("JLP_BENCH_HTTP_WORKERS", "1")),
                   int(os.environ.get("JLP_BENCH_HTTP_THREADS", "16")))


def http(port: int, mode: str, backend: str) -> None:
    from gunicorn.app.base import BaseApplication

    layout = Layout.from_env()

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {"bind": f"127.0.0.1:{port}", "worker_class": layout.worker_class,
                               "workers": layout.workers, "threads": layout.threads,
                               "keepalive": 5,
                               "accesslog": None, "loglevel": "error",
                               "control_socket_disable": True}.items():
                try:
                    self.cfg.set(key, value)
                except AttributeError:
                    if key != "control_socket_disable":
                        raise

        def load(self):  # noqa: ANN202
            if mode.startswith("bare"):
                return bare_proxy(backend, transcode=mode == "bare")
            return gateway(backend, mode)

    Server().run()


if __name__ == "__main__":
    if sys.argv[1] == "echo":
        echo(int(sys.argv[2]), sys.argv[3])
    else:
        http(int(sys.argv[2]), sys.argv[3], sys.argv[4])
