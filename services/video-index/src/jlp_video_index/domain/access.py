"""Stream access grants: a request (who, which cameras, why, on what legal basis, when), a
decision by someone else, short-lived play tokens for the requester, and immediate revocation.

Rules (issue 10; PIPL art. 26 — images collected in public places are used only for public
safety, so every use must be justified and recorded):
* LIVE access windows are at most 30 minutes; PLAYBACK windows at most 4 hours, for a recorded
  period of at most 24 hours that has already ended.
* A request names 1-100 cameras or an area (resolved to cameras when filed), a purpose and a
  legal basis; it may start at most 5 minutes in the past and at most 7 days ahead.
* The approver (or denier) is never the requester: four eyes.
* Only APPROVED requests inside their window issue tokens, only to their requester; a token
  expires at the earlier of its TTL and the window's end.
* Revocation is immediate because the play check looks at the grant's state every time, not
  only at the token's signature.
* A PENDING or APPROVED request whose window has ended reads as EXPIRED.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from jlp_common.errors import FailedPrecondition, FieldViolation, PermissionDenied
from jlp_video_index.domain.device_id import is_code

MAX_LIVE = timedelta(minutes=30)
MAX_PLAYBACK_WINDOW = timedelta(hours=4)
MAX_PLAYBACK_PERIOD = timedelta(hours=24)
MAX_START_IN_PAST = timedelta(minutes=5)
MAX_START_AHEAD = timedelta(days=7)
MAX_CAMERAS = 100
DEFAULT_TOKEN_TTL = timedelta(minutes=5)


class AccessKind(StrEnum):
    LIVE = "LIVE"
    PLAYBACK = "PLAYBACK"


class AccessState(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DENIED = "DENIED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True)
class AccessSpec:
    """A request as filed (cameras already resolved from an area, if one was given)."""

    kind: AccessKind | None
    camera_ids: tuple[str, ...]
    purpose: str
    legal_basis: str
    start: datetime | None
    end: datetime | None
    playback_start: datetime | None = None
    playback_end: datetime | None = None
    has_area: bool = False


@dataclass(frozen=True)
class Grant:
    id: str
    requester: str
    requester_department_id: str
    kind: AccessKind
    camera_ids: tuple[str, ...]
    start: datetime
    end: datetime
    purpose: str
    legal_basis: str
    state: AccessState = AccessState.PENDING
    decided_by: str = ""
    decided_at: datetime | None = None
    decision_note: str = ""
    revoked_by: str = ""
    revoked_at: datetime | None = None
    revoke_reason: str = ""
    tokens_issued: int = 0

    def effective_state(self, now: datetime) -> AccessState:
        if self.state in (AccessState.PENDING, AccessState.APPROVED) and now >= self.end:
            return AccessState.EXPIRED
        return self.state

    def active(self, now: datetime) -> bool:
        """Whether streams may play under this grant right now."""
        return self.effective_state(now) is AccessState.APPROVED and self.start <= now < self.end


def _text(value: str, field: str, lo: int, hi: int) -> list[FieldViolation]:
    n = len((value or "").strip())
    if n < lo:
        return [FieldViolation(field, "required" if lo == 1 or n == 0 else f"at least {lo} characters")]
    if n > hi:
        return [FieldViolation(field, f"at most {hi} characters")]
    return []


def check_request(spec: AccessSpec, now: datetime) -> list[FieldViolation]:
    """Every problem of a request (empty = valid); field names as in JSON."""
    out: list[FieldViolation] = []
    if spec.kind is None:
        out.append(FieldViolation("kind", "LIVE or PLAYBACK"))
    if not spec.camera_ids:
        out.append(FieldViolation("cameraIds", "name cameras or an area with cameras in it"))
    elif len(spec.camera_ids) > MAX_CAMERAS:
        out.append(FieldViolation("cameraIds", f"at most {MAX_CAMERAS} cameras"))
    else:
        bad = [c for c in spec.camera_ids if not is_code(c)]
        if bad:
            out.append(FieldViolation("cameraIds", f"not 20-digit GB/T 28181 codes: {', '.join(bad[:5])}"))
        if len(set(spec.camera_ids)) != len(spec.camera_ids):
            out.append(FieldViolation("cameraIds", "a camera is listed twice"))
    out += _text(spec.purpose, "purpose", 5, 500)
    out += _text(spec.legal_basis, "legalBasis", 2, 200)
    if spec.start is None:
        out.append(FieldViolation("startTime", "required"))
    if spec.end is None:
        out.append(FieldViolation("endTime", "required"))
    if spec.start and spec.end:
        if spec.end <= spec.start:
            out.append(FieldViolation("endTime", "must be after startTime"))
        elif spec.kind is AccessKind.LIVE and spec.end - spec.start > MAX_LIVE:
            out.append(FieldViolation("endTime", "a LIVE window is at most 30 minutes"))
        elif spec.kind is AccessKind.PLAYBACK and spec.end - spec.start > MAX_PLAYBACK_WINDOW:
            out.append(FieldViolation("endTime", "a PLAYBACK window is at most 4 hours"))
        if spec.start < now - MAX_START_IN_PAST:
            out.append(FieldViolation("startTime", "more than 5 minutes in the past"))
        elif spec.start > now + MAX_START_AHEAD:
            out.append(FieldViolation("startTime", "more than 7 days ahead"))
    if spec.kind is AccessKind.PLAYBACK:
        ps, pe = spec.playback_start, spec.playback_end
        if ps is None or pe is None:
            out.append(FieldViolation("playbackStartTime", "PLAYBACK needs the recorded period"))
        elif pe <= ps:
            out.append(FieldViolation("playbackEndTime", "must be after playbackStartTime"))
        elif pe - ps > MAX_PLAYBACK_PERIOD:
            out.append(FieldViolation("playbackEndTime", "a recorded period is at most 24 hours"))
        elif pe > now:
            out.append(FieldViolation("playbackEndTime", "must be in the past (use LIVE for now)"))
    elif spec.playback_start or spec.playback_end:
        out.append(FieldViolation("playbackStartTime", "only for PLAYBACK"))
    return out


def _decidable(grant: Grant, actor: str, now: datetime) -> None:
    if actor == grant.requester:
        raise PermissionDenied("the requester cannot decide their own access request (four eyes)",
                               reason="SELF_APPROVAL")
    state = grant.effective_state(now)
    if state is not AccessState.PENDING:
        raise FailedPrecondition(f"access request is {state.value}, not PENDING", reason="NOT_PENDING")


def approve(grant: Grant, approver: str, now: datetime, note: str = "") -> Grant:
    """APPROVED by `approver`; approving again by the same approver is a no-op."""
    if grant.state is AccessState.APPROVED and grant.decided_by == approver:
        return grant
    _decidable(grant, approver, now)
    return replace(grant, state=AccessState.APPROVED, decided_by=approver, decided_at=now, decision_note=note)


def deny(grant: Grant, denier: str, now: datetime, reason: str) -> Grant:
    """DENIED with a reason; denying again by the same person is a no-op."""
    if grant.state is AccessState.DENIED and grant.decided_by == denier:
        return grant
    if not (reason or "").strip():
        raise FailedPrecondition("a denial needs a reason", reason="REASON_REQUIRED")
    _decidable(grant, denier, now)
    return replace(grant, state=AccessState.DENIED, decided_by=denier, decided_at=now, decision_note=reason)


def revoke(grant: Grant, actor: str, now: datetime, reason: str) -> Grant:
    """REVOKED at once; revoking a revoked grant is a no-op."""
    if grant.state is AccessState.REVOKED:
        return grant
    if not (reason or "").strip():
        raise FailedPrecondition("a revocation needs a reason", reason="REASON_REQUIRED")
    if grant.state is not AccessState.APPROVED:
        raise FailedPrecondition(f"only an APPROVED request can be revoked (it is {grant.state.value})",
                                 reason="NOT_APPROVED")
    return replace(grant, state=AccessState.REVOKED, revoked_by=actor, revoked_at=now, revoke_reason=reason)


@dataclass(frozen=True)
class TokenGrant:
    """What a play token will carry."""

    grant_id: str
    subject: str
    camera_ids: tuple[str, ...]
    issued_at: datetime
    expires_at: datetime


def issue(grant: Grant, caller: str, now: datetime, ttl: timedelta = DEFAULT_TOKEN_TTL) -> tuple[Grant, TokenGrant]:
    """A token for the requester of an active grant, expiring at min(now + ttl, window end)."""
    if caller != grant.requester:
        raise PermissionDenied("only the requester receives play tokens", reason="NOT_REQUESTER")
    state = grant.effective_state(now)
    if state is not AccessState.APPROVED:
        raise FailedPrecondition(f"access request is {state.value}, not APPROVED", reason="NOT_APPROVED")
    if now < grant.start:
        raise FailedPrecondition("the access window has not started", reason="WINDOW_NOT_STARTED")
    token = TokenGrant(grant.id, grant.requester, grant.camera_ids, now, min(now + ttl, grant.end))
    return replace(grant, tokens_issued=grant.tokens_issued + 1), token


def cameras_in_area(candidates: Sequence[tuple[str, float, float]],
                    contains: Callable[[float, float], bool]) -> tuple[str, ...]:
    """Ids of the (id, lon, lat) candidates inside an area (a predicate on lon, lat), sorted."""
    return tuple(sorted(cid for cid, lon, lat in candidates if contains(lon, lat)))
