"""The monthly run on the embedded store: once per record, resumable after a crash, one active
run per month; enrolment transfers in one write; arrears as adjustment records."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_common.pagination import PageTokens
from jlp_social_security.contributions import Contributions
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.contribution_runs import JobState
from jlp_social_security.domain.enrolment import Enrolment, EnrolmentStatus
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.enrolments import Enrolments

EMPLOYER_A, EMPLOYER_B = "91500107MA5U00003G", "92500107L00000011K"
MAY = Month(2025, 5)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def enrolments(store, clock):
    return Enrolments(clock=clock)


def service(book, enrolments, clock, worker="w1", batch=5):
    return Contributions(book, enrolments, PageTokens(b"k" * 32), clock=clock, batch_size=batch, worker_id=worker)


def enrol(enrolments, people=12, types=(InsuranceType.PENSION, InsuranceType.MEDICAL)):
    for i in range(people):
        for t in types:
            enrolments.create(Enrolment("", f"p{i:03d}", t, EMPLOYER_A, Decimal(3000 + 500 * i), date(2024, 1, 1)))


def test_a_run_creates_each_record_once_and_a_rerun_creates_nothing(book, enrolments, clock, store):
    enrol(enrolments)
    c = service(book, enrolments, clock)
    run, new = c.create_run(MAY)
    assert new and run["state"] == "PENDING"
    again, new_again = c.create_run(MAY)
    assert again["_id"] == run["_id"] and not new_again  # one active run per month
    done = c.work(run["_id"])
    assert (done.state, done.created, done.existing) == (JobState.SUCCEEDED, 24, 0)
    assert store["contribution_records"].count_documents({}) == 24
    stored = c.get_run(run["_id"])
    assert stored["processed"] == 24 and "active_month" not in stored
    assert len(store["contribution_runs"].find_one({"_id": run["_id"]})["outbox"]) == 1
    rerun, new = c.create_run(MAY)
    assert new and rerun["_id"] != run["_id"]
    second = c.work(rerun["_id"])
    assert (second.created, second.existing) == (0, 24)
    assert store["contribution_records"].count_documents({}) == 24


def test_a_run_killed_half_way_and_restarted_completes_with_each_record_once(book, enrolments, clock, store):
    enrol(enrolments)
    first = service(book, enrolments, clock, "w1")
    run, _ = first.create_run(MAY)
    crashed = first.work(run["_id"], stop_after_batches=3)
    assert crashed.state is JobState.RUNNING
    assert store["contribution_records"].count_documents({}) == 15
    saved = first.get_run(run["_id"])
    assert saved["processed"] == 10  # the third batch's progress was lost with the worker
    second = service(book, enrolments, clock, "w2")
    assert second.resume_stale() == []  # the lease is still live
    clock.now += timedelta(minutes=5)
    assert second.resume_stale() == [run["_id"]]
    final = second.get_run(run["_id"])
    assert final["state"] == "SUCCEEDED" and final["resume_count"] == 1 and final["owner"] == "w2"
    assert (final["created"], final["existing"], final["processed"]) == (19, 5, 24)
    ids = [d["_id"] for d in store["contribution_records"].find({}, {"_id": 1})]
    assert len(ids) == len(set(ids)) == 24


def test_two_workers_on_one_run_create_each_record_once(book, enrolments, clock, store):
    enrol(enrolments, people=20)
    a, b = service(book, enrolments, clock, "a", batch=3), service(book, enrolments, clock, "b", batch=3)
    run, _ = a.create_run(MAY)
    outcomes: list[object] = []

    def go(worker):
        try:
            outcomes.append(worker.work(run["_id"]).state)
        except FailedPrecondition as err:
            outcomes.append(err.reason)

    threads = [threading.Thread(target=go, args=(w,)) for w in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert JobState.SUCCEEDED in outcomes
    assert store["contribution_records"].count_documents({}) == 40
    assert a.get_run(run["_id"])["state"] == "SUCCEEDED"


def test_transfer_mid_month_bills_the_new_employer_once(book, enrolments, clock, store):
    e, _ = enrolments.create(Enrolment("", "p1", InsuranceType.PENSION, EMPLOYER_A, Decimal("8000"), date(2024, 1, 1)))
    (closed, _), (opened, _) = enrolments.transfer(e.id, new_employer_credit_code=EMPLOYER_B,
                                                   transfer_date="2025-05-16", new_monthly_wage=Decimal("9000"),
                                                   request_id="t-1")
    assert closed.status is EnrolmentStatus.TERMINATED and opened.status is EnrolmentStatus.ACTIVE
    (_, _), (again, _) = enrolments.transfer(e.id, new_employer_credit_code=EMPLOYER_B,
                                             transfer_date="2025-05-16", request_id="t-1")
    assert again.id == opened.id  # retried transfer returns the first result
    cover = store["covers"].find_one({"_id": "p1:PENSION"})
    assert [x["status"] for x in cover["enrolments"]] == ["TERMINATED", "ACTIVE"]
    c = service(book, enrolments, clock)
    run, _ = c.create_run(MAY)
    c.work(run["_id"])
    record = store["contribution_records"].find_one({"_id": "p1:PENSION:2025-05"})
    assert record["employer_credit_code"] == EMPLOYER_B and record["employer_amount"] == "1440.00"


def test_second_enrolment_in_force_is_refused_even_when_racing(book, enrolments, store):
    results: list[object] = []

    def go(employer):
        try:
            results.append(enrolments.create(Enrolment("", "p9", InsuranceType.MEDICAL, employer, Decimal("5000"),
                                                       date(2025, 1, 1)))[0].id)
        except FailedPrecondition as err:
            results.append(err.reason)

    threads = [threading.Thread(target=go, args=(x,)) for x in (EMPLOYER_A, EMPLOYER_B)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(results) == 2 and results.count("ALREADY_ENROLLED") == 1
    cover = store["covers"].find_one({"_id": "p9:MEDICAL"})
    assert len(cover["enrolments"]) == 1


def test_arrears_are_adjustment_records(book, enrolments, clock, store):
    e, _ = enrolments.create(Enrolment("", "p1", InsuranceType.PENSION, EMPLOYER_A, Decimal("5000"), date(2024, 1, 1)))
    c = service(book, enrolments, clock)
    run, _ = c.create_run(MAY)
    c.work(run["_id"])
    adj = c.adjust("p1", InsuranceType.PENSION, MAY, Decimal("8000"), "under-declared wage", request_id="a-1")
    assert adj["_id"] == "p1:PENSION:2025-05:adj1" and adj["employee_amount"] == "240.00"
    assert c.adjust("p1", InsuranceType.PENSION, MAY, Decimal("8000"), "retry", request_id="a-1")["_id"] == adj["_id"]
    with pytest.raises(FailedPrecondition):
        c.adjust("p1", InsuranceType.PENSION, MAY, Decimal("8000"), "same wage again")
    original = store["contribution_records"].find_one({"_id": "p1:PENSION:2025-05"})
    assert original["employee_amount"] == "400.00"  # never rewritten
    with pytest.raises(InvalidArgument) as err:
        c.create_run(Month(2019, 1))
    assert err.value.violations[0].field == "contribution_run.month"
