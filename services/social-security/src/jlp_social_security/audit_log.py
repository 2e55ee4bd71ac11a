"""The audit trail of personal records in the store: jlp_common.audit_chain entries, one
document each, `seq` as the primary key.

Appending inserts seq + 1 after the head this process last wrote or read (read from the store
only at first and after losing a race); two concurrent appends — threads or replicas — collide
on the key and the loser re-reads the head and retries, so the chain never forks. An append is its own
write after the change it records (no transactions): a crash between the two can lose an audit
entry but never record a change that did not happen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from jlp_common.audit_chain import AuditEntry, ChainHead, Verification, verify_chain
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
    def __init__(self, tokens: PageTokens, clock: Callable[[], datetime] = utc_now) -> None:
        self.tokens, self.clock = tokens, clock
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

    def verify(self) -> Verification:
        return verify_chain(entry_of(d) for d in self.collection().find({}).sort("_id", 1))
