"""Yes/no questions about persons for another department's legal purpose (poverty-aid checks).

social-security's aid verification (issue 13: "investment's enterprise records") asks, for the
resident ID numbers of a household's members, whether each is the legal representative of an
investor enterprise here and whether such an enterprise has a project in the pipeline. The
answer is two counts — no enterprise name, credit code or amount — the least the aid rule
"a member holds an enterprise" needs (PIPL Art. 6, minimum necessary). Each question states its
purpose and the subjects' consent id (PIPL Art. 13-14), which the service logs with the keyed
hashes asked about.

Callers send numbers, not their own hashes: look-up hashes are keyed with each service's own
secret, and a foreign hash would match nothing — an "unknown" silently becoming a "no".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from jlp_common import identifiers
from jlp_common.errors import FieldViolation, InvalidArgument

MAX_PERSONS = 100
MAX_TEXT = 200


@dataclass(frozen=True)
class CheckRequest:
    numbers: tuple[str, ...]
    purpose: str
    consent_id: str


@dataclass(frozen=True)
class EnterpriseLinks:
    """What the investment records say about one person."""

    enterprises_represented: int
    projects_in_pipeline: int


def validate(id_numbers: Sequence[str], purpose: str, consent_id: str, today: date) -> CheckRequest:
    """The normalised question, or InvalidArgument naming every bad field (numbers by index)."""
    problems: list[FieldViolation] = []
    purpose, consent_id = (purpose or "").strip(), (consent_id or "").strip()
    for name, value, why in (("purpose", purpose, "every question states its legal purpose"),
                             ("consent_id", consent_id, "the id of the subjects' signed consent")):
        if not value:
            problems.append(FieldViolation(name, f"is required: {why}"))
        elif len(value) > MAX_TEXT:
            problems.append(FieldViolation(name, f"must be at most {MAX_TEXT} characters"))
    if not id_numbers:
        problems.append(FieldViolation("id_numbers", "name at least one person"))
    elif len(id_numbers) > MAX_PERSONS:
        problems.append(FieldViolation("id_numbers", f"at most {MAX_PERSONS} persons per call"))
    numbers = []
    for i, raw in enumerate(id_numbers[:MAX_PERSONS]):
        try:
            numbers.append(identifiers.validate_resident_id(raw, today).number)
        except identifiers.IdentifierError as err:
            problems.append(FieldViolation(f"id_numbers[{i}]", str(err)))
    if problems:
        raise InvalidArgument(violations=problems)
    return CheckRequest(tuple(numbers), purpose, consent_id)


def links(hashes: Sequence[str], investors_by_hash: Mapping[str, set[str]],
          projects_by_investor: Mapping[str, int]) -> list[EnterpriseLinks]:
    """Per asked hash, in order: enterprises represented and their open or won projects."""
    out = []
    for h in hashes:
        represented = investors_by_hash.get(h, set())
        out.append(EnterpriseLinks(len(represented), sum(projects_by_investor.get(i, 0) for i in represented)))
    return out
