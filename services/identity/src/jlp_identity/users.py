"""Reading accounts: look-up by any sign-in name, decryption into a plain view.

Sign-in names are the phone, the resident ID number, the credit code, or a staff user name; the
first three are found through their keyed look-up hashes, never by decrypting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jlp_common import identifiers
from jlp_common.errors import InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import as_utc
from jlp_identity.domain.accounts import normalise_username
from jlp_identity.models import UserDoc
from jlp_identity.validation import clip

# Field names double as AES-GCM associated data and look-up hash domains: never rename.
NAME, ID_NUMBER, CREDIT_CODE, PHONE, TOTP = "name", "id_number", "credit_code", "phone", "totp"
LEGAL_REPRESENTATIVE = "legal_representative"
LEGAL_REPRESENTATIVE_ID = "legal_representative_id_number"
MAX_BATCH = 200


@dataclass(frozen=True)
class UserView:
    """An account with its personal fields decrypted (never leaves the service unmasked unless
    the caller may see it)."""

    id: str
    kind: str
    name: str
    id_number: str
    credit_code: str
    legal_representative: str
    phone: str
    department: str
    roles: tuple[str, ...]
    username: str
    disabled: bool
    totp_enrolled: bool
    create_time: datetime | None
    password_change_required: bool = False


class Directory:
    """Account look-ups over the users collection."""

    def __init__(self, pii: PiiCipher, page_tokens: PageTokens) -> None:
        self.pii = pii
        self.page_tokens = page_tokens

    def find_by_sign_in_name(self, name: str) -> UserDoc | None:
        raw = (name or "").strip()
        if not raw:
            return None
        candidates: list[dict[str, str]] = []
        compact = identifiers.compact(raw)
        if identifiers.looks_like_phone(raw):
            candidates.append({"phone_hash": self.pii.lookup(PHONE,
                                                             identifiers.validate_phone(raw))})
        if len(compact) == 18:
            candidates.append({"id_number_hash": self.pii.lookup(ID_NUMBER, compact)})
            candidates.append({"credit_code_hash": self.pii.lookup(CREDIT_CODE, compact)})
        candidates.append({"username": normalise_username(raw)})
        for query in candidates:
            doc = UserDoc.objects(**query).first()
            if doc is not None:
                return doc
        return None

    def get(self, user_id: str) -> UserDoc:
        doc = UserDoc.objects(id=user_id).first() if user_id else None
        if doc is None:
            raise NotFound("User", clip(user_id))
        return doc

    def get_many(self, user_ids: list[str]) -> list[UserDoc]:
        """Accounts in the order asked; NOT_FOUND names the first missing id (AIP-231)."""
        if len(user_ids) > MAX_BATCH:
            raise InvalidArgument.field("ids", f"at most {MAX_BATCH} ids per call")
        found = {d.id: d for d in UserDoc.objects(id__in=list(set(user_ids)))}
        for user_id in user_ids:
            if user_id not in found:
                raise NotFound("User", clip(user_id))
        return [found[u] for u in user_ids]

    def list_staff(self, department: str, role: str, requested_size: int, token: str,
                   show_disabled: bool) -> tuple[list[UserDoc], str]:
        """Staff ordered by id, optionally of one department and/or holding one role."""
        query = {"department": department, "role": role, "show_disabled": show_disabled}
        after = (self.page_tokens.decode(token, query) or {}).get("after", "")
        size = page_size(requested_size, default=50, maximum=500)
        filters: dict[str, object] = {"kind": "STAFF"}
        if department:
            filters["department"] = department
        if role:
            filters["roles"] = role
        if not show_disabled:
            filters["disabled"] = False
        if after:
            filters["id__gt"] = after
        docs = list(UserDoc.objects(**filters).order_by("id").limit(size + 1))
        return self.page_tokens.page(docs, size, lambda d: {"after": d.id}, query)

    def view(self, doc: UserDoc) -> UserView:
        return UserView(
            id=doc.id, kind=doc.kind, name=self.pii.decrypt(NAME, doc.name_enc),
            id_number=self.pii.decrypt(ID_NUMBER, doc.id_number_enc or ""),
            credit_code=self.pii.decrypt(CREDIT_CODE, doc.credit_code_enc or ""),
            legal_representative=self._legal_representative(doc),
            phone=self.pii.decrypt(PHONE, doc.phone_enc or ""),
            department=doc.department or "", roles=tuple(doc.roles or ()),
            username=doc.username or "", disabled=bool(doc.disabled),
            totp_enrolled=bool(doc.totp_secret_enc), create_time=as_utc(doc.create_time),
            password_change_required=bool(doc.password_change_required))

    def _legal_representative(self, doc: UserDoc) -> str:
        if doc.legal_representative_enc:
            return self.pii.decrypt(LEGAL_REPRESENTATIVE, doc.legal_representative_enc)
        return doc.legal_representative or ""  # stored in clear before it was encrypted

    def sign_in_names(self, doc: UserDoc) -> tuple[str, ...]:
        """Every name the account signs in with (the password must not contain any of them)."""
        view = self.view(doc)
        return tuple(n for n in (view.phone, view.id_number, view.credit_code, view.username) if n)
