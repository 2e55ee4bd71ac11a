"""The tourism service's event subjects (payloads in proto/jlp/tourism/v1/events.proto).

To move into jlp_common.subjects (one constant per event, shared with consumers) once the
service kit carries that module.
"""

from __future__ import annotations

CROWDING_RAISED = "jlp.tourism.crowding.raised"
CROWDING_CLEARED = "jlp.tourism.crowding.cleared"
TICKET_BOOKED = "jlp.tourism.ticket.booked"
TICKET_REDEEMED = "jlp.tourism.ticket.redeemed"
TICKET_CANCELLED = "jlp.tourism.ticket.cancelled"
TICKET_NO_SHOW = "jlp.tourism.ticket.no_show"
TICKET_DOUBLE_USED = "jlp.tourism.ticket.double_used"
