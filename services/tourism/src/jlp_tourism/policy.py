"""Who may call which method of the tourism service (deny by default; DESIGN §3 Auth).

Roles get these permissions in the component catalogue (jlp_common/components.yaml `grants`).
Capacity, slots, occupancy and the verification keys are public: LB/T 034-2014 and the
Tourism Law (Art. 45) require scenic areas to publish their capacity and crowding, and gates
must fetch the keys before they can verify anything. Bookings and tickets are the citizen's
own (the handlers filter by the caller).
"""

from __future__ import annotations

from jlp_common.auth import PUBLIC

SPOT_ADMIN = "tourism:spot.admin"
TICKET_BOOK = "tourism:ticket.book"
TICKET_REDEEM = "tourism:ticket.redeem"
GATE_COUNT_WRITE = "tourism:gate_count.write"
REFUND_READ = "tourism:refund.read"
ALERT_READ = "tourism:alert.read"

TOURISM_SERVICE = {
    "CreateSpot": SPOT_ADMIN,
    "GetSpot": PUBLIC,
    "ListSpots": PUBLIC,
    "UpdateSpot": SPOT_ADMIN,
    "ListSlots": PUBLIC,
    "CreateBooking": TICKET_BOOK,
    "GetBooking": TICKET_BOOK,
    "ListTickets": TICKET_BOOK,
    "GetTicket": TICKET_BOOK,
    "RedeemTicket": TICKET_REDEEM,
    "BatchRedeemTickets": TICKET_REDEEM,
    "CancelTicket": TICKET_BOOK,
    "ListRefunds": REFUND_READ,
    "ListRedemptionAlerts": ALERT_READ,
    "GetVerificationKeys": PUBLIC,
    "BatchCreateGateCounts": GATE_COUNT_WRITE,
    "GetOccupancy": PUBLIC,
    "GetFlowCurve": PUBLIC,
    "GetDistrictTotals": PUBLIC,
}

POLICY = {"TourismService": TOURISM_SERVICE}
