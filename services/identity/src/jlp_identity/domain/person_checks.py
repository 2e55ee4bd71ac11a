"""Yes/no questions about persons for another department's legal purpose (poverty-aid checks).

Another service (social-security's aid verification, issue 13) asks, for resident ID numbers it
already holds, whether each person has a citizen account here and how many registered
enterprises record them as legal representative. The answer holds nothing else — no name, no
phone, no account id — so the permission to ask (`identity:person.check`) discloses only what
the aid rules need ("least privilege", PIPL Art. 6: collection limited to the minimum necessary
for the purpose). Every question must state its purpose and the subject's consent id (PIPL
Art. 13-14: processing needs a legal basis, here the applicant household's signed consent), and
both are written to the audit trail with the keyed hashes of the numbers asked about.

Numbers, not another service's hashes, are what a caller sends: the look-up hash is keyed with
*this* service's secret, so a hash computed elsewhere under another key would silently match
nothing and turn "unknown" into "no account" (a false PASSED for an aid check).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from jlp_common import identifiers

MAX_PERSONS = 100  # a household's members, with a wide margin; bounds the work of one call
MAX_TEXT = 200


@dataclass(frozen=True)
class CheckRequest:
    """A validated question: normalised numbers, in the order asked."""

    numbers: tuple[str, ...]
    purpose: str
    consent_id: str


@dataclass(frozen=True)
class PersonFacts:
    """The answer about one person."""

    has_account: bool
    enterprises_represented: int


def validate(id_numbers: Sequence[str], purpose: str, consent_id: str,
             today: date) -> tuple[CheckRequest | None, list[tuple[str, str]]]:
    """(request, []) or (None, problems naming each field, numbers by index)."""
    problems: list[tuple[str, str]] = []
    purpose, consent_id = (purpose or "").strip(), (consent_id or "").strip()
    if not purpose:
        problems.append(("purpose", "is required: every question states its legal purpose"))
    elif len(purpose) > MAX_TEXT:
        problems.append(("purpose", f"must be at most {MAX_TEXT} characters"))
    if not consent_id:
        problems.append(("consent_id", "is required: the id of the subject's signed consent"))
    elif len(consent_id) > MAX_TEXT:
        problems.append(("consent_id", f"must be at most {MAX_TEXT} characters"))
    if not id_numbers:
        problems.append(("id_numbers", "name at least one person"))
    elif len(id_numbers) > MAX_PERSONS:
        problems.append(("id_numbers", f"at most {MAX_PERSONS} persons per call"))
    numbers = []
    for i, raw in enumerate(id_numbers[:MAX_PERSONS]):
        try:
            numbers.append(identifiers.validate_resident_id(raw, today).number)
        except identifiers.IdentifierError as exc:
            problems.append((f"id_numbers[{i}]", str(exc)))
    if problems:
        return None, problems
    return CheckRequest(tuple(numbers), purpose, consent_id), []


def answer(hashes: Sequence[str], citizen_hashes: set[str],
           represented: dict[str, int]) -> list[PersonFacts]:
    """Facts per asked hash (in order) from what the store found."""
    return [PersonFacts(h in citizen_hashes, represented.get(h, 0)) for h in hashes]
