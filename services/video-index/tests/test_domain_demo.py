"""Demo data: proportions the issue asks for, reproducible, plausible ids and places."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from jlp_video_index.domain import demo
from jlp_video_index.domain.detections import check_detection
from jlp_video_index.domain.device_id import Verdict, assess
from jlp_video_index.domain.district import CENSUS_POPULATION_2020, SUBDIVISIONS


def test_allocation_follows_population_and_sums_to_the_total() -> None:
    alloc = demo.allocate(3000)
    assert sum(alloc.values()) == 3000 and set(alloc) == {s.code for s in SUBDIVISIONS}
    assert alloc["500107006"] > alloc["500107110"] > alloc["500107108"]  # dense urban > big town > small town
    population = sum(s.assumed_population for s in SUBDIVISIONS)
    assert abs(population - CENSUS_POPULATION_2020) / CENSUS_POPULATION_2020 < 0.01


def test_cameras_half_hd_tenth_networked_some_doubtful() -> None:
    cams = demo.cameras(seed=1, total=2000)
    assert len(cams) == 2000
    assert sum(c.spec.hd for c in cams) == 1000 and sum(c.spec.networked for c in cams) == 200
    verdicts = Counter(assess(c.spec.id).verdict for c in cams)
    assert verdicts[Verdict.REJECT] == 0 and verdicts[Verdict.QUARANTINE] == 20
    assert Counter(c.spec.datum.value for c in cams)["GCJ02"] == 400
    assert demo.cameras(seed=1, total=2000) == cams  # reproducible


def test_cameras_lie_near_their_subdivision() -> None:
    seeds = {s.code: s.seed for s in SUBDIVISIONS}
    for c in demo.cameras(seed=2, total=500):
        nearest = min(seeds, key=lambda code: (seeds[code][0] - c.lon_wgs84) ** 2 + (seeds[code][1] - c.lat_wgs84) ** 2)
        assert nearest == c.subdistrict_code


def test_a_day_of_detections_is_valid() -> None:
    cams = demo.cameras(seed=3, total=200)
    day = datetime(2026, 12, 1, tzinfo=UTC)
    dets = demo.detections(cams, day, seed=4)
    assert len(dets) == 100 and len({d.id for d in dets}) == 100
    assert all(check_detection(d, day.replace(day=2)) == [] for d in dets)
