"""Reading alerts, and linking them to the grid-event case each one opened.

grid-event opens exactly one case per raised alert and announces it as `jlp.grid.case.created`
(source ENVIRONMENT, source_ref `alerts/<alert id>`). The link is one conditional update
(case_id still empty), so a redelivered event changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from jlp_common.atomic import atomic
from jlp_common.errors import InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc
from jlp_environment.models import Alert

log = logging.getLogger(__name__)
STATES = ("OPEN", "CLEARED")


class AlertStore:
    def __init__(self, clock: Callable[[], datetime], page_tokens: PageTokens | None = None
                 ) -> None:
        self.clock = clock
        self.tokens = page_tokens or PageTokens()

    def get(self, alert_id: str) -> dict[str, Any]:
        doc = Alert._get_collection().find_one({"_id": alert_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("Alert", alert_id)
        return doc

    def list(self, state: str, station_id: str, requested_size: int, token: str
             ) -> tuple[list[dict[str, Any]], str]:
        """Newest raised first; keyset paging on (raised_at, id)."""
        if state and state not in STATES:
            raise InvalidArgument.field("state", "OPEN or CLEARED")
        query: dict[str, Any] = {}
        if state:
            query["state"] = state
        if station_id:
            query["station_id"] = station_id
        fingerprint = dict(query)
        size = page_size(requested_size, default=50, maximum=500)
        position = self.tokens.decode(token, fingerprint)
        if position:
            moment = datetime.fromtimestamp(position["t"], UTC)
            query["$or"] = [{"raised_at": {"$lt": moment}},
                            {"raised_at": moment, "_id": {"$lt": position["id"]}}]
        cursor = Alert._get_collection().find(
            query, {"outbox": 0, "history": 0, "value_hours": 0}
        ).sort([("raised_at", -1), ("_id", -1)]).limit(size + 1)
        return self.tokens.page(
            list(cursor), size,
            lambda d: {"t": int(as_utc(d["raised_at"]).timestamp()), "id": d["_id"]}, fingerprint)

    def link_case(self, data: Mapping[str, Any]) -> bool:
        """Record the case of a created-case event about one of our alerts; True if linked."""
        if data.get("source") != "ENVIRONMENT":
            return False
        ref = str(data.get("sourceRef") or data.get("source_ref") or "")
        case_id = str(data.get("caseId") or data.get("case_id") or "")
        alert_id = ref.removeprefix("alerts/")
        if not alert_id or not case_id:
            log.warning("environment case event without alert or case id", extra={"data": data})
            return False
        with atomic():
            outcome = Alert._get_collection().update_one(
                {"_id": alert_id, "case_id": {"$in": ["", None]}},
                {"$set": {"case_id": case_id},
                 "$push": {"history": {"time": self.clock(), "type": "CASE_LINKED",
                                       "value": None, "note": f"grid-event case {case_id}"}}})
        if outcome.modified_count:
            log.info("alert linked to case", extra={"alert": alert_id, "case": case_id})
            return True
        if Alert._get_collection().count_documents({"_id": alert_id}, limit=1) == 0:
            log.warning("case refers to an unknown alert", extra={"alert": alert_id,
                                                                  "case": case_id})
        return False
