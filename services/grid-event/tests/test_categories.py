"""Category dictionary: public reads, both editions, admin edits with versions, extensions."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask

from jlp.grid_event.v1 import case_pb2, category_pb2

from .conftest import point_in


def test_both_editions_are_listed_publicly_with_limits(server):
    new = server.categories.ListCategories(category_pb2.ListCategoriesRequest(edition="2026"))
    old = server.categories.ListCategories(category_pb2.ListCategoriesRequest(edition="2013"))
    assert {c.standard_ref for c in old.categories} == {"GB/T 30428.2-2013"}
    c = server.categories.GetCategory(category_pb2.GetCategoryRequest(id="2026-event-06010"))
    assert c.equivalent_id == "2013-event-0102" and c.department_id == "bureau-city-management"
    normal = next(t for t in c.time_limits if t.urgency == case_pb2.NORMAL)
    assert (normal.handle_amount, normal.handle_unit) == (4, category_pb2.WORKING_HOURS)
    assert len(new.categories) > 40 and len(old.categories) > 50


def test_admin_edits_bump_the_version_and_old_cases_keep_their_category(server):
    lon, lat = point_in(0)
    legacy = server.cases.CreateCase(case_pb2.CreateCaseRequest(case=case_pb2.Case(
        category_code="0102", location=case_pb2.Location(lon=lon, lat=lat))), metadata=server.md("citizen"))
    assert legacy.standard_ref == "GB/T 30428.2-2013" and legacy.category_name == "暴露垃圾"
    admin = server.md("sysadmin")
    changed = server.categories.UpdateCategory(category_pb2.UpdateCategoryRequest(
        category=category_pb2.Category(id="2013-event-0102", name="暴露垃圾(旧)",
                                       department_id="500107001", version=1),
        update_mask=FieldMask(paths=["name", "department_id"])), metadata=admin)
    assert changed.version == 2 and changed.department_id == "500107001"
    with pytest.raises(grpc.RpcError) as err:  # stale version
        server.categories.UpdateCategory(category_pb2.UpdateCategoryRequest(
            category=category_pb2.Category(id="2013-event-0102", name="x", version=1),
            update_mask=FieldMask(paths=["name"])), metadata=admin)
    assert err.value.code() == grpc.StatusCode.ABORTED
    with pytest.raises(grpc.RpcError) as err:
        server.categories.UpdateCategory(category_pb2.UpdateCategoryRequest(
            category=category_pb2.Category(id="2013-event-0102", name="x"),
            update_mask=FieldMask(paths=["name"])), metadata=server.md("ops_center"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    again = server.cases.GetCase(case_pb2.GetCaseRequest(id=legacy.id), metadata=server.md("ops_center"))
    assert again.category_name == "暴露垃圾"  # the case keeps what it was filed under
    # New dispatches follow the edited default department.
    ops = server.md("ops_center")
    server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=legacy.id), metadata=ops)
    d = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=legacy.id), metadata=ops)
    assert d.department_id == "500107001"


def test_city_extension_category_can_be_created_and_deactivated(server):
    admin = server.md("sysadmin")
    created = server.categories.CreateCategory(category_pb2.CreateCategoryRequest(category=category_pb2.Category(
        edition="2026", kind=category_pb2.EVENT, code="99002", name="违规燃放烟花",
        department_id="bureau-public-security", time_limits=[category_pb2.TimeLimit(
            urgency=case_pb2.NORMAL, register_minutes=30, dispatch_minutes=30, handle_amount=60,
            handle_unit=category_pb2.NATURAL_MINUTES, verify_minutes=60)])), metadata=admin)
    assert created.id == "2026-event-99002" and created.version == 1
    with pytest.raises(grpc.RpcError) as err:
        server.categories.CreateCategory(category_pb2.CreateCategoryRequest(category=created), metadata=admin)
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS
    server.categories.UpdateCategory(category_pb2.UpdateCategoryRequest(
        category=category_pb2.Category(id=created.id, active=False),
        update_mask=FieldMask(paths=["active"])), metadata=admin)
    lon, lat = point_in(0)
    with pytest.raises(grpc.RpcError) as err:
        server.cases.CreateCase(case_pb2.CreateCaseRequest(case=case_pb2.Case(
            category_code="99002", location=case_pb2.Location(lon=lon, lat=lat))), metadata=server.md("citizen"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
