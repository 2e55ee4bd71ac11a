"""Documents of the environment service (database jlp_environment).

Readings use the bucket pattern (DESIGN §4, docs/adr/0050-readings-bucket-storage.md): one
document per (station, metric, hour) holding raw values keyed by their epoch second, the
station's own hourly value if it sent one, and the hour's statistic recomputed on every write.
Buckets are written through the raw collection (one conditional write per bucket per batch);
the Document class declares the schema and the indexes MongoDB needs.
"""

from __future__ import annotations

import mongoengine as me

from jlp_common.events import OutboxEvent
from jlp_common.timeutil import utc_now


class Station(me.Document):
    """A monitoring station (air, noise, water, reservoir, rain, pollution source, flood point)."""

    code = me.StringField(required=True)
    name = me.StringField(required=True)
    kind = me.StringField(required=True)
    lon = me.FloatField(required=True)
    lat = me.FloatField(required=True)
    subdistrict_code = me.StringField(default="")
    subdistrict_name = me.StringField(default="")
    community_code = me.StringField(default="")
    grid_code = me.StringField(default="")
    grid_status = me.StringField(default="PENDING")  # RESOLVED | PENDING | OUTSIDE_DISTRICT
    noise_zone = me.StringField(default="")
    water_body = me.StringField(default="")
    target_class = me.IntField(default=0)
    flood_limit_level_m = me.FloatField(null=True)
    enterprise_name = me.StringField(default="")
    credit_code = me.StringField(default="")
    permit_limits = me.DictField()
    online = me.BooleanField(default=False)
    sampling_interval_seconds = me.IntField(default=0)
    create_time = me.DateTimeField(default=utc_now)
    update_time = me.DateTimeField(default=utc_now)
    version = me.IntField(default=0)

    meta = {
        "collection": "stations",
        "indexes": [
            {"fields": ["code"], "unique": True, "name": "code_unique"},
            {"fields": ["kind", "code"], "name": "kind_code"},
            # list by subdistrict, in code order (keyset paging on code)
            {"fields": ["subdistrict_code", "code"], "name": "subdistrict_code"},
            {"fields": ["grid_status"], "name": "grid_status"},
        ],
    }


class ReadingBucket(me.Document):
    """One station's values of one metric in one UTC hour (see module docstring)."""

    id = me.StringField(primary_key=True)  # "<station id>|<metric>|<hour epoch seconds>"
    station_id = me.StringField(required=True)
    metric = me.StringField(required=True)
    hour = me.DateTimeField(required=True)  # UTC hour start
    values = me.DictField()  # "<epoch second>" → value in the metric's canonical unit
    hourly = me.FloatField(null=True)  # the station's own hourly value (period HOUR)
    agg = me.DictField()  # value, valid, count, coverage, reason, source
    version = me.IntField(default=0)

    meta = {
        "collection": "reading_buckets",
        "indexes": [
            {"fields": ["station_id", "metric", "hour"], "name": "station_metric_hour"},
            {"fields": ["station_id", "hour"], "name": "station_hour"},
            {"fields": ["hour"], "name": "hour"},
        ],
    }


class StationStatus(me.Document):
    """Volatile state of a station, kept apart from its configuration: latest values."""

    id = me.StringField(primary_key=True)  # station id
    latest = me.DictField()  # metric → {"t": datetime, "v": float}
    last_seen = me.DateTimeField(null=True)
    version = me.IntField(default=0)
    # earliest hour whose data changed since the alert rules judged it, and a counter of the
    # writes that set it (status.mark_changed / clear_changed: late data, ADR 0055)
    changed_from = me.DateTimeField(null=True)
    changes = me.IntField(default=0)

    meta = {"collection": "station_status",
            # the sweep evaluates the stations seen within the alert lookback
            "indexes": [{"fields": ["last_seen"], "name": "last_seen"}]}


class AlertRule(me.Document):
    """A rule of a station kind (default) or of one station (override, same indicator)."""

    id = me.StringField(primary_key=True)
    station_kind = me.StringField(required=True)
    station_id = me.StringField(default="")
    indicator = me.StringField(required=True)
    raise_above = me.FloatField(required=True)
    clear_at_or_below = me.FloatField(required=True)
    raise_after = me.IntField(default=1)
    clear_after = me.IntField(default=1)
    max_gap_hours = me.IntField(default=0)
    severity = me.StringField(default="MAJOR")
    enabled = me.BooleanField(default=True)
    description = me.StringField(default="")
    update_time = me.DateTimeField(default=utc_now)

    meta = {
        "collection": "alert_rules",
        "indexes": [{"fields": ["station_kind", "station_id"], "name": "kind_station"}],
    }


class RuleTrack(me.Document):
    """Where the hysteresis state machine of one (station, rule) pair stands."""

    id = me.StringField(primary_key=True)  # "<station id>|<rule id>"
    station_id = me.StringField(required=True)
    rule_id = me.StringField(required=True)
    cursor = me.DateTimeField(null=True)  # last hour fed to the machine
    active = me.BooleanField(default=False)
    exceed_run = me.IntField(default=0)
    normal_run = me.IntField(default=0)
    gap = me.IntField(default=0)
    run_start = me.DateTimeField(null=True)
    open_alert_id = me.StringField(default="")
    # the hours of the lookback as judged: {hour, active, exceed_run, normal_run, gap,
    # run_start, alert} each, so late data can judge them again from where they stood
    judged = me.ListField(me.DictField())
    version = me.IntField(default=0)

    meta = {"collection": "rule_tracks",
            "indexes": [{"fields": ["station_id"], "name": "station"}]}


class AlertEntry(me.EmbeddedDocument):
    """One step of an alert's history."""

    time = me.DateTimeField(required=True)
    type = me.StringField(required=True)  # RAISED, VALUE, CASE_LINKED, CLEARED
    value = me.FloatField(null=True)
    note = me.StringField(default="")


class Alert(me.Document):
    """An alert raised by a rule on a station; its events leave through the outbox."""

    id = me.StringField(primary_key=True)  # deterministic: station, rule, first hour
    station_id = me.StringField(required=True)
    station_code = me.StringField(default="")
    station_name = me.StringField(default="")
    station_kind = me.StringField(default="")
    rule_id = me.StringField(required=True)
    indicator = me.StringField(required=True)
    severity = me.StringField(default="MAJOR")
    state = me.StringField(required=True)  # OPEN | CLEARED
    raised_at = me.DateTimeField(required=True)
    cleared_at = me.DateTimeField(null=True)
    detected_at = me.DateTimeField(default=utc_now)
    late = me.BooleanField(default=False)  # raised on data that came after its hours were judged
    value = me.FloatField(default=0.0)
    threshold = me.FloatField(default=0.0)
    peak_value = me.FloatField(default=0.0)
    case_id = me.StringField(default="")
    description = me.StringField(default="")
    subdistrict_code = me.StringField(default="")
    grid_code = me.StringField(default="")
    lon = me.FloatField(default=0.0)
    lat = me.FloatField(default=0.0)
    history = me.ListField(me.EmbeddedDocumentField(AlertEntry))
    value_hours = me.ListField(me.IntField())  # hours already in `history` (idempotent push)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "alerts",
        # ListAlerts filters by state and/or station and pages newest first on (raised_at, id):
        # each filter has an index ending in both sort keys, so MongoDB walks the index instead
        # of sorting every cleared alert in memory. (New names: the earlier state_raised /
        # station_raised lacked the id tie-break; an index cannot change keys under its name.)
        "indexes": [
            {"fields": ["state", "-raised_at", "-id"], "name": "state_raised_id"},
            {"fields": ["station_id", "-raised_at", "-id"], "name": "station_raised_id"},
            {"fields": ["station_id", "state", "-raised_at", "-id"],
             "name": "station_state_raised_id"},
            {"fields": ["-raised_at", "-id"], "name": "raised_id"},
        ],
    }


ALL_DOCUMENTS = (Station, ReadingBucket, StationStatus, AlertRule, RuleTrack, Alert)
