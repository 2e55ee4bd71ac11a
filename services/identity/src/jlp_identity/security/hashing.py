"""Password hashing with argon2id (argon2-cffi).

Production parameters are RFC 9106's second recommended ("low memory") profile: t=3, m=64 MiB,
p=4. Tests pass cheaper parameters through settings so suites stay fast; stored hashes carry
their own parameters, so verification works whatever the current setting, and `needs_rehash`
upgrades old hashes at the next sign-in.
"""

from __future__ import annotations

import argon2
from argon2 import profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

PRODUCTION = profiles.RFC_9106_LOW_MEMORY
FAST_FOR_TESTS = profiles.CHEAPEST


class Passwords:
    """Hash and verify passwords; verifying against an unknown user costs the same as a real one."""

    def __init__(self, parameters: argon2.Parameters = PRODUCTION) -> None:
        self._hasher = argon2.PasswordHasher.from_parameters(parameters)
        # Verified when the user does not exist, so response time does not reveal existence.
        self._dummy = self._hasher.hash("not-a-password: timing equaliser")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and bool(stored_hash)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True
