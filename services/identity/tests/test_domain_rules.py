"""Pure rules: masking, password policy and history, lockout, TOTP, roles, refresh families,
department tree. No I/O; time is passed in."""
# ruff: noqa: S105, S106, S107 - fixed test credentials are the point of these tests

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from jlp_common.masking import mask_credit_code, mask_id_number, mask_name, mask_phone
from jlp_identity.domain import passwords, permissions, totp
from jlp_identity.domain.accounts import validate_registration, validate_staff
from jlp_identity.domain.departments import DISTRICT_TREE, DepartmentSpec, tree_problems
from jlp_identity.domain.lockout import SOURCE_AND_ACCOUNT, LoginState
from jlp_identity.domain.tokens import (
    STAFF_REFRESH,
    FamilyState,
    RefreshOutcome,
    access_claims,
    actions_of,
    judge_refresh,
    mint_refresh_token,
    parse_refresh_token,
    refusal_reason,
    required_actions,
    restricted_token_spent,
)

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


# --- masking --------------------------------------------------------------------------------
def test_masks() -> None:
    assert mask_id_number("50010719980517123X") == "500107********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_credit_code("91500107MA5U00003G") == "915001********003G"
    assert mask_phone("") == ""


def test_names_keep_their_first_character() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("王小明") == "王**"
    assert mask_name("欧阳娜娜") == "欧***"  # one rule: compound surnames are not recognised
    assert mask_name("买买提·艾力") == "买*****"
    assert mask_name("李") == "*" and mask_name("") == ""


# --- passwords ------------------------------------------------------------------------------
@pytest.mark.parametrize(("password", "problem"), [
    ("Ab1!", "at least 8"),
    ("abcdefgh1", "3 of"),
    ("ABCDEFGH", "3 of"),
    ("Zhang13812345678!", "user name"),
])
def test_password_policy_refuses(password: str, problem: str) -> None:
    assert any(problem in p for p in passwords.policy_problems(password, ["13812345678"]))


@pytest.mark.parametrize("password", ["Chongqing-2026", "jiulong坡Po9", "abcdefG1", "abc-defg1"])
def test_password_policy_accepts(password: str) -> None:
    assert passwords.policy_problems(password, ["13812345678", "zhangsan"]) == []


def test_the_last_five_passwords_cannot_be_reused() -> None:
    matches = lambda stored, pw: stored == f"hash:{pw}"  # noqa: E731 - stands in for argon2
    history: list[str] = []
    current = "hash:p0"
    for n in range(1, 8):
        history = passwords.history_after_change(history, current)
        current = f"hash:p{n}"
    # Current p7, remembered p3..p6: the last five are p3..p7.
    assert len(history) == passwords.HISTORY_SIZE - 1
    for n in range(3, 8):
        assert passwords.reused(f"p{n}", current, history, matches)
    assert not passwords.reused("p2", current, history, matches)


# --- lockout --------------------------------------------------------------------------------
def test_five_failures_make_the_source_wait_a_minute_then_longer() -> None:
    state = LoginState()
    for n in range(SOURCE_AND_ACCOUNT.free_failures - 1):
        state = state.after_failure(NOW + timedelta(seconds=n), SOURCE_AND_ACCOUNT)
        assert not state.is_locked(NOW + timedelta(seconds=n))
    state = state.after_failure(NOW + timedelta(seconds=10), SOURCE_AND_ACCOUNT)
    assert state.is_locked(NOW + timedelta(seconds=10))
    assert state.is_locked(NOW + timedelta(seconds=69))
    assert not state.is_locked(NOW + timedelta(seconds=70))
    # The count goes on after the wait: the next failure doubles it.
    later = state.after_failure(NOW + timedelta(minutes=30), SOURCE_AND_ACCOUNT)
    assert later.failures == 6 and later.wait(NOW + timedelta(minutes=30)) == timedelta(minutes=2)
    assert state.after_success() == LoginState()


# --- TOTP -----------------------------------------------------------------------------------
def test_totp_accepts_current_and_adjacent_steps_once() -> None:
    secret = totp.new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    step = totp.accepted_step(secret, code, NOW, last_used_step=0)
    assert step == totp.step_of(NOW)
    assert totp.accepted_step(secret, code, NOW, last_used_step=step) is None  # replay
    previous = pyotp.TOTP(secret).at(NOW - timedelta(seconds=30))
    assert totp.accepted_step(secret, previous, NOW, 0) == step - 1
    stale = pyotp.TOTP(secret).at(NOW - timedelta(minutes=2))
    assert totp.accepted_step(secret, stale, NOW, 0) is None
    assert totp.accepted_step(secret, "12345", NOW, 0) is None


def test_provisioning_uri_is_an_otpauth_uri() -> None:
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "admin")
    assert uri.startswith("otpauth://totp/") and "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in uri
    assert pyotp.parse_uri(uri).secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert not totp.is_valid_secret("JBSWY3DPEHPK3PXP")  # 80 bits: too short
    assert not totp.is_valid_secret("not base32!")


# --- roles → permissions --------------------------------------------------------------------
def test_roles_map_to_scoped_permissions() -> None:
    for role, perms in permissions.ROLE_PERMISSIONS.items():
        assert perms, role
        assert all(":" in p for p in perms)
    citizen = permissions.permissions_for(["citizen"])
    assert "grid:case.report" in citizen  # each service may grant citizens their own actions...
    assert not any(p.endswith(".admin") or p.endswith("pii.read") for p in citizen)  # ...never admin ones
    assert "environment:reading.write" in permissions.permissions_for(["device"])


def test_separation_of_duties() -> None:
    sysadmin = permissions.permissions_for(["sysadmin"])
    auditor = permissions.permissions_for(["auditor"])
    assert permissions.AUDIT_READ not in sysadmin
    assert not any(p.endswith(".admin") for p in auditor)
    assert permissions.staff_role_problems(["sysadmin", "auditor"])
    assert permissions.needs_second_factor(["dept_admin"])
    assert not permissions.needs_second_factor(["dept_staff"])


READ_METHOD_PREFIXES = ("Get", "List", "BatchGet", "Search", "Verify", "Locate")


def _policy_modules() -> dict[str, object]:
    """Every component's `jlp_<service>.policy`, found from the catalogue (no hand list): a
    component whose policy cannot be imported fails here rather than escaping the checks."""
    import importlib

    from jlp_common import registry
    return {c.name: importlib.import_module(f"{c.module}.policy") for c in registry.components()}


def _policy_tables() -> dict[str, dict[str, str]]:
    """component → method → permission, over all its gRPC services."""
    return {name: {m: perm for table in module.POLICY.values() for m, perm in table.items()}
            for name, module in _policy_modules().items()}


def _checked_permissions() -> set[str]:
    """Every permission a method policy or a handler checks."""
    checked = {perm for table in _policy_tables().values() for perm in table.values()}
    for module in _policy_modules().values():
        checked |= set(getattr(module, "CHECKED_IN_HANDLERS", ()))
    return {p for p in checked if ":" in p}  # leave out public / authenticated / account setup


def test_the_auditor_can_call_no_method_that_changes_anything() -> None:
    """MLPS 三员分立: the auditor reads; every permission it holds is a read permission, and
    every method of every service that one of them opens is a read method."""
    auditor = permissions.permissions_for(["auditor"])
    assert all(p.endswith(".read") for p in auditor), auditor
    assert permissions.PII_READ not in auditor
    for service, table in _policy_tables().items():
        opened = [m for m, perm in table.items() if perm in auditor]
        writes = [m for m in opened if not m.startswith(READ_METHOD_PREFIXES)]
        assert writes == [], (service, writes)
    identity_reads = [m for m, perm in _policy_tables()["identity"].items() if perm in auditor]
    assert "ListAuditRecords" in identity_reads and "GetUser" in identity_reads


def test_nobody_can_change_or_delete_audit_records() -> None:
    """The audit trail has read methods only, and the sysadmin cannot even read it."""
    from jlp_identity.policy import IDENTITY_SERVICE as POLICY_TABLE
    audit_methods = [m for m in POLICY_TABLE if "Audit" in m]
    assert sorted(audit_methods) == ["ListAuditRecords", "VerifyAuditChain"]
    assert {POLICY_TABLE[m] for m in audit_methods} == {permissions.AUDIT_READ}
    held_by_anyone = permissions.all_permissions()
    assert not [p for p in held_by_anyone if p.startswith("identity:audit.") and
                p != permissions.AUDIT_READ]
    assert not [p for p in permissions.permissions_for(["sysadmin"])
                if p.startswith("identity:audit.")]


def test_requested_scope_is_narrowed_to_what_is_held() -> None:
    held = frozenset({"a:x", "a:y"})
    assert permissions.granted_scope(held, "") == held
    assert permissions.granted_scope(held, "openid") == held
    assert permissions.granted_scope(held, "a:x b:z") == {"a:x"}
    assert permissions.granted_scope(held, "b:z") is None


# --- refresh families -----------------------------------------------------------------------
def _family(token, last_used=NOW, revoked=False) -> FamilyState:  # noqa: ANN001
    return FamilyState(token.digest, NOW - timedelta(minutes=1), last_used, revoked,
                       STAFF_REFRESH)


def test_refresh_rotation_and_reuse_detection() -> None:
    first = mint_refresh_token("fam")
    assert parse_refresh_token(str(first)) == first
    assert judge_refresh(_family(first), first.digest, True, NOW) is RefreshOutcome.ROTATE
    second = mint_refresh_token("fam")
    state = _family(second)
    assert judge_refresh(state, first.digest, True, NOW) is RefreshOutcome.REUSED
    assert judge_refresh(state, second.digest, False, NOW) is RefreshOutcome.REVOKED
    assert judge_refresh(_family(second, revoked=True), second.digest, True, NOW) \
        is RefreshOutcome.REVOKED


def test_staff_refresh_dies_after_thirty_idle_minutes() -> None:
    token = mint_refresh_token("fam")
    state = _family(token, last_used=NOW)
    assert judge_refresh(state, token.digest, True, NOW + timedelta(minutes=29)) \
        is RefreshOutcome.ROTATE
    assert judge_refresh(state, token.digest, True, NOW + timedelta(minutes=31)) \
        is RefreshOutcome.EXPIRED


# --- required actions (restricted tokens) ---------------------------------------------------
def test_required_actions_and_their_refusal_reason() -> None:
    assert required_actions(password_change_required=False, totp_enrolled=False,
                            needs_second_factor=False) == ()
    assert required_actions(password_change_required=True, totp_enrolled=True,
                            needs_second_factor=True) == ("change_password",)
    both = required_actions(password_change_required=True, totp_enrolled=False,
                            needs_second_factor=True)
    assert both == ("change_password", "enrol_totp")
    assert refusal_reason(both) == "PASSWORD_CHANGE_REQUIRED"
    assert refusal_reason(["enrol_totp"]) == "TOTP_ENROLMENT_REQUIRED"
    claims = access_claims(issuer="i", audience="a", subject="s", kind="user", roles=(),
                           scope=(), department="", now=NOW, jti="j", required=both)
    assert claims["required_actions"] == ["change_password", "enrol_totp"]
    assert actions_of(claims) == frozenset(both) and actions_of({}) == frozenset()
    assert "required_actions" not in access_claims(
        issuer="i", audience="a", subject="s", kind="user", roles=(), scope=(), department="",
        now=NOW, jti="j")


def test_restricted_tokens_are_spent_by_a_password_change() -> None:
    iat = int(NOW.timestamp())
    # Issued before the last change (whole seconds, as iat): spent, whatever it was for.
    assert restricted_token_spent(["enrol_totp"], iat, False, NOW + timedelta(seconds=1))
    assert not restricted_token_spent(["enrol_totp"], iat, False, NOW + timedelta(seconds=0.5))
    # For a password change no longer required: spent.
    assert restricted_token_spent(["change_password"], iat, False, NOW - timedelta(days=1))
    assert not restricted_token_spent(["change_password"], iat, True, NOW - timedelta(days=1))


# --- registration validation ----------------------------------------------------------------
def test_registration_names_every_bad_field() -> None:
    account, problems = validate_registration(
        kind="CITIZEN", name="", phone="123", password="short", id_number="500107200001010009",
        today=NOW.date())
    assert account is None
    assert {f for f, _ in problems} == {"name", "phone", "password", "id_number"}
    account, problems = validate_registration(
        kind="ENTERPRISE", name="重庆某某科技有限公司", phone="13912345678",
        password="Enterprise-2026", credit_code="91500107ma5u00003g",
        legal_representative="李四", today=NOW.date())
    assert problems == [] and account is not None
    assert account.credit_code == "91500107MA5U00003G" and account.roles == {"enterprise"}
    _, problems = validate_registration(kind="STAFF", name="x", phone="", password="",
                                        today=NOW.date())
    assert problems == [("kind", "must be CITIZEN or ENTERPRISE")]


def test_names_with_control_characters_are_refused() -> None:
    """A NUL or line break in a name breaks every screen, log line and export it reaches."""
    for name in ("张\x00三", "张三\n管理员", "\u202e张三"):
        _, problems = validate_registration(
            kind="ENTERPRISE", name=name, phone="13912345678", password="Enterprise-2026",
            credit_code="91500107MA5U00003G", legal_representative=name, today=NOW.date())
        assert {f for f, _ in problems} == {"name", "legal_representative"}, repr(name)
        _, problems = validate_staff(name=name, phone="13700000001", password="Staff-2026!",
                                     department="500107009", roles=["grid_worker"])
        assert {f for f, _ in problems} == {"user.name"}, repr(name)
    _, problems = validate_registration(
        kind="CITIZEN", name="阿依古丽·买买提", phone="13912345678", password="Citizen-2026",
        id_number="500107200001010003", today=NOW.date())
    assert problems == []


def test_staff_validation() -> None:
    account, problems = validate_staff(name="王五", phone="13700000001", password="Staff-2026!",
                                       department="500107009", roles=["grid_worker"],
                                       username="wang.wu")
    assert problems == [] and account is not None and account.username == "wang.wu"
    _, problems = validate_staff(name="王五", phone="13700000001", password="Staff-2026!",
                                 department="", roles=["citizen"], username="9lives")
    assert {f for f, _ in problems} == {"user.department", "user.roles", "user.username"}


# --- departments ----------------------------------------------------------------------------
def test_district_tree_has_the_nineteen_subdistricts_and_towns() -> None:
    assert tree_problems(DISTRICT_TREE) == []
    kinds = [d.kind for d in DISTRICT_TREE]
    assert kinds.count("SUBDISTRICT") == 9 and kinds.count("TOWN") == 10
    jiulong = next(d for d in DISTRICT_TREE if d.code == "500107009")
    assert jiulong.name == "九龙街道" and jiulong.kind == "SUBDISTRICT"
    managed = [d.code for d in DISTRICT_TREE if d.managed_by == "重庆高新区"]
    assert len(managed) == 6


def test_tree_problems_are_found() -> None:
    bad = [DepartmentSpec("a", "A", "", "DISTRICT", parent=""),
           DepartmentSpec("b", "B", "", "BUREAU", parent="c"),
           DepartmentSpec("a", "A2", "", "NOPE", parent="a")]
    problems = " ".join(tree_problems(bad))
    assert "duplicate code a" in problems and "unknown parent c" in problems
    assert "unknown kind NOPE" in problems


def test_every_permission_a_service_checks_is_held_by_a_role() -> None:
    """Every component's policy tables (and its handlers' own checks) against the one roles
    table: nothing a method requires may be unobtainable."""
    assert _checked_permissions() - permissions.all_permissions() == set()


def test_no_role_holds_a_permission_nothing_checks() -> None:
    """The reverse: a permission no method or rule checks is dead weight in every token."""
    assert permissions.all_permissions() - _checked_permissions() == set()


def test_the_catalogue_grants_only_roles_identity_knows() -> None:
    assert permissions.UNKNOWN_GRANTED_ROLES == frozenset()


def test_administrators_can_read_back_what_they_administer() -> None:
    sysadmin = permissions.permissions_for(["sysadmin"])
    assert {"grid:grid.admin", "grid:grid.read"} <= sysadmin  # imports grids, then lists them
    assert "environment:station.admin" in sysadmin  # station reads are public
    assert {"environment:rule.admin", "environment:alert.read"} <= sysadmin  # ListAlertRules


def test_only_open311_apps_may_authenticate_by_secret_alone() -> None:
    assert permissions.may_use_api_key(["open311_app"])
    assert not permissions.may_use_api_key(["device"])
    assert not permissions.may_use_api_key(["service"])
    assert not permissions.may_use_api_key(["open311_app", "service"])
    assert not permissions.may_use_api_key([])
