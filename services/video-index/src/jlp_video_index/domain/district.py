"""The district's subdivisions as this service needs them: code, name, official area, demo layout.

Codes, names and areas: district-facts.md §2 (NBS 2023 statistical codes; areas from the
district's 2021 water plan, summing to 430.78 km²). The seed points are the same rough WGS-84
layout points grid-event uses for its demo partition (a Voronoi partition around them), so a
demo camera placed near its seed is located in the same subdistrict by grid-event.

Population: district-facts.md gives the district total (7th census ≈1.527 M) but not the split
by subdivision. Until that table is sourced, the demo spreads cameras by an ASSUMED density —
20,500 residents/km² in the 9 urban 街道 and 1,000/km² in the 10 镇 — calibrated so the total is
the census figure (56.31 km² × 20,500 + 374.47 km² × 1,000 ≈ 1.529 M). Coverage figures never
use these weights; they use the official areas and the registered cameras.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICT_CODE = "500107"
DISTRICT_NAME = "九龙坡区"
CENSUS_POPULATION_2020 = 1_527_000  # district-facts.md §1 (152.7万)
URBAN_DENSITY_ASSUMED = 20_500  # residents per km², demo assumption (see module docstring)
TOWN_DENSITY_ASSUMED = 1_000


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str
    kind: str  # subdistrict | town
    area_km2: float
    seed: tuple[float, float]  # (lon, lat) WGS-84 demo layout point

    @property
    def assumed_population(self) -> int:
        density = URBAN_DENSITY_ASSUMED if self.kind == "subdistrict" else TOWN_DENSITY_ASSUMED
        return round(self.area_km2 * density)


SUBDIVISIONS: tuple[Subdivision, ...] = (
    Subdivision("500107001", "杨家坪街道", "subdistrict", 4.76, (106.510, 29.510)),
    Subdivision("500107002", "黄桷坪街道", "subdistrict", 6.90, (106.525, 29.482)),
    Subdivision("500107003", "谢家湾街道", "subdistrict", 4.30, (106.532, 29.522)),
    Subdivision("500107004", "石坪桥街道", "subdistrict", 1.96, (106.541, 29.502)),
    Subdivision("500107005", "石桥铺街道", "subdistrict", 5.14, (106.495, 29.553)),
    Subdivision("500107006", "中梁山街道", "subdistrict", 13.04, (106.430, 29.560)),
    Subdivision("500107007", "渝州路街道", "subdistrict", 6.06, (106.520, 29.545)),
    Subdivision("500107008", "二郎街道", "subdistrict", 6.95, (106.468, 29.530)),
    Subdivision("500107009", "九龙街道", "subdistrict", 7.20, (106.515, 29.462)),
    Subdivision("500107102", "华岩镇", "town", 31.84, (106.445, 29.465)),
    Subdivision("500107103", "含谷镇", "town", 28.56, (106.355, 29.520)),
    Subdivision("500107104", "金凤镇", "town", 36.94, (106.385, 29.565)),
    Subdivision("500107105", "白市驿镇", "town", 51.96, (106.345, 29.470)),
    Subdivision("500107106", "走马镇", "town", 36.59, (106.280, 29.560)),
    Subdivision("500107107", "石板镇", "town", 23.11, (106.395, 29.425)),
    Subdivision("500107108", "巴福镇", "town", 17.89, (106.290, 29.450)),
    Subdivision("500107109", "陶家镇", "town", 36.02, (106.440, 29.375)),
    Subdivision("500107110", "西彭镇", "town", 88.25, (106.320, 29.330)),
    Subdivision("500107111", "铜罐驿镇", "town", 23.31, (106.430, 29.300)),
)
BY_CODE = {s.code: s for s in SUBDIVISIONS}


def areas() -> list[tuple[str, str, float]]:
    """(code, name, km²) of every subdivision, for coverage."""
    return [(s.code, s.name, s.area_km2) for s in SUBDIVISIONS]
