"""mongoengine documents of the tourism service, with the indexes its queries need.

Atomicity is per document (DESIGN §4): every contended change is one conditional update.
- `SlotInventory`, one per (spot, date, slot): `available` and `booked` counters and `holders`,
  the ids of the tickets holding its places. A booking takes places with one update matching
  `available >= n` and none of its ticket ids already held; a cancel or a rollback gives a
  ticket's place back with one update matching that ticket id in `holders`, so a place is
  released exactly once however often it is retried, and `booked == len(holders)` always.
- `Ticket.uniq_key` (`spot|date|id_hash`, unique, sparse) is the one-ticket-per-ID-per-spot-
  per-day rule; a cancelled ticket unsets it so the person may book again.
- `Ticket.status` moves only from VALID (or HELD while its booking commits) by conditional
  updates; a redemption records its scan nonce, gate and time in the same write.
- `GateCountBucket`, one per (spot, Beijing hour): counts keyed by event id (DESIGN §4 bucket
  pattern): a batch is one upsert per bucket, and a repeated event id cannot count twice.
- `CrowdingTrack`, one per (spot, measure): the ladder state, versioned; a transition and its
  event are one conditional write, so two replicas never both publish it.
"""

from __future__ import annotations

import mongoengine as me

from jlp_common.events.outbox import OutboxEvent


class Zone(me.EmbeddedDocument):
    name = me.StringField(required=True)
    area_m2 = me.FloatField(required=True)
    per_visitor_m2 = me.FloatField(required=True)


class Capacity(me.EmbeddedDocument):
    method = me.StringField(required=True)  # AREA or ENTERED
    zones = me.EmbeddedDocumentListField(Zone)
    opening_hours = me.FloatField(default=0.0)
    average_stay_hours = me.FloatField(default=0.0)
    instantaneous = me.IntField(required=True)
    daily = me.IntField(required=True)
    turnover = me.IntField()


class Policy(me.EmbeddedDocument):
    share = me.StringField(required=True)  # exact decimal, e.g. "0.75"
    effective_date = me.StringField(required=True)  # YYYY-MM-DD
    note = me.StringField(default="")


class Gate(me.EmbeddedDocument):
    id = me.StringField(required=True)
    name = me.StringField(default="")
    direction = me.StringField(default="BOTH")
    lon = me.FloatField()
    lat = me.FloatField()


class Spot(me.Document):
    id = me.StringField(primary_key=True)
    code = me.StringField(required=True, unique=True)
    name = me.StringField(required=True)
    name_en = me.StringField(default="")
    description = me.StringField(default="")
    lon = me.FloatField(required=True)
    lat = me.FloatField(required=True)
    address = me.StringField(default="")
    subdistrict_code = me.StringField(default="")
    open_time = me.StringField(required=True)
    close_time = me.StringField(required=True)
    last_entry_time = me.StringField(default="")
    closed_dates = me.ListField(me.StringField())
    gates = me.EmbeddedDocumentListField(Gate)
    capacity = me.EmbeddedDocumentField(Capacity, required=True)
    quota_policies = me.EmbeddedDocumentListField(Policy)
    walk_in_reserve = me.IntField(default=0)
    booking_horizon_days = me.IntField(default=7)
    slot_minutes = me.IntField(default=60)
    cancel_deadline_minutes = me.IntField(default=120)
    price_fen = me.IntField(default=0)
    early_entry_minutes = me.IntField(default=30)
    late_entry_minutes = me.IntField(default=60)
    request_id = me.StringField()  # AIP-155 idempotent create
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    version = me.IntField(default=1)
    meta = {"collection": "spots", "indexes": [
        {"fields": ["subdistrict_code", "code"]},
        {"fields": ["request_id"], "unique": True, "sparse": True},
    ]}


class SlotInventory(me.Document):
    id = me.StringField(primary_key=True)  # spot|date|slot
    spot_id = me.StringField(required=True)
    date = me.StringField(required=True)
    slot_id = me.StringField(required=True)
    start = me.DateTimeField(required=True)
    end = me.DateTimeField(required=True)
    quota = me.IntField(required=True)
    available = me.IntField(required=True)
    booked = me.IntField(default=0)
    holders = me.ListField(me.StringField())  # ticket ids holding a place
    meta = {"collection": "slot_inventory", "indexes": [{"fields": ["spot_id", "date"]}]}


class VisitorData(me.EmbeddedDocument):
    name_sealed = me.StringField(required=True)
    id_sealed = me.StringField(required=True)
    id_hash = me.StringField(required=True)
    masked_name = me.StringField(required=True)
    masked_id = me.StringField(required=True)


class Ticket(me.Document):
    id = me.StringField(primary_key=True)
    booking_id = me.StringField(required=True)
    booker_id = me.StringField(required=True)
    spot_id = me.StringField(required=True)
    spot_name = me.StringField(default="")
    date = me.StringField(required=True)
    slot_id = me.StringField(required=True)
    slot_start = me.DateTimeField(required=True)
    slot_end = me.DateTimeField(required=True)
    visitor = me.EmbeddedDocumentField(VisitorData, required=True)
    uniq_key = me.StringField()  # set while the ticket holds its person's day at the spot
    status = me.StringField(required=True)  # HELD, VALID, USED, CANCELLED, REVOKED, NO_SHOW
    price_fen = me.IntField(default=0)
    key_id = me.StringField(default="")
    qr_payload = me.StringField(default="")
    redeemed_at = me.DateTimeField()
    redeem_gate = me.StringField()
    redeem_nonce = me.StringField()
    redeem_offline = me.BooleanField(default=False)
    cancel_time = me.DateTimeField()
    no_show_time = me.DateTimeField()
    create_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "tickets", "indexes": [
        {"fields": ["uniq_key"], "unique": True, "sparse": True},
        {"fields": ["booker_id", "-date", "-create_time", "-id"]},
        {"fields": ["booking_id"]},
        {"fields": ["status", "slot_end"]},  # the no-show sweep
        {"fields": ["visitor.id_hash", "no_show_time"]},  # the booking lock
    ]}


class Booking(me.Document):
    id = me.StringField(primary_key=True)  # from (booker, request_id) when a request id is given
    booker_id = me.StringField(required=True)
    spot_id = me.StringField(required=True)
    date = me.StringField(required=True)
    slot_id = me.StringField(required=True)
    ticket_ids = me.ListField(me.StringField())
    state = me.StringField(required=True)  # PENDING, CONFIRMED, FAILED
    failure = me.StringField()  # why a FAILED booking failed (replayed to a retry)
    create_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "bookings", "indexes": [{"fields": ["state", "create_time"]}]}


class ScanRecord(me.Document):
    """The first answer to a scan nonce, replayed to a retry of the same scan."""

    id = me.StringField(primary_key=True)  # gate|nonce
    ticket_id = me.StringField(default="")
    answer = me.DictField()
    create_time = me.DateTimeField(required=True)
    meta = {"collection": "scans", "indexes": [{"fields": ["create_time"]}]}


class RedemptionAlert(me.Document):
    id = me.StringField(primary_key=True)  # ticket|second gate|scan time: one alert per scan
    ticket_id = me.StringField(required=True)
    spot_id = me.StringField(required=True)
    first_gate = me.StringField(default="")
    first_time = me.DateTimeField()
    second_gate = me.StringField(required=True)
    second_time = me.DateTimeField(required=True)
    admitted_offline = me.BooleanField(default=False)
    create_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "redemption_alerts", "indexes": [{"fields": ["spot_id", "-create_time", "-id"]},
                                                           {"fields": ["-create_time", "-id"]}]}


class Refund(me.Document):
    id = me.StringField(primary_key=True)  # refund-<ticket id>: one per ticket
    ticket_id = me.StringField(required=True)
    booking_id = me.StringField(default="")
    spot_id = me.StringField(required=True)
    amount_fen = me.IntField(required=True)
    reason = me.StringField(default="")
    create_time = me.DateTimeField(required=True)
    meta = {"collection": "refunds", "indexes": [{"fields": ["spot_id", "-create_time", "-id"]},
                                                 {"fields": ["-create_time", "-id"]}]}


class GateCountBucket(me.Document):
    """Gate counts of one spot and one Beijing hour, keyed by event id."""

    id = me.StringField(primary_key=True)  # spot|YYYY-MM-DDTHH
    spot_id = me.StringField(required=True)
    date = me.StringField(required=True)  # Beijing date of the hour
    counts = me.DictField()  # event id → {gate, at, in, out}
    meta = {"collection": "gate_counts", "indexes": [{"fields": ["spot_id", "date"]}, {"fields": ["date"]}]}


class CrowdingTrack(me.Document):
    id = me.StringField(primary_key=True)  # spot|measure
    spot_id = me.StringField(required=True)
    measure = me.StringField(required=True)
    day = me.StringField()
    level = me.IntField(default=0)
    raises = me.IntField(default=0)
    open_ids = me.ListField(me.ListField())  # [[level, crowding id], ...]
    version = me.IntField(default=0)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "crowding", "indexes": [{"fields": ["spot_id"]}]}


ALL = (Spot, SlotInventory, Ticket, Booking, ScanRecord, RedemptionAlert, Refund, GateCountBucket, CrowdingTrack)
WITH_OUTBOX = (Ticket, Booking, RedemptionAlert, CrowdingTrack)
