"""Signed ticket QR payloads that a gate verifies offline with the published key.

Format (one line, QR alphanumeric-friendly, JWS-like but fixed so a gate needs no JOSE stack):

    JLPT1.<base64url(JSON claims)>.<base64url(Ed25519 signature)>

The signature covers the ASCII bytes `JLPT1.<claims part>` exactly as transmitted, so any change
to the prefix or the claims fails the check. The claims carry the key id (`kid`), the ticket,
spot, Beijing date and slot; nothing personal (the gate checks the holder's ID card against the
masked visitor the server returns, or the ticket holder list it synced).

Base64url is decoded strictly: unpadded, URL alphabet only, and canonical — the last character
of a 64-byte signature carries 4 unused bits, so a lenient decoder would accept several spellings
of one signature and a changed character would still verify. Re-encoding and comparing closes
that gap: a one-byte change anywhere is refused.

Ed25519 (RFC 8032) via `cryptography`: deterministic signatures, 64 bytes, small keys; the
public keys are published as RFC 8037 OKP JWKs, retired ones kept while their tickets are valid.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PREFIX = "JLPT1"
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
SIGNATURE_BYTES = 64
MAX_PAYLOAD_CHARS = 1024  # a QR code of this size is already dense; anything longer is not ours


class QrProblem(Enum):
    MALFORMED_PAYLOAD = "MALFORMED_PAYLOAD"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    BAD_SIGNATURE = "BAD_SIGNATURE"


class QrRejected(Exception):
    """The payload cannot be trusted; `problem` says why (the gate shows it)."""

    def __init__(self, problem: QrProblem, detail: str) -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class TicketClaims:
    """What a verified payload asserts."""

    ticket_id: str
    spot_id: str
    day: date
    slot_id: str
    kid: str


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode_strict(text: str) -> bytes:
    """Decode unpadded base64url, refusing any other spelling of the same bytes."""
    if not _B64URL.match(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc
    if b64url_encode(data) != text:
        raise ValueError("non-canonical base64url")
    return data


def _claims_json(claims: TicketClaims) -> bytes:
    body = {"kid": claims.kid, "tid": claims.ticket_id, "spot": claims.spot_id,
            "date": claims.day.isoformat(), "slot": claims.slot_id}
    return json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


@dataclass(frozen=True)
class QrSigner:
    """Signs with the current private key (passed in; key storage and rotation live outside)."""

    kid: str
    private_key: Ed25519PrivateKey

    def sign(self, ticket_id: str, spot_id: str, day: date, slot_id: str) -> str:
        claims = TicketClaims(ticket_id, spot_id, day, slot_id, self.kid)
        signed = f"{PREFIX}.{b64url_encode(_claims_json(claims))}"
        return f"{signed}.{b64url_encode(self.private_key.sign(signed.encode('ascii')))}"


class QrVerifier:
    """Verifies payloads with the published public keys, by key id (what a gate does offline)."""

    def __init__(self, keys: Mapping[str, Ed25519PublicKey]) -> None:
        self._keys = dict(keys)

    def verify(self, payload: str) -> TicketClaims:
        if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD_CHARS:
            raise QrRejected(QrProblem.MALFORMED_PAYLOAD, "empty or too long")
        parts = payload.split(".")
        if len(parts) != 3 or parts[0] != PREFIX:
            raise QrRejected(QrProblem.MALFORMED_PAYLOAD, f"not a {PREFIX} ticket payload")
        try:
            raw_claims = b64url_decode_strict(parts[1])
            signature = b64url_decode_strict(parts[2])
            body = json.loads(raw_claims.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise QrRejected(QrProblem.MALFORMED_PAYLOAD, str(exc)) from None
        claims = _parse_claims(body)
        key = self._keys.get(claims.kid)
        if key is None:
            raise QrRejected(QrProblem.UNKNOWN_KEY, f"key {claims.kid!r} is not published")
        if len(signature) != SIGNATURE_BYTES:
            raise QrRejected(QrProblem.BAD_SIGNATURE, "signature has the wrong length")
        try:
            key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
        except InvalidSignature:
            raise QrRejected(QrProblem.BAD_SIGNATURE, "signature does not match") from None
        return claims


def _parse_claims(body: object) -> TicketClaims:
    if not isinstance(body, dict) or set(body) != {"kid", "tid", "spot", "date", "slot"}:
        raise QrRejected(QrProblem.MALFORMED_PAYLOAD, "claims must be exactly kid, tid, spot, date, slot")
    if not all(isinstance(v, str) and v for v in body.values()):
        raise QrRejected(QrProblem.MALFORMED_PAYLOAD, "every claim must be a non-empty string")
    try:
        day = date.fromisoformat(body["date"])
    except ValueError:
        raise QrRejected(QrProblem.MALFORMED_PAYLOAD, "date is not YYYY-MM-DD") from None
    return TicketClaims(body["tid"], body["spot"], day, body["slot"], body["kid"])


def public_jwk(kid: str, public_key: Ed25519PublicKey, retired: bool = False) -> dict[str, object]:
    """The RFC 8037 OKP JWK of a verification key (as GetVerificationKeys publishes it)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw), "kid": kid, "use": "sig",
            "alg": "EdDSA", "retired": retired}


def public_key_from_jwk(jwk: Mapping[str, object]) -> Ed25519PublicKey:
    """The key a gate loads from a published JWK (refusing anything but Ed25519 OKP)."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise ValueError("only OKP Ed25519 keys are used for tickets")
    raw = b64url_decode_strict(str(jwk.get("x", "")))
    return Ed25519PublicKey.from_public_bytes(raw)
