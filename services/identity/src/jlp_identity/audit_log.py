"""The audit trail: append-only, hash-chained records, queryable by auditors.

Appending is safe with several writers (replicas, threads) without transactions:
1. read the chain head (seq n, hash h) from one small document;
2. insert record n+1 linking to h; a unique index on `seq` lets exactly one writer win n+1,
   a loser re-reads the head and retries;
3. advance the head with a compare-and-set (`seq == n`). If a writer dies between 2 and 3, the
   next writer's insert of n+1 fails, it repairs the head from the newest record and goes on.
The chain therefore never forks and never has gaps. (A counter allocated with `$inc` would give
unique numbers too, but record n+1 could not link to record n before n was written.)

Each record also goes out as the event `jlp.identity.audit.<action>` (see events.py).
Retention: nothing younger than 184 days is ever deleted (jlp_common.audit_chain.RETENTION); `purge`
only drops older records (`python -m jlp_identity.purge_audit`), leaving a signed anchor from which
`verify` continues.

Anchoring outside the database (jlp_common.audit_anchor, ADR 0113): a periodic job signs the
head with JLP_IDENTITY_AUDIT_ANCHOR_KEY, which the database user never sees; `verify` compares
the records with those signed checkpoints, so a rewrite re-chained by someone with write access
to the database is reported, and `purge` refuses an unsigned or young anchor.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common import context as ctx
from jlp_common.audit_anchor import AuditAnchors
from jlp_common.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    ChainHead,
    Verification,
    next_entry,
    purge_cutoff,
)
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock, as_utc
from jlp_identity import events
from jlp_identity.models import AuditChainDoc, AuditRecordDoc

log = logging.getLogger(__name__)
HEAD = "head"  # the chain document (the signed purge anchor is in jlp_common.audit_anchor)
MAX_APPEND_ATTEMPTS = 100


def source_ip() -> str:
    """Caller address: first x-forwarded-for entry set by the gateway, else the gRPC peer."""
    peer = ctx.peer_var.get() or ""
    peer = peer.split(",")[0].strip()
    if peer.startswith(("ipv4:", "ipv6:")):
        peer = peer.split(":", 1)[1]
        if peer.startswith("["):  # ipv6:[::1]:5555
            return peer[1:peer.index("]")]
        return peer.rsplit(":", 1)[0]
    return peer


def current_actor(default: str = "") -> str:
    principal = ctx.current_principal()
    return principal.subject if principal else default


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""
    action: str = ""
    start_time: datetime | None = None
    end_time: datetime | None = None


def entry_of(doc: AuditRecordDoc) -> AuditEntry:
    return AuditEntry(doc.seq, as_utc(doc.time), doc.actor, doc.action, doc.object, doc.result,
                      doc.source_ip, dict(doc.details or {}), doc.prev_hash)


class AuditLog:
    """Writes, reads, verifies and purges the chain."""

    def __init__(self, clock: Clock, page_tokens: PageTokens, anchors: AuditAnchors,
                 on_written: Callable[[], None] = lambda: None) -> None:
        self.clock = clock
        self.page_tokens = page_tokens
        self.anchors = anchors
        self._lock = threading.Lock()  # fewer retries between threads of one replica
        self._on_written = on_written  # e.g. wake the outbox relay

    def ensure_chain(self) -> None:
        """Create the head document once (a no-op when another replica did)."""
        if AuditChainDoc.objects(id=HEAD).first() is None:
            try:
                AuditChainDoc(id=HEAD, seq=0, hash=GENESIS_HASH).save(force_insert=True)
            except (NotUniqueError, DuplicateKeyError):
                pass

    # --- writing --------------------------------------------------------------------------
    def record(self, action: str, *, actor: str | None = None, object: str = "",
               result: str = "ok", details: Mapping[str, object] | None = None,
               ip: str | None = None) -> AuditRecordDoc:
        """Append one record; actor and source IP default to the current request's."""
        facts = {k: str(v) for k, v in (details or {}).items() if v not in (None, "")}
        with self._lock:
            for _ in range(MAX_APPEND_ATTEMPTS):
                head = self._head()
                entry, digest = next_entry(
                    head, time=self.clock(), actor=actor if actor is not None else current_actor(),
                    action=action, object=object, result=result,
                    source_ip=ip if ip is not None else source_ip(), details=facts)
                doc = AuditRecordDoc(seq=entry.seq, time=entry.time, actor=entry.actor,
                                     action=action, object=object, result=result,
                                     source_ip=entry.source_ip, details=facts,
                                     prev_hash=entry.prev_hash, hash=digest)
                doc.outbox = [events.audit_recorded(doc)]
                try:
                    doc.save(force_insert=True)
                except (NotUniqueError, DuplicateKeyError):
                    self._repair_head()
                    continue
                AuditChainDoc.objects(id=HEAD, seq=head.seq).update_one(
                    set__seq=entry.seq, set__hash=digest)
                self._on_written()
                return doc
        raise RuntimeError("could not append to the audit chain (contention)")

    def _head(self) -> ChainHead:
        head = AuditChainDoc.objects(id=HEAD).first()
        if head is None:
            self.ensure_chain()
            return ChainHead()
        return ChainHead(head.seq, head.hash)

    def _repair_head(self) -> None:
        newest = AuditRecordDoc.objects.order_by("-seq").only("seq", "hash").first()
        if newest is not None:
            AuditChainDoc.objects(id=HEAD, seq__lt=newest.seq).update_one(
                set__seq=newest.seq, set__hash=newest.hash)

    # --- reading ----------------------------------------------------------------------------
    def list(self, query: AuditQuery, requested_size: int, token: str
             ) -> tuple[list[AuditRecordDoc], str]:
        """Records newest first; the page token remembers the last seq returned."""
        fingerprint = {"actor": query.actor, "action": query.action,
                       "start": query.start_time, "end": query.end_time}
        position = self.page_tokens.decode(token, fingerprint) or {}
        size = page_size(requested_size, default=50, maximum=500)
        filters: dict[str, object] = {}
        if query.actor:
            filters["actor"] = query.actor
        if query.action:
            filters["action"] = query.action
        if query.start_time:
            filters["time__gte"] = query.start_time
        if query.end_time:
            filters["time__lt"] = query.end_time
        if "before" in position:
            filters["seq__lt"] = int(position["before"])
        docs = list(AuditRecordDoc.objects(**filters).order_by("-seq").limit(size + 1))
        return self.page_tokens.page(docs, size, lambda d: {"before": d.seq}, fingerprint)

    def records_after(self, seq: int, batch: int = 1000) -> Iterator[tuple[AuditEntry, str]]:
        """Records after `seq` in order (the chain reader of jlp_common.audit_anchor)."""
        while True:
            docs = list(AuditRecordDoc.objects(seq__gt=seq).order_by("seq").limit(batch))
            if not docs:
                return
            for doc in docs:
                yield entry_of(doc), doc.hash
            seq = docs[-1].seq

    def verify(self) -> Verification:
        """From the signed anchor, against the signed checkpoints, then against the head."""
        result = self.anchors.verify(self)
        if result.ok:
            head = self._head()
            last = AuditRecordDoc.objects.order_by("-seq").only("seq").first()
            if last is not None and head.seq > last.seq:
                # Records at the end were deleted: the head remembers more than is stored.
                return Verification(False, result.checked, last.seq + 1,
                                    f"records {last.seq + 1}..{head.seq} are missing")
        return result

    def checkpoint(self) -> None:
        """Sign the head (the periodic job; AuditTampered when the chain does not verify)."""
        self.anchors.checkpoint(self)

    # --- retention --------------------------------------------------------------------------
    def purge(self) -> int:
        """Delete records older than the retention window, oldest first, keeping an anchor.

        Run by an operator job (not at start); it never touches records younger than 184 days,
        and refuses (jlp_common.audit_anchor.AuditTampered, nothing deleted) when the chain does
        not verify against its signed checkpoints or the current anchor is unsigned or young —
        a deletion of recent records disguised as retention is reported, not continued.
        """
        cutoff = purge_cutoff(self.clock())
        last = AuditRecordDoc.objects(time__lt=cutoff).order_by("-seq").first()
        if last is None:
            return 0
        anchor = self.anchors.plan_purge(self, entry_of(last), last.hash)
        # Anchor first: if the delete is interrupted, verification skips what the anchor covers.
        self.anchors.set_anchor(anchor)
        deleted = AuditRecordDoc.objects(seq__lte=last.seq).delete()
        log.info("audit records purged", extra={"through_seq": last.seq, "count": deleted})
        return deleted
