"""Stream access grants (four eyes, windows, revocation) and signed play tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from jlp_common.errors import FailedPrecondition, PermissionDenied
from jlp_video_index.domain.access import (
    AccessKind,
    AccessSpec,
    AccessState,
    Grant,
    approve,
    cameras_in_area,
    check_request,
    deny,
    issue,
    revoke,
)
from jlp_video_index.domain.play_token import (
    TokenError,
    camera_of_stream,
    check_play,
    sign,
    token_from,
    verify,
)

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
M = timedelta(minutes=1)
CAM1, CAM2, CAM3 = "50010700001325000001", "50010700001325000002", "50010700001325000003"
KEY = b"k" * 32
KEYS = {"2026-12": KEY}


def spec(**kw: object) -> AccessSpec:
    base = AccessSpec(kind=AccessKind.LIVE, camera_ids=(CAM1, CAM2), purpose="crowd control at the zoo gate",
                      legal_basis="区应急指令 2026-118", start=NOW, end=NOW + 30 * M)
    return replace(base, **kw)


def grant(**kw: object) -> Grant:
    base = Grant(id="ar1", requester="alice", requester_department_id="bureau-public-security",
                 kind=AccessKind.LIVE, camera_ids=(CAM1, CAM2), start=NOW, end=NOW + 30 * M,
                 purpose="crowd control", legal_basis="order 118")
    return replace(base, **kw)


def problems(s: AccessSpec) -> dict[str, str]:
    return {v.field: v.description for v in check_request(s, NOW)}


def test_a_thirty_minute_live_request_is_valid_and_thirty_one_is_not() -> None:
    assert check_request(spec(), NOW) == []
    assert "at most 30 minutes" in problems(spec(end=NOW + 31 * M))["endTime"]


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": None}, "kind"),
    ({"camera_ids": ()}, "cameraIds"),
    ({"camera_ids": (CAM1, CAM1)}, "cameraIds"),
    ({"camera_ids": ("123",)}, "cameraIds"),
    ({"purpose": "x"}, "purpose"),
    ({"legal_basis": ""}, "legalBasis"),
    ({"start": None}, "startTime"),
    ({"end": NOW - M}, "endTime"),
    ({"start": NOW - 10 * M, "end": NOW + 10 * M}, "startTime"),
    ({"start": NOW + timedelta(days=8), "end": NOW + timedelta(days=8) + M}, "startTime"),
    ({"playback_start": NOW - 60 * M, "playback_end": NOW - 30 * M}, "playbackStartTime"),
])
def test_request_problems_are_named(change: dict, field: str) -> None:
    assert field in problems(spec(**change))


def test_playback_needs_a_past_period_of_at_most_a_day() -> None:
    pb = spec(kind=AccessKind.PLAYBACK, end=NOW + 4 * 60 * M)
    assert "playbackStartTime" in problems(pb)
    ok = replace(pb, playback_start=NOW - 120 * M, playback_end=NOW - 60 * M)
    assert check_request(ok, NOW) == []
    assert "playbackEndTime" in problems(replace(ok, playback_end=NOW + M))
    assert "playbackEndTime" in problems(replace(ok, playback_start=NOW - timedelta(hours=30)))
    assert "endTime" in problems(replace(ok, end=NOW + 5 * 60 * M))


def test_the_requester_cannot_approve_or_deny() -> None:
    with pytest.raises(PermissionDenied, match="four eyes"):
        approve(grant(), "alice", NOW)
    with pytest.raises(PermissionDenied):
        deny(grant(), "alice", NOW, "no")


def test_approve_is_idempotent_for_the_same_approver_only() -> None:
    g = approve(grant(), "bob", NOW, "ok")
    assert (g.state, g.decided_by, g.decided_at) == (AccessState.APPROVED, "bob", NOW)
    assert approve(g, "bob", NOW + M) is g
    with pytest.raises(FailedPrecondition, match="APPROVED, not PENDING"):
        approve(g, "carol", NOW)
    with pytest.raises(FailedPrecondition):
        deny(g, "carol", NOW, "too late")


def test_a_request_whose_window_ended_is_expired_and_cannot_be_decided() -> None:
    g = grant()
    assert g.effective_state(NOW + 30 * M) is AccessState.EXPIRED
    with pytest.raises(FailedPrecondition, match="EXPIRED"):
        approve(g, "bob", NOW + 31 * M)


def test_deny_and_revoke_need_reasons_and_revoke_only_approved() -> None:
    with pytest.raises(FailedPrecondition, match="reason"):
        deny(grant(), "bob", NOW, " ")
    assert deny(grant(), "bob", NOW, "no legal basis").state is AccessState.DENIED
    with pytest.raises(FailedPrecondition, match="only an APPROVED"):
        revoke(grant(), "bob", NOW, "x")
    g = revoke(approve(grant(), "bob", NOW), "bob", NOW + M, "incident closed")
    assert (g.state, g.revoked_by, g.revoke_reason) == (AccessState.REVOKED, "bob", "incident closed")
    assert revoke(g, "carol", NOW + 2 * M, "again") is g


def test_tokens_only_for_the_requester_of_an_active_grant() -> None:
    with pytest.raises(FailedPrecondition, match="PENDING, not APPROVED"):
        issue(grant(), "alice", NOW)
    g = approve(grant(start=NOW + 10 * M, end=NOW + 20 * M), "bob", NOW)
    with pytest.raises(FailedPrecondition, match="not started"):
        issue(g, "alice", NOW)
    with pytest.raises(PermissionDenied, match="only the requester"):
        issue(g, "bob", NOW + 11 * M)
    g2, t = issue(g, "alice", NOW + 11 * M)
    assert g2.tokens_issued == 1 and t.camera_ids == (CAM1, CAM2)
    assert t.expires_at == NOW + 16 * M  # the 5-minute TTL
    _, late = issue(g2, "alice", NOW + 18 * M)
    assert late.expires_at == NOW + 20 * M  # never past the window's end


def _token(g: Grant, at: datetime, jti: str = "j1") -> str:
    _, t = issue(g, "alice", at)
    return sign(t, jti, KEY, "2026-12")


def test_token_round_trip_and_claims() -> None:
    g = approve(grant(), "bob", NOW)
    claims = verify(_token(g, NOW), KEYS, NOW + M)
    assert (claims.jti, claims.subject, claims.grant_id, claims.camera_ids) == ("j1", "alice", "ar1", (CAM1, CAM2))
    assert claims.expires_at == NOW + 5 * M


@pytest.mark.parametrize(("mutate", "words"), [
    (lambda tok: tok[:-2] + ("AA" if tok[-2:] != "AA" else "BB"), "invalid token"),
    (lambda tok: "garbage", "malformed"),
    (lambda tok: "", "no token"),
])
def test_tampered_or_missing_tokens_are_refused(mutate: Callable[[str], str], words: str) -> None:
    tok = _token(approve(grant(), "bob", NOW), NOW)
    with pytest.raises(TokenError, match=words):
        verify(mutate(tok), KEYS, NOW)


def test_expired_token_and_unknown_key_are_refused() -> None:
    tok = _token(approve(grant(), "bob", NOW), NOW)
    with pytest.raises(TokenError, match="expired"):
        verify(tok, KEYS, NOW + 6 * M)
    with pytest.raises(TokenError, match="unknown signing key"):
        verify(tok, {"other": KEY}, NOW)
    foreign = jwt.encode({"sub": "alice"}, b"x" * 32, algorithm="HS256", headers={"kid": "2026-12"})
    with pytest.raises(TokenError, match="invalid token"):
        verify(foreign, KEYS, NOW)
    with pytest.raises(ValueError, match="32 bytes"):
        sign(issue(approve(grant(), "bob", NOW), "alice", NOW)[1], "j", b"short", "k")


def test_play_check_allows_only_a_listed_camera_of_an_active_grant() -> None:
    g = approve(grant(), "bob", NOW)
    claims = verify(_token(g, NOW), KEYS, NOW + M)
    ok = check_play(claims, f"34020000002000000001_{CAM1}", g, NOW + M)
    assert (ok.allowed, ok.code, ok.camera_id, ok.jti) == (True, 0, CAM1, "j1")
    assert check_play(claims, CAM3, g, NOW + M).reason == "token does not cover this camera"
    assert check_play(claims, "live", g, NOW + M).reason == "stream id names no camera"
    assert check_play(claims, CAM1, None, NOW + M).reason == "access request not found"


def test_revocation_is_immediate_even_for_an_unexpired_token() -> None:
    g = approve(grant(), "bob", NOW)
    claims = verify(_token(g, NOW), KEYS, NOW + M)
    revoked = revoke(g, "bob", NOW + 2 * M, "done")
    decision = check_play(claims, CAM1, revoked, NOW + 2 * M)
    assert (decision.allowed, decision.code, decision.reason) == (False, 403, "revoked")


def test_a_failed_token_is_a_denial_with_its_reason() -> None:
    d = check_play(TokenError("token expired"), CAM1, None, NOW)
    assert (d.allowed, d.code, d.reason, d.camera_id) == (False, 401, "token expired", CAM1)


def test_token_and_camera_from_the_hook_fields() -> None:
    assert token_from("token=abc&x=1") == "abc"
    assert token_from("x=1") == "" and token_from("", "direct") == "direct"
    assert camera_of_stream(f"{CAM2}") == CAM2
    assert camera_of_stream("rtp/123") is None


def test_cameras_in_an_area() -> None:
    cands = [(CAM2, 106.5, 29.5), (CAM1, 106.51, 29.51), (CAM3, 107.0, 29.5)]
    assert cameras_in_area(cands, lambda lon, lat: lon < 106.6) == (CAM1, CAM2)
