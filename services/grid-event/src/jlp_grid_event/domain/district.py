"""Jiulongpo district facts used to seed the demo grid (shared/reference/district-facts.md §2).

19 subdivisions — 9 街道 + 10 镇 — with NBS 2023 statistical codes (500107 + 3-digit street
code, the same 6+3 prefix GB/T 30428.1 grid codes use). The seed points are rough WGS-84
positions (district-facts §4, ±1–2 km, east urban part / west High-tech-zone part) used only to
lay out a plausible demo partition, never as survey data.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICT_CODE = "500107"
DISTRICT_NAME = "九龙坡区"
# Rough extent (district-facts §4): lon ≈106.23–106.57, lat ≈29.27–29.60.
EXTENT = (106.23, 29.27, 106.57, 29.60)
HIGH_TECH_ZONE = "重庆高新区"


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str
    kind: str  # subdistrict | town
    area_km2: float
    managed_by: str
    seed: tuple[float, float]  # (lon, lat) demo layout point


SUBDIVISIONS: tuple[Subdivision, ...] = (
    Subdivision("500107001", "杨家坪街道", "subdistrict", 4.76, DISTRICT_NAME, (106.510, 29.510)),
    Subdivision("500107002", "黄桷坪街道", "subdistrict", 6.90, DISTRICT_NAME, (106.525, 29.482)),
    Subdivision("500107003", "谢家湾街道", "subdistrict", 4.30, DISTRICT_NAME, (106.532, 29.522)),
    Subdivision("500107004", "石坪桥街道", "subdistrict", 1.96, DISTRICT_NAME, (106.541, 29.502)),
    Subdivision("500107005", "石桥铺街道", "subdistrict", 5.14, DISTRICT_NAME, (106.495, 29.553)),
    Subdivision("500107006", "中梁山街道", "subdistrict", 13.04, DISTRICT_NAME, (106.430, 29.560)),
    Subdivision("500107007", "渝州路街道", "subdistrict", 6.06, DISTRICT_NAME, (106.520, 29.545)),
    Subdivision("500107008", "二郎街道", "subdistrict", 6.95, DISTRICT_NAME, (106.468, 29.530)),
    Subdivision("500107009", "九龙街道", "subdistrict", 7.20, DISTRICT_NAME, (106.515, 29.462)),
    Subdivision("500107102", "华岩镇", "town", 31.84, DISTRICT_NAME, (106.445, 29.465)),
    Subdivision("500107103", "含谷镇", "town", 28.56, HIGH_TECH_ZONE, (106.355, 29.520)),
    Subdivision("500107104", "金凤镇", "town", 36.94, HIGH_TECH_ZONE, (106.385, 29.565)),
    Subdivision("500107105", "白市驿镇", "town", 51.96, HIGH_TECH_ZONE, (106.345, 29.470)),
    Subdivision("500107106", "走马镇", "town", 36.59, HIGH_TECH_ZONE, (106.280, 29.560)),
    Subdivision("500107107", "石板镇", "town", 23.11, HIGH_TECH_ZONE, (106.395, 29.425)),
    Subdivision("500107108", "巴福镇", "town", 17.89, HIGH_TECH_ZONE, (106.290, 29.450)),
    Subdivision("500107109", "陶家镇", "town", 36.02, DISTRICT_NAME, (106.440, 29.375)),
    Subdivision("500107110", "西彭镇", "town", 88.25, DISTRICT_NAME, (106.320, 29.330)),
    Subdivision("500107111", "铜罐驿镇", "town", 23.31, DISTRICT_NAME, (106.430, 29.300)),
)
