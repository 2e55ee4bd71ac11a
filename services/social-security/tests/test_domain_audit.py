"""Changes of personal records on the kit's audit chain: old and new values are hashed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from jlp_common.audit_chain import ChainHead, verify_chain
from jlp_social_security.domain.audit import change_entry, split_details

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def chain(n=3):
    head, out = ChainHead(), []
    for i in range(n):
        entry, digest = change_entry(head, time=T0 + timedelta(seconds=i), actor="clerk", action="person.updated",
                                     object="persons/p1", old_values={"phone": f"v1.old{i}"},
                                     new_values={"phone": f"v1.new{i}"}, purpose="correction")
        out.append((entry, digest))
        head = ChainHead(entry.seq, digest)
    return out


def test_old_and_new_values_are_in_the_hashed_entry():
    records = chain()
    assert verify_chain(records).ok
    old, new, purpose = split_details(records[1][0].details)
    assert (old, new, purpose) == ({"phone": "v1.old1"}, {"phone": "v1.new1"}, "correction")
    forged = list(records)
    forged[1] = (replace(records[1][0], details={**records[1][0].details, "new.phone": "v1.forged"}), records[1][1])
    result = verify_chain(forged)
    assert not result.ok and result.first_bad_seq == 2
