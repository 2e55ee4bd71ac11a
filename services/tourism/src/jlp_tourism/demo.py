"""The demo district's scenic spots and today's gate counts so far (JLP_DEMO=1), through the
same code paths as real requests: spots created idempotently by code, counts as a batch."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jlp_tourism.domain import demo
from jlp_tourism.domain.timebase import local_date
from jlp_tourism.models import Spot
from jlp_tourism.spots import SpotInput

if TYPE_CHECKING:
    from jlp_tourism.app import Tourism

log = logging.getLogger(__name__)


def spot_input(spot: demo.DemoSpot) -> SpotInput:
    cap = spot.capacity
    return SpotInput(
        code=spot.code, name=spot.name, name_en=spot.name_en, description=spot.description, lon=spot.lon,
        lat=spot.lat, subdistrict_code=spot.subdistrict_code, open_time=f"{spot.open_time:%H:%M}",
        close_time=f"{spot.close_time:%H:%M}",
        gates=[{"id": g.id, "name": g.name, "direction": g.direction} for g in spot.gates],
        capacity_method=cap.method.value, zones=[(z.name, z.area_m2, z.per_visitor_m2) for z in spot.zones],
        average_stay_hours=spot.average_stay_hours,
        instantaneous=cap.instantaneous, daily=cap.daily,
        quota_policies=[(str(p.share), p.effective_date.isoformat(), p.note) for p in spot.policies()],
        walk_in_reserve=spot.walk_in_reserve, price_fen=0)


def load_demo(tourism: Tourism, seed: int = 1) -> int:
    """Create the demo spots (once) and feed today's counts up to now; returns counts stored."""
    now = tourism.clock()
    stored = 0
    for spot in demo.SPOTS:
        doc = Spot.objects(code=spot.code).first() or tourism.spots.create(spot_input(spot), f"demo-{spot.code}")
        counts = demo.day_of_counts(spot, doc.id, local_date(now), seed=seed, until=now)
        for start in range(0, len(counts), 5000):
            stored += tourism.flows.ingest(counts[start:start + 5000]).accepted
    log.info("tourism demo loaded", extra={"spots": len(demo.SPOTS), "counts": stored})
    return stored
