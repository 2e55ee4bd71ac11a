"""mongoengine documents of the grid-event database (one database per service, DESIGN §4).

Writes that must be atomic are single-document conditional updates on the raw collections
(see store.py); these classes declare the fields and the indexes production queries need, so
`ensure_indexes` prepares a real MongoDB. The embedded store ignores indexes (and scans).
"""

from __future__ import annotations

import mongoengine as me

from jlp_common.events import OutboxEvent


class GridUnit(me.Document):
    """One grid unit of one import generation; only the active generation is read."""

    generation = me.IntField(required=True)
    code = me.StringField(required=True)
    name = me.StringField(required=True)
    level = me.IntField(required=True)  # codes.Level
    parent_code = me.StringField(default="")
    managed_by = me.StringField(default="")
    worker_id = me.StringField(default="")
    legacy_code = me.StringField(default="")
    geometry = me.DictField(required=True)  # GeoJSON Polygon / MultiPolygon, WGS-84
    area_m2 = me.FloatField(default=0.0)
    center_lon = me.FloatField()
    center_lat = me.FloatField()
    create_time = me.DateTimeField()

    meta = {
        "collection": "grid_units",
        "indexes": [
            # Not unique on purpose: import validation rejects duplicate codes before any write, and a
            # generation is private to its importer until the pointer flips; a unique index
            # would make every insert scan on the embedded store (DESIGN §4).
            {"fields": ["generation", "code"], "name": "generation_code"},
            {"fields": ["generation", "level", "parent_code", "code"], "name": "generation_tree"},
        ],
    }


class GridState(me.Document):
    """Singleton pointer to the active grid generation: flipping it is the import's commit."""

    key = me.StringField(primary_key=True, default="active")
    generation = me.IntField(required=True, default=0)
    next_generation = me.IntField(required=True, default=1)
    import_time = me.DateTimeField()
    counts = me.DictField()

    meta = {"collection": "grid_state"}


class CategoryDoc(me.Document):
    """A dictionary entry; `version` increases with every edit."""

    id = me.StringField(primary_key=True)  # "2026-event-06010"
    edition = me.StringField(required=True)
    standard_ref = me.StringField(required=True)
    kind = me.IntField(required=True)
    code = me.StringField(required=True)
    name = me.StringField(required=True)
    major_code = me.StringField(default="")
    major_name = me.StringField(default="")
    department_id = me.StringField(default="")
    time_limits = me.ListField(me.DictField())
    equivalent_id = me.StringField(default="")
    group = me.StringField(default="")
    active = me.BooleanField(default=True)
    version = me.IntField(default=1)
    update_time = me.DateTimeField()

    meta = {
        "collection": "categories",
        "indexes": [{"fields": ["edition", "kind", "code"], "name": "edition_kind_code"}],
    }


class HistoryEntry(me.EmbeddedDocument):
    action = me.StringField(required=True)
    from_status = me.IntField(default=0)
    to_status = me.IntField(default=0)
    actor = me.StringField(default="")
    time = me.DateTimeField(required=True)
    note = me.StringField(default="")
    attachments = me.ListField(me.StringField())
    department_id = me.StringField(default="")
    assignee_id = me.StringField(default="")

    meta = {"strict": False}


class CaseDoc(me.Document):
    """A case, its history and its pending events, all in one document (one atomic write)."""

    id = me.StringField(primary_key=True)  # "JLP-2026-000123"
    status = me.IntField(required=True)
    category_id = me.StringField(required=True)
    category_code = me.StringField(required=True)
    category_name = me.StringField(default="")
    standard_ref = me.StringField(default="")
    description = me.StringField(default="")
    lon = me.FloatField(required=True)
    lat = me.FloatField(required=True)
    address = me.StringField(default="")
    urgency = me.IntField(default=1)
    attachments = me.ListField(me.StringField())
    source = me.IntField(required=True)
    source_ref = me.StringField(default="")
    # "<SOURCE>/<source_ref>" when a source reference exists: the unique key that makes an
    # automatic source's event yield one case however often (and under whatever event id) it
    # is delivered. Absent otherwise (sparse unique index).
    dedupe_key = me.StringField()
    grid_code = me.StringField(default="")
    community_code = me.StringField(default="")
    subdistrict_code = me.StringField(default="")
    subdistrict_name = me.StringField(default="")
    department_id = me.StringField(default="")
    assignee_id = me.StringField(default="")
    reporter_ids = me.ListField(me.StringField())
    deadlines = me.DictField()  # register_due / dispatch_due / resolve_due / verify_due
    stage = me.StringField()  # stage whose deadline currently runs (None when finished)
    due_time = me.DateTimeField()  # that stage's deadline: what the overdue scanner reads
    overdue = me.BooleanField(default=False)
    overdue_notified = me.BooleanField(default=False)
    escalation_level = me.IntField(default=0)
    history = me.ListField(me.EmbeddedDocumentField(HistoryEntry))
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    register_time = me.DateTimeField()
    dispatch_time = me.DateTimeField()
    resolve_time = me.DateTimeField()
    close_time = me.DateTimeField()
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "cases",
        "strict": False,
        "indexes": [
            {"fields": ["dedupe_key"], "unique": True, "sparse": True, "name": "source_ref_unique"},
            # Duplicate check: same category, numeric bounding box, recent.
            {"fields": ["category_id", "lon", "lat", "create_time"], "name": "duplicate_bbox"},
            {"fields": ["overdue_notified", "due_time"], "name": "overdue_scan"},
            {"fields": ["-create_time", "-id"], "name": "newest"},
            {"fields": ["status", "-create_time"], "name": "by_status"},
            {"fields": ["subdistrict_code", "-create_time"], "name": "by_subdistrict"},
            {"fields": ["department_id", "status", "-create_time"], "name": "by_department"},
            {"fields": ["grid_code", "-create_time"], "name": "by_grid"},
            {"fields": ["reporter_ids", "-create_time"], "name": "by_reporter"},
            {"fields": ["source", "-create_time"], "name": "by_source"},
            # Also Open311's service_code filter (category_code $in, newest first).
            {"fields": ["category_code", "-create_time"], "name": "by_category"},
            {"fields": ["overdue", "status", "-create_time"], "name": "by_overdue"},
        ],
    }


class Counter(me.Document):
    """Sequence numbers (case ids per year), advanced with an atomic $inc."""

    key = me.StringField(primary_key=True)
    seq = me.IntField(default=0)

    meta = {"collection": "counters"}


class Claim(me.Document):
    """A short-lived claim on a neighbourhood cell while a report checks for duplicates and
    inserts (store.claims); `_id` uniqueness is the mutual exclusion."""

    key = me.StringField(primary_key=True)
    holder = me.StringField(required=True)
    expires_at = me.DateTimeField(required=True)

    meta = {"collection": "claims"}


ALL = (GridUnit, GridState, CategoryDoc, CaseDoc, Counter, Claim)
