"""Aid checks on the embedded store: stored complete with their event, INCOMPLETE with a source
down, idempotent with request_id."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from jlp_common.errors import InvalidArgument
from jlp_common.pagination import PageTokens
from jlp_social_security.aid_verification import AidVerification
from jlp_social_security.config import aid_monitoring
from jlp_social_security.domain.aid_checks import HouseholdFacts, SourceAnswer, SourceUnavailable, Subject

MEMBERS = [Subject("p1", "a" * 64), Subject("p2", "b" * 64)]
FACTS = HouseholdFacts(2, Decimal("30000"), Decimal("1000"))


class Source:
    def __init__(self, name, down=False):
        self.name, self.down, self.calls = name, down, 0

    def query(self, q):
        self.calls += 1
        if self.down:
            raise SourceUnavailable("connection refused")
        return SourceAnswer(False, "", {"records": 0})


def verification(sources):
    configured, rules, recheck = aid_monitoring()
    return AidVerification(sources, configured, rules, recheck, PageTokens(b"k" * 32),
                           clock=lambda: datetime(2026, 6, 1, tzinfo=UTC))


def test_all_sources_answer_passes_and_is_stored_with_event(store):
    v = verification([Source("identity"), Source("investment"), Source("social_security")])
    check = v.run("h1", MEMBERS, FACTS, "低保复核", "CONSENT-1", "caseworker", request_id="c-1")
    assert check["outcome"] == "PASSED" and len(check["results"]) == 6
    assert v.run("h1", MEMBERS, FACTS, "低保复核", "CONSENT-1", "caseworker", request_id="c-1")["_id"] == check["_id"]
    outbox = store["aid_checks"].find_one({"_id": check["_id"]})["outbox"]
    assert [e["subject"] for e in outbox] == ["jlp.social.aid_check.completed"]


def test_a_verification_run_with_one_source_down_ends_incomplete(store):
    down = Source("investment", down=True)
    v = verification([Source("identity"), down, Source("social_security")])
    check = v.run("h1", MEMBERS, FACTS, "低保复核", "CONSENT-1", "caseworker")
    assert check["outcome"] == "INCOMPLETE" and check["unanswered_sources"] == ["investment"]
    assert down.calls == 2  # every member was still asked
    listed, _ = v.list(10, "", {"outcome": "INCOMPLETE"})
    assert [d["_id"] for d in listed] == [check["_id"]]


def test_recheck_follows_the_quiet_period(store):
    v = verification([Source("identity"), Source("investment"), Source("social_security")])
    assert v.should_recheck("jlp.social.household.head_changed", "h1")
    v.run("h1", MEMBERS, FACTS, "复核", "C", "system", trigger="EVENT")
    assert not v.should_recheck("jlp.social.household.head_changed", "h1")


@pytest.mark.parametrize("purpose", ["", "  "])
def test_purpose_required(store, purpose):
    with pytest.raises(InvalidArgument):
        verification([]).run("h1", MEMBERS, FACTS, purpose, "C", "x")
