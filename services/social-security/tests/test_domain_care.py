"""Elderly care: matching with capacity, one active assignment, accept timeout, visits, SLA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_social_security.config import care_policy
from jlp_social_security.domain.care import (
    CareState,
    Point,
    Provider,
    ServiceType,
    VisitState,
    accept,
    assign,
    cancel,
    check_in,
    check_out,
    complete,
    decline,
    escalate,
    expire_offer,
    load_changes,
    match_provider,
    needs_escalation,
    new_request,
    overdue,
    parse_policy,
    verify,
)

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
HOME = Point(106.5101, 29.5078)  # near Chongqing Zoo (district-facts.md §4), a synthetic address
NEAR = Point(106.5105, 29.5080)  # ~45 m away
FAR = Point(106.5200, 29.5078)  # ~960 m away
YJP = "500107001"  # 杨家坪街道
POLICY = care_policy()


def provider(pid, load=0, capacity=2, areas=(YJP,), types=tuple(ServiceType), base=None, active=True):
    return Provider(pid, frozenset(areas), frozenset(types), capacity, load, active, base)


def request(service_type=ServiceType.CLEANING):
    return new_request("r1", "p1", service_type, HOME, YJP, "50010700101", T0, POLICY)


def accepted(service_type=ServiceType.CLEANING):
    r = assign(request(service_type), provider("A"), T0, POLICY)
    return accept(r, "A", T0 + timedelta(minutes=1))


def test_matching_prefers_free_capacity_in_the_area_then_least_loaded_then_nearest():
    r = request()
    candidates = [provider("full", load=2), provider("elsewhere", areas=("500107002",)),
                  provider("meals-only", types=(ServiceType.MEALS,)), provider("closed", active=False),
                  provider("busy", load=1), provider("far", base=FAR), provider("near", base=NEAR)]
    assert match_provider(r, candidates).id == "near"
    assert match_provider(r, candidates[:5]).id == "busy"
    assert match_provider(r, candidates[:4]) is None


def test_one_active_assignment_and_reassignment_supersedes():
    r = assign(request(), provider("A"), T0, POLICY)
    r = assign(r, provider("B"), T0 + timedelta(minutes=1), POLICY)
    assert r.provider_id == "B" and [a.outcome for a in r.assignments] == ["SUPERSEDED", ""]
    assert sum(1 for a in r.assignments if a.live) == 1
    with pytest.raises(FailedPrecondition):
        assign(accept(r, "B", T0 + timedelta(minutes=2)), provider("C"), T0, POLICY)
    with pytest.raises(FailedPrecondition) as err:
        assign(request(), provider("full", load=2), T0, POLICY)
    assert err.value.reason == "PROVIDER_UNAVAILABLE"


def test_two_providers_accepting_one_request_only_the_assigned_one_wins():
    r = assign(request(), provider("A"), T0, POLICY)
    won = accept(r, "A", T0 + timedelta(minutes=5))
    assert won.state is CareState.ACCEPTED and accept(won, "A", T0 + timedelta(minutes=6)) == won
    for state in (r, won):
        with pytest.raises(FailedPrecondition) as err:
            accept(state, "B", T0 + timedelta(minutes=5))
        assert err.value.reason == "NOT_ASSIGNED"


def test_accept_timeout_leads_to_reassignment_elsewhere():
    r = assign(request(), provider("A"), T0, POLICY)
    deadline = r.active_assignment.accept_deadline
    assert deadline == T0 + timedelta(minutes=60)  # CLEANING accept timeout in care_policy.json
    assert expire_offer(r, deadline) == r
    late = T0 + timedelta(minutes=61)
    with pytest.raises(FailedPrecondition) as err:
        accept(r, "A", late)
    assert err.value.reason == "ACCEPT_EXPIRED"
    waiting = expire_offer(r, late)
    assert waiting.state is CareState.WAITING and waiting.assignments[-1].outcome == "TIMED_OUT"
    # A is not offered the request again; B is
    assert match_provider(waiting, [provider("A"), provider("B", load=1)]).id == "B"
    declined = decline(assign(waiting, provider("B"), late, POLICY), "B", late)
    assert match_provider(declined, [provider("A"), provider("B")]) is None


def test_visit_check_in_out_and_verification_rule():
    r = check_in(accepted(), "A", "v1", "worker-7", NEAR, T0 + timedelta(hours=2))
    assert r.state is CareState.IN_SERVICE
    assert check_in(r, "A", "v1", "worker-7", NEAR, T0) == r  # retried check-in
    with pytest.raises(FailedPrecondition):
        check_in(r, "A", "v2", "worker-7", NEAR, T0 + timedelta(hours=2))  # one open visit
    with pytest.raises(FailedPrecondition):
        verify(r, "v1", "auditor", POLICY)
    r = check_out(r, "v1", NEAR, T0 + timedelta(hours=3))
    assert check_out(r, "v1", FAR, T0 + timedelta(hours=4)) == r  # retried check-out
    r = verify(r, "v1", "auditor", POLICY)
    assert r.visits[0].state is VisitState.VERIFIED
    # a second visit checked out far away and too short is not verified
    r = check_in(r, "A", "v2", "worker-7", FAR, T0 + timedelta(hours=5))
    r = check_out(r, "v2", FAR, T0 + timedelta(hours=5, minutes=10))
    r = verify(r, "v2", "auditor", POLICY)
    assert r.visits[1].state is VisitState.NOT_VERIFIED
    assert "m from the address" in r.visits[1].note and "less than 30" in r.visits[1].note
    done = complete(r, T0 + timedelta(hours=6), POLICY)
    assert done.state is CareState.COMPLETED and done.settled_amount == Decimal("60.00")
    assert [v.settled for v in done.visits] == [True, False]


def test_only_verified_visits_settle_and_open_visits_block_completion():
    r = check_in(accepted(), "A", "v1", "w", NEAR, T0 + timedelta(hours=1))
    with pytest.raises(FailedPrecondition) as err:
        complete(r, T0, POLICY)
    assert err.value.reason == "VISIT_PENDING"
    r = verify(check_out(r, "v1", FAR, T0 + timedelta(hours=2)), "v1", "a", POLICY)
    with pytest.raises(FailedPrecondition) as err:
        complete(r, T0, POLICY)
    assert err.value.reason == "NO_VERIFIED_VISIT"


def test_only_the_accepting_provider_checks_in():
    with pytest.raises(FailedPrecondition):
        check_in(accepted(), "B", "v1", "w", NEAR, T0)
    with pytest.raises(FailedPrecondition):
        check_in(assign(request(), provider("A"), T0, POLICY), "A", "v1", "w", NEAR, T0)


def test_overdue_emergency_escalates_once():
    r = request(ServiceType.EMERGENCY_AID)
    assert r.due_time == T0 + timedelta(minutes=30)
    assert not overdue(r, T0 + timedelta(minutes=30)) and overdue(r, T0 + timedelta(minutes=31))
    assert needs_escalation(r, T0 + timedelta(minutes=31))
    e = escalate(r, T0 + timedelta(minutes=31))
    assert e.escalated and not needs_escalation(e, T0 + timedelta(hours=1)) and escalate(e, T0) == e
    meals = request(ServiceType.MEALS)
    assert overdue(meals, T0 + timedelta(hours=5)) and not needs_escalation(meals, T0 + timedelta(hours=5))
    started = check_in(accept(assign(r, provider("A"), T0, POLICY), "A", T0), "A", "v", "w", NEAR,
                       T0 + timedelta(minutes=20))
    assert not overdue(started, T0 + timedelta(hours=1))


def test_provider_load_follows_the_holder():
    r0 = request()
    r1 = assign(r0, provider("A"), T0, POLICY)
    assert load_changes(r0, r1) == {"A": 1}
    r2 = assign(r1, provider("B"), T0, POLICY)
    assert load_changes(r1, r2) == {"A": -1, "B": 1}
    r3 = accept(r2, "B", T0)
    assert load_changes(r2, r3) == {}
    assert load_changes(r3, cancel(r3, "moved away", T0)) == {"B": -1}


def test_request_and_policy_validation():
    with pytest.raises(InvalidArgument) as err:
        new_request("r", "", ServiceType.MEALS, Point(0, 0), "5001", "", T0, POLICY)
    assert {v.field for v in err.value.violations} == {
        "care_request.person_id", "care_request.subdistrict_code", "care_request.location"}
    with pytest.raises(InvalidArgument) as err:
        parse_policy({"max_distance_m": -1, "services": {"MEALS": {"sla_minutes": 0}}})
    assert "max_distance_m" in {v.field for v in err.value.violations}
