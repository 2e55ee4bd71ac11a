"""Real-name bookings: all-or-nothing, one ticket per ID per spot per day, never oversold.

The steps, each a single-document write (DESIGN §4, no transactions):
1. the booking document is inserted PENDING (its id comes from the caller's request id, so a
   retry finds it instead of booking twice);
2. the slot's places are taken for all ticket ids at once (inventory.take: `available >= n`);
3. the tickets are inserted HELD, each with its unique `spot|date|id_hash` key: the index, not
   a read, decides between two bookings of the same person; a clash rolls back (tickets
   deleted, places given back by ticket id, booking FAILED) and names the visitor;
4. the booking becomes CONFIRMED with its TicketBooked events in the same write (the commit
   point), then its tickets turn VALID.
A crash between steps leaves a PENDING booking that `recover` rolls back after a grace period,
or a CONFIRMED one with HELD tickets that it rolls forward; both are idempotent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import mongoengine as me
from pymongo.errors import DuplicateKeyError

from jlp.tourism.v1 import events_pb2
from jlp_common.atomic import atomic
from jlp_common.errors import AlreadyExists, Conflict, FailedPrecondition, InvalidArgument, NotFound, ResourceExhausted
from jlp_common.events.outbox import outbox_event
from jlp_common.identifiers import compact
from jlp_common.pii import PiiCipher
from jlp_common.subjects import TOURISM_TICKET_BOOKED
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_tourism import inventory
from jlp_tourism.domain.booking import VisitorRef, check_not_locked, check_window, plan_group
from jlp_tourism.domain.noshow import NoShowPolicy, lock_until
from jlp_tourism.domain.slots import find_slot
from jlp_tourism.domain.timebase import local_date, parse_date
from jlp_tourism.models import Booking, Ticket, VisitorData
from jlp_tourism.qrkeys import KeyRing
from jlp_tourism.spot_rules import SpotRules
from jlp_tourism.spots import Spots, request_key
from jlp_tourism.visitors import Visitor, id_hash, masked, visitor_problems
from jlp_tourism.writes import won

log = logging.getLogger(__name__)
STALE_PENDING = timedelta(seconds=60)


@dataclass
class BookingResult:
    booking: Booking
    tickets: list[Ticket]


class Bookings:
    def __init__(self, spots: Spots, vault: PiiCipher, keys: KeyRing, clock: Callable[[], datetime],
                 no_shows: NoShowPolicy, sales_open: Callable[[str, datetime], bool],
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.spots, self.vault, self.keys, self.clock = spots, vault, keys, clock
        self.no_shows, self.sales_open, self.on_write = no_shows, sales_open, on_write

    # --- create -----------------------------------------------------------------------------
    def create(self, booker: str, spot_id: str, day_text: str, slot_id: str, visitors: list[Visitor],
               request_id: str = "") -> BookingResult:
        booking_id = request_key(booker, request_id) if request_id else uuid.uuid4().hex
        if request_id:
            earlier = self._replay(booking_id, booker)
            if earlier is not None:
                return earlier
        now = self.clock()
        if not spot_id:
            raise InvalidArgument.field("booking.spot_id", "is required")
        rules = SpotRules.of(self.spots.get(spot_id))
        day = parse_date(day_text, "booking.date")
        problems = visitor_problems(visitors, local_date(now))
        if problems:
            raise InvalidArgument(violations=problems)
        slots = rules.slots(day)
        if not slots:
            raise FailedPrecondition(f"the spot is closed on {day}", reason="SPOT_CLOSED",
                                     metadata={"date": day.isoformat()})
        slot = find_slot(slots, slot_id)
        check_window(day, slot, rules.hours, rules.doc.booking_horizon_days, now)
        hashes = [id_hash(self.vault, v.id_number) for v in visitors]
        plan = plan_group(rules.doc.id, day, slot.id, [VisitorRef(h) for h in hashes])
        for i, h in enumerate(hashes):
            self._check_lock(h, now, i)
        if day == local_date(now) and not self.sales_open(rules.doc.id, now):
            raise ResourceExhausted("ticket sales are stopped: the spot is at its maximum capacity",
                                    reason="SALES_STOPPED", metadata={"spot_id": rules.doc.id})
        booking = Booking(id=booking_id, booker_id=booker, spot_id=rules.doc.id, date=day.isoformat(),
                          slot_id=slot.id, state="PENDING", create_time=now,
                          ticket_ids=[uuid.uuid4().hex for _ in visitors])
        try:
            with atomic():
                booking.save(force_insert=True)
        except (me.NotUniqueError, DuplicateKeyError):
            earlier = self._replay(booking_id, booker)
            if earlier is not None:
                return earlier
            raise Conflict("this request is being processed; retry it") from None
        key = inventory.inventory_id(rules.doc.id, day, slot.id)
        inventory.ensure(rules.doc.id, day, [slot])
        if not inventory.take(key, booking.ticket_ids):
            left = (inventory.read(key) or {}).get("available", 0)
            self._fail(booking, f"SOLD_OUT:{max(0, left)}")
            raise ResourceExhausted(f"slot {slot.id} of {day} has {max(0, left)} places left, "
                                    f"{len(visitors)} asked", reason="SOLD_OUT",
                                    metadata={"available": str(max(0, left))})
        tickets: list[Ticket] = []
        for i, (visitor, h, ticket_id, uniq) in enumerate(zip(visitors, hashes, booking.ticket_ids,
                                                               plan.uniqueness_keys, strict=True)):
            ticket = self._ticket(booking, rules, slot, visitor, h, ticket_id, uniq, now)
            try:
                with atomic():
                    ticket.save(force_insert=True)
            except (me.NotUniqueError, DuplicateKeyError):
                self._roll_back(booking, key, f"DUPLICATE_VISITOR:{i}")
                raise self._duplicate(i) from None
            tickets.append(ticket)
        events = [outbox_event(TOURISM_TICKET_BOOKED, events_pb2.TicketBooked(
            ticket_id=t.id, booking_id=booking.id, spot_id=t.spot_id, date=t.date, slot_id=t.slot_id,
            price_fen=t.price_fen, book_time=to_timestamp(now)), subject_ref=f"tickets/{t.id}", time=now)
            for t in tickets]
        confirmed = won(Booking._get_collection(), {"_id": booking.id, "state": "PENDING"},
                               {"$set": {"state": "CONFIRMED"},
                                "$push": {"outbox": {"$each": [e.to_mongo().to_dict() for e in events]}}})
        if not confirmed:  # recovery rolled it back meanwhile (a pause longer than the grace)
            raise Conflict("the booking timed out; retry it")
        Ticket.objects(booking_id=booking.id, status="HELD").update(set__status="VALID")
        self.on_write()
        return BookingResult(Booking.objects.get(id=booking.id), list(Ticket.objects(booking_id=booking.id)))

    def _ticket(self, booking: Booking, rules: SpotRules, slot, visitor: Visitor, visitor_hash: str,  # noqa: ANN001
                ticket_id: str, uniq: str, now: datetime) -> Ticket:
        day = parse_date(booking.date, "booking.date")
        shown_name, shown_id = masked(visitor)
        return Ticket(
            id=ticket_id, booking_id=booking.id, booker_id=booking.booker_id, spot_id=rules.doc.id,
            spot_name=rules.doc.name, date=booking.date, slot_id=slot.id, slot_start=slot.start,
            slot_end=slot.end, uniq_key=uniq, status="HELD", price_fen=rules.doc.price_fen,
            key_id=self.keys.signer.kid, qr_payload=self.keys.signer.sign(ticket_id, rules.doc.id, day, slot.id),
            create_time=now, visitor=VisitorData(
                name_sealed=self.vault.encrypt("visitor.name", visitor.clean_name),
                id_sealed=self.vault.encrypt("visitor.id_number", compact(visitor.id_number)),
                id_hash=visitor_hash, masked_name=shown_name, masked_id=shown_id))

    def _check_lock(self, visitor_hash: str, now: datetime, index: int) -> None:
        since = now - self.no_shows.window - self.no_shows.lock
        times = [as_utc(t.no_show_time) for t in Ticket.objects(visitor__id_hash=visitor_hash, status="NO_SHOW",
                                                               no_show_time__gte=since).only("no_show_time")]
        try:
            check_not_locked(lock_until(times, now, self.no_shows), now)
        except FailedPrecondition as exc:
            exc.metadata["visitor_index"] = str(index)
            raise

    @staticmethod
    def _duplicate(index: int) -> AlreadyExists:
        return AlreadyExists("Ticket", f"visitors[{index}]",
                             f"booking.visitors[{index}] already holds a ticket for this spot and day",
                             reason="DUPLICATE_VISITOR", metadata={"visitor_index": str(index)})

    def _fail(self, booking: Booking, why: str) -> None:
        won(Booking._get_collection(), {"_id": booking.id, "state": "PENDING"},
                   {"$set": {"state": "FAILED", "failure": why}})

    def _roll_back(self, booking: Booking, key: str, why: str) -> None:
        """Undo a PENDING booking: its tickets deleted, each place given back once."""
        with atomic():
            Ticket.objects(booking_id=booking.id, status="HELD").delete()
        for ticket_id in booking.ticket_ids:
            inventory.give_back(key, ticket_id)
        self._fail(booking, why)

    def _replay(self, booking_id: str, booker: str) -> BookingResult | None:
        """The answer to a retried request: the booking, or its failure again."""
        earlier = Booking.objects(id=booking_id).first()
        if earlier is None or earlier.booker_id != booker:
            return None
        if earlier.state == "CONFIRMED":
            return BookingResult(earlier, list(Ticket.objects(booking_id=earlier.id)))
        if earlier.state == "PENDING":
            raise Conflict("this request is being processed; retry it")
        why, _, detail = (earlier.failure or "").partition(":")
        if why == "DUPLICATE_VISITOR":
            raise self._duplicate(int(detail or 0))
        raise ResourceExhausted(f"the slot had {detail or 0} places left", reason=why or "SOLD_OUT")

    # --- read -------------------------------------------------------------------------------
    def get(self, booker: str, booking_id: str) -> BookingResult:
        booking = Booking.objects(id=booking_id, booker_id=booker, state="CONFIRMED").first() if booking_id else None
        if booking is None:
            raise NotFound("Booking", booking_id)
        return BookingResult(booking, list(Ticket.objects(booking_id=booking.id)))

    # --- recovery ---------------------------------------------------------------------------
    def recover(self) -> int:
        """Finish what a crash interrupted: PENDING bookings older than the grace are rolled
        back; CONFIRMED bookings' HELD tickets become VALID. Returns bookings touched."""
        now, touched = self.clock(), 0
        for booking in Booking.objects(state="PENDING", create_time__lt=now - STALE_PENDING):
            self._roll_back(booking, inventory.inventory_id(booking.spot_id, booking.date, booking.slot_id),
                            "SOLD_OUT:0")
            touched += 1
        for ticket in Ticket.objects(status="HELD", create_time__lt=now - STALE_PENDING).only("booking_id"):
            if Booking.objects(id=ticket.booking_id, state="CONFIRMED").first() is not None:
                Ticket.objects(booking_id=ticket.booking_id, status="HELD").update(set__status="VALID")
                touched += 1
        return touched
