"""Poverty-aid verification (低保/特困/防返贫 复核): cross-department queries and monitoring rules.

A check asks each configured source (identity, investment's enterprise records, this service's
own records, and adapters for property, vehicles, tax) about every household member. Each query
carries the legal purpose and the household's consent id; each result keeps its source, time,
hit flag and an evidence hash (SHA-256 of the canonical answer), so the decision can be proven
later without keeping other departments' data. Rules:
- Any (source, member) pair without an answer — timeout, error, adapter missing — makes the
  outcome INCOMPLETE. Never PASSED: an unanswered question is not a "no".
- With every answer in: FLAGGED when a source hit or a monitoring rule fires, else PASSED.
- Monitoring rules are configuration (config/aid_monitoring.json), e.g. per-capita income below
  1.5 × the poverty line, rigid spending above last year's income.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from jlp_common.errors import FieldViolation, InvalidArgument

from .money import parse_money


class Outcome(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    PASSED = "PASSED"
    FLAGGED = "FLAGGED"
    INCOMPLETE = "INCOMPLETE"


@dataclass(frozen=True)
class Subject:
    """A member as the sources see them: an opaque id, this service's keyed hash of the ID
    number (what the evidence hash binds), and the number itself for the adapters of other
    departments — their look-up hashes are keyed with their own secrets, so only the number
    can be matched there (ADR 0091). Never part of a result, a log line or the evidence."""

    person_id: str
    id_hash: str
    id_number: str = field(default="", repr=False)


@dataclass(frozen=True)
class AidQuery:
    source: str
    subject: Subject
    purpose: str
    consent_id: str
    check_id: str


@dataclass(frozen=True)
class SourceAnswer:
    """What an adapter returns: whether it holds something relevant, a short summary, and the
    canonical payload the evidence hash is computed from."""

    hit: bool
    summary: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)


class SourceUnavailable(Exception):
    """The source did not answer (timeout, refused, not reachable)."""


class AidSource(Protocol):
    name: str

    def query(self, query: AidQuery) -> SourceAnswer: ...


@dataclass(frozen=True)
class SourceResult:
    source: str
    person_id: str
    query_time: datetime
    answered: bool
    hit: bool = False
    evidence_hash: str = ""
    summary: str = ""
    error: str = ""


@dataclass(frozen=True)
class AidFinding:
    rule: str
    detail: str


def evidence_hash(query: AidQuery, answer: SourceAnswer, when: datetime) -> str:
    """SHA-256 over the canonical JSON of what was asked and answered (sorted keys, UTC time)."""
    body = {"source": query.source, "subject": query.subject.id_hash, "purpose": query.purpose,
            "consent_id": query.consent_id, "check_id": query.check_id,
            "time": when.isoformat(timespec="milliseconds"), "hit": answer.hit, "payload": answer.payload}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def validate_request(purpose: str, consent_id: str, members: Sequence[Subject]) -> None:
    problems = []
    if not purpose.strip():
        problems.append(FieldViolation("aid_check.purpose", "is required: every query states its legal purpose"))
    if not consent_id.strip():
        problems.append(FieldViolation("aid_check.consent_id", "is required: the household's signed consent"))
    if not members:
        problems.append(FieldViolation("aid_check.household_id", "the household has no members"))
    if problems:
        raise InvalidArgument(violations=problems)


def run_queries(check_id: str, sources: Sequence[AidSource], configured: Sequence[str], members: Sequence[Subject],
                purpose: str, consent_id: str, clock: Callable[[], datetime]) -> list[SourceResult]:
    """Ask every configured source about every member. A configured source without an adapter,
    and any exception from an adapter, is an unanswered result (never an exception here)."""
    validate_request(purpose, consent_id, members)
    by_name = {s.name: s for s in sources}
    results = []
    for name in configured:
        for subject in members:
            query = AidQuery(name, subject, purpose.strip(), consent_id.strip(), check_id)
            when = clock()
            adapter = by_name.get(name)
            if adapter is None:
                results.append(SourceResult(name, subject.person_id, when, False, error="no adapter configured"))
                continue
            try:
                answer = adapter.query(query)
            except Exception as err:  # noqa: BLE001 - any failure of a source is "did not answer"
                results.append(SourceResult(name, subject.person_id, when, False,
                                            error=f"{type(err).__name__}: {err}"[:200]))
                continue
            results.append(SourceResult(name, subject.person_id, when, True, answer.hit,
                                        evidence_hash(query, answer, when), answer.summary[:200]))
    return results


@dataclass(frozen=True)
class HouseholdFacts:
    """What the monitoring rules look at (declared by the household, checked by the caseworker)."""

    member_count: int
    annual_income: Decimal | None
    rigid_spending: Decimal | None


@dataclass(frozen=True)
class MonitoringRule:
    id: str
    kind: str
    description: str
    parameters: Mapping[str, str]
    enabled: bool = True


RULE_KINDS = ("income_below_line_multiple", "rigid_spending_above_income", "source_hit")


def parse_rules(doc: Mapping[str, Any]) -> list[MonitoringRule]:
    """Monitoring rules from configuration, validated with paths."""
    problems: list[FieldViolation] = []
    rules = []
    for i, raw in enumerate(doc.get("rules") or []):
        where = f"rules[{i}]"
        kind = raw.get("kind", "")
        params = {str(k): str(v) for k, v in (raw.get("parameters") or {}).items()}
        if kind not in RULE_KINDS:
            problems.append(FieldViolation(f"{where}.kind", f"must be one of {', '.join(RULE_KINDS)}"))
            continue
        if kind == "income_below_line_multiple":
            for name in ("poverty_line_per_capita_year", "multiple"):
                try:
                    parse_money(params.get(name, ""), f"{where}.parameters.{name}")
                except InvalidArgument as err:
                    problems.extend(err.violations)
        if kind == "source_hit" and not params.get("sources"):
            problems.append(FieldViolation(f"{where}.parameters.sources", "list the sources whose hits flag"))
        rules.append(MonitoringRule(str(raw.get("id") or kind), kind, str(raw.get("description", "")), params,
                                    bool(raw.get("enabled", True))))
    if problems:
        raise InvalidArgument(violations=problems)
    return rules


def apply_rules(rules: Sequence[MonitoringRule], facts: HouseholdFacts,
                results: Sequence[SourceResult]) -> list[AidFinding]:
    """The findings of the enabled rules."""
    out = []
    for rule in rules:
        if not rule.enabled:
            continue
        if rule.kind == "income_below_line_multiple" and facts.annual_income is not None and facts.member_count:
            line = Decimal(rule.parameters["poverty_line_per_capita_year"])
            threshold = line * Decimal(rule.parameters["multiple"])
            per_capita = facts.annual_income / facts.member_count
            if per_capita < threshold:
                out.append(AidFinding(rule.id, f"per-capita income {per_capita:.2f} below {threshold:.2f} "
                                               f"({rule.parameters['multiple']} × line {line})"))
        elif (rule.kind == "rigid_spending_above_income" and facts.rigid_spending is not None
              and facts.annual_income is not None and facts.rigid_spending > facts.annual_income):
            out.append(AidFinding(rule.id, f"rigid spending {facts.rigid_spending:.2f} above last year's income "
                                           f"{facts.annual_income:.2f}"))
        elif rule.kind == "source_hit":
            watched = {s.strip() for s in rule.parameters["sources"].split(",")}
            hits = sorted({f"{r.source}:{r.person_id}" for r in results
                           if r.answered and r.hit and r.source in watched})
            if hits:
                out.append(AidFinding(rule.id, "records found: " + ", ".join(hits)))
    return out


def outcome(results: Sequence[SourceResult], configured: Sequence[str], members: Sequence[Subject],
            findings: Sequence[AidFinding]) -> tuple[Outcome, list[str]]:
    """INCOMPLETE (with the sources that did not answer) unless every (source, member) pair
    answered; then FLAGGED on any finding, else PASSED."""
    answered = {(r.source, r.person_id) for r in results if r.answered}
    missing = sorted({s for s in configured for m in members if (s, m.person_id) not in answered})
    if missing or not configured:
        return Outcome.INCOMPLETE, missing or ["(no source configured)"]
    return (Outcome.FLAGGED if findings else Outcome.PASSED), []


@dataclass(frozen=True)
class RecheckPolicy:
    """Which events re-trigger a household's verification (configuration `recheck_on`), and the
    quiet period that folds a burst of events (a redelivery, several members changing at once)
    into one check."""

    subjects: frozenset[str]
    quiet_period_s: int = 3600


def parse_recheck(doc: Mapping[str, Any]) -> RecheckPolicy:
    raw = doc.get("recheck_on") or {}
    subjects = raw.get("subjects") or []
    if not isinstance(subjects, list) or not all(isinstance(s, str) and s.startswith("jlp.") for s in subjects):
        raise InvalidArgument.field("recheck_on.subjects", "must list event subjects (jlp.<domain>.<entity>.<verb>)")
    quiet = raw.get("quiet_period_s", 3600)
    if not isinstance(quiet, int) or quiet < 0:
        raise InvalidArgument.field("recheck_on.quiet_period_s", "must be a non-negative whole number of seconds")
    return RecheckPolicy(frozenset(subjects), quiet)


def recheck_needed(policy: RecheckPolicy, subject: str, last_check_time: datetime | None, now: datetime) -> bool:
    """Whether an event with `subject` about a household's member starts a new check now."""
    if subject not in policy.subjects:
        return False
    return last_check_time is None or (now - last_check_time).total_seconds() >= policy.quiet_period_s
