"""Monthly contribution run: records per second and peak memory, on the embedded store.

Builds, in this process, the social-security parts on the embedded store (mongomock), enrols
synthetic persons (pension + medical each; wages spread across the floor, the band and the cap),
then runs the month's contribution run the way the service does (plan from the enrolment covers,
batches after a cursor, insert-if-absent per record, progress written per batch) and prints, for
growing scales: records, seconds, records per second, peak Python memory (tracemalloc), then the
same month again (everything exists: nothing created). It stops growing once a run takes longer
than a minute. Asserts nothing about speed; the figures are the embedded store's (Python scans,
DESIGN §4), not MongoDB's.

    .venv/bin/python bench/social_contribution_run.py [largest number of persons, default 20000]
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal

from jlp_common import db
from jlp_common.pagination import PageTokens
from jlp_social_security.config import schedule_book
from jlp_social_security.contributions import Contributions
from jlp_social_security.domain.calendar import Month
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.enrolments import Enrolments, cover_id, to_entry
from jlp_social_security.models import Cover

EMPLOYER = "91500107MA5U00003G"
MONTH = Month(2026, 5)
NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def enrol(persons: int) -> None:
    """Covers written in bulk (the bench measures the run, not enrolment)."""
    docs = []
    for i in range(persons):
        for t in (InsuranceType.PENSION, InsuranceType.MEDICAL):
            e = Enrolment(f"e{i}-{t.value}", f"p{i:06d}", t, EMPLOYER, Decimal(2500 + (i * 37) % 26000),
                          date(2020, 1, 1))
            docs.append({"_id": cover_id(e.person_id, t), "person_id": e.person_id, "insurance_type": t.value,
                         "enrolments": [to_entry(e, create_time=NOW, update_time=NOW)], "version": 1, "outbox": []})
    Cover._get_collection().insert_many(docs)


def one_scale(persons: int) -> tuple[int, float, float, float]:
    database = db.connect("social-security-bench")
    for name in database.list_collection_names():
        database.drop_collection(name)
    enrol(persons)
    contributions = Contributions(schedule_book(), Enrolments(clock=lambda: NOW), PageTokens(b"b" * 32),
                                  clock=lambda: NOW, batch_size=500, worker_id="bench")
    tracemalloc.start()
    started = time.perf_counter()
    run, _ = contributions.create_run(MONTH)
    done = contributions.work(run["_id"])
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert done.created == 2 * persons, done
    again_started = time.perf_counter()
    rerun, _ = contributions.create_run(MONTH)
    again = contributions.work(rerun["_id"])
    rerun_s = time.perf_counter() - again_started
    assert again.created == 0 and again.existing == 2 * persons
    return done.created, seconds, peak / 2**20, rerun_s


def main() -> int:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(f"{'persons':>8} {'records':>8} {'seconds':>8} {'records/s':>10} {'peak MiB':>9} {'re-run s':>9}")
    persons = 1_000
    while persons <= largest:
        records, seconds, peak, rerun = one_scale(persons)
        print(f"{persons:>8} {records:>8} {seconds:>8.2f} {records / seconds:>10.0f} {peak:>9.1f} {rerun:>9.2f}",
              flush=True)
        if seconds > 60:
            break
        persons *= 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
