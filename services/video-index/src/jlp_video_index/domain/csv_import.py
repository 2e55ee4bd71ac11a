"""Camera CSV import: parse, check every row, and report each row's outcome.

Outcomes: IMPORTED (new, or changed attributes of the same owner's camera), UNCHANGED (stored
exactly as given, or an identical repeat inside the file), QUARANTINED (well-formed but doubtful
id, or a collision), REJECTED (invalid; the column at fault and why). Valid rows are kept
whatever the other rows hold.

Collisions: two different records claiming one id. Inside a file, every row of a conflicting id
is quarantined (the file cannot say which is right, so neither silently wins); against the
registry, an id already registered to another department is quarantined (a second owner
claiming it). Common Chinese and English header spellings are accepted.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from jlp_common.errors import FieldViolation
from jlp_video_index.domain import coords
from jlp_video_index.domain.cameras import CameraSpec, CheckedCamera, check
from jlp_video_index.domain.device_id import DISTRICT_CODE, Verdict

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "camera_id", "device_id", "gb_id", "gbid", "国标编码", "设备编码", "通道编码"),
    "name": ("name", "名称", "设备名称", "点位名称"),
    "owner_department_id": ("owner_department_id", "owner", "department", "权属单位"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "datum": ("datum", "crs", "坐标系"),
    "parent_device_id": ("parent_device_id", "parent_id", "父设备编码"),
    "address": ("address", "地址", "安装地址"),
    "hd": ("hd", "高清"),
    "ptz": ("ptz", "云台"),
    "networked": ("networked", "联网"),
    "purpose": ("purpose", "用途"),
    "key_area": ("key_area", "重点区域"),
}
TRUE = {"true", "1", "yes", "y", "t", "是"}
FALSE = {"false", "0", "no", "n", "f", "否", ""}


class Outcome(StrEnum):
    IMPORTED = "IMPORTED"
    UNCHANGED = "UNCHANGED"
    QUARANTINED = "QUARANTINED"
    REJECTED = "REJECTED"


class CsvError(ValueError):
    """The file as a whole cannot be imported (not CSV, no id column, too big)."""


@dataclass
class RowResult:
    row: int  # 1-based data row
    camera_id: str
    outcome: Outcome
    column: str = ""  # the CSV column at fault (REJECTED) or "id" (QUARANTINED)
    reasons: list[str] = field(default_factory=list)
    record: dict[str, str] = field(default_factory=dict)
    camera: CheckedCamera | None = None


@dataclass
class ImportReport:
    rows: list[RowResult]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def problems(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome in (Outcome.QUARANTINED, Outcome.REJECTED)]

    def to_store(self) -> list[CheckedCamera]:
        return [r.camera for r in self.rows if r.outcome is Outcome.IMPORTED and r.camera]


def _header_map(header: list[str]) -> dict[str, str]:
    """Canonical column → the file's column name."""
    lookup = {alias.lower(): canon for canon, aliases in HEADER_ALIASES.items() for alias in aliases}
    out: dict[str, str] = {}
    for col in header:
        canon = lookup.get(col.strip().lower())
        if canon and canon not in out:
            out[canon] = col
    return out


def _bool(value: str, column: str) -> bool:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise _RowError(column, f"{value!r} is not a yes/no value (true/false, 1/0, 是/否)")


def _float(value: str, column: str) -> float | None:
    v = value.strip()
    if not v:
        return None
    try:
        f = float(v)
    except ValueError:
        raise _RowError(column, f"{value!r} is not a number") from None
    if not math.isfinite(f):
        raise _RowError(column, "must be finite")
    return f


def _int(value: str, column: str) -> int:
    v = value.strip()
    if not v:
        return 0
    if not v.isdigit():
        raise _RowError(column, f"{value!r} is not a whole number")
    return int(v)


class _RowError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def _spec(record: dict[str, str], default_owner: str) -> CameraSpec:
    def get(key: str) -> str:
        return (record.get(key) or "").strip()

    try:
        datum = coords.parse_datum(get("datum"))
    except ValueError as exc:
        raise _RowError("datum", str(exc)) from None
    return CameraSpec(
        id=get("id"), name=get("name"), owner_department_id=get("owner_department_id") or default_owner,
        lon=_float(get("lon"), "lon"), lat=_float(get("lat"), "lat"), datum=datum,
        parent_device_id=get("parent_device_id"), address=get("address"),
        hd=_bool(get("hd"), "hd"), ptz=_bool(get("ptz"), "ptz"), networked=_bool(get("networked"), "networked"),
        purpose=get("purpose"), key_area=_bool(get("key_area"), "key_area"),
        keepalive_interval_seconds=_int(get("keepalive_interval_seconds"), "keepalive_interval_seconds"),
        keepalive_timeout_count=_int(get("keepalive_timeout_count"), "keepalive_timeout_count"))


def read_rows(text: str) -> list[tuple[int, dict[str, str] | str]]:
    """(row number, canonical record) per data row, or (row, error) for a malformed row."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise CsvError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    text = text.lstrip("\ufeff")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        if not header:
            raise CsvError("the file is empty: a header row is required")
        columns = _header_map(header)
        if "id" not in columns:
            raise CsvError("the header has no id column (id / device_id / 国标编码)")
        index = {canon: header.index(col) for canon, col in columns.items()}
        out: list[tuple[int, dict[str, str] | str]] = []
        for n, values in enumerate(reader, start=1):
            if n > MAX_ROWS:
                raise CsvError(f"more than {MAX_ROWS} rows: split the file")
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                out.append((n, f"the row has {len(values)} fields, the header {len(header)}"))
                continue
            out.append((n, {canon: values[i] for canon, i in index.items()}))
    except csv.Error as exc:
        raise CsvError(f"not valid CSV: {exc}") from None
    return out


def run_import(text: str, *, default_owner: str = "",
               existing: Callable[[str], CameraSpec | None] | Mapping[str, CameraSpec] = lambda _id: None,
               district_code: str = DISTRICT_CODE, allowed_owners: frozenset[str] | None = None) -> ImportReport:
    """Judge every row of a CSV file against the rules and the registry (`existing` looks a
    stored camera up by id). `allowed_owners` (None = any) are the departments the importer may
    register cameras for: a row owned by another is rejected on owner_department_id. Pure: the
    caller stores `report.to_store()` and the quarantine."""
    lookup = existing.get if isinstance(existing, Mapping) else existing
    results: list[RowResult] = []
    for n, item in read_rows(text):
        if isinstance(item, str):
            results.append(RowResult(n, "", Outcome.REJECTED, "", [item]))
            continue
        camera_id = (item.get("id") or "").strip()
        try:
            spec = _spec(item, default_owner)
        except _RowError as exc:
            results.append(RowResult(n, camera_id, Outcome.REJECTED, exc.column, [exc.reason], item))
            continue
        problems, checked = check(spec, district_code)
        if (allowed_owners is not None and spec.owner_department_id
                and spec.owner_department_id not in allowed_owners):
            problems.insert(0, FieldViolation("owner_department_id", "you may register cameras of your own "
                                              f"department only, not of {spec.owner_department_id}"))
            checked = None
        if problems:
            results.append(RowResult(n, camera_id, Outcome.REJECTED, problems[0].field,
                                     [f"{p.field}: {p.description}" for p in problems], item))
        elif checked and checked.assessment.verdict is Verdict.QUARANTINE:
            results.append(RowResult(n, camera_id, Outcome.QUARANTINED, "id",
                                     list(checked.assessment.reasons), item, checked))
        else:
            results.append(RowResult(n, camera_id, Outcome.IMPORTED, "", [], item, checked))
    _collisions_in_file(results)
    _against_registry(results, lookup)
    return ImportReport(results)


def _collisions_in_file(results: list[RowResult]) -> None:
    by_id: dict[str, list[RowResult]] = defaultdict(list)
    for r in results:
        if r.camera is not None:
            by_id[r.camera_id].append(r)
    for rows in by_id.values():
        if len(rows) < 2:
            continue
        first = rows[0]
        distinct = {tuple(sorted(r.camera.spec.attributes().items())) for r in rows if r.camera}
        if len(distinct) == 1:
            for r in rows[1:]:
                if r.outcome is Outcome.IMPORTED:
                    r.outcome, r.reasons = Outcome.UNCHANGED, [f"repeats row {first.row}"]
            continue
        numbers = ", ".join(str(r.row) for r in rows)
        for r in rows:
            r.outcome, r.column = Outcome.QUARANTINED, "id"
            r.reasons = [f"collision: rows {numbers} give id {r.camera_id} different attributes", *(
                x for x in r.reasons if not x.startswith("repeats"))]


def _against_registry(results: list[RowResult], lookup: Callable[[str], CameraSpec | None]) -> None:
    for r in results:
        if r.outcome is not Outcome.IMPORTED or r.camera is None:
            continue
        stored = lookup(r.camera_id)
        if stored is None:
            continue
        given = r.camera.spec
        if stored.owner_department_id != given.owner_department_id:
            r.outcome, r.column = Outcome.QUARANTINED, "id"
            r.reasons = [f"collision: id {r.camera_id} is registered to department "
                         f"{stored.owner_department_id}, the row gives {given.owner_department_id}"]
        elif stored.attributes() == given.attributes():
            r.outcome = Outcome.UNCHANGED
