"""Bookings per second under contention and redemptions per second, for the tourism service.

Starts, in this process, two instances of the tourism service on one embedded store (as two
replicas would share MongoDB) and then:

1. books one slot from many threads at once, more requests than places (every booking is the
   conditional `$inc` on the slot inventory plus a unique ticket insert; the losers get
   RESOURCE_EXHAUSTED), and checks the end state: tickets == places == inventory counter;
2. scans every ticket at two gates at once (one OK, one ALREADY_REDEEMED + alert each).

Prints a table; asserts only correctness, nothing about speed. The store is the embedded one
(mongomock, serialised by one process-wide lock), so the figures compare paths on this machine;
they are not a MongoDB figure (DESIGN §4).

    .venv/bin/python bench/tourism_contention.py [places, default 500]
"""

from __future__ import annotations

import base64
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import grpc
from stdnum.cn import ric

from jlp.tourism.v1 import tourism_pb2 as pb
from jlp.tourism.v1 import tourism_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_testkit.tokens import TestSigner
from jlp_tourism import qrkeys
from jlp_tourism.app import build
from jlp_tourism.domain.timebase import local_date
from jlp_tourism.models import SlotInventory, Ticket

SETTINGS = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
            "JLP_LOG_LEVEL": "ERROR", "JLP_TOURISM_SWEEP_SECONDS": "0",
            "JLP_PII_KEY": base64.b64encode(b"b" * 32).decode()}
KEYS = qrkeys.parse("bench:" + base64.b64encode(bytes(range(32))).decode())
THREADS = 32


def id_number(i: int) -> str:
    """Synthetic resident ID numbers with correct check digits (fixtures, not people)."""
    born = date(1990, 1, 1) + timedelta(days=i // 900)
    body = f"500107{born:%Y%m%d}{i % 900 + 100:03d}"
    return body + ric.calc_check_digit(body + "0")


def main(places: int) -> None:
    signer = TestSigner()
    first = build(Settings.from_env("tourism", SETTINGS), verifier=signer.verifier(), keys=KEYS, demo=False)
    first.start()
    second = build(Settings.from_env("tourism", SETTINGS), verifier=signer.verifier(), keys=KEYS, demo=False,
                   connect_db=False)
    second.start()
    stubs = [pb_grpc.TourismServiceStub(grpc.insecure_channel(f"127.0.0.1:{a.port}")) for a in (first, second)]

    def md(sub: str, *scopes: str) -> list[tuple[str, str]]:
        return [("authorization", "Bearer " + signer.token(sub=sub, scopes=scopes, ttl_s=3600))]

    admin = md("admin", "tourism:spot.admin")
    spot = stubs[0].CreateSpot(pb.CreateSpotRequest(spot=pb.Spot(
        code="BENCH", name="bench spot", location=pb.LatLng(lon=106.5, lat=29.5),
        opening_hours=pb.OpeningHours(open_time="00:00", close_time="23:59"), slot_minutes=1439,
        gates=[pb.Gate(id="a"), pb.Gate(id="b")],
        capacity=pb.CarryingCapacity(method=pb.ENTERED, instantaneous=places, daily=places),
        quota_policies=[pb.QuotaPolicy(share=1.0, effective_date="2020-01-01")],
        early_entry_minutes=1440, late_entry_minutes=1440)), metadata=admin)
    today = local_date(datetime.now(UTC)).isoformat()
    tokens = [md(f"citizen-{i}", "tourism:ticket.book") for i in range(THREADS)]

    def book(i: int) -> pb.Ticket | None:
        try:
            return stubs[i % 2].CreateBooking(pb.CreateBookingRequest(booking=pb.Booking(
                spot_id=spot.id, date=today, slot_id="0000-2359",
                visitors=[pb.Visitor(name="游客", id_number=id_number(i))])), metadata=tokens[i % THREADS]).tickets[0]
        except grpc.RpcError as err:
            if err.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                raise
            return None

    attempts = places * 2
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        tickets = [t for t in pool.map(book, range(attempts)) if t is not None]
    booking_s = time.perf_counter() - started
    inventory = SlotInventory.objects.get(spot_id=spot.id)
    assert len(tickets) == places == inventory.booked == Ticket.objects(spot_id=spot.id).count(), "oversold!"

    gate = md("gate", "tourism:ticket.redeem")

    def scan(job: tuple[int, pb.Ticket]) -> int:
        g, ticket = job
        s = pb.GateScan(qr_payload=ticket.qr_payload, spot_id=spot.id, gate_id="ab"[g], scan_nonce=f"{ticket.id}-{g}")
        s.scan_time.FromDatetime(datetime.now(UTC).replace(tzinfo=None))
        return stubs[g].RedeemTicket(pb.RedeemTicketRequest(scan=s), metadata=gate).outcome

    jobs = [(g, t) for t in tickets for g in (0, 1)]
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(scan, jobs))
    scan_s = time.perf_counter() - started
    assert outcomes.count(pb.OK) == places and outcomes.count(pb.ALREADY_REDEEMED) == places, "double entry!"

    print(f"tourism, 2 instances, embedded store, {THREADS} client threads")
    print(f"{'path':<44}{'requests':>10}{'seconds':>10}{'per second':>12}")
    print(f"{'CreateBooking, ' + str(attempts) + ' for ' + str(places) + ' places':<44}{attempts:>10}"
          f"{booking_s:>10.2f}{attempts / booking_s:>12.0f}")
    print(f"{'  of which tickets issued':<44}{places:>10}{booking_s:>10.2f}{places / booking_s:>12.0f}")
    print(f"{'RedeemTicket, each ticket at two gates':<44}{len(jobs):>10}{scan_s:>10.2f}{len(jobs) / scan_s:>12.0f}")
    first.stop(0)
    second.stop(0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
