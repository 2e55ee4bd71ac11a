"""A duplicate report is counted without disclosing the other reports on the case.

Anyone can find a case's category and place in the public Open311 list and report the same
thing there; joining the case must then give that person progress and their own receipt,
never the first reporter's text, photos, notes or contact data (docs/adr/0043).
"""

from __future__ import annotations

from datetime import timedelta

from jlp.grid_event.v1 import case_pb2, open311_pb2, open311_pb2_grpc
from jlp_grid_event.domain import receipts

from .conftest import point_in
from .test_cases_grpc import report

FIRST_TEXT = "井盖缺失，联系我 13812345678 张女士，3单元门口"
FIRST_PHOTO = "https://img.example/first-private.jpg"
FIRST_ADDRESS = "杨家坪正街12号3单元"
STAFF_NOTE = "已电话联系张女士核实"
JOIN_TEXT = "这里也有一个井盖没了"
JOIN_PHOTO = "https://img.example/joiner.jpg"
SECRETS_OF_FIRST = ("13812345678", "张女士", "first-private", FIRST_ADDRESS, STAFF_NOTE, "井盖缺失")


def shared_case(server) -> tuple[case_pb2.Case, case_pb2.Case]:  # noqa: ANN001
    """citizen-a reports, the ops centre registers it with a note, citizen-b joins 20 m away."""
    first = report(server, sub="citizen-a", code="06010", description=FIRST_TEXT,
                   address=FIRST_ADDRESS, attachments=[FIRST_PHOTO])
    server.cases.RegisterCase(case_pb2.RegisterCaseRequest(id=first.id, note=STAFF_NOTE),
                              metadata=server.md("ops_center"))
    server.clock.now += timedelta(minutes=30)
    joined = report(server, sub="citizen-b", code="06010", dx=0.0022, description=JOIN_TEXT,
                    attachments=[JOIN_PHOTO])
    return first, joined


def assert_only_own_report(case: case_pb2.Case) -> None:
    text = str(case)
    leaked = [s for s in SECRETS_OF_FIRST if s in text]
    assert not leaked, leaked
    assert case.description == JOIN_TEXT and list(case.attachments) == [JOIN_PHOTO]
    assert list(case.reporter_ids) == ["citizen-b"] and case.reporter_count == 2
    assert case.status == case_pb2.DISPATCHED  # progress is shown
    assert [h.action for h in case.history] == ["report", "register", "join"]
    lon, lat = point_in(0, 0.0022)
    assert (case.location.lon, case.location.lat) == (lon, lat)  # where they reported


def test_joining_reporter_sees_progress_and_only_their_own_report(server) -> None:  # noqa: ANN001
    first, joined = shared_case(server)
    assert joined.id == first.id and joined.joined_existing
    assert_only_own_report(joined)  # CreateCase's answer
    b = server.md("citizen", "citizen-b")
    assert_only_own_report(server.cases.GetCase(case_pb2.GetCaseRequest(id=first.id), metadata=b))
    listed = server.cases.ListCases(case_pb2.ListCasesRequest(), metadata=b).cases
    assert [c.id for c in listed] == [first.id]
    assert_only_own_report(listed[0])


def test_first_reporter_does_not_see_the_joining_report(server) -> None:  # noqa: ANN001
    first, _ = shared_case(server)
    mine = server.cases.GetCase(case_pb2.GetCaseRequest(id=first.id),
                                metadata=server.md("citizen", "citizen-a"))
    assert JOIN_TEXT not in str(mine) and "joiner" not in str(mine)
    assert mine.description == FIRST_TEXT and list(mine.attachments) == [FIRST_PHOTO]
    assert mine.history[1].note == STAFF_NOTE  # the staff's answer to their own report
    assert (mine.history[2].action, mine.history[2].actor, mine.history[2].note) == (
        "join", "reporter", "")


def test_staff_still_see_every_report(server) -> None:  # noqa: ANN001
    first, _ = shared_case(server)
    full = server.cases.GetCase(case_pb2.GetCaseRequest(id=first.id),
                                metadata=server.md("ops_center"))
    assert full.description == FIRST_TEXT and full.address == FIRST_ADDRESS
    assert list(full.attachments) == [FIRST_PHOTO, JOIN_PHOTO]
    assert set(full.reporter_ids) == {"citizen-a", "citizen-b"}
    assert full.history[2].note == JOIN_TEXT and full.history[2].actor == "citizen-b"


def test_an_open311_report_joining_a_case_gets_only_its_receipt(server) -> None:  # noqa: ANN001
    first, _ = shared_case(server)
    lon, lat = point_in(0, 0.0021)
    app = server.md("open311_app", "cl_app", kind="client")
    got = open311_pb2_grpc.Open311ServiceStub(server.channel).CreateServiceRequest(
        open311_pb2.CreateServiceRequestRequest(service_code="06010", lat=str(lat), long=str(lon),
                                                description="路口井盖没有了"), metadata=app)
    assert got.service_request_id == first.id and "joined" in got.service_notice
    assert not [s for s in SECRETS_OF_FIRST if s in str(got)]
    seen = server.cases.GetCase(case_pb2.GetCaseRequest(id=first.id), metadata=app)
    assert seen.description == "路口井盖没有了" and JOIN_TEXT not in str(seen)
    assert not [s for s in SECRETS_OF_FIRST if s in str(seen)]


def test_cases_stored_before_receipts_are_read_from_their_history() -> None:
    t0, t1 = object(), object()
    case = {"_id": "JLP-2026-000001", "lon": 106.5, "lat": 29.5, "description": "old text",
            "address": "old address", "source": 1, "source_ref": "",
            "attachments": ["https://img.example/a.jpg", "https://img.example/b.jpg"],
            "reporter_ids": ["a", "b"],
            "history": [{"action": "report", "actor": "a", "time": t0,
                         "attachments": ["https://img.example/a.jpg"], "note": ""},
                        {"action": "join", "actor": "b", "time": t1, "note": "b's text",
                         "attachments": ["https://img.example/b.jpg"]}]}
    assert receipts.originator(case) == "a"
    (a,) = receipts.receipts_of(case, "a")
    assert (a["description"], a["attachments"]) == ("old text", ["https://img.example/a.jpg"])
    (b,) = receipts.receipts_of(case, "b")
    assert (b["description"], b["address"], b["attachments"]) == (
        "b's text", "", ["https://img.example/b.jpg"])
    assert receipts.receipts_of(case, "c") == [] and receipts.receipts_of(case, "") == []
    shown = receipts.entry_for_reporter(case["history"][1], "a", opened_case=True)
    assert (shown.actor, shown.note, shown.attachments) == ("reporter", "", ())
