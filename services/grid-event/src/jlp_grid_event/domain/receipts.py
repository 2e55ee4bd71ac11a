"""Each reporter's own report on a case, and what a reporter may see of a shared case.

Duplicate reports join one open case (duplicates.py): the case then belongs to several
citizens who do not know each other. Joining must count the report and keep its reporter
informed of progress, but it must not be a way to read someone else's report: anyone can find
a case's category and coordinates in the public Open311 list and file a report there
(docs/adr/0043-duplicate-reports-per-reporter-receipts.md).

So every report is kept as a *receipt* on the case (`reports`: reporter, time, the text, place
and photos they sent), and a reporter who is not staff sees:
- the case's progress: status, category, grid, department, deadlines, history actions and
  times;
- their own receipt in place of the case's description, address, location, photos, source;
- the notes and photos of staff steps only if their report opened the case (the staff answer
  that report; a joining reporter's text was folded in and is answered by the status alone);
- of other reporters' reports: that there was one (action, time), never text or photos.
Staff holding grid:case.read see the whole case, as before.

Plain functions over the stored document (a mapping); no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

REPORT_ACTIONS = ("report", "join")


def receipt(reporter: str, when: datetime, *, description: str, address: str, lon: float,
            lat: float, attachments: Sequence[str], source: int, source_ref: str) -> dict[str, Any]:
    """One report as its reporter sent it (stored in the case's `reports`)."""
    return {"reporter": reporter, "time": when, "description": description, "address": address,
            "lon": lon, "lat": lat, "attachments": list(attachments), "source": source,
            "source_ref": source_ref}


def originator(case: Mapping[str, Any]) -> str:
    """The reporter whose report opened the case."""
    stored = case.get("reports")
    if stored:
        return str(stored[0].get("reporter", ""))
    for entry in case.get("history", []):
        if entry.get("action") == "report":
            return str(entry.get("actor", ""))
    reporters = case.get("reporter_ids") or []
    return str(reporters[0]) if reporters else ""


def receipts_of(case: Mapping[str, Any], subject: str) -> list[dict[str, Any]]:
    """`subject`'s own reports on the case, oldest first (empty for anyone else).

    Cases stored before receipts existed are read from their history: the opening report is
    the case's own fields (with the photos of its `report` entry, as the case's list also holds
    joiners' photos), a joined one its `join` entry (text cut to 500 characters then)."""
    if not subject:
        return []
    stored = case.get("reports")
    if stored is not None:
        return [dict(r) for r in stored if r.get("reporter") == subject]
    found = []
    for entry in case.get("history", []):
        if entry.get("actor") != subject or entry.get("action") not in REPORT_ACTIONS:
            continue
        opening = entry["action"] == "report"
        found.append(receipt(
            subject, entry.get("time"),
            description=case.get("description", "") if opening else entry.get("note", ""),
            address=case.get("address", "") if opening else "",
            lon=case["lon"], lat=case["lat"], attachments=entry.get("attachments", []),
            source=case.get("source", 0), source_ref=case.get("source_ref", "") if opening else ""))
    return found


@dataclass(frozen=True)
class ShownEntry:
    """A history entry as a reporter who is not staff sees it."""

    actor: str
    note: str
    attachments: tuple[str, ...]


def entry_for_reporter(entry: Mapping[str, Any], viewer: str, opened_case: bool) -> ShownEntry:
    """`entry` for reporter `viewer` (`opened_case`: the viewer's report opened the case).

    Their own entries in full; other reporters' reports as "reporter" without text or photos;
    staff steps as "staff" (automatic ones as "system"), with notes and photos only for the
    reporter who opened the case."""
    actor = entry.get("actor", "")
    note, attachments = entry.get("note", ""), tuple(entry.get("attachments", []))
    if actor == viewer:
        return ShownEntry(actor, note, attachments)
    if entry.get("action") in REPORT_ACTIONS:
        return ShownEntry("reporter", "", ())
    shown = "system" if actor.startswith("system:") else "staff"
    return ShownEntry(shown, note, attachments) if opened_case else ShownEntry(shown, "", ())
