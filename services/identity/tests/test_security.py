"""Password hashing, signing-key wrapping (the PII cipher is tested in libs/common)."""

from __future__ import annotations

import os

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from jlp_identity.security import hashing, keys


def test_passwords_are_argon2id() -> None:
    hasher = hashing.Passwords(hashing.FAST_FOR_TESTS)
    stored = hasher.hash("Chongqing-2026")
    assert stored.startswith("$argon2id$")
    assert hasher.verify(stored, "Chongqing-2026")
    assert not hasher.verify(stored, "chongqing-2026")
    assert not hasher.verify(None, "anything")
    assert hashing.PRODUCTION.memory_cost == 65536 and hashing.PRODUCTION.time_cost == 3
    assert hashing.Passwords(hashing.PRODUCTION).needs_rehash(stored)


def test_signing_key_wrap_and_jwk() -> None:
    kek = os.urandom(32)
    key = keys.generate()
    wrapped = keys.wrap(kek, key)
    again = keys.unwrap(kek, key.kid, wrapped)
    assert again.kid == key.kid and again.public_jwk() == key.public_jwk()
    with pytest.raises(keys.KeyMaterialError):
        keys.unwrap(os.urandom(32), key.kid, wrapped)
    with pytest.raises(keys.KeyMaterialError):
        keys.unwrap(kek, "another-kid", wrapped)
    jwk = key.public_jwk()
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and jwk["alg"] == "EdDSA"
    token = jwt.encode({"sub": "x"}, key.private_key, algorithm="EdDSA")
    assert jwt.decode(token, jwt.PyJWK.from_dict(jwk), algorithms=["EdDSA"])["sub"] == "x"


def test_pem_key_from_the_environment_may_be_es256() -> None:
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    key = keys.from_pem(pem)
    assert key.alg == "ES256" and key.public_jwk()["crv"] == "P-256"
    with pytest.raises(keys.KeyMaterialError):
        keys.from_pem("not a pem")
