"""API2:2023 Broken Authentication: on every non-public route, no token, a tampered token
(claims changed, signature kept), a token signed by a stranger's key under identity's key id,
an unsigned (`alg: none`) token, an HMAC token keyed with identity's public key (algorithm
confusion) and a refresh token are all refused with 401; a token whose account still has to
change its password with 403. A revoked access token is refused by identity and its refresh
family dies at once; other services accept it until it expires (≤ 15 min, ADR 0004).

Expired and wrong-audience tokens *with identity's own signature* cannot be made from outside
identity (its signing key never leaves it); the verifier's refusal of both is shown in
libs/common/tests/test_auth.py (test_tampered_expired_and_foreign_tokens_are_refused,
test_wrong_audience_or_issuer_is_refused). Here they are forged with a stranger's key, which
must fail on the signature before anything else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jlp_common.auth import ACCOUNT_SETUP, PUBLIC

pytestmark = pytest.mark.e2e


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict, dict, str]:
    head, body, sig = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (json.loads(base64.urlsafe_b64decode(pad(head))), json.loads(base64.urlsafe_b64decode(pad(body))), sig)


def bad_tokens(api, principals) -> dict[str, str]:
    """Name → token, each of which must be refused."""
    citizen = principals["citizen"]
    header, claims, signature = parts(citizen.token)
    stranger = Ed25519PrivateKey.generate()
    elevated = {**claims, "scope": " ".join(sorted({*claims.get("scope", "").split(), "identity:staff.admin",
                                                     "grid:case.read", "social:person.pii"}))}
    out = {
        "tampered (scope elevated, signature kept)":
            ".".join([b64(json.dumps(header).encode()), b64(json.dumps(elevated).encode()), signature]),
        "tampered (signature bit flipped)": citizen.token[:-2] + ("A" if citizen.token[-2] != "A" else "B")
        + citizen.token[-1],
        "stranger's key, identity's kid": jwt.encode(elevated, stranger, algorithm="EdDSA",
                                                      headers={"kid": header["kid"]}),
        "expired (stranger-signed)": jwt.encode({**claims, "exp": int(time.time()) - 3600}, stranger,
                                                algorithm="EdDSA", headers={"kid": header["kid"]}),
        "wrong audience (stranger-signed)": jwt.encode({**claims, "aud": "another-api"}, stranger,
                                                       algorithm="EdDSA", headers={"kid": header["kid"]}),
        "alg none": ".".join([b64(json.dumps({"alg": "none", "typ": "JWT", "kid": header["kid"]}).encode()),
                              b64(json.dumps(elevated).encode()), ""]),
        "not a JWT": "definitely-not-a-token",
    }
    jwks = api.call("GET", "/.well-known/jwks.json").json()["keys"]
    public = next(k for k in jwks if k.get("kid") == header["kid"])
    hs_input = ".".join([b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": header["kid"]}).encode()),
                         b64(json.dumps(elevated).encode())])
    for name, secret in (("HS256 keyed with the public JWK", json.dumps(public).encode()),
                         ("HS256 keyed with the public key bytes", public["x"].encode())):
        mac = hmac.new(secret, hs_input.encode(), hashlib.sha256).digest()
        out[name] = hs_input + "." + b64(mac)
    # a refresh token is not an access token
    b = principals["citizen_b"]
    grant = api.call("POST", "/api/v1/auth/token", data={"grant_type": "password", "username": b.phone,
                                                         "password": b.password}).json()
    out["refresh token as bearer"] = grant["refresh_token"]
    return out


def test_every_non_public_route_refuses_missing_and_bad_tokens(api, inventory, principals, pool, figures):
    guarded = [op for op in inventory.operations if not op.is_public]
    bad = list(bad_tokens(api, principals).items())
    # every route without a token, and every route with a bad token — kinds dealt round-robin so
    # each kind meets routes of every service while the family stays within its time budget
    cases = [(op, "no token", None) for op in guarded]
    cases += [(op, *bad[(i + k) % len(bad)]) for i, op in enumerate(guarded) for k in range(2)]

    def probe(case):
        op, name, token = case
        r = api.call(op.method, op.url(), token, json=inventory.body_for(op))
        return op, name, r

    wrong = []
    for op, name, r in pool.map(probe, cases):
        if r.status_code != 401:
            wrong.append(f"{op.label} with {name}: {r.status_code} {r.text[:160]}")
        elif "WWW-Authenticate" not in r.headers and op.generated:
            wrong.append(f"{op.label} with {name}: 401 without WWW-Authenticate (RFC 6750 §3)")
    figures("API2 authentication", f"{len(guarded)} non-public routes, no token and 2 of {len(bad)} bad "
            f"token kinds each ({', '.join(n for n, _ in bad)}): {len(cases)} requests, "
            f"{len(cases) - len(wrong)} refused 401")
    assert not wrong, "\n".join(wrong[:40])


def test_a_restricted_token_reaches_only_account_setup(api, inventory, principals, pool, figures):
    restricted = principals.restricted
    guarded = [op for op in inventory.operations if op.need not in (PUBLIC, ACCOUNT_SETUP)]

    def probe(op):
        return op, api.call(op.method, op.url(), restricted.token, json=inventory.body_for(op))

    wrong = [f"{op.label}: {r.status_code} {r.text[:160]}" for op, r in pool.map(probe, guarded)
             if r.status_code != 403]
    assert api.call("GET", "/api/v1/me", restricted.token).status_code == 200
    figures("API2 authentication", f"restricted token (password change pending): {len(guarded)} routes, "
            f"{len(guarded) - len(wrong)} refused 403")
    assert not wrong, "\n".join(wrong[:40])


def test_revocation_ends_the_refresh_family_and_identity_refuses_the_access_token(api, principals, figures):
    b = principals["citizen_b"]
    grant = api.call("POST", "/api/v1/auth/token", data={"grant_type": "password", "username": b.phone,
                                                         "password": b.password}).json()
    for token in (grant["access_token"], grant["refresh_token"]):
        assert api.call("POST", "/api/v1/auth/revoke", data={"token": token}).status_code == 200
    assert api.call("GET", "/api/v1/me", grant["access_token"]).status_code == 401
    refreshed = api.call("POST", "/api/v1/auth/token", data={"grant_type": "refresh_token",
                                                             "refresh_token": grant["refresh_token"]})
    assert refreshed.status_code in (400, 401) and refreshed.json()["error"] == "invalid_grant", refreshed.text
    figures("API2 authentication", "revoked: identity refuses the access token (401), the refresh "
            "token no longer refreshes (invalid_grant)")
