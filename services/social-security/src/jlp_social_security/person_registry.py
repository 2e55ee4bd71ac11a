"""Insured persons in the store: keyed by the keyed hash of the ID number, personal values
encrypted at rest, masked in answers, every unmasked read and every change audited.

- The ID number is validated (GB 11643 via jlp_common.identifiers), then stored only as
  `id_hash` (HMAC look-up key, unique index: one person per number whatever its spelling) and
  `id_number_enc` (AES-GCM bound to the field); the masked form is kept for listings.
- Name, phone and address are encrypted the same way, with masked copies for answers.
- Changes record old and new *encrypted* values in the hash-chained audit, so the trail proves
  what changed without holding plain personal data.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import AlreadyExists, Conflict, InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.masking import mask_id_number, mask_name, mask_phone
from jlp_common.pagination import PageTokens, page_size
from jlp_common.pii import PiiCipher, PiiError
from jlp_common.timeutil import as_utc, to_timestamp, utc_now
from jlp_social_security.audit_log import AuditLog
from jlp_social_security.domain import persons as rules
from jlp_social_security.domain.resident_id import parse_resident_id
from jlp_social_security.domain.retirement import RetirementGroup
from jlp_social_security.models import Person as PersonDoc

ENCRYPTED = ("name", "phone", "address")
PLAIN = ("subdistrict_code", "grid_code", "retirement_group")


def mask_address(address: str) -> str:
    """The first six characters (district and street level), the rest hidden."""
    return address[:6] + "****" if len(address) > 6 else "*" * len(address)


class PersonRegistry:
    def __init__(self, cipher: PiiCipher, audit: AuditLog, tokens: PageTokens, *,
                 clock: Callable[[], datetime] = utc_now, on_write: Callable[[], None] = lambda: None) -> None:
        self.cipher, self.audit, self.tokens, self.clock, self.on_write = cipher, audit, tokens, clock, on_write
        self.collection = PersonDoc._get_collection

    def id_hash(self, id_number: str, field: str = "id_number") -> str:
        rid = parse_resident_id(id_number, self.clock().date(), field)
        return self.cipher.lookup("id_number", rid.number)

    def get(self, person_id: str) -> dict[str, Any]:
        doc = self.collection().find_one({"_id": person_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("Person", person_id)
        return doc

    def exists(self, person_id: str) -> bool:
        return self.collection().count_documents({"_id": person_id}, limit=1) > 0

    def lookup(self, id_number: str) -> dict[str, Any]:
        doc = self.collection().find_one({"id_hash": self.id_hash(id_number)}, {"outbox": 0})
        if doc is None:
            raise NotFound("Person", "(by ID number)")
        return doc

    def facts(self, person_id: str) -> tuple[date, RetirementGroup]:
        doc = self.get(person_id)
        return date.fromisoformat(doc["birth_date"]), RetirementGroup(doc["retirement_group"])

    def unmasked(self, doc: dict[str, Any], actor: str, purpose: str) -> dict[str, str]:
        """The plain personal values, after recording the read in the audit trail."""
        if not purpose.strip():
            raise InvalidArgument.field("purpose", "say why the unmasked data is needed (it is audited)")
        self.audit.record(actor=actor, action="person.unmasked_read", object=f"persons/{doc['_id']}",
                          purpose=purpose.strip())
        return {"id_number": self.cipher.decrypt("id_number", doc["id_number_enc"]),
                **{f: self.cipher.decrypt(f, doc.get(f"{f}_enc", "")) for f in ENCRYPTED}}

    def id_number_of(self, doc: dict[str, Any]) -> str:
        """The plain ID number for an aid check's questions to other departments (they match
        it under their own keys). Not a read shown to anyone: the aid-check record — who, when,
        purpose, consent, which sources — is the trace of this use. "" when it cannot be read
        (the remote sources then count as unanswered)."""
        try:
            return self.cipher.decrypt("id_number", doc.get("id_number_enc", ""))
        except PiiError:
            return ""

    def list(self, requested_size: int, token: str, filters: dict[str, str]) -> tuple[list[dict], str]:
        size = page_size(requested_size)
        query = {k: v for k, v in filters.items() if v}
        position = self.tokens.decode(token, query)
        find: dict[str, Any] = dict(query)
        if position:
            t = datetime.fromisoformat(position["t"])
            find["$or"] = [{"create_time": {"$lt": t}}, {"create_time": t, "_id": {"$lt": position["id"]}}]
        fetched = list(self.collection().find(find, {"outbox": 0})
                       .sort([("create_time", -1), ("_id", -1)]).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"t": as_utc(d["create_time"]).isoformat(), "id": d["_id"]},
                                query)

    def _secret_fields(self, values: dict[str, str]) -> dict[str, str]:
        out = {}
        for f in ENCRYPTED:
            if f in values:
                plain = values[f].strip()
                if f == "phone" and plain:
                    plain = rules.normalise_phone(plain)
                out[f"{f}_enc"] = self.cipher.encrypt(f, plain)
                out[f"{f}_masked"] = {"name": mask_name, "phone": mask_phone, "address": mask_address}[f](plain)
        return out

    def protect_address(self, address: str) -> tuple[str, str]:
        """(encrypted, masked) forms of an address kept elsewhere (a household's, a care request's)."""
        return self.cipher.encrypt("address", address), mask_address(address)

    def create(self, id_number: str, name: str, *, phone: str = "", address: str = "", subdistrict_code: str = "",
               grid_code: str = "", retirement_group: RetirementGroup | None = None, actor: str = "",
               request_id: str = "") -> dict[str, Any]:
        if request_id and (found := self.collection().find_one({"request_id": request_id}, {"outbox": 0})):
            return found
        violations = rules.person_problems(name, phone, subdistrict_code)
        try:
            rid = parse_resident_id(id_number, self.clock().date())
        except InvalidArgument as err:
            violations = [*err.violations, *violations]
            rid = None
        if violations:
            raise InvalidArgument(violations=violations)
        group = rules.retirement_group_for(rid.male, retirement_group)
        now = self.clock()
        person_id = uuid.uuid4().hex
        doc = {"_id": person_id, "id_hash": self.cipher.lookup("id_number", rid.number),
               "id_number_enc": self.cipher.encrypt("id_number", rid.number),
               "id_number_masked": mask_id_number(rid.number),
               **self._secret_fields({"name": name, "phone": phone, "address": address}),
               "gender": "MALE" if rid.male else "FEMALE", "birth_date": rid.birth_date.isoformat(),
               "retirement_group": group.value, "subdistrict_code": subdistrict_code, "grid_code": grid_code,
               "version": 1, "create_time": now, "update_time": now,
               "outbox": [outbox_event(subjects.SOCIAL_PERSON_REGISTERED, events_pb2.PersonRegistered(
                   person_id=person_id, subdistrict_code=subdistrict_code, create_time=to_timestamp(now)),
                   subject_ref=f"persons/{person_id}", time=now).to_mongo().to_dict()],
               **({"request_id": request_id} if request_id else {})}
        with atomic():
            try:
                self.collection().insert_one(doc)
            except DuplicateKeyError:
                if request_id and (found := self.collection().find_one({"request_id": request_id}, {"outbox": 0})):
                    return found
                raise AlreadyExists("Person", "(this ID number)", "a person with this ID number is registered") \
                    from None
        self.on_write()
        self.audit.record(actor=actor, action="person.created", object=f"persons/{person_id}",
                          new_values={k: doc[k] for k in ("id_number_enc", "name_enc", "phone_enc", "address_enc",
                                                          "subdistrict_code", "retirement_group")})
        return self.get(person_id)

    def update(self, person_id: str, values: dict[str, str], paths: list[str], etag: str = "",
               actor: str = "") -> dict[str, Any]:
        fields = rules.check_update_mask(paths or [k for k, v in values.items() if v])
        current = self.get(person_id)
        if etag and etag != str(current["version"]):
            raise Conflict(f"person {person_id} changed since etag {etag}; read it again", reason="STALE_VERSION")
        problems = rules.person_problems(values.get("name", "x") if "name" in fields else "x",
                                         values.get("phone", "") if "phone" in fields else "",
                                         values.get("subdistrict_code", "") if "subdistrict_code" in fields else "")
        if problems:
            raise InvalidArgument(violations=problems)
        update = self._secret_fields({f: values.get(f, "") for f in fields if f in ENCRYPTED})
        for f in fields:
            if f == "retirement_group":
                male = current["gender"] == "MALE"
                update[f] = rules.retirement_group_for(male, RetirementGroup(values[f])).value
            elif f in PLAIN:
                update[f] = values.get(f, "")
        now = self.clock()
        changed = sorted(fields)
        saved = compare_and_set(self.collection(), {"_id": person_id, "version": current["version"]},
                                {"$set": {**update, "update_time": now}, "$inc": {"version": 1},
                                 "$push": {"outbox": outbox_event(subjects.SOCIAL_PERSON_UPDATED,
                                                                  events_pb2.PersonUpdated(
                                     person_id=person_id, changed_fields=changed, update_time=to_timestamp(now)),
                                     subject_ref=f"persons/{person_id}", time=now).to_mongo().to_dict()}})
        if saved is None:
            raise Conflict(f"person {person_id} changed; read it again", reason="STALE_VERSION")
        self.on_write()
        stored_keys = [k for k in update if not k.endswith("_masked")]
        self.audit.record(actor=actor, action="person.updated", object=f"persons/{person_id}",
                          old_values={k: str(current.get(k, "")) for k in stored_keys},
                          new_values={k: str(update[k]) for k in stored_keys})
        return self.get(person_id)

