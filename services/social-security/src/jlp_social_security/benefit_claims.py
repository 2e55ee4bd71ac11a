"""Benefit claims in the store: each transition is the domain rule applied to the stored claim
and written back with one conditional update on its version, its event in the same write.

Of two concurrent transitions one matches; the other is ABORTED when the caller sent the etag it
read, or re-validated against the winner's state otherwise — so two payments of one claim give
one PAID and one ALREADY_PAID, never two payments.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
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
from jlp_social_security.domain import claims as rules
from jlp_social_security.domain.claims import Claim, ClaimState, ClaimType, Finding, HistoryEntry
from jlp_social_security.domain.enrolment import Enrolment
from jlp_social_security.domain.money import format_money
from jlp_social_security.domain.retirement import RetirementGroup
from jlp_social_security.models import Claim as ClaimDoc
from jlp_social_security.store import insert_absent

CLAIM_STATUS_CHANGED = subjects.SOCIAL_CLAIM_STATUS_CHANGED
MAX_ATTEMPTS = 5


def to_domain(d: dict[str, Any]) -> Claim:
    return Claim(
        id=d["_id"], person_id=d["person_id"], claim_type=ClaimType(d["claim_type"]),
        event_date=date.fromisoformat(d["event_date"]), submitted_by=d["submitted_by"],
        state=ClaimState(d["state"]), amount=Decimal(d["amount"]) if d.get("amount") else None,
        checked_by=d.get("checked_by", ""), decided_by=d.get("decided_by", ""),
        rejection_reason=d.get("rejection_reason", ""), payment_reference=d.get("payment_reference", ""),
        paid_time=as_utc(d.get("paid_time")),
        findings=tuple(Finding(f["rule"], f["passed"], f.get("detail", "")) for f in d.get("findings", [])),
        history=tuple(HistoryEntry(as_utc(h["time"]), h["actor"],
                                   ClaimState(h["from_state"]) if h.get("from_state") else None,
                                   ClaimState(h["to_state"]), h.get("note", "")) for h in d.get("history", [])))


def _fields(c: Claim) -> dict[str, Any]:
    return {"state": c.state.value, "checked_by": c.checked_by, "decided_by": c.decided_by,
            "rejection_reason": c.rejection_reason, "payment_reference": c.payment_reference,
            "paid_time": c.paid_time,
            "findings": [{"rule": f.rule, "passed": f.passed, "detail": f.detail} for f in c.findings],
            "history": [{"time": h.time, "actor": h.actor, "from_state": h.from_state.value if h.from_state else "",
                         "to_state": h.to_state.value, "note": h.note} for h in c.history]}


def _event(c: Claim, previous: ClaimState | None, actor: str, now: datetime) -> dict[str, Any]:
    return outbox_event(CLAIM_STATUS_CHANGED, events_pb2.ClaimStatusChanged(
        claim_id=c.id, person_id=c.person_id, claim_type=c.claim_type.value,
        from_state=previous.value if previous else "", to_state=c.state.value, actor=actor,
        change_time=to_timestamp(now)), subject_ref=f"claims/{c.id}", time=now).to_mongo().to_dict()


class PreconditionFacts:
    """What CheckClaim needs from the rest of the service (injected, so this module stays about
    claims): the person's enrolments, birth date and retirement group, and contribution months."""

    def __init__(self, enrolments: Callable[[str], list[Enrolment]],
                 person: Callable[[str], tuple[date, RetirementGroup]],
                 contribution_months: Callable[[str, date], int]) -> None:
        self.enrolments, self.person, self.contribution_months = enrolments, person, contribution_months


class BenefitClaims:
    def __init__(self, facts: PreconditionFacts, tokens: PageTokens, *, clock: Callable[[], datetime] = utc_now,
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.facts, self.tokens, self.clock, self.on_write = facts, tokens, clock, on_write
        self.collection = ClaimDoc._get_collection

    def get(self, claim_id: str) -> dict[str, Any]:
        doc = self.collection().find_one({"_id": claim_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("Claim", claim_id)
        return doc

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

    def submit(self, person_id: str, claim_type: ClaimType, event_date: date, submitted_by: str,
               amount: Decimal | None = None, description: str = "", request_id: str = "") -> dict[str, Any]:
        if request_id and (found := self.collection().find_one({"request_id": request_id}, {"outbox": 0})):
            return found
        now = self.clock()
        claim = rules.submit(uuid.uuid4().hex, person_id, claim_type, event_date, submitted_by, now, amount)
        doc = {"_id": claim.id, "person_id": person_id, "claim_type": claim_type.value,
               "event_date": event_date.isoformat(), "amount": format_money(amount) if amount is not None else "",
               "description": description, "submitted_by": submitted_by, **_fields(claim), "version": 1,
               "create_time": now, "update_time": now, "outbox": [_event(claim, None, submitted_by, now)],
               **({"request_id": request_id} if request_id else {})}
        if not insert_absent(self.collection(), doc):
            return self.collection().find_one({"request_id": request_id}, {"outbox": 0})
        self.on_write()
        return self.get(claim.id)

    def _transition(self, claim_id: str, etag: str, actor: str,
                    apply: Callable[[Claim, datetime], Claim]) -> dict[str, Any]:
        for _ in range(MAX_ATTEMPTS):
            doc = self.get(claim_id)
            if etag and etag != str(doc["version"]):
                raise Conflict(f"claim {claim_id} changed since etag {etag}; read it again", reason="STALE_VERSION")
            current = to_domain(doc)
            now = self.clock()
            moved = apply(current, now)
            saved = compare_and_set(self.collection(), {"_id": claim_id, "version": doc["version"]},
                                    {"$set": {**_fields(moved), "update_time": now},
                                     "$push": {"outbox": _event(moved, current.state, actor, now)},
                                     "$inc": {"version": 1}})
            if saved is not None:
                self.on_write()
                return self.get(claim_id)
            if etag:
                raise Conflict(f"claim {claim_id} changed; read it again", reason="STALE_VERSION")
        raise Conflict("the claim kept changing; try again")

    def check(self, claim_id: str, actor: str, etag: str = "") -> dict[str, Any]:
        def apply(claim: Claim, now: datetime) -> Claim:
            findings = self.evaluate(claim)
            return rules.check(claim, actor, findings, now)

        return self._transition(claim_id, etag, actor, apply)

    def evaluate(self, claim: Claim) -> tuple[Finding, ...]:
        enrolments = self.facts.enrolments(claim.person_id)
        if claim.claim_type is ClaimType.RETIREMENT_PENSION:
            birth, group = self.facts.person(claim.person_id)
            months = self.facts.contribution_months(claim.person_id, claim.event_date)
            return rules.evaluate(claim, enrolments, birth_date=birth, group=group, contribution_months=months)
        return rules.evaluate(claim, enrolments)

    def approve(self, claim_id: str, actor: str, note: str = "", etag: str = "") -> dict[str, Any]:
        return self._transition(claim_id, etag, actor, lambda c, now: rules.approve(c, actor, now, note))

    def reject(self, claim_id: str, actor: str, reason: str, etag: str = "") -> dict[str, Any]:
        return self._transition(claim_id, etag, actor, lambda c, now: rules.reject(c, actor, reason, now))

    def pay(self, claim_id: str, actor: str, payment_reference: str, etag: str = "") -> dict[str, Any]:
        return self._transition(claim_id, etag, actor, lambda c, now: rules.pay(c, actor, payment_reference, now))
