"""The monthly contribution run as a resumable job: plan, batches after a cursor, progress, lease.

Why it survives crashes and repeats without duplicates:
- `plan` lists the (key, enrolment) pairs of a month in one deterministic order (by record key).
- The worker processes `next_batch(plan, cursor)`; each record is written with its key as
  identity (insert-if-absent), then the run's cursor and counters advance in one write. A crash
  between the two re-processes at most one batch, whose records already exist and are counted
  as `existing`, never created twice.
- A run holds a lease (`lease_until`); a replica may take over a RUNNING run only once the lease
  has expired, so two replicas never work one run at the same time, and a dead worker's run is
  finished by another (`resume_count` + 1).
- Re-running a month that succeeded plans the same keys, all of which exist: it creates nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from jlp_common.errors import FailedPrecondition

from .calendar import Month
from .contributions import ContributionRecord, RecordKey, regular_record
from .enrolment import Enrolment, responsible_for_month
from .insurance import InsuranceType
from .money import ZERO
from .rates import ScheduleBook

DEFAULT_BATCH = 200
LEASE = timedelta(seconds=30)


class JobState(StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@dataclass(frozen=True)
class PlannedRecord:
    key: RecordKey
    enrolment: Enrolment


def plan(enrolments: Iterable[Enrolment], month: Month) -> list[PlannedRecord]:
    """One planned record per (person, type) whose enrolment owes `month`, sorted by key."""
    groups: dict[tuple[str, InsuranceType], list[Enrolment]] = {}
    for enrolment in enrolments:
        groups.setdefault((enrolment.person_id, enrolment.insurance_type), []).append(enrolment)
    out = []
    for (person_id, insurance_type), group in groups.items():
        due = responsible_for_month(group, month)
        if due is not None:
            out.append(PlannedRecord(RecordKey(person_id, insurance_type, month), due))
    out.sort(key=lambda p: p.key.as_id())
    return out


def next_batch(planned: Sequence[PlannedRecord], cursor: str, size: int = DEFAULT_BATCH) -> list[PlannedRecord]:
    """The next `size` planned records whose key sorts after `cursor` ("" = from the start)."""
    return [p for p in planned if p.key.as_id() > cursor][:size]


def build_record(item: PlannedRecord, book: ScheduleBook) -> ContributionRecord:
    e = item.enrolment
    return regular_record(item.key, e.monthly_wage, book, work_injury_class=e.work_injury_class,
                          enrolment_id=e.id, employer_credit_code=e.employer_credit_code)


@dataclass(frozen=True)
class RunProgress:
    """A run's state as stored; every field changes only through the functions below."""

    id: str
    month: Month
    state: JobState = JobState.PENDING
    total: int = 0
    processed: int = 0
    created: int = 0
    existing: int = 0
    failed: int = 0
    cursor: str = ""
    employer_total: Decimal = ZERO
    employee_total: Decimal = ZERO
    owner: str = ""
    lease_until: datetime | None = None
    resume_count: int = 0
    error: str = ""
    start_time: datetime | None = None
    end_time: datetime | None = None

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 and self.state is JobState.SUCCEEDED else (
            round(100.0 * self.processed / self.total, 1) if self.total else 0.0)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)


def claim(run: RunProgress, worker: str, now: datetime, total: int, lease: timedelta = LEASE) -> RunProgress:
    """Take the run: PENDING → RUNNING, or a RUNNING run whose lease expired (a resume).
    FAILED_PRECONDITION when finished or another worker's lease is live."""
    if run.finished:
        raise FailedPrecondition(f"run {run.id} is {run.state.value}", reason="RUN_FINISHED")
    if run.state is JobState.RUNNING and run.owner != worker and run.lease_until and run.lease_until > now:
        raise FailedPrecondition(f"run {run.id} is being worked by {run.owner}", reason="RUN_LEASED")
    resumed = run.state is JobState.RUNNING and run.owner != worker
    return replace(run, state=JobState.RUNNING, owner=worker, lease_until=now + lease, total=total,
                   start_time=run.start_time or now, resume_count=run.resume_count + (1 if resumed else 0))


def record_batch(run: RunProgress, batch: Sequence[PlannedRecord], inserted: Mapping[str, bool],
                 records: Mapping[str, ContributionRecord], failures: Mapping[str, str],
                 now: datetime, lease: timedelta = LEASE) -> RunProgress:
    """Advance after a batch: `inserted[id]` True when the record was created, False when it
    existed already; `failures[id]` says why a record could not be computed. Totals count the
    records this run created."""
    created = existing = failed = 0
    employer = employee = ZERO
    for item in batch:
        rid = item.key.as_id()
        if rid in failures:
            failed += 1
        elif inserted.get(rid):
            created += 1
            employer += records[rid].employer_amount
            employee += records[rid].employee_amount
        else:
            existing += 1
    cursor = batch[-1].key.as_id() if batch else run.cursor
    return replace(run, processed=run.processed + len(batch), created=run.created + created,
                   existing=run.existing + existing, failed=run.failed + failed, cursor=cursor,
                   employer_total=run.employer_total + employer, employee_total=run.employee_total + employee,
                   lease_until=now + lease)


def finish(run: RunProgress, now: datetime) -> RunProgress:
    """SUCCEEDED when no record failed, otherwise FAILED with the count (a new run of the month
    retries only the failed keys, as the others exist)."""
    state = JobState.SUCCEEDED if run.failed == 0 else JobState.FAILED
    error = "" if run.failed == 0 else f"{run.failed} records could not be computed"
    return replace(run, state=state, error=error, end_time=now, lease_until=None)
