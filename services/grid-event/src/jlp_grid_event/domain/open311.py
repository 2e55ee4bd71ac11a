"""Open311 GeoReport v2 on grid-event cases: which categories are services, how a report is
read, how a query is bounded, what the public sees (shared/reference/open311-georeport-v2.md).

Plain functions over plain values (category and case documents as dicts, datetimes), no store
and no clock: the workflow (jlp_grid_event.open311) supplies them. The gateway only converts
the spec's XML/JSON to the Open311Service messages, so every GeoReport rule the district
applies lives here, in the service's terms:

- services are the current event categories: GB/T 47678.5-2026 matters (in force since
  2026-07-01, catalogue.CURRENT_EDITION), active ones only;
- a request is `closed` once its case is in a terminal state (closed, rejected, cancelled),
  `open` otherwise — the spec knows only these two (§2 request object);
- the one attribute is URGENCY (NORMAL/URGENT), which selects the category's time limits;
- a description has at most 4,000 characters (§2 POST arguments); a request must be located
  by lat/long, since a case belongs to a unit grid (an address alone cannot be placed);
- a query spans at most 90 days, the most recent 90 by default, and returns at most the first
  1,000 requests (§2 GET requests);
- an empty argument is an absent one (§1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from jlp_common.errors import FieldViolation, InvalidArgument, NotFound, PermissionDenied
from jlp_common.timeutil import as_utc
from jlp_grid_event.domain import catalogue, privacy, states
from jlp_grid_event.domain.deadlines import CHINA_TZ, Urgency

# §1: the jurisdiction's web domain without `www` (九龙坡区人民政府, cqjlp.gov.cn).
JURISDICTION = "cqjlp.gov.cn"
SERVICE_EDITION = catalogue.CURRENT_EDITION
SERVICE_KIND = catalogue.EVENT
MAX_SPAN = timedelta(days=90)  # §2 GET requests: start_date/end_date at most 90 days apart
MAX_RESULTS = 1000  # §2 "Response volume": the first 1,000 requests
MAX_DESCRIPTION = 4000  # §2 POST requests: description, max 4,000 characters
URGENCY = "URGENCY"
OPEN, CLOSED = "open", "closed"
OPEN311_ROLE = "open311_app"  # identity's role of civic-app clients (the api_key holders)
# Case history actions whose note the public may read (masked) as `status_notes`.
PUBLIC_NOTE_ACTIONS = ("reject", "resolve", "close", "reopen", "cancel")
DISCOVERY = {
    "changeset": "2026-07-01T00:00:00+08:00",  # services switched to GB/T 47678.5-2026 codes
    "contact": "12345 政务服务便民热线",
    "key_service": "API keys are client secrets of open311_app OAuth clients (identity)",
}


# --- jurisdiction and caller -----------------------------------------------------------------
def check_jurisdiction(given: str) -> None:
    """§1: optional on a single-jurisdiction endpoint, but a different one is unknown (404)."""
    given = given.strip()
    if given and given.removeprefix("www.") != JURISDICTION:
        raise NotFound("jurisdiction", given,
                       message=f"unknown jurisdiction_id {given!r}; this endpoint serves {JURISDICTION}")


def check_reporter(roles: Iterable[str]) -> None:
    """Only civic-app clients file Open311 requests: a valid client of another kind (a device,
    a service) that named itself in the api_key is refused like a wrong key (§3: 403)."""
    if OPEN311_ROLE not in set(roles):
        raise PermissionDenied("api_key does not belong to an Open311 application",
                               reason="NOT_AN_OPEN311_APPLICATION")


# --- services ----------------------------------------------------------------------------------
def is_service(category: Mapping[str, Any]) -> bool:
    """A category is a service when it is an active event category of the current edition."""
    return (category.get("edition") == SERVICE_EDITION and category.get("kind") == SERVICE_KIND
            and bool(category.get("active", True)))


def service_of(category: Mapping[str, Any]) -> dict[str, Any]:
    """The GeoReport service of a category (every one has the URGENCY attribute: metadata)."""
    name, major = category["name"], category.get("major_name", "")
    return {"service_code": category["code"], "service_name": name,
            "description": f"{major}：{name}（{category.get('standard_ref', '')}）",
            "metadata": True, "type": "realtime",
            "keywords": ",".join(k for k in (major, name, category["_id"]) if k),
            "group": category.get("group") or major}


def find_service(categories: Iterable[Mapping[str, Any]], code: str) -> Mapping[str, Any]:
    """The current category whose code is `code`; NotFound (404) otherwise."""
    code = code.strip()
    if not code:
        raise InvalidArgument.field("service_code", "is required")
    for category in categories:
        if is_service(category) and category["code"] == code:
            return category
    raise NotFound("service", code, message=f"unknown service_code {code!r}")


def definition_of(category: Mapping[str, Any]) -> dict[str, Any]:
    """§2 service definition: the URGENCY list (optional; NORMAL when absent)."""
    return {"service_code": category["code"], "attributes": [{
        "variable": True, "code": URGENCY, "datatype": "singlevaluelist", "required": False,
        "datatype_description": "NORMAL or URGENT", "order": 1, "description": "紧急程度 urgency",
        "values": [{"key": "NORMAL", "name": "一般 normal"}, {"key": "URGENT", "name": "紧急 urgent"}],
    }]}


# --- POST requests -------------------------------------------------------------------------
@dataclass(frozen=True)
class Submission:
    """The POST arguments the service reads (text as sent); submitter fields are not among
    them — e-mail, phone and names of a civic app's user are never stored."""

    service_code: str
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    description: str = ""
    media_url: str = ""
    attributes: Sequence[tuple[str, Sequence[str]]] = ()


@dataclass(frozen=True)
class ParsedReport:
    """A submission as case fields."""

    lon: float
    lat: float
    description: str
    address: str
    urgency: Urgency
    attachments: tuple[str, ...]


def parse_submission(s: Submission) -> ParsedReport:
    """Read the arguments or raise InvalidArgument naming every bad one (GeoReport names).

    Lengths and shapes shared with every report (address, URL) are the case workflow's checks;
    this reads what only GeoReport has: text coordinates, the attribute list, its limits.
    """
    bad: list[FieldViolation] = []
    lat, lon = _coordinate(bad, "lat", s.lat, 90), _coordinate(bad, "long", s.long, 180)
    if not s.lat.strip() or not s.long.strip():
        bad.append(FieldViolation("lat", "lat and long are required: requests are located in unit "
                                         "grids (address_string or address_id alone cannot be placed)"))
    description = s.description.strip()
    if len(description) > MAX_DESCRIPTION:
        bad.append(FieldViolation("description", f"is limited to {MAX_DESCRIPTION} characters"))
    media = s.media_url.strip()
    if media and not media.startswith(("https://", "http://")):
        bad.append(FieldViolation("media_url", "must be an http(s) URL"))
    urgency = _urgency(bad, s.attributes)
    if bad:
        raise InvalidArgument(violations=bad)
    return ParsedReport(lon, lat, description, s.address_string.strip(), urgency,
                        (media,) if media else ())


def _coordinate(bad: list[FieldViolation], name: str, raw: str, bound: float) -> float:
    raw = raw.strip()
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > bound:
        bad.append(FieldViolation(name, f"must be a WGS-84 number within ±{bound:g}"))
        return 0.0
    return value


def _urgency(bad: list[FieldViolation], attributes: Sequence[tuple[str, Sequence[str]]]) -> Urgency:
    urgency = Urgency.NORMAL
    for code, values in attributes:
        field = f"attribute[{code}]"
        if code != URGENCY:
            bad.append(FieldViolation(field, f"not an attribute of this service (only {URGENCY})"))
            continue
        given = [v.strip().upper() for v in values if v.strip()]
        if len(given) > 1:
            bad.append(FieldViolation(field, "takes one value (singlevaluelist)"))
        elif given and given[0] not in Urgency.__members__:
            bad.append(FieldViolation(field, "must be NORMAL or URGENT"))
        elif given:
            urgency = Urgency[given[0]]
    return urgency


def receipt_notice(joined_existing: bool) -> str:
    """`service_notice` of a POST: whether the report opened a case or joined one nearby."""
    if joined_existing:
        return "已并入同一地点的在办案件 (joined an open request at the same place)"
    return "已受理，将按时限处置 (received)"


# --- GET requests --------------------------------------------------------------------------
@dataclass(frozen=True)
class PublicQuery:
    """What GET requests asks for: ids (overriding everything) or filters within a window."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    open: bool = True
    closed: bool = True
    start: datetime | None = None  # UTC, inclusive
    end: datetime | None = None  # UTC, inclusive; None = up to now


def split_list(raw: str) -> tuple[str, ...]:
    """A comma-separated argument (empty items dropped)."""
    return tuple(dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()))


def parse_query(*, service_request_id: str = "", service_code: str = "", start_date: str = "",
                end_date: str = "", status: str = "", now: datetime) -> PublicQuery:
    """§2 GET requests: `service_request_id` overrides all other arguments; otherwise codes,
    statuses (open, closed; default both) and the window of `time_window`."""
    ids = split_list(service_request_id)
    if ids:
        if len(ids) > MAX_RESULTS:
            raise InvalidArgument.field("service_request_id", f"at most {MAX_RESULTS} ids")
        return PublicQuery(ids=ids)
    statuses = {s.lower() for s in split_list(status)}
    if statuses - {OPEN, CLOSED}:
        raise InvalidArgument.field("status", "must be open and/or closed")
    start, end = time_window(start_date, end_date, now)
    return PublicQuery(service_codes=split_list(service_code),
                       open=not statuses or OPEN in statuses,
                       closed=not statuses or CLOSED in statuses, start=start, end=end)


def parse_w3c(name: str, raw: str) -> datetime:
    """A W3C datetime with its mandatory timezone (§3). A space before the offset is a `+` that
    a client did not URL-encode (§4 checklist)."""
    text = raw.strip()
    if len(text) > 19 and text[19] == " ":
        text = text[:19] + "+" + text[20:]
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidArgument.field(name, f"is not a W3C datetime: {raw!r}") from None
    if value.tzinfo is None:
        raise InvalidArgument.field(name, "must carry a timezone (e.g. Z or +08:00)")
    return value


def time_window(start_raw: str, end_raw: str, now: datetime) -> tuple[datetime, datetime | None]:
    """(start, end) in UTC. At most 90 days; the most recent 90 days by default — then with no
    upper bound, so a request filed this second is included; a start older than 90 days alone
    means the 90 days from it."""
    start = parse_w3c("start_date", start_raw) if start_raw.strip() else None
    end = parse_w3c("end_date", end_raw) if end_raw.strip() else None
    try:
        if start is None:
            start = (end or now) - MAX_SPAN
        elif end is None and now - start > MAX_SPAN:
            end = start + MAX_SPAN
        if end is not None and end < start:
            raise InvalidArgument.field("end_date", "is before start_date")
        if end is not None and end - start > MAX_SPAN:
            raise InvalidArgument.field("end_date", "the date range may not span more than 90 days")
        return start.astimezone(UTC), end.astimezone(UTC) if end is not None else None
    except OverflowError:  # e.g. 0001-01-01 minus 90 days, or 9999-12-31 in UTC
        raise InvalidArgument.field("start_date", "start_date/end_date out of range") from None


# --- the public view -------------------------------------------------------------------------
def status_of(case_status: int) -> str:
    """`closed` for terminal cases (closed, rejected, cancelled), else `open`."""
    return CLOSED if case_status in states.TERMINAL else OPEN


def closed_case_states() -> list[int]:
    return sorted(int(s) for s in states.TERMINAL)


def w3c(value: datetime | None) -> str | None:
    """W3C datetime with the China offset (the spec requires a timezone)."""
    if value is None:
        return None
    return as_utc(value).astimezone(CHINA_TZ).isoformat(timespec="seconds")


def service_request_of(case: Mapping[str, Any]) -> dict[str, Any]:
    """A case as the public may see it (§2 request object): no reporters, actors or contact
    data; phone, ID numbers and e-mail in free text masked (privacy.mask_text); None for what
    the case does not have."""
    note = ""
    for h in reversed(case.get("history", [])):
        if h["action"] in PUBLIC_NOTE_ACTIONS:
            note = privacy.mask_text(h.get("note", ""))
            break
    terminal = case["status"] in states.TERMINAL
    deadlines = case.get("deadlines") or {}
    attachments = case.get("attachments", [])
    return {
        "service_request_id": case["_id"],
        "status": status_of(case["status"]),
        "status_notes": note or None,
        "service_name": case.get("category_name", ""),
        "service_code": case["category_code"],
        "description": privacy.mask_text(case.get("description", "")),
        "agency_responsible": case.get("department_id") or None,
        "service_notice": None,
        "requested_datetime": w3c(case.get("create_time")),
        "updated_datetime": w3c(case.get("close_time") or case.get("update_time")),
        "expected_datetime": None if terminal else w3c(deadlines.get("resolve_due")),
        "address": privacy.mask_text(case.get("address", "")) or None,
        "address_id": None,
        "zipcode": None,
        "lat": round(case["lat"], 5),
        "long": round(case["lon"], 5),
        "media_url": attachments[0] if attachments else None,
    }
