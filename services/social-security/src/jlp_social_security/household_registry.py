"""Households in the store: members embedded, every change one conditional write.

"Exactly one head" is the domain's invariant on the member list, and the list is written whole
with a version condition: of two concurrent head changes one wins, the other is ABORTED (etag
sent) or re-validated against the winner. "A person in one household" is the unique multikey
index on `members.person_id`: a concurrent insert or add of the same person into two households
fails on the index for one of them (FAILED_PRECONDITION naming the person).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import Conflict, FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, to_timestamp, utc_now
from jlp_social_security.domain import households as rules
from jlp_social_security.domain.households import Household, Member, Relation
from jlp_social_security.models import Household as HouseholdDoc

HEAD_CHANGED = subjects.SOCIAL_HOUSEHOLD_HEAD_CHANGED
MAX_ATTEMPTS = 5
EDITABLE = ("address", "subdistrict_code", "grid_code", "aid_status", "annual_income", "rigid_spending")


def to_domain(d: dict[str, Any]) -> Household:
    return Household(d["_id"], tuple(Member(m["person_id"], Relation(m["relation"])) for m in d["members"]))


def _members(h: Household) -> list[dict[str, str]]:
    return [{"person_id": m.person_id, "relation": m.relation.value} for m in h.members]


class HouseholdRegistry:
    def __init__(self, person_exists: Callable[[str], bool], tokens: PageTokens, *,
                 clock: Callable[[], datetime] = utc_now, on_write: Callable[[], None] = lambda: None,
                 protect: Callable[[str], tuple[str, str]] = lambda text: ("", "")) -> None:
        self.person_exists, self.tokens, self.clock, self.on_write = person_exists, tokens, clock, on_write
        self.protect = protect  # address → (encrypted, masked): the address is personal data
        self.collection = HouseholdDoc._get_collection

    def _stored(self, fields: dict[str, str]) -> dict[str, str]:
        """The given editable fields as stored (the address encrypted and masked)."""
        out = {k: v for k, v in fields.items() if k != "address"}
        if "address" in fields:
            out["address_enc"], out["address_masked"] = self.protect(fields["address"].strip())
        return out

    def get(self, household_id: str) -> dict[str, Any]:
        doc = self.collection().find_one({"_id": household_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("Household", household_id)
        return doc

    def of_person(self, person_id: str) -> dict[str, Any] | None:
        return self.collection().find_one({"members.person_id": person_id}, {"outbox": 0})

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

    def _check_people(self, members: Sequence[Member], prefix: str) -> None:
        missing = [FieldViolation(f"{prefix}[{i}].person_id", "no such person")
                   for i, m in enumerate(members) if not self.person_exists(m.person_id)]
        if missing:
            raise InvalidArgument(violations=missing)

    def _already_elsewhere(self, person_ids: Sequence[str], household_id: str = "") -> None:
        for pid in person_ids:
            other = self.of_person(pid)
            if other is not None and other["_id"] != household_id:
                raise FailedPrecondition(f"person {pid} already belongs to household {other['_id']}",
                                         reason="IN_ANOTHER_HOUSEHOLD", metadata={"person_id": pid})

    def create(self, members: Sequence[Member], fields: dict[str, str], request_id: str = "") -> dict[str, Any]:
        if request_id and (found := self.collection().find_one({"request_id": request_id}, {"outbox": 0})):
            return found
        household = rules.create(uuid.uuid4().hex, members)
        self._check_people(household.members, "household.members")
        self._already_elsewhere([m.person_id for m in household.members])
        now = self.clock()
        doc = {"_id": household.id, "members": _members(household), "head_person_id": household.head_person_id,
               **self._stored({k: fields.get(k, "") for k in EDITABLE}), "version": 1, "create_time": now,
               "update_time": now, "outbox": [], **({"request_id": request_id} if request_id else {})}
        doc["aid_status"] = doc["aid_status"] or "NO_AID"
        with atomic():
            try:
                self.collection().insert_one(doc)
            except DuplicateKeyError:
                if request_id and (found := self.collection().find_one({"request_id": request_id})):
                    return found
                self._already_elsewhere([m.person_id for m in household.members])
                raise
        self.on_write()
        return self.get(household.id)

    def _write(self, household_id: str, etag: str,
               change: Callable[[Household], Household], event: bool = False) -> dict[str, Any]:
        for _ in range(MAX_ATTEMPTS):
            doc = self.get(household_id)
            if etag and etag != str(doc["version"]):
                raise Conflict(f"household {household_id} changed since etag {etag}; read it again",
                               reason="STALE_VERSION")
            before = to_domain(doc)
            after = change(before)
            if after == before:
                return doc
            now = self.clock()
            update: dict[str, Any] = {"$set": {"members": _members(after), "head_person_id": after.head_person_id,
                                               "update_time": now}, "$inc": {"version": 1}}
            if event and after.head_person_id != before.head_person_id:
                update["$push"] = {"outbox": outbox_event(HEAD_CHANGED, events_pb2.HouseholdHeadChanged(
                    household_id=household_id, previous_head_person_id=before.head_person_id,
                    head_person_id=after.head_person_id, change_time=to_timestamp(now)),
                    subject_ref=f"households/{household_id}", time=now).to_mongo().to_dict()}
            try:
                saved = compare_and_set(self.collection(), {"_id": household_id, "version": doc["version"]}, update)
            except DuplicateKeyError:
                added = {m.person_id for m in after.members} - {m.person_id for m in before.members}
                self._already_elsewhere(sorted(added), household_id)
                raise
            if saved is not None:
                self.on_write()
                return self.get(household_id)
            if etag:
                raise Conflict(f"household {household_id} changed; read it again", reason="STALE_VERSION")
        raise Conflict("the household kept changing; try again")

    def change_head(self, household_id: str, new_head: str, previous_head_relation: Relation,
                    etag: str = "") -> dict[str, Any]:
        return self._write(household_id, etag, lambda h: rules.change_head(h, new_head, previous_head_relation),
                           event=True)

    def add_member(self, household_id: str, member: Member, etag: str = "") -> dict[str, Any]:
        self._check_people([member], "member")
        self._already_elsewhere([member.person_id], household_id)
        return self._write(household_id, etag, lambda h: rules.add_member(h, member))

    def remove_member(self, household_id: str, person_id: str, etag: str = "") -> dict[str, Any]:
        return self._write(household_id, etag, lambda h: rules.remove_member(h, person_id))

    def update(self, household_id: str, values: dict[str, str], fields: list[str], etag: str = "") -> dict[str, Any]:
        unknown = [f for f in fields if f not in EDITABLE]
        if unknown:
            raise InvalidArgument(violations=[FieldViolation("update_mask", f"{f} cannot be changed here")
                                              for f in unknown])
        doc = self.get(household_id)
        expected = int(etag) if etag.isdigit() else doc["version"]
        saved = compare_and_set(self.collection(), {"_id": household_id, "version": expected},
                                {"$set": {**self._stored({f: values[f] for f in fields}),
                                          "update_time": self.clock()},
                                 "$inc": {"version": 1}})
        if saved is None:
            raise Conflict(f"household {household_id} changed since etag {etag}; read it again",
                           reason="STALE_VERSION")
        return self.get(household_id)
