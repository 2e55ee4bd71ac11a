"""Households on the embedded store: one head under concurrent changes, one household per person."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from jlp_common.errors import Conflict, FailedPrecondition, InvalidArgument
from jlp_common.pagination import PageTokens
from jlp_social_security.domain.households import Member, Relation
from jlp_social_security.household_registry import HouseholdRegistry

KNOWN = {"dad", "mum", "kid", "gran", "neighbour"}


@pytest.fixture
def registry(store):
    return HouseholdRegistry(lambda pid: pid in KNOWN, PageTokens(b"k" * 32),
                             clock=lambda: datetime(2026, 6, 1, tzinfo=UTC))


def family(registry):
    return registry.create([Member("dad", Relation.HEAD), Member("mum", Relation.SPOUSE),
                            Member("kid", Relation.CHILD)], {"subdistrict_code": "500107001"}, request_id="h-1")


def test_create_is_idempotent_and_validates_people(registry):
    h = family(registry)
    assert family(registry)["_id"] == h["_id"] and h["head_person_id"] == "dad"
    with pytest.raises(InvalidArgument) as err:
        registry.create([Member("ghost", Relation.HEAD)], {})
    assert err.value.violations[0].field == "household.members[0].person_id"
    with pytest.raises(FailedPrecondition) as err:
        registry.create([Member("kid", Relation.HEAD)], {})
    assert err.value.reason == "IN_ANOTHER_HOUSEHOLD"


def test_two_concurrent_head_changes_one_wins(registry, store):
    h = family(registry)
    etag = str(h["version"])
    outcomes: list[str] = []

    def change(new_head):
        try:
            registry.change_head(h["_id"], new_head, Relation.SPOUSE, etag=etag)
            outcomes.append(new_head)
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=change, args=(p,)) for p in ("mum", "kid")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes).count("conflict") == 1
    stored = store["households"].find_one({"_id": h["_id"]})
    heads = [m["person_id"] for m in stored["members"] if m["relation"] == "HEAD"]
    assert len(heads) == 1 and heads[0] == stored["head_person_id"] != "dad"
    assert [e["subject"] for e in stored["outbox"]] == ["jlp.social.household.head_changed"]


def test_members_and_one_household_per_person(registry):
    h = family(registry)
    other = registry.create([Member("neighbour", Relation.HEAD)], {})
    with pytest.raises(FailedPrecondition) as err:
        registry.add_member(other["_id"], Member("kid", Relation.CHILD))
    assert err.value.reason == "IN_ANOTHER_HOUSEHOLD"
    grown = registry.add_member(h["_id"], Member("gran", Relation.PARENT))
    assert len(grown["members"]) == 4
    with pytest.raises(FailedPrecondition):
        registry.remove_member(h["_id"], "dad")
    assert len(registry.remove_member(h["_id"], "gran")["members"]) == 3
