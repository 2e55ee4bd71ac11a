"""A camera's attributes as given by an operator or an import row, and their checks.

The id is judged by `device_id.assess` (accept / quarantine / reject); the other fields are
checked here. Positions are converted to WGS-84 from their datum (coords.py); the original point
and datum are kept. A position outside the district's rough extent is not an error here (the
grid lookup says OUTSIDE_DISTRICT), but a GCJ-02/BD-09 point outside China is.
Field keys are the CSV column names; `JSON_FIELDS` maps them to the API's JSON paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from jlp_common.errors import FieldViolation
from jlp_video_index.domain import coords
from jlp_video_index.domain.device_id import DISTRICT_CODE, Assessment, assess, is_code
from jlp_video_index.domain.status import liveness

PURPOSES = ("public_security", "traffic", "city_management", "environment", "emergency",
            "community", "other")
DEPARTMENT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_NAME = 100
MAX_ADDRESS = 200
JSON_FIELDS = {
    "id": "id", "name": "name", "owner_department_id": "ownerDepartmentId",
    "lon": "reportedPosition.lon", "lat": "reportedPosition.lat", "datum": "reportedPosition.datum",
    "parent_device_id": "parentDeviceId", "address": "address", "purpose": "purpose",
    "keepalive_interval_seconds": "keepaliveIntervalSeconds",
    "keepalive_timeout_count": "keepaliveTimeoutCount",
}


@dataclass(frozen=True)
class CameraSpec:
    """A camera's given attributes (before its grid is resolved)."""

    id: str
    name: str
    owner_department_id: str
    lon: float | None
    lat: float | None
    datum: coords.Datum = coords.Datum.WGS84
    parent_device_id: str = ""
    address: str = ""
    hd: bool = False
    ptz: bool = False
    networked: bool = False
    purpose: str = ""
    key_area: bool = False
    keepalive_interval_seconds: int = 0
    keepalive_timeout_count: int = 0

    def attributes(self) -> dict[str, object]:
        """Every given attribute (for comparing a repeat with what is stored)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class CheckedCamera:
    spec: CameraSpec
    assessment: Assessment
    lon_wgs84: float
    lat_wgs84: float


def check_attributes(spec: CameraSpec) -> list[FieldViolation]:
    """Problems of every field but the id's GB/T 28181 verdict."""
    out: list[FieldViolation] = []
    name = (spec.name or "").strip()
    if not name:
        out.append(FieldViolation("name", "required"))
    elif len(name) > MAX_NAME:
        out.append(FieldViolation("name", f"at most {MAX_NAME} characters"))
    if not DEPARTMENT_PATTERN.match(spec.owner_department_id or ""):
        out.append(FieldViolation("owner_department_id", "required: a department id (letters, digits, - _ .)"))
    if spec.lon is None:
        out.append(FieldViolation("lon", "required"))
    if spec.lat is None:
        out.append(FieldViolation("lat", "required"))
    if spec.lon is not None and spec.lat is not None:
        try:
            coords.to_wgs84(spec.lon, spec.lat, spec.datum)
        except ValueError as exc:
            field = "lat" if "latitude" in str(exc) and "longitude" not in str(exc) else "lon"
            out.append(FieldViolation(field, str(exc)))
    if spec.parent_device_id and not is_code(spec.parent_device_id):
        out.append(FieldViolation("parent_device_id", "a 20-digit GB/T 28181 code"))
    if spec.parent_device_id and spec.parent_device_id == spec.id:
        out.append(FieldViolation("parent_device_id", "a camera cannot be its own parent"))
    if len(spec.address or "") > MAX_ADDRESS:
        out.append(FieldViolation("address", f"at most {MAX_ADDRESS} characters"))
    if spec.purpose and spec.purpose not in PURPOSES:
        out.append(FieldViolation("purpose", f"one of {', '.join(PURPOSES)}"))
    try:
        liveness(spec.keepalive_interval_seconds, spec.keepalive_timeout_count)
    except ValueError as exc:
        key = "keepalive_interval_seconds" if "interval" in str(exc) else "keepalive_timeout_count"
        out.append(FieldViolation(key, str(exc)))
    return out


def check(spec: CameraSpec, district_code: str = DISTRICT_CODE) -> tuple[list[FieldViolation], CheckedCamera | None]:
    """(violations, checked camera). Violations include the id's REJECT reasons; a QUARANTINE
    verdict is not a violation: the caller holds the camera back with the assessment's reasons."""
    problems = check_attributes(spec)
    verdict = assess(spec.id, district_code)
    if verdict.verdict.value == "REJECT":
        problems.insert(0, FieldViolation("id", "; ".join(verdict.reasons)))
    if problems:
        return problems, None
    assert spec.lon is not None and spec.lat is not None
    lon, lat = coords.to_wgs84(spec.lon, spec.lat, spec.datum)
    return [], CheckedCamera(spec, verdict, lon, lat)


def as_json(violations: list[FieldViolation], prefix: str = "camera.") -> list[FieldViolation]:
    """Violations renamed to the API's JSON paths."""
    return [FieldViolation(prefix + JSON_FIELDS.get(v.field, v.field), v.description) for v in violations]
