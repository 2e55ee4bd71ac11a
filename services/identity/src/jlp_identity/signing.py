"""The key ring: which key signs access tokens now, which keys are published, and rotation.

- One current key signs; it is replaced when older than the rotation period
  (`JLP_JWT_KEY_ROTATION_DAYS`, default 30). The replaced key is *retired*: it signs nothing
  more but stays in the JWK Set until the last token it signed has expired (token lifetime +
  verifier leeway), so no valid token ever becomes unverifiable.
- Verifiers meeting an unknown `kid` refetch the JWK Set (jlp_common.auth.JwksUrlKeys), so a
  new key is usable by every service as soon as it signs.
- Replicas rotating at the same moment cannot both install a key: each new key takes the next
  `generation`, which is unique; the loser adopts the winner's key.
- With `JLP_JWT_SIGNING_KEY` (PEM) the operator owns the key: it is not rotated here, only its
  public part is recorded so that after the operator replaces it the old public key stays
  published for the same grace period.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import jwt
from jwt import PyJWK
from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common.auth import KeySource
from jlp_common.timeutil import Clock, as_utc
from jlp_identity.domain.tokens import ACCESS_TOKEN_TTL
from jlp_identity.models import SigningKeyDoc
from jlp_identity.security import keys
from jlp_identity.security.keys import SigningKey

log = logging.getLogger(__name__)
VERIFIER_LEEWAY = timedelta(seconds=60)  # ≥ jlp_common.auth TokenVerifier's 30 s leeway


class KeyRing:
    """Signs with the current key and lists the published public keys."""

    def __init__(self, clock: Clock, kek: bytes, rotation: timedelta, pem: str = "") -> None:
        self.clock = clock
        self.kek = kek
        self.rotation = rotation
        self._env_key = keys.from_pem(pem) if pem else None
        self._current: SigningKey | None = None
        self._current_created: datetime | None = None
        self._lock = threading.Lock()

    # --- signing ----------------------------------------------------------------------------
    def current(self) -> SigningKey:
        """The signing key, rotating first when it is due."""
        with self._lock:
            now = self.clock()
            if self._current is None or self._due(now):
                self._load_or_rotate(now)
            assert self._current is not None
            return self._current

    def sign(self, claims: Mapping[str, Any]) -> str:
        key = self.current()
        return jwt.encode(dict(claims), key.private_key, algorithm=key.alg,
                          headers={"kid": key.kid, "typ": "at+jwt"})

    def _due(self, now: datetime) -> bool:
        if self._env_key is not None:
            return False
        return self._current_created is not None and now - self._current_created >= self.rotation

    def _newest(self) -> SigningKeyDoc | None:
        return SigningKeyDoc.objects(retire_time=None).order_by("-generation").first()

    def _load_or_rotate(self, now: datetime) -> None:
        if self._env_key is not None:
            self._adopt_env_key(now)
            return
        for _ in range(5):
            doc = self._newest()
            if doc is not None and doc.private_wrapped and \
                    now - as_utc(doc.create_time) < self.rotation:
                self._current = keys.unwrap(self.kek, doc.id, doc.private_wrapped)
                self._current_created = as_utc(doc.create_time)
                return
            # Install a new key, then loop to load it (or the key a racing replica installed).
            self._install(keys.generate(), now, doc)
        raise RuntimeError("could not settle on a signing key")

    def _install(self, key: SigningKey, now: datetime, previous: SigningKeyDoc | None) -> None:
        generation = self._max_generation() + 1
        doc = SigningKeyDoc(id=key.kid, alg=key.alg, public_jwk=key.public_jwk(),
                            private_wrapped=keys.wrap(self.kek, key) if self.kek else None,
                            generation=generation, create_time=now)
        try:
            doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):
            return  # another replica won this generation: the caller adopts its key
        self._retire_others(key.kid, now)
        log.info("signing key installed", extra={"kid": key.kid, "generation": generation,
                                                 "replaces": previous.id if previous else None})

    def _retire_others(self, kid: str, now: datetime) -> None:
        SigningKeyDoc.objects(id__ne=kid, retire_time=None).update(
            set__retire_time=now, set__publish_until=now + ACCESS_TOKEN_TTL + VERIFIER_LEEWAY)

    def _max_generation(self) -> int:
        top = SigningKeyDoc.objects.order_by("-generation").only("generation").first()
        return top.generation if top else 0

    def _adopt_env_key(self, now: datetime) -> None:
        key = self._env_key
        assert key is not None
        if SigningKeyDoc.objects(id=key.kid).first() is None:
            self._install(key, now, self._newest())
        else:
            SigningKeyDoc.objects(id=key.kid).update_one(unset__retire_time=True,
                                                         unset__publish_until=True)
            self._retire_others(key.kid, now)
        self._current, self._current_created = key, now

    # --- publishing -------------------------------------------------------------------------
    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """Public keys of the current key and of retired keys still covering valid tokens."""
        self.current()
        now = self.clock()
        published = [dict(d.public_jwk) for d in SigningKeyDoc.objects.order_by("-generation")
                     if d.retire_time is None or as_utc(d.publish_until) > now]
        return {"keys": published}


class OwnKeys(KeySource):
    """Identity verifies tokens with its own published keys, in process (no HTTP round trip)."""

    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring
        self._keys: dict[str, PyJWK] = {}

    def keys(self) -> Mapping[str, PyJWK]:
        if not self._keys:
            self.refresh()
        return self._keys

    def refresh(self) -> None:
        self._keys = {k["kid"]: PyJWK.from_dict(k) for k in self.ring.jwks()["keys"]}
