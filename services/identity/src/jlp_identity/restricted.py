"""Restricted access tokens: what an account with required actions may do (ADR 0033).

A sign-in with an initial password still to change (accounts an administrator created), or by
a privileged account without its second factor, gets an access token with no roles, no
permissions and a `required_actions` claim. Identity verifies its tokens into a
`RestrictedPrincipal` then: every method that needs a permission is refused with
PERMISSION_DENIED and the reason PASSWORD_CHANGE_REQUIRED (or TOTP_ENROLMENT_REQUIRED) instead
of a bare "missing permission", so a client knows what to do; of the methods open to any
signed-in caller, GetMe is allowed and ChangePassword / EnrollTotp only when their action is
required. Every other service refuses such tokens with the same reason on every method but
public reads (jlp_common.auth.authorize); the gateway only passes the verified token on.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from jlp_common.auth import Principal, TokenVerifier
from jlp_common.errors import PermissionDenied
from jlp_identity.domain.tokens import CHANGE_PASSWORD, actions_of, refusal_reason

_CHANGE_MESSAGE = ("the initial password must be changed first (ChangePassword, "
                   "POST /api/v1/me:changePassword); then sign in again")
_ENROL_MESSAGE = ("a second factor must be enrolled first (EnrollTotp, "
                  "POST /api/v1/me:enrollTotp); then sign in again with the one-time password")


def refusal(actions: frozenset[str]) -> PermissionDenied:
    message = _CHANGE_MESSAGE if CHANGE_PASSWORD in actions else _ENROL_MESSAGE
    return PermissionDenied(message, reason=refusal_reason(actions),
                            metadata={"required_actions": " ".join(sorted(actions))})


@dataclass(frozen=True)
class RestrictedPrincipal(Principal):
    """A caller whose token only allows completing its required actions."""

    def has(self, permission: str) -> bool:
        return False

    def require(self, permission: str) -> None:
        raise refusal(self.required_actions)


def require_action(principal: Principal, action: str) -> None:
    """Refuse a restricted caller a self-service method whose action it does not require."""
    if isinstance(principal, RestrictedPrincipal) and action not in principal.required_actions:
        raise refusal(principal.required_actions)


class IdentityTokenVerifier(TokenVerifier):
    """jlp_common's verifier, turning restricted tokens into RestrictedPrincipal."""

    def verify(self, token: str) -> Principal:
        principal = super().verify(token)
        if not actions_of(principal.claims):
            return principal
        return RestrictedPrincipal(**{f.name: getattr(principal, f.name)
                                      for f in fields(Principal)})
