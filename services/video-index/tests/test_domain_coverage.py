"""Coverage figures against hand-computed values."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import box

from jlp_common.geo import haversine_m
from jlp_video_index.domain.coverage import CameraFact, KeyPlace, compute, covered_places, geodesic_area_km2

A, B = "500107001", "500107004"
LON, LAT = 106.51, 29.51


def cams(code: str, n: int, hd: int, networked: int, online: int) -> list[CameraFact]:
    return [CameraFact(LON + i * 1e-5, LAT, code, i < hd, i < networked, i < online) for i in range(n)]


def test_figures_equal_the_hand_computed_ones() -> None:
    cameras = cams(A, 300, hd=150, networked=30, online=240) + cams(B, 10, hd=10, networked=0, online=5)
    district, (a, b) = compute([(A, "杨家坪街道", 2.0), (B, "石坪桥街道", 0.5)], cameras, [])
    # A: 300 cameras on 2 km².
    assert (a.cameras, a.hd, a.networked, a.online) == (300, 150, 30, 240)
    assert (a.cameras_per_km2, a.hd_per_km2, a.networked_per_km2, a.online_per_km2) == (150, 75, 15, 120)
    assert (a.hd_ratio, a.networked_ratio, a.serviceable_ratio) == (0.5, 0.1, 0.8)
    assert (a.gap_to_shanghai, a.gap_to_shenzhen) == (16, 110)  # 316 − 300, 410 − 300
    # B: 10 cameras on 0.5 km²: 158 × 0.5 = 79 → 69 missing; 205 × 0.5 = 102.5 → 93 missing.
    assert b.cameras_per_km2 == 20 and (b.gap_to_shanghai, b.gap_to_shenzhen) == (69, 93)
    # District: 310 cameras on 2.5 km² = 124 per km²; 395 − 310 = 85; 512.5 − 310 → 203.
    assert district.area_km2 == 2.5 and district.cameras_per_km2 == 124
    assert (district.gap_to_shanghai, district.gap_to_shenzhen) == (85, 203)
    assert district.serviceable_ratio == pytest.approx(245 / 310)
    assert district.key_place_coverage is None


def test_gap_is_zero_once_the_benchmark_is_reached() -> None:
    _, (a,) = compute([(A, "x", 1.0)], cams(A, 210, 0, 0, 0), [])
    assert (a.gap_to_shanghai, a.gap_to_shenzhen) == (0, 0)


def test_key_places_within_the_radius_of_an_online_camera() -> None:
    on = CameraFact(LON, LAT, A, True, True, True)
    off = CameraFact(LON + 0.01, LAT, A, True, True, False)
    places = [
        KeyPlace("at the camera", LON, LAT, A),
        KeyPlace("89 m north", LON, LAT + 0.0008, A),
        KeyPlace("116 m north", LON, LAT + 0.00105, A),
        KeyPlace("next to an offline camera", LON + 0.01, LAT, B),
    ]
    assert 85 < haversine_m(LON, LAT, LON, LAT + 0.0008) < 92
    assert 112 < haversine_m(LON, LAT, LON, LAT + 0.00105) < 120
    assert covered_places(places, [on, off], 100) == [True, True, False, False]
    district, (a, b) = compute([(A, "a", 1.0), (B, "b", 1.0)], [on, off], places, radius_m=100)
    assert (a.key_places, a.key_places_covered, a.key_place_coverage) == (3, 2, pytest.approx(2 / 3))
    assert (b.key_places, b.key_places_covered) == (1, 0)
    assert district.key_place_coverage == pytest.approx(0.5)
    assert covered_places(places, [off], 100) == [False] * 4
    with pytest.raises(ValueError):
        covered_places(places, [on], 0)


def test_geodesic_area_of_a_small_box() -> None:
    shape = box(106.50, 29.50, 106.51, 29.51)
    r = 6_371_008.8
    sphere = r * r * math.radians(0.01) * (math.sin(math.radians(29.51)) - math.sin(math.radians(29.50))) / 1e6
    assert geodesic_area_km2(shape) == pytest.approx(sphere, rel=5e-3)  # ≈1.07 km²
