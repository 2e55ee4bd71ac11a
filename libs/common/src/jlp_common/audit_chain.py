"""The audit trail as a hash chain: each record commits to the one before it.

hash(n) = SHA-256 of the canonical JSON of record n's fields including hash(n-1), so changing,
removing or reordering any stored record breaks every later link, and `verify_chain` points at
the first record that no longer matches. Canonical JSON: keys sorted, no whitespace, UTF-8,
times in UTC with millisecond precision (what MongoDB stores, so a read-back record hashes the
same as the written one).

Retention (Cybersecurity Law art. 21: network logs kept at least six months): records are never
deleted before RETENTION; a purge may drop older ones, leaving an *anchor* (seq and hash of the
last purged record) from which verification continues.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jlp_common.timeutil import as_utc

GENESIS_HASH = "0" * 64
RETENTION = timedelta(days=184)


def audit_time(now: datetime) -> datetime:
    """`now` in UTC truncated to milliseconds (MongoDB's datetime precision)."""
    now = as_utc(now)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class AuditEntry:
    """One record of the chain as hashed."""

    seq: int
    time: datetime
    actor: str
    action: str
    object: str
    result: str
    source_ip: str
    details: Mapping[str, str] = field(default_factory=dict)
    prev_hash: str = GENESIS_HASH

    def canonical(self) -> bytes:
        body = {
            "seq": self.seq,
            "time": audit_time(self.time).isoformat(timespec="milliseconds"),
            "actor": self.actor, "action": self.action, "object": self.object,
            "result": self.result, "source_ip": self.source_ip,
            "details": {str(k): str(v) for k, v in self.details.items()},
            "prev_hash": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    """The last record of the chain (or the purge anchor): where the next record links."""

    seq: int = 0
    hash: str = GENESIS_HASH


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad_seq: int = 0
    reason: str = ""


def next_entry(head: ChainHead, *, time: datetime, actor: str, action: str, object: str,
               result: str, source_ip: str, details: Mapping[str, str] | None = None
               ) -> tuple[AuditEntry, str]:
    """The record that follows `head`, and its hash."""
    entry = AuditEntry(head.seq + 1, audit_time(time), actor, action, object, result,
                       source_ip, dict(details or {}), head.hash)
    return entry, entry.compute_hash()


def verify_chain(records: Iterable[tuple[AuditEntry, str]],
                 anchor: ChainHead = ChainHead(),
                 signed: Mapping[int, str] | None = None) -> Verification:
    """Check records (in seq order, each with its stored hash) link up from `anchor`.

    `signed` maps seq -> hash of signed checkpoints kept outside the records' reach
    (jlp_common.audit_anchor): links alone only catch someone who cannot rewrite every later
    record, while a record that differs from a checkpoint was rewritten and re-chained, and a
    chain ending before a checkpoint lost its tail.
    """
    signed = signed or {}
    expected_seq, prev = anchor.seq + 1, anchor.hash
    checked = 0
    for entry, stored_hash in records:
        checked += 1
        if entry.seq != expected_seq:
            return Verification(False, checked, expected_seq,
                                f"record {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != prev:
            return Verification(False, checked, entry.seq, "link to the previous record broken")
        if entry.compute_hash() != stored_hash:
            return Verification(False, checked, entry.seq, "record content does not match its hash")
        if entry.seq in signed and signed[entry.seq] != stored_hash:
            return Verification(False, checked, entry.seq,
                                "record differs from the signed checkpoint (the chain was "
                                "rewritten and re-chained)")
        expected_seq, prev = entry.seq + 1, stored_hash
    beyond = [seq for seq in signed if seq >= expected_seq]
    if beyond:
        return Verification(False, checked, expected_seq,
                            f"records {expected_seq}..{max(beyond)} are missing (a signed "
                            f"checkpoint saw record {max(beyond)})")
    return Verification(True, checked)


def purge_cutoff(now: datetime) -> datetime:
    """Records strictly older than this may be purged; never anything younger than RETENTION."""
    return audit_time(now) - RETENTION
