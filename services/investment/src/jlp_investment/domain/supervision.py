"""Supervision items (督办): a problem blocking a project, who must solve it, by when.

An item is overdue while it is open after its due date (a China-time calendar date: due
2026-05-10 is overdue from 2026-05-11 00:00 Beijing time). Closing records who closed it and
when; reopening clears both, so the record always describes the current state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_investment.domain import stages

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
FIELDS = frozenset({"problem", "owner", "due_date", "closed", "progress_note", "etag"})
OUTPUT_ONLY = frozenset({"id", "project_id", "close_time", "closed_by", "overdue", "version", "create_time",
                         "update_time"})


def parse_item(values: Mapping[str, Any], paths: Iterable[str] | None = None, *,
               prefix: str = "supervision_item") -> dict[str, object]:
    """Typed fields (all when `paths` is None = create); every problem named."""
    names = set(FIELDS - {"etag"}) if paths is None else set(paths)
    out: list[FieldViolation] = [FieldViolation(f"update_mask.{p}", "output only" if p in OUTPUT_ONLY
                                                else "not a field of a supervision item")
                                 for p in sorted(names) if p not in FIELDS]
    if out:
        raise InvalidArgument(violations=out)
    parsed: dict[str, object] = {}
    for name in sorted(names):
        raw = values.get(name)
        where = f"{prefix}.{name}"
        if name in ("problem", "owner"):
            text = str(raw or "").strip()
            limit = 2000 if name == "problem" else 128
            if not text:
                out.append(FieldViolation(where, "required"))
            elif len(text) > limit:
                out.append(FieldViolation(where, f"at most {limit} characters"))
            parsed[name] = text
        elif name == "due_date":
            if not raw:
                out.append(FieldViolation(where, "required (YYYY-MM-DD)"))
                continue
            try:
                parsed[name] = stages.parse_date(str(raw), where)
            except InvalidArgument as err:
                out.extend(err.violations)
        elif name == "closed":
            parsed[name] = bool(raw)
        elif name == "progress_note":
            text = str(raw or "").strip()
            if len(text) > 2000:
                out.append(FieldViolation(where, "at most 2000 characters"))
            parsed[name] = text
    if out:
        raise InvalidArgument(violations=out)
    return parsed


def closing_changes(was_closed: bool, closed: bool, actor: str, now: datetime) -> dict[str, object]:
    """Fields to write with a change of `closed` (nothing when it does not change)."""
    if closed == was_closed:
        return {}
    if closed:
        return {"closed": True, "close_time": now, "closed_by": actor}
    return {"closed": False, "close_time": None, "closed_by": ""}


def is_overdue(due: date, closed: bool, now: datetime) -> bool:
    return not closed and now.astimezone(CHINA).date() > due
