
import jwt
import pytest

from jlp_common.auth import AUTHENTICATED, PUBLIC, JwksUrlKeys, Principal, TokenVerifier, authorize
from jlp_common.errors import PermissionDenied, Unauthenticated
from jlp_testkit.tokens import AUDIENCE, ISSUER, TestSigner

POLICY = {"/s/Public": PUBLIC, "/s/Any": AUTHENTICATED, "/s/Write": "grid:case.dispatch"}


def test_permission_checks_follow_the_policy_table():
    signer = TestSigner()
    v = signer.verifier()
    assert authorize(POLICY, "/s/Public", None, v) is None
    p = authorize(POLICY, "/s/Write", "Bearer " + signer.token(scopes=["grid:case.dispatch"]), v)
    assert p.subject == "u-1" and p.has("grid:case.dispatch")
    with pytest.raises(Unauthenticated):
        authorize(POLICY, "/s/Any", None, v)
    with pytest.raises(PermissionDenied):
        authorize(POLICY, "/s/Write", "Bearer " + signer.token(scopes=["grid:case.read"]), v)


def test_method_without_policy_is_denied():
    with pytest.raises(PermissionDenied, match="no access policy"):
        authorize(POLICY, "/s/Unlisted", None, TestSigner().verifier())


def test_tampered_expired_and_foreign_tokens_are_refused():
    signer, other = TestSigner(), TestSigner()
    v = signer.verifier()
    token = signer.token(scopes=["x:y"])
    head, body, sig = token.split(".")
    forged_body = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(body).replace(b'"x:y"', b'"x:*"')).decode()
    for bad in (f"{head}.{forged_body}.{sig}", signer.token(ttl_s=-120), other.token(), "garbage"):
        with pytest.raises(Unauthenticated):
            v.verify(bad)


def test_wrong_audience_or_issuer_is_refused():
    signer = TestSigner()
    v = TokenVerifier(signer.verifier().keys, ISSUER, "other-audience")
    with pytest.raises(Unauthenticated):
        v.verify(signer.token())
    v2 = TokenVerifier(signer.verifier().keys, "https://evil", AUDIENCE)
    with pytest.raises(Unauthenticated):
        v2.verify(signer.token())


def test_service_wildcard_scope():
    p = Principal("svc", scopes=frozenset({"grid:*"}))
    assert p.has("grid:case.report") and not p.has("identity:pii.read")


def test_jwks_url_is_cached_and_refreshed_on_rotation():
    old, new = TestSigner("k-old"), TestSigner("k-new")
    published = {"keys": old.jwks()["keys"]}
    fetches = []
    now = [1000.0]

    def fetch(url):
        fetches.append(url)
        return published

    keys = JwksUrlKeys("http://id/jwks", ttl_s=300, min_refresh_s=10, fetch=fetch,
                       clock=lambda: now[0], spawn=inline)
    v = TokenVerifier(keys, ISSUER, AUDIENCE)
    v.verify(old.token())
    v.verify(old.token())
    assert len(fetches) == 1  # cached
    published = {"keys": old.jwks()["keys"] + new.jwks()["keys"]}  # identity rotated
    now[0] += 11
    assert v.verify(new.token()).subject == "u-1"  # unknown kid → refetch
    assert len(fetches) == 2
    # a flood of unknown kids does not turn into a flood of fetches
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            v.verify(TestSigner("k-made-up").token())
    assert len(fetches) == 2
    now[0] += 400  # ttl passed: refetch
    v.verify(old.token())
    assert len(fetches) == 3
    # identity retires the old key: once the cache has expired, its tokens are refused
    published = {"keys": new.jwks()["keys"]}
    now[0] += 301
    with pytest.raises(Unauthenticated):
        v.verify(old.token())
    assert len(fetches) == 4
    assert v.verify(new.token()).subject == "u-1"


def inline(job):
    """Run a 'background' refresh in the caller's thread: the test sees its outcome at once."""
    job()


def test_failed_refresh_keeps_serving_cached_keys_and_backs_off():
    """Identity down after the cache expired: requests keep verifying with the cached keys and
    identity is asked again only after 1, 2, 4 ... s (capped), not on every request."""
    signer = TestSigner("k-1")
    now = [1000.0]
    calls = []
    up = [True]

    def fetch(url):
        calls.append(now[0])
        if not up[0]:
            raise OSError("identity unreachable")
        return signer.jwks()

    keys = JwksUrlKeys("grpc://identity/GetJwks", ttl_s=300, min_refresh_s=10, fetch=fetch,
                       clock=lambda: now[0], spawn=inline, backoff_s=1, max_backoff_s=8,
                       jitter=lambda: 1.0)
    v = TokenVerifier(keys, ISSUER, AUDIENCE)
    assert v.verify(signer.token()).subject == "u-1"
    up[0] = False
    now[0] += 301  # cache expired, identity down
    for _ in range(50):  # a burst of requests: one fetch, every request verified
        assert v.verify(signer.token()).subject == "u-1"
    assert len(calls) == 2 and keys.failures == 1
    attempts = []
    for _ in range(400):  # 40 s of requests every 0.1 s
        now[0] += 0.1
        before = len(calls)
        assert v.verify(signer.token()).subject == "u-1"
        if len(calls) > before:
            attempts.append(round(calls[-1] - calls[1], 1))
    # retries after 1, then 2, 4, 8, 8, 8 ... s (exponential, capped at 8)
    gaps = [round(b - a, 1) for a, b in zip([0.0, *attempts], attempts, strict=False)]
    expected = [1.0, 2.0, 4.0, 8.0] + [8.0] * (len(gaps) - 4)
    assert len(gaps) >= 6 and all(e <= g <= e + 0.25 for g, e in zip(gaps, expected, strict=True)), gaps
    up[0] = True
    now[0] += 8
    v.verify(signer.token())
    assert keys.failures == 0  # recovered: back-off reset
    count = len(calls)
    for _ in range(100):
        now[0] += 1
        v.verify(signer.token())
    assert len(calls) == count  # fresh again: cached for the ttl


def test_a_hung_refresh_holds_up_no_request_when_keys_are_cached():
    """The fetch hangs (identity's 5 s timeout): requests with a known kid do not wait at all,
    one with an unknown kid waits at most a short bound, and only one fetch is in flight."""
    import threading
    import time

    signer = TestSigner("k-1")
    now = [1000.0]
    release = threading.Event()
    started = []

    def fetch(url):
        started.append(url)
        if len(started) > 1:
            release.wait(10)  # hangs until the test ends
            raise TimeoutError("deadline exceeded")
        return signer.jwks()

    keys = JwksUrlKeys("grpc://identity/GetJwks", ttl_s=300, min_refresh_s=0, fetch=fetch,
                       clock=lambda: now[0])
    v = TokenVerifier(keys, ISSUER, AUDIENCE)
    v.verify(signer.token())
    now[0] += 301
    try:
        t0 = time.monotonic()
        for _ in range(20):
            assert v.verify(signer.token()).subject == "u-1"
        assert time.monotonic() - t0 < 0.5
        t0 = time.monotonic()
        with pytest.raises(Unauthenticated):
            v.verify(TestSigner("k-unknown").token())
        assert time.monotonic() - t0 < 2.0
        assert len(started) == 2  # the one hung refresh; no request started another
    finally:
        release.set()


def test_without_cached_keys_a_failed_fetch_is_not_repeated_by_every_request():
    """Identity down at start-up: the first request fails after one fetch, later ones fail at
    once (Unavailable) until the back-off has passed, then one fetch is tried again."""
    from jlp_common.errors import Unavailable

    signer = TestSigner("k-1")
    now = [1000.0]
    calls = []
    up = [False]

    def fetch(url):
        calls.append(now[0])
        if not up[0]:
            raise OSError("identity unreachable")
        return signer.jwks()

    keys = JwksUrlKeys("grpc://identity/GetJwks", fetch=fetch, clock=lambda: now[0],
                       backoff_s=2, max_backoff_s=60, jitter=lambda: 1.0)
    v = TokenVerifier(keys, ISSUER, AUDIENCE)
    for _ in range(10):
        with pytest.raises(Unavailable):
            v.verify(signer.token())
    assert len(calls) == 1
    now[0] += 2.5
    up[0] = True
    assert v.verify(signer.token()).subject == "u-1"
    assert len(calls) == 2


def test_a_restricted_token_only_reaches_account_setup_methods():
    """A token whose account must first change its initial password (identity's first sign-in)
    is refused everywhere but the set-up methods, by every service, whatever its scopes."""
    from jlp_common.auth import ACCOUNT_SETUP

    signer = TestSigner()
    v = signer.verifier()
    policy = {**POLICY, "/s/ChangePassword": ACCOUNT_SETUP}
    token = "Bearer " + signer.token(scopes=["grid:case.dispatch"], required_actions=["change_password"])
    assert authorize(policy, "/s/ChangePassword", token, v).required_actions == {"change_password"}
    assert authorize(policy, "/s/Public", token, v) is not None
    for method in ("/s/Any", "/s/Write"):
        with pytest.raises(PermissionDenied) as refused:
            authorize(policy, method, token, v)
        assert refused.value.reason == "PASSWORD_CHANGE_REQUIRED"
    totp_only = "Bearer " + signer.token(required_actions="enrol_totp")
    with pytest.raises(PermissionDenied) as refused:
        authorize(policy, "/s/Any", totp_only, v)
    assert refused.value.reason == "TOTP_ENROLMENT_REQUIRED"
