"""The OAuth 2.0 grants (RFC 6749) and revocation (RFC 7009).

- password: sign-in (signin.py) → access token + a new refresh family;
- refresh_token: rotation with reuse detection (domain/tokens.py), one atomic compare-and-set
  on the family document per use, so two concurrent uses of one token cannot both succeed;
- client_credentials: OAuth clients (devices, services, civic apps); no refresh token
  (RFC 6749 §4.4.3). Without a client_id the secret is taken as an API key (an Open311
  `api_key`): accepted only for clients whose roles allow it (clients.py), audited as
  `token_issued` with `client_auth: api_key`. The gateway limits these requests per address
  like every other token request.
Access tokens of disabled accounts, revoked tokens and disabled clients are refused by
identity's own verifier at once (`is_revoked`); other services stop accepting them when they
expire, at most 15 minutes later.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import jwt

from jlp_common.auth import Principal
from jlp_common.errors import PermissionDenied
from jlp_common.timeutil import Clock, as_utc
from jlp_identity.audit_log import AuditLog
from jlp_identity.clients import ClientRegistry
from jlp_identity.domain import permissions
from jlp_identity.domain.tokens import (
    ACCESS_TOKEN_TTL,
    CHANGE_PASSWORD,
    REAUTHENTICATION_REQUIRED,
    REAUTHENTICATION_WINDOW,
    TOKEN_TYPE,
    FamilyState,
    RefreshOutcome,
    access_claims,
    actions_of,
    judge_refresh,
    mint_refresh_token,
    new_family_id,
    parse_refresh_token,
    recently_authenticated,
    refresh_policy,
    restricted_token_spent,
)
from jlp_identity.models import RefreshFamilyDoc, RevokedTokenDoc, UserDoc
from jlp_identity.oauth_errors import InvalidGrant, InvalidRequest, InvalidScope, UnsupportedGrantType
from jlp_identity.signin import SignIn
from jlp_identity.signing import KeyRing

GRANT_TYPES = ("password", "refresh_token", "client_credentials")


@dataclass(frozen=True)
class TokenGrant:
    """What an OAuth token request carries (already parsed by the gateway's token route)."""

    grant_type: str
    username: str = ""
    password: str = ""
    otp: str = ""
    refresh_token: str = ""
    client_id: str = ""
    client_secret: str = ""
    scope: str = ""


@dataclass(frozen=True)
class Issued:
    access_token: str
    expires_in: int
    scope: str
    refresh_token: str = ""
    token_type: str = TOKEN_TYPE
    password_change_required: bool = False


class TokenService:
    def __init__(self, clock: Clock, ring: KeyRing, signin: SignIn, clients: ClientRegistry,
                 audit: AuditLog, issuer: str, audience: str) -> None:
        self.clock, self.ring, self.signin, self.clients = clock, ring, signin, clients
        self.audit, self.issuer, self.audience = audit, issuer, audience

    # --- grants -----------------------------------------------------------------------------
    def issue(self, grant: TokenGrant) -> Issued:
        if grant.grant_type not in GRANT_TYPES:
            if not grant.grant_type:
                raise InvalidRequest("grant_type is required")
            raise UnsupportedGrantType(grant.grant_type)
        if grant.grant_type == "client_credentials":
            return self._client_credentials(grant)
        if grant.client_secret:  # a confidential client may authenticate on any grant
            self.clients.authenticate(grant.client_id, grant.client_secret)
        if grant.grant_type == "password":
            return self._password(grant)
        return self._refresh(grant)

    def _password(self, grant: TokenGrant) -> Issued:
        if not grant.username or not grant.password:
            raise InvalidRequest("username and password are required")
        signed_in = self.signin.authenticate(grant.username, grant.password, grant.otp)
        user = signed_in.user
        if signed_in.required_actions:
            # No permissions, no roles and no refresh token: enough for the required actions
            # (ChangePassword, EnrollTotp) and GetMe; identity refuses anything else with the
            # reason PASSWORD_CHANGE_REQUIRED or TOTP_ENROLMENT_REQUIRED (restricted.py).
            return self._user_tokens(user, frozenset(), signed_in.amr, roles=(),
                                     grant="password", required=signed_in.required_actions,
                                     auth_time=self.clock())
        scope = self._scope(permissions.permissions_for(user.roles), grant.scope)
        refresh = self._new_family(user, scope, signed_in.amr)
        return self._user_tokens(user, scope, signed_in.amr, roles=user.roles,
                                 grant="password", refresh_token=refresh, auth_time=self.clock())

    def _refresh(self, grant: TokenGrant) -> Issued:
        presented = parse_refresh_token(grant.refresh_token)
        if presented is None:
            raise InvalidGrant("refresh token is not valid")
        family = RefreshFamilyDoc.objects(id=presented.family_id).first()
        if family is None:
            raise InvalidGrant("refresh token is not valid")
        user = UserDoc.objects(id=family.subject).first()
        now = self.clock()
        state = FamilyState(family.current_digest, as_utc(family.create_time),
                            as_utc(family.last_used), family.revoked,
                            refresh_policy(family.account_kind))
        outcome = judge_refresh(state, presented.digest, bool(user and not user.disabled), now)
        if outcome is RefreshOutcome.REUSED:
            self._revoke_family(family.id, "reuse")
            self.audit.record("token_revoked", actor=family.subject,
                              object=f"refresh_families/{family.id}", result="reuse_detected",
                              details={"why": "an already used refresh token was presented"})
            raise InvalidGrant("refresh token was already used; the session has been revoked")
        if outcome is not RefreshOutcome.ROTATE:
            raise InvalidGrant(f"refresh token is {outcome.value}")
        assert user is not None
        if user.password_change_required:  # e.g. families of before an administrator's reset
            self._revoke_family(family.id, "password_change_required")
            raise InvalidGrant("the password must be changed; sign in again")
        scope = frozenset(family.scope) & permissions.permissions_for(user.roles)
        if grant.scope:
            narrowed = permissions.granted_scope(scope, grant.scope)
            if narrowed is None:
                raise InvalidScope("requested scope exceeds the original grant")
            scope = narrowed
        nxt = mint_refresh_token(family.id)
        # Compare-and-set: only the holder of the current token moves the family on.
        moved = RefreshFamilyDoc.objects(id=family.id, current_digest=presented.digest,
                                         revoked=False).update_one(
            set__current_digest=nxt.digest, set__last_used=now, inc__generation=1)
        if not moved:  # a concurrent use of the same token won: this one is a reuse
            self._revoke_family(family.id, "reuse")
            raise InvalidGrant("refresh token was already used; the session has been revoked")
        # A refresh proves possession of the session, not the user's presence: the tokens keep
        # the time of the sign-in that created the family.
        return self._user_tokens(user, scope, tuple(family.amr), roles=user.roles,
                                 grant="refresh_token", refresh_token=str(nxt),
                                 auth_time=as_utc(family.create_time))

    def _client_credentials(self, grant: TokenGrant) -> Issued:
        if grant.client_id:
            client = self.clients.authenticate(grant.client_id, grant.client_secret)
            method = "client_secret"
        else:
            client = self.clients.authenticate_api_key(grant.client_secret)
            method = "api_key"
        scope = self._scope(permissions.permissions_for(client.roles), grant.scope)
        now = self.clock()
        jti = uuid.uuid4().hex
        claims = access_claims(issuer=self.issuer, audience=self.audience, subject=client.id,
                               kind="client", roles=client.roles, scope=scope, department="",
                               now=now, jti=jti)
        token = self.ring.sign(claims)
        self.audit.record("token_issued", actor=client.id, object=f"tokens/{jti}",
                          details={"grant": "client_credentials", "client_auth": method})
        return Issued(token, int(ACCESS_TOKEN_TTL.total_seconds()), " ".join(sorted(scope)))

    # --- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _scope(held: frozenset[str], requested: str) -> frozenset[str]:
        granted = permissions.granted_scope(held, requested)
        if granted is None:
            raise InvalidScope("none of the requested scopes is granted to this account")
        return granted

    def _new_family(self, user: UserDoc, scope: frozenset[str], amr: tuple[str, ...]) -> str:
        now = self.clock()
        policy = refresh_policy(user.kind)
        token = mint_refresh_token(new_family_id())
        RefreshFamilyDoc(id=token.family_id, subject=user.id, account_kind=user.kind,
                         current_digest=token.digest, scope=sorted(scope), amr=list(amr),
                         create_time=now, last_used=now,
                         expire_time=now + policy.absolute).save(force_insert=True)
        return str(token)

    def _user_tokens(self, user: UserDoc, scope: frozenset[str], amr: tuple[str, ...], *,
                     roles: Iterable[str], grant: str, refresh_token: str = "",
                     required: tuple[str, ...] = (), auth_time: datetime | None = None) -> Issued:
        now = self.clock()
        jti = uuid.uuid4().hex
        claims = access_claims(issuer=self.issuer, audience=self.audience, subject=user.id,
                               kind="user", roles=roles, scope=scope,
                               department=user.department or "", now=now, jti=jti,
                               account_kind=user.kind, amr=amr, required=required,
                               auth_time=auth_time)
        token = self.ring.sign(claims)
        self.audit.record("token_issued", actor=user.id, object=f"tokens/{jti}",
                          details={"grant": grant, "restricted": " ".join(required)})
        return Issued(token, int(ACCESS_TOKEN_TTL.total_seconds()), " ".join(sorted(scope)),
                      refresh_token=refresh_token,
                      password_change_required=CHANGE_PASSWORD in required)

    @staticmethod
    def _revoke_family(family_id: str, reason: str) -> None:
        RefreshFamilyDoc.objects(id=family_id).update_one(set__revoked=True,
                                                          set__revoke_reason=reason)

    # --- revocation (RFC 7009) --------------------------------------------------------------
    def revoke(self, token: str, hint: str = "", client_id: str = "",
               client_secret: str = "") -> None:
        """Revoke a refresh token's family or an access token; unknown tokens are ignored
        (RFC 7009 §2.2: the answer is 200 either way)."""
        if client_secret:
            self.clients.authenticate(client_id, client_secret)
        token = (token or "").strip()
        if not token:
            raise InvalidRequest("token is required")
        kinds = ("refresh_token", "access_token")
        if hint == "access_token":
            kinds = ("access_token", "refresh_token")
        for kind in kinds:
            done = self._revoke_refresh(token) if kind == "refresh_token" \
                else self._revoke_access(token)
            if done:
                return

    def _revoke_refresh(self, token: str) -> bool:
        presented = parse_refresh_token(token)
        if presented is None:
            return False
        family = RefreshFamilyDoc.objects(id=presented.family_id,
                                          current_digest=presented.digest).first()
        if family is None:
            return False
        self._revoke_family(family.id, "revoked")
        self.audit.record("token_revoked", actor=family.subject,
                          object=f"refresh_families/{family.id}", details={"kind": "refresh"})
        return True

    def _revoke_access(self, token: str) -> bool:
        try:
            claims = self._verify_signature(token)
        except jwt.PyJWTError:
            return False
        jti, exp = str(claims.get("jti", "")), int(claims.get("exp", 0))
        if not jti:
            return False
        expire = datetime.fromtimestamp(exp, tz=self.clock().tzinfo)
        RevokedTokenDoc.objects(id=jti).update_one(set__subject=str(claims.get("sub", "")),
                                                   set__expire_time=expire, upsert=True)
        self.audit.record("token_revoked", actor=str(claims.get("sub", "")),
                          object=f"tokens/{jti}", details={"kind": "access"})
        return True

    def _verify_signature(self, token: str) -> dict:
        kid = jwt.get_unverified_header(token).get("kid", "")
        jwk = next((k for k in self.ring.jwks()["keys"] if k["kid"] == kid), None)
        if jwk is None:
            raise jwt.InvalidKeyError("unknown kid")
        key = jwt.PyJWK.from_dict(jwk)
        return jwt.decode(token, key=key, algorithms=[jwk["alg"]], audience=self.audience,
                          issuer=self.issuer, options={"verify_exp": False})

    def require_recent_sign_in(self, principal: Principal, what: str) -> None:
        """Refuse `what` unless the caller signed in (password grant) within the
        re-authentication window; a refreshed session is not enough (ADR 0035)."""
        if not recently_authenticated(principal.claims, self.clock()):
            minutes = int(REAUTHENTICATION_WINDOW.total_seconds() // 60)
            raise PermissionDenied(
                f"{what} needs a recent sign-in: sign in again with your password "
                f"(and one-time password) and retry within {minutes} minutes",
                reason=REAUTHENTICATION_REQUIRED, metadata={"max_age_s": str(minutes * 60)})

    def is_revoked(self, principal: Principal) -> bool:
        """Identity's own check on every call: revoked jti, disabled user or client, and a
        restricted token whose purpose is gone (ADR 0033)."""
        if principal.token_id and RevokedTokenDoc.objects(id=principal.token_id).first():
            return True
        if principal.kind == "client":
            return not self.clients.is_active(principal.subject)
        user = UserDoc.objects(id=principal.subject).only(
            "disabled", "password_change_required", "password_change_time").first()
        if user is None or user.disabled:
            return True
        actions = actions_of(principal.claims)
        return bool(actions) and restricted_token_spent(actions, principal.claims.get("iat"),
                                                        bool(user.password_change_required),
                                                        as_utc(user.password_change_time))
