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
