"""The audit hash chain as pure functions: linking, verification, tamper detection."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from jlp_common.audit_chain import (
    GENESIS_HASH,
    RETENTION,
    ChainHead,
    next_entry,
    purge_cutoff,
    verify_chain,
)

NOW = datetime(2026, 6, 1, 8, 0, 0, 123456, tzinfo=UTC)


def _chain(n: int):  # noqa: ANN202
    head, out = ChainHead(), []
    for i in range(n):
        entry, digest = next_entry(head, time=NOW + timedelta(seconds=i), actor=f"u{i}",
                                   action="login", object=f"users/u{i}", result="ok",
                                   source_ip="10.0.0.1", details={"n": str(i)})
        out.append((entry, digest))
        head = ChainHead(entry.seq, digest)
    return out


def test_records_link_to_their_predecessor() -> None:
    chain = _chain(3)
    assert chain[0][0].prev_hash == GENESIS_HASH and chain[0][0].seq == 1
    assert chain[1][0].prev_hash == chain[0][1]
    assert chain[0][0].time.microsecond == 123000  # MongoDB keeps milliseconds
    assert verify_chain(chain).ok and verify_chain(chain).checked == 3


def test_changing_a_record_is_detected_at_that_record() -> None:
    chain = _chain(4)
    entry, digest = chain[2]
    chain[2] = (replace(entry, result="failed"), digest)
    result = verify_chain(chain)
    assert not result.ok and result.first_bad_seq == 3 and "hash" in result.reason


def test_rehashing_a_changed_record_breaks_the_next_link() -> None:
    chain = _chain(4)
    forged = replace(chain[1][0], actor="someone-else")
    chain[1] = (forged, forged.compute_hash())
    result = verify_chain(chain)
    assert not result.ok and result.first_bad_seq == 3 and "link" in result.reason


def test_removing_a_record_is_detected() -> None:
    chain = _chain(4)
    del chain[1]
    result = verify_chain(chain)
    assert not result.ok and result.first_bad_seq == 2 and "missing" in result.reason


def test_verification_continues_from_a_purge_anchor() -> None:
    chain = _chain(5)
    anchor = ChainHead(chain[1][0].seq, chain[1][1])
    assert verify_chain(chain[2:], anchor).ok
    assert not verify_chain(chain[3:], anchor).ok


def test_retention_is_at_least_six_months() -> None:
    assert RETENTION >= timedelta(days=184)
    assert purge_cutoff(NOW) <= NOW - timedelta(days=184)
