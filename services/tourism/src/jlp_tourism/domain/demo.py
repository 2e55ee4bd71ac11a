"""Demo data: the district's scenic spots and a seeded day of gate counts (pure, no I/O).

The spots and what is known about them come from shared/reference/district-facts.md §3–4. Their
capacities are NOT the approved figures (those were not available): zones, per-visitor areas
and stays below are illustrative, chosen within GB/T 50298-2018's indicators and the guideline's
method (scenic-capacity.md §2) so the numbers behave like real ones. 华岩旅游风景区 uses the
reference's worked example (a temple-and-park area: C1 9 000, C2 27 000). Replace them with the
published figures before any real use. Coordinates are WGS-84; only the zoo's is of medium
confidence, the rest are approximate and marked so (district-facts.md §4: verify on a map).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from jlp_tourism.domain.capacity import Capacity, Zone, by_area, entered
from jlp_tourism.domain.counts import GateCount
from jlp_tourism.domain.quota import QuotaPolicy
from jlp_tourism.domain.timebase import at, minutes_of, utc_instant

COUNT_INTERVAL_MINUTES = 5


@dataclass(frozen=True)
class DemoGate:
    id: str
    name: str
    direction: str  # ENTRY, EXIT or BOTH


@dataclass(frozen=True)
class DemoSpot:
    code: str
    name: str
    name_en: str
    subdistrict_code: str  # "" where the facts do not say
    lon: float
    lat: float
    location_note: str
    open_time: time
    close_time: time
    gates: tuple[DemoGate, ...]
    average_stay_hours: float
    zones: tuple[Zone, ...] = ()
    entered_capacity: tuple[int, int] | None = None  # (C1, C2) when entered, not computed
    walk_in_reserve: int = 0
    share: Decimal = Decimal("0.75")  # MCT 2020-09-29: A-level areas at most 75 % (§4)
    busy: float = 0.5  # share of C2 entering on the demo day
    description: str = ""
    tags: tuple[str, ...] = field(default=())

    @property
    def capacity(self) -> Capacity:
        if self.entered_capacity is not None:
            return entered(*self.entered_capacity)
        hours = (minutes_of(self.close_time) - minutes_of(self.open_time)) / 60
        return by_area(self.zones, hours, self.average_stay_hours)

    def policies(self) -> list[QuotaPolicy]:
        return [QuotaPolicy(self.share, date(2020, 9, 29), "MCT 2020-09-29: ≤ 75 % of max capacity (demo)")]


SPOTS: tuple[DemoSpot, ...] = (
    DemoSpot(
        code="HUAYAN", name="华岩旅游风景区", name_en="Huayan Scenic Area (Huayan Temple)",
        subdistrict_code="500107102",  # 华岩镇 (district-facts §3)
        lon=106.445, lat=29.455, location_note="low confidence: no reliable source; verify on a map",
        open_time=time(8, 30), close_time=time(17, 30), average_stay_hours=2.5,
        zones=(Zone("Entrance plaza", 12_000, 2), Zone("Temple courtyards", 3_000, 3),
               Zone("Hillside park", 20_000, 10)),  # scenic-capacity.md §5 worked example
        gates=(DemoGate("east", "东门", "BOTH"), DemoGate("south", "南门", "BOTH")),
        walk_in_reserve=1_000, busy=0.45,
        description="One of Chongqing's major Buddhist temples; Metro Line 5 华岩寺 station.",
        tags=("buddhist", "temple")),
    DemoSpot(
        code="CQZOO", name="重庆动物园", name_en="Chongqing Zoo",
        subdistrict_code="500107001",  # assumed from the 西郊路 entrance near 杨家坪; verify
        lon=106.506, lat=29.511, location_note="medium confidence (Tencent map GCJ-02 point converted)",
        open_time=time(8, 30), close_time=time(18, 0), average_stay_hours=3.0,
        zones=(Zone("Paths and plazas", 60_000, 5), Zone("Lawns and gardens", 150_000, 50),
               Zone("Panda house and indoor halls", 6_000, 3)),
        gates=(DemoGate("main", "正门（西郊路）", "BOTH"), DemoGate("north", "北门", "EXIT")),
        walk_in_reserve=2_000, busy=0.6,
        description="Family zoo known for its giant pandas; Metro Line 2 动物园 station.",
        tags=("family", "pandas")),
    DemoSpot(
        code="JIULONG", name="九龙半岛", name_en="Jiulong Peninsula",
        subdistrict_code="",  # not in the facts
        lon=106.530, lat=29.490, location_note="approximate (riverside near 黄桷坪); verify on a map",
        open_time=time(9, 0), close_time=time(22, 0), average_stay_hours=2.0,
        zones=(Zone("Riverside promenade", 40_000, 10), Zone("Art and event plazas", 15_000, 5)),
        gates=(DemoGate("river", "滨江入口", "BOTH"),), walk_in_reserve=500, share=Decimal("1.0"), busy=0.35,
        description="Riverside art and leisure quarter on the Yangtze.", tags=("riverside", "art")),
    DemoSpot(
        code="HJPGRAFFITI", name="黄桷坪涂鸦艺术街", name_en="Huangjueping Graffiti Street",
        subdistrict_code="500107002",  # 黄桷坪街道
        lon=106.525, lat=29.486, location_note="approximate; verify on a map",
        open_time=time(0, 0), close_time=time(23, 59), average_stay_hours=1.5,
        entered_capacity=(3_000, 30_000), gates=(DemoGate("street", "街口", "BOTH"),),
        share=Decimal("1.0"), busy=0.3,
        description="Art street next to the old Sichuan Fine Arts Institute campus.", tags=("art", "street")),
    DemoSpot(
        code="JIANCHUAN", name="重庆建川博物馆聚落", name_en="Jianchuan Museum Cluster Chongqing",
        subdistrict_code="",  # not in the facts
        lon=106.515, lat=29.495, location_note="approximate; verify on a map",
        open_time=time(9, 0), close_time=time(17, 0), average_stay_hours=2.0,
        zones=(Zone("Museum halls (former arsenal caves)", 8_000, 4), Zone("Outdoor grounds", 20_000, 20)),
        gates=(DemoGate("gate", "大门", "BOTH"),), walk_in_reserve=200, busy=0.5,
        description="Museum cluster in the caves of a wartime arsenal.", tags=("museum",)),
)


def arrival_weight(minute_of_day: float) -> float:
    """Relative arrival rate over the day: a morning peak around 10:30 and a smaller afternoon
    one around 14:30 (the usual shape of scenic-area entry curves)."""
    morning = math.exp(-((minute_of_day - 630) / 75) ** 2)
    afternoon = 0.7 * math.exp(-((minute_of_day - 870) / 90) ** 2)
    return morning + afternoon + 0.05


def _normal_mass(low: float, high: float, mean: float, sd: float) -> float:
    """P(low ≤ X < high) for X ~ N(mean, sd) truncated below at 15 minutes (a stay)."""
    def cdf(x: float) -> float:
        return 0.5 * (1 + math.erf((max(x, 15.0) - mean) / (sd * math.sqrt(2))))
    floor = cdf(15.0)
    return max(0.0, (cdf(high) - cdf(low)) / (1 - floor)) if high > 15.0 else 0.0


def _split(n: int, weights: Sequence[float]) -> list[int]:
    """`n` people in proportion to float weights, whole, summing to `n` (largest remainder)."""
    total = sum(weights)
    exact = [n * w / total for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda j: parts[j] - exact[j])[: n - sum(parts)]:
        parts[i] += 1
    return parts


def _gate_split(gates: Sequence[DemoGate], direction: str) -> list[DemoGate]:
    usable = [g for g in gates if g.direction in (direction, "BOTH")]
    return usable or list(gates)


def day_of_counts(spot: DemoSpot, spot_id: str, day: date, seed: int = 1,
                  until: datetime | None = None) -> list[GateCount]:
    """Five-minute gate counts of one day, seeded (same seed, same counts), with the entries of
    about `busy` × C2 spread over the arrival curve and each visitor leaving after a stay drawn
    around the average (everyone out by closing). Cut at `until` to show a day in progress."""
    rng = random.Random(f"{seed}|{spot.code}|{day.isoformat()}")  # noqa: S311 - reproducible demo, not security
    opens, closes = minutes_of(spot.open_time), minutes_of(spot.close_time)
    slots = list(range(opens, closes, COUNT_INTERVAL_MINUTES))
    weights = [arrival_weight(m + COUNT_INTERVAL_MINUTES / 2) for m in slots]
    # Nobody arrives in the last stay before closing at full rate: taper the tail.
    weights = [w * min(1.0, (closes - m) / (spot.average_stay_hours * 60)) for w, m in zip(weights, slots, strict=True)]
    total = round(spot.capacity.daily * spot.busy)
    weight_sum = sum(weights)
    # How the visitors arriving in one interval leave: the stay ~ N(t, t/4), at least 15 minutes,
    # as shares of the following intervals (computed once; everyone still inside at closing
    # leaves in the last interval).
    stay, spread = spot.average_stay_hours * 60, spot.average_stay_hours * 15
    leave_after = [_normal_mass(k * COUNT_INTERVAL_MINUTES, (k + 1) * COUNT_INTERVAL_MINUTES, stay, spread)
                   for k in range(len(slots))]
    entries = [0] * len(slots)
    exits = [0] * len(slots)
    for i, w in enumerate(weights):
        mean = total * w / weight_sum
        entries[i] = n = max(0, round(rng.gauss(mean, math.sqrt(mean) + 1e-9)))
        if not n:
            continue
        later = len(slots) - i
        shares = leave_after[:later]
        shares[-1] += max(0.0, 1.0 - sum(shares))  # the rest leave at closing
        for k, part in enumerate(_split(n, shares)):
            exits[i + k] += part
    entry_gates, exit_gates = _gate_split(spot.gates, "ENTRY"), _gate_split(spot.gates, "EXIT")
    limit = utc_instant(until) if until is not None else None
    out: list[GateCount] = []
    for i, start in enumerate(slots):
        end = at(day, time(0)) + timedelta(minutes=start + COUNT_INTERVAL_MINUTES)
        if limit is not None and end > limit:
            break
        by_gate: dict[str, list[int]] = {g.id: [0, 0] for g in spot.gates}
        for column, (n, gates) in enumerate(((entries[i], entry_gates), (exits[i], exit_gates))):
            for gate, part in zip(gates, _split(n, [rng.uniform(0.5, 1.5) for _ in gates]), strict=True):
                by_gate[gate.id][column] += part
        for gate_id, (n_in, n_out) in by_gate.items():
            if n_in or n_out:
                out.append(GateCount(f"demo-{spot.code}-{day:%Y%m%d}-{gate_id}-{start // 60:02d}{start % 60:02d}",
                                     spot_id, gate_id, end, n_in, n_out))
    return out
