
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
                       clock=lambda: now[0])
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
