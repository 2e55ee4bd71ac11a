"""API10:2023 Unsafe Consumption of APIs: a service trusts nothing another service publishes.
For every durable consumer of the running suite (found on the NATS server, so a new consumer
is covered as it is created) that reads another domain's stream, malformed events are
published on the subjects it filters: each lands in the dead-letter stream JLP_DEADLETTER
(marked with its stream and sequence), and every service stays SERVING."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import nats
import pytest

from jlp_common.events.streams import DEADLETTER_SUBJECT_PREFIX

pytestmark = pytest.mark.e2e
DEADLINE_S = 45.0


def poison() -> dict[str, tuple[bytes, dict[str, str]]]:
    good = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "/jlp/attacker", "type": "cn.gov.cq.jlp.x",
            "time": "2026-11-24T08:00:00Z", "data": {}}
    return {
        "not JSON": (b"\xff\xfe not json", {}),
        "a JSON array": (b"[1, 2, 3]", {}),
        "no specversion": (json.dumps({k: v for k, v in good.items() if k != "specversion"}).encode(), {}),
        "subject is a number": (json.dumps({**good, "subject": 7}).encode(), {}),
        "data is a string": (json.dumps({**good, "data": "DROP TABLE"}).encode(), {}),
        "nested 100,000 deep": (b"[" * 100_000, {}),
    }


def concrete(subject: str) -> str:
    return ".".join("probe" if t in ("*", ">") else t for t in subject.split("."))


async def probe(nats_url: str) -> tuple[list[tuple[str, str, int, str]], set[tuple[str, int]]]:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    published: list[tuple[str, str, int, str]] = []
    try:
        for stream in await js.streams_info():
            name = stream.config.name
            if name == "JLP_DEADLETTER" or not name.startswith("JLP_"):
                continue
            domain = name.removeprefix("JLP_").lower()
            for consumer in await js.consumers_info(name):
                cfg = consumer.config
                if not cfg.durable_name or cfg.durable_name.startswith(domain):
                    continue  # the stream owner's own consumers are not "another service"
                subjects = list(cfg.filter_subjects or []) or [cfg.filter_subject or f"jlp.{domain}.>"]
                for kind, (payload, headers) in poison().items():
                    ack = await js.publish(concrete(subjects[0]), payload, stream=name,
                                           headers={**headers, "Nats-Msg-Id": str(uuid.uuid4())})
                    published.append((name, cfg.durable_name, ack.seq, kind))
        parked: set[tuple[str, int]] = set()
        wanted = {(s, q) for s, _, q, _ in published}
        sub = await js.subscribe(f"{DEADLETTER_SUBJECT_PREFIX}.>", ordered_consumer=True)
        deadline = time.monotonic() + DEADLINE_S
        while not wanted <= parked and time.monotonic() < deadline:
            try:
                msg = await sub.next_msg(timeout=1.0)
            except nats.errors.TimeoutError:
                continue
            h = msg.headers or {}
            if "Jlp-Dlq-Stream" in h:
                parked.add((h["Jlp-Dlq-Stream"], int(h["Jlp-Dlq-Sequence"])))
        await sub.unsubscribe()
        return published, parked
    finally:
        await nc.close()


def test_malformed_events_from_another_service_are_dead_lettered(suite, api, figures):
    published, parked = asyncio.run(probe(suite.nats_url))
    consumers = {c for _, c, _, _ in published}
    missing = [f"{c} ← {s} #{q} ({kind})" for s, c, q, kind in published if (s, q) not in parked]
    ready = api.call("GET", "/readyz")
    figures("API10 unsafe consumption", f"{len(published)} malformed events to {len(consumers)} cross-domain "
            f"consumers ({', '.join(sorted(consumers))}): {len(published) - len(missing)} dead-lettered; "
            f"services after: {ready.status_code} {ready.json().get('services')}")
    assert len(consumers) >= 2
    assert not missing, missing
    assert ready.status_code == 200 and set(ready.json()["services"].values()) == {"SERVING"}
