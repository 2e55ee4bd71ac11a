"""Make every JetStream stream of the suite exist and carry the configured replica count.

Run by the chart's post-install/post-upgrade Job in a component image (it has nats-py). Services
create their streams on start-up; this Job is the safety net the 2025 Jepsen analysis of NATS
calls for: a stream with one replica loses acknowledged writes when its node does. It creates
the domain streams that do not exist yet and sets num_replicas on every stream whose name starts
with JLP_ (the dead-letter streams included), through the raw JetStream API so that stream
settings this script does not know about are kept as they are.

Environment: JLP_NATS_URL, JLP_STREAMS (JSON list of {name, subjects}), JLP_NATS_STREAM_REPLICAS,
JLP_STREAMS_TIMEOUT (seconds to wait for the servers, default 300).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import nats
from nats.errors import NoServersError

PREFIX = "JLP_"
API = "$JS.API"


async def connect(url: str, deadline: float) -> nats.NATS:
    """Connect, retrying while the cluster comes up (the Job may start before NATS is ready)."""
    while True:
        try:
            return await nats.connect(url, connect_timeout=5, allow_reconnect=False)
        except (OSError, NoServersError, asyncio.TimeoutError) as exc:
            if time.monotonic() > deadline:
                raise SystemExit(f"NATS not reachable: {exc}") from exc
            print(f"waiting for NATS: {exc}", flush=True)
            await asyncio.sleep(3)


STREAM_NOT_FOUND = 10059
STREAM_NAME_IN_USE = 10058  # a service created it between our INFO and CREATE


async def api(
    nc: nats.NATS, subject: str, payload: dict | None = None, tolerate: tuple[int, ...] = ()
) -> dict:
    """One JetStream API call; raises on an API error whose code is not in `tolerate`."""
    msg = await nc.request(f"{API}.{subject}", json.dumps(payload or {}).encode(), timeout=10)
    reply = json.loads(msg.data)
    error = reply.get("error")
    if error and error.get("err_code") not in tolerate:
        raise RuntimeError(f"{subject}: {error.get('description')} ({error.get('err_code')})")
    return reply


async def ensure(nc: nats.NATS, replicas: int, definitions: list[dict]) -> list[str]:
    """Create missing streams, then set the replica count of every JLP_* stream; returns a log."""
    done: list[str] = []
    for spec in definitions:
        info = await api(nc, f"STREAM.INFO.{spec['name']}", tolerate=(STREAM_NOT_FOUND,))
        if info.get("error"):
            config = {
                "name": spec["name"],
                "subjects": spec["subjects"],
                "retention": "limits",
                "storage": "file",
                "discard": "old",
                "num_replicas": replicas,
                "duplicate_window": 120 * 10**9,
            }
            created = await api(
                nc, f"STREAM.CREATE.{spec['name']}", config, tolerate=(STREAM_NAME_IN_USE,)
            )
            if not created.get("error"):
                done.append(f"created {spec['name']} with {replicas} replicas")
    names = (await api(nc, "STREAM.NAMES")).get("streams") or []
    for name in sorted(n for n in names if n.startswith(PREFIX)):
        config = (await api(nc, f"STREAM.INFO.{name}"))["config"]
        current = config.get("num_replicas", 1)
        if current != replicas:
            config["num_replicas"] = replicas
            await api(nc, f"STREAM.UPDATE.{name}", config)
            done.append(f"{name}: replicas {current} -> {replicas}")
        else:
            done.append(f"{name}: {replicas} replicas")
    return done


async def main() -> int:
    deadline = time.monotonic() + float(os.environ.get("JLP_STREAMS_TIMEOUT", "300"))
    replicas = int(os.environ.get("JLP_NATS_STREAM_REPLICAS", "3"))
    definitions = json.loads(os.environ.get("JLP_STREAMS", "[]"))
    nc = await connect(os.environ["JLP_NATS_URL"], deadline)
    try:
        for line in await ensure(nc, replicas, definitions):
            print(line, flush=True)
    finally:
        await nc.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
