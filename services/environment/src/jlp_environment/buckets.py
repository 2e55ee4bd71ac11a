"""Writing and reading hour buckets of readings (docs/adr/0050-readings-bucket-storage.md).

A batch is grouped by bucket (station, metric, hour). The buckets it touches are read once
(one `_id $in` query), each key is classified new or duplicate against what is stored and what
came earlier in the same batch, and each bucket gets one write: `$set` of the new
`values.<second>` keys plus the hour's statistic recomputed from stored + new values, guarded
by the bucket's `version` (optimistic concurrency; a lost race re-reads that bucket and
re-classifies, so duplicates are counted against what another writer stored meanwhile).
Buckets that do not exist yet are created with one `insert_many`.

A repeated (station, metric, time) is a duplicate: the first stored value stays. Times are kept
to the second.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo.errors import BulkWriteError, DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.timeutil import as_utc
from jlp_environment.domain.readings import MetricSpec, Reading
from jlp_environment.domain.timebase import hour_floor
from jlp_environment.domain.validity import Statistic, hourly_statistic
from jlp_environment.models import ReadingBucket

log = logging.getLogger(__name__)
MAX_RETRIES = 8
HOUR_S = 3600


def bucket_id(station_id: str, metric: str, hour: datetime) -> str:
    return f"{station_id}|{metric}|{int(as_utc(hour).timestamp())}"


@dataclass
class BucketPlan:
    """What one batch adds to one bucket."""

    station_id: str
    metric: str
    hour: datetime
    spec: MetricSpec
    interval_s: int
    raw: dict[str, float] = field(default_factory=dict)  # second → value (first in batch wins)
    hourly: float | None = None
    repeats: int = 0  # repeats inside the batch itself


@dataclass
class WriteResult:
    accepted: int = 0
    duplicates: int = 0
    touched: set[tuple[str, datetime]] = field(default_factory=set)  # (station, hour) changed
    # (station, metric) → (time, value) of the newest value this write stored
    latest: dict[tuple[str, str], tuple[datetime, float]] = field(default_factory=dict)


def statistic_of(doc: Mapping[str, Any], spec: MetricSpec, interval_s: int) -> Statistic:
    """The hour's statistic: the station's own hourly value wins over averaging raw values."""
    if doc.get("hourly") is not None:
        return Statistic(float(doc["hourly"]), True, 1)
    hour_epoch = int(as_utc(doc["hour"]).timestamp())
    samples = {int(k) - hour_epoch: float(v) for k, v in (doc.get("values") or {}).items()}
    return hourly_statistic(samples, interval_s, spec.how, spec.rule)


def agg_document(stat: Statistic, source: str) -> dict[str, Any]:
    return {"value": stat.value, "valid": stat.valid, "count": stat.count,
            "coverage": stat.coverage_minutes, "reason": stat.reason, "source": source}


def statistic_from_agg(agg: Mapping[str, Any] | None) -> Statistic | None:
    if not agg:
        return None
    return Statistic(agg.get("value"), bool(agg.get("valid")), int(agg.get("count") or 0),
                     agg.get("reason") or "", agg.get("coverage"))


class ReadingStore:
    """Bucketed readings on the `reading_buckets` collection."""

    @property
    def collection(self) -> Any:
        return ReadingBucket._get_collection()

    # --- writing ------------------------------------------------------------------------------
    @staticmethod
    def plan(readings: Iterable[tuple[Reading, MetricSpec, int]]) -> dict[str, BucketPlan]:
        """Group checked readings (with their spec and sampling interval) into bucket plans.

        Repeats inside the batch are counted in the plan (`repeats`): the first value wins.
        Works on epoch seconds (a checked reading is UTC, whole seconds): the bucket key and
        the value key come from one integer per reading, and the hour's datetime is built
        once per bucket, not per reading (issue 16).
        """
        plans: dict[str, BucketPlan] = {}
        for reading, spec, interval_s in readings:
            epoch = int(reading.observed_at.timestamp())
            hour_epoch = epoch - epoch % HOUR_S
            key = f"{reading.station_id}|{reading.metric}|{hour_epoch}"  # = bucket_id(...)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = BucketPlan(reading.station_id, reading.metric,
                                               datetime.fromtimestamp(hour_epoch, UTC), spec,
                                               interval_s)
            if reading.hourly:
                if plan.hourly is None:
                    plan.hourly = reading.value
                else:
                    plan.repeats += 1
            else:
                second = str(epoch)
                if second in plan.raw:
                    plan.repeats += 1
                else:
                    plan.raw[second] = reading.value
        return plans

    def write(self, plans: Mapping[str, BucketPlan]) -> WriteResult:
        """Store the plans; counts accepted and duplicate readings."""
        result = WriteResult()
        for plan in plans.values():
            result.duplicates += plan.repeats
        pending = dict(plans)
        for _attempt in range(MAX_RETRIES):
            if not pending:
                break
            pending = self._write_round(pending, result)
        if pending:
            raise RuntimeError(f"{len(pending)} buckets kept conflicting; retry the request")
        return result

    def _write_round(self, plans: Mapping[str, BucketPlan], result: WriteResult
                     ) -> dict[str, BucketPlan]:
        existing = {d["_id"]: d for d in self.collection.find({"_id": {"$in": list(plans)}})}
        inserts: list[tuple[str, dict[str, Any], BucketPlan, int]] = []
        retry: dict[str, BucketPlan] = {}
        for key, plan in plans.items():
            doc = existing.get(key)
            stored_values = (doc or {}).get("values") or {}
            new_raw = {s: v for s, v in plan.raw.items() if s not in stored_values}
            new_hourly = plan.hourly if plan.hourly is not None and \
                (doc is None or doc.get("hourly") is None) else None
            dup = len(plan.raw) - len(new_raw) + \
                (1 if plan.hourly is not None and new_hourly is None else 0)
            added = len(new_raw) + (1 if new_hourly is not None else 0)
            if not added:
                result.duplicates += dup
                continue
            merged = {"hour": plan.hour, "values": {**stored_values, **new_raw},
                      "hourly": new_hourly if new_hourly is not None else (doc or {}).get("hourly")}
            stat = statistic_of(merged, plan.spec, plan.interval_s)
            source = "HOUR" if merged["hourly"] is not None else "RAW"
            agg = agg_document(stat, source)
            if doc is None:
                body = {"_id": key, "station_id": plan.station_id, "metric": plan.metric,
                        "hour": plan.hour, "values": new_raw, "hourly": new_hourly,
                        "agg": agg, "version": 1}
                inserts.append((key, body, plan, dup))
                continue
            update: dict[str, Any] = {f"values.{s}": v for s, v in new_raw.items()}
            if new_hourly is not None:
                update["hourly"] = new_hourly
            update["agg"] = agg
            with atomic():
                outcome = self.collection.update_one(
                    {"_id": key, "version": doc.get("version", 0)},
                    {"$set": update, "$inc": {"version": 1}})
            if outcome.matched_count == 0:
                retry[key] = plan
                continue
            self._count(result, plan, new_raw, new_hourly, dup)
        if inserts:
            failed = self._insert(inserts)
            for key, body, plan, dup in inserts:
                if key in failed:
                    retry[key] = plan
                else:
                    self._count(result, plan, body["values"], body["hourly"], dup)
        return retry

    def _insert(self, inserts: list[tuple[str, dict[str, Any], BucketPlan, int]]) -> set[str]:
        """Insert new buckets; returns the keys another writer created first (to retry)."""
        try:
            with atomic():
                self.collection.insert_many([body for _k, body, _p, _d in inserts],
                                            ordered=False)
        except BulkWriteError as exc:
            failed = set()
            for error in exc.details.get("writeErrors", []):
                if error.get("code") != 11000:
                    raise
                failed.add(inserts[error["index"]][0])
            return failed
        except DuplicateKeyError:  # pragma: no cover - stores that do not report per item
            return {key for key, _b, _p, _d in inserts
                    if self.collection.count_documents({"_id": key}, limit=1)}
        return set()

    @staticmethod
    def _count(result: WriteResult, plan: BucketPlan, new_raw: Mapping[str, float],
               new_hourly: float | None, dup: int) -> None:
        result.accepted += len(new_raw) + (1 if new_hourly is not None else 0)
        result.duplicates += dup
        result.touched.add((plan.station_id, plan.hour))
        # the newest value by its epoch second; one datetime for it, not one per value
        newest_s = max(new_raw, key=int, default=None)
        candidates = [] if newest_s is None else [
            (datetime.fromtimestamp(int(newest_s), UTC), new_raw[newest_s])]
        if new_hourly is not None:
            candidates.append((plan.hour, new_hourly))
        if candidates:
            newest = max(candidates, key=lambda c: c[0])
            key = (plan.station_id, plan.metric)
            if key not in result.latest or result.latest[key][0] < newest[0]:
                result.latest[key] = newest

    # --- reading ------------------------------------------------------------------------------
    def buckets(self, station_id: str, start: datetime, end: datetime,
                metrics: Iterable[str] | None = None, with_values: bool = False
                ) -> list[dict[str, Any]]:
        """Buckets of a station with hour in [start, end] (optionally some metrics only)."""
        query: dict[str, Any] = {"station_id": station_id,
                                 "hour": {"$gte": hour_floor(start), "$lte": hour_floor(end)}}
        wanted = list(metrics) if metrics is not None else None
        if wanted is not None:
            query["metric"] = {"$in": wanted}
        projection = None if with_values else {"values": 0}
        docs = list(self.collection.find(query, projection))
        docs.sort(key=lambda d: (d["metric"], as_utc(d["hour"])))
        return docs

    def hourly_stats(self, station_id: str, start: datetime, end: datetime,
                     metrics: Iterable[str] | None = None
                     ) -> dict[str, dict[datetime, Statistic]]:
        """metric → hour → statistic for a station over [start, end]."""
        out: dict[str, dict[datetime, Statistic]] = {}
        for doc in self.buckets(station_id, start, end, metrics):
            stat = statistic_from_agg(doc.get("agg"))
            if stat is not None:
                out.setdefault(doc["metric"], {})[as_utc(doc["hour"])] = stat
        return out
