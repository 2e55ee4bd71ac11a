"""Enrolments in the store: one `Cover` document per (person, insurance type) holds them all.

Every change — create, suspend, resume, terminate, transfer — is the domain rule applied to the
cover's enrolments and written back with one conditional update on the cover's version, its
event in the same write. A concurrent change makes the update miss; the change is then
re-validated against the new state (or refused as stale when the caller sent an etag). So a
transfer closes one enrolment and opens the next atomically, and two concurrent enrolments of
one person and type can never both be in force.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.atomic import compare_and_set
from jlp_common.errors import Conflict, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, to_timestamp, utc_now
from jlp_social_security.domain import enrolment as rules
from jlp_social_security.domain.calendar import parse_date
from jlp_social_security.domain.enrolment import Enrolment, EnrolmentStatus, Suspension
from jlp_social_security.domain.insurance import InsuranceType
from jlp_social_security.domain.money import format_money
from jlp_social_security.models import Cover
from jlp_social_security.store import insert_absent

ENROLMENT_CHANGED = subjects.SOCIAL_ENROLMENT_CHANGED
MAX_ATTEMPTS = 5


def cover_id(person_id: str, insurance_type: InsuranceType) -> str:
    return f"{person_id}:{insurance_type.value}"


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def to_domain(cover: dict[str, Any], entry: dict[str, Any]) -> Enrolment:
    return Enrolment(
        id=entry["id"], person_id=cover["person_id"], insurance_type=InsuranceType(cover["insurance_type"]),
        employer_credit_code=entry["employer_credit_code"], monthly_wage=Decimal(entry["monthly_wage"]),
        effective_from=date.fromisoformat(entry["effective_from"]), status=EnrolmentStatus(entry["status"]),
        effective_to=_day(entry.get("effective_to", "")), employer_name=entry.get("employer_name", ""),
        work_injury_class=entry.get("work_injury_class") or None,
        suspensions=tuple(Suspension(date.fromisoformat(s["start"]), _day(s.get("end", "")), s.get("reason", ""))
                          for s in entry.get("suspensions", [])),
        status_reason=entry.get("status_reason", ""), previous_enrolment_id=entry.get("previous_enrolment_id", ""))


def to_entry(e: Enrolment, *, create_time: datetime, update_time: datetime, request_id: str = "") -> dict[str, Any]:
    return {"id": e.id, "employer_credit_code": e.employer_credit_code, "employer_name": e.employer_name,
            "work_injury_class": e.work_injury_class, "monthly_wage": format_money(e.monthly_wage),
            "status": e.status.value, "effective_from": e.effective_from.isoformat(),
            "effective_to": e.effective_to.isoformat() if e.effective_to else "",
            "status_reason": e.status_reason, "previous_enrolment_id": e.previous_enrolment_id,
            "suspensions": [{"start": s.start.isoformat(), "end": s.end.isoformat() if s.end else "",
                             "reason": s.reason} for s in e.suspensions],
            "request_id": request_id, "create_time": create_time, "update_time": update_time}


def _event(e: Enrolment, change: str, now: datetime):
    return outbox_event(ENROLMENT_CHANGED, events_pb2.EnrolmentChanged(
        enrolment_id=e.id, person_id=e.person_id, insurance_type=e.insurance_type.value, change=change,
        status=e.status.value, employer_credit_code=e.employer_credit_code,
        effective_from=e.effective_from.isoformat(),
        effective_to=e.effective_to.isoformat() if e.effective_to else "",
        change_time=to_timestamp(now)), subject_ref=f"enrolments/{e.id}", time=now).to_mongo().to_dict()



def etag_of(cover: dict[str, Any]) -> str:
    return str(cover.get("version", 1))


class Enrolments:
    def __init__(self, clock: Callable[[], datetime] = utc_now,
                 on_write: Callable[[], None] = lambda: None, tokens: PageTokens | None = None) -> None:
        self.clock, self.on_write = clock, on_write
        self.tokens = tokens or PageTokens()
        self.collection = Cover._get_collection

    # ---- reads -------------------------------------------------------------------------------

    def find(self, enrolment_id: str) -> tuple[dict[str, Any], Enrolment]:
        cover = self.collection().find_one({"enrolments.id": enrolment_id}, {"outbox": 0})
        if cover is None:
            raise NotFound("Enrolment", enrolment_id)
        entry = next(x for x in cover["enrolments"] if x["id"] == enrolment_id)
        return cover, to_domain(cover, entry)

    def of_person(self, person_id: str) -> list[Enrolment]:
        out = []
        for cover in self.collection().find({"person_id": person_id}, {"outbox": 0}):
            out.extend(to_domain(cover, e) for e in cover["enrolments"])
        return out

    def all_covers(self) -> Iterable[list[Enrolment]]:
        """Every cover's enrolments (the monthly run's input), in _id order."""
        for cover in self.collection().find({}, {"outbox": 0}).sort("_id", 1):
            yield [to_domain(cover, e) for e in cover["enrolments"]]

    def list(self, requested_size: int, token: str, query: dict[str, Any]) -> tuple[list[dict], str]:
        """Covers matching `query`, in _id order (each holds the person's enrolments of one type;
        the caller filters entries by status or employer)."""
        size = page_size(requested_size)
        position = self.tokens.decode(token, query)
        find = dict(query)
        if position:
            find["_id"] = {"$gt": position["id"]}
        fetched = list(self.collection().find(find, {"outbox": 0}).sort("_id", 1).limit(size + 1))
        return self.tokens.page(fetched, size, lambda d: {"id": d["_id"]}, query)

    def times(self, enrolment_id: str) -> tuple[datetime | None, datetime | None]:
        cover, _ = self.find(enrolment_id)
        entry = next(x for x in cover["enrolments"] if x["id"] == enrolment_id)
        return as_utc(entry.get("create_time")), as_utc(entry.get("update_time"))

    # ---- writes ------------------------------------------------------------------------------

    def create(self, new: Enrolment, request_id: str = "") -> tuple[Enrolment, str]:
        """Enrol (idempotent with `request_id`); returns the enrolment and its cover's etag."""
        if request_id:
            found = self.collection().find_one({"enrolments.request_id": request_id}, {"outbox": 0})
            if found is not None:
                entry = next(x for x in found["enrolments"] if x.get("request_id") == request_id)
                return to_domain(found, entry), etag_of(found)
        new = replace(new, id=new.id or uuid.uuid4().hex, status=EnrolmentStatus.ACTIVE, effective_to=None,
                      suspensions=(), status_reason="", previous_enrolment_id="")
        cid = cover_id(new.person_id, new.insurance_type)
        for _ in range(MAX_ATTEMPTS):
            now = self.clock()
            cover = self.collection().find_one({"_id": cid}, {"outbox": 0})
            existing = [to_domain(cover, e) for e in cover["enrolments"]] if cover else []
            rules.check_can_enrol(new, existing)
            entry = to_entry(new, create_time=now, update_time=now, request_id=request_id)
            event = _event(new, "created", now)
            if cover is None:
                if insert_absent(self.collection(), {"_id": cid, "person_id": new.person_id,
                                                     "insurance_type": new.insurance_type.value,
                                                     "enrolments": [entry], "version": 1, "outbox": [event]}):
                    self.on_write()
                    return new, "1"
                continue
            done = compare_and_set(self.collection(), {"_id": cid, "version": cover["version"]},
                                   {"$push": {"enrolments": entry, "outbox": event}, "$inc": {"version": 1}})
            if done is not None:
                self.on_write()
                return new, etag_of(done)
        raise Conflict("the person's enrolments kept changing; try again")

    def _change(self, enrolment_id: str, etag: str, change: str,
                apply: Callable[[Enrolment, datetime], list[Enrolment]],
                added_request_id: str = "") -> list[tuple[Enrolment, str]]:
        """Apply a rule to one enrolment (and possibly add another) in one conditional write."""
        for _ in range(MAX_ATTEMPTS):
            cover, current = self.find(enrolment_id)
            if etag and etag != etag_of(cover):
                raise Conflict(f"enrolment {enrolment_id} changed since etag {etag}; read it again",
                               reason="STALE_VERSION")
            now = self.clock()
            results = apply(current, now)
            if results[0] == current and len(results) == 1:
                return [(current, etag_of(cover))]
            entries = []
            for x in cover["enrolments"]:
                entries.append(to_entry(results[0], create_time=x["create_time"], update_time=now,
                                        request_id=x.get("request_id", "")) if x["id"] == enrolment_id else x)
            events = [_event(results[0], change, now)]
            for added in results[1:]:
                rules.check_can_enrol(added, [to_domain(cover, e) for e in entries])
                entries.append(to_entry(added, create_time=now, update_time=now, request_id=added_request_id))
                events.append(_event(added, "created", now))
            done = compare_and_set(self.collection(), {"_id": cover["_id"], "version": cover["version"]},
                                   {"$set": {"enrolments": entries}, "$push": {"outbox": {"$each": events}},
                                    "$inc": {"version": 1}})
            if done is not None:
                self.on_write()
                return [(r, etag_of(done)) for r in results]
            if etag:
                raise Conflict(f"enrolment {enrolment_id} changed; read it again", reason="STALE_VERSION")
        raise Conflict("the enrolment kept changing; try again")

    def suspend(self, enrolment_id: str, reason: str, on: str = "", etag: str = "") -> tuple[Enrolment, str]:
        return self._change(enrolment_id, etag, "suspended", lambda e, now: [
            rules.suspend(e, self._date(on, now, "effective_date"), reason)])[0]

    def resume(self, enrolment_id: str, on: str = "", etag: str = "") -> tuple[Enrolment, str]:
        return self._change(enrolment_id, etag, "resumed", lambda e, now: [
            rules.resume(e, self._date(on, now, "effective_date"))])[0]

    def terminate(self, enrolment_id: str, effective_to: str, reason: str, etag: str = "") -> tuple[Enrolment, str]:
        last = parse_date(effective_to, "effective_to")
        return self._change(enrolment_id, etag, "terminated", lambda e, now: [rules.terminate(e, last, reason)])[0]

    def transfer(self, enrolment_id: str, *, new_employer_credit_code: str, transfer_date: str,
                 new_employer_name: str = "", new_monthly_wage: Decimal | None = None,
                 new_work_injury_class: int | None = None, etag: str = "",
                 request_id: str = "") -> tuple[tuple[Enrolment, str], tuple[Enrolment, str]]:
        """Close and open in one write; a retry with the same `request_id` returns the first result."""
        if request_id:
            found = self.collection().find_one({"enrolments.request_id": request_id}, {"outbox": 0})
            if found is not None:
                opened = next(x for x in found["enrolments"] if x.get("request_id") == request_id)
                closed = next(x for x in found["enrolments"] if x["id"] == opened["previous_enrolment_id"])
                return ((to_domain(found, closed), etag_of(found)), (to_domain(found, opened), etag_of(found)))
        start = parse_date(transfer_date, "transfer_date")
        new_id = uuid.uuid4().hex

        def apply(e: Enrolment, now: datetime) -> list[Enrolment]:
            closed, opened = rules.transfer(e, new_id=new_id, new_employer_credit_code=new_employer_credit_code,
                                            transfer_date=start, new_employer_name=new_employer_name,
                                            new_monthly_wage=new_monthly_wage,
                                            new_work_injury_class=new_work_injury_class)
            return [closed, opened]

        results = self._change(enrolment_id, etag, "transferred", apply, added_request_id=request_id)
        return results[0], results[1]

    def _date(self, text: str, now: datetime, field: str) -> date:
        return parse_date(text, field) if text else now.date()
