"""Password sign-in with lockout and the TOTP second factor.

Answers never reveal whether an account exists: unknown names, wrong passwords and disabled
accounts get the same error, cost the same argon2 verification, and are locked out the same way
(failures of unknown names are counted under a keyed hash of the name). Every attempt is
audited as `login` with result ok, failed, locked or mfa_required.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mongoengine import Document
from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common import identifiers
from jlp_common.masking import mask_username
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock, as_utc
from jlp_identity.audit_log import AuditLog
from jlp_identity.domain import permissions, totp
from jlp_identity.domain.lockout import LoginState
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
                 audit: AuditLog) -> None:
        self.clock, self.directory, self.pii = clock, directory, pii
        self.passwords, self.audit = passwords, audit

    def authenticate(self, username: str, password: str, otp: str = "") -> SignedIn:
        now = self.clock()
        doc = self.directory.find_by_sign_in_name(username)
        masked = mask_username(username.strip())
        actor = doc.id if doc else f"unknown:{masked}"
        obj = f"users/{doc.id}" if doc else ""
        state_doc: type[Document] = UserDoc if doc else LoginThrottleDoc
        key = doc.id if doc else self.pii.lookup("sign_in_name", _throttle_name(username))
        state = self._state(state_doc, key)
        details = {"username": masked}
        if state.is_locked(now):
            self.audit.record("login", actor=actor, object=obj, result="locked", details=details)
            raise InvalidGrant(LOCKED_MESSAGE, reason="ACCOUNT_LOCKED")
        ok = self.passwords.verify(doc.password_hash if doc else None, password)
        if not ok or doc is None or doc.disabled:
            locked = self._fail(state_doc, key, now)
            why = "disabled" if ok and doc is not None else "bad_credentials"
            self.audit.record("login", actor=actor, object=obj,
                              result="locked" if locked else "failed",
                              details={**details, "why": why})
            raise InvalidGrant(GENERIC_SIGN_IN_FAILURE)
        amr = ["pwd"]
        if doc.totp_secret_enc:
            self._second_factor(doc, otp, now, actor, obj, details)
            amr.append("otp")
        if doc.failures or doc.locked_until:
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
            locked = self._fail(UserDoc, doc.id, now)
            self.audit.record("login", actor=actor, object=obj,
                              result="locked" if locked else "failed",
                              details={**details, "why": "bad_otp"})
            raise MfaRequired("the one-time password is not valid")

    @staticmethod
    def _state(doc_cls: type[Document], key: str) -> LoginState:
        return login_state(doc_cls, key)

    @staticmethod
    def _fail(doc_cls: type[Document], key: str, now: datetime) -> bool:
        return count_failure(doc_cls, key, now)


def login_state(doc_cls: type[Document], key: str) -> LoginState:
    """Failures and lock of an account (UserDoc) or of an unknown name (LoginThrottleDoc)."""
    doc = doc_cls.objects(id=key).only("failures", "locked_until").first()
    if doc is None:
        return LoginState()
    return LoginState(doc.failures or 0, as_utc(doc.locked_until))


def count_failure(doc_cls: type[Document], key: str, now: datetime) -> bool:
    """Count one failed password check (compare-and-set on the count); True if it starts a
    lock. Every place that checks a password counts here, so no path allows more guesses."""
    for _ in range(20):
        state = login_state(doc_cls, key)
        new = state.after_failure(now)
        updates = {"set__failures": new.failures}
        if new.locked_until:
            updates["set__locked_until"] = new.locked_until
        else:
            updates["unset__locked_until"] = True
        if doc_cls is LoginThrottleDoc:
            updates["set__update_time"] = now
        try:
            changed = doc_cls.objects(id=key, failures=state.failures).update_one(
                upsert=doc_cls is LoginThrottleDoc, **updates)
        except (NotUniqueError, DuplicateKeyError):
            continue
        if changed:
            return new.is_locked(now)
    return False
