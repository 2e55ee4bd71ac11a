"""The stream-access audit trail anchored outside the database: a record rewritten and the
chain re-linked by someone with write access to the database (not the anchor key) is reported
by VerifyAuditTrail once a signed checkpoint covers it; the checkpointer will not sign it."""

from __future__ import annotations

import pytest

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_common.audit_anchor import AuditTampered
from jlp_common.audit_chain import ChainHead, next_entry
from jlp_video_index.audit import entry_of
from jlp_video_index.models import AuditRecord

from .conftest import AUDITOR, bearer


def rechain(victim: int, actor: str) -> None:
    before = AuditRecord.objects(id=victim - 1).first()
    head = ChainHead(before.id, before.hash) if before else ChainHead()
    for doc in AuditRecord.objects(id__gte=victim).order_by("id"):
        old = entry_of(doc)
        entry, digest = next_entry(head, time=old.time, actor=actor if doc.id == victim else old.actor,
                                   action=old.action, object=old.object, result=old.result,
                                   source_ip=old.source_ip, details=old.details)
        AuditRecord.objects(id=doc.id).update_one(set__actor=entry.actor, set__prev_hash=entry.prev_hash,
                                                  set__hash=digest)
        head = ChainHead(entry.seq, digest)


def test_a_rechained_rewrite_fails_against_the_signed_checkpoint(app, stub, signer) -> None:
    audit = app.parts.audit
    for i in range(4):
        audit.record("play.allowed", actor=f"u{i}", target="cameras/1", origin="10.0.0.1")
    audit.checkpoint()
    rechain(2, "mallory")
    verified = stub.VerifyAuditTrail(pb.VerifyAuditTrailRequest(), metadata=bearer(signer, AUDITOR))
    assert not verified.valid and verified.first_invalid_seq == 4
    audit.record("play.allowed", actor="u9", target="cameras/1", origin="10.0.0.1")
    with pytest.raises(AuditTampered):
        audit.checkpoint()
