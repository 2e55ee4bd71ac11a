"""Demo data (pure, seeded): cameras over the 19 subdivisions, key places, a day of detections.

Cameras: `total` spread over the subdivisions in proportion to their (assumed) population
(district.py), each placed within a disc around its subdivision's seed point small enough to
stay in that seed's Voronoi cell (grid-event's demo partition). Exactly half are HD and 10 %
networked (the issue's figures); ids follow GB/T 28181 coding rule A with the district centre
code 50010700, industry 00 (public security, roads) / 08 (urban management) / 04 (traffic),
type 131/132 and the network digit that fits the owner. About 1 % of the cameras carry a
doubtful id (the 34020000 factory default, a neighbouring district's centre code, serial 000000)
so the quarantine has something to show; a fifth of the positions are given in GCJ-02, as an
AMap export would, to exercise the datum conversion.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from jlp_common.geo import haversine_m
from jlp_video_index.domain import coords
from jlp_video_index.domain.cameras import CameraSpec
from jlp_video_index.domain.coverage import KeyPlace
from jlp_video_index.domain.detections import LABELS, Box, DetectionInput
from jlp_video_index.domain.district import SUBDIVISIONS, Subdivision

DEFAULT_TOTAL = 3000
QUARANTINE_SHARE = 0.01
GCJ_SHARE = 0.2
OWNERS = (  # (industry code, network digit, owner department, purpose, share)
    ("00", "5", "bureau-public-security", "public_security", 0.5),
    ("08", "6", "bureau-city-management", "city_management", 0.3),
    ("04", "5", "bureau-transport", "traffic", 0.2),
)
DOUBTFUL_CENTRES = ("34020000", "50010400", "50010600")  # factory default; 大渡口区, 沙坪坝区 (neighbours)
CSV_COLUMNS = ("id", "name", "owner_department_id", "lon", "lat", "datum", "parent_device_id",
               "address", "hd", "ptz", "networked", "purpose", "key_area")


@dataclass(frozen=True)
class DemoCamera:
    spec: CameraSpec
    subdistrict_code: str
    lon_wgs84: float
    lat_wgs84: float


def allocate(total: int, subdivisions: tuple[Subdivision, ...] = SUBDIVISIONS) -> dict[str, int]:
    """Cameras per subdivision in proportion to population, largest remainders (sums to total)."""
    pop = {s.code: s.assumed_population for s in subdivisions}
    whole = sum(pop.values())
    exact = {c: total * p / whole for c, p in pop.items()}
    out = {c: math.floor(v) for c, v in exact.items()}
    left = total - sum(out.values())
    for c in sorted(exact, key=lambda c: (-(exact[c] - out[c]), c))[:left]:
        out[c] += 1
    return out


def _radius_m(s: Subdivision) -> float:
    """A disc around the seed inside its Voronoi cell and about the subdivision's size."""
    nearest = min(haversine_m(*s.seed, *o.seed) for o in SUBDIVISIONS if o.code != s.code)
    return min(0.45 * nearest, 1000.0 * math.sqrt(s.area_km2 / math.pi))


def _point_near(rng: random.Random, s: Subdivision) -> tuple[float, float]:
    r = _radius_m(s) * math.sqrt(rng.random())
    theta = rng.uniform(0, 2 * math.pi)
    lat = s.seed[1] + math.degrees(r * math.sin(theta) / 6_371_008.8)
    lon = s.seed[0] + math.degrees(r * math.cos(theta) / (6_371_008.8 * math.cos(math.radians(s.seed[1]))))
    return round(lon, 6), round(lat, 6)


def cameras(seed: int = 20261202, total: int = DEFAULT_TOTAL,
            doubtful_share: float = QUARANTINE_SHARE) -> list[DemoCamera]:
    """`total` demo cameras (deterministic for a seed); `doubtful_share` of them with doubtful ids."""
    rng = random.Random(seed)  # noqa: S311 - seeded demo data, not secrets
    hd = set(rng.sample(range(total), total // 2))
    networked = set(rng.sample(range(total), total // 10))
    doubtful = set(rng.sample(range(total), round(total * doubtful_share)))
    gcj = set(rng.sample(range(total), round(total * GCJ_SHARE)))
    out: list[DemoCamera] = []
    serials: dict[tuple[str, str, str], int] = {}
    i = 0
    per_subdivision = allocate(total)
    for s in SUBDIVISIONS:
        for _ in range(per_subdivision[s.code]):
            industry, net, owner, purpose, _share = rng.choices(OWNERS, weights=[o[4] for o in OWNERS])[0]
            kind = "132" if rng.random() < 0.8 else "131"
            centre = "50010700"
            serial_key = (centre, industry, kind)
            serials[serial_key] = serials.get(serial_key, 0) + 1
            serial = f"{serials[serial_key]:06d}"
            if i in doubtful:
                pick = i % 3
                if pick == 2:
                    serial = "000000"
                else:
                    centre = DOUBTFUL_CENTRES[pick]
            cid = f"{centre}{industry}{kind}{net}{serial}"
            lon, lat = _point_near(rng, s)
            datum, given = coords.Datum.WGS84, (lon, lat)
            if i in gcj:
                datum = coords.Datum.GCJ02
                given = tuple(round(v, 6) for v in coords.from_wgs84(lon, lat, coords.Datum.GCJ02))
            spec = CameraSpec(
                id=cid, name=f"{s.name}{purpose_zh(purpose)}{serials[serial_key]:04d}", owner_department_id=owner,
                lon=given[0], lat=given[1], datum=datum, address=f"{s.name}", hd=i in hd,
                ptz=rng.random() < 0.15, networked=i in networked, purpose=purpose,
                key_area=rng.random() < 0.1)
            out.append(DemoCamera(spec, s.code, lon, lat))
            i += 1
    return out


def purpose_zh(purpose: str) -> str:
    return {"public_security": "治安监控", "city_management": "城管监控", "traffic": "交通监控"}.get(purpose, "监控")


def to_csv(items: list[CameraSpec]) -> str:
    """The cameras as an import file (header + one row each)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for c in items:
        w.writerow([c.id, c.name, c.owner_department_id, repr(c.lon), repr(c.lat), c.datum.value,
                    c.parent_device_id, c.address, str(c.hd).lower(), str(c.ptz).lower(),
                    str(c.networked).lower(), c.purpose, str(c.key_area).lower()])
    return buf.getvalue()


# Key places for the coverage demo: rough WGS-84 points of district-facts.md §3/§4 (medium or
# low confidence there; demo only, to be replaced by a surveyed list).
KEY_PLACES: tuple[KeyPlace, ...] = (
    KeyPlace("重庆动物园", 106.506, 29.511, "500107001"),
    KeyPlace("杨家坪商圈", 106.510, 29.510, "500107001"),
    KeyPlace("石桥铺", 106.495, 29.553, "500107005"),
    KeyPlace("黄桷坪涂鸦艺术街", 106.525, 29.482, "500107002"),
    KeyPlace("谢家湾", 106.532, 29.522, "500107003"),
    KeyPlace("华岩寺", 106.445, 29.455, "500107102"),
    KeyPlace("二郎科技园", 106.468, 29.530, "500107008"),
)


def detections(demo: list[DemoCamera], day_start: datetime, seed: int = 7,
               per_camera: float = 0.5) -> list[DetectionInput]:
    """A day of detections from `day_start` (timezone-aware): about `per_camera` per camera,
    labels by purpose, scores 0.5-0.99, a quarter still open."""
    rng = random.Random(seed)  # noqa: S311 - seeded demo data, not secrets
    labels_by_purpose = {
        "public_security": ("crowding", "intrusion", "smoke_fire"),
        "city_management": ("illegal_vending", "littering", "garbage_overflow", "illegal_parking", "road_damage"),
        "traffic": ("illegal_parking", "road_damage", "waterlogging"),
    }
    out: list[DetectionInput] = []
    n = round(len(demo) * per_camera)
    for k in range(n):
        cam = demo[rng.randrange(len(demo))]
        label = rng.choice(labels_by_purpose.get(cam.spec.purpose, tuple(LABELS)))
        start = day_start + timedelta(seconds=rng.randrange(0, 86_400 - 3600))
        end = None if rng.random() < 0.25 else start + timedelta(seconds=rng.randrange(5, 1800))
        out.append(DetectionInput(
            id=f"demo-{seed}-{k:06d}", camera_id=cam.spec.id, label=label,
            score=round(rng.uniform(0.5, 0.99), 3), start=start, end=end,
            snapshot_uri=f"https://analytics.example.invalid/snapshots/demo-{k:06d}.jpg",
            boxes=(Box(round(rng.uniform(0, 0.6), 3), round(rng.uniform(0, 0.6), 3), 0.2, 0.25),),
            model_version="demo-1.0", frame_width=1920, frame_height=1080))
    return out
