"""Registration is public and costs an argon2 hash: duplicates are refused before hashing, and
each source address may register a bounded number of accounts per hour (docs/adr/0034)."""
# ruff: noqa: S105, S106 - fixed test credentials are the point of these tests

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from stdnum.cn import ric

from jlp.identity.v1 import identity_pb2
from jlp_identity.domain import rate

from .conftest import CITIZEN_PASSWORD, Identity

LIMIT = 20  # the default of JLP_IDENTITY_REGISTRATIONS_PER_HOUR


def resident_id(n: int) -> str:
    body = f"50010719900101{n:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a check digit to replace


def register(identity: Identity, n: int, source: str = "203.0.113.7") -> identity_pb2.User:
    return identity.stub.Register(identity_pb2.RegisterRequest(
        kind="CITIZEN", name="李四", id_number=resident_id(n), phone=f"1390000{n:04d}",
        password=CITIZEN_PASSWORD), metadata=[("x-forwarded-for", source)], timeout=10)


def test_a_duplicate_registration_is_refused_without_hashing(identity: Identity) -> None:
    hasher = identity.app.parts.accounts.hasher
    hashes = []
    real = hasher.hash
    hasher.hash = lambda password: hashes.append(1) or real(password)  # type: ignore[method-assign]
    register(identity, 1)
    assert len(hashes) == 1
    with pytest.raises(grpc.RpcError) as err:
        register(identity, 1)
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert len(hashes) == 1  # the duplicate cost no argon2 work


def test_registrations_are_limited_per_source_address(identity: Identity) -> None:
    for n in range(LIMIT):
        register(identity, n)
    with pytest.raises(grpc.RpcError) as err:
        register(identity, LIMIT)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "too many registration requests" in err.value.details()
    register(identity, LIMIT, source="198.51.100.9")  # another address is not affected
    identity.clock.advance(hours=2)  # the window slid past them
    register(identity, LIMIT + 1)


def test_sliding_window_rules() -> None:
    hour = timedelta(hours=1)
    assert rate.estimate(20, 0, timedelta(minutes=30), hour) == 10
    assert rate.estimate(20, 5, timedelta(minutes=45), hour) == 10
    assert rate.retry_after(0, 3, timedelta(minutes=10), hour, limit=5) == timedelta()
    # 20 in the last window, limit 20: one more fits once 1/20 of it slid out (3 minutes).
    assert rate.retry_after(20, 0, timedelta(), hour, limit=20) == timedelta(minutes=3)
    # This window full: the rest of it, then until the estimate drops below the limit.
    assert rate.retry_after(0, 20, timedelta(minutes=40), hour, limit=20) == \
        timedelta(minutes=20) + timedelta(minutes=3)
