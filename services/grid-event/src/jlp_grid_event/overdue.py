"""The overdue scanner: each case past its stage deadline is flagged, escalated and announced
(`jlp.grid.case.overdue`) exactly once, however many replicas run the scanner.

Two mechanisms (ADR 0042):
- a lease (`store.acquire_lease`, find-and-modify with expiry) lets one replica scan at a time,
  so replicas do not duplicate work; if the holder dies, the lease expires and another takes over;
- "once per case" does not depend on the lease: the flag is set by a conditional update that
  matches only while `overdue_notified` is false, and the overdue event is appended to the
  case's outbox in that same write. Whoever wins that update is the only one to announce it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from jlp_grid_event import case_events
from jlp_grid_event.domain import departments, states
from jlp_grid_event.models import CaseDoc
from jlp_grid_event.store import acquire_lease, compare_and_set, utc

log = logging.getLogger(__name__)

LEASE = "overdue-scanner"
ACTOR = "system:overdue-scanner"


class OverdueScanner:
    """Scans every `interval_s` while holding the lease (held for `lease_s`)."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 interval_s: float = 30.0, lease_s: float = 90.0, holder: str | None = None,
                 batch: int = 500, on_write: Callable[[], None] = lambda: None) -> None:
        self.clock = clock
        self.interval_s = interval_s
        self.lease_s = lease_s
        self.holder = holder or f"scanner-{uuid.uuid4().hex[:8]}"
        self.batch = batch
        self.on_write = on_write
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def scan_once(self) -> list[str]:
        """One pass if this replica holds the lease; ids of the cases it flagged."""
        now = self.clock()
        if not acquire_lease(LEASE, self.holder, now, self.lease_s):
            return []
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
                 "note": f"{stage} deadline {utc(doc['due_time']).isoformat()} passed; "
                         f"escalated to {departments.COMMAND_CENTER}",
                 "attachments": [], "department_id": doc.get("department_id", ""),
                 "assignee_id": doc.get("assignee_id", "")}
        event = case_events.overdue(doc, stage, utc(doc["due_time"]), now, level,
                                    departments.COMMAND_CENTER)
        won = compare_and_set(
            coll,
            {"_id": case_id, "overdue_notified": False, "due_time": {"$lt": now},
             "status": {"$in": open_states}},
            {"$set": {"overdue_notified": True, "overdue": True, "escalation_level": level,
                      "update_time": now},
             "$push": {"history": entry, "outbox": event}, "$inc": {"version": 1}})
        return won is not None

    # --- background loop -------------------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._main, name="overdue-scanner", daemon=True)
        self._thread.start()

    def _main(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.scan_once()
            except Exception:  # noqa: BLE001 - next pass retries
                log.exception("overdue scan failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._thread = None
