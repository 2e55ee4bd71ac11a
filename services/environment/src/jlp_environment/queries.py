"""Read side: latest values, time series, daily assessments and the AQI ranking.

Everything is computed from the hour buckets' statistics with the same domain functions the
alert engine uses, so a figure on the dashboard and the alert that fired on it agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from jlp.environment.v1 import environment_pb2 as pb
from jlp_common.errors import InvalidArgument
from jlp_common.timeutil import as_utc, to_timestamp
from jlp_environment import convert
from jlp_environment.buckets import ReadingStore
from jlp_environment.domain import air, aqi, assess, noise, water
from jlp_environment.domain.readings import METRICS, metric_spec
from jlp_environment.domain.stations import StationKind
from jlp_environment.domain.timebase import (
    BEIJING,
    DAY,
    HOUR,
    day_hours,
    day_start,
    hour_floor,
    local_date,
)
from jlp_environment.domain.validity import Statistic, daily_statistic
from jlp_environment.models import Station
from jlp_environment.station_registry import StationRegistry
from jlp_environment.status import statuses

MAX_SPAN = {pb.PERIOD_UNSPECIFIED: timedelta(days=2), pb.HOUR: timedelta(days=31),
            pb.DAY: timedelta(days=366)}
FLOOD_DEPTH_LIMIT_M = 0.15  # GB 51222-2017: road water depth at most 15 cm


class Queries:
    def __init__(self, store: ReadingStore, registry: StationRegistry,
                 clock: Callable[[], datetime], periods: noise.DayNight | None = None) -> None:
        self.store = store
        self.registry = registry
        self.clock = clock
        self.periods = periods or noise.DayNight()

    # --- latest -------------------------------------------------------------------------------
    def latest(self, kind: StationKind | None) -> pb.ListLatestResponse:
        stations = self.registry.all(kind)
        found = statuses([str(s.id) for s in stations])
        out = pb.ListLatestResponse()
        for station in stations:
            doc = found.get(str(station.id)) or {}
            item = out.stations.add(
                station_id=str(station.id), code=station.code, name=station.name,
                kind=convert.kind_pb(station.kind),
                subdistrict_code=station.subdistrict_code or "")
            if doc.get("last_seen"):
                item.last_seen_time.CopyFrom(to_timestamp(doc["last_seen"]))
            kind_metrics = METRICS[StationKind(station.kind)]
            for metric, point in sorted((doc.get("latest") or {}).items()):
                spec = kind_metrics.get(metric)
                item.values[metric].CopyFrom(pb.LatestValue(
                    value=point["v"], unit=spec.unit if spec else "",
                    observed_at=to_timestamp(point["t"])))
            if station.kind == StationKind.AIR.value and doc.get("last_seen"):
                self._latest_aqi(station, as_utc(doc["last_seen"]), item)
        return out

    def _latest_aqi(self, station: Station, last_seen: datetime, item: pb.StationLatest) -> None:
        """Real-time AQI of the newest hour with data (the current hour is still filling)."""
        newest = hour_floor(min(last_seen, self.clock()))
        stats = self.store.hourly_stats(str(station.id), newest - 31 * HOUR, newest,
                                        air.AIR_POLLUTANTS)
        hours = sorted({h for series in stats.values() for h in series}, reverse=True)
        for hour in hours[:2]:
            result = air.hourly_aqi(hour, stats)
            if result is not None:
                item.hourly_aqi.CopyFrom(convert.aqi_pb(result))
                item.aqi_hour.CopyFrom(to_timestamp(hour))
                return

    # --- series -------------------------------------------------------------------------------
    def series(self, req: pb.QueryTimeSeriesRequest) -> pb.QueryTimeSeriesResponse:
        station = self.registry.get(req.station_id)
        kind = StationKind(station.kind)
        is_aqi = req.metric == "aqi" and kind is StationKind.AIR
        spec = metric_spec(kind, req.metric)
        if spec is None and not is_aqi:
            extra = ", aqi" if kind is StationKind.AIR else ""
            raise InvalidArgument.field("metric", f"one of {', '.join(METRICS[kind])}{extra}")
        if req.interval not in MAX_SPAN:
            raise InvalidArgument.field("interval", "omit (raw values), HOUR or DAY")
        if is_aqi and req.interval == pb.PERIOD_UNSPECIFIED:
            raise InvalidArgument.field("interval", "aqi is an HOUR or DAY series")
        end = convert.query_time(req.end_time, "end_time") if req.HasField("end_time") \
            else self.clock()
        start = convert.query_time(req.start_time, "start_time") \
            if req.HasField("start_time") else end - DAY
        if start > end:
            raise InvalidArgument.field("start_time", "must not be after end_time")
        if end - start > MAX_SPAN[req.interval]:
            raise InvalidArgument.field("end_time", f"at most {MAX_SPAN[req.interval].days} days "
                                                    f"for this interval")
        out = pb.QueryTimeSeriesResponse(station_id=str(station.id), metric=req.metric,
                                         unit=spec.unit if spec else "", interval=req.interval)
        sid = str(station.id)
        if req.interval == pb.PERIOD_UNSPECIFIED:
            self._raw_points(sid, req.metric, start, end, out)
        elif req.interval == pb.HOUR:
            self._hour_points(sid, req.metric, is_aqi, start, end, out)
        else:
            self._day_points(sid, kind, req.metric, is_aqi, start, end, out)
        return out

    def _raw_points(self, sid: str, metric: str, start: datetime, end: datetime,
                    out: pb.QueryTimeSeriesResponse) -> None:
        points = []
        for doc in self.store.buckets(sid, start, end, [metric], with_values=True):
            for second, value in (doc.get("values") or {}).items():
                moment = datetime.fromtimestamp(int(second), BEIJING)
                if start <= moment <= end:
                    points.append((moment, value))
            if doc.get("hourly") is not None and start <= as_utc(doc["hour"]) <= end:
                points.append((as_utc(doc["hour"]), doc["hourly"]))
        for moment, value in sorted(points, key=lambda p: p[0]):
            out.points.add(time=to_timestamp(moment), value=value, valid=True, count=1)

    def _hour_points(self, sid: str, metric: str, is_aqi: bool, start: datetime, end: datetime,
                     out: pb.QueryTimeSeriesResponse) -> None:
        if is_aqi:
            stats = self.store.hourly_stats(sid, start - 23 * HOUR, end, air.AIR_POLLUTANTS)
            hours = sorted({h for s in stats.values() for h in s if h >= hour_floor(start)})
            for hour in hours:
                result = air.hourly_aqi(hour, stats)
                if result is None:
                    continue
                point = out.points.add(time=to_timestamp(hour), valid=result.aqi is not None,
                                       source="RAW")
                if result.aqi is not None:
                    point.aqi = result.aqi
                    point.value = float(result.aqi)
                else:
                    point.invalid_reason = "; ".join(result.notes)
                point.primary_pollutants.extend(result.primary_pollutants)
            return
        for doc in self.store.buckets(sid, start, end, [metric]):
            agg = doc.get("agg") or {}
            point = out.points.add(time=to_timestamp(doc["hour"]), valid=bool(agg.get("valid")),
                                   invalid_reason=agg.get("reason") or "",
                                   count=int(agg.get("count") or 0),
                                   source=agg.get("source") or "RAW")
            if agg.get("valid") and agg.get("value") is not None:
                point.value = agg["value"]

    def _day_points(self, sid: str, kind: StationKind, metric: str, is_aqi: bool,
                    start: datetime, end: datetime, out: pb.QueryTimeSeriesResponse) -> None:
        first, last = local_date(start), local_date(end)
        metrics = list(air.AIR_POLLUTANTS) if is_aqi else [metric]
        stats = self.store.hourly_stats(sid, day_start(first), day_start(last) + DAY, metrics)
        day = first
        while day <= last:
            if is_aqi:
                daily = air.daily_aqi(day, stats)
                point = out.points.add(time=to_timestamp(day_start(day)),
                                       valid=daily.result is not None and
                                       daily.result.aqi is not None and daily.complete)
                if daily.result is not None and daily.result.aqi is not None:
                    point.aqi = daily.result.aqi
                    point.value = float(daily.result.aqi)
                    point.primary_pollutants.extend(daily.result.primary_pollutants)
                if not daily.complete:
                    point.invalid_reason = "; ".join(daily.notes)
            else:
                spec = metric_spec(kind, metric)
                assert spec is not None
                series = stats.get(metric, {})
                stat = daily_statistic([series.get(h) for h in day_hours(day)], spec.how,
                                       spec.rule)
                point = out.points.add(time=to_timestamp(day_start(day)), valid=stat.valid,
                                       invalid_reason=stat.reason, count=stat.count)
                if stat.valid and stat.value is not None:
                    point.value = stat.value
            day += timedelta(days=1)

    # --- assessment ---------------------------------------------------------------------------
    def assess(self, station_id: str, day_text: str) -> pb.StationAssessment:
        station = self.registry.get(station_id)
        day = convert.parse_date(day_text, "date", local_date(self.clock()))
        kind = StationKind(station.kind)
        out = pb.StationAssessment(station_id=str(station.id), kind=convert.kind_pb(station.kind),
                                   date=day.isoformat())
        sid = str(station.id)
        # the day plus the following night (noise) and the preceding hours (moving means)
        stats = self.store.hourly_stats(sid, day_start(day) - 8 * HOUR,
                                        day_start(day) + DAY + 8 * HOUR)
        hours = day_hours(day)
        if kind is StationKind.AIR:
            daily = air.daily_aqi(day, stats)
            if daily.result is not None:
                out.air.CopyFrom(convert.aqi_pb(daily.result))
            out.notes.extend(daily.notes)
        elif kind is StationKind.NOISE:
            self._assess_noise(station, day, stats, out)
        elif kind is StationKind.SURFACE_WATER:
            self._assess_water(station, hours, stats, out)
        elif kind is StationKind.RESERVOIR:
            levels = _valid_values(stats, "water_level", hours)
            result = assess.reservoir_day(levels, station.flood_limit_level_m)
            out.reservoir.above_flood_limit = result.above_flood_limit
            if result.max_level_m is not None:
                out.reservoir.max_level_m = result.max_level_m
            if result.flood_limit_level_m is not None:
                out.reservoir.flood_limit_level_m = result.flood_limit_level_m
            else:
                out.notes.append("no flood-limit level set for this reservoir")
            if result.excess_m is not None:
                out.reservoir.excess_m = result.excess_m
        elif kind is StationKind.POLLUTION_SOURCE:
            limits = dict(station.permit_limits or {})
            if not limits:
                out.notes.append("no permit limits set for this source")
            checks = assess.permit_day({m: _valid_values(stats, m, hours) for m in limits}, limits)
            out.pollution_source.exceeded = any(c.exceeded for c in checks)
            for check in checks:
                item = out.pollution_source.pollutants.add(
                    metric=check.metric, limit=check.limit, hours_above=check.hours_above,
                    exceeded=check.exceeded)
                if check.daily_mean is not None:
                    item.daily_mean = round(check.daily_mean, 3)
                if check.max_hourly is not None:
                    item.max_hourly = check.max_hourly
        elif kind is StationKind.RAIN:
            total, wettest = assess.rain_day(_valid_values(stats, "rainfall", hours))
            out.rain.SetInParent()
            if total is not None:
                out.rain.total_mm = total
                out.rain.max_hourly_mm = wettest or 0.0
        else:
            depths = _valid_values(stats, "water_depth", hours)
            out.flood_point.limit_m = FLOOD_DEPTH_LIMIT_M
            if depths:
                out.flood_point.max_depth_m = max(depths)
                out.flood_point.above_limit = max(depths) > FLOOD_DEPTH_LIMIT_M
        return out

    def _assess_noise(self, station: Station, day: date,
                      stats: dict[str, dict[datetime, Statistic]],
                      out: pb.StationAssessment) -> None:
        zone = station.noise_zone or ""
        if not zone:
            out.noise.SetInParent()
            out.notes.append("no GB 3096 zone class set for this point")
            return
        window = [day_start(day) + i * HOUR for i in range(24 + 8)]  # day + the night after
        day_leq, night_leq, night_max = [], [], []
        leq = stats.get("noise_leq", {})
        lmax = stats.get("noise_lmax", {})
        for hour in window:
            local = as_utc(hour).astimezone(BEIJING)
            in_day = local.date() == day and self.periods.is_day(local.hour)
            in_night = not self.periods.is_day(local.hour) and (
                (local.date() == day and local.hour >= self.periods.night_start) or
                (local.date() == day + timedelta(days=1) and local.hour < self.periods.day_start))
            stat = leq.get(hour)
            if stat is not None and stat.valid and stat.value is not None:
                if in_day:
                    day_leq.append(stat.value)
                elif in_night:
                    night_leq.append(stat.value)
            peak = lmax.get(hour)
            if in_night and peak is not None and peak.valid and peak.value is not None:
                night_max.append(peak.value)
        result = noise.assess_day(zone, day_leq, night_leq, night_max)
        msg = out.noise
        msg.zone, msg.day_limit, msg.night_limit = zone, result.day_limit, result.night_limit
        msg.day_hours, msg.night_hours = result.day_hours, result.night_hours
        msg.day_exceeded, msg.night_exceeded = result.day_exceeded, result.night_exceeded
        msg.night_lmax_exceeded = result.night_lmax_exceeded
        if result.day_leq is not None:
            msg.day_leq = round(result.day_leq, 1)
            msg.day_grade = noise.grade(zone, result.day_leq, day=True)
        if result.night_leq is not None:
            msg.night_leq = round(result.night_leq, 1)
            msg.night_grade = noise.grade(zone, result.night_leq, day=False)
        if result.night_lmax is not None:
            msg.night_lmax = result.night_lmax

    @staticmethod
    def _assess_water(station: Station, hours: list[datetime],
                      stats: dict[str, dict[datetime, Statistic]],
                      out: pb.StationAssessment) -> None:
        sample = {}
        for metric in (*water.CLASSED, "tn"):
            values = _valid_values(stats, metric, hours)
            if values:
                sample[metric] = sum(values) / len(values)  # mean of the day's samples
        lake = station.water_body == "lake"
        result = water.classify(sample, lake, station.target_class or 0)
        msg = out.water
        msg.SetInParent()
        if result.water_class is None:
            out.notes.append("no classed indicator measured this day")
            return
        msg.water_class, msg.grade = result.name, result.grade
        msg.above_target.extend(result.above_target)
        msg.main_pollutants.extend(result.main_pollutants)
        if station.target_class:
            msg.target_class = water.class_name(station.target_class)
        if result.total_nitrogen_class is not None:
            msg.total_nitrogen_class = water.class_name(result.total_nitrogen_class)
        for metric, klass in result.parameters.items():
            msg.parameters.add(metric=metric, value=round(sample[metric], 4),
                               water_class=water.class_name(klass))
        out.notes.append("class from the automatic station's indicators only "
                         "(按自动监测项目评价)")

    # --- ranking ------------------------------------------------------------------------------
    def ranking(self, scope: int, day_text: str) -> pb.RankAqiResponse:
        today = local_date(self.clock())
        day = convert.parse_date(day_text, "date", today)
        if day > today:
            raise InvalidArgument.field("date", "must not be in the future")
        if scope:
            convert.enum_name(pb.RankingScope, scope, "scope")  # refuses a number outside it
        scope = scope or pb.STATION
        rows: list[tuple[str, str, air.DailyAqi, int]] = []
        per_station: dict[str, tuple[Station, air.DailyAqi]] = {}
        for station in self.registry.all(StationKind.AIR):
            stats = self.store.hourly_stats(str(station.id), day_start(day), day_start(day) + DAY,
                                            air.AIR_POLLUTANTS)
            per_station[str(station.id)] = (station, air.daily_aqi(day, stats, provisional=True))
        if scope == pb.STATION:
            rows = [(sid, st.name, daily, 1) for sid, (st, daily) in per_station.items()]
        else:
            groups: dict[str, list[tuple[Station, air.DailyAqi]]] = {}
            for station, daily in per_station.values():
                if station.subdistrict_code:
                    groups.setdefault(station.subdistrict_code, []).append((station, daily))
            for code, members in groups.items():
                values = [d.concentrations for _s, d in members if d.concentrations]
                mean = air.average_concentrations(values) if values else {}
                result = aqi.calculate(mean, aqi.Period.DAY, aqi.edition_for(day),
                                       monitored=aqi.six_pollutants(aqi.Period.DAY)) \
                    if mean else None
                combined = air.DailyAqi(result, mean, all(d.complete for _s, d in members), ())
                rows.append((code, members[0][0].subdistrict_name or code, combined,
                             len(members)))
        rows.sort(key=lambda r: (_rank_key(r[2]), r[1]))
        out = pb.RankAqiResponse(date=day.isoformat(), scope=scope)
        for rank, (key, name, daily, count) in enumerate(rows, start=1):
            entry = out.entries.add(rank=rank, key=key, name=name, complete=daily.complete,
                                    station_count=count)
            if daily.result is not None:
                entry.aqi.CopyFrom(convert.aqi_pb(daily.result))
        return out


def _rank_key(daily: air.DailyAqi) -> float:
    """Best air first; stations without a computable AQI last."""
    if daily.result is None:
        return float("inf")
    value = daily.result.aqi if daily.result.aqi is not None else daily.result.computed_aqi
    return float(value) if value is not None else float("inf")


def _valid_values(stats: dict[str, dict[datetime, Statistic]], metric: str,
                  hours: list[datetime]) -> list[float]:
    series = stats.get(metric, {})
    return [s.value for h in hours if (s := series.get(h)) is not None and s.valid and
            s.value is not None]

