"""Account lockout after repeated failed sign-ins (MLPS 2.0 level 3: 登录失败处理).

5 consecutive failures lock the account for 15 minutes; a success resets the count. Failures
of unknown user names are counted the same way (keyed by the name), so the answers never
reveal whether an account exists. Functions take `now`; nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)


@dataclass(frozen=True)
class LoginState:
    """Consecutive failures and the end of the current lock, if any."""

    failures: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> LoginState:
        """State after one more failure; the 5th consecutive one starts a lock."""
        failures = 0 if self._lock_expired(now) else self.failures
        failures += 1
        if failures >= MAX_FAILURES:
            return LoginState(failures, now + LOCK_DURATION)
        return LoginState(failures, None)

    def after_success(self) -> LoginState:
        return LoginState()

    def _lock_expired(self, now: datetime) -> bool:
        return self.locked_until is not None and now >= self.locked_until
