"""Signing-key material: Ed25519 (EdDSA) or P-256 (ES256) keys, JWKs, and key wrapping.

Private keys stored in the database are wrapped with AES-256-GCM under the key-encryption key
(`JLP_IDENTITY_KEK`), with the key id as associated data, so a database dump alone cannot sign
tokens and a wrapped key cannot be swapped under another kid. Key ids are RFC 7638 JWK
thumbprints: stable, derived from the public key, and never colliding by accident.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PrivateKey = Ed25519PrivateKey | ec.EllipticCurvePrivateKey


class KeyMaterialError(ValueError):
    """Key material cannot be used (bad PEM, unsupported curve, wrong KEK)."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class SigningKey:
    """A private key with its JOSE algorithm and key id."""

    kid: str
    alg: str
    private_key: PrivateKey

    def public_jwk(self) -> dict[str, str]:
        return public_jwk(self.private_key, self.kid)


def algorithm_of(key: PrivateKey) -> str:
    if isinstance(key, Ed25519PrivateKey):
        return "EdDSA"
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return "ES256"
    raise KeyMaterialError("signing keys must be Ed25519 or EC P-256")


def _public_members(key: PrivateKey) -> dict[str, str]:
    pub = key.public_key()
    if isinstance(key, Ed25519PrivateKey):
        raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    numbers = pub.public_numbers()
    return {"crv": "P-256", "kty": "EC", "x": _b64url(numbers.x.to_bytes(32, "big")),
            "y": _b64url(numbers.y.to_bytes(32, "big"))}


def thumbprint(key: PrivateKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key."""
    members = _public_members(key)
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
    return _b64url(hashlib.sha256(canonical).digest())


def public_jwk(key: PrivateKey, kid: str) -> dict[str, str]:
    return {**_public_members(key), "kid": kid, "use": "sig", "alg": algorithm_of(key)}


def generate() -> SigningKey:
    key = Ed25519PrivateKey.generate()
    return SigningKey(thumbprint(key), "EdDSA", key)


def from_pem(pem: str) -> SigningKey:
    """A signing key given as PKCS#8 PEM (`JLP_JWT_SIGNING_KEY`)."""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyMaterialError(f"JLP_JWT_SIGNING_KEY is not a PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyMaterialError("JLP_JWT_SIGNING_KEY must be an Ed25519 or EC P-256 key")
    return SigningKey(thumbprint(key), algorithm_of(key), key)


def wrap(kek: bytes, key: SigningKey) -> str:
    """The private key as PKCS#8 DER sealed with AES-256-GCM under the KEK."""
    der = key.private_key.private_bytes(serialization.Encoding.DER,
                                        serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(kek).encrypt(nonce, der, key.kid.encode())).decode()


def unwrap(kek: bytes, kid: str, wrapped: str) -> SigningKey:
    raw = base64.b64decode(wrapped)
    try:
        der = AESGCM(kek).decrypt(raw[:12], raw[12:], kid.encode())
    except InvalidTag:
        raise KeyMaterialError(f"cannot unwrap signing key {kid}: wrong JLP_IDENTITY_KEK?") from None
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyMaterialError(f"stored key {kid} has an unsupported type")
    return SigningKey(kid, algorithm_of(key), key)
