"""gRPC servicer: protobuf in, domain/application calls, protobuf out. Nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from jlp.environment.v1 import environment_pb2 as pb
from jlp.environment.v1 import environment_pb2_grpc as pb_grpc
from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_environment import convert
from jlp_environment.alert_store import AlertStore
from jlp_environment.domain import aqi
from jlp_environment.domain.timebase import local_date
from jlp_environment.ingest import Ingestor, IngestResult
from jlp_environment.queries import Queries
from jlp_environment.rules import RuleBook
from jlp_environment.station_registry import StationRegistry

# Fields a PATCH body may carry without meaning to change them (AIP-134 implied mask).
STATION_OUTPUT_ONLY = ("id", "subdistrict_code", "subdistrict_name", "community_code",
                       "grid_code", "grid_status", "create_time", "update_time")
RULE_FIXED = ("id", "update_time", "station_kind", "station_id", "indicator")
STREAM_CHUNK = 5000  # readings stored per write while a stream is open (one batch's worth)


class EnvironmentServicer(pb_grpc.EnvironmentServiceServicer):
    def __init__(self, registry: StationRegistry, ingestor: Ingestor, queries: Queries,
                 alerts: AlertStore, rules: RuleBook, clock: Callable[[], datetime]) -> None:
        self.registry = registry
        self.ingestor = ingestor
        self.queries = queries
        self.alerts = alerts
        self.rules = rules
        self.clock = clock

    # --- AQI ----------------------------------------------------------------------------------
    def CalculateAqi(self, request, context):  # noqa: N802 - generated name
        values, period, edition, plan = convert.aqi_request(request, local_date(self.clock()))
        return convert.aqi_pb(aqi.calculate(values, period, edition, monitored=plan))

    # --- stations -----------------------------------------------------------------------------
    def CreateStation(self, request, context):  # noqa: N802
        if not request.HasField("station"):
            raise InvalidArgument.field("station", "is required")
        return convert.station_pb(self.registry.create(convert.station_spec(request.station)))

    def GetStation(self, request, context):  # noqa: N802
        return convert.station_pb(self.registry.get(request.id))

    def ListStations(self, request, context):  # noqa: N802
        page, nxt, total = self.registry.list(convert.kind_of(request.kind),
                                              request.subdistrict_code, request.page_size,
                                              request.page_token)
        return pb.ListStationsResponse(stations=[convert.station_pb(s) for s in page],
                                       next_page_token=nxt, total_size=total)

    def UpdateStation(self, request, context):  # noqa: N802
        paths = list(request.update_mask.paths) or [
            p for p in _present_fields(request.station) if p not in STATION_OUTPUT_ONLY]
        station = self.registry.update(request.station.id, convert.station_spec(request.station),
                                       paths)
        return convert.station_pb(station)

    # --- readings -----------------------------------------------------------------------------
    def CreateReading(self, request, context):  # noqa: N802
        raw = convert.raw_reading(request.reading)
        result = self.ingestor.ingest([raw])
        if result.rejected:
            bad = result.rejected[0]
            raise InvalidArgument(violations=[FieldViolation(f"reading.{bad.field}", bad.reason)])
        return request.reading

    def BatchCreateReadings(self, request, context):  # noqa: N802
        if not request.readings:
            raise InvalidArgument.field("readings", "at least one reading (at most 10,000)")
        result = self.ingestor.ingest(convert.raw_readings(request.readings))
        return pb.BatchCreateReadingsResponse(**_counts(result))

    def StreamReadings(self, request_iterator, context):  # noqa: N802
        total, pending, offset = IngestResult(), [], 0
        for message in request_iterator:
            pending.extend(message.readings)
            while len(pending) >= STREAM_CHUNK:
                chunk, pending = pending[:STREAM_CHUNK], pending[STREAM_CHUNK:]
                total.add(self.ingestor.ingest(convert.raw_readings(chunk), offset))
                offset += len(chunk)
        if pending:
            total.add(self.ingestor.ingest(convert.raw_readings(pending), offset))
        return pb.StreamReadingsResponse(**_counts(total))

    # --- queries ------------------------------------------------------------------------------
    def ListLatest(self, request, context):  # noqa: N802
        return self.queries.latest(convert.kind_of(request.kind))

    def QueryTimeSeries(self, request, context):  # noqa: N802
        return self.queries.series(request)

    def AssessStation(self, request, context):  # noqa: N802
        return self.queries.assess(request.station_id, request.date)

    def RankAqi(self, request, context):  # noqa: N802
        return self.queries.ranking(request.scope, request.date)

    # --- alerts -------------------------------------------------------------------------------
    def ListAlerts(self, request, context):  # noqa: N802
        state = convert.enum_name(pb.AlertState, request.state, "state") if request.state else ""
        page, nxt = self.alerts.list(state, request.station_id, request.page_size,
                                     request.page_token)
        return pb.ListAlertsResponse(alerts=[convert.alert_pb(a) for a in page],
                                     next_page_token=nxt)

    def GetAlert(self, request, context):  # noqa: N802
        return convert.alert_pb(self.alerts.get(request.id), with_history=True)

    def ListAlertRules(self, request, context):  # noqa: N802
        rules = self.rules.list(convert.kind_of(request.station_kind,
                                                         "station_kind"))
        return pb.ListAlertRulesResponse(alert_rules=[convert.rule_pb(r) for r in rules])

    def CreateAlertRule(self, request, context):  # noqa: N802
        return convert.rule_pb(self.rules.create(convert.rule_doc(request.alert_rule)))

    def UpdateAlertRule(self, request, context):  # noqa: N802
        paths = list(request.update_mask.paths) or [
            p for p in _present_fields(request.alert_rule) if p not in RULE_FIXED]
        rule = self.rules.update(request.alert_rule.id, convert.rule_doc(request.alert_rule),
                                 paths)
        return convert.rule_pb(rule)


def _counts(result: IngestResult) -> dict:
    return {"accepted_count": result.accepted, "duplicate_count": result.duplicates,
            "rejected": convert.rejected_pb(result.rejected),
            "rejected_count": result.rejected_count}


def _present_fields(message) -> list[str]:
    """Top-level fields set in a PATCH body (the implied mask of AIP-134 without update_mask)."""
    return [field.name for field, _value in message.ListFields()]

