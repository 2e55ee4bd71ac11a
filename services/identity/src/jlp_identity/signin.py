"""Password sign-in with progressive delays per source and the TOTP second factor.

Answers never reveal whether an account exists: unknown names, wrong passwords and disabled
accounts get the same error, cost the same argon2 verification, and are delayed the same way
(failures of unknown names are counted under the name). Failed password checks make their
*source* wait (domain/lockout.py), never the account: someone who knows the administrator's
name cannot keep the administrator out. Every attempt is audited as `login` with result ok,
failed, locked or mfa_required.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common import identifiers
from jlp_common.masking import mask_username
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock, as_utc
from jlp_identity.audit_log import AuditLog, source_ip
from jlp_identity.domain import lockout, permissions, totp
from jlp_identity.domain.lockout import DelayPolicy, LoginState
from jlp_identity.domain.tokens import required_actions
from jlp_identity.models import LoginThrottleDoc, UserDoc
from jlp_identity.oauth_errors import GENERIC_SIGN_IN_FAILURE, InvalidGrant, MfaRequired
from jlp_identity.security.hashing import Passwords
from jlp_identity.users import TOTP, Directory

LOCKED_MESSAGE = "too many failed sign-ins; try again later"


@dataclass(frozen=True)
class SignedIn:
    user: UserDoc
    amr: tuple[str, ...]
    # What the account must do first (an initial password to change, a second factor to
    # enrol): its token only allows that (domain/tokens.py required actions).
    required_actions: tuple[str, ...] = ()


def _throttle_name(name: str) -> str:
    compact = identifiers.compact(name)
    if identifiers.looks_like_phone(name):
        return identifiers.validate_phone(name)
    return compact if len(compact) == 18 else name.strip().lower()


class SignIn:
    def __init__(self, clock: Clock, directory: Directory, pii: PiiCipher, passwords: Passwords,
                 audit: AuditLog, attempts: Attempts | None = None) -> None:
        self.clock, self.directory, self.pii = clock, directory, pii
        self.passwords, self.audit = passwords, audit
        self.attempts = attempts or Attempts(pii)

    def authenticate(self, username: str, password: str, otp: str = "") -> SignedIn:
        now = self.clock()
        doc = self.directory.find_by_sign_in_name(username)
        masked = mask_username(username.strip())
        actor = doc.id if doc else f"unknown:{masked}"
        obj = f"users/{doc.id}" if doc else ""
        account = doc.id if doc else _throttle_name(username)
        details = {"username": masked}
        wait = self.attempts.wait(account, now)
        if wait:
            self.audit.record("login", actor=actor, object=obj, result="locked", details=details)
            raise InvalidGrant(delayed_message(wait), reason="ACCOUNT_LOCKED")
        ok = self.passwords.verify(doc.password_hash if doc else None, password)
        if not ok or doc is None or doc.disabled:
            locked = self.attempts.failed(account, now)
            why = "disabled" if ok and doc is not None else "bad_credentials"
            self.audit.record("login", actor=actor, object=obj,
                              result="locked" if locked else "failed",
                              details={**details, "why": why})
            raise InvalidGrant(GENERIC_SIGN_IN_FAILURE)
        amr = ["pwd"]
        if doc.totp_secret_enc:
            self._second_factor(doc, otp, now, actor, obj, details)
            amr.append("otp")
        self.attempts.succeeded(doc.id)
        if doc.failures or doc.locked_until:  # a lock of the account-wide lockout of before
            UserDoc.objects(id=doc.id).update_one(set__failures=0, unset__locked_until=True)
        if self.passwords.needs_rehash(doc.password_hash):
            UserDoc.objects(id=doc.id).update_one(set__password_hash=self.passwords.hash(password))
        required = required_actions(
            password_change_required=bool(doc.password_change_required),
            totp_enrolled=bool(doc.totp_secret_enc),
            needs_second_factor=permissions.needs_second_factor(doc.roles))
        self.audit.record("login", actor=actor, object=obj, result="ok",
                          details={**details, "amr": " ".join(amr),
                                   "restricted": " ".join(required)})
        return SignedIn(doc, tuple(amr), required)

    def _second_factor(self, doc: UserDoc, otp: str, now: datetime, actor: str, obj: str,
                       details: dict[str, str]) -> None:
        if not otp:
            self.audit.record("login", actor=actor, object=obj, result="mfa_required",
                              details=details)
            raise MfaRequired("a one-time password (otp) is required")
        secret = self.pii.decrypt(TOTP, doc.totp_secret_enc)
        last = doc.totp_last_step or 0
        step = totp.accepted_step(secret, otp, now, last)
        # Compare-and-set on the last step: the same code cannot be used twice, even at once.
        if step is None or not UserDoc.objects(id=doc.id, totp_last_step=last).update_one(
                set__totp_last_step=step):
            locked = self.attempts.failed(doc.id, now)
            self.audit.record("login", actor=actor, object=obj,
                              result="locked" if locked else "failed",
                              details={**details, "why": "bad_otp"})
            raise MfaRequired("the one-time password is not valid")



def delayed_message(wait: timedelta) -> str:
    return f"{LOCKED_MESSAGE} (from this address; retry in {max(1, ceil(wait.total_seconds()))} s)"


class Attempts:
    """Failed password checks per source and account and per source (domain/lockout.py), kept
    in `login_throttle` under keyed hashes: neither addresses nor names are stored in clear.

    The source is the client address (the gateway's x-forwarded-for, else the gRPC peer).
    """

    def __init__(self, pii: PiiCipher) -> None:
        self.pii = pii

    def _counters(self, account: str, source: str | None) -> list[tuple[str, DelayPolicy]]:
        address = source if source is not None else (source_ip() or "unknown")
        return [(self.pii.lookup("sign_in_source_account", f"{address}\n{account}"),
                 lockout.SOURCE_AND_ACCOUNT),
                (self.pii.lookup("sign_in_source", address), lockout.SOURCE)]

    def wait(self, account: str, now: datetime, source: str | None = None) -> timedelta:
        """How long the caller's source must wait before trying `account` again."""
        return max(login_state(key).wait(now) for key, _ in self._counters(account, source))

    def failed(self, account: str, now: datetime, source: str | None = None) -> bool:
        """Count one failure; True if it makes the source wait."""
        results = [count_failure(key, now, policy)
                   for key, policy in self._counters(account, source)]
        return any(results)

    def succeeded(self, account: str, source: str | None = None) -> None:
        """The source proved it knows the password: its failures on the account are cleared
        (not those over all accounts, which one's own account must not reset)."""
        key, _ = self._counters(account, source)[0]
        LoginThrottleDoc.objects(id=key).delete()


def login_state(key: str) -> LoginState:
    """Failures and delay of one counter."""
    doc = LoginThrottleDoc.objects(id=key).only("failures", "locked_until", "update_time").first()
    if doc is None:
        return LoginState()
    return LoginState(doc.failures or 0, as_utc(doc.locked_until), as_utc(doc.update_time))


def count_failure(key: str, now: datetime, policy: DelayPolicy) -> bool:
    """Count one failed password check on a counter (compare-and-set on the count); True if it
    makes its source wait. Every place that checks a password counts here, so no path allows
    more guesses."""
    for _ in range(20):
        state = login_state(key)
        new = state.after_failure(now, policy)
        updates: dict[str, object] = {"set__failures": new.failures, "set__update_time": now}
        if new.locked_until:
            updates["set__locked_until"] = new.locked_until
        else:
            updates["unset__locked_until"] = True
        try:
            changed = LoginThrottleDoc.objects(id=key, failures=state.failures).update_one(
                upsert=True, **updates)
        except (NotUniqueError, DuplicateKeyError):
            continue
        if changed:
            return new.is_locked(now)
    return False
