"""The grid: all-or-nothing import by generations, and an in-memory point index.

Import writes a complete new generation (the stored units the file does not replace, plus the
file's units), then flips the single `GridState` pointer — one atomic write is the commit. A
failed validation writes nothing; a crash mid-write leaves an unreferenced generation that the
next import removes. Readers only ever see the active generation, so the previous grid stays
intact until the flip.

Locating a point uses `jlp_common.geo.PolygonIndex` (STRtree) over the active units, rebuilt
after an import and whenever another replica's import changed the active generation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import mapping, shape

from jlp_common.atomic import compare_and_set
from jlp_common.errors import Conflict, NotFound
from jlp_common.geo import PolygonIndex
from jlp_common.timeutil import utc_now
from jlp_grid_event.domain import gridimport
from jlp_grid_event.domain.codes import Level
from jlp_grid_event.domain.gridimport import GridRecord
from jlp_grid_event.models import GridState, GridUnit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Location:
    """Where a point lies: the unit grid and its ancestors."""

    grid_code: str
    grid_name: str
    community_code: str
    community_name: str
    subdistrict_code: str
    subdistrict_name: str
    worker_id: str


@dataclass(frozen=True)
class ImportResult:
    counts: Mapping[str, int]
    mapped_legacy_codes: list[str]
    generation: int


def _state() -> GridState:
    state = GridState.objects(key="active").first()
    if state is None:
        GridState._get_collection().update_one(
            {"_id": "active"}, {"$setOnInsert": {"generation": 0, "next_generation": 1}},
            upsert=True)
        state = GridState.objects(key="active").first()
    return state


def active_generation() -> int:
    return _state().generation


def _record(doc: Mapping) -> GridRecord:
    return GridRecord(doc["code"], doc["name"], Level(doc["level"]), doc.get("parent_code", ""),
                      shape(doc["geometry"]), doc.get("managed_by", ""), doc.get("worker_id", ""),
                      doc.get("legacy_code", ""))


def load_units(generation: int | None = None) -> dict[str, GridRecord]:
    """Every unit of a generation (default: the active one), by code."""
    gen = active_generation() if generation is None else generation
    if gen == 0:
        return {}
    return {d["code"]: _record(d) for d in GridUnit._get_collection().find({"generation": gen})}


def import_collection(geojson: str | Mapping, validate_only: bool = False,
                      now: datetime | None = None, replace: bool = False) -> ImportResult:
    """Validate and (unless `validate_only`) commit a FeatureCollection as a new generation.

    By default the file is merged onto the stored grid (same code = replaced, others kept);
    with `replace` the file is the whole grid and stored units missing from it are retired.
    """
    features = gridimport.parse_collection(geojson)
    state = _state()
    existing = {} if replace else load_units(state.generation)
    records = gridimport.validate(features, existing)
    counts = {lvl.name.lower(): sum(1 for r in records if r.level == lvl) for lvl in Level}
    legacy = [f"{r.legacy_code}->{r.code}" for r in records if r.legacy_code]
    if validate_only:
        return ImportResult(counts, legacy, state.generation)

    now = now or utc_now()
    claimed = compare_and_set(GridState._get_collection(), {"_id": "active"},
                              {"$inc": {"next_generation": 1}})
    generation = int(claimed["next_generation"]) - 1 if claimed else state.next_generation
    merged = {c: r for c, r in existing.items()}
    merged.update({r.code: r for r in records})
    units = GridUnit._get_collection()
    units.delete_many({"generation": generation})  # leftovers of a crashed attempt
    units.insert_many([_unit_doc(r, generation, now) for r in merged.values()])
    flipped = compare_and_set(
        GridState._get_collection(), {"_id": "active", "generation": state.generation},
        {"$set": {"generation": generation, "import_time": now, "counts": counts}})
    if flipped is None:  # another import committed first: ours must not overwrite it
        units.delete_many({"generation": generation})
        raise Conflict("another grid import finished first; re-validate against it and retry")
    units.delete_many({"generation": {"$ne": generation}})
    log.info("grid imported", extra={"generation": generation, **counts})
    return ImportResult(counts, legacy, generation)


def _unit_doc(r: GridRecord, generation: int, now: datetime) -> dict:
    point = r.geometry.representative_point()
    return {"generation": generation, "code": r.code, "name": r.name, "level": int(r.level),
            "parent_code": r.parent_code, "managed_by": r.managed_by, "worker_id": r.worker_id,
            "legacy_code": r.legacy_code, "geometry": mapping(r.geometry),
            "area_m2": round(r.area_m2, 1), "center_lon": point.x, "center_lat": point.y,
            "create_time": now}


def get_unit(code: str) -> dict:
    doc = GridUnit._get_collection().find_one({"generation": active_generation(), "code": code})
    if doc is None:
        raise NotFound("Grid", code)
    return doc


def list_units(level: int = 0, parent_code: str = "", after: str = "", limit: int = 50) -> list[dict]:
    """Units of the active generation ordered by code, after `after` (keyset paging)."""
    query: dict = {"generation": active_generation()}
    if level:
        query["level"] = level
    if parent_code:
        query["parent_code"] = parent_code
    if after:
        query["code"] = {"$gt": after}
    return list(GridUnit._get_collection().find(query).sort("code", 1).limit(limit))


def count_units(level: int = 0, parent_code: str = "") -> int:
    query: dict = {"generation": active_generation()}
    if level:
        query["level"] = level
    if parent_code:
        query["parent_code"] = parent_code
    return GridUnit._get_collection().count_documents(query)


class GridDirectory:
    """Point → unit grid lookups over an STRtree of the active generation.

    Thread-safe: the index is replaced as a whole (readers keep the one they started with).
    `refresh_every_s` bounds how stale a replica can be after another replica's import.
    """

    def __init__(self, refresh_every_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._index: PolygonIndex[str] = PolygonIndex([])
        self._info: dict[str, Location] = {}
        self._checked = float("-inf")
        self._refresh_every_s = refresh_every_s
        self._clock = clock

    def rebuild(self) -> None:
        """Load the active generation now."""
        generation = active_generation()
        units = load_units(generation)
        self._install(generation, units)

    def _install(self, generation: int, units: Mapping[str, GridRecord]) -> None:
        leaves = [(c, r.geometry) for c, r in units.items() if r.level == Level.UNIT]
        info: dict[str, Location] = {}
        for code, rec in units.items():
            if rec.level != Level.UNIT:
                continue
            community = units.get(rec.parent_code)
            sub = units.get(community.parent_code) if community else None
            info[code] = Location(code, rec.name, rec.parent_code,
                                  community.name if community else "",
                                  community.parent_code if community else "",
                                  sub.name if sub else "", rec.worker_id)
        index = PolygonIndex(leaves)
        with self._lock:
            self._generation, self._index, self._info = generation, index, info
            self._checked = self._clock()

    def _maybe_refresh(self) -> None:
        if self._clock() - self._checked < self._refresh_every_s:
            return
        self._checked = self._clock()
        if active_generation() != self._generation:
            self.rebuild()

    def locate(self, lon: float, lat: float) -> Location | None:
        """The unit grid holding the point, or None outside the grid."""
        self._maybe_refresh()
        index, info = self._index, self._info
        code = index.locate(lon, lat)
        return info.get(code) if code else None

    def __len__(self) -> int:
        return len(self._index)
