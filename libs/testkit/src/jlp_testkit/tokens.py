"""A throw-away signing key and token minting for tests (identity's role in unit tests)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from jlp_common.auth import StaticKeys, TokenVerifier

ISSUER = "https://jlp.test"
AUDIENCE = "jlp"


class TestSigner:
    """Mints EdDSA access tokens like identity does, and the matching verifier."""

    __test__ = False  # not a pytest class

    def __init__(self, kid: str = "test-key-1") -> None:
        self.kid = kid
        self.key = Ed25519PrivateKey.generate()

    def jwks(self) -> dict:
        jwk = OKPAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": "EdDSA"})
        return {"keys": [jwk]}

    def token(self, sub: str = "u-1", scopes: Iterable[str] = (), roles: Iterable[str] = (),
              ttl_s: int = 900, dept: str = "", kind: str = "user", **claims: object) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": now, "exp": now + ttl_s,
                   "jti": uuid.uuid4().hex, "scope": " ".join(scopes), "roles": list(roles),
                   "dept": dept, "kind": kind, **claims}
        return jwt.encode(payload, self.key, algorithm="EdDSA", headers={"kid": self.kid})

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(StaticKeys(self.jwks()), ISSUER, AUDIENCE)
