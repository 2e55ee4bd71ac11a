"""gRPC IdentityService: translates protobuf ↔ the application layer, nothing more.

Access rules per method are in POLICY (deny by default; enforced by jlp_common's interceptor
before a handler runs). Unmasked personal data (numbers; citizens' and legal representatives'
names) is returned only to holders of identity:pii.read, and every such response is audited as
`pii_read`; the caller's own names are shown to the caller (GetMe).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_common.auth import Principal
from jlp_common.context import current_principal, require_principal
from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_common.timeutil import timestamp_field
from jlp_identity import departments, views
from jlp_identity.accounts import Accounts
from jlp_identity.audit_log import AuditLog, AuditQuery
from jlp_identity.clients import ClientRegistry
from jlp_identity.domain import permissions as perms
from jlp_identity.domain.tokens import (
    AUTH_TIME_CLAIM,
    CHANGE_PASSWORD,
    ENROL_TOTP,
    REQUIRED_ACTIONS_CLAIM,
)
from jlp_identity.models import UserDoc
from jlp_identity.person_checks import PersonChecks
from jlp_identity.restricted import require_action
from jlp_identity.signing import KeyRing
from jlp_identity.tokens import GRANT_TYPES, TokenGrant, TokenService
from jlp_identity.users import Directory

CLAIMS_SUPPORTED = ("iss", "aud", "sub", "iat", "nbf", "exp", "jti", "scope", "roles", "dept",
                    "kind", "acct", "amr", "typ", AUTH_TIME_CLAIM, REQUIRED_ACTIONS_CLAIM)


@dataclass(frozen=True)
class Parts:
    """Everything the servicer delegates to."""

    directory: Directory
    accounts: Accounts
    tokens: TokenService
    clients: ClientRegistry
    ring: KeyRing
    audit: AuditLog
    issuer: str
    person_checks: PersonChecks


def _user_caller() -> Principal:
    principal = require_principal()
    if principal.kind != "user":
        raise FailedPrecondition("only user accounts can do this", reason="NOT_A_USER")
    return principal


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, parts: Parts) -> None:
        self.p = parts

    # --- helpers ----------------------------------------------------------------------------
    def _users_out(self, docs: Sequence[UserDoc], *, own: bool = False
                   ) -> list[identity_pb2.User]:
        """Messages for `docs`, unmasked for pii.read holders, each unmasked response audited
        (one record per response, numbers and names together). `own`: the caller's account."""
        principal = current_principal()
        unmasked = bool(principal and principal.has(perms.PII_READ))
        user_views = [self.p.directory.view(d) for d in docs]
        shown = [v.id for v in user_views if views.has_personal_data(v)]
        if unmasked and shown:
            self.p.audit.record("pii_read", object=",".join(f"users/{i}" for i in shown[:50]),
                                details={"count": len(shown)})
        return [views.user_message(v, unmasked=unmasked, own=own) for v in user_views]

    # --- accounts ---------------------------------------------------------------------------
    def Register(self, request, context):  # noqa: N802 - generated name
        doc = self.p.accounts.register(
            kind=request.kind, name=request.name, phone=request.phone, password=request.password,
            id_number=request.id_number, credit_code=request.credit_code,
            legal_representative=request.legal_representative,
            legal_representative_id_number=request.legal_representative_id_number)
        return views.user_message(self.p.directory.view(doc))

    def GetMe(self, request, context):  # noqa: N802
        principal = require_principal()
        if principal.kind == "client":
            return views.client_as_user(self.p.clients.get(principal.subject))
        return self._users_out([self.p.directory.get(principal.subject)], own=True)[0]

    def ChangePassword(self, request, context):  # noqa: N802
        principal = _user_caller()
        require_action(principal, CHANGE_PASSWORD)
        self.p.tokens.require_recent_sign_in(principal, "changing the password")
        self.p.accounts.change_password(principal.subject, request.current_password,
                                        request.new_password)
        return identity_pb2.ChangePasswordResponse()

    def EnrollTotp(self, request, context):  # noqa: N802
        principal = _user_caller()
        require_action(principal, ENROL_TOTP)
        self.p.tokens.require_recent_sign_in(principal, "enrolling a second factor")
        uri, secret = self.p.accounts.enroll_totp(principal.subject)
        return identity_pb2.EnrollTotpResponse(otpauth_uri=uri, secret=secret)

    def GetUser(self, request, context):  # noqa: N802
        return self._users_out([self.p.directory.get(request.id)])[0]

    def BatchGetUsers(self, request, context):  # noqa: N802
        docs = self.p.directory.get_many(list(request.ids))
        return identity_pb2.BatchGetUsersResponse(users=self._users_out(docs))

    def ListStaff(self, request, context):  # noqa: N802
        docs, nxt = self.p.directory.list_staff(request.department, request.role,
                                                request.page_size, request.page_token,
                                                request.show_disabled)
        return identity_pb2.ListStaffResponse(users=self._users_out(docs), next_page_token=nxt)

    def CreateStaff(self, request, context):  # noqa: N802
        user = request.user
        doc = self.p.accounts.create_staff(name=user.name, phone=user.phone,
                                           password=request.password,
                                           department=user.department, roles=list(user.roles),
                                           username=user.username)
        return self._users_out([doc])[0]

    def UpdateUserRoles(self, request, context):  # noqa: N802
        return self._users_out([self.p.accounts.update_roles(request.id, list(request.roles))])[0]

    def AssignDepartment(self, request, context):  # noqa: N802
        doc = self.p.accounts.assign_department(request.id, request.department)
        return self._users_out([doc])[0]

    def DisableUser(self, request, context):  # noqa: N802
        return self._users_out([self.p.accounts.disable(request.id, request.reason)])[0]

    def EnableUser(self, request, context):  # noqa: N802
        return self._users_out([self.p.accounts.enable(request.id)])[0]

    def ResetTotp(self, request, context):  # noqa: N802
        return self._users_out([self.p.accounts.reset_totp(request.id)])[0]

    def CheckPersons(self, request, context):  # noqa: N802
        facts = self.p.person_checks.check(list(request.id_numbers), request.purpose, request.consent_id)
        return identity_pb2.CheckPersonsResponse(persons=[
            identity_pb2.PersonCheck(has_account=f.has_account,
                                     enterprises_represented=f.enterprises_represented)
            for f in facts])

    # --- tokens and keys --------------------------------------------------------------------
    def IssueToken(self, request, context):  # noqa: N802
        issued = self.p.tokens.issue(TokenGrant(
            grant_type=request.grant_type, username=request.username, password=request.password,
            otp=request.otp, refresh_token=request.refresh_token, client_id=request.client_id,
            client_secret=request.client_secret, scope=request.scope))
        return identity_pb2.TokenResponse(
            access_token=issued.access_token, token_type=issued.token_type,
            expires_in=issued.expires_in, refresh_token=issued.refresh_token, scope=issued.scope,
            password_change_required=issued.password_change_required)

    def RevokeToken(self, request, context):  # noqa: N802
        self.p.tokens.revoke(request.token, request.token_type_hint, request.client_id,
                             request.client_secret)
        return identity_pb2.RevokeTokenResponse()

    def GetJwks(self, request, context):  # noqa: N802
        return identity_pb2.JsonWebKeySet(
            keys=[identity_pb2.JsonWebKey(**k) for k in self.p.ring.jwks()["keys"]])

    def GetServerMetadata(self, request, context):  # noqa: N802
        return identity_pb2.ServerMetadata(
            issuer=self.p.issuer, grant_types_supported=list(GRANT_TYPES),
            scopes_supported=sorted(perms.all_permissions()),
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post",
                                                   "none"],
            signing_alg_values_supported=["EdDSA", "ES256"],
            claims_supported=list(CLAIMS_SUPPORTED))

    # --- clients ----------------------------------------------------------------------------
    def CreateClient(self, request, context):  # noqa: N802
        doc, secret = self.p.clients.create(request.client.name, list(request.client.roles),
                                            creator=require_principal().subject)
        return views.client_message(doc, secret)

    def ListClients(self, request, context):  # noqa: N802
        docs, nxt = self.p.clients.list(request.page_size, request.page_token,
                                        request.show_disabled)
        return identity_pb2.ListClientsResponse(clients=[views.client_message(d) for d in docs],
                                                next_page_token=nxt)

    def DisableClient(self, request, context):  # noqa: N802
        return views.client_message(self.p.clients.disable(request.client_id))

    def RotateClientSecret(self, request, context):  # noqa: N802
        doc, secret = self.p.clients.rotate_secret(request.client_id)
        return views.client_message(doc, secret)

    # --- departments ------------------------------------------------------------------------
    def ListDepartments(self, request, context):  # noqa: N802
        docs = departments.list_departments(request.parent, request.kind)
        return identity_pb2.ListDepartmentsResponse(
            departments=[views.department_message(d) for d in docs])

    def GetDepartment(self, request, context):  # noqa: N802
        return views.department_message(departments.get_department(request.code))

    # --- audit ------------------------------------------------------------------------------
    def ListAuditRecords(self, request, context):  # noqa: N802
        start = timestamp_field(request, "start_time")
        end = timestamp_field(request, "end_time")
        if start and end and end <= start:
            raise InvalidArgument.field("end_time", "must be after start_time")
        docs, nxt = self.p.audit.list(AuditQuery(request.actor, request.action, start, end),
                                      request.page_size, request.page_token)
        return identity_pb2.ListAuditRecordsResponse(
            records=[views.audit_message(d) for d in docs], next_page_token=nxt)

    def VerifyAuditChain(self, request, context):  # noqa: N802
        result = self.p.audit.verify()
        return identity_pb2.VerifyAuditChainResponse(ok=result.ok, records_checked=result.checked,
                                                     first_bad_seq=result.first_bad_seq,
                                                     reason=result.reason)

