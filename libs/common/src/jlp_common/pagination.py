"""Opaque, tamper-evident page tokens (AIP-158).

A token encodes where the next page starts plus a fingerprint of the query it belongs to, and
is signed with HMAC-SHA256: a client can neither forge a position nor reuse a token with other
filters (both are INVALID_ARGUMENT on `page_token`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from jlp_common.errors import InvalidArgument

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
_process_key = os.urandom(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageTokens:
    """Signs and checks page tokens with one key (JLP_PAGE_TOKEN_KEY; random per process if unset,
    which only means tokens do not survive a restart or cross replicas)."""

    def __init__(self, key: bytes = b"") -> None:
        self.key = key or _process_key

    @staticmethod
    def fingerprint(query: Mapping[str, Any]) -> str:
        raw = json.dumps(query, sort_keys=True, default=str).encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def encode(self, position: Mapping[str, Any], query: Mapping[str, Any]) -> str:
        body = json.dumps({"p": position, "q": self.fingerprint(query)}, sort_keys=True,
                          default=str, separators=(",", ":")).encode()
        mac = hmac.new(self.key, body, hashlib.sha256).digest()[:16]
        return _b64(body) + "." + _b64(mac)

    def decode(self, token: str, query: Mapping[str, Any]) -> dict[str, Any] | None:
        """The position of a token (None for an empty token = first page)."""
        if not token:
            return None
        try:
            body_b64, mac_b64 = token.split(".", 1)
            body, mac = _unb64(body_b64), _unb64(mac_b64)
        except (ValueError, TypeError):
            raise InvalidArgument.field("page_token", "malformed page token") from None
        expected = hmac.new(self.key, body, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(mac, expected):
            raise InvalidArgument.field("page_token", "page token is not valid (tampered or expired)")
        data = json.loads(body)
        if data.get("q") != self.fingerprint(query):
            raise InvalidArgument.field("page_token", "page token belongs to a different query")
        return data["p"]

    def page(self, fetched: Sequence[T], size: int, position: Callable[[T], Mapping[str, Any]],
             query: Mapping[str, Any]) -> tuple[list[T], str]:
        """Keyset paging: `fetched` was read with limit `size + 1`; return the page and the token
        of the next one (signed `position` of the page's last item), "" when this is the last."""
        items = list(fetched[:size])
        if len(fetched) <= size or not items:
            return items, ""
        return items, self.encode(position(items[-1]), query)


def page_size(requested: int, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """AIP-158: 0 means the default; negative is an error; above the maximum is capped."""
    if requested < 0:
        raise InvalidArgument.field("page_size", "must not be negative")
    if requested == 0:
        return default
    return min(requested, maximum)
