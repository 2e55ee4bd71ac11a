"""Signed ticket QR payloads: a gate verifies offline; any one-byte change is refused."""

from __future__ import annotations

import base64
import string
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jlp_tourism.domain.qr import (
    QrProblem,
    QrRejected,
    QrSigner,
    QrVerifier,
    b64url_decode_strict,
    b64url_encode,
    public_jwk,
    public_key_from_jwk,
)

SEED = bytes(range(32))  # a fixed test key: deterministic signatures, reproducible payloads
KEY = Ed25519PrivateKey.from_private_bytes(SEED)
SIGNER = QrSigner("tk-2026-10", KEY)
VERIFIER = QrVerifier({"tk-2026-10": KEY.public_key()})
DAY = date(2026, 10, 2)
PAYLOAD = SIGNER.sign("t-0001", "spot-huayan", DAY, "0830-0930")


def test_round_trip() -> None:
    claims = VERIFIER.verify(PAYLOAD)
    assert (claims.ticket_id, claims.spot_id, claims.day, claims.slot_id, claims.kid) == \
        ("t-0001", "spot-huayan", DAY, "0830-0930", "tk-2026-10")
    assert PAYLOAD.startswith("JLPT1.") and PAYLOAD.count(".") == 2


def test_every_single_character_change_is_refused() -> None:
    alphabet = string.ascii_letters + string.digits + "-_."
    for i, original in enumerate(PAYLOAD):
        for replacement in (alphabet[(alphabet.index(original) + 1) % len(alphabet)],
                            alphabet[(alphabet.index(original) + 7) % len(alphabet)]):
            tampered = PAYLOAD[:i] + replacement + PAYLOAD[i + 1:]
            with pytest.raises(QrRejected):
                VERIFIER.verify(tampered)


def test_signature_padding_bits_cannot_be_flipped() -> None:
    # 64 bytes → 86 characters; the last one carries 4 unused bits, so a lenient decoder maps
    # 16 spellings to the same signature. Each of the other 15 must be refused.
    head, sig = PAYLOAD.rsplit(".", 1)
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"

    def lenient(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    siblings = [c for c in alphabet if c != sig[-1] and lenient(sig[:-1] + c) == lenient(sig)]
    assert len(siblings) == 15
    for c in siblings:
        with pytest.raises(QrRejected) as err:
            VERIFIER.verify(f"{head}.{sig[:-1]}{c}")
        assert err.value.problem is QrProblem.MALFORMED_PAYLOAD
    with pytest.raises(ValueError, match="non-canonical"):
        b64url_decode_strict("AB")  # 'B' sets a bit that 1 decoded byte cannot carry
    assert b64url_decode_strict(b64url_encode(b"\x00\xff")) == b"\x00\xff"


def test_wrong_key_and_unknown_key() -> None:
    other = QrSigner("tk-2026-10", Ed25519PrivateKey.generate()).sign("t-0001", "spot-huayan", DAY, "0830-0930")
    with pytest.raises(QrRejected) as err:
        VERIFIER.verify(other)
    assert err.value.problem is QrProblem.BAD_SIGNATURE
    unknown = QrSigner("tk-old", KEY).sign("t-0001", "spot-huayan", DAY, "0830-0930")
    with pytest.raises(QrRejected) as err:
        VERIFIER.verify(unknown)
    assert err.value.problem is QrProblem.UNKNOWN_KEY


BAD_DATE = b'{"kid":"k","tid":"t","spot":"s","date":"2026-13-01","slot":"x"}'


@pytest.mark.parametrize("payload", ["", "x" * 2000, "JLPT1.abc", "JLPT2.e30.e30", "JLPT1.e30.e30",
                                     "JLPT1.!!.e30", "JLPT1." + b64url_encode(b"[1]") + ".e30",
                                     "JLPT1." + b64url_encode(BAD_DATE) + ".e30"])
def test_malformed_payloads(payload: str) -> None:
    with pytest.raises(QrRejected) as err:
        VERIFIER.verify(payload)
    assert err.value.problem is QrProblem.MALFORMED_PAYLOAD


def test_published_jwk_verifies_like_the_key() -> None:
    jwk = public_jwk("tk-2026-10", KEY.public_key())
    assert {k: jwk[k] for k in ("kty", "crv", "alg", "use", "kid")} == \
        {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": "tk-2026-10"}
    gate = QrVerifier({jwk["kid"]: public_key_from_jwk(jwk)})
    assert gate.verify(PAYLOAD).ticket_id == "t-0001"
    with pytest.raises(ValueError):
        public_key_from_jwk({"kty": "EC", "crv": "P-256", "x": jwk["x"]})


def test_rotation_keeps_old_tickets_verifiable() -> None:
    new_key = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    new_payload = QrSigner("tk-2026-11", new_key).sign("t-0002", "spot-huayan", DAY, "0930-1030")
    both = QrVerifier({"tk-2026-10": KEY.public_key(), "tk-2026-11": new_key.public_key()})
    assert both.verify(PAYLOAD).kid == "tk-2026-10" and both.verify(new_payload).kid == "tk-2026-11"
