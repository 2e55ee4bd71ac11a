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
# --- tourism (proto/jlp/tourism/v1/events.proto) ------------------------------------------------
TOURISM_CROWDING_RAISED = subject("tourism", "crowding", "raised")
TOURISM_CROWDING_CLEARED = subject("tourism", "crowding", "cleared")
TOURISM_TICKET_BOOKED = subject("tourism", "ticket", "booked")
TOURISM_TICKET_REDEEMED = subject("tourism", "ticket", "redeemed")
TOURISM_TICKET_CANCELLED = subject("tourism", "ticket", "cancelled")
TOURISM_TICKET_NO_SHOW = subject("tourism", "ticket", "no_show")
TOURISM_TICKET_DOUBLE_USED = subject("tourism", "ticket", "double_used")

# --- social (proto/jlp/social_security/v1/events.proto) -----------------------------------------
SOCIAL_PERSON_REGISTERED = subject("social", "person", "registered")
SOCIAL_PERSON_UPDATED = subject("social", "person", "updated")
SOCIAL_HOUSEHOLD_HEAD_CHANGED = subject("social", "household", "head_changed")
SOCIAL_ENROLMENT_CHANGED = subject("social", "enrolment", "changed")
SOCIAL_CONTRIBUTION_RUN_COMPLETED = subject("social", "contribution_run", "completed")
SOCIAL_CLAIM_STATUS_CHANGED = subject("social", "claim", "status_changed")
SOCIAL_AID_CHECK_COMPLETED = subject("social", "aid_check", "completed")
SOCIAL_CARE_REQUEST_ASSIGNED = subject("social", "care_request", "assigned")
SOCIAL_CARE_REQUEST_ESCALATED = subject("social", "care_request", "escalated")
SOCIAL_CARE_VISIT_VERIFIED = subject("social", "care_visit", "verified")

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
    TOURISM_CROWDING_RAISED: "jlp.tourism.v1.CrowdingRaised",
    TOURISM_CROWDING_CLEARED: "jlp.tourism.v1.CrowdingCleared",
    TOURISM_TICKET_BOOKED: "jlp.tourism.v1.TicketBooked",
    TOURISM_TICKET_REDEEMED: "jlp.tourism.v1.TicketRedeemed",
    TOURISM_TICKET_CANCELLED: "jlp.tourism.v1.TicketCancelled",
    TOURISM_TICKET_NO_SHOW: "jlp.tourism.v1.TicketNoShow",
    TOURISM_TICKET_DOUBLE_USED: "jlp.tourism.v1.TicketDoubleUsed",
    SOCIAL_PERSON_REGISTERED: "jlp.social_security.v1.PersonRegistered",
    SOCIAL_PERSON_UPDATED: "jlp.social_security.v1.PersonUpdated",
    SOCIAL_HOUSEHOLD_HEAD_CHANGED: "jlp.social_security.v1.HouseholdHeadChanged",
    SOCIAL_ENROLMENT_CHANGED: "jlp.social_security.v1.EnrolmentChanged",
    SOCIAL_CONTRIBUTION_RUN_COMPLETED: "jlp.social_security.v1.ContributionRunCompleted",
    SOCIAL_CLAIM_STATUS_CHANGED: "jlp.social_security.v1.ClaimStatusChanged",
    SOCIAL_AID_CHECK_COMPLETED: "jlp.social_security.v1.AidCheckCompleted",
    SOCIAL_CARE_REQUEST_ASSIGNED: "jlp.social_security.v1.CareRequestAssigned",
    SOCIAL_CARE_REQUEST_ESCALATED: "jlp.social_security.v1.CareRequestEscalated",
    SOCIAL_CARE_VISIT_VERIFIED: "jlp.social_security.v1.CareVisitVerified",
}
"""Subject (or subject filter) → fully qualified payload message."""
