"""Visitor flow: gate counts in hourly buckets, occupancy, the crowding ladder, flow curves and
district totals.

Counts are stored in one document per (spot, Beijing hour) keyed by (a hash of) event id
(DESIGN §4 bucket pattern): a batch writes each bucket once, conditioned on none of its new
keys being there yet, so a repeated or racing event id can never count twice. Everything else
is computed from the set of counts (domain.counts), so arrival order does not matter.

After a batch, each affected spot's loads are fed to its two ladders (INSTANTANEOUS, DAILY);
a transition and its CloudEvent are one conditional write on the ladder's version, so two
replicas evaluating at once publish it once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from pymongo.errors import DuplicateKeyError

from jlp.tourism.v1 import events_pb2
from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import FieldViolation
from jlp_common.events.outbox import outbox_event
from jlp_common.subjects import TOURISM_CROWDING_CLEARED, TOURISM_CROWDING_RAISED
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_tourism.domain.counts import GateCount, count_problems, day_totals, merge
from jlp_tourism.domain.crowding import Kind, LadderState, Level, Measure, Transition, one_out_one_in, sales_open, step
from jlp_tourism.domain.flow import FlowCurve, SpotLoad, flow_curve
from jlp_tourism.domain.timebase import BEIJING, local_date
from jlp_tourism.models import CrowdingTrack, GateCountBucket, Spot
from jlp_tourism.spots import Spots

MAX_BATCH = 5000
LEVEL_NAMES = {Level.NORMAL: "NORMAL", Level.YELLOW: "YELLOW", Level.ORANGE: "ORANGE", Level.RED: "RED"}
LEVEL_ZH = {Level.YELLOW: "80%", Level.ORANGE: "90%", Level.RED: "100%"}


def _key(event_id: str) -> str:
    """A bucket key for an event id (ids may hold '.' or '$', which MongoDB keys cannot)."""
    return hashlib.sha256(event_id.encode()).hexdigest()[:32]


def _bucket_id(count: GateCount) -> tuple[str, str]:
    hour = count.counted_at.astimezone(BEIJING).strftime("%Y-%m-%dT%H")
    return f"{count.spot_id}|{hour}", count.day.isoformat()


def _counts_of(bucket: dict) -> dict[str, GateCount]:
    out = {}
    for item in (bucket or {}).get("counts", {}).values():
        out[item["e"]] = GateCount(item["e"], bucket["spot_id"], item["g"], as_utc(item["t"]), item["i"], item["o"])
    return out


@dataclass
class IngestResult:
    accepted: int
    duplicates: int
    rejected: list[FieldViolation]


@dataclass
class Load:
    measure: Measure
    count: int
    capacity: int
    level: Level

    @property
    def percent(self) -> float:
        return round(self.count * 100 / self.capacity, 1) if self.capacity else 0.0


@dataclass
class Occupancy:
    spot: Spot
    day: date
    instantaneous: Load
    daily: Load
    as_of: datetime | None

    @property
    def sales_open(self) -> bool:
        return sales_open(self.instantaneous.level, self.daily.level)

    @property
    def one_out_one_in(self) -> bool:
        return one_out_one_in(self.instantaneous.count, self.instantaneous.capacity)


class Flows:
    def __init__(self, spots: Spots, clock: Callable[[], datetime],
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.spots, self.clock, self.on_write = spots, clock, on_write

    # --- ingest -----------------------------------------------------------------------------
    def ingest(self, counts: list[GateCount], untimed: frozenset[int] = frozenset()) -> IngestResult:
        """Store the new counts of a batch; `untimed` are the indexes of counts sent without a time."""
        now = self.clock()
        gates = {s.id: frozenset(g.id for g in s.gates) for s in Spot.objects(
            id__in=list({c.spot_id for c in counts})).only("id", "gates")}
        rejected: list[FieldViolation] = []
        by_bucket: dict[str, list[GateCount]] = defaultdict(list)
        days: dict[str, str] = {}
        for i, count in enumerate(counts):
            problems = count_problems(count, i, now, gates)
            if i in untimed:
                problems = [p for p in problems if not p.field.endswith("countTime")]
                problems.append(FieldViolation(f"counts[{i}].countTime", "is required"))
            if problems:
                rejected.extend(problems)
                continue
            bucket, day = _bucket_id(count)
            by_bucket[bucket].append(count)
            days[bucket] = day
        accepted = duplicates = 0
        touched: set[tuple[str, date]] = set()
        index_of = {id(c): i for i, c in enumerate(counts)}
        for bucket, items in by_bucket.items():
            new, dups, conflicts = self._write_bucket(bucket, days[bucket], items)
            accepted += new
            duplicates += dups
            rejected.extend(FieldViolation(f"counts[{index_of[id(items[j])]}].eventId",
                                           f"event id {event!r} was already counted with other numbers")
                            for j, event in conflicts)
            if new:
                touched.add((items[0].spot_id, date.fromisoformat(days[bucket])))
        for spot_id, day in sorted(touched):
            if day == local_date(now):
                self.evaluate(spot_id)
        return IngestResult(accepted, duplicates, rejected)

    def _write_bucket(self, bucket: str, day: str, items: list[GateCount]) -> tuple[int, int, list[tuple[int, str]]]:
        collection = GateCountBucket._get_collection()
        for _ in range(20):
            with atomic():  # the embedded store copies a document while another thread adds keys
                doc = collection.find_one({"_id": bucket}) or {"spot_id": items[0].spot_id, "counts": {}}
            result = merge(_counts_of(doc), items)
            conflicts = result.conflicts  # (index in items, event id)
            if not result.accepted:
                return 0, result.duplicates, conflicts
            new_keys = {f"counts.{_key(c.event_id)}": {"e": c.event_id, "g": c.gate_id, "t": c.at,
                                                         "i": c.entries, "o": c.exits} for c in result.accepted}
            condition = {"_id": bucket, **{k: {"$exists": False} for k in new_keys}}
            try:
                if compare_and_set(collection, condition, {"$set": new_keys, "$setOnInsert": {
                        "spot_id": items[0].spot_id, "date": day}}, upsert=True) is not None:
                    return len(result.accepted), result.duplicates, conflicts
            except DuplicateKeyError:  # a racing first write of the same bucket: read it again
                continue
        raise RuntimeError(f"gate count bucket {bucket} kept changing")

    def counts(self, spot_id: str, day: date) -> list[GateCount]:
        out: list[GateCount] = []
        with atomic():  # see _write_bucket: reads of contended documents are guarded too
            buckets = list(GateCountBucket._get_collection().find({"spot_id": spot_id, "date": day.isoformat()}))
        for bucket in buckets:
            out.extend(_counts_of(bucket).values())
        return out

    # --- occupancy and the ladder -----------------------------------------------------------
    def _track(self, spot_id: str, measure: Measure) -> tuple[LadderState, int]:
        with atomic():
            doc = CrowdingTrack._get_collection().find_one({"_id": f"{spot_id}|{measure.value}"})
        if doc is None:
            return LadderState(), 0
        state = LadderState(date.fromisoformat(doc["day"]) if doc.get("day") else None, Level(doc.get("level", 0)),
                            doc.get("raises", 0), tuple((Level(lvl), cid) for lvl, cid in doc.get("open_ids", [])))
        return state, doc.get("version", 0)

    def evaluate(self, spot_id: str) -> list[Transition]:
        """Feed the spot's current loads to its ladders; record each transition with its event."""
        spot = self.spots.get(spot_id)
        now = self.clock()
        day = local_date(now)
        out: list[Transition] = []
        for measure, capacity in ((Measure.INSTANTANEOUS, spot.capacity.instantaneous),
                                  (Measure.DAILY, spot.capacity.daily)):
            for _ in range(20):
                # the state first, then the counts: the counts read now include every count the
                # state was computed from, so a slower replica can never step it back on an
                # older snapshot (its write would also fail on the version)
                state, version = self._track(spot_id, measure)
                totals = day_totals(self.counts(spot_id, day), day, until=now)
                count = totals.inside if measure is Measure.INSTANTANEOUS else totals.entries
                new_state, transitions = step(state, spot_id, measure, day, count, capacity)
                if new_state == state:
                    break
                events = [self._event(spot, t, now) for t in transitions]
                try:
                    won = self._record(spot_id, measure, version, new_state, events)
                except DuplicateKeyError:  # another replica created the track first: read it again
                    continue
                if won is not None:
                    out.extend(transitions)
                    break
        if out:
            self.on_write()
        return out

    @staticmethod
    def _record(spot_id: str, measure: Measure, version: int, new_state: LadderState, events: list) -> dict | None:
        """The ladder's new state and its events in one write, if the state is still `version`."""
        return compare_and_set(CrowdingTrack._get_collection(),
                                      {"_id": f"{spot_id}|{measure.value}", "version": version},
                                      {"$set": {"spot_id": spot_id, "measure": measure.value,
                                                "day": new_state.day.isoformat() if new_state.day else None,
                                                "level": int(new_state.level), "raises": new_state.raises,
                                                "open_ids": [[int(lvl), cid] for lvl, cid in new_state.open_ids]},
                                       "$inc": {"version": 1},
                                       "$push": {"outbox": {"$each": [e.to_mongo().to_dict() for e in events]}}},
                               upsert=version == 0)

    def _event(self, spot: Spot, t: Transition, now: datetime):  # noqa: ANN202 - OutboxEvent
        if t.kind is Kind.RAISED:
            red_now = t.to_level is Level.RED
            message = events_pb2.CrowdingRaised(
                crowding_id=t.crowding_id, spot_id=spot.id, spot_code=spot.code, spot_name=spot.name,
                measure=t.measure.value, level=LEVEL_NAMES[t.to_level], previous_level=LEVEL_NAMES[t.from_level],
                count=t.count, capacity=t.capacity, percent=t.percent, sales_stopped=red_now,
                one_out_one_in=red_now and t.measure is Measure.INSTANTANEOUS, lon=spot.lon, lat=spot.lat,
                subdistrict_code=spot.subdistrict_code, raise_time=to_timestamp(now),
                description=f"{spot.name} {'瞬时客流' if t.measure is Measure.INSTANTANEOUS else '当日累计客流'}"
                            f"达到最大承载量{LEVEL_ZH[t.to_level]}（{t.count}/{t.capacity}）")
            return outbox_event(TOURISM_CROWDING_RAISED, message, event_id=f"raised|{t.crowding_id}",
                                subject_ref=f"spots/{spot.id}", time=now)
        message = events_pb2.CrowdingCleared(
            crowding_id=t.crowding_id, cleared_crowding_ids=list(t.cleared_ids), spot_id=spot.id,
            measure=t.measure.value, level=LEVEL_NAMES[t.from_level], new_level=LEVEL_NAMES[t.to_level],
            count=t.count, capacity=t.capacity, percent=t.percent, clear_time=to_timestamp(now))
        return outbox_event(TOURISM_CROWDING_CLEARED, message, subject_ref=f"spots/{spot.id}", time=now)

    def occupancy(self, spot: Spot) -> Occupancy:
        now = self.clock()
        day = local_date(now)
        totals = day_totals(self.counts(spot.id, day), day, until=now)
        loads = []
        for measure, count, capacity in ((Measure.INSTANTANEOUS, totals.inside, spot.capacity.instantaneous),
                                         (Measure.DAILY, totals.entries, spot.capacity.daily)):
            state, _ = self._track(spot.id, measure)
            level = state.level if state.day == day else Level.NORMAL
            loads.append(Load(measure, count, capacity, level))
        return Occupancy(spot, day, loads[0], loads[1], totals.as_of)

    def sales_open(self, spot_id: str, _now: datetime) -> bool:
        return self.occupancy(self.spots.get(spot_id)).sales_open

    def flow_curve(self, spot: Spot, day: date, interval_minutes: int) -> FlowCurve:
        now = self.clock()
        until = now if day == local_date(now) else None
        return flow_curve(self.counts(spot.id, day), day, interval_minutes, until=until)

    def district(self) -> tuple[date, list[Occupancy], list[SpotLoad]]:
        occupancies = [self.occupancy(s) for s in self.spots.all()]
        loads = [SpotLoad(o.spot.id, o.spot.name, o.instantaneous.count, o.daily.count, o.instantaneous.capacity,
                          o.daily.capacity, o.instantaneous.level, o.daily.level) for o in occupancies]
        return local_date(self.clock()), occupancies, loads
