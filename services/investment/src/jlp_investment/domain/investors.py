"""Investors: enterprises (unique by credit code) and prospects, and merging two of them.

A prospect typed in before its credit code is known often turns out to be an enterprise that
is already registered. Merging keeps both histories — the survivor's history interleaves the
duplicate's entries by time, each tagged with the investor it was first written on — and
leaves the duplicate as a MERGED record pointing at the survivor, so old links still resolve.

The merge is two single-document writes (no transactions, DESIGN §4): the service writes the
duplicate (MERGED, which frees its credit code from the active-code unique index) and then the
survivor. `merge` is resumable: called again after a crash between the writes it sees the
duplicate already merged into this target and returns only the survivor's part, so a retry
completes the merge instead of doing it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from jlp_common.errors import FailedPrecondition, InvalidArgument

ACTIVE, MERGED = "ACTIVE", "MERGED"


@dataclass(frozen=True)
class HistoryEntry:
    time: datetime
    action: str  # created, updated, contact, merged_from, merged_into
    actor: str
    note: str
    origin_investor_id: str


@dataclass(frozen=True)
class InvestorRecord:
    id: str
    name: str
    credit_code: str = ""
    aliases: tuple[str, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    merged_investor_ids: tuple[str, ...] = ()
    state: str = ACTIVE
    merged_into: str = ""


@dataclass(frozen=True)
class MergeResult:
    target: InvestorRecord
    source: InvestorRecord
    target_changed: bool
    source_changed: bool


def _dedupe(items: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return tuple(out)


def merge(target: InvestorRecord, source: InvestorRecord, *, actor: str, reason: str,
          now: datetime) -> MergeResult:
    """Merge `source` (the duplicate) into `target` (the survivor)."""
    if target.id == source.id:
        raise InvalidArgument.field("source_investor_id", "an investor cannot be merged into itself")
    why = reason.strip()
    if not why:
        raise InvalidArgument.field("reason", "a merge needs a reason")
    if target.state == MERGED:
        raise FailedPrecondition(f"investor {target.id} was itself merged into {target.merged_into}; merge there",
                                 reason="ALREADY_MERGED")
    source_done = source.state == MERGED and source.merged_into == target.id
    target_done = source.id in target.merged_investor_ids
    if source.state == MERGED and not source_done:
        raise FailedPrecondition(f"investor {source.id} was already merged into {source.merged_into}",
                                 reason="ALREADY_MERGED")
    if target.credit_code and source.credit_code and target.credit_code != source.credit_code:
        raise FailedPrecondition("two enterprises with different credit codes are different companies",
                                 reason="DIFFERENT_CREDIT_CODES")
    if source_done and target_done:
        return MergeResult(target, source, False, False)

    new_source = source
    if not source_done:
        new_source = replace(source, state=MERGED, merged_into=target.id, history=(*source.history, HistoryEntry(
            now, "merged_into", actor, f"merged into {target.id} ({target.name}): {why}", source.id)))
    new_target = target
    if not target_done:
        # The duplicate's own entries (not the one saying it was merged) join the survivor's.
        carried = [e for e in source.history if not (e.action == "merged_into" and e.origin_investor_id == source.id)]
        history = sorted((*target.history, *carried), key=lambda e: (e.time, e.origin_investor_id))
        names = [source.name] if source.name != target.name else []
        new_target = replace(
            target,
            credit_code=target.credit_code or source.credit_code,
            aliases=_dedupe([*target.aliases, *names, *source.aliases]),
            merged_investor_ids=_dedupe([*target.merged_investor_ids, source.id, *source.merged_investor_ids]),
            history=(*history, HistoryEntry(now, "merged_from", actor,
                                            f"merged {source.id} ({source.name}): {why}", target.id)),
        )
    return MergeResult(new_target, new_source, not target_done, not source_done)
