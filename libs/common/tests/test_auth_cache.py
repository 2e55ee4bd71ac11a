"""TokenVerifier's cache of verified tokens (issue 16): a repeat of a verified token skips the
signature check, and nothing the full check would refuse is ever let through by the cache."""

from __future__ import annotations

import time
from collections.abc import Mapping

import jwt
import pytest
from jwt import PyJWK

from jlp_common import auth
from jlp_common.auth import KeySource, StaticKeys, TokenVerifier, VerifiedTokenCache
from jlp_common.errors import Unauthenticated
from jlp_testkit.tokens import AUDIENCE, ISSUER, TestSigner


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


class SwappableKeys(KeySource):
    """A key source whose published set the test replaces (identity rotating keys)."""

    def __init__(self, *signers: TestSigner) -> None:
        self.publish(*signers)

    def publish(self, *signers: TestSigner) -> None:
        self._keys = {k: v for s in signers for k, v in StaticKeys(s.jwks()).keys().items()}

    def keys(self) -> Mapping[str, PyJWK]:
        return self._keys


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every full signature check the verifier makes (calls of jwt.decode)."""
    calls: list[str] = []
    real = jwt.decode

    def counting(token, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(auth.jwt, "decode", counting)
    return calls


def verifier(keys: KeySource, clock: Clock, **kwargs: object) -> TokenVerifier:
    return TokenVerifier(keys, ISSUER, AUDIENCE, leeway_s=0, clock=clock, **kwargs)


def test_a_repeated_token_is_verified_once(decodes: list[str]) -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock)
    token = signer.token(scopes=["grid:case.report"])
    first = v.verify(token)
    for _ in range(5):
        assert v.verify(token) == first
    assert len(decodes) == 1
    other = signer.token()
    assert v.verify(other).token_id != first.token_id  # another token: checked on its own
    assert len(decodes) == 2


def test_an_entry_lasts_its_ttl_then_the_token_is_checked_again(decodes: list[str]) -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock, cache_ttl_s=60)
    token = signer.token(ttl_s=900)
    v.verify(token)
    clock.now += 59
    v.verify(token)
    assert len(decodes) == 1
    clock.now += 2
    v.verify(token)
    assert len(decodes) == 2


def test_an_expired_token_is_refused_even_when_cached(decodes: list[str]) -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock, cache_ttl_s=3600)  # the entry would outlive exp
    token = signer.token(ttl_s=120)
    v.verify(token)
    clock.now += 119
    v.verify(token)
    assert len(decodes) == 1
    clock.now += 2  # past exp
    with pytest.raises(Unauthenticated) as refused:
        v.verify(token)
    assert refused.value.reason == "TOKEN_EXPIRED"
    with pytest.raises(Unauthenticated):
        v.verify(token)
    assert len(v.cache) == 0


def test_a_revoked_token_is_refused_even_when_cached(decodes: list[str]) -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock)
    revoked: set[str] = set()
    checked: list[str] = []

    def is_revoked(principal: auth.Principal) -> bool:
        checked.append(principal.token_id)
        return principal.token_id in revoked

    v.set_revocation_check(is_revoked)
    token = signer.token()
    principal = v.verify(token)
    v.verify(token)
    assert len(checked) == 2  # the revocation check runs on every use, cached or not
    revoked.add(principal.token_id)
    with pytest.raises(Unauthenticated) as refused:
        v.verify(token)
    assert refused.value.reason == "TOKEN_REVOKED"
    assert len(decodes) == 1


def test_forged_and_unknown_key_tokens_are_never_cached(decodes: list[str]) -> None:
    signer, stranger, clock = TestSigner(), TestSigner("k-stranger"), Clock()
    v = verifier(SwappableKeys(signer), clock)
    head, body, sig = signer.token(scopes=["x:y"]).split(".")
    forged_body = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(body).replace(b'"x:y"', b'"x:*"')).decode()
    forged = f"{head}.{forged_body}.{sig}"
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            v.verify(forged)
        with pytest.raises(Unauthenticated):
            v.verify(stranger.token())
    assert len(decodes) == 3  # the forged one each time (the stranger's key is unknown)
    assert len(v.cache) == 0


def test_a_cached_token_of_a_retired_or_replaced_key_is_checked_again(decodes: list[str]) -> None:
    old, new, clock = TestSigner("k-1"), TestSigner("k-2"), Clock()
    keys = SwappableKeys(old)
    v = verifier(keys, clock)
    token = old.token()
    v.verify(token)
    keys.publish(new)  # identity retired k-1 (rotation, or a compromised key withdrawn)
    with pytest.raises(Unauthenticated, match="unknown key"):
        v.verify(token)
    impostor = TestSigner("k-2")  # same kid, other key material: the cached outcome is stale
    token2 = new.token()
    v.verify(token2)
    keys.publish(impostor)
    with pytest.raises(Unauthenticated, match="invalid access token"):
        v.verify(token2)


def test_the_cache_is_bounded_least_recently_used_first(decodes: list[str]) -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock, cache_size=3)
    tokens = [signer.token(sub=f"u-{i}") for i in range(5)]
    for token in tokens:
        v.verify(token)
    v.verify(tokens[2])  # most recently used now
    assert len(v.cache) == 3 and len(decodes) == 5
    v.verify(tokens[0])  # evicted: verified again, evicting tokens[3] (least recently used)
    assert len(decodes) == 6
    for token in (tokens[2], tokens[4], tokens[0]):
        v.verify(token)
    assert len(decodes) == 6 and len(v.cache) == 3


def test_the_cache_can_be_turned_off(decodes: list[str]) -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock, cache_size=0)
    token = signer.token()
    v.verify(token)
    v.verify(token)
    assert len(decodes) == 2 and len(v.cache) == 0


def test_the_cache_holds_no_bearer_token_and_shares_read_only_claims() -> None:
    signer, clock = TestSigner(), Clock()
    v = verifier(SwappableKeys(signer), clock)
    token = signer.token()
    principal = v.verify(token)
    assert VerifiedTokenCache.digest(token) in v.cache._entries
    assert all(token not in repr(key) for key in v.cache._entries)
    with pytest.raises(TypeError):
        principal.claims["scope"] = "x:*"  # type: ignore[index]


def test_bad_cache_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        VerifiedTokenCache(max_entries=-1)
