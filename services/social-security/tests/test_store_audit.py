"""The audit trail on the embedded store: concurrent appends (two writers, each with its own
cached head, as two replicas) never fork the chain."""

from __future__ import annotations

import threading

from jlp_common.pagination import PageTokens
from jlp_social_security.audit_log import AuditLog


def test_concurrent_appends_from_two_writers_keep_one_chain(store):
    a, b = AuditLog(PageTokens(b"k" * 32)), AuditLog(PageTokens(b"k" * 32))

    def write(log, who):
        for i in range(15):
            log.record(actor=who, action="person.updated", object=f"persons/{who}{i}",
                       old_values={"phone_enc": "v1.a"}, new_values={"phone_enc": f"v1.{i}"})

    threads = [threading.Thread(target=write, args=(log, who)) for log, who in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    seqs = [d["_id"] for d in store["audit_records"].find({}).sort("_id", 1)]
    assert seqs == list(range(1, 31))
    assert a.verify().ok and a.verify().checked == 30
    page, token = a.list(10, "", "persons/a3")
    assert [d["object"] for d in page] == ["persons/a3"] and token == ""


def test_a_rechained_rewrite_fails_against_the_signed_checkpoint(store):
    """Someone with write access to the database (not the anchor key) changes a recorded value
    and re-links every later entry: the plain chain check passes, the signed checkpoint not."""
    import pytest

    from jlp_common.audit_anchor import AuditTampered
    from jlp_common.audit_chain import ChainHead, next_entry, verify_chain
    from jlp_social_security.audit_log import entry_of

    log = AuditLog(PageTokens(b"k" * 32))
    for i in range(4):
        log.record(actor="clerk", action="person.updated", object=f"persons/p{i}",
                   old_values={"phone_enc": "v1.a"}, new_values={"phone_enc": f"v1.{i}"})
    log.checkpoint()
    docs = list(store["audit_records"].find({}).sort("_id", 1))
    head = ChainHead(docs[0]["_id"], docs[0]["hash"])
    for d in docs[1:]:
        old, _ = entry_of(d)
        details = dict(old.details)
        if d["_id"] == 2:
            details["new.phone_enc"] = "v1.forged"
        entry, digest = next_entry(head, time=old.time, actor=old.actor, action=old.action, object=old.object,
                                   result=old.result, source_ip=old.source_ip, details=details)
        store["audit_records"].update_one({"_id": d["_id"]}, {"$set": {
            "details": details, "prev_hash": entry.prev_hash, "hash": digest}})
        head = ChainHead(entry.seq, digest)
    assert verify_chain(entry_of(d) for d in store["audit_records"].find({}).sort("_id", 1)).ok
    result = log.verify()
    assert not result.ok and result.first_bad_seq == 4 and "rewritten" in result.reason
    with pytest.raises(AuditTampered):
        log.record(actor="clerk", action="person.updated", object="persons/p9")
        log.checkpoint()
