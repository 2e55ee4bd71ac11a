"""OAuth 2.0 token-endpoint errors (RFC 6749 §5.2) as domain errors.

The ErrorInfo `reason` carries the OAuth error code in upper case; the gateway's token route
lower-cases it into the `error` member and picks the HTTP status (400, or 401 for
invalid_client and mfa_required).
"""

from __future__ import annotations

from jlp_common.errors import InvalidArgument, Unauthenticated
from jlp_identity.validation import clip

GENERIC_SIGN_IN_FAILURE = "invalid user name or password"


class InvalidGrant(Unauthenticated):
    """Wrong credentials, unknown or disabled user, locked account, bad refresh token."""

    reason = "INVALID_GRANT"


class InvalidClient(Unauthenticated):
    reason = "INVALID_CLIENT"


class MfaRequired(Unauthenticated):
    """Password accepted but a valid TOTP code (`otp`) is needed as well."""

    reason = "MFA_REQUIRED"


class InvalidScope(InvalidArgument):
    reason = "INVALID_SCOPE"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class UnsupportedGrantType(InvalidArgument):
    reason = "UNSUPPORTED_GRANT_TYPE"

    def __init__(self, grant_type: str) -> None:
        super().__init__(f"grant type {clip(grant_type)!r} is not supported")


class InvalidRequest(InvalidArgument):
    reason = "INVALID_REQUEST"
