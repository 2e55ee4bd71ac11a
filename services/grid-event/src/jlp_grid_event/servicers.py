"""gRPC servicers: translate protobuf ↔ the workflow modules, nothing more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf import json_format

from jlp.grid_event.v1 import (
    case_pb2,
    case_pb2_grpc,
    category_pb2,
    category_pb2_grpc,
    grid_pb2,
    grid_pb2_grpc,
    open311_pb2,
    open311_pb2_grpc,
)
from jlp_common.context import require_principal
from jlp_common.errors import FieldViolation, InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, timestamp_field
from jlp_grid_event import categories, convert, grids
from jlp_grid_event.cases import CaseQuery, CaseService, Report, TransitionInput, parse_etag
from jlp_grid_event.domain import open311 as open311_rules
from jlp_grid_event.domain import stats as stats_domain
from jlp_grid_event.domain.sources import Source
from jlp_grid_event.domain.states import Status
from jlp_grid_event.open311 import Open311


class GridServicer(grid_pb2_grpc.GridServiceServicer):
    def __init__(self, directory: grids.GridDirectory, tokens: PageTokens) -> None:
        self.directory = directory
        self.tokens = tokens

    def LocateGrid(self, request, context):  # noqa: N802 - generated name
        where = self.directory.locate(request.lon, request.lat)
        if where is None:
            raise NotFound("Grid", f"{request.lon},{request.lat}",
                           message="the point is outside the district's unit grid")
        return grid_pb2.LocateGridResponse(
            grid_code=where.grid_code, community_code=where.community_code,
            community_name=where.community_name, subdistrict_code=where.subdistrict_code,
            subdistrict_name=where.subdistrict_name, grid_name=where.grid_name,
            worker_id=where.worker_id)

    def GetGrid(self, request, context):  # noqa: N802
        return convert.grid(grids.get_unit(request.code), request.include_geometry)

    def ListGrids(self, request, context):  # noqa: N802
        query = {"level": request.level, "parent": request.parent_code}
        after = (self.tokens.decode(request.page_token, query) or {}).get("after", "")
        size = page_size(request.page_size, default=100, maximum=1000)
        docs, nxt = self.tokens.page(grids.list_units(request.level, request.parent_code, after, size + 1),
                                     size, lambda d: {"after": d["code"]}, query)
        return grid_pb2.ListGridsResponse(
            grids=[convert.grid(d, request.include_geometry) for d in docs],
            next_page_token=nxt, total_size=grids.count_units(request.level, request.parent_code))

    def ImportGrids(self, request, context):  # noqa: N802
        result = grids.import_collection(request.geojson, request.validate_only,
                                         replace=request.replace)
        if not request.validate_only:
            self.directory.rebuild()
        return grid_pb2.ImportGridsResponse(
            subdistricts=result.counts.get("subdistrict", 0), communities=result.counts.get("community", 0),
            units=result.counts.get("unit", 0), mapped_legacy_codes=result.mapped_legacy_codes,
            validate_only=request.validate_only)


def _version(request) -> int:  # noqa: ANN001 - any transition request
    if request.etag:
        v = parse_etag(request.etag)
        if request.version and request.version != v:
            raise InvalidArgument.field("etag", "does not match version")
        return v
    if request.version < 0:
        raise InvalidArgument.field("version", "must not be negative")
    return request.version


class CaseServicer(case_pb2_grpc.CaseServiceServicer):
    def __init__(self, cases: CaseService, tokens: PageTokens) -> None:
        self.cases = cases
        self.tokens = tokens

    def CreateCase(self, request, context):  # noqa: N802
        c = request.case
        if not c.HasField("location"):
            raise InvalidArgument.field("case.location", "is required")
        principal = require_principal()
        doc, joined = self.cases.report(Report(
            category_code=c.category_code, lon=c.location.lon, lat=c.location.lat,
            description=c.description, address=c.address, urgency=c.urgency,
            attachments=list(c.attachments), source=c.source, source_ref=c.source_ref), principal)
        return convert.case(doc, principal, joined)

    def GetCase(self, request, context):  # noqa: N802
        principal = require_principal()
        return convert.case(self.cases.get_visible(request.id, principal), principal)

    def ListCases(self, request, context):  # noqa: N802
        principal = require_principal()
        bad = []
        if request.status and request.status not in {int(x) for x in Status}:
            bad.append(FieldViolation("status", "not a case status"))
        if request.source and request.source not in {int(x) for x in Source}:
            bad.append(FieldViolation("source", "not a case source"))
        if bad:
            raise InvalidArgument(violations=bad)
        mine = request.mine or not principal.has("grid:case.read")
        q = CaseQuery(status=request.status, source=request.source, category_code=request.category_code,
                      grid_code=request.grid_code, subdistrict_code=request.subdistrict_code,
                      department_id=request.department_id, overdue=request.overdue,
                      start_time=timestamp_field(request, "start_time"),
                      end_time=timestamp_field(request, "end_time"),
                      reporter=principal.subject if mine else "")
        fingerprint = {k: str(v) for k, v in vars(q).items()}
        pos = self.tokens.decode(request.page_token, fingerprint)
        after = (datetime.fromisoformat(pos["t"]), pos["id"]) if pos else None
        size = page_size(request.page_size, default=50, maximum=500)
        docs, nxt = self.tokens.page(
            self.cases.list(q, after, size + 1), size,
            lambda d: {"t": as_utc(d["create_time"]).isoformat(), "id": d["_id"]}, fingerprint)
        return case_pb2.ListCasesResponse(cases=[convert.case(d, principal) for d in docs],
                                          next_page_token=nxt)

    def _transition(self, action: str, request, **extra):  # noqa: ANN001, ANN003
        principal = require_principal()
        doc = self.cases.transition(TransitionInput(
            action=action, case_id=request.id, note=request.note, attachments=list(request.attachments),
            expected_version=_version(request), **extra), principal)
        return convert.case(doc, principal)

    def RegisterCase(self, request, context):  # noqa: N802
        return self._transition("register", request, category_code=request.category_code,
                                urgency=request.urgency)

    def RejectCase(self, request, context):  # noqa: N802
        return self._transition("reject", request)

    def DispatchCase(self, request, context):  # noqa: N802
        return self._transition("dispatch", request, department_id=request.department_id,
                                assignee_id=request.assignee_id)

    def StartCase(self, request, context):  # noqa: N802
        return self._transition("start", request)

    def ResolveCase(self, request, context):  # noqa: N802
        return self._transition("resolve", request)

    def ReturnCase(self, request, context):  # noqa: N802
        return self._transition("return", request)

    def CloseCase(self, request, context):  # noqa: N802
        return self._transition("close", request)

    def ReopenCase(self, request, context):  # noqa: N802
        return self._transition("reopen", request)

    def CancelCase(self, request, context):  # noqa: N802
        return self._transition("cancel", request)

    def GetCaseStats(self, request, context):  # noqa: N802
        q = CaseQuery(subdistrict_code=request.subdistrict_code, department_id=request.department_id,
                      start_time=timestamp_field(request, "start_time"),
                      end_time=timestamp_field(request, "end_time"))
        projection = {"status": 1, "category_code": 1, "subdistrict_code": 1, "department_id": 1,
                      "source": 1, "overdue": 1, "create_time": 1, "register_time": 1,
                      "dispatch_time": 1, "resolve_time": 1, "close_time": 1}
        summaries = [stats_domain.CaseSummary(
            Status(d["status"]), d["category_code"], d.get("subdistrict_code", ""),
            d.get("department_id", ""), Source(d["source"]).name, bool(d.get("overdue")),
            as_utc(d["create_time"]), as_utc(d.get("register_time")), as_utc(d.get("dispatch_time")),
            as_utc(d.get("resolve_time")), as_utc(d.get("close_time")))
            for d in self.cases.find(q.mongo(), projection=projection)]
        return convert.stats(stats_domain.compute(summaries))


class CategoryServicer(category_pb2_grpc.CategoryServiceServicer):
    def __init__(self, tokens: PageTokens,
                 verify_department: Callable[[str, str], str] = lambda field, code: "") -> None:
        self.tokens = tokens
        self.verify_department = verify_department  # raises InvalidArgument for unknown codes

    def ListCategories(self, request, context):  # noqa: N802
        query = {"edition": request.edition, "kind": request.kind, "inactive": request.include_inactive}
        after = (self.tokens.decode(request.page_token, query) or {}).get("after", "")
        size = page_size(request.page_size, default=200, maximum=500)
        docs, nxt = self.tokens.page(
            categories.list_(request.edition, request.kind, request.include_inactive, after, size + 1),
            size, lambda d: {"after": d["_id"]}, query)
        return category_pb2.ListCategoriesResponse(
            categories=[convert.category(d) for d in docs], next_page_token=nxt)

    def GetCategory(self, request, context):  # noqa: N802
        return convert.category(categories.get(request.id))

    def CreateCategory(self, request, context):  # noqa: N802
        c = request.category
        self.verify_department("category.department_id", c.department_id)
        return convert.category(categories.create(c.edition, c.kind, c.code, _category_values(c)))

    def UpdateCategory(self, request, context):  # noqa: N802
        c = request.category
        paths = list(request.update_mask.paths) or ["name", "major_name", "department_id",
                                                    "time_limits", "equivalent_id", "active", "group"]
        values = _category_values(c)
        changes = {p: values[p] for p in paths if p in values}
        unknown = [p for p in paths if p not in values]
        if unknown:
            raise InvalidArgument.field("update_mask", f"not editable: {', '.join(unknown)}")
        if "department_id" in changes:
            self.verify_department("category.department_id", changes["department_id"])
        return convert.category(categories.update(c.id, changes, c.version))


def _category_values(c: category_pb2.Category) -> dict:
    return {"name": c.name, "major_name": c.major_name, "department_id": c.department_id,
            "time_limits": [categories.limit_from_dict(json_format.MessageToDict(
                t, preserving_proto_field_name=True, use_integers_for_enums=True))
                for t in c.time_limits],
            "equivalent_id": c.equivalent_id, "active": c.active, "group": c.group}


def _present(values: dict) -> dict:
    """Keyword arguments of a message without the absent (None) optional fields."""
    return {k: v for k, v in values.items() if v is not None}


class Open311Servicer(open311_pb2_grpc.Open311ServiceServicer):
    """GeoReport v2 resources (jlp_grid_event.open311): messages in, dicts out, nothing more."""

    def __init__(self, open311: Open311) -> None:
        self.open311 = open311

    def GetDiscovery(self, request, context):  # noqa: N802
        return open311_pb2.Discovery(**self.open311.discovery(request.jurisdiction_id))

    def ListServices(self, request, context):  # noqa: N802
        return open311_pb2.ListServicesResponse(services=[
            open311_pb2.Service(**s) for s in self.open311.services(request.jurisdiction_id)])

    def GetServiceDefinition(self, request, context):  # noqa: N802
        return open311_pb2.ServiceDefinition(
            **self.open311.definition(request.service_code, request.jurisdiction_id))

    def CreateServiceRequest(self, request, context):  # noqa: N802
        submission = open311_rules.Submission(
            service_code=request.service_code, lat=request.lat, long=request.long,
            address_string=request.address_string, address_id=request.address_id,
            description=request.description, media_url=request.media_url,
            attributes=[(a.code, list(a.values)) for a in request.attributes])
        receipt = self.open311.submit(submission, require_principal(), request.jurisdiction_id)
        return open311_pb2.ServiceRequestReceipt(**_present(receipt))

    def ListServiceRequests(self, request, context):  # noqa: N802
        found = self.open311.search(
            jurisdiction_id=request.jurisdiction_id, service_request_id=request.service_request_id,
            service_code=request.service_code, start_date=request.start_date,
            end_date=request.end_date, status=request.status)
        return open311_pb2.ListServiceRequestsResponse(
            requests=[open311_pb2.ServiceRequest(**_present(r)) for r in found])

    def GetServiceRequest(self, request, context):  # noqa: N802
        found = self.open311.get(request.service_request_id, request.jurisdiction_id)
        return open311_pb2.ServiceRequest(**_present(found))

    def GetServiceRequestToken(self, request, context):  # noqa: N802
        return open311_pb2.ServiceRequestToken(
            **self.open311.token(request.token, request.jurisdiction_id))
