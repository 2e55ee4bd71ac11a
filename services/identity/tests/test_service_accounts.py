"""Accounts over a real gRPC channel: registration, masking, duplicates, staff, roles."""
# ruff: noqa: S105, S106, S107 - fixed test credentials are the point of these tests

from __future__ import annotations

import grpc
import pytest
from google.rpc import error_details_pb2

from jlp.identity.v1 import identity_pb2
from jlp_common.errors import status_from_rpc_error, unpack_details
from jlp_identity.audit_log import AuditQuery
from jlp_identity.models import UserDoc

from .conftest import CITIZEN_ID, CITIZEN_PASSWORD, CITIZEN_PHONE, Identity


def violations(err: grpc.RpcError) -> dict[str, str]:
    out = {}
    for detail in unpack_details(status_from_rpc_error(err)):
        if isinstance(detail, error_details_pb2.BadRequest):
            out.update({v.field: v.description for v in detail.field_violations})
    return out


def test_register_masks_numbers_and_stores_them_encrypted(identity: Identity) -> None:
    user = identity.register_citizen()
    assert user.kind == "CITIZEN" and user.roles == ["citizen"] and user.masked
    assert user.id_number == "500107********0003" and user.phone == "138****5678"
    assert user.name == "张*"
    stored = UserDoc.objects(id=user.id).first()
    raw = str(stored.to_mongo())
    assert CITIZEN_ID not in raw and CITIZEN_PHONE not in raw and "张三" not in raw
    assert stored.password_hash.startswith("$argon2id$")


def test_register_enterprise(identity: Identity) -> None:
    user = identity.stub.Register(identity_pb2.RegisterRequest(
        kind="ENTERPRISE", name="重庆九龙示例科技有限公司", credit_code="91500107MA5U00003G",
        legal_representative="李四", phone="13912345678", password="Enterprise-2026"))
    assert user.credit_code == "915001********003G" and user.roles == ["enterprise"]
    # The registered name is public; the legal representative is a person: masked.
    assert user.name == "重庆九龙示例科技有限公司" and user.legal_representative == "李*"
    raw = str(UserDoc.objects(id=user.id).first().to_mongo())
    assert "李四" not in raw and "91500107MA5U00003G" not in raw  # encrypted at rest
    token = identity.password_grant("91500107MA5U00003G", "Enterprise-2026").access_token
    me = identity.call("GetMe", identity_pb2.GetMeRequest(), token)
    assert me.id == user.id and me.legal_representative == "李四"


def test_duplicates_are_refused_with_already_exists(identity: Identity) -> None:
    identity.register_citizen()
    with pytest.raises(grpc.RpcError) as same_id:
        identity.register_citizen(phone="13900000001")
    assert same_id.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "id number" in same_id.value.details()
    with pytest.raises(grpc.RpcError) as same_phone:
        identity.register_citizen(id_number="50010719980517004X")
    assert same_phone.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "phone" in same_phone.value.details()
    # The same phone typed in full-width digits is the same phone, not a second account.
    with pytest.raises(grpc.RpcError) as wide_phone:
        identity.register_citizen(id_number="50010719980517004X", phone="１３８１２３４５６７８")
    assert wide_phone.value.code() == grpc.StatusCode.ALREADY_EXISTS


def test_invalid_number_and_weak_password_name_the_fields(identity: Identity) -> None:
    with pytest.raises(grpc.RpcError) as err:
        identity.register_citizen(id_number="500107200001010009", password="password")
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(err.value)) == {"id_number", "password"}


def test_pre_1997_jiulongpo_resident_can_register(identity: Identity) -> None:
    assert identity.register_citizen(id_number="500107199001010008").id


def test_staff_creation_roles_and_separation_of_duties(identity: Identity) -> None:
    admin = identity.admin_token()
    staff = identity.create_staff(admin, "13700000001", ["grid_worker"], username="wang.wu")
    assert staff.kind == "STAFF" and staff.department == "500107009"
    listed = identity.call("ListStaff", identity_pb2.ListStaffRequest(
        department="500107009"), admin)
    assert [u.id for u in listed.users] == [staff.id]
    assert listed.users[0].phone == "137****0001"  # sysadmin does not hold pii.read
    changed = identity.call("UpdateUserRoles", identity_pb2.UpdateUserRolesRequest(
        id=staff.id, roles=["dept_staff", "grid_worker"]), admin)
    assert list(changed.roles) == ["dept_staff", "grid_worker"]
    by_role = identity.call("ListStaff", identity_pb2.ListStaffRequest(role="dept_staff"), admin)
    assert [u.id for u in by_role.users] == [staff.id]
    with pytest.raises(grpc.RpcError) as both:
        identity.call("UpdateUserRoles", identity_pb2.UpdateUserRolesRequest(
            id=staff.id, roles=["sysadmin", "auditor"]), admin)
    assert both.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    me = identity.call("GetMe", identity_pb2.GetMeRequest(), admin)
    with pytest.raises(grpc.RpcError) as own:
        identity.call("UpdateUserRoles", identity_pb2.UpdateUserRolesRequest(
            id=me.id, roles=["grid_worker"]), admin)
    assert own.value.code() == grpc.StatusCode.PERMISSION_DENIED
    moved = identity.call("AssignDepartment", identity_pb2.AssignDepartmentRequest(
        id=staff.id, department="bureau-ecology-environment"), admin)
    assert moved.department == "bureau-ecology-environment"
    with pytest.raises(grpc.RpcError) as unknown:
        identity.call("AssignDepartment", identity_pb2.AssignDepartmentRequest(
            id=staff.id, department="nowhere"), admin)
    assert unknown.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_citizens_cannot_administer(identity: Identity) -> None:
    identity.register_citizen()
    token = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    with pytest.raises(grpc.RpcError) as err:
        identity.create_staff(token, "13700000002", ["grid_worker"])
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_unmasked_reads_need_pii_read_and_are_audited(identity: Identity) -> None:
    admin = identity.admin_token()
    citizen = identity.register_citizen()
    ops = identity.create_staff(admin, "13700000003", ["ops_center"], password="Ops-Center-2026")
    ops_token = identity.password_grant("13700000003", "Ops-Center-2026").access_token
    seen_by_admin = identity.call("GetUser", identity_pb2.GetUserRequest(id=citizen.id), admin)
    assert seen_by_admin.id_number == "500107********0003"
    seen_by_ops = identity.call("GetUser", identity_pb2.GetUserRequest(id=citizen.id), ops_token)
    assert seen_by_ops.id_number == CITIZEN_ID and seen_by_ops.phone == CITIZEN_PHONE
    assert not seen_by_ops.masked
    batch = identity.call("BatchGetUsers", identity_pb2.BatchGetUsersRequest(
        ids=[citizen.id, ops.id]), ops_token)
    assert [u.id for u in batch.users] == [citizen.id, ops.id]
    reads, _ = identity.app.parts.audit.list(AuditQuery(action="pii_read"), 10, "")
    assert len(reads) == 2 and all(r.actor == ops.id for r in reads)
    assert f"users/{citizen.id}" in reads[-1].object


def test_citizen_names_are_masked_without_pii_read(identity: Identity) -> None:
    admin = identity.admin_token()
    citizen = identity.register_citizen(name="欧阳娜娜")
    enterprise = identity.stub.Register(identity_pb2.RegisterRequest(
        kind="ENTERPRISE", name="重庆九龙示例科技有限公司", credit_code="91500107MA5U00003G",
        legal_representative="李四", phone="13912345678", password="Enterprise-2026"))
    staff = identity.create_staff(admin, "13700000004", ["grid_worker"])
    # sysadmin holds user.read but not pii.read: names masked like the numbers, nothing audited.
    seen = identity.call("BatchGetUsers", identity_pb2.BatchGetUsersRequest(
        ids=[citizen.id, enterprise.id, staff.id]), admin).users
    assert [u.name for u in seen] == ["欧***", "重庆九龙示例科技有限公司", "王五"]
    assert seen[1].legal_representative == "李*" and all(u.masked for u in seen)
    one = identity.call("GetUser", identity_pb2.GetUserRequest(id=citizen.id), admin)
    assert one.name == "欧***" and one.id_number == "500107********0003"
    listed = identity.call("ListStaff", identity_pb2.ListStaffRequest(), admin).users
    assert "王五" in [u.name for u in listed]  # officials act under their names
    assert not identity.app.parts.audit.list(AuditQuery(action="pii_read"), 10, "")[0]
    # pii.read: names in clear, together with the numbers, in one audit record per response.
    ops_token = identity.password_grant(*_staff_with_pii_read(identity, admin)).access_token
    clear = identity.call("BatchGetUsers", identity_pb2.BatchGetUsersRequest(
        ids=[citizen.id, enterprise.id]), ops_token).users
    assert [u.name for u in clear] == ["欧阳娜娜", "重庆九龙示例科技有限公司"]
    assert clear[1].legal_representative == "李四" and not any(u.masked for u in clear)
    reads, _ = identity.app.parts.audit.list(AuditQuery(action="pii_read"), 10, "")
    assert len(reads) == 1 and reads[0].details["count"] == "2"
    assert reads[0].object == f"users/{citizen.id},users/{enterprise.id}"
    assert "欧阳娜娜" not in str(reads[0].to_mongo())  # ids only, never the names
    # The citizen sees their own name.
    own = identity.password_grant(CITIZEN_PHONE, CITIZEN_PASSWORD).access_token
    me = identity.call("GetMe", identity_pb2.GetMeRequest(), own)
    assert me.name == "欧阳娜娜" and me.id_number == "500107********0003" and me.masked


def test_legal_representatives_stored_in_clear_earlier_are_still_read(identity: Identity) -> None:
    enterprise = identity.stub.Register(identity_pb2.RegisterRequest(
        kind="ENTERPRISE", name="重庆九龙示例科技有限公司", credit_code="91500107MA5U00003G",
        legal_representative="李四", phone="13912345678", password="Enterprise-2026"))
    UserDoc.objects(id=enterprise.id).update_one(unset__legal_representative_enc=True,
                                                 set__legal_representative="李四")
    seen = identity.call("GetUser", identity_pb2.GetUserRequest(id=enterprise.id),
                         identity.admin_token())
    assert seen.legal_representative == "李*"


def _staff_with_pii_read(identity: Identity, admin: str) -> tuple[str, str]:
    identity.create_staff(admin, "13700000005", ["ops_center"], password="Ops-Center-2026")
    return "13700000005", "Ops-Center-2026"


def test_batch_get_reports_missing_ids(identity: Identity) -> None:
    admin = identity.admin_token()
    with pytest.raises(grpc.RpcError) as err:
        identity.call("BatchGetUsers", identity_pb2.BatchGetUsersRequest(ids=["nope"]), admin)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_departments_are_seeded_as_a_tree(identity: Identity) -> None:
    admin = identity.admin_token()
    towns = identity.call("ListDepartments", identity_pb2.ListDepartmentsRequest(kind="TOWN"),
                          admin)
    assert len(towns.departments) == 10
    assert all(d.parent == "500107" for d in towns.departments)
    children = identity.call("ListDepartments", identity_pb2.ListDepartmentsRequest(
        parent="500107"), admin)
    assert len([d for d in children.departments if d.kind in ("SUBDISTRICT", "TOWN")]) == 19
    one = identity.call("GetDepartment", identity_pb2.GetDepartmentRequest(code="500107105"),
                        admin)
    assert one.name == "白市驿镇" and one.managed_by == "重庆高新区"


def test_bootstrap_admin_is_created_once_and_never_without_a_password(clock) -> None:  # noqa: ANN001
    from .conftest import identity_env, start_identity

    env = identity_env(JLP_BOOTSTRAP_ADMIN_USER="root.admin",
                       JLP_BOOTSTRAP_ADMIN_PASSWORD="Bootstrap-2026!",
                       JLP_BOOTSTRAP_ADMIN_TOTP_SECRET="")
    running = start_identity(clock, env)
    try:
        # No TOTP secret given: the admin signs in, but may only enrol a second factor.
        restricted = running.password_grant("root.admin", "Bootstrap-2026!")
        assert restricted.scope == ""
        me = running.call("GetMe", identity_pb2.GetMeRequest(), restricted.access_token)
        assert me.roles == ["sysadmin"] and me.username == "root.admin" and not me.totp_enrolled
        accounts = running.app.parts.accounts
        assert accounts.ensure_bootstrap_admin("other.admin", "Bootstrap-2026!", "") is None
    finally:
        running.channel.close()
        running.app.stop(0)
    bare = start_identity(clock, identity_env(JLP_BOOTSTRAP_ADMIN_PASSWORD=""))
    try:
        assert UserDoc.objects(roles="sysadmin").count() == 0
    finally:
        bare.channel.close()
        bare.app.stop(0)
