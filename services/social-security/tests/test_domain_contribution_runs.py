"""The monthly run: idempotent, resumable after a crash, leased to one worker at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from jlp_common.errors import FailedPrecondition
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.contribution_runs import (
    JobState,
    RunProgress,
    build_record,
    claim,
    finish,
    next_batch,
    plan,
    record_batch,
)
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.insurance import InsuranceType

T0 = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
MAY = Month(2025, 5)


def enrolments(n: int) -> list[Enrolment]:
    out = []
    for i in range(n):
        for t in (InsuranceType.PENSION, InsuranceType.MEDICAL):
            out.append(Enrolment(id=f"e{i}{t.value}", person_id=f"p{i:04d}", insurance_type=t,
                                 employer_credit_code="91500107MA5U00003G", monthly_wage=Decimal(3000 + 37 * i),
                                 effective_from=date(2024, 1, 1)))
    return out


class Store:
    """An insert-if-absent record store, as the storage layer gives (unique key as identity)."""

    def __init__(self) -> None:
        self.records: dict = {}
        self.inserts = 0

    def insert_absent(self, record) -> bool:
        if record.record_id in self.records:
            return False
        self.records[record.record_id] = record
        self.inserts += 1
        return True


def work(run, planned, store, book, worker, now, stop_after_batches=None, size=7):
    run = claim(run, worker, now, len(planned))
    batches = 0
    while True:
        batch = next_batch(planned, run.cursor, size)
        if not batch:
            return finish(run, now)
        records = {p.key.as_id(): build_record(p, book) for p in batch}
        inserted = {rid: store.insert_absent(r) for rid, r in records.items()}
        batches += 1
        if stop_after_batches is not None and batches == stop_after_batches:
            return run  # crash: records written, progress not saved
        run = record_batch(run, batch, inserted, records, {}, now)


def test_plan_is_sorted_and_one_per_person_and_type():
    planned = plan(enrolments(5), MAY)
    ids = [p.key.as_id() for p in planned]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 10


def test_a_run_creates_each_record_once_and_rerun_creates_nothing(book):
    planned, store = plan(enrolments(20), MAY), Store()
    done = work(RunProgress("r1", MAY), planned, store, book, "w1", T0)
    assert done.state is JobState.SUCCEEDED and (done.created, done.existing, done.processed) == (40, 0, 40)
    assert done.percent == 100.0
    assert done.employer_total == sum(r.employer_amount for r in store.records.values())
    again = work(RunProgress("r2", MAY), plan(enrolments(20), MAY), store, book, "w1", T0)
    assert (again.created, again.existing) == (0, 40) and store.inserts == 40


def test_a_run_killed_half_way_is_resumed_by_another_worker_and_completes_once(book):
    planned, store = plan(enrolments(20), MAY), Store()
    crashed = work(RunProgress("r1", MAY), planned, store, book, "w1", T0, stop_after_batches=3)
    assert crashed.state is JobState.RUNNING and crashed.cursor and store.inserts == 21
    # the lease is live: nobody else may take it yet
    with pytest.raises(FailedPrecondition) as err:
        claim(crashed, "w2", T0 + timedelta(seconds=5), len(planned))
    assert err.value.reason == "RUN_LEASED"
    done = work(crashed, planned, store, book, "w2", T0 + timedelta(minutes=1))
    assert done.state is JobState.SUCCEEDED and done.resume_count == 1
    assert store.inserts == 40 == len(store.records)
    assert done.created + done.existing == done.processed == 40
    with pytest.raises(FailedPrecondition):
        claim(done, "w3", T0 + timedelta(hours=1), 40)


def test_failed_records_fail_the_run():
    run = claim(RunProgress("r", MAY), "w", T0, 1)
    batch = plan(enrolments(1), MAY)[:1]
    run = record_batch(run, batch, {}, {}, {batch[0].key.as_id(): "no schedule"}, T0)
    done = finish(run, T0)
    assert done.state is JobState.FAILED and done.failed == 1 and "1 records" in done.error
