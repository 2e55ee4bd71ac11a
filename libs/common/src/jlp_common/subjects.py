"""NATS subjects of the suite's events, declared once and imported by producers and consumers.

Subjects are `jlp.<event domain>.<entity>.<verb>` (DESIGN §3), where the event domain is the
component's `events` domain in the catalogue (`jlp_common/components.yaml`, read through
`jlp_common.registry`; `grid` for grid-event). They live here,
not in each service's package, because a consumer must name another service's subject without
depending on that service's distribution (images install one service each); the payload types
are already shared the same way, through `jlp-protos`.

Each named constant is paired in `EVENT_MESSAGES` with its payload message in the producing
service's `proto/jlp/<svc>/v1/events.proto`; `libs/common/tests/test_subjects.py` fails when a
constant's message does not exist there, or when a `jlp.<domain>.` subject string is
hard-coded in a service's sources instead of imported from here.

Adding an event: its message in the producer's events.proto, a constant below built with
`subject()`, and its entry in EVENT_MESSAGES.
"""

from __future__ import annotations

import re

PREFIX = "jlp"
_TOKEN = re.compile(r"^[a-z][a-z0-9_]*$")


def subject(domain: str, entity: str, verb: str) -> str:
    """`jlp.<domain>.<entity>.<verb>`, each part a lower-case NATS token; `domain` must be a
    component's event domain in the registry (ValueError names the bad part)."""
    from jlp_common.registry import components

    domains = {c.event_domain for c in components()}
    if domain not in domains:
        raise ValueError(f"event domain {domain!r} is not a component's; known: {sorted(domains)}")
    for name, part in (("entity", entity), ("verb", verb)):
        if not _TOKEN.match(part):
            raise ValueError(f"subject {name} {part!r} must match {_TOKEN.pattern}")
    return f"{PREFIX}.{domain}.{entity}.{verb}"


def wildcard(domain: str, entity: str | None = None) -> str:
    """A filter for every subject of a domain (`jlp.grid.>`) or of one entity (`jlp.grid.case.*`)."""
    subject(domain, entity or "any", "any")  # validates the parts
    return f"{PREFIX}.{domain}.>" if entity is None else f"{PREFIX}.{domain}.{entity}.*"


# --- identity (proto/jlp/identity/v1/events.proto) ----------------------------------------------
IDENTITY_USER_REGISTERED = subject("identity", "user", "registered")
IDENTITY_USER_ROLES_CHANGED = subject("identity", "user", "roles_changed")


def identity_audit(action: str) -> str:
    """`jlp.identity.audit.<action>`: one audit record (payload AuditRecorded)."""
    return subject("identity", "audit", action)


IDENTITY_AUDIT = wildcard("identity", "audit")  # filter for every audit record

# --- grid (proto/jlp/grid_event/v1/events.proto) ------------------------------------------------
GRID_CASE_CREATED = subject("grid", "case", "created")
GRID_CASE_STATUS_CHANGED = subject("grid", "case", "status_changed")
GRID_CASE_OVERDUE = subject("grid", "case", "overdue")
GRID_CASE_CLOSED = subject("grid", "case", "closed")

# --- environment (proto/jlp/environment/v1/events.proto) ----------------------------------------
ENVIRONMENT_ALERT_RAISED = subject("environment", "alert", "raised")
ENVIRONMENT_ALERT_CLEARED = subject("environment", "alert", "cleared")

# video-index (consumed by grid-event: one case per alert, one device-fault case per outage)
VIDEO_DETECTION_ALERTED = subject("video", "detection", "alerted")
VIDEO_CAMERA_OFFLINE = subject("video", "camera", "offline")
VIDEO_CAMERA_ONLINE = subject("video", "camera", "online")

EVENT_MESSAGES: dict[str, str] = {
    IDENTITY_USER_REGISTERED: "jlp.identity.v1.UserRegistered",
    IDENTITY_USER_ROLES_CHANGED: "jlp.identity.v1.UserRolesChanged",
    IDENTITY_AUDIT: "jlp.identity.v1.AuditRecorded",
    GRID_CASE_CREATED: "jlp.grid_event.v1.CaseCreated",
    GRID_CASE_STATUS_CHANGED: "jlp.grid_event.v1.CaseStatusChanged",
    GRID_CASE_OVERDUE: "jlp.grid_event.v1.CaseOverdue",
    GRID_CASE_CLOSED: "jlp.grid_event.v1.CaseClosed",
    ENVIRONMENT_ALERT_RAISED: "jlp.environment.v1.AlertRaised",
    ENVIRONMENT_ALERT_CLEARED: "jlp.environment.v1.AlertCleared",
    VIDEO_DETECTION_ALERTED: "jlp.video_index.v1.DetectionAlerted",
    VIDEO_CAMERA_OFFLINE: "jlp.video_index.v1.CameraOffline",
    VIDEO_CAMERA_ONLINE: "jlp.video_index.v1.CameraOnline",
}
"""Subject (or subject filter) → fully qualified payload message."""
