"""Overdue scanner: once per case, one scanning replica at a time (lease), escalation recorded."""

from __future__ import annotations

import threading
from datetime import timedelta

from jlp.grid_event.v1 import case_pb2
from jlp_common import subjects
from jlp_grid_event.models import CaseDoc
from jlp_grid_event.overdue import OverdueScanner

from .conftest import point_in


def new_case(server, dx: float) -> case_pb2.Case:
    lon, lat = point_in(0, dx=dx)
    return server.cases.CreateCase(case_pb2.CreateCaseRequest(case=case_pb2.Case(
        category_code="06010", location=case_pb2.Location(lon=lon, lat=lat))),
        metadata=server.md("citizen"))


def overdue_events(case_id: str) -> int:
    doc = CaseDoc._get_collection().find_one({"_id": case_id})
    return sum(1 for e in doc.get("outbox", []) if e["subject"] == subjects.GRID_CASE_OVERDUE)


def test_two_scanners_flag_each_case_once(server):
    a = new_case(server, 0.001)
    b = new_case(server, 0.004)
    flagged: dict[str, list[str]] = {"replica-1": [], "replica-2": []}

    def replica(name: str):  # noqa: ANN202 - a worker whose job records what it flagged
        scanner = OverdueScanner(clock=server.clock)
        worker = scanner.worker(interval_s=20, lease_s=60, holder=name)
        worker.job = lambda: flagged[name].extend(scanner.scan())
        return worker

    one, two = replica("replica-1"), replica("replica-2")
    assert one.run_once() and not two.run_once()  # replica-1 holds the lease
    assert flagged["replica-1"] == []  # nothing due yet
    server.clock.now += timedelta(seconds=59)
    assert one.run_once() and not two.run_once()  # renewed within the lease
    server.clock.now += timedelta(minutes=31)  # 立案 limit is 30 minutes; replica-1 went silent
    assert two.run_once() and not one.run_once()  # replica-2 took over the expired lease
    assert sorted(flagged["replica-2"]) == sorted([a.id, b.id]) and flagged["replica-1"] == []
    assert OverdueScanner(clock=server.clock).scan() == []  # already announced: never twice
    for cid in (a.id, b.id):
        assert overdue_events(cid) == 1
    c = server.cases.GetCase(case_pb2.GetCaseRequest(id=a.id), metadata=server.md("ops_center"))
    assert c.overdue and c.escalation_level == 1 and c.history[-1].action == "escalate"
    listed = server.cases.ListCases(case_pb2.ListCasesRequest(overdue=True), metadata=server.md("ops_center"))
    assert {x.id for x in listed.cases} == {a.id, b.id}


def test_concurrent_scanners_without_a_lease_still_announce_once(server):
    """Even if two replicas scanned at once (lease store lost), the conditional flag decides."""
    cases = [new_case(server, 0.001 + 0.0015 * i) for i in range(4)]
    server.clock.now += timedelta(hours=1)
    scanners = [OverdueScanner(clock=server.clock) for i in range(2)]
    flagged: list[list[str]] = [[], []]
    barrier = threading.Barrier(2)

    def run(i: int) -> None:
        barrier.wait()
        coll = CaseDoc._get_collection()
        flagged[i] = [c.id for c in cases if scanners[i]._flag(coll, c.id, server.clock(), [1, 2, 3, 4, 5, 8, 9])]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(flagged[0] + flagged[1]) == sorted(c.id for c in cases)
    assert all(overdue_events(c.id) == 1 for c in cases)


def test_closed_and_on_time_cases_are_never_flagged(server):
    ops = server.md("ops_center")
    c = new_case(server, 0.001)
    server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=c.id), metadata=ops)
    server.cases.CancelCase(case_pb2.CancelCaseRequest(id=c.id, note="误报"), metadata=ops)
    server.clock.now += timedelta(days=2)
    assert OverdueScanner(clock=server.clock).scan() == []
