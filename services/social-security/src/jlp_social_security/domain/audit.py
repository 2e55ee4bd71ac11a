"""The hash-chained audit of personal records: every change (old and new values) and every
unmasked read, each record committing to the one before it.

hash(n) = SHA-256 of the canonical JSON of record n including hash(n−1) (keys sorted, no
whitespace, UTF-8, UTC time to the millisecond — what MongoDB stores, so a record read back hashes
the same). Changing, removing or reordering any stored record breaks every later link;
`verify_chain` names the first record that no longer matches. Values are hashed as given: the
service passes the encrypted (or masked) form it stores, so the chain proves the stored trail
without holding plain personal data. Same construction as identity's audit (ADR 0032).

Appending needs the current head (seq, hash); the store appends with a unique `seq`, so of two
concurrent writers one gets the next seq and the other re-reads the head and retries.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


def audit_time(now: datetime) -> datetime:
    """`now` in UTC truncated to milliseconds (MongoDB's datetime precision)."""
    now = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    time: datetime
    actor: str
    action: str  # person.created, person.updated, person.unmasked_read, household.head_changed ...
    object: str  # persons/{id}, households/{id}
    old_values: Mapping[str, str] = field(default_factory=dict)
    new_values: Mapping[str, str] = field(default_factory=dict)
    purpose: str = ""
    prev_hash: str = GENESIS_HASH

    def canonical(self) -> bytes:
        body = {"seq": self.seq, "time": audit_time(self.time).isoformat(timespec="milliseconds"),
                "actor": self.actor, "action": self.action, "object": self.object,
                "old": {str(k): str(v) for k, v in self.old_values.items()},
                "new": {str(k): str(v) for k, v in self.new_values.items()},
                "purpose": self.purpose, "prev_hash": self.prev_hash}
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    seq: int = 0
    hash: str = GENESIS_HASH


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad_seq: int = 0
    reason: str = ""


def next_record(head: ChainHead, *, time: datetime, actor: str, action: str, object: str,
                old_values: Mapping[str, str] | None = None, new_values: Mapping[str, str] | None = None,
                purpose: str = "") -> tuple[AuditRecord, str]:
    """The record that follows `head`, and its hash."""
    record = AuditRecord(head.seq + 1, audit_time(time), actor, action, object, dict(old_values or {}),
                         dict(new_values or {}), purpose, head.hash)
    return record, record.compute_hash()


def verify_chain(records: Iterable[tuple[AuditRecord, str]], anchor: ChainHead = ChainHead()) -> Verification:
    """Check records (in seq order, each with its stored hash) link up from `anchor`."""
    expected, prev, checked = anchor.seq + 1, anchor.hash, 0
    for record, stored in records:
        checked += 1
        if record.seq != expected:
            return Verification(False, checked, expected, f"record {expected} is missing (found {record.seq})")
        if record.prev_hash != prev:
            return Verification(False, checked, record.seq, "link to the previous record broken")
        if record.compute_hash() != stored:
            return Verification(False, checked, record.seq, "record content does not match its hash")
        expected, prev = record.seq + 1, stored
    return Verification(True, checked)
