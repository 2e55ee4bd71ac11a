"""Application-level reconciliation: what a service published vs. what the stream and consumers hold.

Why (issue 15; the 2025 Jepsen analysis of NATS 2.10/2.12): a JetStream publish ack is not a
proof that the message stays in the stream. Jepsen lost acknowledged writes (file-store
corruption, coordinated crashes with the default 2-minute fsync), and an operator can delete a
range by mistake (`nats stream rmm`, a purge, a too-short max age). The platform's promise "an
event recorded with its change is delivered" therefore needs a check at the application level:

1. The outbox relay writes every event it published to the service's ledger (`SentEvent`,
   collection `jlp_outbox_sent`, kept `LEDGER_RETENTION_S`) before pulling it off the outbox.
2. `Reconciler.run` lists the ledger's events older than `settle_s` (still in flight otherwise),
   reads the event ids the stream holds (`Nats-Msg-Id` headers, headers-only ephemeral consumer),
   and, for consumers whose processed ids are given, which ledger events they never processed.
3. Every event missing from the stream is re-published with the same CloudEvents id. Consumers
   are idempotent by that id (`Processed`), so a repair that races a slow original is harmless.
   JetStream may still remember the id in its duplicate window (deleting a message does not
   forget its `Nats-Msg-Id`) and then acks the re-publish as a duplicate without storing it; the
   repair is then published under `<id>.repair-<n>` as Nats-Msg-Id, the envelope (and so the
   CloudEvents id consumers de-duplicate on) unchanged.

Run per service: `python -m jlp_common.events.reconcile --service grid-event [--since-hours 24]
[--consumer grid-event-alerts ...] [--dry-run]` (the service's JLP_* settings: its database and
NATS). The pure comparison is `find_gaps`; the I/O lives in `Reconciler`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import mongoengine as me
from pymongo.errors import BulkWriteError

from jlp_common.events import envelope as ce
from jlp_common.timeutil import utc_now

log = logging.getLogger(__name__)
DUPLICATE_KEY = 11000  # MongoDB's E11000: the id is recorded already

LEDGER_COLLECTION = "jlp_outbox_sent"
LEDGER_RETENTION_S = 7 * 24 * 3600  # as long as a domain stream keeps events (streams.py)
DEFAULT_SETTLE_S = 30.0  # younger events may still be on their way to a consumer
REPAIR_SUFFIX = ".repair-"


class SentEvent(me.Document):
    """One event the outbox relay published: enough to publish it again byte-for-byte."""

    id = me.StringField(primary_key=True)  # the CloudEvents id (= Nats-Msg-Id)
    subject = me.StringField(required=True)
    envelope = me.StringField(required=True)  # the JSON CloudEvent as published
    stream = me.StringField()
    sequence = me.IntField()
    published = me.DateTimeField(required=True)

    meta = {
        "collection": LEDGER_COLLECTION,
        "indexes": [
            {"fields": ["published"], "expireAfterSeconds": LEDGER_RETENTION_S,
             "name": "published_ttl"},
        ],
    }


def record_sent(subject: str, envelope: Mapping[str, Any], stream: str, sequence: int, *,
                now: datetime | None = None) -> None:
    """Record one published event (see `record_sent_many`)."""
    record_sent_many([(subject, envelope, stream, sequence)], now=now)


def record_sent_many(sent: Iterable[tuple[str, Mapping[str, Any], str, int]], *,
                     now: datetime | None = None) -> None:
    """Record a relay pass's published events once each, in one unordered insert: a re-publish
    after a crash finds its entry and keeps it; the others of the pass are still recorded.

    Plain inserts (not upserts): the envelope of an id never changes, and an insert by `_id`
    costs the same whatever the ledger's size. One request per pass rather than per event: a
    round trip per event was the relay's largest cost after the publish itself (issue 16).
    """
    at = now or utc_now()
    documents = [{"_id": str(envelope["id"]), "subject": subject, "stream": stream,
                  "sequence": int(sequence), "published": at,
                  "envelope": ce.to_json(envelope)}
                 for subject, envelope, stream, sequence in sent]
    if not documents:
        return
    try:
        SentEvent._get_collection().insert_many(documents, ordered=False)
    except BulkWriteError as exc:
        others = [e for e in exc.details.get("writeErrors", []) if e.get("code") != DUPLICATE_KEY]
        if others:
            raise


@dataclass(frozen=True)
class Gaps:
    """What a comparison found; ids are CloudEvents ids."""

    checked: int
    missing_from_stream: tuple[str, ...]
    unprocessed: Mapping[str, tuple[str, ...]]  # consumer -> ledger ids it never processed


def find_gaps(recorded: Iterable[str], in_stream: Iterable[str],
              processed: Mapping[str, Iterable[str]] | None = None) -> Gaps:
    """Compare the ledger's ids with the stream's and with each consumer's processed ids.

    An id unprocessed but present in the stream is a lagging (or dead-lettered) consumer, not a
    loss: the stream will deliver it. An id absent from the stream is lost for every consumer
    that has not processed it yet, and only a re-publish brings it back.
    """
    ordered = list(dict.fromkeys(recorded))
    present = set(in_stream)
    missing = tuple(i for i in ordered if i not in present)
    unprocessed = {}
    for consumer, ids in (processed or {}).items():
        done = set(ids)
        unprocessed[consumer] = tuple(i for i in ordered if i not in done)
    return Gaps(len(ordered), missing, unprocessed)


def original_id(msg_id: str) -> str:
    """The CloudEvents id behind a Nats-Msg-Id (a repair's id carries a suffix)."""
    return msg_id.split(REPAIR_SUFFIX, 1)[0]


@dataclass
class Report:
    """The outcome of one reconciliation pass (printed by the CLI, logged by services)."""

    checked: int = 0
    missing_from_stream: list[str] = field(default_factory=list)
    unprocessed: dict[str, list[str]] = field(default_factory=dict)
    republished: list[str] = field(default_factory=list)
    still_missing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "missing_from_stream": len(self.missing_from_stream),
                "unprocessed": {k: len(v) for k, v in self.unprocessed.items()},
                "republished": len(self.republished), "still_missing": len(self.still_missing)}


class Reconciler:
    """Compare a service's ledger with its streams (and consumers' processed ids), repair gaps.

    `processed_ids(consumer)` returns the event ids a consumer processed; by default the
    `Processed` records reachable on this connection (a consumer in the same database).
    """

    def __init__(self, nats_url: str, *, settle_s: float = DEFAULT_SETTLE_S,
                 timeout_s: float = 5.0,
                 processed_ids: Callable[[str], Iterable[str]] | None = None) -> None:
        self._servers = [u.strip() for u in nats_url.split(",") if u.strip()]
        self._settle_s = settle_s
        self._timeout_s = timeout_s
        self._processed_ids = processed_ids or _processed_here

    def recorded(self, since: datetime, until: datetime) -> list[SentEvent]:
        return list(SentEvent.objects(published__gte=since, published__lte=until)
                    .order_by("published"))

    def run(self, *, since: datetime | None = None, consumers: Iterable[str] = (),
            repair: bool = True, now: datetime | None = None) -> Report:
        """One pass over the ledger's events published in [since, now - settle]."""
        now = now or utc_now()
        since = since or now - timedelta(seconds=LEDGER_RETENTION_S)
        events = self.recorded(since, now - timedelta(seconds=self._settle_s))
        return asyncio.run(self._run(events, list(consumers), repair))

    async def _run(self, events: list[SentEvent], consumers: list[str], repair: bool) -> Report:
        import nats

        nc = await nats.connect(servers=self._servers, name="jlp-reconcile",
                                connect_timeout=self._timeout_s, allow_reconnect=False)
        try:
            js = nc.jetstream(timeout=self._timeout_s)
            streams = sorted({e.stream for e in events if e.stream})
            in_stream: set[str] = set()
            for stream in streams:
                in_stream |= await stream_event_ids(js, stream, timeout_s=self._timeout_s)
            gaps = find_gaps([e.id for e in events], in_stream,
                             {c: self._processed_ids(c) for c in consumers})
            report = Report(gaps.checked, list(gaps.missing_from_stream),
                            {c: list(ids) for c, ids in gaps.unprocessed.items()})
            if gaps.missing_from_stream:
                log.warning("events missing from their stream",
                            extra={"missing": len(gaps.missing_from_stream),
                                   "first": gaps.missing_from_stream[0]})
            if repair and gaps.missing_from_stream:
                by_id = {e.id: e for e in events}
                for event_id in gaps.missing_from_stream:
                    await republish(js, by_id[event_id], timeout_s=self._timeout_s)
                    report.republished.append(event_id)
                present: set[str] = set()
                for stream in streams:
                    present |= await stream_event_ids(js, stream, timeout_s=self._timeout_s)
                report.still_missing = [i for i in report.republished if i not in present]
            log.info("reconciled", extra=report.as_dict())
            return report
        finally:
            await nc.close()


async def stream_event_ids(js: Any, stream: str, *, timeout_s: float = 5.0,
                           batch: int = 1000) -> set[str]:
    """The CloudEvents ids a stream holds now, read from headers only by an ephemeral consumer."""
    from nats.errors import TimeoutError as NatsTimeoutError
    from nats.js import api
    from nats.js.errors import NotFoundError

    try:
        info = await js.stream_info(stream)
    except NotFoundError:
        return set()
    if not info.state.messages:
        return set()
    config = api.ConsumerConfig(ack_policy=api.AckPolicy.NONE, deliver_policy=api.DeliverPolicy.ALL,
                                headers_only=True, inactive_threshold=30.0, max_deliver=1)
    psub = await js.pull_subscribe("", durable=None, stream=stream, config=config)
    ids: set[str] = set()
    try:
        while True:
            try:
                messages = await psub.fetch(batch, timeout=timeout_s)
            except (TimeoutError, NatsTimeoutError):
                break
            for msg in messages:
                msg_id = (msg.headers or {}).get("Nats-Msg-Id")
                if msg_id:
                    ids.add(original_id(msg_id))
            if not messages or messages[-1].metadata.num_pending == 0:
                break
    finally:
        try:
            await psub.unsubscribe()
        except Exception as exc:  # noqa: BLE001 - the ephemeral consumer expires anyway
            log.debug("unsubscribe failed", extra={"error": str(exc)})
    return ids


async def republish(js: Any, event: SentEvent, *, timeout_s: float = 5.0) -> int:
    """Publish the recorded envelope again; returns the stream sequence it got.

    If JetStream still remembers the id (duplicate window) it stores nothing and acks a
    duplicate; then the same envelope goes out under a repair Nats-Msg-Id (module docstring).
    """
    from jlp_common.events.envelope import STRUCTURED_CONTENT_TYPE

    payload = event.envelope.encode()
    headers = {"Nats-Msg-Id": event.id, "Content-Type": STRUCTURED_CONTENT_TYPE}
    ack = await js.publish(event.subject, payload, timeout=timeout_s, headers=headers)
    attempt = 0
    while ack.duplicate and attempt < 3:
        attempt += 1
        headers["Nats-Msg-Id"] = f"{event.id}{REPAIR_SUFFIX}{utc_now():%Y%m%dT%H%M%S}-{attempt}"
        ack = await js.publish(event.subject, payload, timeout=timeout_s, headers=headers)
    log.info("event re-published", extra={"event_id": event.id, "sequence": ack.seq,
                                          "repair_id": headers["Nats-Msg-Id"]})
    return int(ack.seq)


def _processed_here(consumer: str) -> list[str]:
    from jlp_common.events.idempotency import Processed

    return [d["event_id"] for d in Processed._get_collection().find({"consumer": consumer},
                                                                    {"event_id": 1})]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reconcile a service's published events with "
                                     "its streams and consumers; re-publish what is missing.")
    parser.add_argument("--service", required=True, help="the service whose ledger is checked")
    parser.add_argument("--since-hours", type=float, default=24.0)
    parser.add_argument("--settle-seconds", type=float, default=DEFAULT_SETTLE_S)
    parser.add_argument("--consumer", action="append", default=[],
                        help="durable whose processed ids live in this service's database")
    parser.add_argument("--dry-run", action="store_true", help="report only, re-publish nothing")
    args = parser.parse_args(argv)

    from jlp_common import db
    from jlp_common.bootstrap import init_process

    settings = init_process(args.service)
    db.connect(args.service, settings.mongo_uri)
    report = Reconciler(settings.nats_url, settle_s=args.settle_seconds).run(
        since=utc_now() - timedelta(hours=args.since_hours), consumers=args.consumer,
        repair=not args.dry_run)
    print(json.dumps(report.as_dict()))
    return 1 if report.still_missing or (args.dry_run and report.missing_from_stream) else 0


if __name__ == "__main__":
    raise SystemExit(main())
