"""An independent, table-driven check of the AQI code on generated inputs.

The segments below were re-typed from reference/aqi-hj633.md §1 as (C_lo, C_hi, IAQI_lo,
IAQI_hi) rows — a different shape from the column tuples of the implementation — and the
checker computes with scaled integers (concentration × 10) and integer ceiling division, so it
shares neither tables nor arithmetic with `jlp_environment.domain.aqi`. Inputs: every
breakpoint edge, values just either side of each edge, and seeded random values, per edition
and period; plus random full sets for AQI and primary pollutants.
"""

from __future__ import annotations

import random

import pytest

from jlp_environment.domain.aqi import Edition, Period, calculate


def rows(*points: tuple[int | float, int]) -> list[tuple[int, int, int, int]]:
    """Segments between consecutive (concentration, IAQI) points, concentrations × 10."""
    pts = [(round(c * 10), i) for c, i in points]
    return [(a[0], b[0], a[1], b[1]) for a, b in zip(pts, pts[1:], strict=False)]


COMMON = {
    ("so2", "DAY"): rows((0, 0), (50, 50), (150, 100), (475, 150), (800, 200), (1600, 300),
                         (2100, 400), (2620, 500)),
    ("so2", "HOUR"): rows((0, 0), (150, 50), (500, 100), (650, 150), (800, 200)),
    ("no2", "DAY"): rows((0, 0), (40, 50), (80, 100), (180, 150), (280, 200), (565, 300),
                         (750, 400), (940, 500)),
    ("no2", "HOUR"): rows((0, 0), (100, 50), (200, 100), (700, 150), (1200, 200), (2340, 300),
                          (3090, 400), (3840, 500)),
    ("co", "DAY"): rows((0, 0), (2, 50), (4, 100), (14, 150), (24, 200), (36, 300), (48, 400),
                        (60, 500)),
    ("co", "HOUR"): rows((0, 0), (5, 50), (10, 100), (35, 150), (60, 200), (90, 300),
                         (120, 400), (150, 500)),
    ("o3", "ANY"): rows((0, 0), (160, 50), (200, 100), (300, 150), (400, 200), (800, 300),
                        (1000, 400), (1200, 500)),
    ("o3_8h", "ANY"): rows((0, 0), (100, 50), (160, 100), (215, 150), (265, 200), (800, 300)),
}
PM = {
    2012: {"pm10": rows((0, 0), (50, 50), (150, 100), (250, 150), (350, 200), (420, 300),
                        (500, 400), (600, 500)),
           "pm25": rows((0, 0), (35, 50), (75, 100), (115, 150), (150, 200), (250, 300),
                        (350, 400), (500, 500))},
    2026: {"pm10": rows((0, 0), (50, 50), (120, 100), (250, 150), (350, 200), (420, 300),
                        (500, 400), (600, 500)),
           "pm25": rows((0, 0), (35, 50), (60, 100), (115, 150), (150, 200), (250, 300),
                        (350, 400), (500, 500))},
}


def segments(key: str, period: str, edition: int) -> list[tuple[int, int, int, int]]:
    if key in ("pm10", "pm25"):
        return PM[edition][key]
    if key in ("o3", "o3_8h"):
        return COMMON[(key, "ANY")]
    return COMMON[(key, period)]


def expected_iaqi(key: str, c10: int, period: str, edition: int) -> int | None:
    """The checker's IAQI of concentration c10/10 (None: the table gives none)."""
    segs = segments(key, period, edition)
    for lo, hi, ilo, ihi in segs:
        if lo <= c10 <= hi:
            num = (ihi - ilo) * (c10 - lo)
            den = hi - lo
            return ilo + -(-num // den)  # exact ceiling of ilo + num/den
    top = segs[-1][1]
    if key == "so2" and period == "HOUR" and c10 > top:
        return 200 if edition == 2026 else None
    if key == "o3_8h" and c10 > top:
        return 300 if edition == 2026 else None
    return 500


def text(key: str, c10: int) -> str:
    return f"{c10 // 10}.{c10 % 10}"


def generated_inputs(edition: int, period: str, rng: random.Random) -> list[tuple[str, int]]:
    keys = ["so2", "no2", "co", "o3", "pm10", "pm25"] + (["o3_8h"] if period == "DAY" else [])
    out: list[tuple[str, int]] = []
    for key in keys:
        segs = segments(key, period, edition)
        edges = sorted({s[0] for s in segs} | {s[1] for s in segs})
        step = 1 if key == "co" else 10  # CO to 0.1 mg/m³, others whole µg/m³
        for edge in edges:
            out += [(key, edge)] + [(key, e) for e in (edge - step, edge + step) if e >= 0]
        top = edges[-1]
        out += [(key, rng.randrange(0, top + 20 * step, step)) for _ in range(8)]
        out += [(key, rng.randrange(0, top * 10) // 10 * 1) for _ in range(4)]  # odd decimals
    return out


@pytest.mark.parametrize("edition", [2012, 2026])
@pytest.mark.parametrize("period", ["HOUR", "DAY"])
def test_single_pollutant_iaqi_matches_independent_table(edition: int, period: str) -> None:
    rng = random.Random(f"{edition}-{period}")  # noqa: S311 - seeded test inputs
    cases = generated_inputs(edition, period, rng)
    assert len(cases) >= 50
    for key, c10 in cases:
        got = calculate({key: text(key, c10)}, Period(period), Edition(edition)).iaqi.get(key)
        assert got == expected_iaqi(key, c10, period, edition), (key, text(key, c10))


@pytest.mark.parametrize("edition", [2012, 2026])
def test_full_sets_aqi_and_primary_match(edition: int) -> None:
    rng = random.Random(edition)  # noqa: S311 - seeded test inputs
    indicators = {"DAY": ["so2", "no2", "co", "pm10", "pm25", "o3_8h"] +
                  (["o3"] if edition == 2012 else []),
                  "HOUR": ["so2", "no2", "co", "o3", "pm10", "pm25"]}
    checked = 0
    for _ in range(60):
        period = rng.choice(["HOUR", "DAY"])
        conc = {k: rng.randrange(0, 700 if k == "co" else 6000) for k in indicators[period]}
        expected = {k: expected_iaqi(k, c10, period, edition) for k, c10 in conc.items()}
        expected = {k: v for k, v in expected.items() if v is not None}
        result = calculate({k: text(k, c) for k, c in conc.items()}, Period(period),
                           Edition(edition))
        top = max(expected.values())
        assert result.aqi == top
        want_primary = {k for k, v in expected.items() if v == top} if top > 50 else set()
        assert set(result.primary_pollutants) == want_primary
        checked += 1
    assert checked >= 50
