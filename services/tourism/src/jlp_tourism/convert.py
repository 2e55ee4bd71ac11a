"""protobuf ↔ plain values: Timestamps, spots, tickets, slots, occupancy. No rules here."""

from __future__ import annotations

import math

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp_common.timeutil import to_timestamp
from jlp_tourism.models import RedemptionAlert, Refund, Spot, Ticket
from jlp_tourism.spots import SpotInput


def spot_input(spot: pb.Spot) -> SpotInput:
    cap = spot.capacity
    has_location = spot.HasField("location")
    return SpotInput(
        code=spot.code, name=spot.name, name_en=spot.name_en, description=spot.description,
        lon=spot.location.lon if has_location else math.nan, lat=spot.location.lat if has_location else math.nan,
        address=spot.address, subdistrict_code=spot.subdistrict_code,
        open_time=spot.opening_hours.open_time, close_time=spot.opening_hours.close_time,
        last_entry_time=spot.opening_hours.last_entry_time, closed_dates=list(spot.opening_hours.closed_dates),
        gates=[{"id": g.id, "name": g.name,
                "direction": pb.GateDirection.Name(g.direction) if g.direction else "BOTH",
                "lon": g.location.lon if g.HasField("location") else None,
                "lat": g.location.lat if g.HasField("location") else None} for g in spot.gates],
        capacity_method=pb.CapacityMethod.Name(cap.method) if cap.method else "",
        zones=[(z.name, z.area_m2, z.per_visitor_m2) for z in cap.zones], opening_hours=cap.opening_hours,
        average_stay_hours=cap.average_stay_hours, instantaneous=cap.instantaneous, daily=cap.daily,
        quota_policies=[(p.share, p.effective_date, p.note) for p in spot.quota_policies],
        walk_in_reserve=spot.walk_in_reserve, booking_horizon_days=spot.booking_horizon_days or 7,
        slot_minutes=spot.slot_minutes or 60, cancel_deadline_minutes=spot.cancel_deadline_minutes or 120,
        price_fen=spot.price_fen, early_entry_minutes=spot.early_entry_minutes or 30,
        late_entry_minutes=spot.late_entry_minutes or 60)


def spot_pb(doc: Spot, current_share: float) -> pb.Spot:
    cap = doc.capacity
    return pb.Spot(
        id=doc.id, code=doc.code, name=doc.name, name_en=doc.name_en, description=doc.description,
        location=pb.LatLng(lon=doc.lon, lat=doc.lat), address=doc.address, subdistrict_code=doc.subdistrict_code,
        opening_hours=pb.OpeningHours(open_time=doc.open_time, close_time=doc.close_time,
                                      last_entry_time=doc.last_entry_time or doc.close_time,
                                      closed_dates=list(doc.closed_dates)),
        gates=[pb.Gate(id=g.id, name=g.name, direction=pb.GateDirection.Value(g.direction),
                       location=pb.LatLng(lon=g.lon, lat=g.lat) if g.lon is not None else None) for g in doc.gates],
        capacity=pb.CarryingCapacity(
            method=pb.CapacityMethod.Value(cap.method),
            zones=[pb.CapacityZone(name=z.name, area_m2=z.area_m2, per_visitor_m2=z.per_visitor_m2) for z in cap.zones],
            opening_hours=cap.opening_hours, average_stay_hours=cap.average_stay_hours,
            instantaneous=cap.instantaneous, daily=cap.daily, turnover=cap.turnover or 0),
        quota_policies=[pb.QuotaPolicy(share=float(p.share), effective_date=p.effective_date, note=p.note)
                        for p in doc.quota_policies],
        current_share=current_share, walk_in_reserve=doc.walk_in_reserve,
        booking_horizon_days=doc.booking_horizon_days, slot_minutes=doc.slot_minutes,
        cancel_deadline_minutes=doc.cancel_deadline_minutes, price_fen=doc.price_fen,
        early_entry_minutes=doc.early_entry_minutes, late_entry_minutes=doc.late_entry_minutes,
        create_time=to_timestamp(doc.create_time), update_time=to_timestamp(doc.update_time), etag=str(doc.version))


def ticket_pb(t: Ticket) -> pb.Ticket:
    status = t.status if t.status != "HELD" else "VALID"
    return pb.Ticket(
        id=t.id, booking_id=t.booking_id, spot_id=t.spot_id, spot_name=t.spot_name, date=t.date, slot_id=t.slot_id,
        visitor=pb.Visitor(masked_name=t.visitor.masked_name, masked_id_number=t.visitor.masked_id),
        state=pb.TicketState.Value(status), qr_payload=t.qr_payload if status == "VALID" else "",
        key_id=t.key_id, price_fen=t.price_fen, redeem_time=to_timestamp(t.redeemed_at),
        redeem_gate_id=t.redeem_gate or "", cancel_time=to_timestamp(t.cancel_time),
        create_time=to_timestamp(t.create_time))


def refund_pb(r: Refund) -> pb.Refund:
    return pb.Refund(id=r.id, ticket_id=r.ticket_id, booking_id=r.booking_id, spot_id=r.spot_id,
                     amount_fen=r.amount_fen, reason=r.reason, create_time=to_timestamp(r.create_time))


def alert_pb(a: RedemptionAlert) -> pb.RedemptionAlert:
    return pb.RedemptionAlert(id=a.id, ticket_id=a.ticket_id, spot_id=a.spot_id, first_gate_id=a.first_gate,
                              first_redeem_time=to_timestamp(a.first_time), second_gate_id=a.second_gate,
                              second_scan_time=to_timestamp(a.second_time), admitted_offline=a.admitted_offline,
                              create_time=to_timestamp(a.create_time))
