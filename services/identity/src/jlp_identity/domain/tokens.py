"""Token rules: access-token claims, lifetimes, and rotating refresh-token families.

Access tokens are short-lived JWTs (15 minutes) carrying the caller's permissions, so services
authorise without calling identity. Refresh tokens are opaque random strings grouped in a
*family* per sign-in; each use returns a new one and retires the old (OAuth 2.0 Security BCP,
RFC 9700 §4.14.2). Presenting a retired token means it was copied: the whole family is revoked.
Staff families also die after 30 minutes without use (MLPS 2.0 level 3 session timeout).

An account with *required actions* (an initial password to change, a second factor to enrol)
gets a restricted access token instead: no roles, no permissions, no refresh token, and a
`required_actions` claim naming what it may do (ADR 0033).
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

ACCESS_TOKEN_TTL = timedelta(minutes=15)
TOKEN_TYPE = "Bearer"  # noqa: S105 - the OAuth token type, not a secret

# --- recent authentication -------------------------------------------------------------------
# `auth_time` (OpenID Connect Core §2): when the user last proved who they are (the password
# grant), kept unchanged by refreshes. Changing the password and enrolling a second factor
# need one within this window: a stolen refresh token (a citizen's lives 30 days) must not be
# enough to take an account over (docs/adr/0035).
AUTH_TIME_CLAIM = "auth_time"
REAUTHENTICATION_WINDOW = timedelta(minutes=10)
REAUTHENTICATION_REQUIRED = "REAUTHENTICATION_REQUIRED"


def recently_authenticated(claims: Mapping[str, object], now: datetime,
                           window: timedelta = REAUTHENTICATION_WINDOW) -> bool:
    """True when the token's `auth_time` lies within `window` before `now` (tokens without one,
    issued before the claim existed, are not recent)."""
    value = claims.get(AUTH_TIME_CLAIM)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    age = now.timestamp() - float(value)
    return -60 <= age <= window.total_seconds()  # a minute of clock skew between replicas


# --- required actions -----------------------------------------------------------------------
REQUIRED_ACTIONS_CLAIM = "required_actions"
CHANGE_PASSWORD = "change_password"  # noqa: S105 - an action name: the initial password to change
ENROL_TOTP = "enrol_totp"  # a privileged account without its second factor yet
# ErrorInfo reasons of a call a restricted token may not make, the most pressing action first.
PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED"  # noqa: S105 - an error reason
TOTP_ENROLMENT_REQUIRED = "TOTP_ENROLMENT_REQUIRED"


def required_actions(*, password_change_required: bool, totp_enrolled: bool,
                     needs_second_factor: bool) -> tuple[str, ...]:
    """What the account must do before its token carries its permissions (empty: nothing)."""
    actions = []
    if password_change_required:
        actions.append(CHANGE_PASSWORD)
    if needs_second_factor and not totp_enrolled:
        actions.append(ENROL_TOTP)
    return tuple(actions)


def actions_of(claims: Mapping[str, object]) -> frozenset[str]:
    """The required actions a token names (empty for an ordinary token)."""
    value = claims.get(REQUIRED_ACTIONS_CLAIM)
    items = value.split() if isinstance(value, str) \
        else value if isinstance(value, list | tuple) else ()
    return frozenset(str(v) for v in items)


def restricted_token_spent(actions: Iterable[str], issued_at: object,
                           password_change_required: bool,
                           password_change_time: datetime | None) -> bool:
    """True when a restricted token no longer serves: the password changed after it was issued
    (whoever knew the initial password keeps nothing, not even the right to enrol a second
    factor on the account), or it was issued to change a password that needs no change any
    more. Compared in whole seconds, as `iat` is."""
    if password_change_time is not None and isinstance(issued_at, int | float) \
            and issued_at < int(password_change_time.timestamp()):
        return True
    return CHANGE_PASSWORD in set(actions) and not password_change_required


def refusal_reason(actions: Iterable[str]) -> str:
    """The ErrorInfo reason for a call outside what a restricted token allows."""
    return PASSWORD_CHANGE_REQUIRED if CHANGE_PASSWORD in set(actions) \
        else TOTP_ENROLMENT_REQUIRED


@dataclass(frozen=True)
class RefreshPolicy:
    """How long a refresh family lives: since its last use (idle) and since sign-in (absolute)."""

    idle: timedelta
    absolute: timedelta


STAFF_REFRESH = RefreshPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
PUBLIC_REFRESH = RefreshPolicy(idle=timedelta(days=7), absolute=timedelta(days=30))


def refresh_policy(account_kind: str) -> RefreshPolicy:
    return STAFF_REFRESH if account_kind == "STAFF" else PUBLIC_REFRESH


def access_claims(*, issuer: str, audience: str, subject: str, kind: str, roles: Iterable[str],
                  scope: Iterable[str], department: str, now: datetime, jti: str,
                  account_kind: str = "", amr: Iterable[str] = (),
                  required: Iterable[str] = (), auth_time: datetime | None = None,
                  ttl: timedelta = ACCESS_TOKEN_TTL) -> dict[str, object]:
    """Claims of an access token (shape shared with every service's verifier, jlp_common.auth)."""
    iat = int(now.timestamp())
    claims: dict[str, object] = {
        "iss": issuer, "aud": audience, "sub": subject, "iat": iat, "nbf": iat,
        "exp": iat + int(ttl.total_seconds()), "jti": jti, "typ": "access", "kind": kind,
        "roles": sorted(set(roles)), "scope": " ".join(sorted(set(scope))), "dept": department,
    }
    if account_kind:
        claims["acct"] = account_kind
    if amr:
        claims["amr"] = list(amr)  # RFC 8176 authentication methods: pwd, otp
    if required:
        claims[REQUIRED_ACTIONS_CLAIM] = sorted(set(required))
    if auth_time is not None:
        claims[AUTH_TIME_CLAIM] = int(auth_time.timestamp())
    return claims


# --- refresh tokens -------------------------------------------------------------------------
@dataclass(frozen=True)
class RefreshToken:
    """A presented or freshly minted refresh token split into its parts."""

    family_id: str
    secret: str

    def __str__(self) -> str:
        return f"{self.family_id}.{self.secret}"

    @property
    def digest(self) -> str:
        return secret_digest(self.secret)


def new_family_id() -> str:
    return secrets.token_urlsafe(16)


def mint_refresh_token(family_id: str) -> RefreshToken:
    """A new token of the family: 256 random bits, stored only as a digest."""
    return RefreshToken(family_id, secrets.token_urlsafe(32))


def parse_refresh_token(value: str) -> RefreshToken | None:
    family_id, dot, secret = (value or "").strip().partition(".")
    if not dot or not family_id or not secret or len(value) > 200:
        return None
    return RefreshToken(family_id, secret)


def secret_digest(secret: str) -> str:
    """SHA-256 of a high-entropy secret: enough for look-up; no slow hash needed (no guessing)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class FamilyState:
    """What the store knows about a refresh family."""

    current_digest: str
    created: datetime
    last_used: datetime
    revoked: bool
    policy: RefreshPolicy


class RefreshOutcome(enum.Enum):
    ROTATE = "rotate"  # valid: issue new tokens, retire the presented one
    REUSED = "reused"  # a retired token came back: revoke the whole family
    REVOKED = "revoked"  # family revoked (sign-out, disabled account, earlier reuse)
    EXPIRED = "expired"  # idle or absolute lifetime exceeded


def judge_refresh(state: FamilyState, presented_digest: str, account_active: bool,
                  now: datetime) -> RefreshOutcome:
    """Decide what presenting a refresh token of this family means."""
    if state.revoked or not account_active:
        return RefreshOutcome.REVOKED
    if not secrets.compare_digest(state.current_digest, presented_digest):
        # Only holders of a token of this family know its random id: a wrong secret is an old
        # token of the family coming back (or an attack on it). Either way the family dies.
        return RefreshOutcome.REUSED
    if now - state.last_used > state.policy.idle or now - state.created > state.policy.absolute:
        return RefreshOutcome.EXPIRED
    return RefreshOutcome.ROTATE
