"""Account life cycle: registration, staff administration, roles, passwords, second factor.

Each change is one single-document write that also records its event in the document's outbox
(no lost or phantom events), and each administrative change is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common import identifiers
from jlp_common.errors import (
    AlreadyExists,
    Conflict,
    FailedPrecondition,
    InvalidArgument,
    PermissionDenied,
    ResourceExhausted,
)
from jlp_common.masking import mask_phone
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock
from jlp_identity import events
from jlp_identity.audit_log import AuditLog, current_actor
from jlp_identity.domain import accounts, passwords, permissions, totp
from jlp_identity.domain.accounts import NewAccount
from jlp_identity.models import DepartmentDoc, RefreshFamilyDoc, UserDoc
from jlp_identity.security.hashing import Passwords
from jlp_identity.signin import Attempts
from jlp_identity.throttle import SourceRateLimit
from jlp_identity.users import (
    CREDIT_CODE,
    ID_NUMBER,
    LEGAL_REPRESENTATIVE,
    LEGAL_REPRESENTATIVE_ID,
    NAME,
    PHONE,
    TOTP,
    Directory,
)
from jlp_identity.validation import clip, raise_problems

# Which look-up hash collided → the field to name in the 409.
_UNIQUE_FIELDS = (("id_number_hash", "id_number"), ("credit_code_hash", "credit_code"),
                  ("phone_hash", "phone"), ("username", "username"))


class Accounts:
    def __init__(self, clock: Clock, directory: Directory, pii: PiiCipher, hasher: Passwords,
                 audit: AuditLog, on_written: Callable[[], None] = lambda: None,
                 registrations_per_hour: int = 20, attempts: Attempts | None = None) -> None:
        self.clock, self.directory, self.pii = clock, directory, pii
        self.attempts = attempts or Attempts(pii)
        self.hasher, self.audit = hasher, audit
        self._on_written = on_written  # wake the outbox relay
        # Registration is public and costs an argon2 hash: limited per source address here,
        # so the limit holds for any caller, not only behind the gateway (ADR 0034).
        self.registrations = SourceRateLimit(clock, pii, "registration",
                                             registrations_per_hour, timedelta(hours=1))

    # --- creation ---------------------------------------------------------------------------
    def register(self, *, kind: str, name: str, phone: str, password: str, id_number: str = "",
                 credit_code: str = "", legal_representative: str = "",
                 legal_representative_id_number: str = "") -> UserDoc:
        now = self.clock()
        account, problems = accounts.validate_registration(
            kind=kind, name=name, phone=phone, password=password, id_number=id_number,
            credit_code=credit_code, legal_representative=legal_representative,
            legal_representative_id_number=legal_representative_id_number, today=now.date())
        raise_problems(problems)
        assert account is not None
        self.registrations.charge()
        doc = self._insert(account, password, now)
        self.audit.record("user_registered", actor=doc.id, object=f"users/{doc.id}",
                          details={"kind": doc.kind})
        return doc

    def create_staff(self, *, name: str, phone: str, password: str, department: str,
                     roles: Iterable[str], username: str = "") -> UserDoc:
        account, problems = accounts.validate_staff(
            name=name, phone=phone, password=password, department=department,
            roles=list(roles), username=username)
        raise_problems(problems)
        assert account is not None
        self._require_department(account.department, "user.department")
        # The administrator chose the password: the account must change it at its first
        # sign-in (MLPS 2.0; ADR 0033), until then its tokens only allow that.
        doc = self._insert(account, password, self.clock(), password_change_required=True)
        self.audit.record("staff_created", object=f"users/{doc.id}",
                          details={"roles": " ".join(sorted(doc.roles)),
                                   "department": doc.department,
                                   "password_change_required": "true"})
        return doc

    def _insert(self, account: NewAccount, password: str, now: datetime, *,
                password_change_required: bool = False) -> UserDoc:
        doc = UserDoc(
            id=uuid.uuid4().hex, kind=account.kind,
            name_enc=self.pii.encrypt(NAME, account.name),
            legal_representative_enc=self.pii.encrypt(LEGAL_REPRESENTATIVE,
                                                      account.legal_representative)
            if account.legal_representative else None,
            department=account.department, roles=sorted(account.roles),
            username=account.username or None, password_history=[],
            password_change_time=now, password_change_required=password_change_required,
            create_time=now, update_time=now)
        for field, value in ((ID_NUMBER, account.id_number), (CREDIT_CODE, account.credit_code),
                             (PHONE, account.phone)):
            if value:
                setattr(doc, f"{field}_enc", self.pii.encrypt(field, value))
                setattr(doc, f"{field}_hash", self.pii.lookup(field, value))
        if account.legal_representative_id_number:
            doc.legal_representative_id_enc = self.pii.encrypt(
                LEGAL_REPRESENTATIVE_ID, account.legal_representative_id_number)
            # The id_number domain: the same person's hash as a citizen account's.
            doc.legal_representative_id_hash = self.pii.lookup(
                ID_NUMBER, account.legal_representative_id_number)
        # Before hashing: a duplicate costs a few index look-ups, not argon2's time and memory.
        self._refuse_duplicates(doc)
        doc.password_hash = self.hasher.hash(password)
        doc.outbox = [events.user_registered(doc.id, doc.kind, doc.roles, doc.department, now)]
        try:
            doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):  # lost a race with an identical account
            self._refuse_duplicates(doc)
            raise AlreadyExists("User", "", "an account with these details already exists") from None
        self._on_written()
        return doc

    @staticmethod
    def _refuse_duplicates(doc: UserDoc) -> None:
        for db_field, label in _UNIQUE_FIELDS:
            value = getattr(doc, db_field)
            if value and UserDoc.objects(**{db_field: value}).only("id").first():
                raise AlreadyExists("User", label,
                                    f"an account with this {label.replace('_', ' ')} "
                                    "already exists",
                                    metadata={"field": label})

    @staticmethod
    def _require_department(code: str, field: str) -> None:
        if not DepartmentDoc.objects(id=code).only("id").first():
            raise InvalidArgument.field(field, f"unknown department {clip(code)!r}")

    # --- administration ---------------------------------------------------------------------
    def _staff(self, user_id: str) -> UserDoc:
        doc = self.directory.get(user_id)
        if doc.kind != accounts.STAFF:
            raise FailedPrecondition(f"user {user_id} is not staff", reason="NOT_STAFF")
        return doc

    def update_roles(self, user_id: str, roles: Iterable[str]) -> UserDoc:
        """Replace a staff member's roles (role administrators; never one's own)."""
        new_roles = sorted({r.strip() for r in roles if r.strip()})
        actor = current_actor()
        if user_id == actor:
            raise PermissionDenied("administrators cannot change their own roles",
                                   reason="SELF_ROLE_CHANGE")
        raise_problems(("roles", p) for p in permissions.staff_role_problems(new_roles))
        doc = self._staff(user_id)
        old_roles = sorted(doc.roles)
        if old_roles == new_roles:
            return doc
        self._apply_change(doc, old_roles, new_roles, doc.department, doc.disabled,
                           set__roles=new_roles)
        self.audit.record("roles_changed", object=f"users/{user_id}",
                          details={"old": " ".join(old_roles), "new": " ".join(new_roles)})
        return self.directory.get(user_id)

    def assign_department(self, user_id: str, department: str) -> UserDoc:
        department = (department or "").strip()
        if not department:
            raise InvalidArgument.field("department", "department is required")
        self._require_department(department, "department")
        doc = self._staff(user_id)
        if doc.department == department:
            return doc
        old = doc.department
        self._apply_change(doc, doc.roles, doc.roles, department, doc.disabled,
                           set__department=department)
        self.audit.record("department_assigned", object=f"users/{user_id}",
                          details={"old": old, "new": department})
        return self.directory.get(user_id)

    def disable(self, user_id: str, reason: str = "") -> UserDoc:
        """Disable an account: sign-in refused, refresh families revoked at once."""
        if user_id == current_actor():
            raise PermissionDenied("administrators cannot disable themselves",
                                   reason="SELF_DISABLE")
        doc = self.directory.get(user_id)
        if not doc.disabled:
            self._apply_change(doc, doc.roles, doc.roles, doc.department, True,
                               set__disabled=True, set__disable_time=self.clock())
            RefreshFamilyDoc.objects(subject=user_id, revoked=False).update(
                set__revoked=True, set__revoke_reason="disabled")
            self.audit.record("user_disabled", object=f"users/{user_id}",
                              details={"reason": reason[:200]})
        return self.directory.get(user_id)

    def enable(self, user_id: str) -> UserDoc:
        doc = self.directory.get(user_id)
        if doc.disabled:
            self._apply_change(doc, doc.roles, doc.roles, doc.department, False,
                               set__disabled=False, unset__disable_time=True,
                               set__failures=0, unset__locked_until=True)
            self.audit.record("user_enabled", object=f"users/{user_id}")
        return self.directory.get(user_id)

    def _apply_change(self, doc: UserDoc, old_roles: Iterable[str], new_roles: Iterable[str],
                      department: str, disabled: bool, **updates: object) -> None:
        """One atomic update carrying the change and its roles_changed event."""
        now = self.clock()
        event = events.user_roles_changed(doc.id, old_roles, new_roles, department, disabled,
                                          current_actor(), now)
        UserDoc.objects(id=doc.id).update_one(set__update_time=now, push__outbox=event,
                                              **updates)
        self._on_written()

    # --- self-service -----------------------------------------------------------------------
    def change_password(self, user_id: str, current: str, new: str) -> None:
        doc = self.directory.get(user_id)
        now = self.clock()
        # The current-password check is a password guess like a sign-in: it obeys and feeds
        # the same delays (else a stolen access token allows unlimited guesses).
        wait = self.attempts.wait(user_id, now)
        if wait:
            raise ResourceExhausted("too many failed password checks; try again later",
                                    retry_after_s=wait.total_seconds())
        if not self.hasher.verify(doc.password_hash, current):
            locked = self.attempts.failed(user_id, now)
            self.audit.record("password_changed", object=f"users/{user_id}",
                              result="locked" if locked else "failed",
                              details={"why": "bad_current_password"})
            raise InvalidArgument.field("current_password", "is not the current password")
        problems = [("new_password", p) for p in
                    passwords.policy_problems(new, self.directory.sign_in_names(doc))]
        if not problems and passwords.reused(new, doc.password_hash, doc.password_history,
                                             self.hasher.verify):
            problems.append(("new_password",
                             f"must differ from the last {passwords.HISTORY_SIZE} passwords"))
        raise_problems(problems)
        new_history = passwords.history_after_change(doc.password_history, doc.password_hash)
        # The initial password stays in the history: the new one must differ from it too.
        changed = UserDoc.objects(id=user_id, password_hash=doc.password_hash).update_one(
            set__password_hash=self.hasher.hash(new), set__password_history=new_history,
            set__password_change_time=self.clock(), set__update_time=self.clock(),
            set__password_change_required=False)
        if not changed:
            raise Conflict("the password was changed concurrently; try again")
        self.attempts.succeeded(user_id)  # a correct password ends a run of failures
        # Other sessions end: whoever knew the old password loses what it gave them (refresh
        # families here; restricted access tokens through TokenService.is_revoked).
        RefreshFamilyDoc.objects(subject=user_id, revoked=False).update(
            set__revoked=True, set__revoke_reason="password_changed")
        self.audit.record("password_changed", object=f"users/{user_id}",
                          details={"initial": "true"} if doc.password_change_required else None)

    def enroll_totp(self, user_id: str, secret: str = "") -> tuple[str, str]:
        """Enrol a TOTP factor; returns (otpauth URI, secret), shown this once.

        Refused when one is enrolled: replacing a factor must not be possible with a stolen
        session alone (an administrator resets it by re-creating the account).
        """
        doc = self.directory.get(user_id)
        if doc.totp_secret_enc:
            raise FailedPrecondition("a second factor is already enrolled",
                                     reason="TOTP_ALREADY_ENROLLED")
        secret = secret or totp.new_secret()
        moved = UserDoc.objects(id=user_id, totp_secret_enc=None).update_one(
            set__totp_secret_enc=self.pii.encrypt(TOTP, secret), set__totp_last_step=0,
            set__update_time=self.clock())
        if not moved:
            raise FailedPrecondition("a second factor is already enrolled",
                                     reason="TOTP_ALREADY_ENROLLED")
        self.audit.record("totp_enrolled", actor=current_actor(user_id),
                          object=f"users/{user_id}")
        # The label is shown by the authenticator app and often synced to its vendor's cloud:
        # a masked phone, like every other response without identity:pii.read.
        label = doc.username or mask_phone(self.directory.view(doc).phone) or doc.id
        return totp.provisioning_uri(secret, label), secret

    def reset_totp(self, user_id: str) -> UserDoc:
        """Remove a lost second factor (administrators; not one's own). The owner signs in with
        the password alone and, if privileged, gets an enrolment-only token until enrolled."""
        if user_id == current_actor():
            raise PermissionDenied("administrators cannot reset their own second factor",
                                   reason="SELF_TOTP_RESET")
        doc = self.directory.get(user_id)
        if doc.totp_secret_enc:
            UserDoc.objects(id=user_id).update_one(unset__totp_secret_enc=True,
                                                   set__update_time=self.clock())
            RefreshFamilyDoc.objects(subject=user_id, revoked=False).update(
                set__revoked=True, set__revoke_reason="totp_reset")
            self.audit.record("totp_reset", object=f"users/{user_id}")
        return self.directory.get(user_id)

    # --- bootstrap --------------------------------------------------------------------------
    def ensure_bootstrap_admin(self, user: str, password: str, totp_secret: str) -> UserDoc | None:
        """Create the first sysadmin when none exists (start-up; idempotent across restarts).

        `user` is a mobile number or a staff user name. There is no default password: without
        both variables nothing is created.
        """
        if not user or not password:
            return None
        if UserDoc.objects(kind=accounts.STAFF, roles="sysadmin").only("id").first():
            return None
        if totp_secret and not totp.is_valid_secret(totp_secret):
            raise ValueError("JLP_BOOTSTRAP_ADMIN_TOTP_SECRET is not a base32 secret")
        phone, username = (user, "") if identifiers.looks_like_phone(user) \
            else ("", accounts.normalise_username(user))
        problems = passwords.policy_problems(password, [user])
        if username:
            problems += [d for _, d in accounts.username_problems(username)]
        if problems:
            raise ValueError(f"JLP_BOOTSTRAP_ADMIN_*: {'; '.join(problems)}")
        account = NewAccount(kind=accounts.STAFF, name="System administrator",
                             phone=identifiers.validate_phone(phone) if phone else "",
                             roles=frozenset({"sysadmin"}), username=username)
        now = self.clock()
        # Its password was chosen by whoever deployed the platform and sits in their secrets:
        # changed at the first sign-in like any password someone else chose (ADR 0036).
        doc = self._insert(account, password, now, password_change_required=True)
        if totp_secret:
            UserDoc.objects(id=doc.id).update_one(
                set__totp_secret_enc=self.pii.encrypt(TOTP, totp_secret))
        self.audit.record("staff_created", actor="system:bootstrap", object=f"users/{doc.id}",
                          details={"roles": "sysadmin", "bootstrap": "true",
                                   "password_change_required": "true"}, ip="")
        return doc

