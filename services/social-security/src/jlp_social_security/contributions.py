"""Contribution records and the monthly run in the store.

- A REGULAR record's `_id` is its key (person:TYPE:YYYY-MM): the run inserts each with
  insert-if-absent, so a repeat, a resume after a crash or two workers racing create it once.
- A run is a document holding the job's state, cursor, counters and lease. Only one run per
  month is active (unique sparse `active_month`). The worker claims it with a conditional write
  (PENDING, or RUNNING with an expired lease), then repeats: next batch after the cursor → insert
  the records → advance cursor and counters with a conditional write on the run's version (the
  lease renewed in the same write). A crash between the two re-does at most one batch, whose
  records are then counted as existing. `resume_stale` lets any replica finish a dead worker's run.
- Arrears and corrections are ADJUSTMENT records (`:adjN`), numbered per key; the original
  record is never rewritten.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import compare_and_set
from jlp_common.errors import FailedPrecondition, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, to_timestamp, utc_now
from jlp_social_security.domain import contribution_runs as runs
from jlp_social_security.domain.calendar import Month, parse_month
from jlp_social_security.domain.contribution_runs import JobState, PlannedRecord, RunProgress
from jlp_social_security.domain.contributions import (
    BaseClamp,
    ContributionLine,
    ContributionRecord,
    RecordKey,
    RecordKind,
    adjustment_record,
)
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.money import format_money
from jlp_social_security.domain.rates import ScheduleBook
from jlp_social_security.enrolments import Enrolments
from jlp_social_security.models import ContributionRecord as RecordDoc
from jlp_social_security.models import ContributionRun as RunDoc
from jlp_social_security.store import insert_absent

log = logging.getLogger(__name__)
RUN_COMPLETED = subjects.SOCIAL_CONTRIBUTION_RUN_COMPLETED



def record_to_doc(r: ContributionRecord, run_id: str, now: datetime, request_id: str = "") -> dict[str, Any]:
    doc = {"_id": r.record_id, "person_id": r.key.person_id, "insurance_type": r.key.insurance_type.value,
           "month": str(r.key.month), "kind": r.kind.value, "sequence": r.sequence,
           "enrolment_id": r.enrolment_id, "employer_credit_code": r.employer_credit_code,
           "wage": format_money(r.wage), "base": format_money(r.base), "clamp": r.clamp.value,
           "schedule_id": r.schedule_id,
           "lines": [{"item": x.item, "insurance_type": x.insurance_type.value, "employer_rate": str(x.employer_rate),
                      "employee_rate": str(x.employee_rate), "employee_fixed": format_money(x.employee_fixed),
                      "employer_amount": format_money(x.employer_amount),
                      "employee_amount": format_money(x.employee_amount)} for x in r.lines],
           "employer_amount": format_money(r.employer_amount), "employee_amount": format_money(r.employee_amount),
           "run_id": run_id, "adjusts_record_id": r.adjusts_record_id, "reason": r.reason, "create_time": now}
    if request_id:
        doc["request_id"] = request_id
    return doc


def record_from_doc(d: dict[str, Any]) -> ContributionRecord:
    month = parse_month(d["month"], "month")
    return ContributionRecord(
        RecordKey(d["person_id"], InsuranceType(d["insurance_type"]), month), RecordKind(d["kind"]),
        Decimal(d["wage"]), Decimal(d["base"]), BaseClamp(d["clamp"]), d["schedule_id"],
        tuple(ContributionLine(x["item"], InsuranceType(x["insurance_type"]), Decimal(x["employer_rate"]),
                               Decimal(x["employee_rate"]), Decimal(x["employee_fixed"]),
                               Decimal(x["employer_amount"]), Decimal(x["employee_amount"])) for x in d["lines"]),
        d.get("enrolment_id", ""), d.get("employer_credit_code", ""), d.get("adjusts_record_id", ""),
        d.get("reason", ""), d.get("sequence", 0))


def run_from_doc(d: dict[str, Any]) -> RunProgress:
    return RunProgress(
        id=d["_id"], month=parse_month(d["month"], "month"), state=JobState(d["state"]), total=d.get("total", 0),
        processed=d.get("processed", 0), created=d.get("created", 0), existing=d.get("existing", 0),
        failed=d.get("failed", 0), cursor=d.get("cursor", ""), employer_total=Decimal(d.get("employer_total", "0")),
        employee_total=Decimal(d.get("employee_total", "0")), owner=d.get("owner", ""),
        lease_until=as_utc(d.get("lease_until")), resume_count=d.get("resume_count", 0), error=d.get("error", ""),
        start_time=as_utc(d.get("start_time")), end_time=as_utc(d.get("end_time")))


def _progress_fields(p: RunProgress) -> dict[str, Any]:
    return {"state": p.state.value, "total": p.total, "processed": p.processed, "created": p.created,
            "existing": p.existing, "failed": p.failed, "cursor": p.cursor,
            "employer_total": format_money(p.employer_total), "employee_total": format_money(p.employee_total),
            "owner": p.owner, "lease_until": p.lease_until, "resume_count": p.resume_count, "error": p.error,
            "start_time": p.start_time, "end_time": p.end_time}


class Contributions:
    def __init__(self, book: ScheduleBook, enrolments: Enrolments, tokens: PageTokens, *,
                 clock: Callable[[], datetime] = utc_now,
                 on_write: Callable[[], None] = lambda: None, batch_size: int = runs.DEFAULT_BATCH,
                 worker_id: str = "") -> None:
        self.book, self.enrolments, self.tokens = book, enrolments, tokens
        self.clock, self.on_write, self.batch_size = clock, on_write, batch_size
        self.worker_id = worker_id or f"worker-{uuid.uuid4().hex[:8]}"
        self.records = RecordDoc._get_collection
        self.runs = RunDoc._get_collection
        self._threads: list[threading.Thread] = []

    # ---- records -----------------------------------------------------------------------------

    def get_record(self, record_id: str) -> dict[str, Any]:
        doc = self.records().find_one({"_id": record_id})
        if doc is None:
            raise NotFound("ContributionRecord", record_id)
        return doc

    def records_of(self, person_id: str, insurance_type: InsuranceType | None = None) -> list[ContributionRecord]:
        query: dict[str, Any] = {"person_id": person_id}
        if insurance_type is not None:
            query["insurance_type"] = insurance_type.value
        return [record_from_doc(d) for d in self.records().find(query)]

    def list_records(self, requested_size: int, token: str, filters: dict[str, str]) -> tuple[list[dict], str]:
        size = page_size(requested_size)
        query = {k: v for k, v in filters.items() if v}
        position = self.tokens.decode(token, query)
        find = dict(query)
        if position:
            find["_id"] = {"$gt": position["id"]}
        fetched = list(self.records().find(find).sort("_id", 1).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"id": d["_id"]}, query)

    def adjust(self, person_id: str, insurance_type: InsuranceType, month: Month, corrected_wage: Decimal,
               reason: str, request_id: str = "") -> dict[str, Any]:
        """Add an ADJUSTMENT record for arrears or a correction (idempotent with `request_id`)."""
        if request_id:
            found = self.records().find_one({"request_id": request_id})
            if found is not None:
                return found
        for _ in range(5):
            stored = [record_from_doc(d) for d in self.records().find(
                {"person_id": person_id, "insurance_type": insurance_type.value, "month": str(month)})]
            regular = [r for r in stored if r.kind is RecordKind.REGULAR]
            injury = None
            if regular and insurance_type is InsuranceType.WORK_INJURY and regular[0].enrolment_id:
                _, e = self.enrolments.find(regular[0].enrolment_id)
                injury = e.work_injury_class
            adj = adjustment_record(stored, corrected_wage, self.book, reason, work_injury_class=injury)
            doc = record_to_doc(adj, "", self.clock(), request_id)
            if insert_absent(self.records(), doc):  # two writers picking one sequence: one wins, the other renumbers
                return doc
            if request_id and (found := self.records().find_one({"request_id": request_id})) is not None:
                return found
        raise FailedPrecondition("the month's records kept changing; try again", reason="CONFLICT")

    # ---- runs --------------------------------------------------------------------------------

    def get_run(self, run_id: str) -> dict[str, Any]:
        doc = self.runs().find_one({"_id": run_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("ContributionRun", run_id)
        return doc

    def list_runs(self, requested_size: int, token: str, month: str = "") -> tuple[list[dict], str]:
        size = page_size(requested_size)
        query = {"month": month} if month else {}
        position = self.tokens.decode(token, query)
        find: dict[str, Any] = dict(query)
        if position:
            t = datetime.fromisoformat(position["t"])
            find["$or"] = [{"create_time": {"$lt": t}}, {"create_time": t, "_id": {"$lt": position["id"]}}]
        fetched = list(self.runs().find(find, {"outbox": 0}).sort([("create_time", -1), ("_id", -1)]).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"t": as_utc(d["create_time"]).isoformat(), "id": d["_id"]},
                                query)

    def create_run(self, month: Month, request_id: str = "") -> tuple[dict[str, Any], bool]:
        """The month's run: a new PENDING one, or the active run of the month (second value
        False). A month before the first schedule is INVALID_ARGUMENT `contribution_run.month`."""
        self.book.for_month(month, "contribution_run.month")
        if request_id and (found := self.runs().find_one({"request_id": request_id}, {"outbox": 0})):
            return found, False
        for _ in range(5):
            active = self.runs().find_one({"active_month": str(month)}, {"outbox": 0})
            if active is not None:
                return active, False
            now = self.clock()
            doc = {"_id": uuid.uuid4().hex, "month": str(month), "active_month": str(month),
                   "state": JobState.PENDING.value, "create_time": now, "version": 1, "outbox": [],
                   **({"request_id": request_id} if request_id else {})}
            if insert_absent(self.runs(), doc):
                return doc, True
        raise FailedPrecondition("could not start the run; try again", reason="CONFLICT")

    def start_in_background(self, run_id: str) -> None:
        thread = threading.Thread(target=self._work_logged, args=(run_id,), name=f"contribution-run-{run_id[:8]}",
                                  daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work_logged(self, run_id: str) -> None:
        try:
            self.work(run_id)
        except FailedPrecondition as err:
            log.info("contribution run not taken", extra={"run_id": run_id, "reason": err.reason})
        except Exception:  # noqa: BLE001 - the lease expires and another pass resumes the run
            log.exception("contribution run stopped", extra={"run_id": run_id})

    def wait_idle(self, timeout_s: float = 30.0) -> None:
        """Join the background workers (tests and graceful shutdown)."""
        for thread in list(self._threads):
            thread.join(timeout_s)
        self._threads = [t for t in self._threads if t.is_alive()]

    def _save(self, doc: dict[str, Any], progress: RunProgress, extra: dict[str, Any] | None = None,
              event: dict[str, Any] | None = None) -> dict[str, Any]:
        update: dict[str, Any] = {"$set": {**_progress_fields(progress), **(extra or {})}, "$inc": {"version": 1}}
        if event is not None:
            update["$push"] = {"outbox": event}
        if progress.finished:
            update["$unset"] = {"active_month": ""}
        saved = compare_and_set(self.runs(), {"_id": doc["_id"], "version": doc["version"]}, update)
        if saved is None:
            raise FailedPrecondition(f"run {doc['_id']} was taken over by another worker", reason="RUN_LEASED")
        return saved

    def _plan(self, month: Month) -> list[PlannedRecord]:
        planned: list[PlannedRecord] = []
        for cover in self.enrolments.all_covers():
            planned.extend(runs.plan(cover, month))
        planned.sort(key=lambda p: p.key.as_id())
        return planned

    def work(self, run_id: str, *, stop_after_batches: int | None = None) -> RunProgress:
        """Claim and run (or resume) a run to its end. `stop_after_batches` stops after writing
        that many batches' records without saving their progress — a crash, for tests."""
        doc = self.get_run(run_id)
        planned = self._plan(parse_month(doc["month"], "month"))
        progress = runs.claim(run_from_doc(doc), self.worker_id, self.clock(), len(planned))
        doc = self._save(doc, progress)
        batches = 0
        while True:
            batch = runs.next_batch(planned, progress.cursor, self.batch_size)
            if not batch:
                break
            now = self.clock()
            inserted: dict[str, bool] = {}
            records: dict[str, ContributionRecord] = {}
            failures: dict[str, str] = {}
            for item in batch:
                rid = item.key.as_id()
                try:
                    records[rid] = runs.build_record(item, self.book)
                except Exception as err:  # noqa: BLE001 - counted as a failed record, the run goes on
                    failures[rid] = str(err)
                    continue
                inserted[rid] = insert_absent(self.records(), record_to_doc(records[rid], run_id, now))
            batches += 1
            if stop_after_batches is not None and batches >= stop_after_batches:
                return progress
            progress = runs.record_batch(progress, batch, inserted, records, failures, now)
            doc = self._save(doc, progress)
        now = self.clock()
        progress = runs.finish(progress, now)
        event = outbox_event(RUN_COMPLETED, events_pb2.ContributionRunCompleted(
            run_id=run_id, month=str(progress.month), state=progress.state.value, created_count=progress.created,
            existing_count=progress.existing, failed_count=progress.failed,
            employer_total=format_money(progress.employer_total),
            employee_total=format_money(progress.employee_total), end_time=to_timestamp(now)),
            event_id=f"contribution-run-{run_id}-completed", subject_ref=f"contributionRuns/{run_id}", time=now)
        self._save(doc, progress, event=event.to_mongo().to_dict())
        self.on_write()
        return progress

    def resume_stale(self) -> list[str]:
        """Runs left RUNNING by a dead worker (lease expired) or never started: resume them."""
        now = self.clock()
        stale = [d["_id"] for d in self.runs().find(
            {"$or": [{"state": JobState.RUNNING.value, "lease_until": {"$lt": now}},
                     {"state": JobState.PENDING.value}]}, {"_id": 1})]
        for run_id in stale:
            self._work_logged(run_id)
        return stale
