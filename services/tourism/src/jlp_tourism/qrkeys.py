"""The ticket-signing key ring: the current Ed25519 key signs, every listed key verifies.

`JLP_TOURISM_QR_KEYS` = `kid:base64(32-byte seed)[,kid:seed...]`; the first is the signing
key, the rest are retired keys kept so tickets already issued stay verifiable until their day
has passed. No key has a default in code: with the embedded store (local runs, tests) a missing
setting generates a throw-away key with a warning; with `JLP_MONGO_URI` set it stops start-up
naming the variable (tickets outliving a restart must stay verifiable).
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jlp_common.config import ConfigError, Settings
from jlp_tourism.domain.qr import QrSigner, QrVerifier, public_jwk

log = logging.getLogger(__name__)
VARIABLE = "JLP_TOURISM_QR_KEYS"


@dataclass(frozen=True)
class KeyRing:
    signer: QrSigner
    public: dict[str, Ed25519PublicKey]

    @property
    def verifier(self) -> QrVerifier:
        return QrVerifier(self.public)

    def jwks(self) -> list[dict[str, object]]:
        return [public_jwk(kid, key, retired=kid != self.signer.kid) for kid, key in self.public.items()]


def parse(text: str) -> KeyRing:
    keys: list[tuple[str, Ed25519PrivateKey]] = []
    for item in (part.strip() for part in text.split(",") if part.strip()):
        kid, _, seed = item.partition(":")
        try:
            raw = base64.b64decode(seed, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(f"{VARIABLE}: the key of {kid!r} must be base64") from None
        if not kid or len(raw) != 32:
            raise ConfigError(f"{VARIABLE}: each entry is kid:base64 of a 32-byte Ed25519 seed")
        keys.append((kid, Ed25519PrivateKey.from_private_bytes(raw)))
    if not keys:
        raise ConfigError(f"{VARIABLE} lists no key")
    return KeyRing(QrSigner(keys[0][0], keys[0][1]), {kid: key.public_key() for kid, key in keys})


def from_settings(settings: Settings) -> KeyRing:
    text = settings.get(VARIABLE)
    if text:
        return parse(text)
    if settings.mongo_uri:
        raise ConfigError(f"{VARIABLE} is required when JLP_MONGO_URI is set (kid:base64 of 32 random bytes)")
    log.warning("%s is not set: generated a throw-away ticket key for this process", VARIABLE,
                extra={"variable": VARIABLE})
    kid = "local-" + os.urandom(4).hex()
    return parse(f"{kid}:{base64.b64encode(os.urandom(32)).decode()}")
