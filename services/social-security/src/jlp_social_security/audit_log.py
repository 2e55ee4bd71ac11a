"""The audit trail of personal records in the store: jlp_common.audit_chain entries, one
document each, `seq` as the primary key.

Appending inserts seq + 1 after the head this process last wrote or read (read from the store
only at first and after losing a race); two concurrent appends — threads or replicas — collide
on the key and the loser re-reads the head and retries, so the chain never forks. An append is its own
write after the change it records (no transactions): a crash between the two can lose an audit
entry but never record a change that did not happen.

Anchored outside the database (jlp_common.audit_anchor, ADR 0113): a periodic job signs the head
with JLP_SOCIAL_SECURITY_AUDIT_ANCHOR_KEY; `verify` compares the records with the signed
checkpoints, so a rewrite re-chained by someone with write access to the database is reported.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from jlp_common.audit_anchor import AnchorKey, AuditAnchors
from jlp_common.audit_chain import AuditEntry, ChainHead, Verification
from jlp_common.errors import Unavailable
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, utc_now
from jlp_social_security.domain.audit import change_entry
from jlp_social_security.models import AuditRecord
from jlp_social_security.store import insert_absent

MAX_ATTEMPTS = 20


def entry_of(d: Mapping[str, Any]) -> tuple[AuditEntry, str]:
    return AuditEntry(d["_id"], as_utc(d["time"]), d["actor"], d["action"], d["object"], d.get("result", "ok"),
                      d.get("source_ip", ""), dict(d.get("details") or {}), d["prev_hash"]), d["hash"]


class AuditLog:
    def __init__(self, tokens: PageTokens, clock: Callable[[], datetime] = utc_now,
                 anchors: AuditAnchors | None = None) -> None:
        """`anchors` default: a throw-away key (tests, the embedded store); the app passes the
        service's key."""
        self.tokens, self.clock = tokens, clock
        self.anchors = anchors or AuditAnchors("social-security", AnchorKey(os.urandom(32)), clock=clock)
        self.collection = AuditRecord._get_collection
        self._head: ChainHead | None = None
        self._lock = threading.Lock()

    def head(self) -> ChainHead:
        last = self.collection().find_one({}, sort=[("_id", -1)])
        return ChainHead(last["_id"], last["hash"]) if last else ChainHead()

    def record(self, *, actor: str, action: str, object: str, old_values: Mapping[str, str] | None = None,
               new_values: Mapping[str, str] | None = None, purpose: str = "") -> int:
        """Append one entry; returns its seq."""
        for _ in range(MAX_ATTEMPTS):
            with self._lock:
                head = self._head or self.head()
            entry, digest = change_entry(head, time=self.clock(), actor=actor or "unknown", action=action,
                                         object=object, old_values=old_values, new_values=new_values,
                                         purpose=purpose)
            doc = {"_id": entry.seq, "time": entry.time, "actor": entry.actor, "action": entry.action,
                   "object": entry.object, "result": entry.result, "source_ip": entry.source_ip,
                   "details": dict(entry.details), "prev_hash": entry.prev_hash, "hash": digest}
            inserted = insert_absent(self.collection(), doc)
            with self._lock:
                self._head = ChainHead(entry.seq, digest) if inserted else None
            if inserted:
                return entry.seq
        raise Unavailable("the audit trail is too busy; try again")

    def list(self, requested_size: int, token: str, object: str = "") -> tuple[list[dict], str]:
        size = page_size(requested_size)
        query = {"object": object} if object else {}
        position = self.tokens.decode(token, query)
        find: dict[str, Any] = dict(query)
        if position:
            find["_id"] = {"$lt": position["seq"]}
        fetched = list(self.collection().find(find).sort("_id", -1).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"seq": d["_id"]}, query)

    def records_after(self, seq: int, batch: int = 1000) -> Iterator[tuple[AuditEntry, str]]:
        """Entries after `seq` in order (the chain reader of jlp_common.audit_anchor)."""
        while True:
            docs = list(self.collection().find({"_id": {"$gt": seq}}).sort("_id", 1).limit(batch))
            if not docs:
                return
            for d in docs:
                yield entry_of(d)
            seq = docs[-1]["_id"]

    def verify(self) -> Verification:
        """From the start (or signed anchor), against the signed checkpoints."""
        return self.anchors.verify(self)

    def checkpoint(self) -> None:
        """Sign the head (the periodic job; AuditTampered when the chain does not verify)."""
        self.anchors.checkpoint(self)
