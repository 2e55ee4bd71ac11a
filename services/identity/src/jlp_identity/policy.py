"""Who may call which method of the identity service (deny by default; DESIGN §3 Auth).

Permissions are granted to roles in the component catalogue (jlp_common/components.yaml),
which identity turns into the roles → permissions table it puts in tokens.
"""

from __future__ import annotations

from jlp_common.auth import ACCOUNT_SETUP, PUBLIC
from jlp_identity.domain import permissions as perms

IDENTITY_SERVICE = {
    "Register": PUBLIC,
    "IssueToken": PUBLIC,
    "RevokeToken": PUBLIC,  # possession of the token is the proof (RFC 7009 §2.1)
    "GetJwks": PUBLIC,
    "GetServerMetadata": PUBLIC,
    "GetMe": ACCOUNT_SETUP,  # restricted tokens too: they exist to finish these steps
    "ChangePassword": ACCOUNT_SETUP,
    "EnrollTotp": ACCOUNT_SETUP,
    "GetUser": perms.USER_READ,
    "BatchGetUsers": perms.USER_READ,
    "ListStaff": perms.USER_READ,
    "CreateStaff": perms.STAFF_ADMIN,
    "UpdateUserRoles": perms.ROLE_ADMIN,
    "AssignDepartment": perms.STAFF_ADMIN,
    "DisableUser": perms.STAFF_ADMIN,
    "EnableUser": perms.STAFF_ADMIN,
    "ResetTotp": perms.STAFF_ADMIN,
    "CreateClient": perms.CLIENT_ADMIN,
    "ListClients": perms.CLIENT_ADMIN,
    "DisableClient": perms.CLIENT_ADMIN,
    "RotateClientSecret": perms.CLIENT_ADMIN,
    "ListDepartments": perms.DEPARTMENT_READ,
    "GetDepartment": perms.DEPARTMENT_READ,
    "ListAuditRecords": perms.AUDIT_READ,
    "VerifyAuditChain": perms.AUDIT_READ,
    "CheckPersons": perms.PERSON_CHECK,
}

POLICY = {"IdentityService": IDENTITY_SERVICE}
# Checked inside the handlers: unmasked personal data in answers (and audited when shown).
CHECKED_IN_HANDLERS = frozenset({perms.PII_READ})
