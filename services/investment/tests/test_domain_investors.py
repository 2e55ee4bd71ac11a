"""Merging a duplicate investor keeps both histories and can be resumed after a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_investment.domain.investors import MERGED, HistoryEntry, InvestorRecord, merge

T = datetime(2026, 5, 1, tzinfo=UTC)
CODE = "91500107MA5U00003G"


def h(days: int, action: str, origin: str, note: str = "") -> HistoryEntry:
    return HistoryEntry(T + timedelta(days=days), action, "officer-li", note, origin)


TARGET = InvestorRecord("inv-a", "重庆演示精密科技有限公司", CODE, ("演示精密",),
                        (h(0, "created", "inv-a"), h(5, "contact", "inv-a", "visit in Shenzhen")))
SOURCE = InvestorRecord("inv-b", "演示精密科技", "", ("JM Tech",),
                        (h(2, "created", "inv-b"), h(8, "contact", "inv-b", "call at the fair")))


def test_merge_keeps_both_histories_in_time_order() -> None:
    now = T + timedelta(days=10)
    result = merge(TARGET, SOURCE, actor="officer-wang", reason="same company", now=now)
    assert result.target_changed and result.source_changed
    t = result.target
    assert [(e.time - T).days for e in t.history] == [0, 2, 5, 8, 10]
    assert [e.origin_investor_id for e in t.history] == ["inv-a", "inv-b", "inv-a", "inv-b", "inv-a"]
    assert t.history[-1].action == "merged_from" and "same company" in t.history[-1].note
    assert t.history[-1].actor == "officer-wang" and t.history[-1].time == now
    assert t.aliases == ("演示精密", "演示精密科技", "JM Tech")
    assert t.merged_investor_ids == ("inv-b",)
    assert t.credit_code == CODE
    s = result.source
    assert (s.state, s.merged_into) == (MERGED, "inv-a")
    assert s.history[:2] == SOURCE.history and s.history[-1].action == "merged_into"


def test_a_prospect_survivor_takes_the_duplicate_code() -> None:
    result = merge(SOURCE, TARGET, actor="u", reason="r", now=T)
    assert result.target.credit_code == CODE


def test_repeating_a_completed_merge_changes_nothing() -> None:
    first = merge(TARGET, SOURCE, actor="u", reason="dup", now=T)
    again = merge(first.target, first.source, actor="u", reason="dup", now=T + timedelta(days=1))
    assert not again.target_changed and not again.source_changed
    assert again.target == first.target


def test_a_merge_interrupted_after_the_first_write_completes_on_retry() -> None:
    first = merge(TARGET, SOURCE, actor="u", reason="dup", now=T)
    resumed = merge(TARGET, first.source, actor="u", reason="dup", now=T)  # target write was lost
    assert resumed.target_changed and not resumed.source_changed
    assert resumed.target.merged_investor_ids == ("inv-b",)
    assert [e.origin_investor_id for e in resumed.target.history].count("inv-b") == 2


def test_refusals() -> None:
    with pytest.raises(InvalidArgument) as err:
        merge(TARGET, TARGET, actor="u", reason="r", now=T)
    assert err.value.violations[0].field == "source_investor_id"
    with pytest.raises(InvalidArgument) as err:
        merge(TARGET, SOURCE, actor="u", reason=" ", now=T)
    assert err.value.violations[0].field == "reason"
    other = InvestorRecord("inv-c", "别的公司", "92500107L00000011K")
    with pytest.raises(FailedPrecondition) as fp:
        merge(TARGET, other, actor="u", reason="r", now=T)
    assert fp.value.reason == "DIFFERENT_CREDIT_CODES"
    elsewhere = InvestorRecord("inv-d", "x", state=MERGED, merged_into="inv-z")
    with pytest.raises(FailedPrecondition):
        merge(TARGET, elsewhere, actor="u", reason="r", now=T)
    with pytest.raises(FailedPrecondition):
        merge(elsewhere, SOURCE, actor="u", reason="r", now=T)
