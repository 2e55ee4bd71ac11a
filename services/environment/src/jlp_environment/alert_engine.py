"""Runs the alert rules over closed hours and records raise / clear with their events.

For each (station, rule) a RuleTrack remembers the last hour fed to the hysteresis machine.
After every write (and on a periodic sweep) the hours after it are fed in order, up to the
newest *closed* hour that has data; the hours without data in between are gaps. An hour is
closed once it ended `grace` ago (late raw values still count), or as soon as it ended when
all its values were sent as hourly means. Hours further back than `lookback` are skipped, so a
history backfill does not open alerts about last month.

Late data (ADR 0055): a write records the earliest hour it changed (status.mark_changed). When
that hour was already fed, and lies within `lookback` (the allowed lateness), the hours from it
are fed again from the state the track had before it (the track keeps each judged hour of the
lookback) — a logger's backlog re-sent after an outage, or an analyser's hourly means arriving
after the station's raw data, can raise the alert the earlier data missed. Such an alert is
marked late (raised_at: when the condition held; detected_at: now). Past decisions stand: an
hour judged with an alert open keeps it, a clear made stays made, and a late raise whose
episode already has an alert adopts it (domain.alerts.rejudge), so no alert is ever doubled.

Every step is idempotent, so a crash or a concurrent evaluation repeats work without doubling
it: the alert id is derived from (station, rule, first hour of the run), the raise is one
insert of the alert with its `alert.raised` event in its outbox; the clear is one conditional
update (state OPEN → CLEARED) that appends `alert.cleared`; hourly values are pushed at most
once per hour; the track is saved last with a version guard.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp.environment.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import atomic
from jlp_common.events import outbox_event
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_environment.buckets import ReadingStore, statistic_from_agg
from jlp_environment.domain.alerts import RuleSpec, TrackState, Transition, rejudge
from jlp_environment.domain.indicators import INDICATORS, IndicatorValue, StationParams, indicator_value
from jlp_environment.domain.noise import DayNight
from jlp_environment.domain.stations import StationKind
from jlp_environment.domain.timebase import BEIJING, HOUR, hour_floor
from jlp_environment.domain.validity import Statistic
from jlp_environment.models import Alert, AlertRule, RuleTrack, Station
from jlp_environment.rules import RuleBook, spec_of
from jlp_environment.station_registry import StationRegistry
from jlp_environment.status import changed_from, clear_changed, statuses

log = logging.getLogger(__name__)

RAISED_SUBJECT = subjects.ENVIRONMENT_ALERT_RAISED
CLEARED_SUBJECT = subjects.ENVIRONMENT_ALERT_CLEARED
CONTEXT_HOURS = 23  # preceding hours an indicator may read (O3 8-h, SO2 24-h moving means)


@dataclass(frozen=True)
class EngineSettings:
    grace: timedelta = timedelta(minutes=10)
    lookback: timedelta = timedelta(hours=24)
    periods: DayNight = DayNight()


def alert_id_of(station_id: str, rule_id: str, run_start: datetime) -> str:
    digest = hashlib.sha256(f"{station_id}|{rule_id}|{int(run_start.timestamp())}".encode())
    return "al-" + digest.hexdigest()[:20]


def params_of(station: Station) -> StationParams:
    return StationParams(StationKind(station.kind), station.noise_zone or "",
                         station.water_body or "", station.target_class or 0,
                         station.flood_limit_level_m, dict(station.permit_limits or {}))


class AlertEngine:
    """Feeds closed hours to each station's rules and records the transitions."""

    def __init__(self, store: ReadingStore, rules: RuleBook, clock: Callable[[], datetime],
                 settings: EngineSettings | None = None,
                 on_outbox: Callable[[], None] = lambda: None) -> None:
        self.store = store
        self.rules = rules
        self.clock = clock
        self.settings = settings or EngineSettings()
        self.on_outbox = on_outbox  # wakes the outbox relay

    # --- entry points ---------------------------------------------------------------------------
    def evaluate_stations(self, station_ids: Iterable[str], now: datetime | None = None) -> int:
        """Evaluate the rules of these stations; returns how many transitions happened.

        Hours a write changed after they were judged (status.mark_changed) are judged again
        from the earliest one; the mark is removed once every rule of the station did so."""
        now = now or self.clock()
        transitions = 0
        stations = StationRegistry.many(station_ids)
        seen = statuses(list(stations))
        for sid, station in stations.items():
            status = seen.get(sid) or {}
            newest = status.get("last_seen")
            changed, changes = changed_from(status)
            if newest is None:
                continue
            count, complete = self._evaluate(station, now, as_utc(newest), changed)
            transitions += count
            if changed is not None and complete:
                clear_changed(sid, changes)
        if transitions:
            self.on_outbox()
        return transitions

    def evaluate(self, station: Station, now: datetime, newest: datetime,
                 changed: datetime | None = None) -> int:
        """Run the station's rules; `newest` is its newest reading time (nothing after it)."""
        return self._evaluate(station, now, newest, changed)[0]

    def _evaluate(self, station: Station, now: datetime, newest: datetime,
                  changed: datetime | None) -> tuple[int, bool]:
        count, complete = 0, True
        for rule in self.rules.effective(station):
            for _attempt in range(3):
                done = self._run(station, rule, now, newest, changed)
                if done is not None:
                    count += done
                    break
            else:
                complete = False  # kept losing races: the mark stays, the sweep tries again
        return count, complete

    # --- one (station, rule) -------------------------------------------------------------------
    def _run(self, station: Station, rule: AlertRule, now: datetime, newest: datetime,
             changed_from: datetime | None = None) -> int | None:
        """Feed the closed hours; returns transitions, or None when the track lost a race.

        `changed_from`: the earliest hour whose data changed since the last evaluation. When
        it is an hour this track already judged, and within the lookback (the allowed
        lateness), the hours from there are judged again with the data now known
        (domain.alerts.rejudge): a raise the earlier data missed is made now, marked late.
        """
        track_id = f"{station.id}|{rule.id}"
        track = RuleTrack._get_collection().find_one({"_id": track_id})
        floor_now = hour_floor(now)
        horizon = floor_now - self.settings.lookback
        first = horizon
        cursor_before = as_utc(track["cursor"]) if track and track.get("cursor") is not None else None
        if cursor_before is not None:
            first = max(first, cursor_before + HOUR)
        judged = _judged_of(track)
        replay_from = None
        if cursor_before is not None and changed_from is not None and judged:
            candidate = max(hour_floor(changed_from), horizon, min(judged))
            if candidate <= cursor_before:
                replay_from = first = candidate
        # the last hour that has ended, and no later than the station's newest data: a station
        # already judged up to its newest reading costs one small read, not a bucket scan
        last = min(floor_now - HOUR, hour_floor(newest))
        if first > last:
            return 0
        default = INDICATORS[rule.indicator]
        docs = self.store.buckets(str(station.id), first - CONTEXT_HOURS * HOUR, last,
                                  metrics=default.inputs)
        stats: dict[str, dict[datetime, Statistic]] = {}
        sources: dict[datetime, set[str]] = {}
        for doc in docs:
            hour = as_utc(doc["hour"])
            stat = statistic_from_agg(doc.get("agg"))
            if stat is not None:
                stats.setdefault(doc["metric"], {})[hour] = stat
            sources.setdefault(hour, set()).add((doc.get("agg") or {}).get("source", "RAW"))
        if replay_from is not None:
            state, open_alert = _judged_before(judged, replay_from)
            earlier = {h: entry[1] for h, entry in judged.items() if h >= replay_from}
        else:
            state = _state_of(track)
            open_alert = (track or {}).get("open_alert_id", "")
            earlier = {}
            if cursor_before is not None and first > cursor_before + HOUR:
                state = TrackState(active=state.active)  # hours beyond the lookback: runs broken
        spec = spec_of(rule)
        params = params_of(station)
        # Feed up to the newest closed hour that has data; hours without data before it are
        # gaps. Later empty hours wait: a station uploading a backlog hour by hour is heard.
        with_data = [h for h in sources if first <= h <= last]
        until = max(with_data, default=first - HOUR)
        if replay_from is not None and cursor_before is not None:
            until = max(until, cursor_before)  # judged hours are judged again, gaps included
        fed: list[tuple[datetime, IndicatorValue]] = []
        hour = first
        while hour <= until:
            if not self._closed(hour, now, sources.get(hour)):
                break
            fed.append((hour, indicator_value(rule.indicator, params, hour, stats,
                                              self.settings.periods)))
            hour += HOUR
        if not fed:
            return 0
        decisions = rejudge(spec, state, open_alert, [(h, v.value) for h, v in fed], earlier)
        transitions = 0
        for decision, (hour, value) in zip(decisions, fed, strict=True):
            if decision.move is Transition.RAISE:
                late = cursor_before is not None and hour <= cursor_before
                open_alert = self._raise(station, rule, spec, decision.state, hour, value, late)
                transitions += 1
            elif decision.move is Transition.CLEAR:
                if open_alert:
                    self._clear(open_alert, hour)
                    transitions += 1
                open_alert = ""
            else:
                if decision.alert is not None:
                    open_alert = decision.alert
                if decision.state.active and open_alert and value.value is not None:
                    self._record_value(open_alert, hour, value)
            judged[hour] = (decision.state, open_alert)
            state = decision.state
        cursor = fed[-1][0] if cursor_before is None else max(cursor_before, fed[-1][0])
        if cursor != fed[-1][0]:  # cannot happen (judged hours are fed again up to the cursor)
            state, open_alert = judged[cursor]
        kept = {h: entry for h, entry in judged.items() if h >= horizon - HOUR}
        saved = self._save_track(track_id, station, rule, track, state, cursor, open_alert, kept)
        return transitions if saved else None

    def _closed(self, hour: datetime, now: datetime, sources: set[str] | None) -> bool:
        end = hour + HOUR
        if end + self.settings.grace <= now:
            return True
        return end <= now and bool(sources) and sources == {"HOUR"}

    # --- transitions ----------------------------------------------------------------------------
    def _raise(self, station: Station, rule: AlertRule, spec: RuleSpec, state: TrackState,
               hour: datetime, value: IndicatorValue, late: bool = False) -> str:
        """Record the alert (idempotent by id). `late`: raised on data that arrived after its
        hours were judged — `raised_at` stays when the condition held, `detected_at` is now."""
        run_start = state.run_start or hour
        alert_id = alert_id_of(str(station.id), rule.id, run_start)
        raised_at = hour + HOUR
        detected_at = self.clock()
        local = run_start.astimezone(BEIJING).strftime("%Y-%m-%d %H:00")
        description = (f"{station.name} ({station.code}, {station.kind}): {rule.indicator} "
                       f"{value.value:g} above {spec.raise_above:g} for {state.exceed_run} "
                       f"consecutive hour(s) since {local} Beijing time; {value.detail}")
        if late:
            description = "[late data] " + description
        event = events_pb2.AlertRaised(
            alert_id=alert_id, station_id=str(station.id), station_code=station.code,
            station_name=station.name, station_kind=station.kind, metric=rule.indicator,
            severity=rule.severity, value=float(value.value or 0.0),
            threshold=spec.raise_above, lon=station.lon, lat=station.lat,
            subdistrict_code=station.subdistrict_code or "", grid_code=station.grid_code or "",
            raise_time=to_timestamp(raised_at), description=description, late=late,
            detect_time=to_timestamp(detected_at))
        alert = {
            "_id": alert_id, "station_id": str(station.id), "station_code": station.code,
            "station_name": station.name, "station_kind": station.kind, "rule_id": rule.id,
            "indicator": rule.indicator, "severity": rule.severity, "state": "OPEN",
            "raised_at": raised_at, "cleared_at": None, "detected_at": detected_at,
            "late": late,
            "value": float(value.value or 0.0), "threshold": spec.raise_above,
            "peak_value": float(value.value or 0.0), "case_id": "",
            "description": description, "subdistrict_code": station.subdistrict_code or "",
            "grid_code": station.grid_code or "", "lon": station.lon, "lat": station.lat,
            "history": [{"time": raised_at, "type": "RAISED", "value": value.value,
                         "note": description}],
            "value_hours": [int(hour.timestamp())],
            "outbox": [outbox_event(RAISED_SUBJECT, event, event_id=f"{alert_id}.raised",
                                    subject_ref=f"alerts/{alert_id}",
                                    time=raised_at).to_mongo().to_dict()],
        }
        try:
            with atomic():
                Alert._get_collection().insert_one(alert)
            log.info("alert raised", extra={"alert": alert_id, "station": station.code,
                                            "indicator": rule.indicator, "value": value.value,
                                            "late": late})
        except DuplicateKeyError:
            pass  # raised by an earlier (interrupted or concurrent) pass
        return alert_id

    def _clear(self, alert_id: str, hour: datetime) -> None:
        cleared_at = hour + HOUR
        event = events_pb2.AlertCleared(alert_id=alert_id, clear_time=to_timestamp(cleared_at))
        doc = Alert._get_collection().find_one({"_id": alert_id}, {"station_id": 1})
        if doc is None:
            return
        event.station_id = doc["station_id"]
        entry = outbox_event(CLEARED_SUBJECT, event, event_id=f"{alert_id}.cleared",
                             subject_ref=f"alerts/{alert_id}", time=cleared_at)
        with atomic():
            outcome = Alert._get_collection().update_one(
                {"_id": alert_id, "state": "OPEN"},
                {"$set": {"state": "CLEARED", "cleared_at": cleared_at},
                 "$push": {"history": {"time": cleared_at, "type": "CLEARED", "value": None,
                                       "note": "clear condition held"},
                           "outbox": entry.to_mongo().to_dict()}})
        if outcome.modified_count:
            log.info("alert cleared", extra={"alert": alert_id})

    @staticmethod
    def _record_value(alert_id: str, hour: datetime, value: IndicatorValue) -> None:
        epoch = int(hour.timestamp())
        with atomic():
            Alert._get_collection().update_one(
                {"_id": alert_id, "state": "OPEN", "value_hours": {"$ne": epoch}},
                {"$push": {"history": {"time": hour + HOUR, "type": "VALUE",
                                       "value": value.value, "note": value.detail},
                           "value_hours": epoch},
                 "$max": {"peak_value": float(value.value or 0.0)}})

    # --- track --------------------------------------------------------------------------------
    @staticmethod
    def _save_track(track_id: str, station: Station, rule: AlertRule, track: dict | None,
                    state: TrackState, cursor: datetime, open_alert: str,
                    judged: dict[datetime, tuple[TrackState, str]]) -> bool:
        body: dict[str, Any] = {
            "station_id": str(station.id), "rule_id": rule.id, "cursor": cursor,
            "active": state.active, "exceed_run": state.exceed_run,
            "normal_run": state.normal_run, "gap": state.gap, "run_start": state.run_start,
            "open_alert_id": open_alert,
            "judged": [{"hour": h, **_state_doc(s), "alert": a}
                       for h, (s, a) in sorted(judged.items())]}
        collection = RuleTrack._get_collection()
        if track is None:
            try:
                with atomic():
                    collection.insert_one({"_id": track_id, **body, "version": 1})
                return True
            except DuplicateKeyError:
                return False
        with atomic():
            outcome = collection.update_one({"_id": track_id,
                                             "version": track.get("version", 0)},
                                            {"$set": body, "$inc": {"version": 1}})
        return outcome.matched_count == 1


def _state_doc(state: TrackState) -> dict[str, Any]:
    return {"active": state.active, "exceed_run": state.exceed_run,
            "normal_run": state.normal_run, "gap": state.gap, "run_start": state.run_start}


def _judged_of(track: dict | None) -> dict[datetime, tuple[TrackState, str]]:
    """hour → (state after it, alert open after it) as the track last judged them."""
    return {as_utc(e["hour"]): (_state_of(e), str(e.get("alert") or ""))
            for e in (track or {}).get("judged") or []}


def _judged_before(judged: dict[datetime, tuple[TrackState, str]],
                   hour: datetime) -> tuple[TrackState, str]:
    """Where the machine stood before `hour`: the judgement of the hour before; if that hour
    was not judged, the runs are broken (as after a jump beyond the lookback); if nothing
    was judged before, the fresh state the track started from."""
    before = [h for h in judged if h < hour]
    if not before:
        return TrackState(), ""
    latest = max(before)
    state, alert = judged[latest]
    if latest != hour - HOUR:
        state = TrackState(active=state.active)
    return state, alert


def _state_of(track: dict | None) -> TrackState:
    if not track:
        return TrackState()
    start = track.get("run_start")
    return TrackState(bool(track.get("active")), int(track.get("exceed_run") or 0),
                      int(track.get("normal_run") or 0), int(track.get("gap") or 0),
                      as_utc(start) if start else None)
