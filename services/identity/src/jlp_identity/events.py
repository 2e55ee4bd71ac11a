"""Events identity publishes, built as outbox entries stored with the change they describe.

Subjects (stream JLP_IDENTITY): jlp.identity.user.registered, jlp.identity.user.roles_changed,
jlp.identity.audit.<action>. Payloads (proto/jlp/identity/v1/events.proto) carry ids and roles,
never unmasked personal numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from jlp.identity.v1 import events_pb2
from jlp_common import subjects
from jlp_common.events import OutboxEvent, outbox_event
from jlp_common.timeutil import to_timestamp
from jlp_identity.models import AuditRecordDoc

DOMAIN = "identity"
USER_REGISTERED = subjects.IDENTITY_USER_REGISTERED
USER_ROLES_CHANGED = subjects.IDENTITY_USER_ROLES_CHANGED



def user_registered(user_id: str, kind: str, roles: Iterable[str], department: str,
                    when: datetime) -> OutboxEvent:
    message = events_pb2.UserRegistered(user_id=user_id, kind=kind, roles=sorted(roles),
                                        department=department, register_time=to_timestamp(when))
    return outbox_event(USER_REGISTERED, message, subject_ref=f"users/{user_id}", time=when)


def user_roles_changed(user_id: str, old_roles: Iterable[str], new_roles: Iterable[str],
                       department: str, disabled: bool, actor: str,
                       when: datetime) -> OutboxEvent:
    message = events_pb2.UserRolesChanged(
        user_id=user_id, old_roles=sorted(old_roles), new_roles=sorted(new_roles),
        department=department, disabled=disabled, actor=actor, change_time=to_timestamp(when))
    return outbox_event(USER_ROLES_CHANGED, message, subject_ref=f"users/{user_id}", time=when)


def audit_recorded(doc: AuditRecordDoc) -> OutboxEvent:
    message = events_pb2.AuditRecorded(
        seq=doc.seq, time=to_timestamp(doc.time), actor=doc.actor, action=doc.action,
        object=doc.object, result=doc.result, source_ip=doc.source_ip,
        details=dict(doc.details or {}), prev_hash=doc.prev_hash, hash=doc.hash)
    return outbox_event(subjects.identity_audit(doc.action), message, subject_ref=f"audit/{doc.seq}",
                        time=doc.time)
