"""Gate redemption: what a scan of a verified ticket means.

The store applies an OK as one conditional update VALID → USED (with the scan's nonce, gate and
time); if that update finds the ticket no longer VALID, the service reloads it and decides again,
which turns the loser of two simultaneous scans into ALREADY_REDEEMED. Decisions depend only on
the ticket and the scan (its own time, not the server clock), so a retried scan gets the same
answer:

* same nonce as the redeeming scan → the first answer again (OK, replayed), nothing written;
* used by another scan → ALREADY_REDEEMED with the first time and gate; from another gate it is
  also a double use, raised as an alert (a copied QR code, or two gates admitting offline);
* cancelled / revoked → refused with that reason; a no-show → refused as expired, unless an
  offline gate scanned it inside the window (then it is used after all);
* another spot, another day, before or after the entry window → refused with the reason.

Offline scans (queued by a gate that admitted on its own signature check) are flagged; the
visitor is already inside, so a conflict is an alert, never a silent drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_tourism.domain.tickets import EntryWindow, TicketStatus, TicketView
from jlp_tourism.domain.timebase import local_date, utc_instant

MAX_CLOCK_AHEAD = timedelta(minutes=5)  # a gate clock further ahead is wrong, not early
MAX_OFFLINE_AGE = timedelta(days=7)  # older queued scans no longer affect tickets or no-shows


class Outcome(Enum):
    OK = "OK"
    ALREADY_REDEEMED = "ALREADY_REDEEMED"
    REFUSED = "REFUSED"


class Refusal(Enum):
    TICKET_CANCELLED = "TICKET_CANCELLED"
    TICKET_REVOKED = "TICKET_REVOKED"
    TICKET_EXPIRED = "TICKET_EXPIRED"
    WRONG_SPOT = "WRONG_SPOT"
    WRONG_DATE = "WRONG_DATE"
    TOO_EARLY = "TOO_EARLY"
    TOO_LATE = "TOO_LATE"


@dataclass(frozen=True)
class Scan:
    spot_id: str
    gate_id: str
    nonce: str
    scanned_at: datetime
    offline: bool = False


@dataclass(frozen=True)
class DoubleUse:
    """A ticket used from a second gate: what the alert records."""

    ticket_id: str
    spot_id: str
    first_gate: str
    first_time: datetime
    second_gate: str
    second_time: datetime
    admitted_offline: bool


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    refusal: Refusal | None = None
    first_time: datetime | None = None
    first_gate: str | None = None
    offline: bool = False
    replayed: bool = False
    double_use: DoubleUse | None = None
    # OK only: the ticket was a no-show and becomes USED (an offline scan inside the window).
    reverses_no_show: bool = False

    @property
    def writes(self) -> bool:
        """Whether the store must move the ticket to USED."""
        return self.outcome is Outcome.OK and not self.replayed


def check_scan(scan: Scan, now: datetime, field: str = "scan") -> None:
    """A scan must name its gate and nonce, and its time must be believable: not ahead of the
    server by more than clock drift, and (offline uploads) not older than a week."""
    problems = []
    if not scan.gate_id:
        problems.append((f"{field}.gate_id", "is required"))
    if not scan.nonce or len(scan.nonce) > 128:
        problems.append((f"{field}.scan_nonce", "is required (at most 128 characters)"))
    moment, current = utc_instant(scan.scanned_at), utc_instant(now)
    if moment > current + MAX_CLOCK_AHEAD:
        problems.append((f"{field}.scan_time", "is in the future (gate clock wrong?)"))
    elif moment < current - MAX_OFFLINE_AGE:
        problems.append((f"{field}.scan_time", f"is older than {MAX_OFFLINE_AGE.days} days"))
    if problems:
        raise InvalidArgument(violations=[FieldViolation(f, d) for f, d in problems])


def _refused(reason: Refusal, scan: Scan) -> Decision:
    return Decision(Outcome.REFUSED, refusal=reason, offline=scan.offline)


def _place_and_time(ticket: TicketView, scan: Scan, window: EntryWindow) -> Refusal | None:
    moment = utc_instant(scan.scanned_at)
    if scan.spot_id != ticket.spot_id:
        return Refusal.WRONG_SPOT
    if local_date(moment) != ticket.day:
        return Refusal.WRONG_DATE
    if moment < utc_instant(ticket.slot_start) - window.early:
        return Refusal.TOO_EARLY
    if moment > utc_instant(ticket.entry_closes(window)):
        return Refusal.TOO_LATE
    return None


def decide(ticket: TicketView, scan: Scan, window: EntryWindow) -> Decision:
    """The answer to `scan` given the ticket as stored now."""
    if ticket.status is TicketStatus.USED:
        first = dict(first_time=ticket.redeemed_at, first_gate=ticket.redeemed_gate)
        if ticket.redeem_nonce == scan.nonce:
            return Decision(Outcome.OK, offline=scan.offline, replayed=True, **first)
        double = None
        if ticket.redeemed_gate != scan.gate_id:
            double = DoubleUse(ticket.ticket_id, ticket.spot_id, ticket.redeemed_gate or "",
                               utc_instant(ticket.redeemed_at) if ticket.redeemed_at else utc_instant(scan.scanned_at),
                               scan.gate_id, utc_instant(scan.scanned_at), admitted_offline=scan.offline)
        return Decision(Outcome.ALREADY_REDEEMED, offline=scan.offline, double_use=double, **first)
    if ticket.status is TicketStatus.CANCELLED:
        return _refused(Refusal.TICKET_CANCELLED, scan)
    if ticket.status is TicketStatus.REVOKED:
        return _refused(Refusal.TICKET_REVOKED, scan)
    problem = _place_and_time(ticket, scan, window)
    if ticket.status is TicketStatus.NO_SHOW:
        if scan.offline and problem is None:
            return Decision(Outcome.OK, first_time=utc_instant(scan.scanned_at), first_gate=scan.gate_id,
                            offline=True, reverses_no_show=True)
        return _refused(Refusal.TICKET_EXPIRED, scan)
    if problem is not None:
        return _refused(problem, scan)
    return Decision(Outcome.OK, first_time=utc_instant(scan.scanned_at), first_gate=scan.gate_id, offline=scan.offline)
