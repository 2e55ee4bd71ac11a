"""Coverage snapshots: recomputed when cameras or statuses changed (the sweep, or a read that
finds the snapshot out of date), kept one per local day (the day's latest computation).

The snapshot and its `jlp.video.coverage.computed` event are one upsert of one document.
Subdistricts are the district's 19 with their official areas (domain/district.py); the key
places are the configured point list.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import asdict

from jlp.video_index.v1 import events_pb2
from jlp_common.atomic import atomic
from jlp_common.errors import InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.subjects import subject
from jlp_common.timeutil import Clock, to_timestamp
from jlp_video_index.domain import coverage, district
from jlp_video_index.domain.detections import local_date
from jlp_video_index.models import Camera, CoverageSnapshot

COVERAGE_COMPUTED = subject("video", "coverage", "computed")


class CoverageBook:
    def __init__(self, clock: Clock, places: Sequence[coverage.KeyPlace], radius_m: float) -> None:
        self.clock, self.places, self.radius_m = clock, list(places), radius_m
        self._dirty = threading.Event()
        self._dirty.set()

    def mark_changed(self) -> None:
        self._dirty.set()

    def recompute_if_changed(self) -> CoverageSnapshot | None:
        if not self._dirty.is_set():
            return None
        self._dirty.clear()
        return self.compute()

    def compute(self) -> CoverageSnapshot:
        now = self.clock()
        cams = [coverage.CameraFact(c.lon, c.lat, c.subdistrict_code, c.hd, c.networked, c.status == "ON")
                for c in Camera.objects.only("lon", "lat", "subdistrict_code", "hd", "networked", "status")]
        whole, per = coverage.compute(district.areas(), cams, self.places, self.radius_m,
                                      (district.DISTRICT_CODE, district.DISTRICT_NAME))
        day = local_date(now)
        event = outbox_event(COVERAGE_COMPUTED, events_pb2.CoverageComputed(
            date=day, compute_time=to_timestamp(now), cameras=whole.cameras, online_cameras=whole.online,
            cameras_per_km2=whole.cameras_per_km2, gap_to_shanghai=whole.gap_to_shanghai,
            gap_to_shenzhen=whole.gap_to_shenzhen), subject_ref=f"coverage/{day}")
        with atomic():
            CoverageSnapshot._get_collection().update_one(
                {"_id": day},
                {"$set": {"compute_time": now, "radius_m": self.radius_m, "district": asdict(whole),
                          "subdistricts": [asdict(f) for f in per]},
                 "$push": {"outbox": event.to_mongo().to_dict()}},
                upsert=True)
        return CoverageSnapshot.objects(id=day).first()

    def get(self, day: str = "") -> CoverageSnapshot:
        if day:
            if len(day) != 10 or day[4] != "-" or day[7] != "-":
                raise InvalidArgument.field("date", "YYYY-MM-DD")
            doc = CoverageSnapshot.objects(id=day).first()
        else:
            if self._dirty.is_set():
                self.recompute_if_changed()
            doc = CoverageSnapshot.objects.order_by("-id").first()
        if doc is None:
            raise NotFound("Coverage", day or "latest")
        return doc


def figures_of(data: dict) -> coverage.Figures:
    return coverage.Figures(**data)
