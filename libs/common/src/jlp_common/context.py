"""Per-request context shared by logging, auth and clients: request id and caller principal.

Kept in contextvars so that logs, outgoing calls and events pick them up without threading
them through every function signature.
"""

from __future__ import annotations

import contextvars
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jlp_common.auth import Principal

REQUEST_ID_HEADER = "x-request-id"

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("jlp_request_id", default=None)
principal_var: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("jlp_principal", default=None)
token_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("jlp_bearer_token", default=None)
deadline_var: contextvars.ContextVar[float | None] = contextvars.ContextVar("jlp_deadline", default=None)
peer_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("jlp_peer", default=None)


def new_request_id() -> str:
    """32 random hex digits (the form uuid4().hex had, at a seventh of its cost: no UUID object)."""
    return os.urandom(16).hex()


def current_request_id() -> str | None:
    return request_id_var.get()


def current_principal() -> Principal | None:
    """The verified caller of the request being served, or None (public call, or no request)."""
    return principal_var.get()


def require_principal() -> Principal:
    """The verified caller; Unauthenticated (reason MISSING_TOKEN) when there is none.

    The one "current caller" helper of every servicer. A method's policy already refuses
    anonymous calls to non-public methods, so this raising means a public method needs a caller
    after all, or the code runs outside a request: the client's remedy is the same either way
    (send a bearer token), hence UNAUTHENTICATED with the same reason `authorize` gives.
    """
    principal = principal_var.get()
    if principal is None:
        from jlp_common.errors import Unauthenticated

        raise Unauthenticated("a bearer access token is required", reason="MISSING_TOKEN")
    return principal
