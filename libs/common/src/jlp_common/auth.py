"""Caller identity for every service: JWT verification against identity's JWKS, permissions.

Identity issues EdDSA/ES256 access tokens whose `scope` claim carries the caller's permissions
(`<service>:<action>`), computed from the one roles → permissions table in identity. Services
trust no network position: each verifies the token itself (signature, issuer, audience, expiry)
and checks the permission the method needs (`MethodPolicy`).
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import jwt
from jwt import PyJWK, PyJWKSet

from jlp_common.errors import PermissionDenied, Unauthenticated, Unavailable

log = logging.getLogger(__name__)

PUBLIC = "public"  # no token needed (health, discovery, public lookups)
AUTHENTICATED = "authenticated"  # any valid token of a fully set-up account, no specific permission
# Any valid token, including a restricted one whose account still has set-up steps pending
# (`required_actions` claim: initial password change, TOTP enrolment): only the methods that
# complete those steps (identity's GetMe, ChangePassword, EnrollTotp) use it.
ACCOUNT_SETUP = "account-setup"
ALGORITHMS = ["EdDSA", "ES256"]


@dataclass(frozen=True)
class Principal:
    """The verified caller of a request."""

    subject: str  # user id or client id
    kind: str = "user"  # user | client
    roles: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()
    department: str = ""
    token_id: str = ""
    required_actions: frozenset[str] = frozenset()
    claims: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def has(self, permission: str) -> bool:
        """True if the token carries `permission` or the service wildcard `<service>:*`."""
        if permission in self.scopes:
            return True
        service = permission.split(":", 1)[0]
        return f"{service}:*" in self.scopes

    def require(self, permission: str) -> None:
        if not self.has(permission):
            raise PermissionDenied(f"permission {permission!r} required",
                                   reason="MISSING_PERMISSION", metadata={"permission": permission})

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Principal:
        scope = claims.get("scope", "")
        scopes = scope.split() if isinstance(scope, str) else list(scope)
        return cls(
            subject=str(claims.get("sub", "")),
            kind=str(claims.get("kind", "user")),
            roles=frozenset(claims.get("roles", []) or []),
            scopes=frozenset(scopes),
            department=str(claims.get("dept", "") or ""),
            token_id=str(claims.get("jti", "")),
            required_actions=_words(claims.get("required_actions")),
            # read-only: one Principal serves every request of its token (TokenVerifier's cache)
            claims=MappingProxyType(dict(claims)),
        )


def _words(value: Any) -> frozenset[str]:
    """A claim given as a space-separated string or a list, as a set."""
    items = value.split() if isinstance(value, str) else value if isinstance(value, list | tuple) else ()
    return frozenset(str(v) for v in items)


_SETUP_REASONS = {"change_password": "PASSWORD_CHANGE_REQUIRED", "enrol_totp": "TOTP_ENROLMENT_REQUIRED"}


# Full gRPC method name ("/jlp.identity.v1.IdentityService/GetUser") → PUBLIC, AUTHENTICATED
# or a permission. A method missing from its service's policy is refused: deny by default.
MethodPolicy = Mapping[str, str]


class KeySource:
    """Where verification keys come from; `refresh` is called on an unknown `kid`."""

    def keys(self) -> Mapping[str, PyJWK]:
        raise NotImplementedError

    def refresh(self) -> None:  # pragma: no cover - trivial default
        pass


class StaticKeys(KeySource):
    """A fixed JWK Set (tests, or keys mounted from a Secret)."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        self._keys = {k.key_id: k for k in PyJWKSet.from_dict(dict(jwks)).keys}

    def keys(self) -> Mapping[str, PyJWK]:
        return self._keys


class JwksUrlKeys(KeySource):
    """Keys fetched from identity's JWK Set, cached for `ttl_s`, refetched on an unknown `kid`.

    Refetches are spaced by at least `min_refresh_s` so a flood of tokens with made-up kids
    cannot turn into a flood of requests to identity. Key rotation works because identity
    publishes the new key before it signs with it and keeps retired keys until their last
    token has expired.

    Identity being slow or down must not take every service with it (issue 15):
    - While keys are cached, no request waits for a fetch: an expired cache is refreshed by one
      background thread and the cached keys keep verifying meanwhile. A token with an unknown
      `kid` (a rotation this verifier has not seen) waits for that refresh at most
      `unknown_kid_wait_s`, never for the fetch's own timeout.
    - A failed fetch is not retried by the next request: retries back off exponentially,
      `backoff_s`, doubled per consecutive failure up to `max_backoff_s` (with jitter, so
      replicas that failed together do not retry together), and a success resets it.
    - With no keys at all (start-up, identity not up yet) a request must wait for the fetch
      (it cannot be verified otherwise), but only one fetch runs at a time and, during the
      back-off after a failure, requests are refused at once (Unavailable) instead of each
      waiting for another timeout.
    """

    def __init__(self, url: str, ttl_s: float = 300.0, min_refresh_s: float = 10.0,
                 fetch: Callable[[str], Mapping[str, Any]] | None = None,
                 clock: Callable[[], float] = time.monotonic, *, backoff_s: float = 1.0,
                 max_backoff_s: float = 300.0, unknown_kid_wait_s: float = 1.0,
                 jitter: Callable[[], float] = random.random,
                 spawn: Callable[[Callable[[], None]], None] | None = None) -> None:
        if backoff_s <= 0 or max_backoff_s < backoff_s:
            raise ValueError("backoff_s must be > 0 and max_backoff_s >= backoff_s")
        self.url, self.ttl_s, self.min_refresh_s = url, ttl_s, min_refresh_s
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.unknown_kid_wait_s = unknown_kid_wait_s
        self._fetch = fetch or http_get_json
        self._clock = clock
        self._jitter = jitter
        self._spawn = spawn or _daemon_thread
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._failures = 0
        self._retry_at = float("-inf")  # no fetch before this instant (back-off after failures)
        self._lock = threading.Lock()  # held by the one fetch in progress
        self._done = threading.Condition(threading.Lock())  # notified when a fetch ends
        self._generation = 0  # fetches finished (success or failure)

    # --- what requests call ------------------------------------------------------------------
    def keys(self) -> Mapping[str, PyJWK]:
        now = self._clock()
        if not self._keys:
            self._fetch_now(now)
        elif now - self._fetched_at > self.ttl_s:
            self._refresh_in_background(now)  # serve the cached keys meanwhile
        return self._keys

    def refresh(self, force: bool = False) -> None:
        """Called on an unknown `kid`: refetch (spaced by `min_refresh_s`, backed off after
        failures); with cached keys, wait at most `unknown_kid_wait_s` for the result."""
        now = self._clock()
        if not self._keys:
            self._fetch_now(now)
            return
        if not force and now - self._attempted_at < self.min_refresh_s:
            return
        seen = self._generation
        if self._refresh_in_background(now) or self._lock.locked():
            with self._done:
                self._done.wait_for(lambda: self._generation != seen, self.unknown_kid_wait_s)

    @property
    def failures(self) -> int:
        """Consecutive failed fetches (0 after a success)."""
        return self._failures

    @property
    def retry_at(self) -> float:
        """The clock reading before which no fetch is attempted."""
        return self._retry_at

    # --- fetching ------------------------------------------------------------------------------
    def _fetch_now(self, now: float) -> None:
        """No keys yet: fetch in the caller's thread (one at a time), unless backing off."""
        if now < self._retry_at:
            raise Unavailable(f"cannot fetch signing keys from {self.url} "
                              f"(retrying in {self._retry_at - now:.0f} s)")
        with self._lock:
            if self._keys:  # another request fetched them while this one waited
                return
            if self._clock() < self._retry_at:  # ... or failed: do not repeat it at once
                raise Unavailable(f"cannot fetch signing keys from {self.url}")
            if not self._attempt():
                raise Unavailable(f"cannot fetch signing keys from {self.url}")

    def _refresh_in_background(self, now: float) -> bool:
        """Start one background fetch unless one runs or the back-off forbids; True if started."""
        if now < self._retry_at or not self._lock.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                self._attempt()
            finally:
                self._lock.release()

        try:
            self._spawn(run)
        except BaseException:
            self._lock.release()
            raise
        return True

    def _attempt(self) -> bool:
        """One fetch (the caller holds `_lock`); records success or the next retry time."""
        started = self._attempted_at = self._clock()
        try:
            data = self._fetch(self.url)
            keys = {k.key_id: k for k in PyJWKSet.from_dict(dict(data)).keys}
        except Exception as exc:  # keep serving with the keys we have
            self._failures += 1
            delay = min(self.max_backoff_s, self.backoff_s * 2 ** (self._failures - 1))
            delay *= 0.5 + 0.5 * self._jitter()
            self._retry_at = self._clock() + delay
            log.warning("JWKS fetch failed", extra={"url": self.url, "error": str(exc),
                                                     "failures": self._failures,
                                                     "retry_in_s": round(delay, 1)})
            ok = False
        else:
            self._keys, self._fetched_at = keys, started
            self._failures, self._retry_at = 0, float("-inf")
            ok = True
        with self._done:
            self._generation += 1
            self._done.notify_all()
        return ok


def _daemon_thread(fn: Callable[[], None]) -> None:
    threading.Thread(target=fn, name="jwks-refresh", daemon=True).start()


def http_get_json(url: str, timeout_s: float = 5.0) -> Mapping[str, Any]:
    """GET `url` and parse its JSON body: the one fetcher of JWK Sets (services and gateway).
    The timeout bounds how long a token check can wait on identity."""
    import json
    import urllib.request

    with urllib.request.urlopen(url, timeout=timeout_s) as resp:  # noqa: S310 - configured URL
        return json.loads(resp.read())


@dataclass(frozen=True)
class _Verified:
    """A token that passed every check once: what a later use of the same token may reuse."""

    principal: Principal
    kid: str
    key: PyJWK  # the key object that verified it: gone or replaced → verify again
    valid_until: float  # min(the token's exp, cached at + ttl), on the verifier's clock


class VerifiedTokenCache:
    """Tokens that verified successfully, for `ttl_s` at most and never past their `exp`.

    Why: a signed-in client sends the same access token with every request until it expires
    (15 minutes), and the gateway and then the service each verify it (signature, header and
    claims parsing: most of a platform call's own cost, bench/RESULTS.md issue 16). The cache
    keeps the outcome of a full verification, so a repeat costs a hash and a dictionary look-up.

    - Keyed by the SHA-256 of the token, so the cache holds no bearer credential itself.
    - Only successfully verified tokens are stored: a forged, tampered, expired or unknown-kid
      token is checked in full every time (and spends the caller's rate budget at the gateway).
    - Bounded: at most `max_entries`, least recently used evicted first.
    - Entries remember the key object that verified them: after the key source dropped or
      replaced that key (rotation, a retired or compromised key), the token is verified again.
    Thread-safe: one lock around the ordered dict, held for a few dictionary operations.
    """

    def __init__(self, max_entries: int = 10_000, ttl_s: float = 60.0) -> None:
        if max_entries < 0 or ttl_s < 0:
            raise ValueError("max_entries and ttl_s must be >= 0")
        self.max_entries, self.ttl_s = max_entries, ttl_s
        self._entries: OrderedDict[bytes, _Verified] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0 and self.ttl_s > 0

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def digest(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()

    def get(self, digest: bytes, now: float) -> _Verified | None:
        """The entry of a token verified earlier and still valid at `now`, else None."""
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            if now >= entry.valid_until:
                del self._entries[digest]
                return None
            self._entries.move_to_end(digest)
            return entry

    def put(self, digest: bytes, entry: _Verified) -> None:
        with self._lock:
            self._entries[digest] = entry
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, digest: bytes) -> None:
        with self._lock:
            self._entries.pop(digest, None)


class TokenVerifier:
    """Verifies bearer tokens into a Principal; every failure is Unauthenticated.

    A token verified once is remembered (`VerifiedTokenCache`: bounded, at most `cache_ttl_s`
    and never past the token's `exp`; `cache_size=0` turns it off). The revocation check
    (`set_revocation_check`) is not cached: it runs on every use, so a token revoked at
    identity is refused at once even while its signature check is remembered.
    """

    def __init__(self, keys: KeySource, issuer: str, audience: str, leeway_s: float = 30.0,
                 clock: Callable[[], float] = time.time, *, cache_size: int = 10_000,
                 cache_ttl_s: float = 60.0) -> None:
        self.keys, self.issuer, self.audience = keys, issuer, audience
        self.leeway_s = leeway_s
        self._clock = clock
        self._revoked: Callable[[Principal], bool] = lambda _p: False
        self.cache = VerifiedTokenCache(cache_size, cache_ttl_s)

    def set_revocation_check(self, check: Callable[[Principal], bool]) -> None:
        """Extra check, e.g. identity consulting its own revocation list (runs on every use,
        cached tokens included)."""
        self._revoked = check

    def verify(self, token: str) -> Principal:
        if not self.cache.enabled:
            return self._checked(self._verify_signed(token)[0])
        digest = self.cache.digest(token)
        now = self._clock()
        entry = self.cache.get(digest, now)
        if entry is not None and self.keys.keys().get(entry.kid) is entry.key:
            return self._checked(entry.principal)
        principal, kid, key = self._verify_signed(token)
        exp = principal.claims["exp"]
        valid_until = min(float(exp), now + self.cache.ttl_s)
        if valid_until > now:  # within the leeway past exp: verified, but not remembered
            self.cache.put(digest, _Verified(principal, kid, key, valid_until))
        return self._checked(principal)

    def _checked(self, principal: Principal) -> Principal:
        if self._revoked(principal):
            raise Unauthenticated("access token revoked", reason="TOKEN_REVOKED")
        return principal

    def _verify_signed(self, token: str) -> tuple[Principal, str, PyJWK]:
        """Signature, issuer, audience, expiry and type: the full check of an unseen token."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("malformed access token", reason="INVALID_TOKEN") from None
        kid = header.get("kid")
        if not kid:
            raise Unauthenticated("access token has no key id", reason="INVALID_TOKEN")
        key = self.keys.keys().get(kid)
        if key is None:
            self.keys.refresh()
            key = self.keys.keys().get(kid)
        if key is None:
            raise Unauthenticated("access token signed by an unknown key", reason="INVALID_TOKEN")
        try:
            claims = jwt.decode(
                token, key=key, algorithms=ALGORITHMS, audience=self.audience, issuer=self.issuer,
                leeway=self.leeway_s, options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("access token expired", reason="TOKEN_EXPIRED") from None
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid access token: {exc}", reason="INVALID_TOKEN") from None
        # PyJWT checked exp against the wall clock; the verifier's own clock decides too (the
        # same clock the cache's validity is measured on).
        if float(claims["exp"]) + self.leeway_s <= self._clock():
            raise Unauthenticated("access token expired", reason="TOKEN_EXPIRED")
        if claims.get("typ", "access") != "access":
            raise Unauthenticated("not an access token", reason="INVALID_TOKEN")
        return Principal.from_claims(claims), str(kid), key


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `authorization: Bearer <token>` value, else None."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authorize(policy: MethodPolicy, method: str, authorization: str | None,
              verifier: TokenVerifier | None) -> Principal | None:
    """Apply the method's policy to the request's `authorization` value.

    Returns the verified Principal (None for a PUBLIC method called without a token).
    """
    need = policy.get(method)
    if need is None:
        raise PermissionDenied(f"method {method} has no access policy", reason="NO_POLICY")
    token = bearer_token(authorization)
    if token is None:
        if need == PUBLIC:
            return None
        raise Unauthenticated("a bearer access token is required", reason="MISSING_TOKEN")
    if verifier is None:
        raise Unavailable("token verification is not configured")
    principal = verifier.verify(token)  # an invalid token is refused even on PUBLIC (RFC 6750)
    if principal.required_actions and need not in (PUBLIC, ACCOUNT_SETUP):
        reason = next((_SETUP_REASONS[a] for a in ("change_password", "enrol_totp")
                       if a in principal.required_actions), "ACCOUNT_SETUP_REQUIRED")
        raise PermissionDenied("finish setting up the account first: "
                               + ", ".join(sorted(principal.required_actions)), reason=reason,
                               metadata={"required_actions": " ".join(sorted(principal.required_actions))})
    if need not in (PUBLIC, AUTHENTICATED, ACCOUNT_SETUP):
        principal.require(need)
    return principal
