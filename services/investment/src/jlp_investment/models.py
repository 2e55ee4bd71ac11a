"""mongoengine documents of the investment service (database jlp_investment), with the indexes
production queries need (the embedded store ignores them, DESIGN §4).

Every change of a project, investor, site or supervision item is one conditional update on
`{_id, version}` of one document; a project's stage history and its pending events live in
the project document, so a stage change, its history entry and its event are one write.

Amounts are stored as canonical decimal strings (money.format_wan) and dates as ISO strings:
exact, and readable by `mongosh` without a codec.
"""

from __future__ import annotations

import mongoengine as me

from jlp_common.events.outbox import OutboxEvent


class InvestorDoc(me.Document):
    """An enterprise or prospect. `active_code` is the credit code while the investor is ACTIVE
    (absent for prospects and merged investors): its unique sparse index makes two concurrent
    creates of one code end with one investor."""

    id = me.StringField(primary_key=True)
    name = me.StringField(required=True)
    name_core = me.StringField(default="")  # names.normalise_name, for search and duplicates
    credit_code = me.StringField(default="")
    active_code = me.StringField()
    aliases = me.ListField(me.StringField())
    origin_region = me.StringField(default="")
    industry_chain = me.StringField(default="")
    contact_name = me.StringField(default="")  # AES-GCM envelope (jlp_common.pii)
    contact_phone = me.StringField(default="")  # AES-GCM envelope
    # The legal representative's resident ID number: AES-GCM envelope and keyed look-up hash
    # (the `id_number` domain), so CheckPersonEnterprises finds what a person represents.
    legal_representative_id_number = me.StringField(default="")
    legal_representative_id_hash = me.StringField()
    tags = me.ListField(me.StringField())
    note = me.StringField(default="")
    state = me.StringField(default="ACTIVE")
    merged_into = me.StringField(default="")
    merged_investor_ids = me.ListField(me.StringField())
    history = me.ListField(me.DictField())
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    meta = {"collection": "investors", "indexes": [
        {"fields": ["active_code"], "unique": True, "sparse": True, "name": "active_code_unique"},
        {"fields": ["state", "-create_time", "-id"], "name": "state_newest"},
        {"fields": ["name_core"], "name": "name_core"},
        {"fields": ["industry_chain"], "name": "industry_chain"},
        {"fields": ["legal_representative_id_hash"], "sparse": True, "name": "legal_representative"},
    ]}


class ProjectDoc(me.Document):
    """A project, its stage history and its outbox."""

    id = me.StringField(primary_key=True)
    request_id = me.StringField()  # idempotent create
    name = me.StringField(required=True)
    investor_id = me.StringField(default="")
    amount_wan = me.StringField(required=True)
    industry_chain = me.StringField(required=True)
    chain_link = me.StringField(default="")
    officer_id = me.StringField(required=True)
    department_id = me.StringField(default="")
    stage = me.StringField(required=True)
    stage_kind = me.IntField(required=True)
    probability = me.StringField(required=True)  # decimal string
    stage_enter_time = me.DateTimeField(required=True)
    expected_sign_date = me.StringField(default="")
    expected_start_date = me.StringField(default="")
    expected_production_date = me.StringField(default="")
    signed_date = me.StringField(default="")
    signed_amount_wan = me.StringField(default="")
    registered_credit_code = me.StringField(default="")
    received_amount_wan = me.StringField(default="")
    start_date = me.StringField(default="")
    production_date = me.StringField(default="")
    site_kind = me.IntField(default=0)
    required_area_mu = me.StringField(default="")
    required_floor_area_m2 = me.FloatField(default=0.0)
    land_use_code = me.StringField(default="")
    expected_annual_tax_wan = me.StringField(default="")
    min_floor_load_kn_m2 = me.FloatField(default=0.0)
    min_clear_height_m = me.FloatField(default=0.0)
    tags = me.ListField(me.StringField())
    description = me.StringField(default="")
    history = me.ListField(me.DictField())
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "projects", "indexes": [
        {"fields": ["request_id"], "unique": True, "sparse": True, "name": "request_id_unique"},
        {"fields": ["-create_time", "-id"], "name": "newest"},
        {"fields": ["stage", "-create_time"], "name": "stage_newest"},
        {"fields": ["industry_chain", "-create_time"], "name": "chain_newest"},
        {"fields": ["officer_id", "-create_time"], "name": "officer_newest"},
        {"fields": ["investor_id"], "name": "investor"},
        {"fields": ["tags"], "name": "tags"},
    ]}


class SupervisionItemDoc(me.Document):
    id = me.StringField(primary_key=True)
    project_id = me.StringField(required=True)
    request_id = me.StringField()
    problem = me.StringField(required=True)
    owner = me.StringField(required=True)
    due_date = me.StringField(required=True)
    closed = me.BooleanField(default=False)
    progress_note = me.StringField(default="")
    close_time = me.DateTimeField()
    closed_by = me.StringField(default="")
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    meta = {"collection": "supervision_items", "indexes": [
        {"fields": ["request_id"], "unique": True, "sparse": True, "name": "request_id_unique"},
        {"fields": ["project_id", "closed", "due_date", "id"], "name": "project_open_due"},
    ]}


class SiteDoc(me.Document):
    """A land parcel or building unit. The bounding box fields are the numeric pre-filter of
    bbox / polygon queries (the exact test is shapely's, in the service: DESIGN §4)."""

    id = me.StringField(primary_key=True)
    code = me.StringField(required=True)
    name = me.StringField(default="")
    kind = me.IntField(required=True)
    park_id = me.StringField(default="")
    subdistrict_code = me.StringField(default="")
    geometry = me.DictField()
    lon = me.FloatField(required=True)
    lat = me.FloatField(required=True)
    min_lon = me.FloatField(required=True)
    min_lat = me.FloatField(required=True)
    max_lon = me.FloatField(required=True)
    max_lat = me.FloatField(required=True)
    area_m2 = me.FloatField(required=True)
    land_use_code = me.StringField(default="")  # parcels; copied out of `land` for queries
    land = me.DictField()
    building = me.DictField()
    state = me.IntField(default=1)
    reserved_for = me.StringField(default="")
    reserve_time = me.DateTimeField()
    tags = me.ListField(me.StringField())
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    meta = {"collection": "sites", "indexes": [
        {"fields": ["code"], "unique": True, "name": "code_unique"},
        {"fields": ["state", "kind", "code"], "name": "state_kind_code"},
        {"fields": ["park_id", "code"], "name": "park_code"},
        {"fields": ["land_use_code"], "name": "land_use"},
        {"fields": ["min_lon", "max_lon", "min_lat", "max_lat"], "name": "bbox"},
    ]}


class StageConfigDoc(me.Document):
    """One immutable version of the stage configuration; `_id` is the version number, so two
    concurrent publishers of the next version collide on the primary key and one loses."""

    id = me.IntField(primary_key=True)
    stages = me.ListField(me.DictField())
    note = me.StringField(default="")
    created_by = me.StringField(default="")
    create_time = me.DateTimeField(required=True)
    meta = {"collection": "stage_configs"}


ALL = (InvestorDoc, ProjectDoc, SupervisionItemDoc, SiteDoc, StageConfigDoc)
