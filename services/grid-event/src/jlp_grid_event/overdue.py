"""The overdue scanner: each case past its stage deadline is flagged, escalated and announced
(`jlp.grid.case.overdue`) exactly once, however many replicas run the scanner.

Two mechanisms (ADR 0042):
- a lease (`jlp_common.periodic.Periodic`, find-and-modify with expiry) lets one replica scan at a time,
  so replicas do not duplicate work; if the holder dies, the lease expires and another takes over;
- "once per case" does not depend on the lease: the flag is set by a conditional update that
  matches only while `overdue_notified` is false, and the overdue event is appended to the
  case's outbox in that same write. Whoever wins that update is the only one to announce it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from jlp_common.atomic import compare_and_set
from jlp_common.periodic import Periodic
from jlp_common.timeutil import Clock, as_utc, utc_now
from jlp_grid_event import case_events
from jlp_grid_event.domain import departments, states
from jlp_grid_event.models import CaseDoc

log = logging.getLogger(__name__)

LEASE = "overdue-scanner"
ACTOR = "system:overdue-scanner"


class OverdueScanner:
    """Flags the cases past their stage deadline. `scan` is the job of a `Periodic` worker
    (`worker()`), which runs it on one replica at a time."""

    def __init__(self, clock: Clock = utc_now, batch: int = 500,
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.clock = clock
        self.batch = batch
        self.on_write = on_write

    def worker(self, interval_s: float = 30.0, lease_s: float | None = None,
               holder: str | None = None) -> Periodic:
        """The background worker scanning every `interval_s` under the lease `LEASE` (held for
        `lease_s`, default 3 × interval, after its holder's last renewal)."""
        return Periodic(LEASE, self.scan, interval_s, lease_s=lease_s, holder=holder,
                        clock=self.clock)

    def scan(self) -> list[str]:
        """One pass (no lease: callers go through `worker()`); ids of the cases it flagged."""
        now = self.clock()
        coll = CaseDoc._get_collection()
        open_states = [int(s) for s in states.OPEN]
        due = coll.find({"overdue_notified": False, "due_time": {"$lt": now},
                         "status": {"$in": open_states}},
                        {"_id": 1}).limit(self.batch)
        flagged = []
        for ref in list(due):
            if self._flag(coll, ref["_id"], now, open_states):
                flagged.append(ref["_id"])
        if flagged:
            self.on_write()
            log.info("overdue cases escalated", extra={"count": len(flagged)})
        return flagged

    def _flag(self, coll, case_id: str, now: datetime, open_states: list[int]) -> bool:  # noqa: ANN001
        doc = coll.find_one({"_id": case_id})
        if doc is None or doc.get("overdue_notified") or not doc.get("due_time"):
            return False
        level = int(doc.get("escalation_level", 0)) + 1
        stage = doc.get("stage") or ""
        entry = {"action": "escalate", "from_status": doc["status"], "to_status": doc["status"],
                 "actor": ACTOR, "time": now,
                 "note": f"{stage} deadline {as_utc(doc['due_time']).isoformat()} passed; "
                         f"escalated to {departments.COMMAND_CENTER}",
                 "attachments": [], "department_id": doc.get("department_id", ""),
                 "assignee_id": doc.get("assignee_id", "")}
        event = case_events.overdue(doc, stage, as_utc(doc["due_time"]), now, level,
                                    departments.COMMAND_CENTER)
        won = compare_and_set(
            coll,
            {"_id": case_id, "overdue_notified": False, "due_time": {"$lt": now},
             "status": {"$in": open_states}},
            {"$set": {"overdue_notified": True, "overdue": True, "escalation_level": level,
                      "update_time": now},
             "$push": {"history": entry, "outbox": event}, "$inc": {"version": 1}})
        return won is not None
