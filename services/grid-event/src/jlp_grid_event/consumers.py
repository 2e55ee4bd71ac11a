"""Cases from other services' events (automatic sources).

Environment alerts: durable `grid-event-environment-alerts` on JLP_ENVIRONMENT, subject
`jlp.environment.alert.raised` → one case per alert (source ENVIRONMENT, source_ref
`alerts/<alert_id>`). Idempotency does not depend on the event id: the case's unique
(source, source_ref) key makes a redelivered, replayed or re-published alert — even under a new
event id — find the case it already created (ADR 0040).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from jlp_common import subjects
from jlp_common.auth import Principal
from jlp_common.events import Event, idempotent
from jlp_grid_event.cases import CaseService, Report
from jlp_grid_event.domain import catalogue
from jlp_grid_event.domain.deadlines import Urgency
from jlp_grid_event.domain.sources import Source

log = logging.getLogger(__name__)

ALERTS_STREAM = "JLP_ENVIRONMENT"
ALERTS_DURABLE = "grid-event-environment-alerts"
ALERTS_SUBJECT = subjects.ENVIRONMENT_ALERT_RAISED
URGENT_SEVERITIES = {"CRITICAL", "MAJOR", "SEVERE", "HIGH"}

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
        raise ValueError("alert without alert_id")
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


class AlertConsumer:
    """Handler of raised alerts; raising naks (retry with backoff, then dead letter)."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.handle = idempotent(ALERTS_DURABLE)(self._handle)

    def _handle(self, event: Event) -> str:
        doc, _ = self.cases.report(report_for_alert(alert_fields(event)), ENVIRONMENT_ACTOR)
        log.info("alert case", extra={"case": doc["_id"], "event": event.id})
        return doc["_id"]
