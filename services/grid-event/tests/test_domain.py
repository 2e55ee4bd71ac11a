"""Pure domain rules: no store, no network, no clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from jlp_grid_event.domain import catalogue, codes, deadlines, dispatch, duplicates, privacy, sources, states
from jlp_grid_event.domain.deadlines import CHINA_TZ, TimeLimit, TimeUnit, Urgency, WorkingCalendar
from jlp_grid_event.domain.states import Status


# --- state machine -------------------------------------------------------------------------
@pytest.mark.parametrize(("action", "start", "end"), [
    ("register", Status.REPORTED, Status.REGISTERED),
    ("reject", Status.REPORTED, Status.REJECTED),
    ("dispatch", Status.REGISTERED, Status.DISPATCHED),
    ("dispatch", Status.RETURNED, Status.DISPATCHED),
    ("dispatch", Status.REOPENED, Status.DISPATCHED),
    ("start", Status.DISPATCHED, Status.IN_PROGRESS),
    ("start", Status.REOPENED, Status.IN_PROGRESS),
    ("return", Status.IN_PROGRESS, Status.RETURNED),
    ("resolve", Status.IN_PROGRESS, Status.RESOLVED),
    ("close", Status.RESOLVED, Status.CLOSED),
    ("reopen", Status.RESOLVED, Status.REOPENED),
    ("cancel", Status.DISPATCHED, Status.CANCELLED),
])
def test_legal_transitions(action, start, end):
    assert states.check(action, start, note="why").target == end


@pytest.mark.parametrize(("action", "start"), [
    ("close", Status.REPORTED), ("resolve", Status.DISPATCHED), ("register", Status.CLOSED),
    ("dispatch", Status.DISPATCHED), ("cancel", Status.CLOSED), ("reopen", Status.CLOSED),
])
def test_illegal_transitions_are_state_conflicts(action, start):
    with pytest.raises(FailedPrecondition) as err:
        states.check(action, start, note="x")
    assert err.value.reason == "ILLEGAL_TRANSITION"


def test_each_action_needs_its_own_permission_and_terminal_states_are_final():
    perms = {a: t.permission for a, t in states.TRANSITIONS.items()}
    assert perms["register"] == "grid:case.register" and perms["dispatch"] == "grid:case.dispatch"
    assert perms["resolve"] == perms["start"] == perms["return"] == "grid:case.handle"
    assert perms["close"] == perms["reopen"] == "grid:case.verify"
    for s in states.TERMINAL:
        assert states.allowed_actions(s) == []
    with pytest.raises(InvalidArgument):
        states.check("reject", Status.REPORTED, note=" ")


# --- deadlines -----------------------------------------------------------------------------
def china(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA_TZ)


def test_reference_worked_example_working_hours_skip_the_lunch_break():
    # Reference §4.2: dispatched Tue 09:35, 4 working hours, 12:00–14:00 not working → 15:35.
    cal = WorkingCalendar()
    assert cal.add_working_time(china(2026, 11, 24, 9, 35), timedelta(hours=4)) == china(2026, 11, 24, 15, 35)


def test_working_time_skips_nights_weekends_and_holidays():
    cal = WorkingCalendar(holidays=frozenset({date(2026, 11, 30)}))
    # Friday 17:00 + 2 working hours → Monday is a holiday → Tuesday 10:00.
    assert cal.add_working_time(china(2026, 11, 27, 17, 0), timedelta(hours=2)) == china(2026, 12, 1, 10, 0)
    # A report on Saturday starts counting Monday morning; one working day = 7 working hours.
    assert cal.add_working_days(china(2026, 11, 21, 11, 0), 1) == china(2026, 11, 23, 18, 0)


def test_deadlines_per_stage_and_urgency():
    limit = TimeLimit(Urgency.NORMAL, 30, 30, 4, TimeUnit.WORKING_HOURS, 60)
    cal = WorkingCalendar()
    reported = china(2026, 11, 24, 9, 10)
    d = deadlines.at_report(limit, reported)
    assert d.register_due == china(2026, 11, 24, 9, 40)
    d = deadlines.at_registration(limit, cal, d, china(2026, 11, 24, 9, 20))
    assert d.dispatch_due == china(2026, 11, 24, 9, 50) and d.resolve_due == china(2026, 11, 24, 15, 50)
    d = deadlines.at_dispatch(limit, cal, d, china(2026, 11, 24, 9, 35))
    assert d.resolve_due == china(2026, 11, 24, 15, 35)
    d = deadlines.at_resolution(limit, d, china(2026, 11, 24, 15, 0))
    assert d.verify_due == china(2026, 11, 24, 16, 0)
    urgent = deadlines.limit_for(catalogue.limits(4, TimeUnit.WORKING_HOURS), Urgency.URGENT)
    assert (urgent.register_minutes, urgent.handle_unit) == (10, TimeUnit.NATURAL_MINUTES)
    assert deadlines.limit_for([], Urgency.NORMAL) == deadlines.DEFAULT_LIMITS[Urgency.NORMAL]


# --- duplicates ----------------------------------------------------------------------------
def test_duplicates_within_50m_and_2h_of_the_same_category():
    now = datetime(2026, 11, 24, 10, tzinfo=UTC)
    lon, lat = 106.51, 29.51
    near = duplicates.Candidate("A", "c1", lon + 0.0002, lat, now - timedelta(minutes=90))  # ~19 m
    far = duplicates.Candidate("B", "c1", lon + 0.0006, lat, now)  # ~58 m
    old = duplicates.Candidate("C", "c1", lon, lat, now - timedelta(hours=2, minutes=1))
    other = duplicates.Candidate("D", "c2", lon, lat, now)
    assert duplicates.best_match("c1", lon, lat, now, [far, old, other, near]) == "A"
    assert duplicates.best_match("c1", lon, lat, now, [far, old, other]) is None
    box = duplicates.search_box(lon, lat)
    assert box[0] < near.lon < box[2] and not box[0] < far.lon < box[2]


# --- codes ---------------------------------------------------------------------------------
def test_grid_codes_6_3_3_3_and_legacy_14_digit_mapping():
    g = codes.parse("500107009005012")
    assert (g.district, g.street, g.community, g.seq) == ("500107", "009", "005", "012")
    assert g.level == codes.Level.UNIT and g.parent == "500107009005"
    assert codes.parse("500107009").parent == "500107"
    assert codes.normalize("50010700900512") == ("500107009005012", True)
    assert codes.compose("500107", 9, 5, 12) == "500107009005012"
    for bad in ("5001070090050", "50010700900501X", ""):
        with pytest.raises(ValueError):
            codes.parse(bad)


# --- sources, dispatch, privacy, catalogue -------------------------------------------------
def test_source_rules():
    has = {"grid:case.report"}.__contains__
    assert sources.decide(None, {"citizen"}, "user", has, "") == sources.Source.CITIZEN_APP
    assert sources.decide(None, {"open311_app"}, "client", has, "") == sources.Source.OPEN311
    with pytest.raises(PermissionDenied):
        sources.decide(sources.Source.HOTLINE_12345, {"citizen"}, "user", has, "T-1")
    with pytest.raises(InvalidArgument):  # automatic sources must name their record
        sources.decide(sources.Source.ENVIRONMENT, {"service"}, "client", has, "")
    assert sources.dedupe_key(sources.Source.ENVIRONMENT, "alerts/7") == "ENVIRONMENT/alerts/7"


def test_dispatch_defaults_and_override():
    assert dispatch.assign("dept-a", "gw-1") == dispatch.Assignment("dept-a", "gw-1", False)
    assert dispatch.assign("dept-a", "gw-1", "dept-b").manual


def test_public_text_masks_phones_ids_and_emails():
    text = "联系我 13812345678 或 023-68881234，身份证 11010519491231002X，a.b@example.cn"
    masked = privacy.mask_text(text)
    for secret in ("13812345678", "68881234", "11010519491231002X", "a.b@example.cn"):
        assert secret not in masked


def test_catalogue_has_both_editions_with_equivalents_and_limits():
    seed = {c.id: c for c in catalogue.seed()}
    old, new = seed["2013-event-0102"], seed["2026-event-06010"]
    assert old.name == new.name == "暴露垃圾"
    assert old.equivalent_id == new.id and new.equivalent_id == old.id
    assert old.standard_ref == "GB/T 30428.2-2013" and new.standard_ref == "GB/T 47678.5-2026"
    assert seed["2013-component-0102"].name == "污水井盖"  # same code as an event, other kind
    assert catalogue.resolve_code("0102") == "2013-event-0102"
    assert catalogue.resolve_code("06010") == "2026-event-06010"
    assert all(c.department_id and c.limits for c in seed.values())
    assert catalogue.alert_category("NOISE", "leq") == "2026-event-06028"
    assert catalogue.alert_category("AIR", "aqi") == "2026-event-99001"
    assert catalogue.alert_category("POLLUTION_SOURCE", "cod") == "2026-event-99011"
    assert catalogue.alert_category("RESERVOIR", "water_level") == "2026-event-99012"
    assert catalogue.alert_category("FLOOD_POINT", "water_depth") == "2026-event-99013"
    assert catalogue.alert_category("RAIN", "rainfall") == "2026-event-99014"
    assert catalogue.alert_category("SURFACE_WATER", "nh3n") == "2026-event-06025"


def test_reports_within_50m_always_share_a_claim_cell():
    import random

    from jlp_common.geo import haversine_m
    from jlp_grid_event.domain import duplicates

    rnd = random.Random(7)  # noqa: S311 - reproducible test points
    for _ in range(2000):
        lon, lat = 106.3 + rnd.random() * 0.3, 29.3 + rnd.random() * 0.3
        lon2, lat2 = lon + rnd.uniform(-0.0005, 0.0005), lat + rnd.uniform(-0.0005, 0.0005)
        a = set(duplicates.claim_keys("c", lon, lat))
        b = set(duplicates.claim_keys("c", lon2, lat2))
        assert 1 <= len(a) <= 4
        if haversine_m(lon, lat, lon2, lat2) <= duplicates.RADIUS_M:
            assert a & b
    assert not set(duplicates.claim_keys("c", 106.5, 29.5)) & set(duplicates.claim_keys("d", 106.5, 29.5))


def test_stats_by_hand():
    """Four cases worked out by hand: on-time closure rate and mean time per stage."""
    from jlp_grid_event.domain.stats import CaseSummary, compute

    t0 = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)

    def at(minutes: int) -> datetime:
        return t0 + timedelta(minutes=minutes)

    cases = [
        # closed on time: register 10 min, dispatch 0 (automatic), handle 2 h, verify 30 min
        CaseSummary(Status.CLOSED, "06010", "500107001", "bureau-city-management", "CITIZEN_APP", False,
                    t0, at(10), at(10), at(130), at(160)),
        # closed late: register 30 min, dispatch 30 min, handle 4 h, verify 1 h
        CaseSummary(Status.CLOSED, "06010", "500107002", "bureau-water", "HOTLINE_12345", True,
                    t0, at(30), at(60), at(300), at(360)),
        # open and overdue: register 20 min, dispatch 0
        CaseSummary(Status.IN_PROGRESS, "09009", "500107001", "bureau-water", "CITIZEN_APP", True,
                    t0, at(20), at(20)),
        # cancelled (overdue before it was cancelled): neither closed nor open-overdue
        CaseSummary(Status.CANCELLED, "09009", "", "", "ENVIRONMENT", True, t0, close_time=at(5)),
    ]
    s = compute(cases)
    assert (s.total, s.closed, s.closed_on_time, s.open_overdue) == (4, 2, 1, 1)
    assert s.on_time_closure_rate == 0.5
    assert s.mean_stage_seconds == {"register": 1200.0, "dispatch": 600.0, "handle": 10800.0, "verify": 2700.0}
    assert s.by_subdistrict == {"500107001": 2, "500107002": 1, "unknown": 1}
    assert s.by_department["bureau-water"] == 2 and s.by_department["unassigned"] == 1
    assert s.by_status == {"CLOSED": 2, "IN_PROGRESS": 1, "CANCELLED": 1}
    assert compute([]).on_time_closure_rate == 0.0


def test_every_case_list_filter_has_an_index():
    """Production (MongoDB) declares an index led by each filter ListCases accepts, and the
    duplicate search's bounding box (the embedded store ignores indexes)."""
    from jlp_grid_event.cases import CaseQuery
    from jlp_grid_event.models import CaseDoc

    leading = {spec["fields"][0].lstrip("-+") for spec in CaseDoc._meta["indexes"]}
    for name, value in (("status", 1), ("source", 1), ("category_code", "x"), ("grid_code", "x"),
                        ("subdistrict_code", "x"), ("department_id", "x"), ("overdue", True),
                        ("reporter", "u"), ("start_time", datetime(2026, 1, 1, tzinfo=UTC))):
        field = next(iter(CaseQuery(**{name: value}).mongo()))
        assert field in leading or (field == "create_time" and "create_time" in leading), field
    assert any(spec["fields"] == ["category_id", "lon", "lat", "create_time"] for spec in CaseDoc._meta["indexes"])
