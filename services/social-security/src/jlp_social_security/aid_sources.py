"""Adapters the poverty-aid verification asks (domain.aid_checks.AidSource).

- `social_security`: this service's own records — does the member hold an enrolment in force
  today (insured employment, a wage declared by an employer)?
- `identity`, `investment`: these services have no API yet to ask about a person (identity has
  no citizen look-up by ID number, investment's enterprise-by-legal-representative query is not
  published), so their adapters answer "unavailable" — the check then ends INCOMPLETE, never
  PASSED, until an adapter exists. `property`, `vehicles`, `tax` are added the same way when
  configured.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from jlp_social_security.domain.aid_checks import AidQuery, SourceAnswer, SourceUnavailable
from jlp_social_security.domain.enrolment import Enrolment


class OwnRecordsSource:
    """This service's enrolments: a hit is an enrolment in force today."""

    name = "social_security"

    def __init__(self, enrolments_of: Callable[[str], list[Enrolment]], today: Callable[[], date]) -> None:
        self.enrolments_of, self.today = enrolments_of, today

    def query(self, query: AidQuery) -> SourceAnswer:
        day = self.today()
        active = [e for e in self.enrolments_of(query.subject.person_id) if e.active_on(day)]
        employers = sorted({e.employer_credit_code for e in active})
        wages = sorted({str(e.monthly_wage) for e in active})
        return SourceAnswer(bool(active), f"{len(employers)} employer(s) declare a wage" if active else "",
                            {"active_enrolments": len(active), "employers": employers, "wages": wages})


class NoApiSource:
    """A configured source with no adapter yet: always unavailable (the check is INCOMPLETE)."""

    def __init__(self, name: str, why: str) -> None:
        self.name, self.why = name, why

    def query(self, query: AidQuery) -> SourceAnswer:
        raise SourceUnavailable(self.why)


def default_sources(enrolments_of: Callable[[str], list[Enrolment]], today: Callable[[], date]) -> list:
    return [OwnRecordsSource(enrolments_of, today),
            NoApiSource("identity", "identity offers no person look-up by ID number yet"),
            NoApiSource("investment", "investment offers no enterprise query by legal representative yet")]
