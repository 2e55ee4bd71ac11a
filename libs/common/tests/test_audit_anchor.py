"""Anchoring the audit chain outside the database: someone with write access to the database
(not the key) rewrites and re-chains records, deletes the tail or forges a purge anchor — each
is reported; the normal checkpoint and purge paths still work; one signer across replicas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import mongoengine as me
import pytest

from jlp_common import db
from jlp_common.audit_anchor import (
    ANCHOR_COLLECTION,
    ANCHOR_ID,
    CHECKPOINT_COLLECTION,
    AnchorKey,
    AuditAnchors,
    AuditTampered,
    Checkpoint,
    key_variable,
)
from jlp_common.audit_chain import RETENTION, AuditEntry, ChainHead, next_entry
from jlp_common.config import ConfigError, Settings
from jlp_common.periodic import LEASE_COLLECTION, Periodic

KEY = AnchorKey(b"k" * 32)
START = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Chain:
    """An in-memory chain store standing in for a service's records collection: the database
    an attacker with write access can change at will."""

    def __init__(self) -> None:
        self.records: list[tuple[AuditEntry, str]] = []

    def append(self, time: datetime, actor: str = "u") -> None:
        head = ChainHead(*(self.records[-1][0].seq, self.records[-1][1])) if self.records \
            else ChainHead()
        self.records.append(next_entry(head, time=time, actor=actor, action="read",
                                       object="x", result="ok", source_ip=""))

    def records_after(self, seq: int):  # noqa: ANN201
        return [r for r in self.records if r[0].seq > seq]

    def rewrite_from(self, index: int, actor: str) -> None:
        """Change record `index` and recompute every later hash: what a database writer can do."""
        old = self.records
        self.records = old[:index]
        for i, (entry, _digest) in enumerate(old[index:], start=index):
            self.append(entry.time, actor if i == index else entry.actor)


@pytest.fixture(autouse=True)
def store():
    db.connect("test-audit-anchor")
    yield
    for name in (CHECKPOINT_COLLECTION, ANCHOR_COLLECTION, LEASE_COLLECTION):
        me.get_db()[name].drop()
    me.disconnect()


def anchors(clock: Clock, **kw) -> AuditAnchors:  # noqa: ANN003
    return AuditAnchors("identity", KEY, clock=clock, **kw)


def chain_of(n: int, start: datetime = START) -> Chain:
    chain = Chain()
    for i in range(n):
        chain.append(start + timedelta(minutes=i))
    return chain


def test_a_checkpoint_signs_the_head_and_verification_passes() -> None:
    clock = Clock(START + timedelta(hours=1))
    chain, a = chain_of(5), anchors(clock)
    cp = a.checkpoint(chain)
    assert cp is not None and cp.seq == 5 and cp.hash == chain.records[-1][1]
    assert a.checkpoint(chain) is None  # head unchanged: nothing new to sign
    chain.append(clock.now)
    assert a.checkpoint(chain).seq == 6
    assert a.verify(chain).ok and a.verify(chain).checked == 6


def test_rewriting_and_rechaining_is_detected_against_the_checkpoint() -> None:
    clock = Clock(START + timedelta(hours=1))
    chain, a = chain_of(5), anchors(clock)
    a.checkpoint(chain)
    chain.rewrite_from(2, actor="someone-else")
    # The database copy links up on its own: the plain chain check is fooled...
    from jlp_common.audit_chain import verify_chain
    assert verify_chain(chain.records).ok
    # ...the signed checkpoint is not.
    result = a.verify(chain)
    assert not result.ok and result.first_bad_seq == 5 and "rewritten" in result.reason
    with pytest.raises(AuditTampered):  # and the checkpointer refuses to sign the rewrite
        chain.append(clock.now)
        a.checkpoint(chain)


def test_deleting_the_tail_is_detected() -> None:
    clock = Clock(START + timedelta(hours=1))
    chain, a = chain_of(5), anchors(clock)
    a.checkpoint(chain)
    chain.records = chain.records[:3]
    result = a.verify(chain)
    assert not result.ok and result.first_bad_seq == 4 and "missing" in result.reason
    with pytest.raises(AuditTampered, match="missing"):
        a.checkpoint(chain)


def test_a_checkpoint_forged_in_the_database_is_refused() -> None:
    clock = Clock(START + timedelta(hours=1))
    chain, a = chain_of(5), anchors(clock)
    a.checkpoint(chain)
    chain.rewrite_from(2, actor="someone-else")
    me.get_db()[CHECKPOINT_COLLECTION].update_one({"_id": 5},
                                                  {"$set": {"hash": chain.records[-1][1]}})
    result = a.verify(chain)
    assert not result.ok and "signature" in result.reason
    other_key = AuditAnchors("identity", AnchorKey(b"x" * 32), clock=clock)
    assert not other_key.verify(chain_of(5)).ok  # another key's checkpoints are not trusted


def test_the_normal_purge_path_anchors_and_verifies() -> None:
    clock = Clock(START + timedelta(hours=1))
    chain, a = chain_of(6), anchors(clock)
    a.checkpoint(chain)
    clock.now = START + RETENTION + timedelta(minutes=2, seconds=30)  # records 1..3 are old
    last_old, digest = chain.records[2]
    anchor = a.plan_purge(chain, last_old, digest)
    a.set_anchor(anchor)
    chain.records = chain.records[3:]
    assert a.verify(chain).ok and a.verify(chain).checked == 3
    chain.append(clock.now)
    assert a.checkpoint(chain).seq == 7 and a.verify(chain).ok


def test_purging_a_record_younger_than_retention_is_refused() -> None:
    clock = Clock(START + RETENTION)
    chain, a = chain_of(6), anchors(clock)
    a.checkpoint(chain)
    with pytest.raises(AuditTampered, match="younger than the 184-day retention"):
        a.plan_purge(chain, *chain.records[3])


def test_a_forged_young_anchor_is_refused_by_verify_and_purge() -> None:
    """Deleting recent records and writing an anchor, as if retention had done it."""
    clock = Clock(START + timedelta(days=10))
    chain, a = chain_of(6), anchors(clock)
    a.checkpoint(chain)
    entry, digest = chain.records[4]
    me.get_db()[ANCHOR_COLLECTION].insert_one({"_id": ANCHOR_ID, "chain": "identity",
                                               "seq": entry.seq, "hash": digest,
                                               "time": START - RETENTION, "mac": "0" * 64})
    chain.records = chain.records[5:]
    result = a.verify(chain)
    assert not result.ok and "signature" in result.reason
    with pytest.raises(AuditTampered, match="not purging"):
        a.plan_purge(chain, *chain.records[0])


def test_a_correctly_signed_but_young_anchor_is_refused() -> None:
    """Even with the key (a purge job run with a wrong clock), an anchor on a record younger
    than the retention is not accepted, nor purged past."""
    clock = Clock(START + timedelta(days=10))
    chain, a = chain_of(6), anchors(clock)
    entry, digest = chain.records[3]
    from jlp_common.audit_anchor import SignedAnchor
    a.set_anchor(SignedAnchor("identity", entry.seq, digest, entry.time).signed(KEY))
    chain.records = chain.records[4:]
    result = a.verify(chain)
    assert not result.ok and "younger than the 184-day retention" in result.reason
    with pytest.raises(AuditTampered):
        a.plan_purge(chain, *chain.records[0])


def test_one_signer_across_two_replicas() -> None:
    clock = Clock(START + timedelta(hours=1))
    chain = chain_of(3)
    workers = [Periodic("audit-checkpoint", lambda: anchors(clock).checkpoint(chain),
                        interval_s=60, holder=f"r{i}", clock=clock) for i in range(2)]
    assert [w.run_once() for w in workers] == [True, False]
    chain.append(clock.now)
    clock.now += timedelta(seconds=60)
    assert [w.run_once() for w in workers] == [True, False]
    assert me.get_db()[CHECKPOINT_COLLECTION].count_documents({}) == 2


def test_checkpoints_are_published_and_a_failed_publication_is_retried() -> None:
    clock = Clock(START + timedelta(hours=1))
    sent: list[Checkpoint] = []
    failing = [True]

    def publish(cp: Checkpoint) -> None:
        if failing[0]:
            raise ConnectionError("bus down")
        sent.append(cp)

    chain, a = chain_of(2), anchors(clock, publish=publish)
    a.checkpoint(chain)
    assert sent == []
    failing[0] = False
    chain.append(clock.now)
    a.checkpoint(chain)
    assert [cp.seq for cp in sent] == [2, 3]
    assert all(KEY.verify(cp.payload(), cp.mac) for cp in sent)


def test_the_key_is_per_service_and_required_with_a_real_database() -> None:
    assert key_variable("video-index") == "JLP_VIDEO_INDEX_AUDIT_ANCHOR_KEY"
    with pytest.raises(ConfigError, match="JLP_IDENTITY_AUDIT_ANCHOR_KEY is required"):
        AnchorKey.from_settings(Settings.from_env("identity", {"JLP_MONGO_URI": "mongodb://x/y"}),
                                "identity")
    with pytest.raises(ConfigError, match="32 bytes"):
        AnchorKey.from_settings(Settings.from_env("identity", {
            "JLP_IDENTITY_AUDIT_ANCHOR_KEY": "c2hvcnQ="}), "identity")


def test_checkpoints_go_out_on_the_services_own_subject() -> None:
    from jlp_common.audit_anchor import bus_publisher, checkpoint_subject

    assert checkpoint_subject("video") == "jlp.video.audit_checkpoint.signed"
    with pytest.raises(ValueError):
        checkpoint_subject("nobody")

    class Bus:
        source = "/jlp/identity"
        sent: list = []

        def publish_envelope(self, subject, envelope):  # noqa: ANN001, ANN202
            self.sent.append((subject, envelope))

    bus = Bus()
    cp = Checkpoint("identity", 7, "ab" * 32, START, START).signed(KEY)
    bus_publisher(bus, "identity")(cp)
    ((subject, envelope),) = bus.sent
    assert subject == "jlp.identity.audit_checkpoint.signed"
    assert envelope["id"] == "audit-checkpoint-identity-7" and envelope["data"]["mac"] == cp.mac
