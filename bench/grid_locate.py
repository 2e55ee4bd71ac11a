"""Point → unit grid lookups per second over the demo district grid (grid-event's LocateGrid path).

Builds the generated demo grid (19 subdistricts/towns → communities → ~1,300 unit grids), loads
it through the same import and `GridDirectory` the service uses (embedded store), then locates
random points inside the district's extent. Prints figures; asserts nothing about speed.

    .venv/bin/python bench/grid_locate.py [N]
"""

from __future__ import annotations

import random
import sys
import time

from jlp_common import db
from jlp_grid_event import grids, models
from jlp_grid_event.domain import demo_grid
from jlp_grid_event.domain.district import EXTENT


def main(n: int = 50_000) -> int:
    db.connect("grid-event", "")
    db.ensure_indexes(*models.ALL)
    t0 = time.perf_counter()
    result = grids.import_collection(demo_grid.feature_collection())
    t1 = time.perf_counter()
    directory = grids.GridDirectory(refresh_every_s=float("inf"))
    directory.rebuild()
    t2 = time.perf_counter()
    rng = random.Random(7)  # noqa: S311 - benchmark sample, not security
    min_lon, min_lat, max_lon, max_lat = EXTENT
    points = [(rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)) for _ in range(n)]
    found = 0
    start = time.perf_counter()
    for lon, lat in points:
        if directory.locate(lon, lat) is not None:
            found += 1
    elapsed = time.perf_counter() - start
    print(f"demo grid: {result.counts['unit']} unit grids, {result.counts['community']} communities, "
          f"{result.counts['subdistrict']} subdistricts/towns")
    print(f"import (validate + store): {t1 - t0:.2f} s; index build: {(t2 - t1) * 1000:.0f} ms")
    print(f"lookups: {n} in {elapsed:.2f} s = {n / elapsed:,.0f} lookups/s "
          f"({elapsed / n * 1e6:.1f} µs each), {found} inside a unit grid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000))
