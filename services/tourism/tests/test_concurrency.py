"""Contended writes over real channels: two service instances on one store (two replicas as far
as the store can tell; the embedded store lives in one process), many callers at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp.tourism.v1 import tourism_pb2_grpc as pb_grpc
from jlp_tourism.models import SlotInventory, Ticket

from .conftest import CITIZEN, GATE, TODAY, Caller, bj, id_number, small_spot, start


@pytest.fixture
def replicas(app, signer, clock):
    """A second instance of the service sharing the first one's store."""
    second = start(signer, clock, connect_db=False)
    channels = [grpc.insecure_channel(f"127.0.0.1:{p}") for p in (app.port, second.port)]
    yield [pb_grpc.TourismServiceStub(c) for c in channels]
    for c in channels:
        c.close()
    second.stop(0)


def _book(stub, signer, spot_id: str, i: int, person: int | None = None) -> str:
    caller = Caller(stub, signer, f"citizen-{i}", CITIZEN)
    try:
        caller.CreateBooking(pb.CreateBookingRequest(booking=pb.Booking(
            spot_id=spot_id, date=TODAY.isoformat(), slot_id="0800-1800",
            visitors=[pb.Visitor(name="游客", id_number=id_number(i if person is None else person))])))
        return "OK"
    except grpc.RpcError as err:
        return err.code().name


def test_200_concurrent_bookings_for_100_places_make_exactly_100_tickets(admin, replicas, signer) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=100)))
    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(lambda i: _book(replicas[i % 2], signer, spot.id, i), range(200)))
    assert outcomes.count("OK") == 100
    assert outcomes.count("RESOURCE_EXHAUSTED") == 100
    tickets = Ticket.objects(spot_id=spot.id, status="VALID").count()
    inventory = SlotInventory.objects.get(spot_id=spot.id)
    assert tickets == 100 == inventory.booked == len(inventory.holders)  # counters equal documents
    assert inventory.available == 0
    assert set(inventory.holders) == {t.id for t in Ticket.objects(spot_id=spot.id)}


def test_the_same_id_booking_twice_at_once_wins_once(admin, replicas, signer) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=50)))
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda i: _book(replicas[i % 2], signer, spot.id, 100 + i, person=7), range(8)))
    assert outcomes.count("OK") == 1 and outcomes.count("ALREADY_EXISTS") == 7
    inventory = SlotInventory.objects.get(spot_id=spot.id)
    assert inventory.booked == 1 == Ticket.objects(spot_id=spot.id).count() and inventory.available == 49


def _scan(stub, signer, payload: str, spot_id: str, gate: str, nonce: str, clock_at) -> pb.RedeemTicketResponse:
    caller = Caller(stub, signer, f"gate-{gate}", GATE)
    scan = pb.GateScan(qr_payload=payload, spot_id=spot_id, gate_id=gate, scan_nonce=nonce)
    scan.scan_time.FromDatetime(clock_at.replace(tzinfo=None))
    return caller.RedeemTicket(pb.RedeemTicketRequest(scan=scan))


def test_two_gates_scanning_one_ticket_at_once(admin, citizen, replicas, signer, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    clock.set(bj(9, 0))
    for round_ in range(5):
        ticket = citizen.CreateBooking(pb.CreateBookingRequest(booking=pb.Booking(
            spot_id=spot.id, date=TODAY.isoformat(), slot_id="0800-1800",
            visitors=[pb.Visitor(name="游客", id_number=id_number(300 + round_))]))).tickets[0]
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(lambda g, t=ticket, r=round_: _scan(
                replicas[g], signer, t.qr_payload, spot.id, f"g{g + 1}", f"n-{r}-{g}", bj(9, 0)), range(2)))
        outcomes = sorted(pb.RedeemOutcome.Name(a.outcome) for a in answers)
        assert outcomes == ["ALREADY_REDEEMED", "OK"]
        winner = next(a for a in answers if a.outcome == pb.OK)
        loser = next(a for a in answers if a.outcome == pb.ALREADY_REDEEMED)
        assert loser.first_gate_id == winner.first_gate_id and loser.alert_id  # another gate: an alert
        again = _scan(replicas[0], signer, ticket.qr_payload, spot.id, winner.first_gate_id,
                      f"n-{round_}-{int(winner.first_gate_id[1]) - 1}", bj(9, 0))
        assert again.outcome == pb.OK and again.replayed  # a retried scan adds nothing
    assert Ticket.objects(spot_id=spot.id, status="USED").count() == 5


def test_cancel_racing_a_scan_has_one_winner(admin, citizen, replicas, signer, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(cancel_deadline_minutes=0, early_entry_minutes=600)))
    clock.set(bj(7, 30))
    for round_ in range(6):
        ticket = citizen.CreateBooking(pb.CreateBookingRequest(booking=pb.Booking(
            spot_id=spot.id, date=TODAY.isoformat(), slot_id="0800-1800",
            visitors=[pb.Visitor(name="游客", id_number=id_number(400 + round_))]))).tickets[0]

        def cancel(ticket: pb.Ticket = ticket) -> str:
            try:
                citizen.CancelTicket(pb.CancelTicketRequest(id=ticket.id))
                return "CANCELLED"
            except grpc.RpcError as err:
                return err.code().name

        def scan(ticket: pb.Ticket = ticket, round_: int = round_) -> str:
            answer = _scan(replicas[1], signer, ticket.qr_payload, spot.id, "g1", f"c-{round_}", bj(7, 30))
            return pb.RedeemOutcome.Name(answer.outcome)

        with ThreadPoolExecutor(max_workers=2) as pool:
            first, second = pool.submit(cancel), pool.submit(scan)
            results = {first.result(), second.result()}
        assert results in ({"CANCELLED", "REFUSED"}, {"FAILED_PRECONDITION", "OK"})
        stored = Ticket.objects.get(id=ticket.id)
        assert stored.status == ("CANCELLED" if "CANCELLED" in results else "USED")
    inventory = SlotInventory.objects.get(spot_id=spot.id)
    cancelled = Ticket.objects(spot_id=spot.id, status="CANCELLED").count()
    assert inventory.booked == 6 - cancelled == len(inventory.holders)


def test_counts_from_two_replicas_at_once_count_once_and_raise_once(admin, replicas, signer, clock) -> None:
    import json
    import random

    from jlp_tourism.models import CrowdingTrack

    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=100_000, instantaneous=1000)))
    clock.set(bj(12, 0))
    events = [(f"e{i}", bj(9, 0) + (bj(9, 1) - bj(9, 0)) * i, 10) for i in range(100)]  # 1,000 entries
    sends = events * 3  # every count sent three times, from both replicas, in any order
    random.Random(5).shuffle(sends)  # noqa: S311 - a fixed shuffle, not security

    def send(job: tuple[int, tuple[str, object, int]]) -> None:
        i, (event, at, entries) = job
        req = pb.BatchCreateGateCountsRequest()
        c = req.counts.add(event_id=event, spot_id=spot.id, gate_id="g1", entries=entries)
        c.count_time.FromDatetime(at.replace(tzinfo=None))
        Caller(replicas[i % 2], signer, "gate", GATE).BatchCreateGateCounts(req)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(send, enumerate(sends)))
    occupancy = replicas[0].GetOccupancy(pb.GetOccupancyRequest(spot_id=spot.id))
    assert occupancy.daily.count == 1000 and occupancy.instantaneous.count == 1000
    track = CrowdingTrack.objects.get(id=f"{spot.id}|INSTANTANEOUS")
    levels = [json.loads(e.data)["level"] for e in track.outbox]
    assert levels[-1] == "RED" and len(levels) == len(set(levels))  # each level raised once
