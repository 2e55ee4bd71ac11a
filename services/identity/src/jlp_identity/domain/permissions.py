"""The one roles → permissions table of the platform (DESIGN §3 Auth).

Permissions are `<service>:<action>` scopes carried in access tokens; every service checks them
per method. The roles are defined here; the permissions each holds come from the component
catalogue's `grants`, the only place that says which role holds which permission.

Separation of duties (MLPS 2.0 level 3 三员分立): the system administrator manages accounts,
clients and configuration but cannot read or change the audit trail (nobody can change it: it
is append-only); the auditor reads the audit trail and accounts but changes nothing; one account
cannot hold both roles.
"""

from __future__ import annotations

from collections.abc import Iterable

from jlp_common import registry

# --- identity ------------------------------------------------------------------------------
USER_READ = "identity:user.read"
PII_READ = "identity:pii.read"
STAFF_ADMIN = "identity:staff.admin"
ROLE_ADMIN = "identity:role.admin"
CLIENT_ADMIN = "identity:client.admin"
AUDIT_READ = "identity:audit.read"
DEPARTMENT_READ = "identity:department.read"
# Yes/no questions about a person for a stated purpose (poverty-aid checks): no personal data out.
PERSON_CHECK = "identity:person.check"

CITIZEN_ROLES = frozenset({"citizen"})
ENTERPRISE_ROLES = frozenset({"enterprise"})
STAFF_ROLES = frozenset({"grid_worker", "dept_staff", "dept_admin", "ops_center", "auditor",
                         "sysadmin"})
CLIENT_ROLES = frozenset({"device", "service", "open311_app"})
# Which role holds which permission of each component is declared, component by component,
# in the catalogue (jlp_common/components.yaml `grants`); identity is its only reader. A role
# with no grant still exists (a citizen of a suite without grid-event holds nothing).
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    role: registry.role_grants().get(role, frozenset())
    for role in sorted(CITIZEN_ROLES | ENTERPRISE_ROLES | STAFF_ROLES | CLIENT_ROLES)
}
UNKNOWN_GRANTED_ROLES = frozenset(registry.role_grants()) - frozenset(ROLE_PERMISSIONS)

# Client roles whose secret may be presented alone, without the client id: Open311 GeoReport v2
# sends only an `api_key` (shared/reference/open311-georeport-v2.md). A client holding any
# other role (device, service) must still identify itself with its client_id.
API_KEY_ROLES = frozenset({"open311_app"})
# Sign in with password + TOTP (MLPS 2.0 level 3 two-factor authentication for administrators).
PRIVILEGED_ROLES = frozenset({"sysadmin", "auditor", "dept_admin"})
# Role pairs one account may not hold together (separation of duties).
EXCLUSIVE_ROLES = (frozenset({"sysadmin", "auditor"}),)


def permissions_for(roles: Iterable[str]) -> frozenset[str]:
    """Union of the permissions of `roles` (unknown roles give nothing)."""
    out: set[str] = set()
    for role in roles:
        out |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(out)


def all_permissions() -> frozenset[str]:
    return permissions_for(ROLE_PERMISSIONS)


def may_use_api_key(roles: Iterable[str]) -> bool:
    """True when a client with `roles` may authenticate by its secret alone: it holds at least
    one role, and every one of them allows it (a mixed open311_app + service client may not,
    or a bare key would carry service permissions)."""
    roles = set(roles)
    return bool(roles) and roles <= API_KEY_ROLES


def needs_second_factor(roles: Iterable[str]) -> bool:
    return bool(PRIVILEGED_ROLES & set(roles))


def _names(unknown: set[str], most: int = 5, longest: int = 40) -> str:
    """Unknown role names for an error message, bounded (they are whatever a caller sent)."""
    shown = [r if len(r) <= longest else r[:longest] + "…" for r in sorted(unknown)[:most]]
    return ", ".join(shown) + (f" and {len(unknown) - most} more" if len(unknown) > most else "")


def staff_role_problems(roles: Iterable[str]) -> list[str]:
    """Why `roles` cannot be given to a member of staff; empty when they can."""
    roles = set(roles)
    problems = []
    if not roles:
        problems.append("at least one role is required")
    unknown = roles - STAFF_ROLES
    if unknown:
        problems.append(f"not staff roles: {_names(unknown)}")
    for pair in EXCLUSIVE_ROLES:
        if pair <= roles:
            problems.append(f"roles {' and '.join(sorted(pair))} may not be held together")
    return problems


def client_role_problems(roles: Iterable[str]) -> list[str]:
    """Why `roles` cannot be given to an OAuth client; empty when they can."""
    roles = set(roles)
    if not roles:
        return ["at least one role is required"]
    unknown = roles - CLIENT_ROLES
    return [f"not client roles: {_names(unknown)}"] if unknown else []


def granted_scope(held: frozenset[str], requested: str) -> frozenset[str] | None:
    """Scope to put in a token: all of `held`, or the requested subset (RFC 6749 §3.3).

    Requested permissions the caller does not hold are dropped; None when the request named
    permissions and none of them is held (`invalid_scope`). Non-permission scopes such as
    `openid` are ignored.
    """
    wanted = {s for s in requested.split() if ":" in s}
    if not requested.strip() or not wanted:
        return held
    granted = frozenset(wanted & held)
    return granted or None
