"""Password policy (MLPS 2.0 level 3 identification requirements) and password history.

Policy: at least 8 characters drawn from at least 3 of the 4 classes (lower case, upper case,
digits, other), not containing any of the account's user names, and not one of the last 5
passwords. Hashing itself is argon2id (security.hashing); the history check takes a `matches`
callback so this module stays pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

MIN_LENGTH = 8
MAX_LENGTH = 128  # bounds the work argon2 does for one request
MIN_CLASSES = 3
HISTORY_SIZE = 5
_MIN_NAME_LENGTH = 3  # shorter names would forbid too much and protect nothing


def character_classes(password: str) -> int:
    """How many of: lower case, upper case, digits, other characters."""
    return sum((
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ))


def policy_problems(password: str, usernames: Iterable[str] = ()) -> list[str]:
    """Every way `password` breaks the policy, in words; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters")
    if character_classes(password) < MIN_CLASSES:
        problems.append("must mix at least 3 of: lower case, upper case, digits, symbols")
    lowered = password.lower()
    for name in usernames:
        if name and len(name) >= _MIN_NAME_LENGTH and name.lower() in lowered:
            problems.append("must not contain the user name")
            break
    return problems


def reused(password: str, current_hash: str, history: Sequence[str],
           matches: Callable[[str, str], bool]) -> bool:
    """True if `password` is the current one or one of the previous ones remembered: the last
    HISTORY_SIZE passwords in all. `matches(hash, password)` verifies one hash."""
    recent = [*history, current_hash][-HISTORY_SIZE:]
    return any(matches(h, password) for h in recent)


def history_after_change(history: Sequence[str], replaced_hash: str) -> list[str]:
    """Previous hashes to keep once `replaced_hash` stops being current (newest last): with the
    new current one they make the last HISTORY_SIZE."""
    return [*history, replaced_hash][-(HISTORY_SIZE - 1):]
