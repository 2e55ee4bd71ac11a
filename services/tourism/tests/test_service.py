"""Spots, slots and bookings over a real gRPC channel (random port, embedded store)."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp_tourism.domain.qr import QrVerifier, public_key_from_jwk
from jlp_tourism.models import Booking, SlotInventory, Ticket

from .conftest import TODAY, bj, id_number, small_spot, worked_example_spot


def code_of(err: pytest.ExceptionInfo) -> grpc.StatusCode:
    return err.value.code()


def book(caller, spot_id: str, slot_id: str, *people: tuple[str, str], day: str = TODAY.isoformat(),
         request_id: str = "") -> pb.Booking:
    return caller.CreateBooking(pb.CreateBookingRequest(booking=pb.Booking(
        spot_id=spot_id, date=day, slot_id=slot_id,
        visitors=[pb.Visitor(name=n, id_number=i) for n, i in people]), request_id=request_id))


# --- spots and quotas ---------------------------------------------------------------------------
def test_spot_capacity_and_the_reference_quota(admin, public) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=worked_example_spot()))
    assert (spot.capacity.instantaneous, spot.capacity.turnover, spot.capacity.daily) == (9000, 3, 27000)
    assert spot.current_share == 0.75 and spot.etag
    slots = public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date=TODAY.isoformat()))
    assert slots.daily_quota == 20_250 and slots.daily_capacity == 27_000  # reference example
    assert sum(s.quota for s in slots.slots) == 20_250 and len(slots.slots) == 9
    assert slots.slots[0].id == "0830-0930" and all(s.available == s.quota for s in slots.slots)
    assert public.GetSpot(pb.GetSpotRequest(id=spot.id)).name == "华岩旅游风景区"


def test_spot_create_is_idempotent_and_codes_unique(admin) -> None:
    first = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot("A"), request_id="r-1"))
    again = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot("A"), request_id="r-1"))
    assert again.id == first.id
    with pytest.raises(grpc.RpcError) as err:
        admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot("A")))
    assert code_of(err) == grpc.StatusCode.ALREADY_EXISTS


def test_bad_spot_names_every_field(admin) -> None:
    bad = worked_example_spot(opening_hours=pb.OpeningHours(open_time="17:30", close_time="08:30"))
    bad.capacity.zones[1].per_visitor_m2 = 0
    bad.quota_policies[0].share = 1.5
    with pytest.raises(grpc.RpcError) as err:
        admin.CreateSpot(pb.CreateSpotRequest(spot=bad))
    assert code_of(err) == grpc.StatusCode.INVALID_ARGUMENT
    for field in ("spot.opening_hours.close_time", "spot.capacity.zones[1].per_visitor_m2",
                  "spot.quota_policies[0].share"):
        assert field in err.value.details()


def test_spot_writes_need_the_permission(citizen, public) -> None:
    with pytest.raises(grpc.RpcError) as err:
        citizen.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    assert code_of(err) == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as err:
        public.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    assert code_of(err) == grpc.StatusCode.UNAUTHENTICATED


def test_patch_with_mask_etag_and_versioned_shares(admin, public, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=worked_example_spot()))
    patch = pb.Spot(id=spot.id, name="华岩寺景区", etag=spot.etag)
    changed = admin.UpdateSpot(pb.UpdateSpotRequest(spot=patch, update_mask=field_mask_pb2.FieldMask(paths=["name"])))
    assert changed.name == "华岩寺景区" and changed.capacity.daily == 27000 and changed.etag != spot.etag
    with pytest.raises(grpc.RpcError) as err:  # stale etag
        admin.UpdateSpot(pb.UpdateSpotRequest(spot=patch, update_mask=field_mask_pb2.FieldMask(paths=["name"])))
    assert code_of(err) == grpc.StatusCode.ABORTED
    future = pb.Spot(id=spot.id, quota_policies=[pb.QuotaPolicy(share=0.75, effective_date="2020-09-29"),
                                                 pb.QuotaPolicy(share=0.5, effective_date="2026-10-05")])
    admin.UpdateSpot(pb.UpdateSpotRequest(spot=future, update_mask=field_mask_pb2.FieldMask(paths=["quota_policies"])))
    assert public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date="2026-10-05")).daily_quota == 13_500
    assert public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date="2026-10-04")).daily_quota == 20_250
    rewrite = pb.Spot(id=spot.id, quota_policies=[pb.QuotaPolicy(share=0.9, effective_date="2020-09-29")])
    with pytest.raises(grpc.RpcError) as err:
        admin.UpdateSpot(pb.UpdateSpotRequest(spot=rewrite, update_mask=field_mask_pb2.FieldMask(
            paths=["quota_policies"])))
    assert code_of(err) == grpc.StatusCode.INVALID_ARGUMENT and "cannot be changed" in err.value.details()
    with pytest.raises(grpc.RpcError) as err:
        admin.UpdateSpot(pb.UpdateSpotRequest(spot=pb.Spot(id=spot.id, code="X"),
                                              update_mask=field_mask_pb2.FieldMask(paths=["code"])))
    assert code_of(err) == grpc.StatusCode.INVALID_ARGUMENT and "update_mask" in err.value.details()


def test_list_spots_pages(admin, public) -> None:
    for code in ("C", "A", "B"):
        admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(code)))
    first = public.ListSpots(pb.ListSpotsRequest(page_size=2))
    assert [s.code for s in first.spots] == ["A", "B"] and first.total_size == 3 and first.next_page_token
    rest = public.ListSpots(pb.ListSpotsRequest(page_size=2, page_token=first.next_page_token))
    assert [s.code for s in rest.spots] == ["C"] and not rest.next_page_token


# --- bookings ----------------------------------------------------------------------------------
def test_booking_masks_visitors_and_signs_a_verifiable_qr(admin, citizen, public) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=worked_example_spot()))
    made = book(citizen, spot.id, "0930-1030", ("张三", id_number(1)), ("李小红", id_number(2)))
    assert len(made.tickets) == 2 and {t.state for t in made.tickets} == {pb.VALID}
    assert [v.masked_name for v in made.visitors] == ["张*", "李**"]
    assert made.visitors[0].masked_id_number == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert not made.visitors[0].id_number and not made.visitors[0].name  # never echoed
    raw = Ticket.objects.get(id=made.tickets[0].id)
    assert id_number(1) not in str(raw.to_mongo()) and "张三" not in str(raw.to_mongo())  # encrypted at rest
    keys = public.GetVerificationKeys(pb.GetVerificationKeysRequest())
    gate_keys = {k.kid: public_key_from_jwk({"kty": k.kty, "crv": k.crv, "x": k.x}) for k in keys.keys}
    claims = QrVerifier(gate_keys).verify(made.tickets[0].qr_payload)  # offline, with the published key
    assert (claims.ticket_id, claims.spot_id, claims.slot_id) == (made.tickets[0].id, spot.id, "0930-1030")
    slot = public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date=TODAY.isoformat())).slots[1]
    assert (slot.booked, slot.available) == (2, slot.quota - 2)


def test_one_ticket_per_id_per_spot_per_day_and_groups_all_or_nothing(admin, citizen, public) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=10)))
    book(citizen, spot.id, "0800-1800", ("王五", id_number(5)))
    with pytest.raises(grpc.RpcError) as err:
        book(citizen, spot.id, "0800-1800", ("赵六", id_number(6)), ("王五", id_number(5)))
    assert code_of(err) == grpc.StatusCode.ALREADY_EXISTS and "visitors[1]" in err.value.details()
    slot = public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id)).slots[0]
    assert (slot.booked, slot.available) == (1, 9)  # the group took nothing
    assert Ticket.objects(spot_id=spot.id).count() == 1
    book(citizen, spot.id, "0800-1800", ("赵六", id_number(6)))  # the other visitor alone: fine


def test_bad_visitors_are_named(admin, citizen) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    wrong = id_number(3)[:-1] + ("0" if id_number(3)[-1] != "0" else "1")
    with pytest.raises(grpc.RpcError) as err:
        book(citizen, spot.id, "0800-1800", ("张三", id_number(1)), ("", wrong), ("李四", id_number(1)))
    assert code_of(err) == grpc.StatusCode.INVALID_ARGUMENT
    details = err.value.details()
    assert "booking.visitors[1].id_number" in details and "check character" in details
    assert "booking.visitors[1].name" in details


def test_booking_window_and_retry(admin, citizen, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(booking_horizon_days=3)))
    with pytest.raises(grpc.RpcError) as err:
        book(citizen, spot.id, "0800-1800", ("张三", id_number(1)), day="2026-10-06")
    assert code_of(err) == grpc.StatusCode.FAILED_PRECONDITION and "opens on 2026-10-03" in err.value.details()
    first = book(citizen, spot.id, "0800-1800", ("张三", id_number(1)), day="2026-10-05", request_id="req-7")
    again = book(citizen, spot.id, "0800-1800", ("张三", id_number(1)), day="2026-10-05", request_id="req-7")
    assert again.id == first.id and [t.id for t in again.tickets] == [t.id for t in first.tickets]
    clock.set(bj(18, 0))
    with pytest.raises(grpc.RpcError) as err:
        book(citizen, spot.id, "0800-1800", ("李四", id_number(2)))
    assert code_of(err) == grpc.StatusCode.FAILED_PRECONDITION and "is over" in err.value.details()


def test_sold_out(admin, citizen) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=2, instantaneous=2)))
    book(citizen, spot.id, "0800-1800", ("甲", id_number(1)))
    with pytest.raises(grpc.RpcError) as err:
        book(citizen, spot.id, "0800-1800", ("乙", id_number(2)), ("丙", id_number(3)))
    assert code_of(err) == grpc.StatusCode.RESOURCE_EXHAUSTED and "1 places left" in err.value.details()


def test_tickets_list_only_the_callers_own(admin, citizen, channel, signer) -> None:
    from jlp.tourism.v1 import tourism_pb2_grpc as pb_grpc

    from .conftest import CITIZEN, Caller

    other = Caller(pb_grpc.TourismServiceStub(channel), signer, "citizen-2", CITIZEN)
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    mine = book(citizen, spot.id, "0800-1800", ("张三", id_number(1)))
    book(other, spot.id, "0800-1800", ("李四", id_number(2)))
    listed = citizen.ListTickets(pb.ListTicketsRequest())
    assert [t.id for t in listed.tickets] == [mine.tickets[0].id]
    with pytest.raises(grpc.RpcError) as err:
        other.GetTicket(pb.GetTicketRequest(id=mine.tickets[0].id))
    assert code_of(err) == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        other.GetBooking(pb.GetBookingRequest(id=mine.id))
    assert code_of(err) == grpc.StatusCode.NOT_FOUND


def test_interrupted_booking_is_rolled_back_by_recovery(app, admin, citizen, clock, public) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=5)))
    done = book(citizen, spot.id, "0800-1800", ("张三", id_number(1)))
    # a crash after taking places and inserting a ticket, before the commit
    Booking.objects(id=done.id).update(set__state="PENDING")
    Ticket.objects(booking_id=done.id).update(set__status="HELD")
    clock.set(bj(8, 5))
    assert app.tourism.bookings.recover() == 1
    slot = public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id)).slots[0]
    assert (slot.booked, slot.available) == (0, 5) and Ticket.objects(booking_id=done.id).count() == 0
    assert app.tourism.bookings.recover() == 0  # nothing left; places not given back twice
    inv = SlotInventory.objects.get(spot_id=spot.id)
    assert inv.available == 5 and inv.holders == []


def test_reading_slots_outside_the_booking_window_creates_nothing(admin, public) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=worked_example_spot(booking_horizon_days=7)))
    far = public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date="2027-05-01"))
    assert far.daily_quota == 20_250 and all(s.available == s.quota and not s.bookable for s in far.slots)
    assert SlotInventory.objects(spot_id=spot.id).count() == 0
    public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date=TODAY.isoformat()))
    assert SlotInventory.objects(spot_id=spot.id).count() == 9


def test_no_booking_on_a_closed_day(admin, citizen, public) -> None:
    closed = small_spot(opening_hours=pb.OpeningHours(open_time="08:00", close_time="18:00",
                                                      closed_dates=["2026-10-03"]))
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=closed))
    assert list(public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id, date="2026-10-03")).slots) == []
    with pytest.raises(grpc.RpcError) as err:
        book(citizen, spot.id, "0800-1800", ("张三", id_number(1)), day="2026-10-03")
    assert code_of(err) == grpc.StatusCode.FAILED_PRECONDITION and "closed" in err.value.details()
