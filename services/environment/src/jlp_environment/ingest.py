"""Readings ingest shared by the single, batch and streaming RPCs.

Every reading is checked on its own (domain.readings.check_reading); invalid ones are reported
by index and field (the first problem of each), valid ones are stored in hour buckets in one
pass, the stations' latest values are merged, and the alert rules of the touched stations are
evaluated for the hours that closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from jlp_common.errors import InvalidArgument
from jlp_environment.buckets import ReadingStore
from jlp_environment.domain.readings import MAX_BATCH, RawReading, check_reading, metric_spec
from jlp_environment.domain.stations import StationKind, interval_of
from jlp_environment.station_registry import StationRegistry
from jlp_environment.status import mark_changed, merge_latest

log = logging.getLogger(__name__)
# Rejected items listed in one answer: a batch has at most MAX_BATCH of them, but a stream has
# no length limit, so its answer (and the memory holding it) keeps the first ones and counts
# the rest.
MAX_REPORTED = MAX_BATCH


@dataclass(frozen=True)
class Rejected:
    index: int
    field: str
    reason: str


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)  # the first MAX_REPORTED
    rejected_count: int = 0  # all of them

    def add(self, other: IngestResult) -> None:
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected_count += other.rejected_count
        room = MAX_REPORTED - len(self.rejected)
        if room > 0:
            self.rejected.extend(other.rejected[:room])


class Ingestor:
    """Check, store and evaluate readings."""

    def __init__(self, store: ReadingStore, registry: StationRegistry,
                 on_stored: Callable[[set[str], datetime], None],
                 clock: Callable[[], datetime]) -> None:
        self.store = store
        self.registry = registry
        self.on_stored = on_stored  # evaluates the rules of the touched stations
        self.clock = clock

    def ingest(self, raws: Sequence[RawReading], first_index: int = 0) -> IngestResult:
        """Store what is valid, report what is not; `first_index` offsets indexes (streams)."""
        if len(raws) > MAX_BATCH:
            raise InvalidArgument.field("readings", f"at most {MAX_BATCH} readings per request, "
                                                    f"got {len(raws)}")
        now = self.clock()
        stations = self.registry.many(r.station_id for r in raws if r.station_id)
        kinds = {sid: StationKind(s.kind) for sid, s in stations.items()}
        intervals = {sid: interval_of(kinds[sid], s.sampling_interval_seconds)
                     for sid, s in stations.items()}  # once per station, not per reading
        result = IngestResult()
        checked = []
        for i, raw in enumerate(raws):
            kind = kinds.get(raw.station_id)
            reading, problems = check_reading(raw, kind, now)
            if reading is None or kind is None:
                name, reason = problems[0]
                result.rejected_count += 1
                if len(result.rejected) < MAX_REPORTED:
                    result.rejected.append(Rejected(first_index + i, name, reason))
                continue
            spec = metric_spec(kind, reading.metric)
            assert spec is not None  # check_reading accepted the metric
            checked.append((reading, spec, intervals[reading.station_id]))
        if not checked:
            return result
        written = self.store.write(self.store.plan(checked))
        result.accepted, result.duplicates = written.accepted, written.duplicates
        if written.latest:
            merge_latest(written.latest)
        if written.touched:  # before evaluating: a failed evaluation leaves the mark for the sweep
            mark_changed(written.touched)
        touched = {station_id for station_id, _hour in written.touched}
        if touched:
            try:
                self.on_stored(touched, now)
            except Exception:  # noqa: BLE001 - data is stored; the periodic sweep evaluates again
                log.exception("alert evaluation after ingest failed")
        return result
