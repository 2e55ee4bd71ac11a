"""The PII cipher: AES-256-GCM bound to the field, keyed look-up hashes (moved from identity)."""

from __future__ import annotations

import os

import pytest

from jlp_common.pii import PiiCipher, PiiError


def test_pii_round_trip_and_field_binding() -> None:
    cipher = PiiCipher(os.urandom(32))
    sealed = cipher.encrypt("phone", "13812345678")
    assert "13812345678" not in sealed and sealed.startswith("v1.")
    assert cipher.decrypt("phone", sealed) == "13812345678"
    assert cipher.encrypt("phone", "13812345678") != sealed  # random nonce
    with pytest.raises(PiiError):
        cipher.decrypt("id_number", sealed)  # a ciphertext moved to another field
    with pytest.raises(PiiError):
        PiiCipher(os.urandom(32)).decrypt("phone", sealed)


def test_lookup_hash_is_keyed_deterministic_and_domain_separated() -> None:
    key = os.urandom(32)
    a, b = PiiCipher(key), PiiCipher(key)
    assert a.lookup("phone", "13812345678") == b.lookup("phone", "13812345678")
    assert a.lookup("phone", "13812345678") != a.lookup("id_number", "13812345678")
    assert a.lookup("phone", "13812345678") != PiiCipher(os.urandom(32)).lookup(
        "phone", "13812345678")
