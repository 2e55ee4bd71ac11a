"""Progressive delays after failed password checks, per source (MLPS 2.0 level 3: 登录失败处理).

A hard lock of the account after 5 failures let anyone who knows a user name — `admin` by
default — keep its owner out for good by sending 5 wrong passwords every 15 minutes. Failures
are therefore counted per *source* (client address): per source and account, so one address
guessing one account is slowed down without touching anyone else's sign-in; and per source
over all accounts, so one address spraying a password across many names is slowed down too.
Each counter allows a few failures, then makes its source wait before the next attempt, the
wait doubling with each further failure up to a cap; a successful sign-in clears the source's
counter for that account, and a day without failures forgets a counter. Functions take `now`;
nothing here reads a clock (docs/adr/0036).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class DelayPolicy:
    """Failures allowed without delay, the first delay after them, its cap, and how long a
    counter is remembered after its last failure."""

    free_failures: int
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=30)
    forget_after: timedelta = timedelta(days=1)

    def delay_after(self, failures: int) -> timedelta:
        """The wait imposed after the `failures`-th consecutive failure (zero while free)."""
        if failures < self.free_failures:
            return timedelta()
        doublings = min(failures - self.free_failures, 32)
        return min(self.max_delay, self.first_delay * 2 ** doublings)


# One address guessing one account: 5 tries, then 1, 2, 4, 8, 16, 30, 30... minutes apart.
SOURCE_AND_ACCOUNT = DelayPolicy(free_failures=5)
# One address over all accounts (password spraying; many people behind one NAT share it).
SOURCE = DelayPolicy(free_failures=30)


@dataclass(frozen=True)
class LoginState:
    """Consecutive failures of one counter, the end of its current delay, its last failure."""

    failures: int = 0
    locked_until: datetime | None = None
    last_failure: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def wait(self, now: datetime) -> timedelta:
        """How long the source must still wait (zero when it may try now)."""
        return self.locked_until - now if self.is_locked(now) else timedelta()  # type: ignore[operator]

    def after_failure(self, now: datetime, policy: DelayPolicy) -> LoginState:
        """State after one more failure: counted on (unless forgotten), delayed when past the
        free failures."""
        forgotten = self.last_failure is not None and now - self.last_failure > policy.forget_after
        failures = 1 if forgotten else self.failures + 1
        delay = policy.delay_after(failures)
        return LoginState(failures, now + delay if delay else None, now)

    def after_success(self) -> LoginState:
        return LoginState()
