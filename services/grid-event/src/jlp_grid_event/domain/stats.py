"""Performance-review figures (GB/T 30428.4 绩效评价) from case summaries.

Kept pure so the same arithmetic serves the RPC, tests and any batch report: counts by status,
category, subdistrict, department and source; on-time closure rate; mean time per stage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from jlp_grid_event.domain.states import Status

STAGES = ("register", "dispatch", "handle", "verify")


@dataclass(frozen=True)
class CaseSummary:
    status: Status
    category_code: str
    subdistrict_code: str
    department_id: str
    source: str
    overdue: bool
    create_time: datetime
    register_time: datetime | None = None
    dispatch_time: datetime | None = None
    resolve_time: datetime | None = None
    close_time: datetime | None = None


@dataclass
class Stats:
    total: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    by_subdistrict: Counter = field(default_factory=Counter)
    by_department: Counter = field(default_factory=Counter)
    by_source: Counter = field(default_factory=Counter)
    closed: int = 0
    closed_on_time: int = 0
    open_overdue: int = 0
    mean_stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def on_time_closure_rate(self) -> float:
        return self.closed_on_time / self.closed if self.closed else 0.0


def _span(a: datetime | None, b: datetime | None) -> float | None:
    return (b - a).total_seconds() if a and b and b >= a else None


def compute(cases: Iterable[CaseSummary]) -> Stats:
    """Aggregate summaries. A closed case is on time when no stage deadline was missed."""
    out = Stats()
    sums: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    counts: dict[str, int] = dict.fromkeys(STAGES, 0)
    for c in cases:
        out.total += 1
        out.by_status[c.status.name] += 1
        out.by_category[c.category_code] += 1
        out.by_subdistrict[c.subdistrict_code or "unknown"] += 1
        out.by_department[c.department_id or "unassigned"] += 1
        out.by_source[c.source] += 1
        if c.status == Status.CLOSED:
            out.closed += 1
            out.closed_on_time += 0 if c.overdue else 1
        elif c.overdue and c.status not in (Status.REJECTED, Status.CANCELLED):
            out.open_overdue += 1
        spans = {"register": _span(c.create_time, c.register_time),
                 "dispatch": _span(c.register_time, c.dispatch_time),
                 "handle": _span(c.dispatch_time, c.resolve_time),
                 "verify": _span(c.resolve_time, c.close_time)}
        for stage, s in spans.items():
            if s is not None:
                sums[stage] += s
                counts[stage] += 1
    out.mean_stage_seconds = {s: sums[s] / counts[s] for s in STAGES if counts[s]}
    return out
