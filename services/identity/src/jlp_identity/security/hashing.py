"""Password hashing with argon2id (argon2-cffi), a bounded number at a time.

Production parameters are RFC 9106's second recommended ("low memory") profile: t=3, m=64 MiB,
p=4. Tests pass cheaper parameters through settings so suites stay fast; stored hashes carry
their own parameters, so verification works whatever the current setting, and `needs_rehash`
upgrades old hashes at the next sign-in.

Every hash and verification holds argon2's memory while it runs, and they are reachable
without a token (sign-in, registration): at most `concurrency` run at once
(security/memory_budget.py sizes it from the memory limit); the others wait for a slot up to
`max_wait_s` (or their deadline), then get RESOURCE_EXHAUSTED with a retry delay — a busy answer
instead of a killed process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import argon2
from argon2 import profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from jlp_common import context
from jlp_common.errors import ResourceExhausted

PRODUCTION = profiles.RFC_9106_LOW_MEMORY
FAST_FOR_TESTS = profiles.CHEAPEST
MAX_WAIT_S = 5.0
BUSY_RETRY_AFTER_S = 1.0
T = TypeVar("T")


def memory_of(parameters: argon2.Parameters) -> int:
    """Bytes one hash with `parameters` holds (argon2's memory cost is in KiB)."""
    return parameters.memory_cost * 1024


class Passwords:
    """Hash and verify passwords; verifying against an unknown user costs the same as a real one."""

    def __init__(self, parameters: argon2.Parameters = PRODUCTION, *, concurrency: int = 2,
                 max_wait_s: float = MAX_WAIT_S) -> None:
        self._hasher = argon2.PasswordHasher.from_parameters(parameters)
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self.concurrency = max(1, concurrency)
        self._max_wait_s = max_wait_s
        # Verified when the user does not exist, so response time does not reveal existence.
        self._dummy = self._hasher.hash("not-a-password: timing equaliser")

    def _bounded(self, work: Callable[[], T]) -> T:
        wait = self._max_wait_s
        deadline = context.deadline_var.get()
        if deadline is not None:
            wait = max(0.0, min(wait, deadline - time.monotonic()))
        if not self._slots.acquire(timeout=wait):
            raise ResourceExhausted("too many sign-ins in progress; try again shortly",
                                    retry_after_s=BUSY_RETRY_AFTER_S, reason="HASHING_BUSY")
        try:
            return work()
        finally:
            self._slots.release()

    def hash(self, password: str) -> str:
        return self._bounded(lambda: self._hasher.hash(password))

    def verify(self, stored_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(stored_hash or self._dummy, password) \
                    and bool(stored_hash)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False
        return self._bounded(check)

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True
