"""mongoengine documents of the identity database (`jlp_identity`).

Indexes are declared for MongoDB's production queries (the embedded test store ignores them
except for uniqueness). Personal numbers are stored only encrypted (`*_enc`) plus a keyed
look-up hash (`*_hash`, unique); see jlp_common.pii. Every write that must be atomic is a
single-document update (DESIGN §4).
"""

from __future__ import annotations

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    EmbeddedDocumentField,
    IntField,
    ListField,
    LongField,
    StringField,
)

from jlp_common.events import OutboxEvent


class UserDoc(Document):
    """A citizen, enterprise or staff account."""

    id = StringField(primary_key=True)
    kind = StringField(required=True, choices=("CITIZEN", "ENTERPRISE", "STAFF"))
    name_enc = StringField(required=True)
    id_number_enc = StringField()
    id_number_hash = StringField()
    credit_code_enc = StringField()
    credit_code_hash = StringField()
    legal_representative_enc = StringField()
    # Stored in clear by versions before legal_representative_enc; read only as a fallback.
    legal_representative = StringField()
    # The legal representative's resident ID number (enterprises that gave it): encrypted, and
    # its keyed hash under the id_number domain so a person's hash finds what they represent.
    legal_representative_id_enc = StringField()
    legal_representative_id_hash = StringField()
    phone_enc = StringField()
    phone_hash = StringField()
    username = StringField()
    department = StringField(default="")
    roles = ListField(StringField())
    password_hash = StringField(required=True)
    password_history = ListField(StringField())  # previous hashes, newest last
    password_change_time = DateTimeField()
    # Set for accounts created with a password an administrator chose (CreateStaff): until it is
    # changed, sign-in gives a token that can only change it (ADR 0033).
    password_change_required = BooleanField(default=False)
    # The account-wide lockout of before (ADR 0036 replaced it with delays per source): read only
    # to clear what an older version left.
    failures = IntField(default=0)
    locked_until = DateTimeField()
    totp_secret_enc = StringField()
    totp_last_step = LongField(default=0)
    disabled = BooleanField(default=False)
    disable_time = DateTimeField()
    create_time = DateTimeField(required=True)
    update_time = DateTimeField(required=True)
    # Events recorded in the same write as the change (jlp.identity.user.*), relayed to NATS.
    outbox = ListField(EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "users",
        "indexes": [
            {"fields": ["id_number_hash"], "unique": True, "sparse": True},
            {"fields": ["credit_code_hash"], "unique": True, "sparse": True},
            {"fields": ["phone_hash"], "unique": True, "sparse": True},
            {"fields": ["username"], "unique": True, "sparse": True},
            {"fields": ["legal_representative_id_hash"], "sparse": True},
            {"fields": ["kind", "department", "id"]},
            {"fields": ["kind", "roles", "id"]},
        ],
    }


class LoginThrottleDoc(Document):
    """Failed password checks of one source on one account, or of one source over all
    accounts (signin.Attempts, domain/lockout.py)."""

    id = StringField(primary_key=True)  # keyed hash of the source (and the account or name)
    failures = IntField(default=0)
    locked_until = DateTimeField()  # the source waits until then
    update_time = DateTimeField(required=True)  # the last failure

    meta = {
        "collection": "login_throttle",
        # Forget a counter a day after its last failure (longer than any delay).
        "indexes": [{"fields": ["update_time"], "expireAfterSeconds": 86400}],
    }


class RefreshFamilyDoc(Document):
    """One sign-in's chain of rotating refresh tokens; only the current token's digest is kept."""

    id = StringField(primary_key=True)  # family id, the first part of every token of the family
    subject = StringField(required=True)  # user id
    account_kind = StringField(required=True)
    current_digest = StringField(required=True)
    generation = IntField(default=1)
    scope = ListField(StringField())
    amr = ListField(StringField())
    create_time = DateTimeField(required=True)
    last_used = DateTimeField(required=True)
    expire_time = DateTimeField(required=True)  # absolute end of the family
    revoked = BooleanField(default=False)
    revoke_reason = StringField()

    meta = {
        "collection": "refresh_families",
        "indexes": [
            {"fields": ["subject", "revoked"]},
            {"fields": ["expire_time"], "expireAfterSeconds": 0},
        ],
    }


class RevokedTokenDoc(Document):
    """An access token revoked before its expiry (RFC 7009), kept until it would have expired."""

    id = StringField(primary_key=True)  # jti
    subject = StringField()
    expire_time = DateTimeField(required=True)

    meta = {
        "collection": "revoked_tokens",
        "indexes": [{"fields": ["expire_time"], "expireAfterSeconds": 0}],
    }


class ClientDoc(Document):
    """An OAuth client (client_credentials grant); the secret is stored as a SHA-256 digest."""

    id = StringField(primary_key=True)  # client_id
    name = StringField(required=True)
    roles = ListField(StringField())
    secret_digest = StringField(required=True)
    disabled = BooleanField(default=False)
    creator = StringField(default="")
    create_time = DateTimeField(required=True)
    update_time = DateTimeField(required=True)

    # secret_digest is unique: the look-up key of a secret presented alone (Open311 api_key).
    meta = {"collection": "clients", "indexes": [{"fields": ["disabled", "id"]},
                                                 {"fields": ["secret_digest"], "unique": True}]}


class SigningKeyDoc(Document):
    """A token-signing key: the public JWK always, the wrapped private key unless from env."""

    id = StringField(primary_key=True)  # kid (RFC 7638 thumbprint)
    alg = StringField(required=True)
    public_jwk = DictField(required=True)
    private_wrapped = StringField()  # AES-GCM under JLP_IDENTITY_KEK; absent for env keys
    generation = IntField(required=True)  # unique: two replicas rotating at once cannot both win
    create_time = DateTimeField(required=True)
    retire_time = DateTimeField()  # when a newer key took over signing
    publish_until = DateTimeField()  # retire_time + longest token lifetime + leeway

    meta = {"collection": "signing_keys",
            "indexes": [{"fields": ["generation"], "unique": True}]}


class DepartmentDoc(Document):
    """A department of the district (see domain/departments.py)."""

    id = StringField(primary_key=True)  # code
    name = StringField(required=True)
    name_en = StringField(default="")
    kind = StringField(required=True)
    parent = StringField(default="")
    managed_by = StringField(default="")

    meta = {"collection": "departments", "indexes": [{"fields": ["parent", "id"]},
                                                    {"fields": ["kind", "id"]}]}


class AuditRecordDoc(Document):
    """One append-only audit record; `hash` chains it to the record before (jlp_common.audit_chain)."""

    seq = LongField(required=True)
    time = DateTimeField(required=True)
    actor = StringField(default="")
    action = StringField(required=True)
    object = StringField(default="")
    result = StringField(default="")
    source_ip = StringField(default="")
    details = DictField()
    prev_hash = StringField(required=True)
    hash = StringField(required=True)
    # The jlp.identity.audit.<action> event, written with the record; not part of the hash.
    outbox = ListField(EmbeddedDocumentField(OutboxEvent))

    meta = {
        "collection": "audit_records",
        "indexes": [
            {"fields": ["seq"], "unique": True},
            {"fields": ["actor", "-seq"]},
            {"fields": ["action", "-seq"]},
            {"fields": ["time"]},
        ],
    }


class AuditChainDoc(Document):
    """`head`: seq and hash of the newest record (compare-and-set on append);
    `anchor`: seq and hash of the last purged record (verification starts there)."""

    id = StringField(primary_key=True)
    seq = LongField(default=0)
    hash = StringField(required=True)

    meta = {"collection": "audit_chain"}




class RateCounterDoc(Document):
    """Requests of one purpose from one source in one fixed window (throttle.py)."""

    id = StringField(primary_key=True)  # purpose:keyed hash of the source:window start
    count = IntField(default=0)
    expire_time = DateTimeField(required=True)

    meta = {"collection": "rate_counters",
            "indexes": [{"fields": ["expire_time"], "expireAfterSeconds": 0}]}


ALL_DOCUMENTS = (UserDoc, LoginThrottleDoc, RefreshFamilyDoc, RevokedTokenDoc, ClientDoc,
                 SigningKeyDoc, DepartmentDoc, AuditRecordDoc, AuditChainDoc, RateCounterDoc)
