"""Elderly care on the embedded store: capacity-bound matching, one winner of two accepts,
timeout → reassignment, overdue emergency → one escalation event, loads consistent."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from jlp_common.errors import AlreadyExists, FailedPrecondition
from jlp_common.pagination import PageTokens
from jlp_social_security.config import care_policy
from jlp_social_security.domain.care import Point, ServiceType
from jlp_social_security.elderly_care import ElderlyCare

YJP = "500107001"
HOME, NEAR = Point(106.5101, 29.5078), Point(106.5105, 29.5080)
CODES = ["52500107MJP000013W", "91500107MA5U00003G", "92500107L00000011K"]


class Clock:
    def __init__(self):
        self.now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def care(store):
    clock = Clock()
    service = ElderlyCare(care_policy(), PageTokens(b"k" * 32), clock=clock)
    service.clock_ref = clock
    return service


def providers(care, n=2, capacity=1):
    return [care.create_provider(f"站{i}", CODES[i], [YJP], ["EMERGENCY_AID", "CLEANING"], capacity)["_id"]
            for i in range(n)]


def load(care, pid):
    return care.get_provider(pid)["active_count"]


def test_requests_go_to_providers_with_capacity_and_wait_when_none(care):
    a, b = providers(care)
    with pytest.raises(AlreadyExists):
        care.create_provider("dup", CODES[0], [YJP], ["MEALS"], 1)
    r1 = care.create(person_id="p1", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP)
    r2 = care.create(person_id="p2", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP)
    r3 = care.create(person_id="p3", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP)
    assert {r1["provider_id"], r2["provider_id"]} == {a, b} and r3["state"] == "WAITING"
    assert load(care, a) == load(care, b) == 1
    care.cancel(r1["_id"], "no longer needed")
    assert load(care, r1["provider_id"]) == 0
    assert care.assign(r3["_id"])["provider_id"] == r1["provider_id"]


def test_two_providers_accepting_one_request_one_wins(care):
    providers(care)
    r = care.create(person_id="p1", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP)
    outcomes: list[str] = []

    def accept(pid):
        try:
            care.accept(r["_id"], pid)
            outcomes.append("won")
        except FailedPrecondition as err:
            outcomes.append(err.reason)

    others = [p["_id"] for p in care.providers().find({})]
    threads = [threading.Thread(target=accept, args=(p,)) for p in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes) == ["NOT_ASSIGNED", "won"]
    assert care.get(r["_id"])["state"] == "ACCEPTED"


def test_accept_timeout_reassigns_and_releases_the_slot(care):
    a, b = providers(care)
    r = care.create(person_id="p1", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP)
    first = r["provider_id"]
    care.clock_ref.now += timedelta(minutes=61)
    assert care.expire_offers() == [r["_id"]]
    moved = care.get(r["_id"])
    assert moved["provider_id"] not in ("", first) and moved["assignments"][0]["outcome"] == "TIMED_OUT"
    assert load(care, first) == 0 and load(care, moved["provider_id"]) == 1
    assert care.expire_offers() == []
    assert care.reconcile_loads() == {}


def test_visits_verify_and_settle(care):
    providers(care)
    r = care.create(person_id="p1", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP,
                    request_id="req-1")
    assert care.create(person_id="p1", service_type=ServiceType.CLEANING, location=HOME, subdistrict_code=YJP,
                       request_id="req-1")["_id"] == r["_id"]
    pid = r["provider_id"]
    care.accept(r["_id"], pid)
    t0 = care.clock_ref.now
    care.check_in(r["_id"], pid, "worker-1", NEAR, at=t0, visit_id="v1")
    care.check_out(r["_id"], "v1", NEAR, at=t0 + timedelta(minutes=45))
    care.verify(r["_id"], "v1", "auditor")
    done = care.complete(r["_id"])
    assert done["state"] == "COMPLETED" and done["settled_amount"] == "60.00" and done["visits"][0]["settled"]
    assert load(care, pid) == 0
    subjects = [e["subject"] for e in care.requests().find_one({"_id": r["_id"]})["outbox"]]
    assert subjects == ["jlp.social.care_request.assigned", "jlp.social.care_visit.verified"]


def test_overdue_emergency_escalates_once(care):
    r = care.create(person_id="p1", service_type=ServiceType.EMERGENCY_AID, location=HOME, subdistrict_code=YJP)
    assert r["state"] == "WAITING"  # no provider at all
    care.clock_ref.now += timedelta(minutes=31)
    assert care.escalate_overdue() == [r["_id"]]
    assert care.escalate_overdue() == []
    events = care.requests().find_one({"_id": r["_id"]})["outbox"]
    assert [e["subject"] for e in events] == ["jlp.social.care_request.escalated"]
    listed, _ = care.list(10, "", {"overdue_only": True})
    assert [d["_id"] for d in listed] == [r["_id"]]
