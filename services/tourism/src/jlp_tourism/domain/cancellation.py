"""Cancelling a ticket and the refund ledger entry it writes.

Only an unused (VALID) ticket can be cancelled, and only until `deadline` before its slot starts
(the scenic area's rule; the default is two hours). The store applies it as one conditional
update VALID → CANCELLED, so a cancel racing a gate scan has exactly one winner, and the place is
released (slot inventory `$inc` +1) only by the request whose update matched: exactly once.

The refund entry's id is derived from the ticket, so a retried cancel, or a relay re-running
after a crash, can only ever write the one entry (a unique id, not a check-then-insert).
Cancelling an already cancelled ticket is the idempotent repeat of the same request: it returns
the ticket and refunds nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_tourism.domain.tickets import TicketStatus, TicketView
from jlp_tourism.domain.timebase import utc_instant

MAX_DEADLINE_MINUTES = 7 * 24 * 60


class CancelVerdict(Enum):
    CANCEL = "CANCEL"  # move to CANCELLED, release the place, write the refund
    ALREADY_CANCELLED = "ALREADY_CANCELLED"  # idempotent repeat: answer with the ticket, write nothing


@dataclass(frozen=True)
class RefundEntry:
    id: str
    ticket_id: str
    spot_id: str
    amount_fen: int
    reason: str
    created_at: datetime


def check_deadline_minutes(minutes: int, field: str = "spot.cancel_deadline_minutes") -> int:
    if not 0 <= minutes <= MAX_DEADLINE_MINUTES:
        raise InvalidArgument.field(field, f"must be between 0 and {MAX_DEADLINE_MINUTES} minutes")
    return minutes


def cancel_deadline(ticket: TicketView, deadline: timedelta) -> datetime:
    return utc_instant(ticket.slot_start) - deadline


def check_cancel(ticket: TicketView, now: datetime, deadline: timedelta) -> CancelVerdict:
    """Whether `ticket` may be cancelled now, or FAILED_PRECONDITION with the reason."""
    if ticket.status is TicketStatus.CANCELLED:
        return CancelVerdict.ALREADY_CANCELLED
    if ticket.status is TicketStatus.USED:
        raise FailedPrecondition("the ticket has been used", reason="TICKET_USED",
                                 metadata={"ticket_id": ticket.ticket_id})
    if ticket.status is not TicketStatus.VALID:
        raise FailedPrecondition(f"a {ticket.status.value.lower()} ticket cannot be cancelled",
                                 reason=f"TICKET_{ticket.status.value}", metadata={"ticket_id": ticket.ticket_id})
    limit = cancel_deadline(ticket, deadline)
    if utc_instant(now) > limit:
        raise FailedPrecondition(f"cancellation closed at {limit.isoformat()}", reason="CANCEL_DEADLINE_PASSED",
                                 metadata={"deadline": limit.isoformat(), "ticket_id": ticket.ticket_id})
    return CancelVerdict.CANCEL


def refund_id(ticket_id: str) -> str:
    """One refund per ticket, by construction."""
    return f"refund-{ticket_id}"


def refund_entry(ticket: TicketView, now: datetime, reason: str = "") -> RefundEntry:
    """The ledger line for a cancelled ticket: the full price (cancelled before the deadline)."""
    return RefundEntry(refund_id(ticket.ticket_id), ticket.ticket_id, ticket.spot_id, ticket.price_fen,
                       reason.strip()[:200] or "cancelled by the holder", utc_instant(now))
