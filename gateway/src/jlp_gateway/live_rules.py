"""Who may see which live event, the replay cursor, and the Server-Sent Events wire format.

Pure functions, no I/O (ADR 0110); `live.py` wires them to Flask and `live_bridge.py` to
JetStream.

Authorisation mirrors the read APIs, never more: an event type is offered only to a token
holding the permission that reads the same resource over REST (case events need
`grid:case.read`, as GetCase/ListCases; alert events `environment:alert.read`, as ListAlerts),
and only for components this gateway routes. Department-bound events (a case dispatched to a
department) go to the staff of that department, or to holders of the domain's district-wide
permission (the command centre's `grid:case.dispatch`, which may act for any department);
events not yet bound to a department go to every reader. A restricted token (password change
or TOTP enrolment pending) sees nothing, as everywhere except identity's account set-up.

A new service makes its events live by adding one `EventRule` below (its read permission and,
if its events carry a department, the fields naming it), and its domain to `gateway.consumes`
in the catalogue (the chart gives the gateway's NATS user read access to exactly those streams).

The cursor (`id:` of each SSE event, sent back by the browser as `Last-Event-ID`) holds the
last delivered stream sequence of every domain stream, e.g. `environment=3,grid=128`: a
reconnect resumes each stream right after it, so nothing is lost or repeated across
reconnects, restarts of the gateway, or another replica answering (sequences belong to the
stream, not to a consumer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jlp_common.auth import Principal
from jlp_common.events.streams import stream_name
from jlp_common.subjects import SOCIAL_CARE_REQUEST_ESCALATED, wildcard


@dataclass(frozen=True)
class EventRule:
    """The live events of one subject filter of a domain stream a reader may receive.

    A domain may have several rules (video's detection alerts and camera outages are read with
    different permissions); the gateway opens one consumer per domain stream whatever the number.
    """

    domain: str  # event domain of the catalogue (stream JLP_<DOMAIN>)
    component: str  # the component publishing them (routed by this gateway or not offered)
    subjects: str  # NATS filter of the offered subjects
    permission: str  # the permission reading the same resource over REST
    # proto3 JSON fields of `data` naming the department(s) the event belongs to: a reader of
    # one of them sees it (a camera's owner department, or the subdistrict office it stands in)
    department_fields: tuple[str, ...] = ()
    district_wide: str = ""  # holders see every department's events
    # An event none of `department_fields` names: every reader (a case not dispatched yet is
    # listed to every case reader), or only the district-wide holders when the REST API itself
    # hides resources outside the caller's department (video's camera grant).
    unbound_to_every_reader: bool = True

    @property
    def stream(self) -> str:
        return stream_name(self.domain)


RULES: tuple[EventRule, ...] = (
    EventRule("grid", "grid-event", wildcard("grid", "case"), "grid:case.read",
              department_fields=("departmentId",), district_wide="grid:case.dispatch"),
    EventRule("environment", "environment", wildcard("environment", "alert"),
              "environment:alert.read"),
    # Crowding warnings (tourism.v1.CrowdingRaised / CrowdingCleared). Occupancy itself is public
    # over REST (GetOccupancy, LB/T 034-2014 publication duty), but a live stream holds one of the
    # gateway's threads per connection, so it is offered to the staff who watch the scenic
    # areas' warnings (`tourism:alert.read`, as ListRedemptionAlerts), not to every citizen.
    EventRule("tourism", "tourism", wildcard("tourism", "crowding"), "tourism:alert.read"),
    # Video alerts and camera outages, as GetDetection / ListCameras show them: the camera grant
    # (video-index domain/visibility.py) is every camera for `video:camera.read_all`, else the
    # caller's department's cameras or those in its subdistrict. CameraOffline names the owner
    # department and the subdistrict; DetectionAlerted only the subdistrict; CameraOnline
    # neither — those go to the district-wide holders only (never wider than REST; a
    # public-security reader of networked cameras sees them over REST, not live).
    EventRule("video", "video-index", wildcard("video", "detection"), "video:detection.read",
              department_fields=("ownerDepartmentId", "subdistrictCode"),
              district_wide="video:camera.read_all", unbound_to_every_reader=False),
    EventRule("video", "video-index", wildcard("video", "camera"), "video:camera.read",
              department_fields=("ownerDepartmentId", "subdistrictCode"),
              district_wide="video:camera.read_all", unbound_to_every_reader=False),
    # Stage changes, signings, losses (investment.v1.ProjectStageChanged / Signed / Lost), as
    # GetProject / ListProjects show every project to `investment:project.read` holders.
    EventRule("investment", "investment", wildcard("investment", "project"),
              "investment:project.read"),
    # Emergency care requests past their SLA (social_security.v1.CareRequestEscalated), as
    # ListCareRequests shows them to `social:care.read` holders. No personal data in it.
    EventRule("social", "social-security", SOCIAL_CARE_REQUEST_ESCALATED, "social:care.read"),
)


def rules_for(principal: Principal | None, routed: Iterable[str],
              rules: Iterable[EventRule] = RULES) -> list[EventRule]:
    """The rules whose events `principal` may receive, among the routed components."""
    if principal is None or principal.required_actions:
        return []
    available = set(routed)
    return [r for r in rules if r.component in available and principal.has(r.permission)]


def by_domain(rules: Iterable[EventRule]) -> dict[str, tuple[EventRule, ...]]:
    """The permitted rules grouped per domain stream (one consumer each)."""
    grouped: dict[str, list[EventRule]] = {}
    for rule in rules:
        grouped.setdefault(rule.domain, []).append(rule)
    return {domain: tuple(group) for domain, group in grouped.items()}


def consumer_filter(domain: str, rules: tuple[EventRule, ...]) -> str:
    """The subject filter of a domain's consumer: the one rule's, or the whole domain's when
    several rules share the stream (each event is then matched to its rule, `rule_for`)."""
    if len(rules) == 1:
        return rules[0].subjects
    return wildcard(domain)


def rule_for(rules: Iterable[EventRule], nats_subject: str) -> EventRule | None:
    """The rule offering `nats_subject`, or None (not an offered type: skipped)."""
    return next((r for r in rules if subject_matches(r.subjects, nats_subject)), None)


def may_see(rule: EventRule, principal: Principal, data: Mapping[str, Any]) -> bool:
    """Department check of one event (the permission was checked when the stream opened)."""
    if not rule.department_fields or (rule.district_wide and principal.has(rule.district_wide)):
        return True
    departments = {str(data.get(f) or "") for f in rule.department_fields} - {""}
    if not departments:
        return rule.unbound_to_every_reader
    return bool(principal.department) and principal.department in departments


def subject_matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` one token, `>` one or more trailing tokens."""
    want, got = pattern.split("."), subject.split(".")
    for i, part in enumerate(want):
        if part == ">":
            return len(got) > i
        if i >= len(got) or (part != "*" and part != got[i]):
            return False
    return len(want) == len(got)


class BadCursor(ValueError):
    """A `Last-Event-ID` this gateway did not write."""


_CURSOR_PART = re.compile(r"^([a-z][a-z0-9]*)=(\d{1,19})$")
MAX_CURSOR_LENGTH = 512


@dataclass(frozen=True)
class Cursor:
    """Last delivered stream sequence per domain (0: nothing delivered from that stream)."""

    positions: tuple[tuple[str, int], ...] = ()

    @classmethod
    def parse(cls, raw: str | None) -> Cursor:
        """The cursor of a `Last-Event-ID` header; empty for none. BadCursor names the fault."""
        if raw is None or not raw.strip():
            return cls()
        if len(raw) > MAX_CURSOR_LENGTH:
            raise BadCursor(f"Last-Event-ID is longer than {MAX_CURSOR_LENGTH} characters")
        positions: dict[str, int] = {}
        for part in raw.strip().split(","):
            match = _CURSOR_PART.match(part)
            if not match:
                raise BadCursor(f"Last-Event-ID part {part!r} is not <domain>=<sequence>")
            positions[match.group(1)] = int(match.group(2))
        return cls(tuple(sorted(positions.items())))

    def get(self, domain: str) -> int | None:
        return dict(self.positions).get(domain)

    def advanced(self, domain: str, sequence: int) -> Cursor:
        positions = dict(self.positions)
        positions[domain] = max(sequence, positions.get(domain, 0))
        return Cursor(tuple(sorted(positions.items())))

    def merged(self, defaults: Mapping[str, int]) -> Cursor:
        """Domains missing from this cursor start at `defaults` (the stream's end now)."""
        positions = {**defaults, **dict(self.positions)}
        return Cursor(tuple(sorted(positions.items())))

    def __str__(self) -> str:
        return ",".join(f"{domain}={seq}" for domain, seq in self.positions)


def short_type(ce_type: str) -> str:
    """`cn.gov.cq.jlp.grid.case.created` -> `grid.case.created` (the SSE event name)."""
    return ce_type.removeprefix("cn.gov.cq.jlp.")


def sse_frame(*, data: Any, event: str | None = None, event_id: str | None = None,
              retry_ms: int | None = None) -> str:
    """One Server-Sent Event (HTML Living Standard §9.2.5): `data` as one JSON line."""
    lines = []
    if retry_ms is not None:
        lines.append(f"retry: {retry_ms}")
    if event_id is not None:
        if "\n" in event_id or "\r" in event_id or "\0" in event_id:
            raise ValueError("an SSE id cannot hold a line break or NUL")
        lines.append(f"id: {event_id}")
    if event:
        lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines) + "\n\n"


KEEP_ALIVE = ": keep-alive\n\n"
