"""The audit chain detects any edit, removal or reordering."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from jlp_social_security.domain.audit import ChainHead, next_record, verify_chain

T0 = datetime(2026, 6, 1, 9, 0, 0, 123456, tzinfo=UTC)


def chain(n=4):
    head, out = ChainHead(), []
    for i in range(n):
        record, digest = next_record(head, time=T0 + timedelta(seconds=i), actor="clerk", action="person.updated",
                                     object="persons/p1", old_values={"phone": f"enc:{i}"},
                                     new_values={"phone": f"enc:{i + 1}"})
        out.append((record, digest))
        head = ChainHead(record.seq, digest)
    return out


def test_an_intact_chain_verifies_and_times_are_milliseconds():
    records = chain()
    assert verify_chain(records).ok and verify_chain(records).checked == 4
    assert records[0][0].time.microsecond == 123000


def test_edited_removed_or_reordered_records_are_found():
    records = chain()
    edited = list(records)
    edited[1] = (replace(records[1][0], new_values={"phone": "enc:forged"}), records[1][1])
    assert (verify_chain(edited).ok, verify_chain(edited).first_bad_seq) == (False, 2)
    removed = records[:1] + records[2:]
    assert verify_chain(removed).first_bad_seq == 2
    swapped = [records[0], records[2], records[1], records[3]]
    assert not verify_chain(swapped).ok


def test_verification_continues_from_an_anchor():
    records = chain()
    anchor = ChainHead(records[1][0].seq, records[1][1])
    assert verify_chain(records[2:], anchor).ok
    assert not verify_chain(records[2:]).ok
