"""Client and server keepalive agree: an idle channel is pinged, never told "too_many_pings".

The scenario runs in a subprocess with gRPC's keepalive tracer on (GRPC_TRACE=http_keepalive),
the only place the server's ping accounting and a received GOAWAY are visible. Both ends take
their options from one `Keepalive` with a short interval, exactly as production derives them
from the default one: a server that permits fewer pings than the clients send answers GOAWAY
ENHANCE_YOUR_CALM after a few pings, the channel drops to IDLE and the next call opens a new
connection - all three are asserted against.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent import futures

import grpc
import pytest

from jlp_common import grpc_server
from jlp_common.grpc_client import KEEPALIVE, KEEPALIVE_OPTIONS, Keepalive

# gRPC clients never ping more than once a second whatever keepalive_time says, so 1 s is the
# shortest interval that means what it says.
PING_INTERVAL_MS = 1000
IDLE_S = 4.5  # four pings at least; the old settings were refused from the third ping on
PEER_METHOD = "/jlptest.Keepalive/Peer"


def run_scenario(keepalive: Keepalive, idle_s: float) -> dict:
    """Serve, call, stay idle, call again; report the peers the server saw and channel states."""

    def peer(_request: bytes, context: grpc.ServicerContext) -> bytes:
        return context.peer().encode()

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2),
                         options=keepalive.server_options())
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("jlptest.Keepalive", {
        "Peer": grpc.unary_unary_rpc_method_handler(peer),
    }),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=keepalive.client_options())
    states: list[str] = []
    channel.subscribe(lambda state: states.append(state.name), try_to_connect=True)
    call = channel.unary_unary(PEER_METHOD)
    try:
        first = call(b"", timeout=5).decode()
        time.sleep(idle_s)
        second = call(b"", timeout=5).decode()
    finally:
        channel.close()
        server.stop(None)
    return {"peers": [first, second], "states": states}


@pytest.fixture(scope="module")
def idle_channel() -> tuple[dict, str]:
    """The scenario's report and gRPC's keepalive trace."""
    env = {**os.environ, "GRPC_TRACE": "http_keepalive", "GRPC_VERBOSITY": "debug"}
    proc = subprocess.run([sys.executable, __file__, str(PING_INTERVAL_MS), str(IDLE_S)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def test_idle_channel_is_pinged_and_never_sent_away(idle_channel: tuple[dict, str]) -> None:
    _, trace = idle_channel
    pings = re.findall(r"SERVER\[[^\]]*\]: received ping", trace)
    # The channel really was kept alive over the idle period (else the rest proves nothing) ...
    assert len(pings) >= int(IDLE_S * 1000 / PING_INTERVAL_MS) - 1, trace[-3000:]
    # ... and the server never counted a ping as abuse.
    assert "too_many_pings" not in trace
    assert "ENHANCE_YOUR_CALM" not in trace
    assert not re.search(r"ping_strikes=[1-9]", trace), trace[-3000:]


def test_call_after_idle_uses_the_same_connection(idle_channel: tuple[dict, str]) -> None:
    report, _ = idle_channel
    first, second = report["peers"]
    assert first == second, "the idle connection was dropped and a new one opened"
    ready_at = report["states"].index("READY")
    assert report["states"][ready_at:] == ["READY"], report["states"]


def test_server_permits_the_clients_ping_interval() -> None:
    server = dict(Keepalive(ping_interval_ms=PING_INTERVAL_MS, ping_timeout_ms=500).server_options())
    assert server["grpc.http2.min_ping_interval_without_data_ms"] < PING_INTERVAL_MS
    assert server["grpc.keepalive_permit_without_calls"] == 1


def test_production_options_come_from_the_one_definition() -> None:
    assert KEEPALIVE_OPTIONS == KEEPALIVE.client_options()
    assert all(option in grpc_server.SERVER_OPTIONS for option in KEEPALIVE.server_options())
    client = dict(KEEPALIVE_OPTIONS)
    server = dict(grpc_server.SERVER_OPTIONS)
    assert server["grpc.http2.min_ping_interval_without_data_ms"] < client["grpc.keepalive_time_ms"]


@pytest.mark.parametrize("interval, timeout", [(0, 100), (1000, 0), (1000, 1000)])
def test_keepalive_refuses_nonsense(interval: int, timeout: int) -> None:
    with pytest.raises(ValueError, match="keepalive"):
        Keepalive(ping_interval_ms=interval, ping_timeout_ms=timeout)


if __name__ == "__main__":
    interval_ms, idle = int(sys.argv[1]), float(sys.argv[2])
    report = run_scenario(Keepalive(ping_interval_ms=interval_ms, ping_timeout_ms=interval_ms // 2),
                          idle)
    print(json.dumps(report))
