"""Gather bench/.out/*.json (written by the benches of this run) into bench/RESULTS.md and print it.

Each row: median over the runs, spread (min–max), and where there is one its bare-stack
baseline measured in the same run, with ours/baseline by median.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from _capacity import load_rows, model
from _kit import OUT, Row, fmt, runs, spread

HERE = Path(__file__).resolve().parent
ORDER = ["gateway_http", "grpc_call", "events_path", "environment_ingest", "video_index", "memory",
         "e2e_latency"]


def load() -> list[tuple[str, list[Row]]]:
    benches = []
    for path in sorted(OUT.glob("*.json"), key=lambda p: (ORDER + [p.stem]).index(p.stem)):
        data = json.loads(path.read_text())
        benches.append((data["bench"], [Row(**r) for r in data["rows"]]))
    return benches


def table(rows: list[Row]) -> list[str]:
    lines = ["| path | median | spread | unit | baseline (same run) | baseline median | ratio | note |",
             "| --- | ---: | ---: | --- | --- | ---: | ---: | --- |"]
    for r in rows:
        base = fmt(statistics.median(r.baseline_values), r.unit) if r.baseline_values else ""
        ratio = r.ratio()
        lines.append(f"| {r.name} | {fmt(r.median, r.unit)} | {spread(r.values, r.unit)} | {r.unit} "
                     f"| {r.baseline} | {base} | {f'{ratio:.0%}' if ratio is not None else ''} "
                     f"| {r.note} |")
    return lines


def capacity_table() -> list[str]:
    lines = ["| load | at full scale | measured per instance (this run) | needs |",
             "| --- | --- | --- | --- |"]
    return lines + ["| " + " | ".join(line) + " |" for line in model(load_rows())]


def main() -> int:
    out = ["# Benchmark results", "",
           f"Gathered by bench/_report.py (the last step of `make bench`) from bench/.out/ on "
           f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
           f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {runs()} runs per figure "
           "(JLP_BENCH_RUNS). "
           "Median over the runs, spread = min–max; every baseline is the bare stack measured "
           "in the same run on the same servers. Ratio = ours / baseline by median "
           "(for /s: the fraction of the bare stack's rate; for ms: times the bare latency).",
           "", "The machine is shared (2 cores, other sessions): read ratios, not absolutes. "
           "Storage in these runs is the embedded store (mongomock): its figures compare "
           "paths and are never MongoDB figures (DESIGN §4).", ""]
    for bench, rows in load():
        sections: dict[str, list[Row]] = {}
        for r in rows:
            sections.setdefault(r.section, []).append(r)
        for section, section_rows in sections.items():
            out += [f"## {section} (`bench/{bench}.py`)", "", *table(section_rows), ""]
    out += ["## Capacity model (bench/_capacity.py; assumptions in docs/capacity.md)", "",
            *capacity_table(), ""]
    text = "\n".join(out)
    (HERE / "RESULTS.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
