"""Stream access over a real gRPC channel: request → approve (never by the requester) → play
token → play:check; expiry and revocation refused; every step in the audit trail, which
verifies (and stops verifying when a record is altered)."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_video_index.models import AuditRecord

from .conftest import APPROVER, AUDITOR, MEDIA, POLICE, REQUESTER, bearer, make_camera, violations

CAM1, CAM2, CAM3 = "50010700001325000001", "50010700001325000002", "50010700001325000003"


@pytest.fixture
def cams(stub, signer):
    for cid, lon in ((CAM1, 106.506), (CAM2, 106.507), (CAM3, 106.53)):
        make_camera(stub, signer, cid, lon=lon, lat=29.511, owner=POLICE)


def request(stub, signer, clock, minutes: int = 30, **kw) -> pb.AccessRequest:
    r = pb.AccessRequest(kind=pb.LIVE, purpose="crowd control at the zoo gate", legal_basis="区应急指令 2026-118",
                         **({"camera_ids": [CAM1, CAM2]} | kw))
    r.start_time.FromDatetime(clock())
    r.end_time.FromDatetime(clock() + timedelta(minutes=minutes))
    return stub.CreateAccessRequest(pb.CreateAccessRequestRequest(access_request=r),
                                    metadata=bearer(signer, REQUESTER, sub="alice", dept=POLICE))


def play(stub, signer, token: str, stream: str) -> pb.CheckPlayResponse:
    return stub.CheckPlay(pb.CheckPlayRequest(app="rtp", stream=stream, params=f"token={token}", ip="10.1.2.3",
                                              media_server_id="zlm-1"),
                          metadata=bearer(signer, MEDIA, sub="zlm-hook", kind="client"))


def test_full_flow_with_audit_trail(stub, signer, clock, cams) -> None:
    made = request(stub, signer, clock)
    assert made.state == pb.PENDING and made.requester == "alice"
    with pytest.raises(grpc.RpcError) as self_approval:
        stub.ApproveAccessRequest(pb.ApproveAccessRequestRequest(id=made.id),
                                  metadata=bearer(signer, APPROVER, sub="alice", dept=POLICE))
    assert self_approval.value.code() == grpc.StatusCode.PERMISSION_DENIED
    approved = stub.ApproveAccessRequest(pb.ApproveAccessRequestRequest(id=made.id, note="ok"),
                                         metadata=bearer(signer, APPROVER, sub="bob", dept=POLICE))
    assert approved.state == pb.APPROVED and approved.decided_by == "bob"
    with pytest.raises(grpc.RpcError) as not_requester:
        stub.IssuePlayToken(pb.IssuePlayTokenRequest(id=made.id), metadata=bearer(signer, APPROVER, sub="bob"))
    assert not_requester.value.code() == grpc.StatusCode.PERMISSION_DENIED
    token = stub.IssuePlayToken(pb.IssuePlayTokenRequest(id=made.id),
                                metadata=bearer(signer, REQUESTER, sub="alice", dept=POLICE))
    assert list(token.camera_ids) == [CAM1, CAM2] and "rtsp" not in token.token
    allowed = play(stub, signer, token.token, f"34020000002000000001_{CAM1}")
    assert (allowed.code, allowed.allowed) == (0, True)
    other = play(stub, signer, token.token, CAM3)
    assert not other.allowed and other.msg == "token does not cover this camera"
    revoked = stub.RevokeAccessRequest(pb.RevokeAccessRequestRequest(id=made.id, reason="incident over"),
                                       metadata=bearer(signer, APPROVER, sub="bob", dept=POLICE))
    assert revoked.state == pb.REVOKED
    after = play(stub, signer, token.token, CAM1)  # the token has not expired: revocation is immediate
    assert (after.allowed, after.msg) == (False, "revoked")

    records = stub.ListAuditRecords(pb.ListAuditRecordsRequest(target=f"accessRequests/{made.id}"),
                                    metadata=bearer(signer, AUDITOR)).audit_records
    assert [(r.action, r.actor) for r in records] == [
        ("access.requested", "alice"), ("access.approved", "alice"), ("access.approved", "bob"),
        ("token.issued", "bob"), ("token.issued", "alice"), ("access.revoked", "bob")]
    assert records[1].details["reason"].startswith("the requester cannot decide")
    assert records[0].reason == "crowd control at the zoo gate" and records[0].actor_department_id == POLICE
    plays = stub.ListAuditRecords(pb.ListAuditRecordsRequest(target=f"cameras/{CAM1}"),
                                  metadata=bearer(signer, AUDITOR)).audit_records
    assert [(r.action, r.origin, r.details["media_server"]) for r in plays] == [
        ("play.allowed", "10.1.2.3", "zlm-1"), ("play.denied", "10.1.2.3", "zlm-1")]
    verified = stub.VerifyAuditTrail(pb.VerifyAuditTrailRequest(), metadata=bearer(signer, AUDITOR))
    assert verified.valid and verified.checked_count == 9

    AuditRecord.objects(id=3).update_one(set__actor="mallory")  # tampering is found
    broken = stub.VerifyAuditTrail(pb.VerifyAuditTrailRequest(), metadata=bearer(signer, AUDITOR))
    assert not broken.valid and broken.first_invalid_seq == 3


def test_expired_token_is_refused(stub, signer, clock, cams) -> None:
    made = request(stub, signer, clock, minutes=10)
    stub.ApproveAccessRequest(pb.ApproveAccessRequestRequest(id=made.id), metadata=bearer(signer, APPROVER, sub="bob"))
    token = stub.IssuePlayToken(pb.IssuePlayTokenRequest(id=made.id), metadata=bearer(signer, REQUESTER, sub="alice"))
    clock.advance(timedelta(minutes=6))  # past the 5-minute token lifetime, inside the window
    expired = play(stub, signer, token.token, CAM1)
    assert (expired.allowed, expired.msg, expired.code) == (False, "token expired", 401)
    fresh = stub.IssuePlayToken(pb.IssuePlayTokenRequest(id=made.id), metadata=bearer(signer, REQUESTER, sub="alice"))
    assert play(stub, signer, fresh.token, CAM1).allowed
    clock.advance(timedelta(minutes=5))  # the window is over
    assert not play(stub, signer, fresh.token, CAM1).allowed
    with pytest.raises(grpc.RpcError) as late:
        stub.IssuePlayToken(pb.IssuePlayTokenRequest(id=made.id), metadata=bearer(signer, REQUESTER, sub="alice"))
    assert late.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert not play(stub, signer, "not-a-token", CAM1).allowed


def test_request_rules_and_area_requests(stub, signer, clock, cams) -> None:
    with pytest.raises(grpc.RpcError) as long_live:
        request(stub, signer, clock, minutes=31)
    assert "access_request.end_time" in violations(long_live.value)
    area = request(stub, signer, clock, camera_ids=[],
                   area_polygon="106.50,29.50,106.51,29.50,106.51,29.52,106.50,29.52")
    assert list(area.camera_ids) == [CAM1, CAM2]
    with pytest.raises(grpc.RpcError) as hidden:
        r = pb.AccessRequest(kind=pb.LIVE, camera_ids=[CAM1], purpose="look around", legal_basis="none given")
        r.start_time.FromDatetime(clock())
        r.end_time.FromDatetime(clock() + timedelta(minutes=5))
        stub.CreateAccessRequest(pb.CreateAccessRequestRequest(access_request=r),
                                 metadata=bearer(signer, REQUESTER, sub="carol", dept="bureau-city-management"))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    denied = stub.DenyAccessRequest(pb.DenyAccessRequestRequest(id=area.id, reason="no case number"),
                                    metadata=bearer(signer, APPROVER, sub="bob"))
    assert denied.state == pb.DENIED
    mine = stub.ListAccessRequests(pb.ListAccessRequestsRequest(), metadata=bearer(signer, REQUESTER, sub="alice"))
    assert [r.id for r in mine.access_requests] == [area.id]
    assert stub.ListAccessRequests(pb.ListAccessRequestsRequest(),
                                   metadata=bearer(signer, REQUESTER, sub="dave")).access_requests == []
