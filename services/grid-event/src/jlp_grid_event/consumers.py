"""Cases from other services' events (automatic sources).

Environment alerts: durable `grid-event-environment-alerts` on JLP_ENVIRONMENT, subject
`jlp.environment.alert.raised` → one case per alert (source ENVIRONMENT, source_ref
`alerts/<alert_id>`). Idempotency does not depend on the event id: the case's unique
(source, source_ref) key makes a redelivered, replayed or re-published alert — even under a new
event id — find the case it already created (ADR 0040).

Video: durable `grid-event-video-alerts` on JLP_VIDEO, `jlp.video.detection.alerted` → one case
per alert (source VIDEO, source_ref `video-alerts/<alert_id>`); durable
`grid-event-camera-outages`, `jlp.video.camera.offline` → one device-fault case per outage
(source_ref `camera-outages/<outage_id>`) and `jlp.video.camera.online` → that case cancelled
with a note when nobody has started on it yet (the camera came back by itself).

Tourism crowding: durable `grid-event-tourism-crowding` on JLP_TOURISM, subject
`jlp.tourism.crowding.raised` → one case per RED episode (100 % of a scenic area's maximum
carrying capacity; source TOURISM, source_ref `crowding/<crowding_id>`), for the culture and
tourism commission that supervises the scenic areas. YELLOW and ORANGE are warnings the
tourism service publishes itself; they open no case.

Elderly care: durable `grid-event-care-escalations` on JLP_SOCIAL, subject
`jlp.social.care_request.escalated` → one case per overdue emergency request (source SOCIAL,
source_ref `care-requests/<care_request_id>`, category 老年人紧急求助超时未响应 for the
civil-affairs bureau, urgent). The event carries the place, never the person (no personal data
leaves social-security); whoever handles the case looks the request up there.

Failures (ADR 0011): the store or another service being down is transient and retried for
about an hour (the bus's default schedule); an event that cannot become a case however often it
is tried (no alert or crowding id, no usable location, a category the catalogue refuses) raises
`Permanent` and is parked in the dead letters at once, to be redriven once fixed. A station or
scenic spot outside the unit grid is not such a case: it is filed at district level (cases.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from jlp_common import subjects
from jlp_common.auth import Principal
from jlp_common.errors import InvalidArgument
from jlp_common.events import Event, Permanent, idempotent
from jlp_grid_event.cases import CaseService, Report
from jlp_grid_event.domain import catalogue
from jlp_grid_event.domain.catalogue import EVENT, category_id
from jlp_grid_event.domain.deadlines import Urgency
from jlp_grid_event.domain.sources import Source

log = logging.getLogger(__name__)

ALERTS_STREAM = "JLP_ENVIRONMENT"
ALERTS_DURABLE = "grid-event-environment-alerts"
ALERTS_SUBJECT = subjects.ENVIRONMENT_ALERT_RAISED
URGENT_SEVERITIES = {"CRITICAL", "MAJOR", "SEVERE", "HIGH"}

VIDEO_STREAM = "JLP_VIDEO"
VIDEO_ALERTS_DURABLE = "grid-event-video-alerts"
CAMERA_OUTAGES_DURABLE = "grid-event-camera-outages"
CAMERA_ONLINE_DURABLE = "grid-event-camera-online"

# The service acts for the environment service when it files an alert's case.
ENVIRONMENT_ACTOR = Principal(subject="system:environment-alerts", kind="client",
                              roles=frozenset({"service"}), scopes=frozenset({"grid:case.report"}))


def alert_fields(event: Event) -> Mapping[str, Any]:
    """The AlertRaised payload as snake_case fields (generated class when installed)."""
    try:
        from google.protobuf import json_format

        from jlp.environment.v1 import events_pb2 as env_events

        msg = event.parse(env_events.AlertRaised)
        return json_format.MessageToDict(msg, preserving_proto_field_name=True)
    except ImportError:  # environment's stubs not generated in this checkout: plain JSON
        data = event.data
        return {_snake(k): v for k, v in data.items()}


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def report_for_alert(a: Mapping[str, Any]) -> Report:
    """The case report an alert becomes (pure translation)."""
    alert_id = str(a.get("alert_id", "")).strip()
    if not alert_id:
        raise Permanent("alert without alert_id", reason="invalid_alert")
    station = a.get("station_name") or a.get("station_code") or a.get("station_id", "")
    description = a.get("description") or (
        f"{station}: {a.get('metric', '')} = {a.get('value', '')} (threshold {a.get('threshold', '')})")
    severity = str(a.get("severity", "")).upper()
    return Report(
        category_code=catalogue.alert_category(str(a.get("station_kind", "")), str(a.get("metric", ""))),
        lon=float(a.get("lon", 0.0)), lat=float(a.get("lat", 0.0)),
        description=f"[环境告警 {severity or 'ALERT'}] {description}"[:4000],
        address=str(station)[:256], urgency=int(Urgency.URGENT if severity in URGENT_SEVERITIES else Urgency.NORMAL),
        source=int(Source.ENVIRONMENT), source_ref=f"alerts/{alert_id}")


def file_case(cases: CaseService, report: Report, actor: Principal, reason: str) -> dict:
    """File the case of an automatic report; a report the case rules refuse (InvalidArgument:
    its content, not the moment) is a permanent failure, parked at once with `reason`."""
    try:
        doc, _ = cases.report(report, actor)
    except InvalidArgument as exc:
        raise Permanent(f"{report.source_ref} cannot become a case: {exc}", reason=reason) from exc
    return doc


CROWDING_STREAM = "JLP_TOURISM"
CROWDING_DURABLE = "grid-event-tourism-crowding"
CROWDING_SUBJECT = subjects.TOURISM_CROWDING_RAISED
TOURISM_ACTOR = Principal(subject="system:tourism-crowding", kind="client",
                          roles=frozenset({"service"}), scopes=frozenset({"grid:case.report"}))


def crowding_fields(event: Event) -> Mapping[str, Any]:
    """The CrowdingRaised payload as snake_case fields."""
    from google.protobuf import json_format

    from jlp.tourism.v1 import events_pb2 as tourism_events

    return json_format.MessageToDict(event.parse(tourism_events.CrowdingRaised),
                                     preserving_proto_field_name=True)


def report_for_crowding(c: Mapping[str, Any]) -> Report | None:
    """The case a RED crowding episode becomes; None for lower levels (pure translation)."""
    if str(c.get("level", "")).upper() != "RED":
        return None
    crowding_id = str(c.get("crowding_id", "")).strip()
    if not crowding_id:
        raise Permanent("crowding event without crowding_id", reason="invalid_crowding")
    spot = c.get("spot_name") or c.get("spot_code") or c.get("spot_id", "")
    description = c.get("description") or f"{spot}: {c.get('count', '')}/{c.get('capacity', '')}"
    return Report(
        category_code=category_id("2026", EVENT, catalogue.SCENIC_AREA_AT_CAPACITY),
        lon=float(c.get("lon", 0.0)), lat=float(c.get("lat", 0.0)),
        description=f"[景区客流 100%] {description}"[:4000], address=str(spot)[:256],
        urgency=int(Urgency.URGENT), source=int(Source.TOURISM), source_ref=f"crowding/{crowding_id}")


class CrowdingConsumer:
    """Handler of raised crowding levels: a case for RED, nothing for the warnings."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.handle = idempotent(CROWDING_DURABLE)(self._handle)

    def _handle(self, event: Event) -> str:
        report = report_for_crowding(crowding_fields(event))
        if report is None:
            return ""
        doc = file_case(self.cases, report, TOURISM_ACTOR, "invalid_crowding")
        log.info("crowding case", extra={"case": doc["_id"], "event": event.id})
        return doc["_id"]


class AlertConsumer:
    """Handler of raised alerts; raising naks (retry with backoff, then dead letter)."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.handle = idempotent(ALERTS_DURABLE)(self._handle)

    def _handle(self, event: Event) -> str:
        report = report_for_alert(alert_fields(event))
        doc = file_case(self.cases, report, ENVIRONMENT_ACTOR, "invalid_alert")
        log.info("alert case", extra={"case": doc["_id"], "event": event.id})
        return doc["_id"]


# The service acts for video-index when it files (or withdraws) a video case.
VIDEO_ACTOR = Principal(subject="system:video-index", kind="client", roles=frozenset({"service"}),
                        scopes=frozenset({"grid:case.report", "grid:case.cancel"}))


def _fields(event: Event) -> Mapping[str, Any]:
    return {_snake(k): v for k, v in (event.data or {}).items()}


def report_for_video_alert(a: Mapping[str, Any]) -> Report:
    """The case a video-analytics alert becomes (pure translation)."""
    alert_id = str(a.get("alert_id", "")).strip()
    if not alert_id:
        raise ValueError("video alert without alert_id")
    severity = str(a.get("severity", "")).upper()
    camera = a.get("camera_name") or a.get("camera_id", "")
    description = a.get("description") or f"{camera}: {a.get('label', '')} ({a.get('score', '')})"
    if a.get("snapshot_uri"):
        description = f"{description} 截图 {a['snapshot_uri']}"
    return Report(category_code=catalogue.video_category(str(a.get("label", ""))),
                  lon=float(a.get("lon", 0.0)), lat=float(a.get("lat", 0.0)),
                  description=f"[视频告警 {severity or 'ALERT'}] {description}"[:4000], address=str(camera)[:256],
                  urgency=int(Urgency.URGENT if severity in URGENT_SEVERITIES else Urgency.NORMAL),
                  source=int(Source.VIDEO), source_ref=f"video-alerts/{alert_id}")


def report_for_outage(o: Mapping[str, Any]) -> Report:
    """The device-fault case a camera outage becomes (pure translation)."""
    outage_id = str(o.get("outage_id", "")).strip()
    if not outage_id:
        raise ValueError("camera outage without outage_id")
    camera = o.get("camera_name") or o.get("camera_id", "")
    description = o.get("description") or f"{camera} offline since {o.get('offline_since', '')}"
    return Report(category_code=catalogue.camera_fault_category(), lon=float(o.get("lon", 0.0)),
                  lat=float(o.get("lat", 0.0)), description=f"[设备故障] {description}"[:4000],
                  address=str(o.get("address") or camera)[:256], urgency=int(Urgency.NORMAL),
                  source=int(Source.VIDEO), source_ref=f"camera-outages/{outage_id}")


class VideoConsumer:
    """Handlers of video-index events; raising naks (retry with backoff, then dead letter)."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.handle_alert = idempotent(VIDEO_ALERTS_DURABLE)(self._alert)
        self.handle_offline = idempotent(CAMERA_OUTAGES_DURABLE)(self._offline)
        self.handle_online = idempotent(CAMERA_ONLINE_DURABLE)(self._online)

    def _alert(self, event: Event) -> str:
        doc, _ = self.cases.report(report_for_video_alert(_fields(event)), VIDEO_ACTOR)
        log.info("video alert case", extra={"case": doc["_id"], "event": event.id})
        return doc["_id"]

    def _offline(self, event: Event) -> str:
        doc, _ = self.cases.report(report_for_outage(_fields(event)), VIDEO_ACTOR)
        log.info("camera outage case", extra={"case": doc["_id"], "event": event.id})
        return doc["_id"]

    def _online(self, event: Event) -> str:
        from jlp_grid_event.cases import TransitionInput
        from jlp_grid_event.domain.sources import dedupe_key

        outage_id = str(_fields(event).get("outage_id", "")).strip()
        key = dedupe_key(Source.VIDEO, f"camera-outages/{outage_id}")
        found = self.cases.find({"dedupe_key": key}, limit=1) if outage_id else []
        from jlp_grid_event.domain.states import Status

        if not found or found[0].get("status") not in (int(Status.REPORTED), int(Status.REGISTERED)):
            return ""  # no case, or someone is already on it: they close it
        case = found[0]
        self.cases.transition(TransitionInput("cancel", case["_id"], note="摄像机已恢复在线 (camera back online)"),
                              VIDEO_ACTOR)
        return case["_id"]


CARE_STREAM = "JLP_SOCIAL"
CARE_ESCALATIONS_DURABLE = "grid-event-care-escalations"
CARE_ESCALATED_SUBJECT = subjects.SOCIAL_CARE_REQUEST_ESCALATED
SOCIAL_ACTOR = Principal(subject="system:social-security-care", kind="client",
                         roles=frozenset({"service"}), scopes=frozenset({"grid:case.report"}))


def escalation_fields(event: Event) -> Mapping[str, Any]:
    """The CareRequestEscalated payload as snake_case fields."""
    from google.protobuf import json_format

    from jlp.social_security.v1 import events_pb2 as social_events

    return json_format.MessageToDict(event.parse(social_events.CareRequestEscalated),
                                     preserving_proto_field_name=True)


def report_for_escalation(e: Mapping[str, Any]) -> Report:
    """The case an overdue emergency care request becomes (pure translation): always urgent,
    placed at the request's address point; the description says what and since when, and
    names no person (the event carries none)."""
    request_id = str(e.get("care_request_id", "")).strip()
    if not request_id:
        raise Permanent("care escalation without care_request_id", reason="invalid_care_escalation")
    what = e.get("description") or f"{e.get('service_type', 'EMERGENCY_AID')} overdue since {e.get('due_time', '')}"
    where = str(e.get("grid_code") or e.get("subdistrict_code") or "")
    return Report(
        category_code=category_id("2026", EVENT, catalogue.ELDERLY_EMERGENCY_OVERDUE),
        lon=float(e.get("lon", 0.0)), lat=float(e.get("lat", 0.0)),
        description=f"[养老紧急求助超时] {what} (社保服务 care-requests/{request_id})"[:4000],
        address=where[:256], urgency=int(Urgency.URGENT), source=int(Source.SOCIAL),
        source_ref=f"care-requests/{request_id}")


class CareEscalationConsumer:
    """Handler of escalated care requests: exactly one case per request (the case's unique
    (source, source_ref) key holds even if the event were re-published under a new id)."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.handle = idempotent(CARE_ESCALATIONS_DURABLE)(self._handle)

    def _handle(self, event: Event) -> str:
        doc = file_case(self.cases, report_for_escalation(escalation_fields(event)), SOCIAL_ACTOR,
                        "invalid_care_escalation")
        log.info("care escalation case", extra={"case": doc["_id"], "event": event.id})
        return doc["_id"]
