"""Documents of the video-index service (database jlp_video_index) and their indexes.

* Camera — one document per channel, keyed by its 20-digit GB/T 28181 code; configuration,
  the decoded id parts, the WGS-84 point (plus the original point and datum), the liveness state
  (status, last keepalive, outage) and an outbox, so a status change and its event
  (`jlp.video.camera.offline` / `.online`) are one single-document write.
* StatusTransition — append-only history, id `<camera>|<epoch ms>|<to status>`: a retried write
  of the same transition is the same document (idempotent insert).
* QuarantinedCamera — codes held back, with reasons and the original record.
* Detection — one document per detection id (the idempotency key); its alerts' events ride in
  its outbox, so a detection and its `jlp.video.detection.alerted` events are one write;
  purged by the sweep once past its retention (`expire`).
* DetectionBucket — counts per (camera, label, UTC hour) (DESIGN §4 bucket pattern): one `$inc`
  upsert per bucket per batch instead of a count over thousands of detections.
* AlertRule, AccessRequest (the grant, with its outbox), CoverageSnapshot (one per local day),
  ImportRun (the report of an import, for retries with the same request id).
Geo filtering happens in the service after a numeric (lon, lat) range pre-filter (the embedded
store has no geo operators); the compound indexes below are what MongoDB needs for the same
queries and for keyset paging.
"""

from __future__ import annotations

import mongoengine as me

from jlp_common.events import OutboxEvent
from jlp_common.timeutil import utc_now as utcnow


class Camera(me.Document):
    id = me.StringField(primary_key=True)  # 20-digit GB/T 28181 code
    centre_code = me.StringField(required=True)
    industry_code = me.StringField(required=True)
    type_code = me.StringField(required=True)
    network_code = me.StringField(required=True)
    name = me.StringField(required=True)
    parent_device_id = me.StringField(default="")
    owner_department_id = me.StringField(required=True)
    reported_lon = me.FloatField(required=True)
    reported_lat = me.FloatField(required=True)
    datum = me.StringField(default="WGS84")
    lon = me.FloatField(required=True)  # WGS-84
    lat = me.FloatField(required=True)
    address = me.StringField(default="")
    subdistrict_code = me.StringField(default="")
    subdistrict_name = me.StringField(default="")
    grid_code = me.StringField(default="")
    grid_status = me.StringField(default="PENDING")  # RESOLVED | PENDING | OUTSIDE_DISTRICT
    hd = me.BooleanField(default=False)
    ptz = me.BooleanField(default=False)
    networked = me.BooleanField(default=False)
    purpose = me.StringField(default="")
    key_area = me.BooleanField(default=False)
    keepalive_interval_s = me.IntField(default=0)
    keepalive_count = me.IntField(default=0)
    # liveness (domain.status.CameraState)
    status = me.StringField(default="CAMERA_STATUS_UNSPECIFIED")
    status_reason = me.StringField(default="")
    status_time = me.DateTimeField(null=True)
    last_keepalive = me.DateTimeField(null=True)
    stale_since = me.DateTimeField(null=True)
    offline_since = me.DateTimeField(null=True)
    outage_reported = me.BooleanField(default=False)
    create_time = me.DateTimeField(default=utcnow)
    update_time = me.DateTimeField(default=utcnow)
    version = me.IntField(default=0)  # etag; every write is conditional on it
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "cameras",
        "indexes": [
            # ListCameras pages on _id within each filter (keyset).
            {"fields": ["subdistrict_code", "_id"], "name": "subdistrict_id"},
            {"fields": ["owner_department_id", "_id"], "name": "owner_id"},
            {"fields": ["networked", "_id"], "name": "networked_id"},
            {"fields": ["status", "_id"], "name": "status_id"},
            # bbox / polygon / radius pre-filter (numeric ranges) before the exact shapely test
            {"fields": ["lon", "lat"], "name": "lon_lat"},
            # a device keepalive refreshes every channel under it
            {"fields": ["parent_device_id"], "name": "parent"},
            # the timeout sweep: cameras not OFF whose last keepalive is oldest
            {"fields": ["status", "last_keepalive"], "name": "status_keepalive"},
            {"fields": ["-last_keepalive"], "name": "newest_keepalive"},  # start-up: was anyone serving?
            {"fields": ["grid_status"], "name": "grid_status"},
        ],
    }


class StatusTransition(me.Document):
    id = me.StringField(primary_key=True)  # "<camera>|<epoch ms>|<to status>"
    camera_id = me.StringField(required=True)
    subdistrict_code = me.StringField(default="")
    from_status = me.StringField(required=True)
    to_status = me.StringField(required=True)
    reason = me.StringField(required=True)
    detail = me.StringField(default="")
    at = me.DateTimeField(required=True)

    meta = {
        "collection": "status_transitions",
        "indexes": [
            {"fields": ["camera_id", "-at"], "name": "camera_at"},  # history, availability
            {"fields": ["subdistrict_code", "at"], "name": "subdistrict_at"},
        ],
    }


class QuarantinedCamera(me.Document):
    id = me.StringField(primary_key=True)  # uuid
    camera_id = me.StringField(required=True)
    reasons = me.ListField(me.StringField())
    record = me.DictField()
    source = me.StringField(default="")
    actor = me.StringField(default="")
    create_time = me.DateTimeField(default=utcnow)

    meta = {
        "collection": "quarantined_cameras",
        "indexes": [
            {"fields": ["-create_time", "-_id"], "name": "created_id"},
            {"fields": ["camera_id", "-create_time"], "name": "camera_created"},
        ],
    }


class ImportRun(me.Document):
    id = me.StringField(primary_key=True)  # the client's request id
    actor = me.StringField(default="")
    counts = me.DictField()
    problems = me.ListField(me.DictField())
    create_time = me.DateTimeField(default=utcnow)

    meta = {"collection": "import_runs"}


class Box(me.EmbeddedDocument):
    x = me.FloatField(required=True)
    y = me.FloatField(required=True)
    width = me.FloatField(required=True)
    height = me.FloatField(required=True)
    label = me.StringField(default="")
    score = me.FloatField(null=True)


class Detection(me.Document):
    id = me.StringField(primary_key=True)  # the analytics client's id
    camera_id = me.StringField(required=True)
    owner_department_id = me.StringField(default="")  # copied: the grant filter is in the query
    networked = me.BooleanField(default=False)
    label = me.StringField(required=True)
    score = me.FloatField(required=True)
    start = me.DateTimeField(required=True)
    end = me.DateTimeField(null=True)
    auto_closed = me.BooleanField(default=False)
    local_minute = me.IntField(default=0)  # minute of the day, Asia/Shanghai (time-of-day filter)
    boxes = me.ListField(me.EmbeddedDocumentField(Box))
    snapshot_uri = me.StringField(default="")
    clip_uri = me.StringField(default="")
    model_version = me.StringField(default="")
    frame_width = me.IntField(default=0)
    frame_height = me.IntField(default=0)
    lon = me.FloatField(null=True)
    lat = me.FloatField(null=True)
    subdistrict_code = me.StringField(default="")
    grid_code = me.StringField(default="")
    review_state = me.StringField(default="UNREVIEWED")
    review_note = me.StringField(default="")
    reviewer = me.StringField(default="")
    alert_ids = me.ListField(me.StringField())
    expire = me.DateTimeField(required=True)  # retention: purged by the sweep after this
    create_time = me.DateTimeField(default=utcnow)
    version = me.IntField(default=0)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "detections",
        # ListDetections pages newest first on (start, _id) within the caller's grant.
        "indexes": [
            {"fields": ["owner_department_id", "-start", "-_id"], "name": "owner_start_id"},
            {"fields": ["camera_id", "-start", "-_id"], "name": "camera_start_id"},
            {"fields": ["label", "-start", "-_id"], "name": "label_start_id"},
            {"fields": ["subdistrict_code", "-start", "-_id"], "name": "subdistrict_start_id"},
            {"fields": ["-start", "-_id"], "name": "start_id"},
            {"fields": ["lon", "lat"], "name": "lon_lat"},
            {"fields": ["end", "start"], "name": "open_start"},  # the auto-close sweep (end null)
            # Retention: the sweep deletes expired detections (an explicit, logged purge rather
            # than a TTL index, which the embedded store emulates by scanning on every access).
            {"fields": ["expire"], "name": "expire"},
        ],
    }


class DetectionBucket(me.Document):
    id = me.StringField(primary_key=True)  # "<camera>|<label>|YYYYMMDDHH" (UTC)
    camera_id = me.StringField(required=True)
    owner_department_id = me.StringField(default="")
    networked = me.BooleanField(default=False)
    subdistrict_code = me.StringField(default="")
    label = me.StringField(required=True)
    hour = me.DateTimeField(required=True)
    count = me.IntField(default=0)

    meta = {
        "collection": "detection_buckets",
        "indexes": [
            {"fields": ["hour", "label"], "name": "hour_label"},
            {"fields": ["subdistrict_code", "hour"], "name": "subdistrict_hour"},
            {"fields": ["camera_id", "hour"], "name": "camera_hour"},
        ],
    }


class AlertRule(me.Document):
    id = me.StringField(primary_key=True)
    label = me.StringField(required=True)
    subdistrict_code = me.StringField(default="")
    polygon = me.StringField(default="")  # ring text as given (parsed when loaded)
    min_score = me.FloatField(required=True)
    severity = me.StringField(default="MAJOR")
    enabled = me.BooleanField(default=True)
    description = me.StringField(default="")
    request_id = me.StringField(default="")
    update_time = me.DateTimeField(default=utcnow)
    version = me.IntField(default=0)

    meta = {
        "collection": "alert_rules",
        "indexes": [
            {"fields": ["label"], "name": "label"},
            {"fields": ["request_id"], "name": "request_id"},
        ],
    }


class AccessRequest(me.Document):
    id = me.StringField(primary_key=True)
    request_id = me.StringField(default="")  # the client's retry key (with the requester)
    kind = me.StringField(required=True)
    camera_ids = me.ListField(me.StringField())
    area_polygon = me.StringField(default="")
    purpose = me.StringField(required=True)
    legal_basis = me.StringField(required=True)
    start = me.DateTimeField(required=True)
    end = me.DateTimeField(required=True)
    playback_start = me.DateTimeField(null=True)
    playback_end = me.DateTimeField(null=True)
    state = me.StringField(default="PENDING")
    requester = me.StringField(required=True)
    requester_department_id = me.StringField(default="")
    decided_by = me.StringField(default="")
    decided_at = me.DateTimeField(null=True)
    decision_note = me.StringField(default="")
    revoked_by = me.StringField(default="")
    revoked_at = me.DateTimeField(null=True)
    revoke_reason = me.StringField(default="")
    tokens_issued = me.IntField(default=0)
    create_time = me.DateTimeField(default=utcnow)
    version = me.IntField(default=0)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "access_requests",
        "indexes": [
            {"fields": ["state", "-create_time", "-_id"], "name": "state_created_id"},
            {"fields": ["requester", "-create_time", "-_id"], "name": "requester_created_id"},
            {"fields": ["-create_time", "-_id"], "name": "created_id"},
            {"fields": ["requester", "request_id"], "name": "requester_request_id"},
        ],
    }


class CoverageSnapshot(me.Document):
    id = me.StringField(primary_key=True)  # local date YYYY-MM-DD (recomputed through the day)
    compute_time = me.DateTimeField(required=True)
    radius_m = me.FloatField(required=True)
    district = me.DictField()
    subdistricts = me.ListField(me.DictField())
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {"collection": "coverage_snapshots"}


class AuditRecord(me.Document):
    """One append-only record of the stream-access audit trail (jlp_common.audit_chain)."""

    id = me.LongField(primary_key=True)  # seq: the primary key makes a second writer collide
    time = me.DateTimeField(required=True)
    actor = me.StringField(default="")
    action = me.StringField(required=True)
    object = me.StringField(default="")
    result = me.StringField(default="")
    source_ip = me.StringField(default="")
    details = me.DictField()
    prev_hash = me.StringField(required=True)
    hash = me.StringField(required=True)

    meta = {
        "collection": "audit_records",
        "indexes": [
            {"fields": ["object", "_id"], "name": "object_seq"},
            {"fields": ["actor", "_id"], "name": "actor_seq"},
        ],
    }


class AuditHead(me.Document):
    """seq and hash of the newest audit record (compare-and-set on append)."""

    id = me.StringField(primary_key=True)
    seq = me.LongField(default=0)
    hash = me.StringField(required=True)

    meta = {"collection": "audit_head"}


ALL_DOCUMENTS = (Camera, StatusTransition, QuarantinedCamera, ImportRun, Detection, DetectionBucket,
                 AlertRule, AccessRequest, CoverageSnapshot, AuditRecord, AuditHead)
