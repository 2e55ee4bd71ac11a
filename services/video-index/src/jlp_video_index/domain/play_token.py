"""Play tokens (signed, short-lived) and the media server's play check.

A play token is an HS256 JWT (PyJWT) signed with a key only this service holds: the media server
never verifies it itself, it asks `play:check`, so a symmetric key suffices and never leaves the
service. Claims: iss, aud, sub (the requester), jti (unique, audited), grant (access request
id), cams (camera ids), iat, nbf, exp. The header's `kid` names the key, so keys can rotate:
verification takes a mapping kid → key. The clock is passed in: PyJWT's own time checks are
switched off and the same checks are done against `now`.

The play check denies unless all hold: the token verifies, it has not expired, the stream names
a camera the token lists, and the grant is still active (approved, inside its window, not
revoked) — the last check is what makes revocation immediate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import jwt

from jlp_video_index.domain.access import Grant, TokenGrant

ISSUER = "jlp-video-index"
AUDIENCE = "jlp-media-server"
ALGORITHM = "HS256"
MIN_KEY_BYTES = 32
LEEWAY = timedelta(seconds=5)
_CODE_RE = re.compile(r"(?<!\d)(\d{20})(?!\d)")


class TokenError(Exception):
    """A token that must not be honoured; the message says why (for the audit trail)."""


@dataclass(frozen=True)
class PlayClaims:
    jti: str
    subject: str
    grant_id: str
    camera_ids: tuple[str, ...]
    issued_at: datetime
    expires_at: datetime


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a play-token key has at least {MIN_KEY_BYTES} bytes")


def sign(token: TokenGrant, jti: str, key: bytes, kid: str) -> str:
    """The signed token for `token` (jti chosen by the caller, e.g. a uuid4 hex)."""
    _check_key(key)
    claims = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": token.subject, "jti": jti, "grant": token.grant_id,
        "cams": list(token.camera_ids), "iat": int(token.issued_at.timestamp()),
        "nbf": int(token.issued_at.timestamp()), "exp": int(token.expires_at.timestamp()),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})


def verify(token: str, keys: Mapping[str, bytes], now: datetime) -> PlayClaims:
    """The claims of a valid, current token; TokenError with the reason otherwise."""
    if not token:
        raise TokenError("no token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise TokenError("malformed token") from None
    key = keys.get(str(header.get("kid", "")))
    if key is None:
        raise TokenError("unknown signing key")
    try:
        claims = jwt.decode(
            token, key, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER,
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                     "require": ["exp", "nbf", "iat", "jti", "sub", "iss", "aud"]})
    except jwt.PyJWTError as exc:
        raise TokenError(f"invalid token: {exc}") from None
    cams = claims.get("cams")
    if not isinstance(cams, list) or not all(isinstance(c, str) for c in cams):
        raise TokenError("invalid token: cams")
    try:
        iat = datetime.fromtimestamp(int(claims["iat"]), UTC)
        nbf = datetime.fromtimestamp(int(claims["nbf"]), UTC)
        exp = datetime.fromtimestamp(int(claims["exp"]), UTC)
    except (TypeError, ValueError, OverflowError):
        raise TokenError("invalid token: times") from None
    if now >= exp + LEEWAY:
        raise TokenError("token expired")
    if now < nbf - LEEWAY:
        raise TokenError("token not yet valid")
    return PlayClaims(str(claims["jti"]), str(claims["sub"]), str(claims.get("grant", "")),
                      tuple(cams), iat, exp)


def token_from(params: str, token: str = "") -> str:
    """The token passed separately, or the `token` parameter of the play URL's query string."""
    if token:
        return token
    values = parse_qs(params or "", keep_blank_values=False).get("token", [])
    return values[0] if values else ""


def camera_of_stream(stream: str) -> str | None:
    """The camera of a stream id: "<channel>" or "<device>_<channel>" (the GB/T 28181 naming
    of access gateways such as wvp); the last 20-digit code is the channel."""
    codes = _CODE_RE.findall(stream or "")
    return codes[-1] if codes else None


@dataclass(frozen=True)
class PlayDecision:
    allowed: bool
    code: int  # 0 allows (ZLMediaKit convention)
    reason: str
    camera_id: str = ""
    jti: str = ""
    grant_id: str = ""
    subject: str = ""


def check_play(claims: PlayClaims | TokenError, stream: str, grant: Grant | None, now: datetime) -> PlayDecision:
    """The hook's answer for a stream, given the verified claims (or why they failed) and the
    grant the claims name (None when it does not exist)."""
    camera = camera_of_stream(stream) or ""
    if isinstance(claims, TokenError):
        return PlayDecision(False, 401, str(claims), camera)
    base = {"camera_id": camera, "jti": claims.jti, "grant_id": claims.grant_id, "subject": claims.subject}
    if not camera:
        return PlayDecision(False, 400, "stream id names no camera", **base)
    if camera not in claims.camera_ids:
        return PlayDecision(False, 403, "token does not cover this camera", **base)
    if grant is None or grant.id != claims.grant_id:
        return PlayDecision(False, 403, "access request not found", **base)
    if not grant.active(now):
        state = grant.effective_state(now)
        why = "revoked" if state.value == "REVOKED" else f"access request is {state.value}"
        if state.value == "APPROVED":
            why = "outside the access window"
        return PlayDecision(False, 403, why, **base)
    return PlayDecision(True, 0, "success", **base)
