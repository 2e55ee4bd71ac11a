"""Case lifecycle over a real gRPC channel: roles, illegal and stale transitions, duplicates."""

from __future__ import annotations

import threading
from datetime import timedelta

import grpc
import pytest

from jlp.grid_event.v1 import case_pb2, grid_pb2

from .conftest import COMM_W, SUB, point_in


def report(server, role="citizen", sub=None, code="06010", dx=0.002, dy=0.002, comm=0,
           description="垃圾桶满了", **kw):
    lon, lat = point_in(comm, dx, dy)
    return server.cases.CreateCase(case_pb2.CreateCaseRequest(case=case_pb2.Case(
        category_code=code, description=description, location=case_pb2.Location(lon=lon, lat=lat),
        **kw)), metadata=server.md(role, sub))


def test_locate_is_public_and_indexed(server):
    lon, lat = point_in(0)
    where = server.grids.LocateGrid(grid_pb2.LocateGridRequest(lon=lon, lat=lat))
    assert where.grid_code == COMM_W + "003"  # south-west unit: second row, first column
    assert (where.community_code, where.subdistrict_code) == (COMM_W, SUB)
    assert where.subdistrict_name == "杨家坪街道"
    with pytest.raises(grpc.RpcError) as err:
        server.grids.LocateGrid(grid_pb2.LocateGridRequest(lon=100.0, lat=30.0))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_whole_lifecycle_with_each_role(server):
    c = report(server, sub="citizen-a")
    assert c.status == case_pb2.REPORTED and c.grid_code == COMM_W + "003"
    assert c.category_name == "暴露垃圾" and c.standard_ref == "GB/T 47678.5-2026"
    ops, admin = server.md("ops_center"), server.md("dept_admin", dept="bureau-city-management")
    staff = server.md("dept_staff", dept="bureau-city-management")
    c = server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id, note="立案"), metadata=ops)
    # Registration dispatches automatically: category → department, grid → grid worker.
    assert c.status == case_pb2.DISPATCHED and c.deadlines.resolve_due_time.seconds > 0
    assert c.department_id == "bureau-city-management"  # category default
    assert c.assignee_id == "gw-" + COMM_W  # the grid's worker
    assert (c.history[-1].action, c.history[-1].to_status) == ("register", case_pb2.DISPATCHED)
    assert c.history[-1].department_id == "bureau-city-management"
    # The dispatcher confirms (or overrides) the automatic assignment.
    c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id), metadata=admin)
    assert c.status == case_pb2.DISPATCHED and c.department_id == "bureau-city-management"
    c = server.cases.StartCase(case_pb2.StartCaseRequest(id=c.id), metadata=staff)
    c = server.cases.ResolveCase(case_pb2.ResolveCaseRequest(
        id=c.id, note="已清运", attachments=["https://img.example/after.jpg"]), metadata=staff)
    assert c.status == case_pb2.RESOLVED and c.deadlines.verify_due_time.seconds > 0
    c = server.cases.CloseCase(case_pb2.CloseCaseRequest(id=c.id, note="核查通过"),
                               metadata=server.md("grid_worker"))
    assert c.status == case_pb2.CLOSED and c.close_time.seconds > 0
    assert [h.action for h in c.history] == ["report", "register", "dispatch", "start", "resolve", "close"]
    assert c.history[4].attachments == ["https://img.example/after.jpg"]
    # The citizen sees their case, with staff identities hidden.
    mine = server.cases.GetCase(case_pb2.GetCaseRequest(id=c.id), metadata=server.md("citizen", "citizen-a"))
    assert mine.status == case_pb2.CLOSED and {h.actor for h in mine.history} <= {"citizen-a", "staff"}
    with pytest.raises(grpc.RpcError) as err:
        server.cases.GetCase(case_pb2.GetCaseRequest(id=c.id), metadata=server.md("citizen", "citizen-b"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_missing_permission_illegal_and_stale_transitions(server):
    c = report(server)
    with pytest.raises(grpc.RpcError) as err:  # a citizen cannot register
        server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=server.md("citizen"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as err:  # close before resolution
        server.cases.CloseCase(case_pb2.CloseCaseRequest(id=c.id), metadata=server.md("ops_center"))
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    ops = server.md("ops_center")
    server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id, version=c.version), metadata=ops)
    with pytest.raises(grpc.RpcError) as err:  # based on the version before registration
        server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id, version=c.version), metadata=ops)
    assert err.value.code() == grpc.StatusCode.ABORTED
    with pytest.raises(grpc.RpcError) as err:  # reject needs a reason
        report_b = report(server, code="06012")
        server.cases.RejectCase(case_pb2.RejectCaseRequest(id=report_b.id), metadata=ops)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def race_two_dispatches(server, case: case_pb2.Case) -> list:
    """Two dispatchers act on the same case at the same moment: one with the version it read,
    one without (the server then checks against what it reads)."""
    ops = server.md("ops_center")
    barrier = threading.Barrier(2)
    outcomes: list = []

    def dispatch(dept: str, version: int) -> None:
        barrier.wait()
        try:
            server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
                id=case.id, department_id=dept, version=version), metadata=ops)
            outcomes.append("ok")
        except grpc.RpcError as exc:
            outcomes.append(exc.code())

    threads = [threading.Thread(target=dispatch, args=(d, v)) for d, v in
               (("bureau-public-security", case.version), ("bureau-city-management", 0))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_concurrent_dispatches_exactly_one_wins(server):
    ops = server.md("ops_center")
    for i in range(5):
        c = report(server, code="09009", dx=0.001 + 0.0018 * i)  # ~175 m apart: no duplicates
        c = server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=ops)
        outcomes = race_two_dispatches(server, c)
        assert outcomes.count("ok") == 1, outcomes
        assert set(outcomes) - {"ok"} <= {grpc.StatusCode.ABORTED, grpc.StatusCode.FAILED_PRECONDITION}
        final = server.cases.GetCase(case_pb2.GetCaseRequest(id=c.id), metadata=ops)
        assert [h.action for h in final.history].count("dispatch") == 1


def test_duplicate_report_20m_away_joins_the_open_case(server):
    first = report(server, sub="citizen-a", code="06010")
    # ~20 m east (0.0002° of longitude at 29.5° N ≈ 19.4 m), 30 minutes later.
    server.clock.now += timedelta(minutes=30)
    second = report(server, sub="citizen-b", code="06010", dx=0.0022)
    assert second.id == first.id and second.joined_existing and second.reporter_count == 2
    # Another category at the same spot, or the same category 100 m away, opens a new case.
    assert report(server, sub="citizen-c", code="06012").id != first.id
    assert report(server, sub="citizen-d", code="06010", dx=0.003).id != first.id
    # After the 2-hour window the same report is a new case.
    server.clock.now += timedelta(hours=2)
    assert report(server, sub="citizen-e", code="06010").id != first.id


def test_list_filters_and_paging(server):
    ops = server.md("ops_center")
    ids = {report(server, sub="citizen-x", code=code, dx=0.001 * i).id
           for i, code in enumerate(["06010", "06012", "09009", "06028"], start=1)}
    hotline = report(server, role="ops_center", code="06028", dx=0.009, comm=1,
                     source=case_pb2.HOTLINE_12345, source_ref="12345-20261124-0001")
    assert hotline.source == case_pb2.HOTLINE_12345
    listed = server.cases.ListCases(case_pb2.ListCasesRequest(source=case_pb2.HOTLINE_12345), metadata=ops)
    assert [c.id for c in listed.cases] == [hotline.id]
    seen, token = [], ""
    while True:
        page = server.cases.ListCases(case_pb2.ListCasesRequest(page_size=2, page_token=token,
                                                                status=case_pb2.REPORTED), metadata=ops)
        seen += [c.id for c in page.cases]
        token = page.next_page_token
        if not token:
            break
    assert ids | {hotline.id} == set(seen) and len(seen) == len(set(seen))
    # A citizen only ever lists their own reports.
    mine = server.cases.ListCases(case_pb2.ListCasesRequest(), metadata=server.md("citizen", "citizen-x"))
    assert {c.id for c in mine.cases} == ids
    cat = server.cases.ListCases(case_pb2.ListCasesRequest(category_code="09009"), metadata=ops)
    assert len(cat.cases) == 1


def test_citizen_cannot_claim_a_hotline_or_automatic_source(server):
    with pytest.raises(grpc.RpcError) as err:
        report(server, source=case_pb2.ENVIRONMENT, source_ref="alerts/x")
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_department_bound_handling_and_return_for_redispatch(server):
    ops = server.md("ops_center")
    c = report(server, code="06010")
    server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=ops)
    c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id), metadata=ops)
    other = server.md("dept_staff", dept="bureau-water")
    with pytest.raises(grpc.RpcError) as err:
        server.cases.StartCase(case_pb2.StartCaseRequest(id=c.id), metadata=other)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    own = server.md("dept_staff", dept="bureau-city-management")
    c = server.cases.ReturnCase(case_pb2.ReturnCaseRequest(id=c.id, note="非本部门职责"), metadata=own)
    assert c.status == case_pb2.RETURNED
    c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
        id=c.id, department_id="bureau-water"), metadata=ops)
    assert c.department_id == "bureau-water"
    c = server.cases.StartCase(case_pb2.StartCaseRequest(id=c.id), metadata=other)
    c = server.cases.ResolveCase(case_pb2.ResolveCaseRequest(id=c.id), metadata=other)
    c = server.cases.ReopenCase(case_pb2.ReopenCaseRequest(id=c.id, note="仍有垃圾"), metadata=ops)
    assert c.status == case_pb2.REOPENED
    c = server.cases.CancelCase(case_pb2.CancelCaseRequest(id=c.id, note="重复上报"), metadata=ops)
    assert c.status == case_pb2.CANCELLED


def test_stats_counts_on_time_rate_and_stage_means(server):
    ops = server.md("ops_center")
    a = report(server, code="06010")
    b = report(server, code="09009", dx=0.006)
    for c, late in ((a, False), (b, True)):
        server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=ops)
        server.clock.now += timedelta(minutes=10)
        server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id), metadata=ops)
        server.cases.StartCase(case_pb2.StartCaseRequest(id=c.id), metadata=ops)
        server.clock.now += timedelta(days=3 if late else 0, hours=1)
        server.cases.ResolveCase(case_pb2.ResolveCaseRequest(id=c.id), metadata=ops)
        server.clock.now += timedelta(minutes=20)
        server.cases.CloseCase(case_pb2.CloseCaseRequest(id=c.id), metadata=ops)
    report(server, code="06012")
    stats = server.cases.GetCaseStats(case_pb2.GetCaseStatsRequest(), metadata=ops)
    assert stats.total == 3 and stats.by_status["CLOSED"] == 2 and stats.by_status["REPORTED"] == 1
    assert stats.closed_on_time == 1 and stats.on_time_closure_rate == 0.5
    assert stats.by_subdistrict[SUB] == 3 and stats.by_category["09009"] == 1
    assert stats.mean_stage_seconds["verify"] == 20 * 60
    with pytest.raises(grpc.RpcError) as err:
        server.cases.GetCaseStats(case_pb2.GetCaseStatsRequest(), metadata=server.md("citizen"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_citizen_source_ref_cannot_fetch_another_reporters_case(server):
    """A client-chosen reference (retry key) is scoped to its reporter: reusing someone else's
    reference opens the caller's own case instead of handing back theirs."""
    a = report(server, sub="citizen-a", source_ref="app-retry-1", description="我的电话 13812345678")
    again = report(server, sub="citizen-a", source_ref="app-retry-1")  # a retry: same case
    assert again.id == a.id
    b = report(server, sub="citizen-b", code="06012", source_ref="app-retry-1")
    assert b.id != a.id and "13812345678" not in str(b)


def test_registration_dispatches_and_a_dispatcher_overrides_once(server):
    ops = server.md("ops_center")
    c = report(server, code="06010")
    c = server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=ops)
    assert c.status == case_pb2.DISPATCHED and c.department_id == "bureau-city-management"
    registered_at = server.clock.now
    # Handling is counted from the dispatch at registration (06010: 4 working hours from 17:00
    # on a Tuesday China time = 1 h that evening + 3 h from 09:00 → Wednesday 12:00 = 04:00 UTC).
    assert c.deadlines.resolve_due_time.ToDatetime().replace(tzinfo=registered_at.tzinfo) \
        == registered_at + timedelta(hours=19)
    c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(
        id=c.id, department_id="bureau-water", assignee_id="gw-override"), metadata=ops)
    assert (c.department_id, c.assignee_id) == ("bureau-water", "gw-override")
    with pytest.raises(grpc.RpcError) as err:  # the override is the dispatcher's decision: once
        server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id, department_id="bureau-emergency-management"),
                                  metadata=ops)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    other = report(server, code="06010", dx=0.007)
    other = server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=other.id), metadata=ops)
    server.cases.StartCase(case_pb2.StartCaseRequest(id=other.id),
                           metadata=server.md("dept_staff", dept="bureau-city-management"))
    with pytest.raises(grpc.RpcError) as err:  # once the department started, no override
        server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=other.id, department_id="bureau-water"),
                                  metadata=ops)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_without_a_default_department_registration_waits_for_a_dispatcher(server):
    from jlp_grid_event.models import CategoryDoc

    CategoryDoc._get_collection().update_one({"_id": "2026-event-06010"}, {"$set": {"department_id": ""}})
    ops = server.md("ops_center")
    c = report(server, code="06010")
    c = server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=ops)
    assert c.status == case_pb2.REGISTERED and c.department_id == ""
    with pytest.raises(grpc.RpcError) as err:
        server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id), metadata=ops)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    c = server.cases.DispatchCase(case_pb2.DispatchCaseRequest(id=c.id, department_id="bureau-water"), metadata=ops)
    assert c.status == case_pb2.DISPATCHED and c.assignee_id == "gw-" + COMM_W


def test_two_simultaneous_first_reports_make_one_case(server, monkeypatch):
    """Both reporters pass the duplicate search before either inserts (forced with a barrier):
    the claim on the neighbourhood serialises them, so the second joins the first."""
    from jlp_grid_event.cases import CaseService

    barrier = threading.Barrier(2, timeout=0.5)
    search = CaseService._join_duplicate

    def slow_search(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        found = search(self, *args, **kwargs)
        try:
            barrier.wait()  # without serialisation both searches end here, both empty
        except threading.BrokenBarrierError:
            pass  # the other reporter is waiting for the claim: go on alone
        return found

    monkeypatch.setattr(CaseService, "_join_duplicate", slow_search)
    ids: list[str] = []
    threads = [threading.Thread(target=lambda s=s, dx=dx: ids.append(report(server, sub=s, dx=dx).id))
               for s, dx in (("citizen-a", 0.002), ("citizen-b", 0.0022))]  # ~20 m apart
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ids) == 2 and ids[0] == ids[1], ids
