"""Poverty-aid verification runs in the store.

A check is computed (every configured source × every member, monitoring rules) and stored in one
insert with its `jlp.social.aid_check.completed` event: a check exists complete or not at all.
Sources are adapters passed in (aid_sources.py); a source that fails or is missing makes the
check INCOMPLETE. Checks are keyed by `request_id` when given, so a retried request does not
query the other departments twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from jlp.social_security.v1 import events_pb2
from jlp_common import subjects
from jlp_common.errors import NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import as_utc, to_timestamp, utc_now
from jlp_social_security.domain import aid_checks as rules
from jlp_social_security.domain.aid_checks import AidSource, HouseholdFacts, MonitoringRule, RecheckPolicy, Subject
from jlp_social_security.models import AidCheck as AidCheckDoc
from jlp_social_security.store import insert_absent

COMPLETED = subjects.SOCIAL_AID_CHECK_COMPLETED


class AidVerification:
    def __init__(self, sources: Sequence[AidSource], configured: Sequence[str], monitoring: Sequence[MonitoringRule],
                 recheck: RecheckPolicy, tokens: PageTokens, *, clock: Callable[[], datetime] = utc_now,
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.sources, self.configured, self.monitoring = list(sources), list(configured), list(monitoring)
        self.recheck_policy, self.tokens, self.clock, self.on_write = recheck, tokens, clock, on_write
        self.collection = AidCheckDoc._get_collection

    def get(self, check_id: str) -> dict[str, Any]:
        doc = self.collection().find_one({"_id": check_id}, {"outbox": 0})
        if doc is None:
            raise NotFound("AidCheck", check_id)
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

    def run(self, household_id: str, members: Sequence[Subject], facts: HouseholdFacts, purpose: str,
            consent_id: str, requested_by: str, trigger: str = "MANUAL", request_id: str = "") -> dict[str, Any]:
        if request_id and (found := self.collection().find_one({"request_id": request_id}, {"outbox": 0})):
            return found
        check_id = uuid.uuid4().hex
        started = self.clock()
        results = rules.run_queries(check_id, self.sources, self.configured, members, purpose, consent_id, self.clock)
        findings = rules.apply_rules(self.monitoring, facts, results)
        outcome, missing = rules.outcome(results, self.configured, members, findings)
        ended = self.clock()
        doc = {"_id": check_id, "household_id": household_id, "purpose": purpose.strip(),
               "consent_id": consent_id.strip(), "trigger": trigger, "outcome": outcome.value,
               "results": [{"source": r.source, "person_id": r.person_id, "query_time": r.query_time,
                            "answered": r.answered, "hit": r.hit, "evidence_hash": r.evidence_hash,
                            "summary": r.summary, "error": r.error} for r in results],
               "findings": [{"rule": f.rule, "detail": f.detail} for f in findings],
               "unanswered_sources": missing if outcome is rules.Outcome.INCOMPLETE else [],
               "requested_by": requested_by, "create_time": started, "end_time": ended,
               "outbox": [outbox_event(COMPLETED, events_pb2.AidCheckCompleted(
                   aid_check_id=check_id, household_id=household_id, outcome=outcome.value,
                   findings=[f.rule for f in findings],
                   unanswered_sources=missing if outcome is rules.Outcome.INCOMPLETE else [],
                   end_time=to_timestamp(ended)),
                   subject_ref=f"aidChecks/{check_id}", time=ended).to_mongo().to_dict()],
               **({"request_id": request_id} if request_id else {})}
        if not insert_absent(self.collection(), doc):
            return self.collection().find_one({"request_id": request_id}, {"outbox": 0})
        self.on_write()
        return self.get(check_id)

    def last_check_time(self, household_id: str) -> datetime | None:
        doc = self.collection().find_one({"household_id": household_id}, {"create_time": 1},
                                         sort=[("create_time", -1)])
        return as_utc(doc["create_time"]) if doc else None

    def should_recheck(self, subject: str, household_id: str) -> bool:
        return rules.recheck_needed(self.recheck_policy, subject, self.last_check_time(household_id), self.clock())


def household_facts(doc: dict[str, Any]) -> HouseholdFacts:
    """The monitoring rules' view of a stored household."""
    def money(key: str) -> Decimal | None:
        return Decimal(doc[key]) if doc.get(key) else None

    return HouseholdFacts(len(doc.get("members", [])), money("annual_income"), money("rigid_spending"))
