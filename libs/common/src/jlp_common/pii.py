"""Personal numbers at rest: AES-256-GCM for the value, HMAC-SHA256 for look-ups.

One 32-byte master key (a service's setting, e.g. identity's `JLP_PII_KEY`) is stretched with
HKDF-SHA256 into two independent keys, one per purpose, so the look-up hash reveals nothing
about the encryption key and vice versa.
- `encrypt(field, value)`: random 96-bit nonce, the field name as associated data (a ciphertext
  copied into another field fails to decrypt), stored as `v1.<base64(nonce || ciphertext)>`;
  the version prefix leaves room for key rotation.
- `lookup(field, value)`: deterministic keyed hash of the normalised value, domain-separated by
  field, so equality search and unique indexes work without storing the number; without the key
  the hash cannot be brute-forced over the small space of valid ID numbers or phones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
NONCE_BYTES = 12


class PiiError(ValueError):
    """A stored value cannot be decrypted (wrong key, or the data was altered)."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"jlp-identity/" + purpose).derive(master)


class PiiCipher:
    """Encrypts, decrypts and hashes personal values with keys derived from one master key."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the PII master key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"pii-aes-gcm/v1"))
        self._mac_key = _derive(master_key, b"pii-lookup-hmac/v1")

    def encrypt(self, field: str, value: str) -> str:
        if not value:
            return ""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode(), field.encode())
        return f"{VERSION}.{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, field: str, token: str) -> str:
        if not token:
            return ""
        version, _, body = token.partition(".")
        if version != VERSION:
            raise PiiError(f"unknown PII envelope version {version!r}")
        try:
            raw = base64.b64decode(body)
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], field.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise PiiError(f"cannot decrypt {field}") from exc

    def lookup(self, field: str, value: str) -> str:
        """Hex HMAC-SHA256 of `field:value` (value already normalised by the caller)."""
        return hmac.new(self._mac_key, f"{field}:{value}".encode(), hashlib.sha256).hexdigest()
