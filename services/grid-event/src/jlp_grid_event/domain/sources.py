"""Where cases come from, and who may claim which source.

Sources (reference §4 stage 1 and §5): citizens' app, grid-worker patrol (信息采集员), the 12345
hotline (工单 entered by an operator; the ticket number is kept for 回复/回访), Open311 civic
apps, and automatic ones — other services' events (environment alerts, video detections,
tourism crowding, overdue elderly-care emergencies). Automatic sources and hotline tickets carry
a reference that identifies the originating record: one reference yields one case, however often
it is delivered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum

from jlp_common.errors import InvalidArgument, PermissionDenied


class Source(IntEnum):
    """Values equal the proto CaseSource numbers."""

    CITIZEN_APP = 1
    GRID_PATROL = 2
    HOTLINE_12345 = 3
    ENVIRONMENT = 4
    VIDEO = 5
    TOURISM = 6
    OPEN311 = 7
    SOCIAL = 8


AUTOMATIC = frozenset({Source.ENVIRONMENT, Source.VIDEO, Source.TOURISM, Source.SOCIAL})
NEEDS_REFERENCE = AUTOMATIC | {Source.HOTLINE_12345}


def default_source(roles: Iterable[str]) -> Source:
    roles = set(roles)
    if "open311_app" in roles:
        return Source.OPEN311
    if "grid_worker" in roles:
        return Source.GRID_PATROL
    return Source.CITIZEN_APP


def decide(requested: Source | None, roles: Iterable[str], kind: str,
           has: Callable[[str], bool], source_ref: str) -> Source:
    """The source a case is recorded with; PermissionDenied when the caller may not claim it
    (a citizen cannot file a "hotline" case, a person cannot impersonate a sensor)."""
    roles = set(roles)
    source = requested or default_source(roles)
    allowed = {
        Source.CITIZEN_APP: True,
        Source.GRID_PATROL: has("grid:case.handle"),
        Source.HOTLINE_12345: has("grid:case.register"),
        Source.OPEN311: "open311_app" in roles or kind == "client",
        Source.ENVIRONMENT: kind == "client" and "service" in roles,
        Source.VIDEO: kind == "client" and "service" in roles,
        Source.TOURISM: kind == "client" and "service" in roles,
        Source.SOCIAL: kind == "client" and "service" in roles,
    }[source]
    if not allowed:
        raise PermissionDenied(f"caller may not report cases with source {source.name}",
                               reason="SOURCE_NOT_ALLOWED", metadata={"source": source.name})
    if source in NEEDS_REFERENCE and not source_ref.strip():
        raise InvalidArgument.field("case.source_ref",
                                    f"is required for source {source.name} (originating record)")
    return source


def dedupe_key(source: Source, source_ref: str, reporter: str = "") -> str | None:
    """Unique key of the originating record, when the case has one.

    References of automatic sources and hotline tickets name a record of the whole district
    (an alert, a 12345 ticket). Any other reference is the reporter's own (an app's retry key):
    it is scoped to the reporter, so nobody can fetch another reporter's case by reusing it.
    """
    ref = source_ref.strip()
    if not ref:
        return None
    if source in NEEDS_REFERENCE:
        return f"{source.name}/{ref}"
    return f"{source.name}/{reporter}/{ref}"
