"""Stations: create, read, list, update, and grid resolution through grid-event."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from mongoengine.errors import NotUniqueError

from jlp_common.atomic import atomic
from jlp_common.errors import AlreadyExists, Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_environment.domain.readings import PERMIT_METRICS
from jlp_environment.domain.stations import StationKind, StationSpec, validate_station
from jlp_environment.grid import OUTSIDE, PENDING, RESOLVED, GridLocator, GridUnavailable
from jlp_environment.models import Station

log = logging.getLogger(__name__)

# Fields an update may change, by their proto/spec names (id, code and kind are immutable:
# readings and rules are keyed by them).
MUTABLE = ("name", "location", "noise_zone", "water_body", "target_class",
           "flood_limit_level_m", "enterprise_name", "credit_code", "permit_limits", "online",
           "sampling_interval_seconds")
IMMUTABLE = ("id", "code", "kind")


def spec_of(station: Station) -> StationSpec:
    return StationSpec(
        code=station.code, name=station.name, kind=StationKind(station.kind), lon=station.lon,
        lat=station.lat, noise_zone=station.noise_zone or "", water_body=station.water_body or "",
        target_class=station.target_class or 0, flood_limit_level_m=station.flood_limit_level_m,
        enterprise_name=station.enterprise_name or "", credit_code=station.credit_code or "",
        permit_limits=dict(station.permit_limits or {}), online=bool(station.online),
        sampling_interval_seconds=station.sampling_interval_seconds or 0)


def _apply(station: Station, spec: StationSpec) -> None:
    for f in fields(StationSpec):
        if f.name == "kind":
            station.kind = spec.kind.value if spec.kind else ""
        elif f.name == "permit_limits":
            station.permit_limits = dict(spec.permit_limits)
        else:
            setattr(station, f.name, getattr(spec, f.name))


class StationRegistry:
    """Station documents plus their place in the grid."""

    def __init__(self, locator: GridLocator, clock: Callable[[], datetime],
                 page_tokens: PageTokens | None = None) -> None:
        self.locator = locator
        self.clock = clock
        self.tokens = page_tokens or PageTokens()
        # After grid-event fails to answer, skip further calls for a short while (e.g. while
        # the demo seeds 200 stations before grid-event is up): one warning, not 200.
        self._grid_down_until: datetime | None = None

    # --- create / read ------------------------------------------------------------------------
    def create(self, spec: StationSpec) -> Station:
        violations = validate_station(spec, PERMIT_METRICS)
        if violations:
            raise InvalidArgument(violations=violations)
        if Station.objects(code=spec.code).only("id").first() is not None:
            raise AlreadyExists("Station", spec.code, f"a station with code {spec.code!r} exists")
        now = self.clock()
        station = Station(create_time=now, update_time=now)
        _apply(station, spec)
        self._resolve(station)
        try:
            station.save(force_insert=True)
        except NotUniqueError:
            raise AlreadyExists("Station", spec.code,
                                f"a station with code {spec.code!r} exists") from None
        log.info("station created", extra={"station": str(station.id), "code": spec.code,
                                           "grid_status": station.grid_status})
        return station

    def get(self, station_id: str) -> Station:
        station = self.find(station_id)
        if station is None:
            raise NotFound("Station", station_id)
        return station

    @staticmethod
    def find(station_id: str) -> Station | None:
        try:
            oid = ObjectId(station_id)
        except (InvalidId, TypeError):
            return None
        return Station.objects(id=oid).first()

    @staticmethod
    def many(station_ids: Iterable[str]) -> dict[str, Station]:
        """Stations by id (unknown or malformed ids are simply absent)."""
        oids = []
        for sid in set(station_ids):
            try:
                oids.append(ObjectId(sid))
            except (InvalidId, TypeError):
                continue
        return {str(s.id): s for s in Station.objects(id__in=oids)} if oids else {}

    def list(self, kind: StationKind | None, subdistrict_code: str, requested_size: int,
             token: str) -> tuple[list[Station], str, int]:
        query: dict[str, Any] = {}
        if kind is not None:
            query["kind"] = kind.value
        if subdistrict_code:
            query["subdistrict_code"] = subdistrict_code
        fingerprint = {**query}
        position = self.tokens.decode(token, fingerprint)
        size = page_size(requested_size, default=100, maximum=1000)
        total = Station.objects(**query).count()
        qs = Station.objects(**query)
        if position:
            qs = qs.filter(code__gt=position["code"])
        page, nxt = self.tokens.page(list(qs.order_by("code").limit(size + 1)), size,
                                     lambda s: {"code": s.code}, fingerprint)
        return page, nxt, total

    def all(self, kind: StationKind | None = None) -> list[Station]:
        qs = Station.objects(kind=kind.value) if kind is not None else Station.objects()
        return list(qs.order_by("code"))

    # --- update -------------------------------------------------------------------------------
    def update(self, station_id: str, changes: StationSpec, paths: list[str]) -> Station:
        """Replace the fields named in `paths` (proto names) with those of `changes`."""
        station = self.get(station_id)
        current = {"id": str(station.id), "code": station.code, "kind": station.kind}
        given = {"id": station_id, "code": changes.code,
                 "kind": changes.kind.value if changes.kind else ""}
        # an immutable field repeated unchanged (a GET-modify-PATCH body) is not a change
        paths = [p for p in paths if p not in IMMUTABLE or given[p] != current[p]]
        bad = [FieldViolation(f"update_mask.{p}", "cannot be changed") for p in paths
               if p in IMMUTABLE]
        bad += [FieldViolation(f"update_mask.{p}", "not a station field") for p in paths
                if p not in MUTABLE and p not in IMMUTABLE]
        if bad:
            raise InvalidArgument(violations=bad)
        spec = spec_of(station)
        for path in paths:
            if path == "location":
                spec.lon, spec.lat = changes.lon, changes.lat
            else:
                setattr(spec, path, getattr(changes, path))
        violations = validate_station(spec, PERMIT_METRICS)
        if violations:
            raise InvalidArgument(violations=violations)
        moved = "location" in paths and (spec.lon, spec.lat) != (station.lon, station.lat)
        version = station.version
        _apply(station, spec)
        if moved:
            self._resolve(station)
        station.update_time = self.clock()
        station.version = version + 1
        with atomic():
            changed = Station.objects(id=station.id, version=version).update_one(
                **{f"set__{k}": station[k] for k in (*MUTABLE_DB, "subdistrict_code",
                                                      "subdistrict_name", "community_code",
                                                      "grid_code", "grid_status",
                                                      "update_time", "version")})
        if not changed:
            raise Conflict("the station changed meanwhile; read it again and retry")
        return station

    # --- grid ---------------------------------------------------------------------------------
    def _resolve(self, station: Station, *, force: bool = False) -> None:
        """Place the station in the grid; `force` asks even within the back-off window."""
        now = self.clock()
        if not force and self._grid_down_until is not None and now < self._grid_down_until:
            station.grid_status = PENDING
            return
        try:
            place = self.locator.locate(station.lon, station.lat)
        except GridUnavailable as exc:
            if self._grid_down_until is None:
                log.warning("grid-event unreachable: stations stay PENDING and are resolved later",
                            extra={"code": station.code, "error": str(exc)})
            self._grid_down_until = now + GRID_RETRY_AFTER
            station.grid_status = PENDING
            return
        if self._grid_down_until is not None:
            log.info("grid-event reachable again")
            self._grid_down_until = None
        if place is None:
            station.grid_status = OUTSIDE
            station.subdistrict_code = station.subdistrict_name = ""
            station.community_code = station.grid_code = ""
            return
        station.grid_status = RESOLVED
        station.subdistrict_code = place.subdistrict_code
        station.subdistrict_name = place.subdistrict_name
        station.community_code = place.community_code
        station.grid_code = place.grid_code

    def has_pending(self) -> bool:
        """True while some station waits for grid-event to place it."""
        return Station.objects(grid_status=PENDING).only("id").first() is not None

    def resolve_pending(self) -> int:
        """Retry stations whose grid is unknown; returns how many changed.

        OUTSIDE_DISTRICT stations are asked again too: at start-up grid-event may answer
        before its grid is imported, and a later grid generation may cover them.
        """
        done = 0
        for station in Station.objects(grid_status__in=[PENDING, OUTSIDE]):
            before = station.grid_status
            self._resolve(station, force=True)
            if station.grid_status == PENDING:
                break  # grid-event unreachable: try again at the next pass
            if station.grid_status == before == OUTSIDE:
                continue
            with atomic():
                Station.objects(id=station.id, grid_status=before).update_one(
                    set__grid_status=station.grid_status,
                    set__subdistrict_code=station.subdistrict_code,
                    set__subdistrict_name=station.subdistrict_name,
                    set__community_code=station.community_code,
                    set__grid_code=station.grid_code)
            done += 1
        return done


GRID_RETRY_AFTER = timedelta(seconds=1)  # long enough to cover a bulk load, short for people
MUTABLE_DB = ("name", "lon", "lat", "noise_zone", "water_body", "target_class",
              "flood_limit_level_m", "enterprise_name", "credit_code", "permit_limits", "online",
              "sampling_interval_seconds")
