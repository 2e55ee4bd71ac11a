"""mongoengine documents of the social-security service, with the indexes its queries need.

Shapes chosen for single-document atomicity (DESIGN §4, no transactions):
- `Cover`: one document per (person, insurance type) holding all its enrolments, so "at most one
  in force" and an employer transfer (close one, open the next) are one conditional write.
- `ContributionRecord`: `_id` is the record key (person:type:month, `:adjN` for adjustments), so
  the monthly run inserts each record at most once whatever crashes or repeats.
- `ContributionRun`: `active_month` is set only while a run is PENDING/RUNNING; its unique sparse
  index allows one active run per month. The worker's cursor, counters and lease live on it.
- `Household`: members embedded with their relation; the multikey unique index on
  `members.person_id` keeps a person in one household.
- `Claim`, `CareRequest`, `AidCheck`: one document each with its history, versioned; events wait
  in each document's `outbox` until the relay publishes them.
"""

from __future__ import annotations

import mongoengine as me

from jlp_common.events.outbox import OutboxEvent


class Person(me.Document):
    """An insured person. Personal values are stored encrypted (`*_enc`, AES-GCM, field name as
    associated data); `id_hash` is the keyed hash of the ID number, the look-up key."""

    id = me.StringField(primary_key=True)
    id_hash = me.StringField(required=True)
    id_number_enc = me.StringField(required=True)
    id_number_masked = me.StringField(required=True)
    name_enc = me.StringField(required=True)
    name_masked = me.StringField(required=True)
    phone_enc = me.StringField(default="")
    phone_masked = me.StringField(default="")
    address_enc = me.StringField(default="")
    address_masked = me.StringField(default="")
    gender = me.StringField(required=True)
    birth_date = me.StringField(required=True)  # YYYY-MM-DD
    retirement_group = me.StringField(required=True)
    subdistrict_code = me.StringField(default="")
    grid_code = me.StringField(default="")
    request_id = me.StringField()
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    # The household is not copied here (that would be a second document to keep in step): it is
    # found through Household's `members.person_id` index.
    meta = {"collection": "persons", "indexes": [
        {"fields": ["id_hash"], "unique": True},
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["subdistrict_code", "-create_time", "-id"]},
        {"fields": ["-create_time", "-id"]},
    ]}


class Member(me.EmbeddedDocument):
    person_id = me.StringField(required=True)
    relation = me.StringField(required=True)


class Household(me.Document):
    id = me.StringField(primary_key=True)
    members = me.EmbeddedDocumentListField(Member)
    head_person_id = me.StringField(required=True)
    address_enc = me.StringField(default="")
    address_masked = me.StringField(default="")
    subdistrict_code = me.StringField(default="")
    grid_code = me.StringField(default="")
    aid_status = me.StringField(default="NO_AID")
    annual_income = me.StringField(default="")  # money string
    rigid_spending = me.StringField(default="")
    request_id = me.StringField()
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "households", "indexes": [
        {"fields": ["members.person_id"], "unique": True},
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["subdistrict_code", "aid_status", "-create_time", "-id"]},
        {"fields": ["-create_time", "-id"]},
    ]}


class Suspension(me.EmbeddedDocument):
    start = me.StringField(required=True)
    end = me.StringField(default="")
    reason = me.StringField(default="")


class EnrolmentEntry(me.EmbeddedDocument):
    id = me.StringField(required=True)
    employer_credit_code = me.StringField(required=True)
    employer_name = me.StringField(default="")
    work_injury_class = me.IntField()
    monthly_wage = me.StringField(required=True)
    status = me.StringField(required=True)
    effective_from = me.StringField(required=True)
    effective_to = me.StringField(default="")
    status_reason = me.StringField(default="")
    previous_enrolment_id = me.StringField(default="")
    suspensions = me.EmbeddedDocumentListField(Suspension)
    request_id = me.StringField(default="")
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)


class Cover(me.Document):
    """All enrolments of one person in one insurance type (`_id` = person_id:TYPE)."""

    id = me.StringField(primary_key=True)
    person_id = me.StringField(required=True)
    insurance_type = me.StringField(required=True)
    enrolments = me.EmbeddedDocumentListField(EnrolmentEntry)
    version = me.IntField(default=1)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "covers", "indexes": [
        {"fields": ["enrolments.id"], "unique": True, "sparse": True},
        {"fields": ["person_id"]},
        {"fields": ["enrolments.employer_credit_code"]},
        {"fields": ["enrolments.request_id"], "sparse": True},
    ]}


class Line(me.EmbeddedDocument):
    item = me.StringField(required=True)
    insurance_type = me.StringField(required=True)
    employer_rate = me.StringField(required=True)
    employee_rate = me.StringField(required=True)
    employee_fixed = me.StringField(required=True)
    employer_amount = me.StringField(required=True)
    employee_amount = me.StringField(required=True)


class ContributionRecord(me.Document):
    """One record; `_id` is its key, so a repeated insert is refused by the database."""

    id = me.StringField(primary_key=True)
    person_id = me.StringField(required=True)
    insurance_type = me.StringField(required=True)
    month = me.StringField(required=True)  # YYYY-MM
    kind = me.StringField(required=True)
    sequence = me.IntField(default=0)
    enrolment_id = me.StringField(default="")
    employer_credit_code = me.StringField(default="")
    wage = me.StringField(required=True)
    base = me.StringField(required=True)
    clamp = me.StringField(required=True)
    schedule_id = me.StringField(required=True)
    lines = me.EmbeddedDocumentListField(Line)
    employer_amount = me.StringField(required=True)
    employee_amount = me.StringField(required=True)
    run_id = me.StringField(default="")
    adjusts_record_id = me.StringField(default="")
    reason = me.StringField(default="")
    request_id = me.StringField()
    create_time = me.DateTimeField(required=True)
    # No unique index besides `_id`: the key *is* the identity (an adjustment's `:adjN` too, so
    # two concurrent adjustments with one request id collide on `_id`), and every extra unique
    # index would make each insert of the monthly run scan the collection on the embedded store.
    meta = {"collection": "contribution_records", "indexes": [
        {"fields": ["person_id", "insurance_type", "month", "sequence"]},
        {"fields": ["month", "id"]},
        {"fields": ["run_id", "id"]},
        {"fields": ["request_id"], "sparse": True},
    ]}


class ContributionRun(me.Document):
    id = me.StringField(primary_key=True)
    month = me.StringField(required=True)
    active_month = me.StringField()  # = month while PENDING/RUNNING, unset after
    state = me.StringField(required=True)
    total = me.IntField(default=0)
    processed = me.IntField(default=0)
    created = me.IntField(default=0)
    existing = me.IntField(default=0)
    failed = me.IntField(default=0)
    cursor = me.StringField(default="")
    employer_total = me.StringField(default="0.00")
    employee_total = me.StringField(default="0.00")
    owner = me.StringField(default="")
    lease_until = me.DateTimeField()
    resume_count = me.IntField(default=0)
    error = me.StringField(default="")
    request_id = me.StringField()
    create_time = me.DateTimeField(required=True)
    start_time = me.DateTimeField()
    end_time = me.DateTimeField()
    version = me.IntField(default=1)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "contribution_runs", "indexes": [
        {"fields": ["active_month"], "unique": True, "sparse": True},
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["state", "lease_until"]},
        {"fields": ["-create_time", "-id"]},
    ]}


class ClaimFinding(me.EmbeddedDocument):
    rule = me.StringField(required=True)
    passed = me.BooleanField(required=True)
    detail = me.StringField(default="")


class ClaimHistory(me.EmbeddedDocument):
    time = me.DateTimeField(required=True)
    actor = me.StringField(required=True)
    from_state = me.StringField(default="")
    to_state = me.StringField(required=True)
    note = me.StringField(default="")


class Claim(me.Document):
    id = me.StringField(primary_key=True)
    person_id = me.StringField(required=True)
    claim_type = me.StringField(required=True)
    event_date = me.StringField(required=True)
    amount = me.StringField(default="")
    description = me.StringField(default="")
    state = me.StringField(required=True)
    submitted_by = me.StringField(required=True)
    checked_by = me.StringField(default="")
    decided_by = me.StringField(default="")
    rejection_reason = me.StringField(default="")
    payment_reference = me.StringField(default="")
    paid_time = me.DateTimeField()
    findings = me.EmbeddedDocumentListField(ClaimFinding)
    history = me.EmbeddedDocumentListField(ClaimHistory)
    request_id = me.StringField()
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "claims", "indexes": [
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["person_id", "-create_time", "-id"]},
        {"fields": ["state", "-create_time", "-id"]},
        {"fields": ["-create_time", "-id"]},
    ]}


class CareProvider(me.Document):
    """A provider; `active_count` is its load, changed only with conditional `$inc`."""

    id = me.StringField(primary_key=True)
    name = me.StringField(required=True)
    credit_code = me.StringField(required=True)
    subdistrict_codes = me.ListField(me.StringField())
    service_types = me.ListField(me.StringField())
    capacity = me.IntField(required=True)
    active_count = me.IntField(default=0)
    active = me.BooleanField(default=True)
    base_lon = me.FloatField()
    base_lat = me.FloatField()
    request_id = me.StringField()
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    meta = {"collection": "care_providers", "indexes": [
        {"fields": ["credit_code"], "unique": True},
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["subdistrict_codes", "active"]},
    ]}


class CareRequest(me.Document):
    """A care request with its assignments and visits (embedded, stored as the domain shapes)."""

    id = me.StringField(primary_key=True)
    person_id = me.StringField(required=True)
    service_type = me.StringField(required=True)
    address_enc = me.StringField(default="")
    address_masked = me.StringField(default="")
    lon = me.FloatField(required=True)
    lat = me.FloatField(required=True)
    subdistrict_code = me.StringField(required=True)
    grid_code = me.StringField(default="")
    description = me.StringField(default="")
    state = me.StringField(required=True)
    provider_id = me.StringField(default="")  # the live assignment's provider
    accept_deadline = me.DateTimeField()  # of the live offer, for the timeout scanner
    assignments = me.ListField(me.DictField())
    visits = me.ListField(me.DictField())
    due_time = me.DateTimeField(required=True)
    started = me.BooleanField(default=False)
    escalated = me.BooleanField(default=False)
    case_id = me.StringField(default="")
    cancel_reason = me.StringField(default="")
    settled_amount = me.StringField(default="")
    request_id = me.StringField()
    version = me.IntField(default=1)
    create_time = me.DateTimeField(required=True)
    update_time = me.DateTimeField(required=True)
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "care_requests", "indexes": [
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["state", "accept_deadline"]},
        {"fields": ["state", "started", "escalated", "due_time"]},
        {"fields": ["provider_id", "state"]},
        {"fields": ["person_id", "-create_time", "-id"]},
        {"fields": ["-create_time", "-id"]},
    ]}


class AidCheck(me.Document):
    id = me.StringField(primary_key=True)
    household_id = me.StringField(required=True)
    purpose = me.StringField(required=True)
    consent_id = me.StringField(required=True)
    trigger = me.StringField(default="MANUAL")
    outcome = me.StringField(required=True)
    results = me.ListField(me.DictField())
    findings = me.ListField(me.DictField())
    unanswered_sources = me.ListField(me.StringField())
    requested_by = me.StringField(default="")
    request_id = me.StringField()
    create_time = me.DateTimeField(required=True)
    end_time = me.DateTimeField()
    outbox = me.ListField(me.EmbeddedDocumentField(OutboxEvent))
    meta = {"collection": "aid_checks", "indexes": [
        {"fields": ["request_id"], "unique": True, "sparse": True},
        {"fields": ["household_id", "-create_time", "-id"]},
        {"fields": ["outcome", "-create_time", "-id"]},
        {"fields": ["-create_time", "-id"]},
    ]}


class AuditRecord(me.Document):
    """One link of the audit chain (jlp_common.audit_chain entry + its hash); `seq` is the
    primary key, so two concurrent appends cannot both take the next one (the chain cannot fork)."""

    seq = me.IntField(primary_key=True)
    time = me.DateTimeField(required=True)
    actor = me.StringField(required=True)
    action = me.StringField(required=True)
    object = me.StringField(required=True)
    result = me.StringField(default="ok")
    source_ip = me.StringField(default="")
    details = me.DictField()  # old.<field>, new.<field>, purpose
    prev_hash = me.StringField(required=True)
    hash = me.StringField(required=True)
    meta = {"collection": "audit_records", "indexes": [{"fields": ["object", "seq"]}]}


ALL: tuple[type[me.Document], ...] = (Person, Household, Cover, ContributionRecord, ContributionRun, Claim,
                                      CareProvider, CareRequest, AidCheck, AuditRecord)
# Documents whose `outbox` the relay publishes.
WITH_OUTBOX: tuple[type[me.Document], ...] = (Person, Household, Cover, ContributionRun, Claim, CareRequest,
                                              AidCheck)
