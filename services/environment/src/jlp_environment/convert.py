"""Protobuf ↔ domain translation (the only place that knows both shapes)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from google.protobuf import timestamp_pb2

from jlp.environment.v1 import environment_pb2 as pb
from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_common.timeutil import from_timestamp, timestamp_field, to_timestamp
from jlp_environment.domain import aqi
from jlp_environment.domain.readings import RawReading
from jlp_environment.domain.stations import StationKind, StationSpec
from jlp_environment.ingest import Rejected
from jlp_environment.models import Alert, AlertRule, Station

PERIOD_NAMES = {pb.HOUR: "HOUR", pb.DAY: "DAY"}


# --- time ---------------------------------------------------------------------------------------
# Dates and times a query may name: monitoring data starts in 2000 (readings.EARLIEST); the
# upper bound keeps day arithmetic (day + 1, hour windows) far from datetime's year 9999.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def query_time(value: timestamp_pb2.Timestamp, field: str) -> datetime:
    """A query bound (start_time, end_time) within FIRST_DAY … LAST_DAY."""
    moment = from_timestamp(value)
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise InvalidArgument.field(field, f"between {FIRST_DAY} and {LAST_DAY}")
    return moment


def parse_date(text: str, field: str, default: date) -> date:
    if not text:
        return default
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument.field(field, "a date as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidArgument.field(field, f"between {FIRST_DAY} and {LAST_DAY}")
    return day


# --- enums --------------------------------------------------------------------------------------
def enum_name(enum: Any, value: int, field: str) -> str:
    """The name of an enum value; a number outside the enum (proto3 enums are open, and the
    JSON mapping accepts numbers) is INVALID_ARGUMENT naming the field."""
    if value not in enum.values():
        names = [n for n in enum.keys() if not n.endswith("_UNSPECIFIED")]
        raise InvalidArgument.field(field, f"{value} is not one of {', '.join(names)}")
    return enum.Name(value)


def kind_of(value: int, field: str = "kind") -> StationKind | None:
    if value == pb.STATION_KIND_UNSPECIFIED:
        return None
    return StationKind(enum_name(pb.StationKind, value, field))


def kind_pb(kind: str) -> int:
    return pb.StationKind.Value(kind) if kind else pb.STATION_KIND_UNSPECIFIED


def severity_pb(name: str) -> int:
    return pb.Severity.Value(name) if name in pb.Severity.keys() else pb.SEVERITY_UNSPECIFIED


# --- AQI ----------------------------------------------------------------------------------------
def concentrations_of(msg: pb.Concentrations) -> dict[str, float]:
    """The concentrations given (any subset); a negative or non-finite one is refused."""
    values: dict[str, float] = {}
    problems = []
    for key in aqi.INPUT_KEYS:
        if not msg.HasField(key):
            continue
        value = getattr(msg, key)
        if not math.isfinite(value):
            problems.append(FieldViolation(f"concentrations.{key}", "must be a finite number"))
        elif value < 0:
            problems.append(FieldViolation(f"concentrations.{key}", "must not be negative"))
        else:
            values[key] = value
    if problems:
        raise InvalidArgument(violations=problems)
    return values


def aqi_request(req: pb.CalculateAqiRequest, today: date
                ) -> tuple[dict[str, float], aqi.Period, aqi.Edition, list[str] | None]:
    problems: list[FieldViolation] = []
    if req.period not in PERIOD_NAMES:
        problems.append(FieldViolation("period", "required: HOUR or DAY"))
    if req.edition not in (0, 2012, 2026):
        problems.append(FieldViolation("edition", "2012 or 2026 (omit for the edition in force)"))
    plan = list(req.monitored_pollutants) or None
    for i, key in enumerate(plan or []):
        if key not in aqi.POLLUTANT_KEYS:
            problems.append(FieldViolation(f"monitored_pollutants[{i}]",
                                           "one of " + ", ".join(aqi.POLLUTANT_KEYS)))
    if problems:
        raise InvalidArgument(violations=problems)
    values = concentrations_of(req.concentrations)
    pollutants = {k: v for k, v in values.items() if k != aqi.SO2_24H}
    if not pollutants:
        raise InvalidArgument.field("concentrations", "give at least one of " +
                                    ", ".join(aqi.POLLUTANT_KEYS))
    edition = aqi.Edition(req.edition) if req.edition else aqi.edition_for(today)
    return values, aqi.Period(PERIOD_NAMES[req.period]), edition, plan


def aqi_pb(result: aqi.AqiResult) -> pb.AqiResult:
    out = pb.AqiResult(
        iaqi=dict(result.iaqi), edition=int(result.edition),
        period=pb.Period.Value(result.period.value),
        primary_pollutants=list(result.primary_pollutants),
        exceeding_pollutants=list(result.exceeding_pollutants),
        missing_pollutants=list(result.missing_pollutants), notes=list(result.notes))
    if result.aqi is None or result.level is None:
        out.category = "NA"
        return out
    level = result.level
    out.aqi, out.level = result.aqi, level.number
    out.category, out.category_en, out.level_name = level.category, level.category_en, level.name
    out.color, out.color_name = level.color_hex, level.color_name
    out.health_advice, out.health_advice_en = level.advice, level.advice_en
    return out


# --- stations -----------------------------------------------------------------------------------
def station_spec(msg: pb.Station) -> StationSpec:
    has_location = msg.HasField("location")
    return StationSpec(
        code=msg.code.strip(), name=msg.name.strip(), kind=kind_of(msg.kind, "station.kind"),
        lon=msg.location.lon if has_location else None,
        lat=msg.location.lat if has_location else None,
        noise_zone=msg.noise_zone.strip(), water_body=msg.water_body.strip(),
        target_class=msg.target_class,
        flood_limit_level_m=msg.flood_limit_level_m if msg.HasField("flood_limit_level_m")
        else None,
        enterprise_name=msg.enterprise_name.strip(), credit_code=msg.credit_code.strip().upper(),
        permit_limits=dict(msg.permit_limits), online=msg.online,
        sampling_interval_seconds=msg.sampling_interval_seconds)


def station_pb(station: Station) -> pb.Station:
    out = pb.Station(
        id=str(station.id), code=station.code, name=station.name, kind=kind_pb(station.kind),
        location=pb.LatLng(lon=station.lon, lat=station.lat),
        subdistrict_code=station.subdistrict_code or "",
        subdistrict_name=station.subdistrict_name or "",
        community_code=station.community_code or "", grid_code=station.grid_code or "",
        grid_status=station.grid_status or "", noise_zone=station.noise_zone or "",
        water_body=station.water_body or "", target_class=station.target_class or 0,
        enterprise_name=station.enterprise_name or "", credit_code=station.credit_code or "",
        permit_limits=dict(station.permit_limits or {}), online=bool(station.online),
        sampling_interval_seconds=station.sampling_interval_seconds or 0,
        create_time=to_timestamp(station.create_time), update_time=to_timestamp(station.update_time))
    if station.flood_limit_level_m is not None:
        out.flood_limit_level_m = station.flood_limit_level_m
    return out


# --- readings -----------------------------------------------------------------------------------
def raw_reading(msg: pb.Reading) -> RawReading:
    # a number outside the enum is kept as text: check_reading rejects it as the item's period
    period = "" if msg.period == pb.PERIOD_UNSPECIFIED else (
        pb.Period.Name(msg.period) if msg.period in pb.Period.values() else str(msg.period))
    observed = timestamp_field(msg, "observed_at")
    value = msg.value if msg.HasField("value") else None
    return RawReading(msg.station_id.strip(), msg.metric.strip(), value, observed, period,
                      msg.unit)


def raw_readings(msgs: Iterable[pb.Reading]) -> list[RawReading]:
    return [raw_reading(m) for m in msgs]


def rejected_pb(items: Iterable[Rejected]) -> list[pb.RejectedReading]:
    return [pb.RejectedReading(index=r.index, field=r.field, reason=r.reason) for r in items]


# --- alerts -------------------------------------------------------------------------------------
def alert_pb(alert: Alert | dict[str, Any], with_history: bool = False) -> pb.Alert:
    doc = alert.to_mongo().to_dict() if isinstance(alert, Alert) else alert
    out = pb.Alert(
        id=str(doc["_id"]), station_id=doc.get("station_id", ""),
        station_code=doc.get("station_code", ""), station_name=doc.get("station_name", ""),
        station_kind=kind_pb(doc.get("station_kind", "")), rule_id=doc.get("rule_id", ""),
        indicator=doc.get("indicator", ""), severity=severity_pb(doc.get("severity", "")),
        state=pb.AlertState.Value(doc.get("state", "OPEN")),
        raised_at=to_timestamp(doc.get("raised_at")), value=doc.get("value") or 0.0,
        threshold=doc.get("threshold") or 0.0, peak_value=doc.get("peak_value") or 0.0,
        case_id=doc.get("case_id") or "", description=doc.get("description") or "",
        subdistrict_code=doc.get("subdistrict_code") or "", grid_code=doc.get("grid_code") or "",
        late=bool(doc.get("late")))
    if doc.get("detected_at"):
        out.detected_at.CopyFrom(to_timestamp(doc["detected_at"]))
    if doc.get("cleared_at"):
        out.cleared_at.CopyFrom(to_timestamp(doc["cleared_at"]))
    if with_history:
        for entry in doc.get("history") or []:
            item = out.history.add(time=to_timestamp(entry["time"]), type=entry.get("type", ""),
                                   note=entry.get("note") or "")
            if entry.get("value") is not None:
                item.value = entry["value"]
    return out


def rule_pb(rule: AlertRule) -> pb.AlertRule:
    return pb.AlertRule(
        id=rule.id, station_kind=kind_pb(rule.station_kind), station_id=rule.station_id or "",
        indicator=rule.indicator, raise_above=rule.raise_above,
        clear_at_or_below=rule.clear_at_or_below, raise_after=rule.raise_after,
        clear_after=rule.clear_after, max_gap_hours=rule.max_gap_hours,
        severity=severity_pb(rule.severity), enabled=rule.enabled,
        description=rule.description or "", update_time=to_timestamp(rule.update_time))


def rule_doc(msg: pb.AlertRule) -> AlertRule:
    """The rule a request describes (severity "" when unspecified, enabled unless false)."""
    severity = enum_name(pb.Severity, msg.severity, "alert_rule.severity") if msg.severity \
        else ""
    return AlertRule(station_id=msg.station_id.strip(), indicator=msg.indicator.strip(),
                     station_kind="", raise_above=msg.raise_above,
                     clear_at_or_below=msg.clear_at_or_below,
                     raise_after=msg.raise_after, clear_after=msg.clear_after,
                     max_gap_hours=msg.max_gap_hours, severity=severity,
                     enabled=msg.enabled if msg.HasField("enabled") else True,
                     description=msg.description)
