"""Shared by the benches: repeated runs, medians and spreads, and the figures they record.

Every bench measures each path `runs()` times (JLP_BENCH_RUNS, default 3) beside its bare-stack
baseline in the same process and run, and records rows with `Figures.add`; `Figures.save`
writes them to bench/.out/<bench>.json and prints them. bench/_report.py gathers those files
into bench/RESULTS.md (`make bench` runs both). Nothing here asserts a speed (DESIGN §6).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent / ".out"


def runs() -> int:
    return max(3, int(os.environ.get("JLP_BENCH_RUNS", "3")))


def repeat(measure: Callable[[], float], n: int | None = None) -> list[float]:
    """Call `measure` n times; each call returns one figure (a rate, a latency...)."""
    return [measure() for _ in range(n or runs())]


def rate(count: int, action: Callable[[], object]) -> float:
    """Items per second of `action`, which handles `count` items."""
    start = time.perf_counter()
    action()
    return count / (time.perf_counter() - start)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Row:
    """One measured figure over several runs, optionally beside its same-run baseline."""

    section: str
    name: str
    unit: str  # "/s" (higher is better), "ms" or "MiB" (lower is better)
    values: list[float]
    baseline: str = ""
    baseline_values: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def ratio(self) -> float | None:
        """ours / baseline, by median (throughput: fraction of the bare stack)."""
        if not self.baseline_values:
            return None
        base = statistics.median(self.baseline_values)
        return self.median / base if base else None


class Figures:
    """The rows of one bench, printed as they come and saved together."""

    def __init__(self, bench: str) -> None:
        self.bench = bench
        self.rows: list[Row] = []

    def add(self, section: str, name: str, unit: str, values: Sequence[float], *,
            baseline: str = "", baseline_values: Sequence[float] = (), note: str = "") -> Row:
        row = Row(section, name, unit, [float(v) for v in values], baseline,
                  [float(v) for v in baseline_values], note)
        self.rows.append(row)
        print(format_row(row), flush=True)
        return row

    def save(self) -> Path:
        OUT.mkdir(exist_ok=True)
        path = OUT / f"{self.bench}.json"
        path.write_text(json.dumps({"bench": self.bench, "rows": [asdict(r) for r in self.rows]},
                                   indent=1))
        return path


def fmt(value: float, unit: str) -> str:
    if value != value:  # NaN
        return "n/a"
    if unit == "/s":
        return f"{value:,.0f}"
    if unit == "ms":
        return f"{value:.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,.1f}"


def spread(values: Sequence[float], unit: str) -> str:
    return f"{fmt(min(values), unit)}–{fmt(max(values), unit)}"


def format_row(row: Row) -> str:
    text = f"  {row.name}: {fmt(row.median, row.unit)} {row.unit} [{spread(row.values, row.unit)}]"
    if row.baseline_values:
        ratio = row.ratio()
        text += (f"  vs {row.baseline}: {fmt(statistics.median(row.baseline_values), row.unit)}"
                 f" → {ratio:.0%}" if ratio is not None else "")
    return text
