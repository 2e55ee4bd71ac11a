"""Audit trail over gRPC: entries for each audited action, filters, separation of duties, and
tamper detection by the verify call."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from jlp.identity.v1 import identity_pb2
from jlp_identity.domain import totp
from jlp_identity.models import AuditRecordDoc

from .conftest import ADMIN_PASSWORD, ADMIN_PHONE, CITIZEN_PASSWORD, CITIZEN_PHONE, Identity


def auditor_token(identity: Identity, admin: str) -> str:
    identity.create_staff(admin, "13700000008", ["auditor"], password="Auditor-Pass-2026")
    restricted = identity.password_grant("13700000008", "Auditor-Pass-2026").access_token
    secret = identity.call("EnrollTotp", identity_pb2.EnrollTotpRequest(), restricted).secret
    return identity.password_grant("13700000008", "Auditor-Pass-2026",
                                   totp.code_at(secret, identity.clock())).access_token


def records(identity: Identity, token: str, **filters) -> list[identity_pb2.AuditRecord]:  # noqa: ANN003
    reply = identity.call("ListAuditRecords", identity_pb2.ListAuditRecordsRequest(
        page_size=500, **filters), token)
    return list(reply.records)


def test_every_audited_action_leaves_a_record(identity: Identity) -> None:
    with pytest.raises(grpc.RpcError):
        identity.password_grant(ADMIN_PHONE, ADMIN_PASSWORD)  # no otp: mfa_required
    admin = identity.admin_token()
    citizen = identity.register_citizen()
    with pytest.raises(grpc.RpcError):
        identity.password_grant(CITIZEN_PHONE, "Wrong-Password-1")
    for _ in range(4):
        with pytest.raises(grpc.RpcError):
            identity.password_grant(CITIZEN_PHONE, "Wrong-Password-1")
    with pytest.raises(grpc.RpcError):
        identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)  # locked
    identity.clock.advance(minutes=16)
    reply = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD)
    identity.stub.RevokeToken(identity_pb2.RevokeTokenRequest(token=reply.refresh_token))
    # Not signed in: the clock is 16 minutes ahead, its tokens would not verify yet.
    staff = identity.create_staff(admin, "13700000001", ["grid_worker"], first_sign_in=False)
    identity.call("UpdateUserRoles", identity_pb2.UpdateUserRolesRequest(
        id=staff.id, roles=["dept_staff"]), admin)
    client = identity.call("CreateClient", identity_pb2.CreateClientRequest(
        client=identity_pb2.Client(name="camera gateway", roles=["service"])), admin)
    identity.call("DisableClient", identity_pb2.DisableClientRequest(
        client_id=client.client_id), admin)
    identity.clock.advance(minutes=-16)  # back near real time: the auditor's token must verify
    auditor = auditor_token(identity, admin)
    ops = identity.create_staff(admin, "13700000003", ["ops_center"], password="Ops-Center-2026")
    ops_token = identity.password_grant("13700000003", "Ops-Center-2026").access_token
    identity.call("GetUser", identity_pb2.GetUserRequest(id=citizen.id), ops_token)

    all_records = records(identity, auditor)
    seen = {(r.action, r.result) for r in all_records}
    for expected in [("login", "ok"), ("login", "failed"), ("login", "locked"),
                     ("login", "mfa_required"), ("token_issued", "ok"), ("token_revoked", "ok"),
                     ("roles_changed", "ok"), ("client_created", "ok"),
                     ("client_disabled", "ok"), ("pii_read", "ok"), ("staff_created", "ok"),
                     ("user_registered", "ok"), ("totp_enrolled", "ok")]:
        assert expected in seen, expected
    failed = [r for r in all_records if r.action == "login" and r.result == "failed"]
    assert failed[0].actor == citizen.id and failed[0].source_ip == "127.0.0.1"
    assert failed[0].details["username"] == "138****5678"
    assert all(CITIZEN_PHONE not in str(r) for r in all_records)  # nothing unmasked in the trail
    pii = next(r for r in all_records if r.action == "pii_read")
    assert pii.actor == ops.id and pii.object == f"users/{citizen.id}"
    roles = next(r for r in all_records if r.action == "roles_changed")
    assert roles.details["old"] == "grid_worker" and roles.details["new"] == "dept_staff"
    # Newest first, seq strictly decreasing, each linked to the one below it.
    assert [r.seq for r in all_records] == sorted((r.seq for r in all_records), reverse=True)
    assert all(a.prev_hash == b.hash for a, b in zip(all_records, all_records[1:], strict=False))


def test_audit_filters_and_paging(identity: Identity) -> None:
    admin = identity.admin_token()
    auditor = auditor_token(identity, admin)
    identity.register_citizen()
    logins = records(identity, auditor, action="login")
    assert logins and all(r.action == "login" for r in logins)
    me = identity.call("GetMe", identity_pb2.GetMeRequest(), admin)
    by_admin = records(identity, auditor, actor=me.id)
    assert by_admin and all(r.actor == me.id for r in by_admin)
    newest = records(identity, auditor)[0]
    start = Timestamp()
    start.CopyFrom(newest.time)
    recent = records(identity, auditor, start_time=start)
    assert recent and all(r.time.ToDatetime() >= newest.time.ToDatetime() for r in recent)
    page = identity.call("ListAuditRecords", identity_pb2.ListAuditRecordsRequest(page_size=2),
                         auditor)
    nxt = identity.call("ListAuditRecords", identity_pb2.ListAuditRecordsRequest(
        page_size=2, page_token=page.next_page_token), auditor)
    assert len(page.records) == 2 and nxt.records[0].seq == page.records[1].seq - 1
    with pytest.raises(grpc.RpcError) as err:
        identity.call("ListAuditRecords", identity_pb2.ListAuditRecordsRequest(
            page_size=2, page_token=page.next_page_token, action="login"), auditor)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_separation_of_duties(identity: Identity) -> None:
    admin = identity.admin_token()
    auditor = auditor_token(identity, admin)
    with pytest.raises(grpc.RpcError) as sysadmin_reads_audit:
        records(identity, admin)
    assert sysadmin_reads_audit.value.code() == grpc.StatusCode.PERMISSION_DENIED
    for method, request in [
        ("CreateClient", identity_pb2.CreateClientRequest(
            client=identity_pb2.Client(name="x", roles=["device"]))),
        ("CreateStaff", identity_pb2.CreateStaffRequest()),
        ("UpdateUserRoles", identity_pb2.UpdateUserRolesRequest(id="x", roles=["auditor"])),
        ("DisableUser", identity_pb2.DisableUserRequest(id="x")),
    ]:
        with pytest.raises(grpc.RpcError) as err:
            identity.call(method, request, auditor)
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED, method


def test_editing_a_stored_record_fails_verification(identity: Identity) -> None:
    admin = identity.admin_token()
    auditor = auditor_token(identity, admin)
    identity.register_citizen()
    ok = identity.call("VerifyAuditChain", identity_pb2.VerifyAuditChainRequest(), auditor)
    assert ok.ok and ok.records_checked >= 5 and ok.first_bad_seq == 0
    victim = AuditRecordDoc.objects(action="login", result="ok").order_by("seq").first()
    AuditRecordDoc._get_collection().update_one({"_id": victim.pk},
                                                {"$set": {"result": "failed"}})
    bad = identity.call("VerifyAuditChain", identity_pb2.VerifyAuditChainRequest(), auditor)
    assert not bad.ok and bad.first_bad_seq == victim.seq and "hash" in bad.reason


def test_deleting_the_newest_records_fails_verification(identity: Identity) -> None:
    admin = identity.admin_token()
    auditor = auditor_token(identity, admin)
    newest = AuditRecordDoc.objects.order_by("-seq").first()
    AuditRecordDoc._get_collection().delete_one({"_id": newest.pk})
    bad = identity.call("VerifyAuditChain", identity_pb2.VerifyAuditChainRequest(), auditor)
    # The chain head remembers a later record than any stored: truncation is detected.
    assert not bad.ok and "missing" in bad.reason


def test_purge_keeps_six_months_and_verification_continues(identity: Identity) -> None:
    admin = identity.admin_token()
    audit = identity.app.parts.audit
    count = AuditRecordDoc.objects.count()
    assert audit.purge() == 0  # nothing is old enough
    identity.clock.advance(days=185)
    audit.record("test_marker", actor="system", ip="")
    assert audit.purge() == count
    assert AuditRecordDoc.objects.count() == 1
    assert audit.verify().ok
    identity.clock.advance(days=-185)
    assert admin


def _rechain_from(victim_seq: int, **changes: str) -> None:
    """What someone with write access to identity's database (not the anchor key) can do: change
    a record, recompute every later hash and the head, so the chain links up again."""
    from jlp_common.audit_chain import ChainHead, next_entry
    from jlp_identity.audit_log import HEAD, entry_of
    from jlp_identity.models import AuditChainDoc

    before = AuditRecordDoc.objects(seq=victim_seq - 1).first()
    head = ChainHead(before.seq, before.hash) if before else ChainHead()
    for doc in AuditRecordDoc.objects(seq__gte=victim_seq).order_by("seq"):
        old = entry_of(doc)
        fields = {"actor": old.actor, "action": old.action, "object": old.object,
                  "result": old.result, "source_ip": old.source_ip}
        if doc.seq == victim_seq:
            fields.update(changes)
        entry, digest = next_entry(head, time=old.time, details=old.details, **fields)
        AuditRecordDoc._get_collection().update_one(
            {"_id": doc.pk}, {"$set": {**fields, "prev_hash": entry.prev_hash, "hash": digest}})
        head = ChainHead(entry.seq, digest)
    AuditChainDoc.objects(id=HEAD).update_one(set__seq=head.seq, set__hash=head.hash)


def test_a_rewrite_rechained_in_the_database_fails_against_the_signed_checkpoint(
        identity: Identity) -> None:
    admin = identity.admin_token()
    auditor = auditor_token(identity, admin)
    identity.app.parts.audit.checkpoint()  # the periodic job signed the head
    victim = AuditRecordDoc.objects(action="login", result="ok").order_by("seq").first()
    _rechain_from(victim.seq, result="failed")
    bad = identity.call("VerifyAuditChain", identity_pb2.VerifyAuditChainRequest(), auditor)
    assert not bad.ok and "rewritten" in bad.reason
    from jlp_common.audit_anchor import AuditTampered
    with pytest.raises(AuditTampered):  # the checkpointer does not sign the rewrite either
        identity.app.parts.audit.checkpoint()


def test_purge_refuses_a_forged_young_anchor_and_deletes_nothing(identity: Identity) -> None:
    """Recent records deleted and an anchor written as if retention had done it."""
    from jlp_common.audit_anchor import ANCHOR_COLLECTION, ANCHOR_ID, AuditTampered
    identity.admin_token()
    audit = identity.app.parts.audit
    audit.checkpoint()
    cut = AuditRecordDoc.objects.order_by("seq")[2]
    AuditRecordDoc._get_collection().delete_many({"seq": {"$lte": cut.seq}})
    from mongoengine import get_db
    get_db()[ANCHOR_COLLECTION].update_one(
        {"_id": ANCHOR_ID}, {"$set": {"chain": "identity", "seq": cut.seq, "hash": cut.hash,
                                      "time": cut.time, "mac": "0" * 64}}, upsert=True)
    assert not audit.verify().ok
    remaining = AuditRecordDoc.objects.count()
    identity.clock.advance(days=185)
    try:
        audit.record("test_marker", actor="system", ip="")
        with pytest.raises(AuditTampered, match="not purging"):
            audit.purge()
        assert AuditRecordDoc.objects.count() == remaining + 1
    finally:
        identity.clock.advance(days=-185)


def test_purge_after_checkpoints_anchors_and_signs_on(identity: Identity) -> None:
    admin = identity.admin_token()
    audit = identity.app.parts.audit
    audit.checkpoint()
    identity.clock.advance(days=185)
    try:
        audit.record("test_marker", actor="system", ip="")
        assert audit.purge() > 0 and AuditRecordDoc.objects.count() == 1
        assert audit.verify().ok
        audit.record("test_marker", actor="system", ip="")
        audit.checkpoint()
        assert audit.verify().ok
    finally:
        identity.clock.advance(days=-185)
    assert admin
