"""GeoReport v2 rules of grid-event (domain/open311.py): pure, no store, no network, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jlp_common.errors import InvalidArgument, NotFound, PermissionDenied
from jlp_grid_event.domain import catalogue
from jlp_grid_event.domain import open311 as rules
from jlp_grid_event.domain.deadlines import Urgency
from jlp_grid_event.domain.states import Status

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def category(edition: str = "2026", kind: int = catalogue.EVENT, code: str = "06010",
             active: bool = True, **extra: str) -> dict:
    return {"_id": catalogue.category_id(edition, kind, code), "edition": edition, "kind": kind,
            "code": code, "name": "暴露垃圾", "major_name": "市容环境", "active": active,
            "standard_ref": catalogue.EDITIONS[edition], **extra}


def violations(exc: pytest.ExceptionInfo) -> dict[str, str]:
    return {v.field: v.description for v in exc.value.violations}


# --- services: the current event categories --------------------------------------------------
def test_only_active_event_categories_of_the_current_edition_are_services():
    assert rules.SERVICE_EDITION == catalogue.CURRENT_EDITION == "2026"
    assert rules.is_service(category())
    assert not rules.is_service(category(edition="2013", code="0101"))
    assert not rules.is_service(category(kind=catalogue.COMPONENT, code="01001"))
    assert not rules.is_service(category(active=False))


def test_find_service_refuses_old_component_inactive_and_unknown_codes():
    current = category()
    others = [category(edition="2013", code="0601"), category(kind=catalogue.COMPONENT, code="06011"),
              category(code="06012", active=False)]
    assert rules.find_service([*others, current], " 06010 ") is current
    for code in ("0601", "06011", "06012", "99999"):
        with pytest.raises(NotFound, match=code):
            rules.find_service([*others, current], code)
    with pytest.raises(InvalidArgument) as err:
        rules.find_service([current], "")
    assert violations(err) == {"service_code": "is required"}


def test_service_and_its_definition():
    svc = rules.service_of(category(group="sanitation"))
    assert svc == {"service_code": "06010", "service_name": "暴露垃圾",
                   "description": "市容环境：暴露垃圾（GB/T 47678.5-2026）", "metadata": True,
                   "type": "realtime", "keywords": "市容环境,暴露垃圾,2026-event-06010",
                   "group": "sanitation"}
    assert rules.service_of(category())["group"] == "市容环境"  # the major class by default
    [urgency] = rules.definition_of(category())["attributes"]
    assert urgency["code"] == rules.URGENCY and urgency["datatype"] == "singlevaluelist"
    assert [v["key"] for v in urgency["values"]] == ["NORMAL", "URGENT"] and not urgency["required"]


# --- closed states --------------------------------------------------------------------------------
@pytest.mark.parametrize("status", list(Status))
def test_terminal_case_states_are_closed_requests_and_every_other_is_open(status):
    terminal = status in (Status.CLOSED, Status.REJECTED, Status.CANCELLED)
    assert rules.status_of(int(status)) == ("closed" if terminal else "open")
    assert (int(status) in rules.closed_case_states()) is terminal


# --- POST requests: coordinates, urgency, limits ----------------------------------------------
def submission(**kw: object) -> rules.Submission:
    return rules.Submission(**{"service_code": "06010", "lat": "29.505", "long": "106.51", **kw})


def test_a_submission_becomes_case_fields():
    parsed = rules.parse_submission(submission(
        description=" 路灯不亮 ", address_string="杨家坪步行街", media_url="https://img.example/a.jpg",
        attributes=[("URGENCY", ["urgent"])]))
    assert (parsed.lat, parsed.lon) == (29.505, 106.51)
    assert parsed.description == "路灯不亮" and parsed.address == "杨家坪步行街"
    assert parsed.urgency is Urgency.URGENT and parsed.attachments == ("https://img.example/a.jpg",)
    assert rules.parse_submission(submission()).urgency is Urgency.NORMAL  # optional attribute
    assert rules.parse_submission(submission(attributes=[("URGENCY", [""])])).urgency is Urgency.NORMAL


@pytest.mark.parametrize(("given", "field"), [
    ({"lat": "", "long": ""}, "lat"), ({"long": ""}, "lat"),
    ({"lat": "north"}, "lat"), ({"lat": "nan"}, "lat"), ({"lat": "inf"}, "lat"),
    ({"lat": "1e999"}, "lat"), ({"lat": "90.5"}, "lat"), ({"long": "-181"}, "long"),
    ({"description": "x" * (rules.MAX_DESCRIPTION + 1)}, "description"),
    ({"media_url": "ftp://img.example/a.jpg"}, "media_url"),
    ({"attributes": [("URGENCY", ["SOON"])]}, "attribute[URGENCY]"),
    ({"attributes": [("URGENCY", ["NORMAL", "URGENT"])]}, "attribute[URGENCY]"),
    ({"attributes": [("SIZE", ["large"])]}, "attribute[SIZE]"),
])
def test_bad_arguments_are_named(given, field):
    with pytest.raises(InvalidArgument) as err:
        rules.parse_submission(submission(**given))
    assert field in violations(err), violations(err)


def test_an_address_alone_cannot_be_placed_and_the_limit_is_inclusive():
    with pytest.raises(InvalidArgument, match="lat and long are required"):
        rules.parse_submission(submission(lat="", long="", address_string="杨家坪步行街"))
    at_limit = rules.parse_submission(submission(description="x" * rules.MAX_DESCRIPTION))
    assert len(at_limit.description) == 4000


def test_receipt_notice_says_whether_the_report_joined_a_case():
    assert "joined" in rules.receipt_notice(True) and "received" in rules.receipt_notice(False)


# --- GET requests: the 90-day window, statuses, ids ----------------------------------------
def test_default_window_is_the_last_90_days_without_an_upper_bound():
    assert rules.time_window("", "", NOW) == (NOW - timedelta(days=90), None)


def test_end_alone_means_the_90_days_before_it():
    end = "2026-10-01T00:00:00+08:00"
    start, until = rules.time_window("", end, NOW)
    assert until == datetime(2026, 9, 30, 16, tzinfo=UTC) and until - start == timedelta(days=90)


def test_an_old_start_alone_means_the_90_days_from_it_a_recent_one_has_no_end():
    start, end = rules.time_window("2026-01-01T00:00:00Z", "", NOW)
    assert (start, end) == (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert rules.time_window("2026-11-01T00:00:00Z", "", NOW) == (datetime(2026, 11, 1, tzinfo=UTC), None)


def test_window_limits():
    exactly = rules.time_window("2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", NOW)
    assert exactly[1] - exactly[0] == rules.MAX_SPAN
    with pytest.raises(InvalidArgument, match="90 days") as err:
        rules.time_window("2026-01-01T00:00:00Z", "2026-04-01T00:00:01Z", NOW)
    assert "end_date" in violations(err)
    with pytest.raises(InvalidArgument, match="before start_date"):
        rules.time_window("2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", NOW)
    for raw in ("garbage", "2026-01-01T00:00:00"):  # not a date; no timezone
        with pytest.raises(InvalidArgument) as err:
            rules.time_window(raw, "", NOW)
        assert "start_date" in violations(err)
    for start, end in (("", "0001-01-01T00:00:00+14:00"), ("9999-12-31T23:59:59-12:00", "")):
        with pytest.raises(InvalidArgument, match="out of range"):
            rules.time_window(start, end, NOW)


def test_an_unencoded_plus_before_the_offset_is_read_as_plus():
    assert rules.parse_w3c("start_date", "2026-05-01T08:30:00 08:00") == \
        datetime(2026, 5, 1, 0, 30, tzinfo=UTC)


def test_query_ids_override_every_other_argument_and_statuses_are_open_or_closed():
    by_id = rules.parse_query(service_request_id="JLP-1, JLP-2,JLP-1", status="bogus",
                              start_date="garbage", now=NOW)
    assert by_id == rules.PublicQuery(ids=("JLP-1", "JLP-2"))
    both = rules.parse_query(service_code="06010,06012", now=NOW)
    assert (both.open, both.closed, both.service_codes) == (True, True, ("06010", "06012"))
    closed = rules.parse_query(status="Closed", now=NOW)
    assert (closed.open, closed.closed) == (False, True)
    with pytest.raises(InvalidArgument) as err:
        rules.parse_query(status="open,pending", now=NOW)
    assert "status" in violations(err)


# --- jurisdiction and caller -----------------------------------------------------------------
def test_jurisdiction_is_optional_but_another_one_is_unknown():
    for given in ("", "cqjlp.gov.cn", "www.cqjlp.gov.cn"):
        rules.check_jurisdiction(given)
    with pytest.raises(NotFound, match="other.gov.cn"):
        rules.check_jurisdiction("other.gov.cn")


def test_only_open311_applications_report():
    rules.check_reporter({"open311_app"})
    for roles in ({"device"}, {"service"}, {"citizen"}, set()):
        with pytest.raises(PermissionDenied) as err:
            rules.check_reporter(roles)
        assert err.value.reason == "NOT_AN_OPEN311_APPLICATION"


# --- the public view -------------------------------------------------------------------------------
def case(status: Status, **extra: object) -> dict:
    return {"_id": "JLP-2026-000001", "status": int(status), "category_code": "06010",
            "category_name": "暴露垃圾", "description": "联系我 13812345678", "lon": 106.5123456,
            "lat": 29.5054321, "address": "", "department_id": "", "attachments": [],
            "create_time": datetime(2026, 11, 24, 9, 0), "update_time": datetime(2026, 11, 24, 9, 5),
            "deadlines": {"resolve_due": datetime(2026, 11, 26, 9, 0)},
            "reporter_ids": ["cl_secret_app"], "history": [], **extra}


def test_public_view_of_an_open_case():
    view = rules.service_request_of(case(Status.DISPATCHED, department_id="bureau-city-management",
                                         attachments=["https://img.example/a.jpg"]))
    assert view["status"] == "open" and view["description"] == "联系我 [电话已隐藏]"
    assert view["requested_datetime"] == "2026-11-24T17:00:00+08:00"
    assert view["updated_datetime"] == "2026-11-24T17:05:00+08:00"
    assert view["expected_datetime"] == "2026-11-26T17:00:00+08:00"
    assert (view["lat"], view["long"]) == (29.50543, 106.51235)
    assert view["agency_responsible"] == "bureau-city-management"
    assert view["media_url"] == "https://img.example/a.jpg"
    assert view["address"] is None and view["status_notes"] is None
    assert "cl_secret_app" not in str(view)


def test_public_view_of_a_closed_case_has_its_masked_note_and_no_expected_time():
    history = [{"action": "report", "note": "", "actor": "u"},
               {"action": "reject", "note": "重复上报，请致电 023-68781234", "actor": "staff-1"}]
    view = rules.service_request_of(case(Status.REJECTED, history=history,
                                         close_time=datetime(2026, 11, 25, 1, 0)))
    assert view["status"] == "closed" and view["expected_datetime"] is None
    assert view["status_notes"] == "重复上报，请致电 [电话已隐藏]"
    assert view["updated_datetime"] == "2026-11-25T09:00:00+08:00"  # the closing time
    assert "staff-1" not in str(view)
