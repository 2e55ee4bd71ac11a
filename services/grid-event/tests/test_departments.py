"""Dispatch only to departments identity knows (ADR 0040, "Department check"): unknown codes are
refused naming the field, identity down means the dispatch goes ahead marked "not verified",
and the code list is cached and refreshed on a miss at most every N seconds."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from grpc_status import rpc_status

from jlp.grid_event.v1 import case_pb2, category_pb2
from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_common.config import Settings
from jlp_common.errors import InvalidArgument
from jlp_grid_event.department_directory import (
    DepartmentDirectory,
    DirectoryUnavailable,
    Verdict,
    from_settings,
)

from .conftest import start_server
from .test_cases_grpc import report
from .test_gateway import gateway_for


def violations(err: grpc.RpcError) -> dict[str, str]:
    from google.rpc import error_details_pb2

    status = rpc_status.from_call(err)
    out = {}
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            out.update({v.field: v.description for v in bad.field_violations})
    return out


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the cache, no network ---------------------------------------------------------------
def test_cache_answers_from_memory_and_refreshes_on_a_miss_at_most_every_interval():
    codes = {"bureau-water"}
    calls = []

    def fetch():
        calls.append(1)
        return set(codes)

    ticks = Ticks()
    d = DepartmentDirectory(fetch, ttl_s=300, min_refresh_s=30, clock=ticks)
    assert d.check("bureau-water") is Verdict.KNOWN and len(calls) == 1
    assert d.check("bureau-water") is Verdict.KNOWN and len(calls) == 1  # cached
    codes.add("bureau-new")  # created in identity after we loaded
    ticks.now += 10
    assert d.check("bureau-new") is Verdict.UNKNOWN and len(calls) == 1  # refreshed <30 s ago
    ticks.now += 25
    assert d.check("bureau-new") is Verdict.KNOWN and len(calls) == 2  # a miss refreshes
    assert d.check("bureau-nope") is Verdict.UNKNOWN and len(calls) == 2  # no hammering
    ticks.now += 301
    codes.discard("bureau-water")
    assert d.check("bureau-new") is Verdict.KNOWN and len(calls) == 3  # expired: reloaded
    assert d.check("bureau-water") is Verdict.UNKNOWN


def test_unavailable_without_a_list_and_a_stale_list_is_kept_when_identity_fails():
    up = {"ok": False}
    ticks = Ticks()

    def fetch():
        if not up["ok"]:
            raise DirectoryUnavailable("identity down")
        return {"bureau-water"}

    d = DepartmentDirectory(fetch, ttl_s=300, min_refresh_s=30, clock=ticks)
    assert d.check("bureau-water") is Verdict.UNAVAILABLE
    up["ok"] = True
    assert d.check("bureau-water") is Verdict.UNAVAILABLE  # retried at most every 30 s
    ticks.now += 30
    assert d.check("bureau-water") is Verdict.KNOWN
    up["ok"] = False
    ticks.now += 600
    assert d.check("bureau-water") is Verdict.KNOWN  # identity down: the old list still answers
    assert d.check("bureau-nope") is Verdict.UNKNOWN


# --- through grid-event's API --------------------------------------------------------------
def registered(server, dx: float = 0.002) -> case_pb2.Case:
    c = report(server, code="06010", dx=dx)  # reports ≥ 50 m apart are separate cases
    return server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=server.md("ops_center"))


def test_unknown_department_is_refused_naming_the_field(server):
    c = registered(server)
    with pytest.raises(grpc.RpcError) as err:
        server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id, department_id="bureau-nowhere"),
                                  metadata=server.md("ops_center"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "no such department" in violations(err.value)["department_id"]
    c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id, department_id="bureau-water"),
                                  metadata=server.md("ops_center"))
    assert c.department_id == "bureau-water" and "not verified" not in c.history[-1].note


def test_unknown_department_over_http_is_a_400_problem(server):
    api = gateway_for(server).test_client()
    c = registered(server)
    token = server.signer.token("ops-1", scopes=["grid:case.dispatch", "grid:case.read"], roles=["ops_center"])
    r = api.post(f"/api/v1/cases/{c.id}:dispatch", headers={"Authorization": f"Bearer {token}"},
                 json={"departmentId": "bureau-nowhere"})
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("application/problem+json")
    assert "departmentId" in {e["field"] for e in r.get_json()["errors"]}


def test_category_default_department_must_exist(server):
    with pytest.raises(grpc.RpcError) as err:
        server.categories.UpdateCategory(category_pb2.UpdateCategoryRequest(
            category=category_pb2.Category(id="2026-event-06010", department_id="bureau-nowhere"),
            update_mask=FieldMask(paths=["department_id"])), metadata=server.md("sysadmin"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "category.department_id" in violations(err.value)


class FakeIdentity(identity_pb2_grpc.IdentityServiceServicer):
    """identity's ListDepartments only; records the authorization each call carried."""

    def __init__(self) -> None:
        self.codes = ["bureau-city-management", "bureau-water"]
        self.calls: list[str] = []

    def ListDepartments(self, request, context):  # noqa: N802
        self.calls.append(dict(context.invocation_metadata()).get("authorization", ""))
        return identity_pb2.ListDepartmentsResponse(
            departments=[identity_pb2.Department(code=c) for c in self.codes])


@pytest.fixture
def identity() -> Iterator[tuple[FakeIdentity, int]]:
    fake = FakeIdentity()
    srv = grpc.server(futures.ThreadPoolExecutor(2))
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(fake, srv)
    port = srv.add_insecure_port("127.0.0.1:0")
    srv.start()
    yield fake, port
    srv.stop(0)


def directory_at(addr: str, **env: str) -> DepartmentDirectory:
    return from_settings(Settings.from_env("grid-event", {"JLP_IDENTITY_ADDR": addr, **env}))


def test_identity_is_asked_with_the_callers_token_and_asked_again_on_a_miss(identity):
    fake, port = identity
    departments = directory_at(f"127.0.0.1:{port}", JLP_DEPARTMENT_REFRESH_SECONDS="0")
    gen = start_server(departments=departments)
    server = next(gen)
    try:
        ops = server.md("ops_center")
        c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
            id=registered(server).id, department_id="bureau-water"), metadata=ops)
        assert c.department_id == "bureau-water" and len(fake.calls) == 1
        assert fake.calls[0] == dict(ops)["authorization"]  # the dispatcher's own token
        fake.codes.append("bureau-emergency-management")  # a department created in identity
        c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
            id=registered(server, 0.004).id, department_id="bureau-emergency-management"), metadata=ops)
        assert c.department_id == "bureau-emergency-management" and len(fake.calls) == 2
        c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
            id=registered(server, 0.006).id, department_id="bureau-water"), metadata=ops)
        assert len(fake.calls) == 2  # known: answered from the cache
    finally:
        gen.close()


def test_identity_down_the_dispatch_goes_ahead_marked_not_verified():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        addr = f"127.0.0.1:{s.getsockname()[1]}"
    gen = start_server(departments=directory_at(addr, JLP_DEPARTMENT_TIMEOUT_SECONDS="1"))
    server = next(gen)
    try:
        c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
            id=registered(server).id, department_id="bureau-water", note="改派水利局"),
            metadata=server.md("ops_center"))
        assert c.status == case_pb2.DISPATCHED and c.department_id == "bureau-water"
        last = c.history[-1]
        assert last.action == "dispatch" and last.note.startswith("改派水利局\n")
        assert "bureau-water not verified (identity unavailable)" in last.note
    finally:
        gen.close()


def test_verify_department_without_a_directory_accepts_anything():
    from jlp_grid_event.cases import CaseService

    svc = CaseService.__new__(CaseService)
    svc.departments = None
    assert svc.verify_department("department_id", "anything") == ""
    svc.departments = DepartmentDirectory(lambda: {"a"})
    with pytest.raises(InvalidArgument):
        svc.verify_department("department_id", "b")
