"""Latest value per station and metric (StationStatus), merged after every write; and the
earliest hour whose data changed since the alert rules last looked (late data, ADR 0055).

One document per station, written with a version guard so two concurrent batches for the same
station both land; a value only replaces the stored one when it is newer. The changed-hours
mark is kept apart from that guard: `$min` of the hour plus a `changes` counter, so concurrent
writers only ever lower it, and the engine removes it only if no write came in meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.timeutil import as_utc
from jlp_environment.models import StationStatus

MAX_RETRIES = 8


def merge_latest(latest: Mapping[tuple[str, str], tuple[datetime, float]]) -> None:
    """Fold (station, metric) → (time, value) into the stations' status documents."""
    by_station: dict[str, dict[str, tuple[datetime, float]]] = {}
    for (station_id, metric), point in latest.items():
        by_station.setdefault(station_id, {})[metric] = point
    collection = StationStatus._get_collection()
    for _attempt in range(MAX_RETRIES):
        if not by_station:
            return
        docs = {d["_id"]: d for d in collection.find({"_id": {"$in": list(by_station)}})}
        retry: dict[str, dict[str, tuple[datetime, float]]] = {}
        for station_id, points in by_station.items():
            doc = docs.get(station_id)
            if not _write(collection, station_id, doc, points):
                retry[station_id] = points
        by_station = retry


def _write(collection: Any, station_id: str, doc: dict[str, Any] | None,
           points: Mapping[str, tuple[datetime, float]]) -> bool:
    stored = (doc or {}).get("latest") or {}
    changes = {m: {"t": t, "v": v} for m, (t, v) in points.items()
               if m not in stored or as_utc(stored[m]["t"]) < t}
    if not changes:
        return True
    seen = max(t for t, _v in points.values())
    if doc is None:
        try:
            with atomic():
                collection.insert_one({"_id": station_id, "latest": changes, "last_seen": seen,
                                       "version": 1})
            return True
        except DuplicateKeyError:
            return False
    update: dict[str, Any] = {f"latest.{m}": p for m, p in changes.items()}
    if doc.get("last_seen") is None or as_utc(doc["last_seen"]) < seen:
        update["last_seen"] = seen
    with atomic():
        outcome = collection.update_one({"_id": station_id, "version": doc.get("version", 0)},
                                        {"$set": update, "$inc": {"version": 1}})
    return outcome.matched_count == 1


def statuses(station_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Status documents by station id."""
    collection = StationStatus._get_collection()
    return {d["_id"]: d for d in collection.find({"_id": {"$in": station_ids}})}


def mark_changed(touched: Iterable[tuple[str, datetime]]) -> None:
    """Record, per station, the earliest hour whose data a write changed. Persisted rather
    than passed along, so an evaluation that fails or loses a race is redone by the sweep."""
    earliest: dict[str, datetime] = {}
    for station_id, hour in touched:
        if station_id not in earliest or hour < earliest[station_id]:
            earliest[station_id] = hour
    collection = StationStatus._get_collection()
    for station_id, hour in earliest.items():
        with atomic():
            collection.update_one({"_id": station_id},
                                  {"$min": {"changed_from": hour}, "$inc": {"changes": 1},
                                   "$setOnInsert": {"version": 0, "latest": {}}}, upsert=True)


def changed_from(status: Mapping[str, Any] | None) -> tuple[datetime | None, int]:
    """(earliest changed hour or None, the change counter it goes with)."""
    if not status or status.get("changed_from") is None:
        return None, int((status or {}).get("changes") or 0)
    return as_utc(status["changed_from"]), int(status.get("changes") or 0)


def clear_changed(station_id: str, changes: int) -> None:
    """Forget the mark once its hours were judged again, unless a write came in meanwhile."""
    with atomic():
        StationStatus._get_collection().update_one(
            {"_id": station_id, "changes": changes}, {"$unset": {"changed_from": ""}})
