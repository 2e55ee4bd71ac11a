"""The stream-access audit trail: append-only, hash-chained (jlp_common.audit_chain), answering
who (actor, department), when, why (purpose, legal basis, decision note) and where (client
address, media server) for every request, decision, token, play check and revocation (PIPL
art. 26). Appends are serialised by the record's primary key (its sequence number): a second
writer of the same number collides and retries on the new head.

Anchored outside the database (jlp_common.audit_anchor, ADR 0113): a periodic job signs the head
with JLP_VIDEO_INDEX_AUDIT_ANCHOR_KEY; `verify` compares the records with the signed checkpoints,
so a rewrite re-chained by someone with write access to the database is reported.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping

from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.audit_anchor import AnchorKey, AuditAnchors
from jlp_common.audit_chain import GENESIS_HASH, AuditEntry, ChainHead, Verification, next_entry
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock, as_utc
from jlp_video_index.models import AuditHead, AuditRecord

HEAD = "head"
ATTEMPTS = 20


def entry_of(doc: AuditRecord) -> AuditEntry:
    return AuditEntry(doc.id, as_utc(doc.time), doc.actor, doc.action, doc.object, doc.result, doc.source_ip,
                      dict(doc.details), doc.prev_hash)


class AuditTrail:
    def __init__(self, clock: Clock, tokens: PageTokens, anchors: AuditAnchors | None = None) -> None:
        """`anchors` default: a throw-away key (tests, the embedded store); the app passes the
        service's key."""
        self.clock, self.tokens = clock, tokens
        self.anchors = anchors or AuditAnchors("video-index", AnchorKey(os.urandom(32)), clock=clock)
        self._lock = threading.Lock()

    def _head(self) -> ChainHead:
        newest = AuditRecord.objects.order_by("-id").only("id", "hash").first()
        return ChainHead(newest.id, newest.hash) if newest else ChainHead(0, GENESIS_HASH)

    def record(self, action: str, *, actor: str, target: str, result: str = "ok", origin: str = "",
               details: Mapping[str, object] | None = None) -> AuditRecord:
        facts = {k: str(v)[:500] for k, v in (details or {}).items() if v not in (None, "")}
        with self._lock:
            for _ in range(ATTEMPTS):
                head = self._head()
                entry, digest = next_entry(head, time=self.clock(), actor=actor, action=action, object=target,
                                           result=result, source_ip=origin, details=facts)
                doc = AuditRecord(id=entry.seq, time=entry.time, actor=actor, action=action, object=target,
                                  result=result, source_ip=origin, details=facts, prev_hash=entry.prev_hash,
                                  hash=digest)
                try:
                    with atomic():
                        doc.save(force_insert=True)
                except DuplicateKeyError:
                    continue  # another replica appended first: link to the new head
                with atomic():
                    AuditHead.objects(id=HEAD).update_one(set__seq=entry.seq, set__hash=digest, upsert=True)
                return doc
        raise RuntimeError("could not append to the audit trail (contention)")

    def list(self, *, target: str = "", actor: str = "", size: int, token: str) -> tuple[list[AuditRecord], str]:
        size = page_size(size, default=100)
        query = {"t": target, "a": actor}
        position = self.tokens.decode(token, query)
        q = Q()
        if target:
            q &= Q(object=target)
        if actor:
            q &= Q(actor=actor)
        if position:
            q &= Q(id__gt=position["seq"])
        found = list(AuditRecord.objects(q).order_by("id").limit(size + 1))
        return self.tokens.page(found, size, lambda d: {"seq": d.id}, query)

    def records_after(self, seq: int, batch: int = 1000) -> Iterator[tuple[AuditEntry, str]]:
        """Records after `seq` in order (the chain reader of jlp_common.audit_anchor)."""
        while True:
            docs = list(AuditRecord.objects(id__gt=seq).order_by("id").limit(batch))
            if not docs:
                return
            for doc in docs:
                yield entry_of(doc), doc.hash
            seq = docs[-1].id

    def verify(self) -> Verification:
        """From the start (or signed anchor), against the signed checkpoints."""
        return self.anchors.verify(self)

    def checkpoint(self) -> None:
        """Sign the head (the periodic job; AuditTampered when the chain does not verify)."""
        self.anchors.checkpoint(self)
