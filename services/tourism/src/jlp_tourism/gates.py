"""Gate scans: verify the QR signature, decide (domain.redemption), redeem by one conditional
update, remember the answer by scan nonce, and keep every double use as an alert.

Two gates scanning one ticket at once both decide OK on a VALID ticket, but only one update
`{_id, status: VALID} → USED` matches; the other reloads the ticket and decides again, which
now answers ALREADY_REDEEMED with the winner's gate and time. A retried scan (same gate and
nonce) gets the stored first answer; the alert id is derived from the ticket, gate and nonce,
so a retry cannot raise a second alert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import mongoengine as me
from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp.tourism.v1 import events_pb2
from jlp_common.atomic import atomic
from jlp_common.errors import InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.subjects import TOURISM_TICKET_DOUBLE_USED, TOURISM_TICKET_REDEEMED
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_tourism.domain.qr import QrRejected
from jlp_tourism.domain.redemption import Decision, Outcome, Scan, check_scan, decide
from jlp_tourism.models import RedemptionAlert, ScanRecord, Ticket
from jlp_tourism.qrkeys import KeyRing
from jlp_tourism.spot_rules import SpotRules
from jlp_tourism.spots import Spots
from jlp_tourism.tickets import view
from jlp_tourism.writes import won

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ScanInput:
    qr_payload: str
    spot_id: str
    gate_id: str
    nonce: str
    scanned_at: datetime | None
    offline: bool = False


class Gates:
    def __init__(self, spots: Spots, keys: KeyRing, tokens: PageTokens, clock: Callable[[], datetime],
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.spots, self.keys, self.tokens, self.clock, self.on_write = spots, keys, tokens, clock, on_write

    def redeem(self, scan: ScanInput, field: str = "scan") -> dict:
        """The answer to one scan, as a dict of RedeemTicketResponse fields."""
        now = self.clock()
        domain_scan = Scan(scan.spot_id, scan.gate_id, scan.nonce, scan.scanned_at or now, scan.offline)
        if scan.scanned_at is None:
            raise InvalidArgument.field(f"{field}.scan_time", "is required")
        check_scan(domain_scan, now, field)
        rules = SpotRules.of(self.spots.get(scan.spot_id))
        if scan.gate_id not in rules.gate_ids:
            raise NotFound("Gate", f"{scan.spot_id}/{scan.gate_id}")
        record_id = f"{scan.spot_id}|{scan.gate_id}|{scan.nonce}"
        earlier = ScanRecord.objects(id=record_id).first()
        if earlier is not None:
            return {**earlier.answer, "replayed": True}
        answer = self._decide(scan, domain_scan, rules)
        try:
            with atomic():
                ScanRecord(id=record_id, ticket_id=answer.get("ticket_id", ""), answer=answer,
                           create_time=now).save(force_insert=True)
        except (me.NotUniqueError, DuplicateKeyError):
            return {**ScanRecord.objects.get(id=record_id).answer, "replayed": True}
        return answer

    def _decide(self, scan: ScanInput, domain_scan: Scan, rules: SpotRules) -> dict:
        try:
            claims = self.keys.verifier.verify(scan.qr_payload)
        except QrRejected as exc:
            return {"outcome": "REFUSED", "refusal_reason": exc.problem.value, "message": exc.detail,
                    "offline": scan.offline}
        with atomic():  # a consistent copy while other gates update the ticket (embedded store)
            ticket = Ticket.objects(id=claims.ticket_id, status__ne="HELD").first()
        if ticket is None:
            return {"outcome": "REFUSED", "refusal_reason": "UNKNOWN_TICKET", "ticket_id": claims.ticket_id,
                    "message": "no such ticket", "offline": scan.offline}
        decision = decide(view(ticket), domain_scan, rules.window)
        for _ in range(MAX_ATTEMPTS):
            if not decision.writes:
                break
            if self._redeem(ticket, domain_scan, decision):
                self.on_write()
                break
            with atomic():
                ticket = Ticket.objects.get(id=ticket.id)
            decision = decide(view(ticket), domain_scan, rules.window)
        alert_id = self._alert(decision) if decision.double_use is not None else ""
        return _answer(ticket, decision, alert_id)

    def _redeem(self, ticket: Ticket, scan: Scan, decision: Decision) -> bool:
        event = outbox_event(TOURISM_TICKET_REDEEMED, events_pb2.TicketRedeemed(
            ticket_id=ticket.id, spot_id=ticket.spot_id, gate_id=scan.gate_id, offline=scan.offline,
            redeem_time=to_timestamp(scan.scanned_at)), subject_ref=f"tickets/{ticket.id}", time=self.clock())
        was = "NO_SHOW" if decision.reverses_no_show else "VALID"
        return won(Ticket._get_collection(), {"_id": ticket.id, "status": was}, {
            "$set": {"status": "USED", "redeemed_at": scan.scanned_at, "redeem_gate": scan.gate_id,
                     "redeem_nonce": scan.nonce, "redeem_offline": scan.offline},
            "$unset": {"no_show_time": ""}, "$push": {"outbox": event.to_mongo().to_dict()}})

    def _alert(self, decision: Decision) -> str:
        use = decision.double_use
        assert use is not None
        alert_id = f"{use.ticket_id}|{use.second_gate}|{int(use.second_time.timestamp() * 1000)}"
        event = outbox_event(TOURISM_TICKET_DOUBLE_USED, events_pb2.TicketDoubleUsed(
            alert_id=alert_id, ticket_id=use.ticket_id, spot_id=use.spot_id, first_gate_id=use.first_gate,
            first_redeem_time=to_timestamp(use.first_time), second_gate_id=use.second_gate,
            second_scan_time=to_timestamp(use.second_time), admitted_offline=use.admitted_offline),
            subject_ref=f"tickets/{use.ticket_id}", time=self.clock())
        try:
            with atomic():
                RedemptionAlert(id=alert_id, ticket_id=use.ticket_id, spot_id=use.spot_id, first_gate=use.first_gate,
                                first_time=use.first_time, second_gate=use.second_gate, second_time=use.second_time,
                                admitted_offline=use.admitted_offline, create_time=self.clock(),
                                outbox=[event]).save(force_insert=True)
            self.on_write()
        except (me.NotUniqueError, DuplicateKeyError):
            pass  # the same scan, already alerted
        return alert_id

    def alerts(self, requested: int, token: str, spot_id: str = "") -> tuple[list[RedemptionAlert], str]:
        size = page_size(requested)
        query = {"spot": spot_id}
        position = self.tokens.decode(token, query)
        found = RedemptionAlert.objects(spot_id=spot_id) if spot_id else RedemptionAlert.objects
        if position:
            moment = datetime.fromisoformat(position["t"])
            found = found.filter(Q(create_time__lt=moment) | Q(create_time=moment, id__lt=position["id"]))
        return self.tokens.page(list(found.order_by("-create_time", "-id").limit(size + 1)), size,
                                lambda a: {"t": a.create_time.isoformat(), "id": a.id},  # as stored (naive UTC)
                                query)


def _answer(ticket: Ticket, decision: Decision, alert_id: str) -> dict:
    out: dict = {"outcome": decision.outcome.value, "ticket_id": ticket.id, "offline": decision.offline,
                 "alert_id": alert_id, "replayed": decision.replayed,
                 "masked_name": ticket.visitor.masked_name, "masked_id": ticket.visitor.masked_id}
    if decision.refusal is not None:
        out["refusal_reason"] = decision.refusal.value
        out["message"] = decision.refusal.value.replace("_", " ").lower()
    if decision.first_time is not None:
        out["first_time"] = as_utc(decision.first_time).isoformat()
        out["first_gate"] = decision.first_gate or ""
    if decision.outcome is Outcome.ALREADY_REDEEMED:
        out["message"] = f"already redeemed at gate {decision.first_gate}"
    return out
