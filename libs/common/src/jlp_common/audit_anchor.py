"""Anchoring the audit hash chain outside the database: signed checkpoints and signed anchors.

The hash chain (audit_chain.py) only catches someone who cannot rewrite every later record: a
user with write access to the service's database can change a record, recompute every later
hash and the head, and the chain verifies again. So a periodic job signs the chain head —
chain name, seq, hash, the head record's time and the signing time — with an HMAC-SHA256 key
(`JLP_<COMPONENT>_AUDIT_ANCHOR_KEY`) that lives in the deployment's Secret, never in the
database. The database user can store, delete or copy checkpoints but cannot make one, so:

- a record that differs from a signed checkpoint was rewritten and re-chained;
- a chain ending before a signed checkpoint lost its tail;
- a purge anchor (where verification starts after retention deleted old records) is signed by
  the purge job with the same key and carries the time of the last record it purged; an anchor
  that is unsigned, altered, or younger than the 184-day retention (audit_chain.RETENTION,
  Cybersecurity Law art. 21) is refused — deleting recent records and calling it retention is
  reported as tampering, and the purge job will not purge past or re-anchor onto such an anchor.

Before signing, the checkpointer verifies the records since the previous checkpoint (or anchor),
so it never launders a rewrite into a new checkpoint. One replica signs at a time
(jlp_common.periodic.Periodic); two racing would write the same `_id` (the seq) anyway.
Each checkpoint can also be handed to `publish` (e.g. the event bus, subject
`jlp.<domain>.audit.checkpoint`) so a copy exists where the database user cannot reach it;
the database copy is what verification reads. What stays out of reach of a database-only check:
someone deleting the newest checkpoints *and* rewriting the records after the last surviving
one, or wiping the whole chain — the published copies (or an auditor's copy) cover those.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

import mongoengine

from jlp_common.audit_chain import (
    GENESIS_HASH,
    RETENTION,
    AuditEntry,
    ChainHead,
    Verification,
    audit_time,
    purge_cutoff,
    verify_chain,
)
from jlp_common.config import ConfigError, Settings
from jlp_common.timeutil import Clock, as_utc, utc_now

log = logging.getLogger(__name__)

CHECKPOINT_COLLECTION = "audit_checkpoints"
ANCHOR_COLLECTION = "audit_anchor"
ANCHOR_ID = "anchor"
DEFAULT_INTERVAL_S = 300.0
KEY_BYTES = 32


def checkpoint_interval_s(settings: Settings) -> float:
    """JLP_AUDIT_CHECKPOINT_INTERVAL_S: how often a replica signs the trail's head (default 300 s).
    Zero or less would never anchor anything, so it stops start-up rather than disable silently."""
    interval = settings.get_float("JLP_AUDIT_CHECKPOINT_INTERVAL_S", DEFAULT_INTERVAL_S)
    if interval <= 0:
        raise ConfigError("JLP_AUDIT_CHECKPOINT_INTERVAL_S must be positive")
    return interval


def key_variable(component: str) -> str:
    """`video-index` -> `JLP_VIDEO_INDEX_AUDIT_ANCHOR_KEY`: one key per service, so one
    service's key cannot sign another's checkpoints."""
    return f"JLP_{component.upper().replace('-', '_')}_AUDIT_ANCHOR_KEY"


class AuditTampered(Exception):
    """The chain disagrees with its signed checkpoints or anchor: nothing is signed or purged."""


class AnchorKey:
    """The HMAC-SHA256 key signing checkpoints and anchors (32 random bytes)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < KEY_BYTES:
            raise ValueError(f"an audit anchor key needs at least {KEY_BYTES} bytes")
        self._key = key

    def __repr__(self) -> str:
        return "AnchorKey(***)"

    @classmethod
    def from_settings(cls, settings: Settings, component: str) -> AnchorKey:
        """The service's key from its variable (base64 of 32 bytes). Required with a real
        database; with the embedded store a throw-away key (that store forgets everything at
        exit anyway)."""
        return cls(settings.secret_key(key_variable(component), size=KEY_BYTES))

    def sign(self, payload: bytes) -> str:
        return hmac.new(self._key, payload, hashlib.sha256).hexdigest()

    def verify(self, payload: bytes, mac: str) -> bool:
        return hmac.compare_digest(self.sign(payload), mac or "")


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _iso(t: datetime) -> str:
    return audit_time(t).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Checkpoint:
    """The chain head at `made_at`: record `seq` (written at `head_time`) had hash `hash`."""

    chain: str
    seq: int
    hash: str
    head_time: datetime
    made_at: datetime
    mac: str = field(default="", compare=False)

    def payload(self) -> bytes:
        return _canonical({"kind": "checkpoint", "chain": self.chain, "seq": self.seq,
                           "hash": self.hash, "head_time": _iso(self.head_time),
                           "made_at": _iso(self.made_at)})

    def signed(self, key: AnchorKey) -> Checkpoint:
        return replace(self, mac=key.sign(self.payload()))

    def document(self) -> dict[str, Any]:
        return {"_id": self.seq, "chain": self.chain, "hash": self.hash,
                "head_time": audit_time(self.head_time), "made_at": audit_time(self.made_at),
                "mac": self.mac, "published": False}

    @classmethod
    def of_document(cls, d: dict[str, Any]) -> Checkpoint:
        return cls(d.get("chain", ""), int(d["_id"]), d.get("hash", ""), as_utc(d["head_time"]),
                   as_utc(d["made_at"]), d.get("mac", ""))

    def event(self) -> dict[str, str | int]:
        """The published form (what an auditor keeps to check the chain independently)."""
        return {"chain": self.chain, "seq": self.seq, "hash": self.hash,
                "head_time": _iso(self.head_time), "made_at": _iso(self.made_at),
                "mac": self.mac}


@dataclass(frozen=True)
class SignedAnchor:
    """Where verification starts after a purge: the last purged record (seq, hash, time)."""

    chain: str
    seq: int
    hash: str
    time: datetime
    mac: str = field(default="", compare=False)

    @property
    def head(self) -> ChainHead:
        return ChainHead(self.seq, self.hash)

    def payload(self) -> bytes:
        return _canonical({"kind": "anchor", "chain": self.chain, "seq": self.seq,
                           "hash": self.hash, "time": _iso(self.time)})

    def signed(self, key: AnchorKey) -> SignedAnchor:
        return replace(self, mac=key.sign(self.payload()))


def anchor_problem(anchor: SignedAnchor, key: AnchorKey, chain: str, now: datetime) -> str:
    """Why `anchor` cannot be trusted ("" when it can).

    The anchor is the one place a database writer could otherwise declare "everything up to
    here was purged"; signed and at least RETENTION old, it can only be what the purge job
    wrote for records it was allowed to delete.
    """
    if anchor.chain != chain or not anchor.mac:
        return f"the purge anchor at record {anchor.seq} is not signed for chain {chain!r}"
    if not key_ok(key, anchor.payload(), anchor.mac):
        return f"the purge anchor at record {anchor.seq} does not match its signature (forged)"
    if audit_time(anchor.time) >= purge_cutoff(now):
        return (f"the purge anchor at record {anchor.seq} ({_iso(anchor.time)}) is younger than "
                f"the {RETENTION.days}-day retention: recent records were deleted")
    return ""


def key_ok(key: AnchorKey, payload: bytes, mac: str) -> bool:
    return key.verify(payload, mac)


class ChainReader(Protocol):
    """What a service's audit store gives the anchoring: its records in seq order."""

    def records_after(self, seq: int) -> Iterable[tuple[AuditEntry, str]]:
        """Records with seq > `seq`, ascending, each with its stored hash."""
        ...


def _default_db() -> Any:
    return mongoengine.get_db()


class AuditAnchors:
    """Signed checkpoints and the signed purge anchor of one chain, beside it in its database.

    `chain` names the chain inside the MAC (the component), so a checkpoint of one service is
    never valid for another even if keys were shared. `publish` (optional) receives each new
    checkpoint; one that fails stays marked unpublished and is retried at the next run.
    """

    def __init__(self, chain: str, key: AnchorKey, *, clock: Clock = utc_now,
                 database: Callable[[], Any] = _default_db,
                 publish: Callable[[Checkpoint], None] | None = None) -> None:
        self.chain, self.key, self.clock = chain, key, clock
        self._database, self._publish = database, publish

    # --- storage -----------------------------------------------------------------------------
    def _checkpoints(self) -> Any:
        return self._database()[CHECKPOINT_COLLECTION]

    def _anchors(self) -> Any:
        return self._database()[ANCHOR_COLLECTION]

    def anchor(self) -> SignedAnchor | None:
        d = self._anchors().find_one({"_id": ANCHOR_ID})
        if d is None:
            return None
        return SignedAnchor(d.get("chain", ""), int(d.get("seq", 0)), d.get("hash", GENESIS_HASH),
                            as_utc(d["time"]) if d.get("time") else self.clock(), d.get("mac", ""))

    def latest_checkpoint(self) -> Checkpoint | None:
        d = self._checkpoints().find_one({}, sort=[("_id", -1)])
        return Checkpoint.of_document(d) if d else None

    def checkpoints_after(self, seq: int) -> list[Checkpoint]:
        return [Checkpoint.of_document(d)
                for d in self._checkpoints().find({"_id": {"$gt": seq}}).sort("_id", 1)]

    # --- verification ------------------------------------------------------------------------
    def start(self) -> ChainHead:
        """Where the chain starts: genesis, or a trusted purge anchor (AuditTampered if not)."""
        anchor = self.anchor()
        if anchor is None:
            return ChainHead()
        problem = anchor_problem(anchor, self.key, self.chain, self.clock())
        if problem:
            raise AuditTampered(problem)
        young = self._checkpoints().find_one({"_id": {"$lte": anchor.seq},
                                              "head_time": {"$gte": purge_cutoff(self.clock())}})
        if young is not None:
            raise AuditTampered(f"the purge anchor at record {anchor.seq} covers record "
                                f"{young['_id']}, which a checkpoint saw younger than the "
                                f"{RETENTION.days}-day retention")
        return anchor.head

    def signed_hashes(self, after: int) -> dict[int, str]:
        """seq -> hash of every checkpoint after `after`, each checked against the key."""
        out: dict[int, str] = {}
        for cp in self.checkpoints_after(after):
            if cp.chain != self.chain or not key_ok(self.key, cp.payload(), cp.mac):
                raise AuditTampered(f"the checkpoint at record {cp.seq} does not match its "
                                    "signature (forged)")
            out[cp.seq] = cp.hash
        return out

    def verify(self, reader: ChainReader) -> Verification:
        """The whole chain from its anchor, against every signed checkpoint after it."""
        try:
            start = self.start()
            signed = self.signed_hashes(start.seq)
        except AuditTampered as exc:
            anchor = self.anchor()
            return Verification(False, 0, anchor.seq if anchor else 0, str(exc))
        return verify_chain(reader.records_after(start.seq), start, signed)

    # --- the periodic job ----------------------------------------------------------------------
    def checkpoint(self, reader: ChainReader) -> Checkpoint | None:
        """Verify the records since the last checkpoint, then sign the newest one.

        Returns the new checkpoint, or None when the head has not moved. Raises AuditTampered
        (nothing signed) when the records since the last checkpoint do not follow from it.
        """
        latest = self.latest_checkpoint()
        if latest is not None and not key_ok(self.key, latest.payload(), latest.mac):
            raise AuditTampered(f"the checkpoint at record {latest.seq} does not match its "
                                "signature (forged)")
        anchored = self.start()
        if latest is not None and latest.seq <= anchored.seq:
            latest = None  # everything it saw was purged
        start = ChainHead(latest.seq, latest.hash) if latest else anchored
        last: list[tuple[AuditEntry, str]] = []

        def remembering(records: Iterable[tuple[AuditEntry, str]]
                        ) -> Iterator[tuple[AuditEntry, str]]:
            for record in records:
                last[:] = [record]
                yield record

        result = verify_chain(remembering(reader.records_after(start.seq)), start)
        if not result.ok:
            raise AuditTampered(f"record {result.first_bad_seq}: {result.reason}")
        if latest is not None and not self._has(reader, latest):
            raise AuditTampered(f"record {latest.seq} is missing or differs from the last signed "
                                "checkpoint (rewritten)")
        if last:
            entry, digest = last[0]
            cp = Checkpoint(self.chain, entry.seq, digest, entry.time, self.clock()).signed(self.key)
            try:
                self._checkpoints().insert_one(cp.document())
            except Exception as exc:  # noqa: BLE001 - a racing replica signed the same record
                if "duplicate" not in str(exc).lower() and "E11000" not in str(exc):
                    raise
            else:
                log.info("audit chain checkpoint signed",
                         extra={"chain": self.chain, "seq": cp.seq})
        else:
            cp = None
        self.publish_pending()
        return cp

    def _has(self, reader: ChainReader, cp: Checkpoint) -> bool:
        """True if the record the checkpoint signed is still stored, unchanged."""
        for entry, digest in reader.records_after(cp.seq - 1):
            return entry.seq == cp.seq and digest == cp.hash
        return False

    def publish_pending(self) -> int:
        """Hand unpublished checkpoints to `publish`, oldest first; stops at the first failure."""
        if self._publish is None:
            return 0
        sent = 0
        for d in self._checkpoints().find({"published": False}).sort("_id", 1):
            try:
                self._publish(Checkpoint.of_document(d))
            except Exception:  # noqa: BLE001 - retried at the next run
                log.warning("audit checkpoint not published yet",
                            extra={"chain": self.chain, "seq": d["_id"]})
                break
            self._checkpoints().update_one({"_id": d["_id"]}, {"$set": {"published": True}})
            sent += 1
        return sent

    # --- retention -----------------------------------------------------------------------------
    def plan_purge(self, reader: ChainReader, last_old: AuditEntry, last_old_hash: str
                   ) -> SignedAnchor:
        """The signed anchor for purging through `last_old`, after checking it may be purged.

        Refuses (AuditTampered) when the current anchor is untrusted, the chain does not verify
        against its checkpoints (purging would destroy the evidence), or `last_old` is not older
        than RETENTION.
        """
        now = self.clock()
        result = self.verify(reader)
        if not result.ok:
            raise AuditTampered(f"not purging: the chain does not verify (record "
                                f"{result.first_bad_seq}: {result.reason})")
        if audit_time(last_old.time) >= purge_cutoff(now):
            raise AuditTampered(f"not purging: record {last_old.seq} ({_iso(last_old.time)}) is "
                                f"younger than the {RETENTION.days}-day retention")
        current = self.anchor()
        if current is not None and last_old.seq <= current.seq:
            raise AuditTampered(f"not purging: record {last_old.seq} is at or before the "
                                f"current anchor ({current.seq})")
        return SignedAnchor(self.chain, last_old.seq, last_old_hash, last_old.time).signed(self.key)

    def set_anchor(self, anchor: SignedAnchor) -> None:
        """Store the anchor (before deleting what it covers: an interrupted delete leaves
        records verification skips) and drop the checkpoints it makes useless."""
        self._anchors().update_one(
            {"_id": ANCHOR_ID},
            {"$set": {"chain": anchor.chain, "seq": anchor.seq, "hash": anchor.hash,
                      "time": audit_time(anchor.time), "mac": anchor.mac}}, upsert=True)
        self._checkpoints().delete_many({"_id": {"$lt": anchor.seq}})


CHECKPOINT_DATASCHEMA = "urn:jlp:audit-checkpoint:v1"


def checkpoint_subject(domain: str) -> str:
    """`identity` -> `jlp.identity.audit_checkpoint.signed`: under the service's own domain
    (the only subjects its NATS user may publish, ADR 0111), in its stream `JLP_<DOMAIN>`."""
    from jlp_common.subjects import subject

    return subject(domain, "audit_checkpoint", "signed")


def bus_publisher(bus: Any, domain: str) -> Callable[[Checkpoint], None]:
    """`publish` for AuditAnchors over the event bus (jlp_common.events.EventBus).

    The event id is derived from chain and seq, so a re-publication after a lost ack is
    dropped by JetStream's duplicate window. Keeping the copies as long as the audit
    retention needs the stream's max age (JLP_NATS_STREAM_MAX_AGE_HOURS, a week by default)
    or an archive consuming the subject; see docs/adr/0113.
    """
    from jlp_common.events import envelope as ce

    subject = checkpoint_subject(domain)

    def publish(cp: Checkpoint) -> None:
        event_id = f"audit-checkpoint-{cp.chain}-{cp.seq}"
        env = ce.build(event_id=event_id, source=bus.source, subject=subject,
                       data=cp.event(), dataschema=CHECKPOINT_DATASCHEMA, time=cp.made_at,
                       subject_ref=f"audit/{cp.seq}")
        bus.publish_envelope(subject, env)

    return publish
