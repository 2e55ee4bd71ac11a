"""Gate scans, cancel and refunds, no-shows, gate counts, occupancy and the crowding ladder,
flow curve, district totals and the demo, over a real gRPC channel."""

from __future__ import annotations

import json
from datetime import datetime

import grpc
import pytest

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp_tourism.models import CrowdingTrack, Refund, SlotInventory, Ticket

from .conftest import TODAY, bj, id_number, small_spot, worked_example_spot


def book_one(citizen, spot_id: str, person: int, slot: str = "0800-1800", day: str = TODAY.isoformat()) -> pb.Ticket:
    return citizen.CreateBooking(pb.CreateBookingRequest(booking=pb.Booking(
        spot_id=spot_id, date=day, slot_id=slot,
        visitors=[pb.Visitor(name="游客甲", id_number=id_number(person))]))).tickets[0]


def scan(gate, payload: str, spot_id: str, gate_id: str, nonce: str, at: datetime,
         offline: bool = False) -> pb.GateScan:
    s = pb.GateScan(qr_payload=payload, spot_id=spot_id, gate_id=gate_id, scan_nonce=nonce, offline=offline)
    s.scan_time.FromDatetime(at.replace(tzinfo=None))
    return s


def redeem(gate, *args, **kw) -> pb.RedeemTicketResponse:
    return gate.RedeemTicket(pb.RedeemTicketRequest(scan=scan(gate, *args, **kw)))


def outbox_subjects(*docs) -> list[str]:
    return [e.subject for d in docs for e in d.outbox]


# --- gates --------------------------------------------------------------------------------------
def test_redeem_then_other_gate_then_retry(admin, citizen, gate, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    ticket = book_one(citizen, spot.id, 1)
    clock.set(bj(9, 0))
    ok = redeem(gate, ticket.qr_payload, spot.id, "g1", "n1", bj(9, 0))
    assert ok.outcome == pb.OK and ok.visitor.masked_name == "游**" and not ok.replayed
    other = redeem(gate, ticket.qr_payload, spot.id, "g2", "n2", bj(9, 1))
    assert other.outcome == pb.ALREADY_REDEEMED and other.first_gate_id == "g1"
    assert other.first_redeem_time.ToDatetime() == bj(9, 0).replace(tzinfo=None) and other.alert_id
    retry = redeem(gate, ticket.qr_payload, spot.id, "g2", "n2", bj(9, 1))
    assert retry.outcome == pb.ALREADY_REDEEMED and retry.replayed and retry.alert_id == other.alert_id
    alerts = admin.ListRedemptionAlerts(pb.ListRedemptionAlertsRequest()).redemption_alerts
    assert [(a.first_gate_id, a.second_gate_id) for a in alerts] == [("g1", "g2")]  # one alert, not two
    stored = Ticket.objects.get(id=ticket.id)
    assert (stored.status, stored.redeem_gate) == ("USED", "g1")
    assert outbox_subjects(stored) == ["jlp.tourism.ticket.redeemed"]


def test_a_changed_byte_is_refused_online(admin, citizen, gate, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    ticket = book_one(citizen, spot.id, 1)
    clock.set(bj(9, 0))
    payload = ticket.qr_payload
    for i in (7, len(payload) // 2, len(payload) - 2):
        tampered = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1:]
        answer = redeem(gate, tampered, spot.id, "g1", f"t{i}", bj(9, 0))
        assert answer.outcome == pb.REFUSED
        assert answer.refusal_reason in (pb.BAD_SIGNATURE, pb.MALFORMED_PAYLOAD)
    assert Ticket.objects.get(id=ticket.id).status == "VALID"


def test_refusals_say_why(admin, citizen, gate, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=worked_example_spot()))
    ticket = book_one(citizen, spot.id, 1, slot="1030-1130")
    clock.set(bj(9, 0))
    early = redeem(gate, ticket.qr_payload, spot.id, "east", "e1", bj(9, 0))
    assert (early.outcome, early.refusal_reason) == (pb.REFUSED, pb.TOO_EARLY)
    clock.set(bj(12, 31))
    late = redeem(gate, ticket.qr_payload, spot.id, "east", "e2", bj(12, 31))
    assert late.refusal_reason == pb.TOO_LATE
    with pytest.raises(grpc.RpcError) as err:
        redeem(gate, ticket.qr_payload, spot.id, "west", "e3", bj(12, 31))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND  # no such gate at the spot
    with pytest.raises(grpc.RpcError) as err:
        redeem(gate, ticket.qr_payload, spot.id, "east", "", bj(12, 31))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "scan.scan_nonce" in err.value.details()


def test_offline_uploads_are_flagged_and_double_entries_alerted(admin, citizen, gate, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot()))
    ticket = book_one(citizen, spot.id, 1)
    clock.set(bj(10, 0))
    redeem(gate, ticket.qr_payload, spot.id, "g1", "on-1", bj(9, 30))
    batch = gate.BatchRedeemTickets(pb.BatchRedeemTicketsRequest(scans=[
        scan(gate, ticket.qr_payload, spot.id, "g2", "off-1", bj(9, 20), offline=True)]))
    answer = batch.results[0]
    assert answer.offline and answer.outcome == pb.ALREADY_REDEEMED and answer.alert_id
    alert = admin.ListRedemptionAlerts(pb.ListRedemptionAlertsRequest(spot_id=spot.id)).redemption_alerts[0]
    assert alert.admitted_offline and alert.second_gate_id == "g2"


# --- cancel, refunds, no-shows ------------------------------------------------------------------
def test_cancel_releases_the_place_once_and_refunds_once(admin, citizen, public, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=3)))
    clock.set(bj(5, 0))  # the 08:00 slot can be cancelled until 06:00
    ticket = book_one(citizen, spot.id, 1)
    cancelled = citizen.CancelTicket(pb.CancelTicketRequest(id=ticket.id, reason="行程变更"))
    again = citizen.CancelTicket(pb.CancelTicketRequest(id=ticket.id))
    assert cancelled.state == again.state == pb.CANCELLED and not cancelled.qr_payload
    slot = public.ListSlots(pb.ListSlotsRequest(spot_id=spot.id)).slots[0]
    assert (slot.booked, slot.available) == (0, 3)
    refunds = admin.ListRefunds(pb.ListRefundsRequest()).refunds
    assert [(r.ticket_id, r.amount_fen, r.reason) for r in refunds] == [(ticket.id, 2000, "行程变更")]
    book_one(citizen, spot.id, 1)  # the person's day is free again


def test_cancel_only_before_the_deadline_and_unused(admin, citizen, gate, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=worked_example_spot()))
    morning = book_one(citizen, spot.id, 1, slot="0930-1030")
    afternoon = book_one(citizen, spot.id, 2, slot="1630-1730")
    clock.set(bj(7, 31))  # 2 h before 09:30 was 07:30
    with pytest.raises(grpc.RpcError) as err:
        citizen.CancelTicket(pb.CancelTicketRequest(id=morning.id))
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "cancellation closed" in err.value.details()
    clock.set(bj(9, 30))
    assert redeem(gate, afternoon.qr_payload, spot.id, "east", "u0", bj(9, 30)).refusal_reason == pb.TOO_EARLY
    assert redeem(gate, morning.qr_payload, spot.id, "east", "u1", bj(9, 30)).outcome == pb.OK
    with pytest.raises(grpc.RpcError) as err:
        citizen.CancelTicket(pb.CancelTicketRequest(id=morning.id))
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "used" in err.value.details()
    assert citizen.CancelTicket(pb.CancelTicketRequest(id=afternoon.id)).state == pb.CANCELLED
    assert Refund.objects.count() == 1


def test_no_shows_lock_booking(app, admin, citizen, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(booking_horizon_days=30)))
    for day in ("2026-10-02", "2026-10-03", "2026-10-04"):
        book_one(citizen, spot.id, 9, day=day)
    clock.set(bj(20, 0, datetime(2026, 10, 4).date()))
    assert app.tourism.tickets.mark_no_shows() == 3
    assert app.tourism.tickets.mark_no_shows() == 0  # once each
    noshow = Ticket.objects(spot_id=spot.id, status="NO_SHOW").order_by("date")
    last = json.loads(noshow[2].outbox[0].data)
    assert last["noShowCount"] == 3 and "lockedUntil" in last
    with pytest.raises(grpc.RpcError) as err:
        book_one(citizen, spot.id, 9, day="2026-10-10")
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "locked until" in err.value.details()
    book_one(citizen, spot.id, 10, day="2026-10-10")  # someone else may book


# --- gate counts, occupancy, crowding -----------------------------------------------------------
def counts(gate, spot_id: str, *items: tuple[str, datetime, int, int], gate_id: str = "g1"):
    req = pb.BatchCreateGateCountsRequest()
    for event, at, n_in, n_out in items:
        c = req.counts.add(event_id=event, spot_id=spot_id, gate_id=gate_id, entries=n_in, exits=n_out)
        c.count_time.FromDatetime(at.replace(tzinfo=None))
    return gate.BatchCreateGateCounts(req)


def test_counts_are_idempotent_and_reorder_safe(admin, gate, public, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=1000, instantaneous=1000)))
    clock.set(bj(11, 0))
    later = counts(gate, spot.id, ("e3", bj(10, 0), 0, 30), ("e2", bj(9, 30), 20, 10))
    first = counts(gate, spot.id, ("e1", bj(9, 0), 100, 0), ("e2", bj(9, 30), 20, 10))
    assert (later.accepted_count, first.accepted_count, first.duplicate_count) == (2, 1, 1)
    occupancy = public.GetOccupancy(pb.GetOccupancyRequest(spot_id=spot.id))
    assert (occupancy.instantaneous.count, occupancy.daily.count) == (80, 120)
    conflict = counts(gate, spot.id, ("e1", bj(9, 0), 999, 0), ("bad", bj(12, 0), -1, 0))
    assert conflict.accepted_count == 0 and conflict.rejected_count == 2
    assert {r.field for r in conflict.rejected} == {"eventId", "entries", "countTime"}
    assert public.GetOccupancy(pb.GetOccupancyRequest(spot_id=spot.id)).daily.count == 120


def test_crossing_80_then_100_gives_two_events_and_stops_sales(admin, gate, citizen, public, clock) -> None:
    spot = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot(places=10_000, instantaneous=1000)))
    clock.set(bj(11, 0))
    counts(gate, spot.id, ("a", bj(9, 0), 790, 0))
    counts(gate, spot.id, ("b", bj(9, 5), 15, 0))  # 805: yellow
    counts(gate, spot.id, ("c", bj(9, 10), 0, 10), ("d", bj(9, 15), 5, 0))  # 800, flapping: nothing new
    counts(gate, spot.id, ("e", bj(9, 20), 200, 0))  # 1000: red
    track = CrowdingTrack.objects.get(id=f"{spot.id}|INSTANTANEOUS")
    raised = [json.loads(e.data) for e in track.outbox]
    assert [(e["previousLevel"], e["level"]) for e in raised] == [("NORMAL", "YELLOW"), ("YELLOW", "RED")]
    assert raised[1]["salesStopped"] and raised[1]["oneOutOneIn"] and "100%" in raised[1]["description"]
    occupancy = public.GetOccupancy(pb.GetOccupancyRequest(spot_id=spot.id))
    assert occupancy.instantaneous.level == pb.RED and occupancy.one_out_one_in and not occupancy.sales_open
    with pytest.raises(grpc.RpcError) as err:
        book_one(citizen, spot.id, 1)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and "stopped" in err.value.details()
    counts(gate, spot.id, ("f", bj(9, 25), 0, 20))  # 98 %: still red (hysteresis)
    assert len(CrowdingTrack.objects.get(id=f"{spot.id}|INSTANTANEOUS").outbox) == 2
    counts(gate, spot.id, ("g", bj(9, 30), 0, 300))  # 68 %: cleared in one transition
    cleared = json.loads(CrowdingTrack.objects.get(id=f"{spot.id}|INSTANTANEOUS").outbox[-1].data)
    assert (cleared["level"], cleared["newLevel"]) == ("RED", "NORMAL")
    assert cleared["crowdingId"] == raised[1]["crowdingId"] and len(cleared["clearedCrowdingIds"]) == 2
    assert public.GetOccupancy(pb.GetOccupancyRequest(spot_id=spot.id)).sales_open


def test_flow_curve_and_district_totals(admin, gate, public, clock) -> None:
    a = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot("A", places=1000, instantaneous=100)))
    b = admin.CreateSpot(pb.CreateSpotRequest(spot=small_spot("B", places=1000, instantaneous=1000)))
    clock.set(bj(10, 0))
    counts(gate, a.id, ("a1", bj(9, 15), 50, 0), ("a2", bj(9, 30), 45, 5))
    counts(gate, b.id, ("b1", bj(9, 15), 10, 0))
    curve = public.GetFlowCurve(pb.GetFlowCurveRequest(spot_id=a.id, interval_minutes=15))
    points = {p.start_time.ToDatetime(): p for p in curve.points}
    assert points[bj(9, 0).replace(tzinfo=None)].entries == 50
    assert points[bj(9, 15).replace(tzinfo=None)].inside == 90 and curve.peak_inside == 90
    with pytest.raises(grpc.RpcError) as err:
        public.GetFlowCurve(pb.GetFlowCurveRequest(spot_id=a.id, interval_minutes=7))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    totals = public.GetDistrictTotals(pb.GetDistrictTotalsRequest())
    assert (totals.inside, totals.entries_today, totals.instantaneous_capacity) == (100, 105, 1100)
    assert totals.spots_at_orange == 1 and [s.spot_id for s in totals.spots] == [a.id, b.id]


def test_demo_district(app, public, clock) -> None:
    from jlp_tourism.demo import load_demo

    clock.set(bj(12, 0))
    stored = load_demo(app.tourism)
    assert stored > 0 and load_demo(app.tourism) == 0  # idempotent: same spots, same count ids
    spots = public.ListSpots(pb.ListSpotsRequest()).spots
    assert {"华岩旅游风景区", "重庆动物园", "九龙半岛"} <= {s.name for s in spots}
    totals = public.GetDistrictTotals(pb.GetDistrictTotalsRequest())
    assert totals.inside > 0 and totals.entries_today >= totals.inside
    huayan = next(s for s in spots if s.code == "HUAYAN")
    assert public.ListSlots(pb.ListSlotsRequest(spot_id=huayan.id)).daily_quota == 19_250
    assert SlotInventory.objects(spot_id=huayan.id).count() == 9
