"""Poverty-aid verification: every source about every member, INCOMPLETE when one is silent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from jlp_common.errors import InvalidArgument
from jlp_social_security.config import aid_monitoring
from jlp_social_security.domain.aid_checks import (
    HouseholdFacts,
    Outcome,
    SourceAnswer,
    SourceUnavailable,
    Subject,
    apply_rules,
    outcome,
    parse_recheck,
    parse_rules,
    recheck_needed,
    run_queries,
)

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
MEMBERS = [Subject("p1", "h" * 64), Subject("p2", "k" * 64)]


class Clock:
    def __init__(self):
        self.t = T0

    def __call__(self):
        self.t += timedelta(milliseconds=10)
        return self.t


class Source:
    def __init__(self, name, hits=(), down=False):
        self.name, self.hits, self.down, self.queries = name, set(hits), down, []

    def query(self, q):
        self.queries.append(q)
        if self.down:
            raise SourceUnavailable("timed out after 3 s")
        hit = q.subject.person_id in self.hits
        return SourceAnswer(hit, "1 enterprise" if hit else "", {"enterprises": 1 if hit else 0})


NAMES = ["identity", "investment", "social_security"]


def run(sources, configured=NAMES):
    return run_queries("chk1", sources, configured, MEMBERS, "低保复核", "CONSENT-42", Clock())


def test_every_source_is_asked_about_every_member_with_purpose_and_consent():
    sources = [Source(n) for n in NAMES]
    results = run(sources)
    assert len(results) == 6 and all(r.answered and len(r.evidence_hash) == 64 for r in results)
    for s in sources:
        assert [q.subject.person_id for q in s.queries] == ["p1", "p2"]
        assert {(q.purpose, q.consent_id) for q in s.queries} == {("低保复核", "CONSENT-42")}
    assert len({r.evidence_hash for r in results}) == 6  # bound to source, member and time
    assert outcome(results, NAMES, MEMBERS, []) == (Outcome.PASSED, [])


def test_one_source_down_leaves_the_check_incomplete_never_passed():
    results = run([Source("identity"), Source("investment", down=True), Source("social_security")])
    down = [r for r in results if r.source == "investment"]
    assert all(not r.answered and "timed out" in r.error and r.evidence_hash == "" for r in down)
    assert outcome(results, NAMES, MEMBERS, []) == (Outcome.INCOMPLETE, ["investment"])
    # a configured source without an adapter is silent too
    results = run([Source("identity"), Source("investment")])
    assert outcome(results, NAMES, MEMBERS, []) == (Outcome.INCOMPLETE, ["social_security"])
    assert outcome([], [], MEMBERS, [])[0] is Outcome.INCOMPLETE


def test_purpose_and_consent_are_required():
    with pytest.raises(InvalidArgument) as err:
        run_queries("c", [], NAMES, MEMBERS, " ", "", Clock())
    assert {v.field for v in err.value.violations} == {"aid_check.purpose", "aid_check.consent_id"}


def test_shipped_monitoring_rules_flag_low_income_spending_and_hits():
    configured, rules, _ = aid_monitoring()
    assert "investment" in configured and {r.id for r in rules} >= {"income_below_line_multiple"}
    results = run([Source("identity"), Source("investment", hits={"p2"}), Source("social_security")])
    fine = HouseholdFacts(2, Decimal("20000"), Decimal("1000"))
    assert [f.rule for f in apply_rules(rules, fine, results)] == ["assets_or_business_found"]
    poor = HouseholdFacts(2, Decimal("11000"), Decimal("12000"))  # 5,500 per head < 1.5 × 4,000
    clean = run([Source(n) for n in NAMES])
    found = [f.rule for f in apply_rules(rules, poor, clean)]
    assert found == ["income_below_line_multiple", "rigid_spending_above_income"]
    assert outcome(clean, NAMES, MEMBERS, apply_rules(rules, poor, clean))[0] is Outcome.FLAGGED
    exact = HouseholdFacts(2, Decimal("12000"), None)  # exactly 6,000 per head: not below
    assert apply_rules(rules, exact, clean) == []


def test_rules_are_validated_configuration():
    with pytest.raises(InvalidArgument) as err:
        parse_rules({"rules": [{"kind": "magic"}, {"kind": "income_below_line_multiple",
                                                   "parameters": {"multiple": "x"}},
                               {"kind": "source_hit"}]})
    fields = {v.field for v in err.value.violations}
    assert fields == {"rules[0].kind", "rules[1].parameters.poverty_line_per_capita_year",
                      "rules[1].parameters.multiple", "rules[2].parameters.sources"}
    disabled = parse_rules({"rules": [{"kind": "rigid_spending_above_income", "enabled": False}]})
    assert apply_rules(disabled, HouseholdFacts(1, Decimal(1), Decimal(2)), []) == []


def test_events_retrigger_checks_outside_the_quiet_period():
    _, _, policy = aid_monitoring()
    subject = "jlp.social.household.head_changed"
    assert recheck_needed(policy, subject, None, T0)
    assert not recheck_needed(policy, subject, T0 - timedelta(minutes=10), T0)
    assert recheck_needed(policy, subject, T0 - timedelta(hours=2), T0)
    assert not recheck_needed(policy, "jlp.tourism.ticket.sold", None, T0)
    with pytest.raises(InvalidArgument) as err:
        parse_recheck({"recheck_on": {"subjects": ["not-a-subject"]}})
    assert err.value.violations[0].field == "recheck_on.subjects"
