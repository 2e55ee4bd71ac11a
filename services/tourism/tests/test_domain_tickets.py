"""Redemption decisions, cancel rules and the refund entry, no-shows and the booking lock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_tourism.domain.cancellation import CancelVerdict, check_cancel, refund_entry, refund_id
from jlp_tourism.domain.noshow import NoShowPolicy, is_no_show, lock_until, recent_count
from jlp_tourism.domain.redemption import Outcome, Refusal, Scan, check_scan, decide
from jlp_tourism.domain.tickets import EntryWindow, TicketStatus, TicketView

DAY = date(2026, 10, 2)
WINDOW = EntryWindow(early=timedelta(minutes=30), late=timedelta(minutes=60))


def bj(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


TICKET = TicketView("t1", "huayan", DAY, "0930-1030", bj(9, 30), bj(10, 30), TicketStatus.VALID, price_fen=5000)


def scan(gate: str = "east", nonce: str = "n1", at: datetime | None = None, offline: bool = False,
         spot: str = "huayan") -> Scan:
    return Scan(spot, gate, nonce, at or bj(9, 40), offline)


def used(by: Scan) -> TicketView:
    """The ticket as the store holds it after `by` redeemed it."""
    return replace(TICKET, status=TicketStatus.USED, redeemed_at=by.scanned_at, redeemed_gate=by.gate_id,
                   redeem_nonce=by.nonce)


# --- redemption -------------------------------------------------------------------------------
def test_valid_ticket_is_redeemed() -> None:
    d = decide(TICKET, scan(), WINDOW)
    assert d.outcome is Outcome.OK and d.writes and not d.replayed
    assert (d.first_gate, d.first_time) == ("east", bj(9, 40))


def test_retried_scan_returns_the_first_answer_and_writes_nothing() -> None:
    first = scan()
    again = decide(used(first), scan(at=bj(9, 41)), WINDOW)  # same nonce, a retry
    assert again.outcome is Outcome.OK and again.replayed and not again.writes
    assert (again.first_gate, again.first_time) == ("east", bj(9, 40)) and again.double_use is None


def test_other_gate_gets_already_redeemed_and_an_alert() -> None:
    d = decide(used(scan()), scan(gate="south", nonce="n2", at=bj(9, 45)), WINDOW)
    assert d.outcome is Outcome.ALREADY_REDEEMED and not d.writes
    assert (d.first_gate, d.first_time) == ("east", bj(9, 40))
    assert d.double_use is not None and d.double_use.second_gate == "south"
    assert not d.double_use.admitted_offline


def test_rescan_at_the_same_gate_is_not_a_double_use() -> None:
    d = decide(used(scan()), scan(nonce="n2", at=bj(9, 41)), WINDOW)
    assert d.outcome is Outcome.ALREADY_REDEEMED and d.double_use is None


def test_offline_double_entry_is_an_alert_never_dropped() -> None:
    d = decide(used(scan()), scan(gate="south", nonce="n9", at=bj(9, 35), offline=True), WINDOW)
    assert d.outcome is Outcome.ALREADY_REDEEMED and d.offline
    assert d.double_use is not None and d.double_use.admitted_offline
    assert d.double_use.second_time == bj(9, 35) and d.double_use.first_time == bj(9, 40)


@pytest.mark.parametrize(("status", "reason"), [(TicketStatus.CANCELLED, Refusal.TICKET_CANCELLED),
                                                (TicketStatus.REVOKED, Refusal.TICKET_REVOKED),
                                                (TicketStatus.NO_SHOW, Refusal.TICKET_EXPIRED)])
def test_dead_tickets_are_refused_with_the_reason(status: TicketStatus, reason: Refusal) -> None:
    d = decide(replace(TICKET, status=status), scan(), WINDOW)
    assert (d.outcome, d.refusal, d.writes) == (Outcome.REFUSED, reason, False)


@pytest.mark.parametrize(("at", "spot", "reason"), [
    (bj(8, 59), "huayan", Refusal.TOO_EARLY),  # 31 minutes before 09:30
    (bj(11, 31), "huayan", Refusal.TOO_LATE),  # 61 minutes after 10:30
    (bj(9, 40, date(2026, 10, 3)), "huayan", Refusal.WRONG_DATE),
    (bj(9, 40), "zoo", Refusal.WRONG_SPOT),
])
def test_outside_the_window_or_place(at: datetime, spot: str, reason: Refusal) -> None:
    d = decide(TICKET, scan(at=at, spot=spot), WINDOW)
    assert (d.outcome, d.refusal) == (Outcome.REFUSED, reason)


def test_window_edges_are_inclusive() -> None:
    assert decide(TICKET, scan(at=bj(9, 0)), WINDOW).outcome is Outcome.OK
    assert decide(TICKET, scan(at=bj(11, 30)), WINDOW).outcome is Outcome.OK


def test_late_offline_upload_turns_a_no_show_into_a_visit() -> None:
    no_show = replace(TICKET, status=TicketStatus.NO_SHOW)
    d = decide(no_show, scan(offline=True), WINDOW)
    assert d.outcome is Outcome.OK and d.reverses_no_show and d.writes
    assert decide(no_show, scan(offline=True, at=bj(12, 0)), WINDOW).refusal is Refusal.TICKET_EXPIRED


def test_scan_checks() -> None:
    now = bj(10)
    check_scan(scan(at=bj(10, 4)), now)  # gate clock a little ahead
    with pytest.raises(InvalidArgument) as err:
        check_scan(Scan("huayan", "", "", bj(10, 6)), now)
    assert {v.field for v in err.value.violations} == {"scan.gate_id", "scan.scan_nonce", "scan.scan_time"}
    with pytest.raises(InvalidArgument, match="older than 7 days"):
        check_scan(scan(at=now - timedelta(days=8)), now)


# --- cancel -----------------------------------------------------------------------------------
DEADLINE = timedelta(minutes=120)


def test_cancel_before_the_deadline_only() -> None:
    assert check_cancel(TICKET, bj(7, 30), DEADLINE) is CancelVerdict.CANCEL  # exactly 2 h before
    with pytest.raises(FailedPrecondition) as err:
        check_cancel(TICKET, bj(7, 31), DEADLINE)
    assert err.value.reason == "CANCEL_DEADLINE_PASSED" and "deadline" in err.value.metadata


def test_cancel_only_unused() -> None:
    with pytest.raises(FailedPrecondition) as err:
        check_cancel(used(scan()), bj(6), DEADLINE)
    assert err.value.reason == "TICKET_USED"
    for status in (TicketStatus.REVOKED, TicketStatus.NO_SHOW):
        with pytest.raises(FailedPrecondition):
            check_cancel(replace(TICKET, status=status), bj(6), DEADLINE)
    assert check_cancel(replace(TICKET, status=TicketStatus.CANCELLED), bj(12), DEADLINE) \
        is CancelVerdict.ALREADY_CANCELLED


def test_refund_entry_is_one_per_ticket() -> None:
    entry = refund_entry(TICKET, bj(6), "  plans changed ")
    assert (entry.id, entry.amount_fen, entry.reason) == (refund_id("t1"), 5000, "plans changed")
    assert refund_entry(TICKET, bj(7)).id == entry.id  # a retry cannot make a second line
    assert refund_entry(TICKET, bj(7)).reason == "cancelled by the holder"


# --- no-shows ---------------------------------------------------------------------------------
POLICY = NoShowPolicy(threshold=3, window=timedelta(days=90), lock=timedelta(days=30))


def test_no_show_after_the_entry_window() -> None:
    assert not is_no_show(TICKET, bj(11, 30), WINDOW)
    assert is_no_show(TICKET, bj(11, 31), WINDOW)
    assert not is_no_show(used(scan()), bj(23), WINDOW)


def test_lock_after_repeated_no_shows() -> None:
    t = [bj(12, 0, date(2026, 7, 1)), bj(12, 0, date(2026, 8, 1)), bj(12, 0, date(2026, 9, 1))]
    assert lock_until(t[:2], bj(13, 0, date(2026, 9, 1)), POLICY) is None
    assert lock_until(t, bj(13, 0, date(2026, 9, 1)), POLICY) == t[2] + timedelta(days=30)
    assert lock_until(t, t[2] + timedelta(days=30), POLICY) is None  # served
    spread = [bj(12, 0, date(2026, 1, 1)), bj(12, 0, date(2026, 4, 1)), bj(12, 0, date(2026, 7, 1))]
    assert lock_until(spread, bj(13, 0, date(2026, 7, 1)), POLICY) is None  # not within 90 days
    assert lock_until(list(reversed(t)), bj(13, 0, date(2026, 9, 1)), POLICY) is not None  # order-free
    assert lock_until(t, bj(13, 0, date(2026, 9, 1)), replace(POLICY, threshold=0)) is None
    assert recent_count(t, bj(13, 0, date(2026, 9, 1)), POLICY) == 3


def test_policy_bounds() -> None:
    with pytest.raises(InvalidArgument) as err:
        NoShowPolicy(threshold=-1, window=timedelta(0), lock=timedelta(days=400)).check()
    assert len(err.value.violations) == 3


def test_naive_instants_are_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="naive"):
        decide(TICKET, scan(at=datetime(2026, 10, 2, 1, 40)), WINDOW)
