"""Tickets after booking: the holder's list, cancel with its refund, no-shows.

Cancel is one conditional update VALID → CANCELLED (so a cancel racing a gate scan has one
winner) that also frees the person's day (`uniq_key` unset) and records the event. Settling it
— the place given back by ticket id, the refund inserted under an id derived from the ticket —
is idempotent, so a retried cancel or the recovery pass completes a cancel a crash cut short,
and never twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import mongoengine as me
from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp.tourism.v1 import events_pb2
from jlp_common.atomic import atomic
from jlp_common.errors import NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.subjects import TOURISM_TICKET_CANCELLED, TOURISM_TICKET_NO_SHOW
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_tourism import inventory
from jlp_tourism.domain.cancellation import CancelVerdict, check_cancel, refund_entry
from jlp_tourism.domain.noshow import NoShowPolicy, is_no_show, lock_until, recent_count
from jlp_tourism.domain.tickets import TicketStatus, TicketView
from jlp_tourism.domain.timebase import parse_date
from jlp_tourism.models import Refund, Ticket
from jlp_tourism.spot_rules import SpotRules
from jlp_tourism.spots import Spots
from jlp_tourism.writes import won

LISTED = ("VALID", "USED", "CANCELLED", "REVOKED", "NO_SHOW")


def view(t: Ticket) -> TicketView:
    """The rules' view of a stored ticket (HELD is not visible to them)."""
    return TicketView(t.id, t.spot_id, parse_date(t.date, "date"), t.slot_id, as_utc(t.slot_start),
                      as_utc(t.slot_end), TicketStatus(t.status if t.status != "HELD" else "VALID"),
                      t.price_fen, as_utc(t.redeemed_at), t.redeem_gate, t.redeem_nonce)


class Tickets:
    def __init__(self, spots: Spots, tokens: PageTokens, clock: Callable[[], datetime],
                 no_shows: NoShowPolicy, on_write: Callable[[], None] = lambda: None) -> None:
        self.spots, self.tokens, self.clock, self.no_shows, self.on_write = spots, tokens, clock, no_shows, on_write

    def own(self, holder: str, ticket_id: str) -> Ticket:
        with atomic():  # a consistent copy while a gate may be updating it (embedded store)
            ticket = Ticket.objects(id=ticket_id, booker_id=holder, status__in=LISTED).first() if ticket_id else None
        if ticket is None:
            raise NotFound("Ticket", ticket_id)
        return ticket

    def list(self, holder: str, requested: int, token: str, spot_id: str = "", day: str = "",
             state: str = "") -> tuple[list[Ticket], str]:
        size = page_size(requested, maximum=200)
        if day:
            parse_date(day, "date")
        query = {"spot": spot_id, "date": day, "state": state, "holder": holder}
        position = self.tokens.decode(token, query)
        found = Ticket.objects(booker_id=holder, status__in=[state] if state else list(LISTED))
        if spot_id:
            found = found.filter(spot_id=spot_id)
        if day:
            found = found.filter(date=day)
        if position:
            found = found.filter(Q(date__lt=position["d"]) | Q(date=position["d"], id__lt=position["id"]))
        return self.tokens.page(list(found.order_by("-date", "-id").limit(size + 1)), size,
                                lambda t: {"d": t.date, "id": t.id}, query)

    # --- cancel -----------------------------------------------------------------------------
    def cancel(self, holder: str, ticket_id: str, reason: str = "") -> Ticket:
        ticket = self.own(holder, ticket_id)
        rules = SpotRules.of(self.spots.get(ticket.spot_id))
        now = self.clock()
        if check_cancel(view(ticket), now, rules.cancel_deadline) is CancelVerdict.CANCEL:
            entry = refund_entry(view(ticket), now, reason)
            event = outbox_event(TOURISM_TICKET_CANCELLED, events_pb2.TicketCancelled(
                ticket_id=ticket.id, spot_id=ticket.spot_id, date=ticket.date, slot_id=ticket.slot_id,
                refund_id=entry.id, refund_fen=entry.amount_fen, cancel_time=to_timestamp(now)),
                subject_ref=f"tickets/{ticket.id}", time=now)
            cancelled = won(Ticket._get_collection(), {"_id": ticket.id, "status": "VALID"}, {
                "$set": {"status": "CANCELLED", "cancel_time": now}, "$unset": {"uniq_key": ""},
                "$push": {"outbox": event.to_mongo().to_dict()}})
            if not cancelled:  # a scan or another cancel got there first: answer from its state
                ticket = self.own(holder, ticket_id)
                check_cancel(view(ticket), now, rules.cancel_deadline)  # raises TICKET_USED ...
            self.on_write()
        self.settle(self.own(holder, ticket_id), reason)
        return self.own(holder, ticket_id)

    def settle(self, ticket: Ticket, reason: str = "") -> None:
        """Give a cancelled ticket's place back and enter its refund (each at most once)."""
        if ticket.status != "CANCELLED":
            return
        inventory.give_back(inventory.inventory_id(ticket.spot_id, ticket.date, ticket.slot_id), ticket.id)
        entry = refund_entry(view(ticket), as_utc(ticket.cancel_time) or self.clock(), reason)
        try:
            with atomic():
                Refund(id=entry.id, ticket_id=ticket.id, booking_id=ticket.booking_id, spot_id=ticket.spot_id,
                       amount_fen=entry.amount_fen, reason=entry.reason,
                       create_time=entry.created_at).save(force_insert=True)
        except (me.NotUniqueError, DuplicateKeyError):
            pass  # entered by the first attempt

    def refunds(self, requested: int, token: str, spot_id: str = "") -> tuple[list[Refund], str]:
        size = page_size(requested)
        query = {"spot": spot_id}
        position = self.tokens.decode(token, query)
        found = Refund.objects(spot_id=spot_id) if spot_id else Refund.objects
        if position:
            moment = datetime.fromisoformat(position["t"])
            found = found.filter(Q(create_time__lt=moment) | Q(create_time=moment, id__lt=position["id"]))
        return self.tokens.page(list(found.order_by("-create_time", "-id").limit(size + 1)), size,
                                lambda r: {"t": r.create_time.isoformat(), "id": r.id},  # as stored (naive UTC)
                                query)

    # --- sweeps -----------------------------------------------------------------------------
    def recover(self) -> int:
        """Settle cancels a crash cut short (recent ones; settling is idempotent)."""
        since = self.clock() - timedelta(days=2)
        done = 0
        for ticket in Ticket.objects(status="CANCELLED", cancel_time__gte=since):
            self.settle(ticket)
            done += 1
        return done

    def mark_no_shows(self) -> int:
        """VALID tickets whose entry window closed become NO_SHOW, each with its event (the
        holder's recent count and the end of a booking lock if this one starts it)."""
        now, marked = self.clock(), 0
        rules_by_spot: dict[str, SpotRules] = {}
        for ticket in Ticket.objects(status="VALID", slot_end__lt=now):
            rules = rules_by_spot.get(ticket.spot_id)
            if rules is None:
                rules = rules_by_spot[ticket.spot_id] = SpotRules.of(self.spots.get(ticket.spot_id))
            if not is_no_show(view(ticket), now, rules.window):
                continue
            times = [as_utc(t.no_show_time) for t in Ticket.objects(
                visitor__id_hash=ticket.visitor.id_hash, status="NO_SHOW").only("no_show_time")] + [now]
            locked = lock_until(times, now, self.no_shows)
            payload = events_pb2.TicketNoShow(
                ticket_id=ticket.id, spot_id=ticket.spot_id, date=ticket.date, slot_id=ticket.slot_id,
                no_show_count=recent_count(times, now, self.no_shows))
            if locked is not None:
                payload.locked_until.CopyFrom(to_timestamp(locked))
            event = outbox_event(TOURISM_TICKET_NO_SHOW, payload, subject_ref=f"tickets/{ticket.id}", time=now)
            if won(Ticket._get_collection(), {"_id": ticket.id, "status": "VALID"},
                          {"$set": {"status": "NO_SHOW", "no_show_time": now},
                           "$push": {"outbox": event.to_mongo().to_dict()}}):
                marked += 1
        if marked:
            self.on_write()
        return marked
