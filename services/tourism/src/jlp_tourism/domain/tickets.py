"""Ticket states shared by redemption, cancellation and no-show rules.

VALID → USED (a gate redeems it), VALID → CANCELLED (the holder, before the deadline),
VALID → REVOKED (the scenic area), VALID → NO_SHOW (the slot window passed unused). Each move is
one conditional update from VALID in the store, so of two racing moves exactly one wins. The one
way back is NO_SHOW → USED, when an offline gate later uploads a scan made inside the window:
the visitor did come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum


class TicketStatus(Enum):
    VALID = "VALID"
    USED = "USED"
    CANCELLED = "CANCELLED"
    REVOKED = "REVOKED"
    NO_SHOW = "NO_SHOW"


@dataclass(frozen=True)
class EntryWindow:
    """Tolerance around the slot: a visitor may enter a little early and somewhat late."""

    early: timedelta = timedelta(minutes=30)
    late: timedelta = timedelta(minutes=60)


@dataclass(frozen=True)
class TicketView:
    """What the rules need to know about a ticket."""

    ticket_id: str
    spot_id: str
    day: date
    slot_id: str
    slot_start: datetime
    slot_end: datetime
    status: TicketStatus
    price_fen: int = 0
    redeemed_at: datetime | None = None
    redeemed_gate: str | None = None
    redeem_nonce: str | None = None

    def entry_closes(self, window: EntryWindow) -> datetime:
        return self.slot_end + window.late
