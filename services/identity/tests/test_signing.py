"""The key ring on the embedded store: rotation by age, two replicas rotating at once, and an
operator-managed PEM key whose predecessor stays published for the grace period."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jlp_common import db
from jlp_identity.models import SigningKeyDoc
from jlp_identity.signing import KeyRing

from .conftest import FakeClock

ROTATION = timedelta(days=30)


@pytest.fixture(autouse=True)
def store() -> Iterator[None]:
    db.connect("identity-signing-test", "")
    db.ensure_indexes(SigningKeyDoc)
    yield


def pem() -> str:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()


def test_two_replicas_rotating_at_once_agree_on_one_new_key() -> None:
    clock, kek = FakeClock(), os.urandom(32)
    a, b = KeyRing(clock, kek, ROTATION), KeyRing(clock, kek, ROTATION)
    first = a.current().kid
    assert b.current().kid == first  # b adopts a's key, no second one
    clock.advance(days=31)
    assert a.current().kid == b.current().kid != first
    assert SigningKeyDoc.objects.count() == 2
    assert [k["kid"] for k in a.jwks()["keys"]][1] == first  # retired, still published
    clock.advance(minutes=17)
    assert [k["kid"] for k in b.jwks()["keys"]] == [a.current().kid]


def test_private_keys_are_stored_wrapped() -> None:
    ring = KeyRing(FakeClock(), os.urandom(32), ROTATION)
    key = ring.current()
    stored = SigningKeyDoc.objects(id=key.kid).first()
    raw = key.private_key.private_bytes(serialization.Encoding.Raw,
                                        serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption())
    assert stored.private_wrapped and raw.hex() not in stored.private_wrapped
    with pytest.raises(Exception, match="KEK"):
        KeyRing(FakeClock(), os.urandom(32), ROTATION).current()  # wrong KEK cannot sign


def test_pem_key_is_used_and_its_predecessor_stays_published() -> None:
    clock = FakeClock()
    first = KeyRing(clock, b"", ROTATION, pem())
    old_kid = first.current().kid
    clock.advance(days=365)  # env keys are never rotated here
    assert first.current().kid == old_kid
    second = KeyRing(clock, b"", ROTATION, pem())  # the operator replaced the PEM
    new_kid = second.current().kid
    assert [k["kid"] for k in second.jwks()["keys"]] == [new_kid, old_kid]
    assert SigningKeyDoc.objects(id=new_kid).first().private_wrapped is None
    clock.advance(minutes=17)
    assert [k["kid"] for k in second.jwks()["keys"]] == [new_kid]
