"""Open311 GeoReport v2 under `/open311/v2/`, mapped onto grid-event cases.

The wire shape is fixed by the (frozen) GeoReport v2 spec — shared/reference/open311-georeport-v2.md
— so existing civic apps and client libraries work unchanged:

- `GET  services.{json,xml}`, `GET services/{code}.{fmt}` (alias `service/{code}` for the
  codeforamerica client), `POST requests.{fmt}`, `GET requests.{fmt}`, `GET requests/{id}.{fmt}`,
  `GET tokens/{token}.{fmt}`, `GET discovery.{fmt}`;
- the format is chosen by the suffix; JSON is the "Spark convention" mapping of the XML (lists
  are top-level arrays; one request by id is still an array);
- errors are lists of `{code, description}` with 404 (unknown service/request/jurisdiction),
  403 (missing or invalid `api_key`) or 400 (anything else);
- an empty optional argument is treated as absent (spec rule); `api_key` is accepted from the
  body or the query string (the open311 Python client sends it in the query).

Services are the current category dictionary (GB/T 47678.5-2026 matters); a request is a case
(source OPEN311, service_request_id = case id), status `open`/`closed`. Public reads go through
`ListPublicCases`, which never returns reporters, actors or contact data and masks phone and ID
numbers in free text; submitter fields of a POST (`email`, `phone`, names) are not stored at all.

`api_key` is the client secret of an OAuth client holding the `open311_app` role. It is
exchanged with identity (client_credentials grant) for a short-lived token, cached until just
before expiry, and the case is created with that token, so grid-event checks it like any call.
A bare key is sent without a client id: identity finds the client by the secret's digest and
accepts it only when all the client's roles allow that (open311_app; a device or service
client's secret alone is refused). `<client_id>:<secret>` works too (the client is named).
Exchanges (not cache hits) draw on the gateway's per-address budget of token requests, the
same one as `/api/v1/auth/token` (identity.py). A key rotated or disabled in identity keeps
working from the cache until its token expires (≤ 15 minutes), like any issued token.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import grpc
import jwt
from flask import Blueprint, Flask, Response, json, request
from google.protobuf.timestamp_pb2 import Timestamp

from jlp.grid_event.v1 import case_pb2, case_pb2_grpc, category_pb2, category_pb2_grpc
from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_gateway.extensions import ExtensionContext
from jlp_gateway.extensions.identity import token_limit_key, token_limiter
from jlp_gateway.extensions.standard_docs import document_open311

COMPONENT = "grid-event"
BASE = "/open311/v2"
CHINA = timezone(timedelta(hours=8))
MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000
MAX_DESCRIPTION = 4000
CLOSED_STATES = {case_pb2.CLOSED, case_pb2.REJECTED, case_pb2.CANCELLED}
URGENCY_ATTRIBUTE = "URGENCY"
FORMATS = "<any(json,xml):fmt>"


class Open311Error(Exception):
    """An error answered as a GeoReport error list with its HTTP status."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


# --- rendering ---------------------------------------------------------------------------
# Characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _xml_value(parent: ET.Element, key: str, value: Any) -> None:
    child = ET.SubElement(parent, key)
    if isinstance(value, bool):
        child.text = "true" if value else "false"
    elif isinstance(value, list):
        singular = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
                    "formats": "format", "keywords": "keyword"}.get(key, "item")
        for item in value:
            if isinstance(item, Mapping):
                _xml_object(child, singular, item)
            else:
                ET.SubElement(child, singular).text = _xml_text(item)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _xml_value(child, k, v)
    elif value is not None:
        child.text = _xml_text(value)


def _xml_object(parent: ET.Element, tag: str, obj: Mapping[str, Any]) -> ET.Element:
    node = ET.SubElement(parent, tag)
    for k, v in obj.items():
        _xml_value(node, k, v)
    return node


def render(fmt: str, root: str, item: str | None, payload: Any, status: int = 200) -> Response:
    """JSON as the spec's mapping of the XML: a list root becomes a bare array."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False)
        return Response(body, status, content_type="application/json; charset=utf-8")
    top = ET.Element(root)
    if item is None:
        for k, v in payload.items():
            _xml_value(top, k, v)
    else:
        for obj in payload:
            _xml_object(top, item, obj)
    text = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="unicode")
    return Response(text.encode("utf-8"), status, content_type="text/xml; charset=utf-8")


def error_response(fmt: str, status: int, description: str) -> Response:
    return render(fmt, "errors", "error", [{"code": status, "description": description}], status)


# --- mapping -----------------------------------------------------------------------------
def service_of(c: category_pb2.Category) -> dict[str, Any]:
    return {"service_code": c.code, "service_name": c.name,
            "description": f"{c.major_name}：{c.name}（{c.standard_ref}）",
            "metadata": True, "type": "realtime",
            "keywords": ",".join(k for k in (c.major_name, c.name, c.id) if k),
            "group": c.group or c.major_name}


def definition_of(c: category_pb2.Category) -> dict[str, Any]:
    return {"service_code": c.code, "attributes": [{
        "variable": True, "code": URGENCY_ATTRIBUTE, "datatype": "singlevaluelist", "required": False,
        "datatype_description": "NORMAL or URGENT", "order": 1, "description": "紧急程度 urgency",
        "values": [{"key": "NORMAL", "name": "一般 normal"}, {"key": "URGENT", "name": "紧急 urgent"}],
    }]}


def w3c(ts: Timestamp, present: bool) -> str | None:
    """W3C datetime with the China offset (the spec requires a timezone)."""
    if not present:
        return None
    return ts.ToDatetime(tzinfo=UTC).astimezone(CHINA).isoformat(timespec="seconds")


def request_of(c: case_pb2.PublicCase) -> dict[str, Any]:
    return {
        "service_request_id": c.id,
        "status": "closed" if c.status in CLOSED_STATES else "open",
        "status_notes": c.status_note or None,
        "service_name": c.category_name,
        "service_code": c.category_code,
        "description": c.description,
        "agency_responsible": c.department_id or None,
        "service_notice": None,
        "requested_datetime": w3c(c.create_time, c.HasField("create_time")),
        "updated_datetime": w3c(c.update_time, c.HasField("update_time")),
        "expected_datetime": w3c(c.expected_time, c.HasField("expected_time")),
        "address": c.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": c.location.lat,
        "long": c.location.lon,
        "media_url": c.media_url or None,
    }


def parse_w3c(name: str, raw: str) -> datetime:
    """A W3C datetime; a space before the offset is a '+' a client did not URL-encode."""
    text = raw.strip()
    if len(text) > 19 and text[19] == " ":
        text = text[:19] + "+" + text[20:]
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name} is not a W3C datetime: {raw!r}") from None
    if value.tzinfo is None:
        raise Open311Error(400, f"{name} must carry a timezone (e.g. Z or +08:00)")
    return value


def time_window(start_raw: str, end_raw: str, now: datetime) -> tuple[datetime, datetime | None]:
    """The spec's window: at most 90 days; the most recent 90 days by default (then with no
    upper bound, so a request filed this second is included)."""
    try:
        start, end = _window(start_raw, end_raw, now)
        # Both must be representable as UTC timestamps (year 1..9999).
        return start.astimezone(UTC), end.astimezone(UTC) if end is not None else None
    except OverflowError:
        raise Open311Error(400, "start_date/end_date out of range") from None


def _window(start_raw: str, end_raw: str, now: datetime) -> tuple[datetime, datetime | None]:
    start = parse_w3c("start_date", start_raw) if start_raw else None
    end = parse_w3c("end_date", end_raw) if end_raw else None
    if start is None:
        start = (end or now) - MAX_SPAN
    elif end is None and now - start > MAX_SPAN:
        end = start + MAX_SPAN
    if end is not None and end < start:
        raise Open311Error(400, "end_date is before start_date")
    if end is not None and end - start > MAX_SPAN:
        raise Open311Error(400, "the date range may not span more than 90 days")
    return start, end


def _ts(value: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(value.astimezone(UTC))
    return out


def _split(raw: str) -> list[str]:
    return [p.strip() for p in raw.split(",") if p.strip()]


class TokenCache:
    """Access tokens per api_key digest, reused until 30 s before they expire."""

    def __init__(self, clock=time.time) -> None:  # noqa: ANN001 - a float clock
        self._items: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    @staticmethod
    def key(api_key: str) -> str:
        return hashlib.sha256(api_key.encode()).hexdigest()

    def get(self, api_key: str) -> str | None:
        with self._lock:
            hit = self._items.get(self.key(api_key))
        if hit and hit[1] - 30 > self._clock():
            return hit[0]
        return None

    def put(self, api_key: str, token: str, expires_in: int) -> None:
        with self._lock:
            if len(self._items) > 1000:
                self._items.clear()
            self._items[self.key(api_key)] = (token, self._clock() + expires_in)


# --- routes ------------------------------------------------------------------------------
def register(app: Flask, ctx: ExtensionContext) -> None:
    bp = Blueprint("open311", __name__)
    jurisdiction = ctx.settings.get("JLP_OPEN311_JURISDICTION", "cqjlp.gov.cn")
    tokens = TokenCache()
    exchanges = token_limiter(app, ctx)

    def cases() -> case_pb2_grpc.CaseServiceStub:
        return ctx.stub(COMPONENT, case_pb2_grpc.CaseServiceStub)

    def categories() -> category_pb2_grpc.CategoryServiceStub:
        return ctx.stub(COMPONENT, category_pb2_grpc.CategoryServiceStub)

    def arg(name: str) -> str:
        """A form or query argument; empty means absent (spec)."""
        value = request.form.get(name) if request.method == "POST" else None
        return (value or request.args.get(name) or "").strip()

    def check_jurisdiction() -> None:
        given = arg("jurisdiction_id")
        if given and given.removeprefix("www.") != jurisdiction:
            raise Open311Error(404, f"unknown jurisdiction_id {given!r}; this endpoint serves {jurisdiction}")

    def current_services() -> list[category_pb2.Category]:
        reply = ctx.call(categories().ListCategories,
                         category_pb2.ListCategoriesRequest(edition="2026", kind=category_pb2.EVENT,
                                                            page_size=500))
        return list(reply.categories)

    def find_service(code: str) -> category_pb2.Category:
        for c in current_services():
            if c.code == code:
                return c
        raise Open311Error(404, f"unknown service_code {code!r}")

    def answer(fmt: str, fn) -> Response:  # noqa: ANN001 - a view body
        try:
            check_jurisdiction()
            return fn()
        except Open311Error as exc:
            return error_response(fmt, exc.status, exc.description)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
            status = {grpc.StatusCode.NOT_FOUND: 404, grpc.StatusCode.INVALID_ARGUMENT: 400,
                      grpc.StatusCode.PERMISSION_DENIED: 403, grpc.StatusCode.UNAUTHENTICATED: 403,
                      grpc.StatusCode.FAILED_PRECONDITION: 400}.get(code)
            if status is None:
                raise  # unavailable backends etc.: the gateway's problem+json (5xx)
            return error_response(fmt, status, exc.details() or code.name)

    @bp.get(f"{BASE}/discovery.{FORMATS}")
    def discovery(fmt: str) -> Response:
        root = request.url_root.rstrip("/") + BASE
        doc = {"changeset": "2026-07-01T00:00:00+08:00", "contact": "12345 政务服务便民热线",
               "key_service": "API keys are client secrets of open311_app OAuth clients (identity)",
               "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": root,
                              "changeset": "2026-07-01T00:00:00+08:00", "type": "production",
                              "formats": ["text/xml", "application/json"]}]}
        return answer(fmt, lambda: render(fmt, "discovery", None, doc))

    @bp.get(f"{BASE}/services.{FORMATS}")
    def services(fmt: str) -> Response:
        return answer(fmt, lambda: render(fmt, "services", "service",
                                          [service_of(c) for c in current_services()]))

    @bp.get(f"{BASE}/services/<code>.{FORMATS}")
    @bp.get(f"{BASE}/service/<code>.{FORMATS}")
    def service_definition(code: str, fmt: str) -> Response:
        return answer(fmt, lambda: render(fmt, "service_definition", None,
                                          definition_of(find_service(code))))

    def token_for(api_key: str) -> str:
        cached = tokens.get(api_key)
        if cached:
            return cached
        exchanges.acquire(token_limit_key(ctx.client_ip()))  # 429 like the token endpoint
        client_id, sep, secret = api_key.partition(":")
        if not sep:  # a bare api_key: identity resolves the client from the secret
            client_id, secret = "", api_key
        identity = ctx.stub("identity", identity_pb2_grpc.IdentityServiceStub)
        try:
            issued = ctx.call(identity.IssueToken, identity_pb2.IssueTokenRequest(
                grant_type="client_credentials", client_id=client_id, client_secret=secret,
                scope="grid:case.report"))
        except grpc.RpcError as exc:
            if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise
            raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.") from None
        # The token comes straight from identity over gRPC; only its role claim is read here
        # (grid-event verifies the signature when the token is used).
        claims = jwt.decode(issued.access_token, options={"verify_signature": False})
        if "open311_app" not in (claims.get("roles") or []):
            raise Open311Error(403, "api_key does not belong to an Open311 application")
        tokens.put(api_key, issued.access_token, issued.expires_in or 300)
        return issued.access_token

    def urgency() -> int:
        raw = (request.form.get(f"attribute[{URGENCY_ATTRIBUTE}]") or "").strip().upper()
        if not raw:
            return 0
        if raw not in ("NORMAL", "URGENT"):
            raise Open311Error(400, f"attribute[{URGENCY_ATTRIBUTE}] must be NORMAL or URGENT")
        return case_pb2.Urgency.Value(raw)

    def create() -> Response:
        fmt = request.view_args["fmt"]
        api_key = arg("api_key")
        if not api_key:
            raise Open311Error(403, "api_key is required to create a service request")
        code = arg("service_code")
        if not code:
            raise Open311Error(400, "service_code is required")
        lat, lon = arg("lat"), arg("long")
        if not lat or not lon:
            raise Open311Error(400, "lat and long are required: requests are located in unit grids "
                                    "(address_string or address_id alone cannot be placed)")
        try:
            point = case_pb2.Location(lon=float(lon), lat=float(lat))
        except ValueError:
            raise Open311Error(400, "lat and long must be numbers (WGS-84)") from None
        description = arg("description")
        if len(description) > MAX_DESCRIPTION:
            raise Open311Error(400, f"description is limited to {MAX_DESCRIPTION} characters")
        find_service(code)  # 404 for an unknown service_code before any key exchange
        media = arg("media_url")
        new = case_pb2.Case(category_code=code, description=description, location=point,
                            address=arg("address_string"), urgency=urgency(),
                            attachments=[media] if media.startswith(("https://", "http://")) else [],
                            source=case_pb2.OPEN311)
        token = token_for(api_key)
        created = ctx.call(cases().CreateCase, case_pb2.CreateCaseRequest(case=new),
                           metadata=[("authorization", f"Bearer {token}")])
        notice = ("已并入同一地点的在办案件 (joined an open request at the same place)"
                  if created.joined_existing else "已受理，将按时限处置 (received)")
        return render(fmt, "service_requests", "request",
                      [{"service_request_id": created.id, "service_notice": notice, "account_id": None}])

    @bp.post(f"{BASE}/requests.{FORMATS}")
    def post_request(fmt: str) -> Response:
        return answer(fmt, create)

    def query(ids: Iterable[str] = ()) -> list[dict[str, Any]]:
        ids = list(ids)
        req = case_pb2.ListPublicCasesRequest(ids=ids, page_size=MAX_RESULTS)
        if not ids:
            req.category_codes.extend(_split(arg("service_code")))
            statuses = {s.lower() for s in _split(arg("status"))}
            if statuses - {"open", "closed"}:
                raise Open311Error(400, "status must be open and/or closed")
            req.open, req.closed = "open" in statuses, "closed" in statuses
            start, end = time_window(arg("start_date"), arg("end_date"), datetime.now(UTC))
            req.start_time.CopyFrom(_ts(start))
            if end is not None:
                req.end_time.CopyFrom(_ts(end))
        reply = ctx.call(cases().ListPublicCases, req)
        return [request_of(c) for c in reply.cases]

    @bp.get(f"{BASE}/requests.{FORMATS}")
    def get_requests(fmt: str) -> Response:
        def run() -> Response:
            ids = _split(arg("service_request_id"))
            return render(fmt, "service_requests", "request", query(ids))
        return answer(fmt, run)

    @bp.get(f"{BASE}/requests/<request_id>.{FORMATS}")
    def get_request(request_id: str, fmt: str) -> Response:
        def run() -> Response:
            found = query([request_id])
            if not found:
                raise Open311Error(404, f"unknown service_request_id {request_id!r}")
            return render(fmt, "service_requests", "request", found)
        return answer(fmt, run)

    @bp.get(f"{BASE}/tokens/<token>.{FORMATS}")
    def get_token(token: str, fmt: str) -> Response:
        def run() -> Response:  # every service is realtime: ids are returned at once
            raise Open311Error(404, f"unknown token {token!r}: services here return ids directly")
        return answer(fmt, run)

    app.register_blueprint(bp)
    document_open311(ctx, BASE)
