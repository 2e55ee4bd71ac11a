"""Demo monitoring network shaped by the district's figures, plus a day of simulated values.

`JLP_DEMO=1` at start, or `python -m jlp_environment.demo` against the configured database.
Idempotent: stations are keyed by code (existing ones are left alone) and the simulated
readings are deterministic per (station, metric, hour), so a second load only counts
duplicates.

Figures (issue 5 and district-facts.md): 3 air stations, 15 noise points, 12 reservoirs,
124 key pollution sources of which 44 have online monitoring, plus surface-water sections on
the Yangtze and its tributaries, a rain gauge per town and urban waterlogging points.
Coordinates are approximate WGS-84 positions inside the district's rough bounding box
(lon 106.23–106.57, lat 29.27–29.60); names marked 示例 are invented for the demo.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from jlp_environment.domain.credit_code import check_character
from jlp_environment.domain.readings import RawReading
from jlp_environment.domain.stations import StationKind, StationSpec
from jlp_environment.domain.timebase import BEIJING, HOUR, hour_floor
from jlp_environment.models import Station

log = logging.getLogger(__name__)
HISTORY_HOURS = 24
SOURCE_HISTORY_HOURS = 12


@dataclass
class DemoStation:
    code: str
    name: str
    kind: StationKind
    lon: float
    lat: float
    extra: dict = field(default_factory=dict)


AIR = [
    DemoStation("JLP-AIR-01", "杨家坪", StationKind.AIR, 106.511, 29.510),
    DemoStation("JLP-AIR-02", "白市驿", StationKind.AIR, 106.368, 29.498),
    DemoStation("JLP-AIR-03", "西彭", StationKind.AIR, 106.338, 29.338),
]
NOISE_POINTS = [  # (name, lon, lat, GB 3096 class)
    ("杨家坪步行街", 106.512, 29.508, "2"), ("谢家湾", 106.522, 29.522, "2"),
    ("石桥铺", 106.487, 29.545, "2"), ("黄桷坪", 106.535, 29.486, "2"),
    ("渝州路", 106.500, 29.536, "1"), ("二郎科技园", 106.451, 29.515, "3"),
    ("九龙外滩", 106.540, 29.497, "2"), ("重庆动物园", 106.506, 29.511, "1"),
    ("石坪桥", 106.527, 29.533, "2"), ("中梁山", 106.433, 29.550, "3"),
    ("九龙园区", 106.455, 29.487, "3"), ("华岩寺", 106.445, 29.455, "1"),
    ("西郊路", 106.515, 29.515, "traffic"), ("袁家岗", 106.520, 29.540, "traffic"),
    ("陈家坪", 106.493, 29.525, "4a"),
]
WATER = [  # (code suffix, name, lon, lat, body, target class)
    ("01", "长江鹅公岩断面", 106.548, 29.520, "river", 2),
    ("02", "桃花溪入江口", 106.532, 29.490, "river", 4),
    ("03", "跳蹬河示例断面", 106.430, 29.440, "river", 4),
    ("04", "大溪河示例断面", 106.300, 29.330, "river", 3),
]
TOWNS = [("华岩", 106.445, 29.455), ("含谷", 106.380, 29.520), ("金凤", 106.395, 29.555),
         ("白市驿", 106.368, 29.498), ("走马", 106.300, 29.470), ("石板", 106.330, 29.540),
         ("巴福", 106.270, 29.440), ("陶家", 106.380, 29.390), ("西彭", 106.338, 29.338),
         ("铜罐驿", 106.420, 29.320)]
RESERVOIR_TOWNS = TOWNS + [("中梁山", 106.433, 29.560), ("九龙", 106.470, 29.470)]
FLOOD_POINTS = [("杨家坪下穿道", 106.513, 29.511), ("袁家岗立交", 106.521, 29.541),
                ("石桥铺转盘", 106.488, 29.546), ("谢家湾立交", 106.523, 29.523),
                ("陈家坪车站", 106.494, 29.526), ("黄桷坪铁路桥", 106.534, 29.487),
                ("二郎下穿道", 106.452, 29.516), ("九龙外滩滨江路", 106.541, 29.498)]
INDUSTRIAL_AREAS = [(106.340, 29.340), (106.455, 29.487), (106.380, 29.520),
                    (106.368, 29.498), (106.433, 29.550), (106.445, 29.455)]
KEY_SOURCES, ONLINE_SOURCES = 124, 44
FLUE_PERMIT = {"so2": 200.0, "nox": 300.0, "pm": 30.0}  # mg/m³, typical boiler permit
WATER_PERMIT = {"cod": 100.0, "nh3n": 15.0}  # mg/L, GB 8978 grade 1


def _unit(seed: str) -> float:
    """A deterministic number in [0, 1) from a text (demo values repeat exactly)."""
    return int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def _org_code(index: int) -> str:
    """A GB 11714 organisation code (8 characters + its check character)."""
    body = f"MA{index:06d}"
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(index: int) -> str:
    first17 = "91500107" + _org_code(index)
    return first17 + check_character(first17)


def demo_stations() -> list[DemoStation]:
    out = list(AIR)
    for i, (name, lon, lat, zone) in enumerate(NOISE_POINTS, start=1):
        out.append(DemoStation(f"JLP-NZ-{i:02d}", f"{name}噪声监测点", StationKind.NOISE, lon, lat,
                               {"noise_zone": zone}))
    for suffix, name, lon, lat, body, target in WATER:
        out.append(DemoStation(f"JLP-SW-{suffix}", name, StationKind.SURFACE_WATER, lon, lat,
                               {"water_body": body, "target_class": target}))
    for i, (town, lon, lat) in enumerate(RESERVOIR_TOWNS, start=1):
        limit = round(260 + 120 * _unit(f"res{i}"), 1)
        out.append(DemoStation(f"JLP-RS-{i:02d}", f"{town}示例水库", StationKind.RESERVOIR,
                               lon + 0.01, lat - 0.01,
                               {"flood_limit_level_m": limit, "water_body": "lake"}))
    for i, (town, lon, lat) in enumerate(TOWNS, start=1):
        out.append(DemoStation(f"JLP-RN-{i:02d}", f"{town}雨量站", StationKind.RAIN, lon, lat))
    for i, (name, lon, lat) in enumerate(FLOOD_POINTS, start=1):
        out.append(DemoStation(f"JLP-FP-{i:02d}", f"{name}积水点", StationKind.FLOOD_POINT, lon,
                               lat))
    for i in range(1, KEY_SOURCES + 1):
        base_lon, base_lat = INDUSTRIAL_AREAS[i % len(INDUSTRIAL_AREAS)]
        flue = i % 3 != 0
        out.append(DemoStation(
            f"JLP-PS-{i:03d}", f"示例重点排污单位{i:03d}", StationKind.POLLUTION_SOURCE,
            round(base_lon + 0.02 * (_unit(f"x{i}") - 0.5), 4),
            round(base_lat + 0.02 * (_unit(f"y{i}") - 0.5), 4),
            {"enterprise_name": f"重庆示例{'热电' if flue else '化工'}有限公司{i:03d}",
             "credit_code": credit_code(i), "online": i <= ONLINE_SOURCES,
             "permit_limits": dict(FLUE_PERMIT if flue else WATER_PERMIT)}))
    return out


def _spec(demo: DemoStation) -> StationSpec:
    return StationSpec(code=demo.code, name=demo.name, kind=demo.kind, lon=demo.lon,
                       lat=demo.lat, **demo.extra)


def _diurnal(hour: datetime) -> float:
    """0..1, peaking in the evening rush (Beijing time)."""
    local = hour.astimezone(BEIJING).hour
    return 0.5 + 0.5 * math.sin((local - 12) / 24 * 2 * math.pi)


def simulated_readings(station: Station, hours: list[datetime]) -> Iterator[RawReading]:
    """Clean hourly values: the dashboard has figures, no alert fires."""
    kind, sid, code = StationKind(station.kind), str(station.id), station.code

    def hourly(metric: str, hour: datetime, value: float) -> RawReading:
        return RawReading(sid, metric, round(value, 3), hour, "HOUR")

    for hour in hours:
        r, d = _unit(f"{code}{hour.isoformat()}"), _diurnal(hour)
        if kind is StationKind.AIR:
            yield hourly("pm25", hour, 18 + 30 * d + 10 * r)
            yield hourly("pm10", hour, 35 + 45 * d + 15 * r)
            yield hourly("so2", hour, 6 + 6 * r)
            yield hourly("no2", hour, 20 + 30 * d + 10 * r)
            yield hourly("co", hour, 0.5 + 0.5 * d)
            yield hourly("o3", hour, 40 + 80 * (1 - d) + 20 * r)
        elif kind is StationKind.NOISE:
            local = hour.astimezone(BEIJING).hour
            day = 6 <= local < 22
            base = {"1": 50, "2": 54, "3": 58, "4a": 63, "traffic": 64}.get(station.noise_zone, 52)
            yield hourly("noise_leq", hour, base + 3 * r - (0 if day else 12))
        elif kind is StationKind.SURFACE_WATER and hour.hour % 4 == 0:
            good = station.target_class or 3
            yield hourly("ph", hour, 7.2 + 0.4 * r)
            yield hourly("do", hour, 8.0 - 0.5 * good + r)
            yield hourly("codmn", hour, 1.5 + 0.8 * good * r)
            yield hourly("nh3n", hour, 0.1 + 0.1 * good * r)
            yield hourly("tp", hour, 0.02 + 0.03 * good * r)
        elif kind is StationKind.RESERVOIR:
            yield hourly("water_level", hour, (station.flood_limit_level_m or 300) - 2.5 + 0.2 * r)
        elif kind is StationKind.RAIN:
            yield hourly("rainfall", hour, round(max(0.0, 8 * r - 6), 1))
        elif kind is StationKind.FLOOD_POINT:
            yield hourly("water_depth", hour, 0.0)
        elif kind is StationKind.POLLUTION_SOURCE and station.online and \
                hour >= hours[-1] - (SOURCE_HISTORY_HOURS - 1) * HOUR:
            for metric, limit in list((station.permit_limits or {}).items())[:2]:
                yield hourly(metric, hour, limit * (0.3 + 0.4 * r))


def load_demo(env, history_hours: int = HISTORY_HOURS) -> dict[str, int]:  # noqa: ANN001
    """Create the demo stations (missing ones only) and ingest their simulated history."""
    created = 0
    for demo in demo_stations():
        if Station.objects(code=demo.code).only("id").first() is None:
            env.registry.create(_spec(demo))
            created += 1
    end = hour_floor(env.clock()) - HOUR
    hours = [end - i * HOUR for i in range(history_hours - 1, -1, -1)]
    readings = [r for s in Station.objects() if s.code.startswith("JLP-")
                for r in simulated_readings(s, hours)]
    accepted = duplicates = 0
    for start in range(0, len(readings), 10_000):
        result = env.ingestor.ingest(readings[start:start + 10_000])
        accepted += result.accepted
        duplicates += result.duplicates
    log.info("demo loaded", extra={"stations_created": created, "readings": accepted,
                                   "duplicates": duplicates})
    return {"stations_created": created, "readings": accepted, "duplicates": duplicates}


def main() -> int:
    from jlp_common import db
    from jlp_common.config import Settings
    from jlp_common.logs import configure_logging
    from jlp_environment.app import build_environment
    from jlp_environment.models import ALL_DOCUMENTS

    settings = Settings.from_env("environment")
    configure_logging("environment", settings.log_level, settings.log_format)
    db.connect("environment", settings.mongo_uri)
    db.ensure_indexes(*ALL_DOCUMENTS)
    env = build_environment(settings)
    env.rules.ensure_defaults()
    print(load_demo(env))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

