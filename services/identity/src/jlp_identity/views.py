"""Stored documents → protobuf messages; the only place that decides masked vs. unmasked."""

from __future__ import annotations

from jlp.identity.v1 import identity_pb2
from jlp_common.masking import mask_credit_code, mask_id_number, mask_name, mask_phone
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_identity.audit_log import entry_of
from jlp_identity.domain.accounts import CITIZEN
from jlp_identity.models import AuditRecordDoc, ClientDoc, DepartmentDoc
from jlp_identity.users import UserView


def has_personal_data(view: UserView) -> bool:
    """True when the account holds anything masked for callers without identity:pii.read:
    numbers, a citizen's name, an enterprise's legal representative (ADR 0031)."""
    return bool(view.id_number or view.credit_code or view.phone or view.legal_representative
                or (view.kind == CITIZEN and view.name))


def user_message(view: UserView, *, unmasked: bool = False, own: bool = False
                 ) -> identity_pb2.User:
    """The account as a message: personal data masked unless `unmasked` (the caller holds
    identity:pii.read). `own`: the caller's own account, whose names are shown (they are the
    caller's own); its numbers follow the same rule as anyone's. Staff and enterprise names
    are not masked: officials act under their names, and an enterprise's registered name is
    public (the legal representative's is a person's, and masked)."""
    if unmasked:
        id_number, credit_code, phone = view.id_number, view.credit_code, view.phone
    else:
        id_number = mask_id_number(view.id_number)
        credit_code = mask_credit_code(view.credit_code)
        phone = mask_phone(view.phone)
    clear_names = unmasked or own
    name = view.name if clear_names or view.kind != CITIZEN else mask_name(view.name)
    legal = view.legal_representative if clear_names else mask_name(view.legal_representative)
    masked = (id_number, credit_code, phone, name, legal) != (
        view.id_number, view.credit_code, view.phone, view.name, view.legal_representative)
    return identity_pb2.User(
        id=view.id, kind=view.kind, name=name, id_number=id_number,
        credit_code=credit_code, legal_representative=legal, phone=phone,
        department=view.department, roles=sorted(view.roles), username=view.username,
        disabled=view.disabled, totp_enrolled=view.totp_enrolled, masked=masked,
        create_time=to_timestamp(view.create_time),
        password_change_required=view.password_change_required)


def client_message(doc: ClientDoc, secret: str | None = None) -> identity_pb2.Client:
    """The client; `secret` only right after creation or rotation (absent otherwise)."""
    return identity_pb2.Client(client_id=doc.id, name=doc.name, roles=sorted(doc.roles),
                               disabled=bool(doc.disabled), client_secret=secret,
                               create_time=to_timestamp(as_utc(doc.create_time)),
                               creator=doc.creator or "")


def client_as_user(doc: ClientDoc) -> identity_pb2.User:
    """GetMe for a client token: the client described as an account of kind CLIENT."""
    return identity_pb2.User(id=doc.id, kind="CLIENT", name=doc.name, roles=sorted(doc.roles),
                             disabled=bool(doc.disabled),
                             create_time=to_timestamp(as_utc(doc.create_time)))


def department_message(doc: DepartmentDoc) -> identity_pb2.Department:
    return identity_pb2.Department(code=doc.id, name=doc.name, name_en=doc.name_en or "",
                                   kind=doc.kind, parent=doc.parent or "",
                                   managed_by=doc.managed_by or "")


def audit_message(doc: AuditRecordDoc) -> identity_pb2.AuditRecord:
    entry = entry_of(doc)
    return identity_pb2.AuditRecord(
        seq=entry.seq, time=to_timestamp(entry.time), actor=entry.actor, action=entry.action,
        object=entry.object, result=entry.result, source_ip=entry.source_ip,
        details=dict(entry.details), prev_hash=entry.prev_hash, hash=doc.hash)
