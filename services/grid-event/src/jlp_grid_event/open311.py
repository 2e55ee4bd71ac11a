"""Open311 GeoReport v2 over the case workflow and the category dictionary (the I/O side of
domain/open311.py). Protobuf-free; the Open311 servicer translates.

A report goes through the same `CaseService.report` as any other (duplicate joining, grid
placement, limits, source rules), with source OPEN311 and the civic app's client as reporter;
its field errors are renamed to the GeoReport arguments the civic app sent.
"""

from __future__ import annotations

from typing import Any

from jlp_common.auth import Principal
from jlp_common.errors import FieldViolation, InvalidArgument, NotFound
from jlp_grid_event import categories
from jlp_grid_event.cases import CaseService, Report
from jlp_grid_event.domain import open311 as rules
from jlp_grid_event.domain.sources import Source

# Field names of the case workflow → the GeoReport argument a civic app sent.
_ARGUMENT_OF = {"case.location": "lat", "case.description": "description",
                "case.address": "address_string", "case.category_code": "service_code",
                "case.attachments": "media_url", "case.attachments[0]": "media_url"}
# A public view never carries reporters or their own receipts (nor the outbox).
_PUBLIC_PROJECTION = {"outbox": 0, "reporter_ids": 0, "reports": 0}


class Open311:
    """The GeoReport resources on grid-event's store; `cases.clock` bounds default windows."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @staticmethod
    def discovery(jurisdiction_id: str = "") -> dict[str, str]:
        """The service's facts of the Service Discovery document."""
        rules.check_jurisdiction(jurisdiction_id)
        return dict(rules.DISCOVERY)

    # --- services -------------------------------------------------------------------------
    def services(self, jurisdiction_id: str = "") -> list[dict[str, Any]]:
        rules.check_jurisdiction(jurisdiction_id)
        return [rules.service_of(c) for c in self._current_categories()]

    def definition(self, service_code: str, jurisdiction_id: str = "") -> dict[str, Any]:
        rules.check_jurisdiction(jurisdiction_id)
        return rules.definition_of(rules.find_service(self._current_categories(), service_code))

    def _current_categories(self) -> list[dict]:
        return categories.list_(rules.SERVICE_EDITION, rules.SERVICE_KIND, limit=0)

    # --- requests -------------------------------------------------------------------------
    def submit(self, submission: rules.Submission, principal: Principal,
               jurisdiction_id: str = "") -> dict[str, Any]:
        """Open a case (or join an open one nearby); the receipt of §2 POST requests."""
        rules.check_jurisdiction(jurisdiction_id)
        rules.check_reporter(principal.roles)
        category = rules.find_service(self._current_categories(), submission.service_code)
        parsed = rules.parse_submission(submission)
        try:
            doc, joined = self.cases.report(Report(
                category_code=category["code"], lon=parsed.lon, lat=parsed.lat,
                description=parsed.description, address=parsed.address, urgency=int(parsed.urgency),
                attachments=parsed.attachments, source=int(Source.OPEN311)), principal)
        except InvalidArgument as exc:
            raise _in_open311_terms(exc) from None
        return {"service_request_id": doc["_id"],
                "service_notice": rules.receipt_notice(joined), "account_id": None}

    def search(self, *, jurisdiction_id: str = "", **arguments: str) -> list[dict[str, Any]]:
        """§2 GET requests (arguments as sent: service_request_id, service_code, start_date,
        end_date, status)."""
        rules.check_jurisdiction(jurisdiction_id)
        query = rules.parse_query(now=self.cases.clock(), **arguments)
        docs = self.cases.find(_mongo(query), limit=rules.MAX_RESULTS,
                               projection=_PUBLIC_PROJECTION)
        return [rules.service_request_of(d) for d in docs]

    def get(self, service_request_id: str, jurisdiction_id: str = "") -> dict[str, Any]:
        rules.check_jurisdiction(jurisdiction_id)
        found = self.cases.find({"_id": service_request_id.strip()}, limit=1,
                                projection=_PUBLIC_PROJECTION)
        if not found:
            raise NotFound("service request", service_request_id,
                           message=f"unknown service_request_id {service_request_id!r}")
        return rules.service_request_of(found[0])

    @staticmethod
    def token(token: str, jurisdiction_id: str = "") -> dict[str, Any]:
        """Every service is realtime: ids are returned at once and no token is ever issued."""
        rules.check_jurisdiction(jurisdiction_id)
        raise NotFound("token", token,
                       message=f"unknown token {token!r}: services here return ids directly")


def _mongo(q: rules.PublicQuery) -> dict[str, Any]:
    if q.ids:
        return {"_id": {"$in": list(q.ids)}}
    out: dict[str, Any] = {}
    if q.service_codes:
        out["category_code"] = {"$in": list(q.service_codes)}
    if q.open != q.closed:
        closed = rules.closed_case_states()
        out["status"] = {"$nin": closed} if q.open else {"$in": closed}
    window: dict[str, Any] = {}
    if q.start is not None:
        window["$gte"] = q.start
    if q.end is not None:
        window["$lte"] = q.end
    if window:
        out["create_time"] = window
    return out


def _in_open311_terms(exc: InvalidArgument) -> InvalidArgument:
    """The same error, its fields named as the GeoReport arguments."""
    renamed = [FieldViolation(_ARGUMENT_OF.get(v.field, v.field), v.description)
               for v in exc.violations]
    return InvalidArgument(violations=renamed, reason=exc.reason) if renamed else exc
