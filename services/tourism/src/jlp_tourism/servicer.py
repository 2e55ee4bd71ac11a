"""gRPC servicer: protobuf in, application calls, protobuf out. Nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp.tourism.v1 import tourism_pb2_grpc as pb_grpc
from jlp_common.context import require_principal
from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_common.timeutil import timestamp_field, to_timestamp
from jlp_tourism import convert, inventory
from jlp_tourism.bookings import BookingResult, Bookings
from jlp_tourism.domain.counts import GateCount
from jlp_tourism.domain.crowding import Level
from jlp_tourism.domain.flow import check_interval, district_totals
from jlp_tourism.domain.timebase import local_date, parse_date
from jlp_tourism.flows import Flows, Load, Occupancy
from jlp_tourism.gates import Gates, ScanInput
from jlp_tourism.qrkeys import KeyRing
from jlp_tourism.spot_rules import SpotRules
from jlp_tourism.spots import Spots
from jlp_tourism.tickets import Tickets
from jlp_tourism.visitors import Visitor

MAX_SCANS = 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # placeholder of a count without a time (rejected)


def _load_pb(load: Load) -> pb.Load:
    return pb.Load(measure=pb.LoadMeasure.Value(load.measure.value), count=load.count, capacity=load.capacity,
                   percent=load.percent, level=pb.CrowdingLevel.Value(Level(load.level).name))


def _occupancy_pb(o: Occupancy) -> pb.Occupancy:
    return pb.Occupancy(spot_id=o.spot.id, spot_name=o.spot.name, date=o.day.isoformat(),
                        instantaneous=_load_pb(o.instantaneous), daily=_load_pb(o.daily), sales_open=o.sales_open,
                        one_out_one_in=o.one_out_one_in, as_of=to_timestamp(o.as_of))


def _booking_pb(result: BookingResult) -> pb.Booking:
    b = result.booking
    tickets = [convert.ticket_pb(t) for t in sorted(result.tickets, key=lambda t: b.ticket_ids.index(t.id))]
    return pb.Booking(id=b.id, spot_id=b.spot_id, date=b.date, slot_id=b.slot_id, booker_id=b.booker_id,
                      visitors=[t.visitor for t in tickets], tickets=tickets,
                      create_time=to_timestamp(b.create_time))


def _answer_pb(answer: dict) -> pb.RedeemTicketResponse:
    out = pb.RedeemTicketResponse(
        outcome=pb.RedeemOutcome.Value(answer["outcome"]), message=answer.get("message", ""),
        ticket_id=answer.get("ticket_id", ""), first_gate_id=answer.get("first_gate", ""),
        offline=answer.get("offline", False), alert_id=answer.get("alert_id", ""),
        replayed=answer.get("replayed", False),
        visitor=pb.Visitor(masked_name=answer.get("masked_name", ""), masked_id_number=answer.get("masked_id", "")))
    if answer.get("refusal_reason"):
        out.refusal_reason = pb.RefusalReason.Value(answer["refusal_reason"])
    if answer.get("first_time"):
        out.first_redeem_time.FromJsonString(answer["first_time"].replace("+00:00", "Z"))
    return out


class TourismServicer(pb_grpc.TourismServiceServicer):
    def __init__(self, spots: Spots, bookings: Bookings, tickets: Tickets, gates: Gates, flows: Flows,
                 keys: KeyRing) -> None:
        self.spots, self.bookings, self.tickets, self.gates, self.flows, self.keys = \
            spots, bookings, tickets, gates, flows, keys

    def _spot_pb(self, doc) -> pb.Spot:  # noqa: ANN001 - models.Spot
        share = SpotRules.of(doc).share_on(local_date(self.spots.clock()))
        return convert.spot_pb(doc, float(share))

    # --- spots ------------------------------------------------------------------------------
    def CreateSpot(self, request, context):  # noqa: N802
        return self._spot_pb(self.spots.create(convert.spot_input(request.spot), request.request_id))

    def GetSpot(self, request, context):  # noqa: N802
        return self._spot_pb(self.spots.get(request.id))

    def ListSpots(self, request, context):  # noqa: N802
        if request.page_size < 0:
            raise InvalidArgument.field("page_size", "must not be negative")
        docs, token, total = self.spots.list(request.page_size, request.page_token, request.subdistrict_code)
        return pb.ListSpotsResponse(spots=[self._spot_pb(d) for d in docs], next_page_token=token, total_size=total)

    def UpdateSpot(self, request, context):  # noqa: N802
        return self._spot_pb(self.spots.update(request.spot.id, convert.spot_input(request.spot),
                                               list(request.update_mask.paths), request.spot.etag))

    def ListSlots(self, request, context):  # noqa: N802
        spot = self.spots.get(request.spot_id)
        rules = SpotRules.of(spot)
        now = self.spots.clock()
        day = parse_date(request.date, "date") if request.date else local_date(now)
        slots = rules.slots(day)
        horizon_ok = local_date(now) <= day <= local_date(now) + timedelta(days=spot.booking_horizon_days)
        docs = inventory.ensure(spot.id, day, slots) if horizon_ok else inventory.peek(spot.id, day, slots)
        selling = self.flows.sales_open(spot.id, now) if day == local_date(now) else True
        out = pb.ListSlotsResponse(spot_id=spot.id, date=day.isoformat(), daily_capacity=spot.capacity.daily,
                                   share=float(rules.share_on(day)), walk_in_reserve=spot.walk_in_reserve,
                                   daily_quota=rules.daily_quota(day), sales_open=selling)
        for slot in slots:
            doc = docs[slot.id]
            available = max(0, doc["available"])
            out.slots.append(pb.Slot(id=slot.id, start_time=to_timestamp(slot.start),
                                     end_time=to_timestamp(slot.end), quota=doc["quota"], booked=doc["booked"],
                                     available=available,
                                     bookable=selling and horizon_ok and available > 0 and now < slot.end))
        return out

    # --- bookings and tickets ---------------------------------------------------------------
    def CreateBooking(self, request, context):  # noqa: N802
        b = request.booking
        visitors = [Visitor(v.name, v.id_number) for v in b.visitors]
        return _booking_pb(self.bookings.create(require_principal().subject, b.spot_id, b.date, b.slot_id, visitors,
                                                request.request_id))

    def GetBooking(self, request, context):  # noqa: N802
        return _booking_pb(self.bookings.get(require_principal().subject, request.id))

    def ListTickets(self, request, context):  # noqa: N802
        if request.page_size < 0:
            raise InvalidArgument.field("page_size", "must not be negative")
        state = pb.TicketState.Name(request.state) if request.state else ""
        found, token = self.tickets.list(require_principal().subject, request.page_size, request.page_token,
                                         request.spot_id, request.date, state)
        return pb.ListTicketsResponse(tickets=[convert.ticket_pb(t) for t in found], next_page_token=token)

    def GetTicket(self, request, context):  # noqa: N802
        return convert.ticket_pb(self.tickets.own(require_principal().subject, request.id))

    def CancelTicket(self, request, context):  # noqa: N802
        return convert.ticket_pb(self.tickets.cancel(require_principal().subject, request.id, request.reason))

    def ListRefunds(self, request, context):  # noqa: N802
        found, token = self.tickets.refunds(request.page_size, request.page_token, request.spot_id)
        return pb.ListRefundsResponse(refunds=[convert.refund_pb(r) for r in found], next_page_token=token)

    # --- gates ------------------------------------------------------------------------------
    @staticmethod
    def _scan(scan: pb.GateScan) -> ScanInput:
        return ScanInput(scan.qr_payload, scan.spot_id, scan.gate_id, scan.scan_nonce,
                         timestamp_field(scan, "scan_time"), scan.offline)

    def RedeemTicket(self, request, context):  # noqa: N802
        if not request.HasField("scan"):
            raise InvalidArgument.field("scan", "is required")
        if not request.scan.spot_id:
            raise InvalidArgument.field("scan.spot_id", "is required")
        return _answer_pb(self.gates.redeem(self._scan(request.scan)))

    def BatchRedeemTickets(self, request, context):  # noqa: N802
        if not 1 <= len(request.scans) <= MAX_SCANS:
            raise InvalidArgument.field("scans", f"1 to {MAX_SCANS:,} scans")
        problems = [FieldViolation(f"scans[{i}].spot_id", "is required") for i, s in enumerate(request.scans)
                    if not s.spot_id]
        if problems:
            raise InvalidArgument(violations=problems)
        return pb.BatchRedeemTicketsResponse(results=[
            _answer_pb(self.gates.redeem(self._scan(s), f"scans[{i}]")) for i, s in enumerate(request.scans)])

    def ListRedemptionAlerts(self, request, context):  # noqa: N802
        found, token = self.gates.alerts(request.page_size, request.page_token, request.spot_id)
        return pb.ListRedemptionAlertsResponse(redemption_alerts=[convert.alert_pb(a) for a in found],
                                               next_page_token=token)

    def GetVerificationKeys(self, request, context):  # noqa: N802
        return pb.VerificationKeySet(keys=[pb.VerificationKey(**jwk) for jwk in self.keys.jwks()])

    # --- flow -------------------------------------------------------------------------------
    def BatchCreateGateCounts(self, request, context):  # noqa: N802
        if not 1 <= len(request.counts) <= 5000:
            raise InvalidArgument.field("counts", "1 to 5,000 counts")
        untimed = frozenset(i for i, c in enumerate(request.counts) if not c.HasField("count_time"))
        counts = [GateCount(c.event_id, c.spot_id, c.gate_id, timestamp_field(c, "count_time") or EPOCH,
                            c.entries, c.exits) for c in request.counts]
        result = self.flows.ingest(counts, untimed)
        return pb.BatchCreateGateCountsResponse(
            accepted_count=result.accepted, duplicate_count=result.duplicates,
            rejected=[pb.RejectedGateCount(index=_index(v.field), field=v.field.split(".", 1)[-1],
                                           reason=v.description) for v in result.rejected],
            rejected_count=len({_index(v.field) for v in result.rejected}))

    def GetOccupancy(self, request, context):  # noqa: N802
        return _occupancy_pb(self.flows.occupancy(self.spots.get(request.spot_id)))

    def GetFlowCurve(self, request, context):  # noqa: N802
        spot = self.spots.get(request.spot_id)
        day = parse_date(request.date, "date") if request.date else local_date(self.spots.clock())
        curve = self.flows.flow_curve(spot, day, check_interval(request.interval_minutes or 15))
        peak = curve.peak
        return pb.FlowCurve(spot_id=spot.id, date=day.isoformat(), interval_minutes=curve.interval_minutes,
                            points=[pb.FlowPoint(start_time=to_timestamp(p.start), entries=p.entries,
                                                 exits=p.exits, inside=p.inside,
                                                 cumulative_entries=p.cumulative_entries) for p in curve.points],
                            peak_inside=peak.inside if peak else 0,
                            peak_time=to_timestamp(peak.start) if peak else None)

    def GetDistrictTotals(self, request, context):  # noqa: N802
        day, occupancies, loads = self.flows.district()
        totals = district_totals(loads)
        by_id = {o.spot.id: o for o in occupancies}
        return pb.DistrictTotals(date=day.isoformat(), inside=totals.inside, entries_today=totals.entries_today,
                                 instantaneous_capacity=totals.instantaneous_capacity,
                                 daily_capacity=totals.daily_capacity, spots_at_red=totals.at_level[Level.RED],
                                 spots_at_orange=totals.at_level[Level.ORANGE],
                                 spots_at_yellow=totals.at_level[Level.YELLOW],
                                 spots=[_occupancy_pb(by_id[s.spot_id]) for s in totals.spots])


def _index(field: str) -> int:
    head = field.split("]", 1)[0]
    return int(head.split("[", 1)[1]) if "[" in head else -1
