"""Households keep exactly one head through every change."""

from __future__ import annotations

import pytest

from jlp_common.errors import FailedPrecondition, InvalidArgument
from jlp_social_security.domain.households import (
    Member,
    Relation,
    add_member,
    change_head,
    create,
    member_problems,
    remove_member,
)


def family():
    return create("h1", [Member("dad", Relation.HEAD), Member("mum", Relation.SPOUSE), Member("kid", Relation.CHILD)])


def heads(h):
    return [m.person_id for m in h.members if m.relation is Relation.HEAD]


def test_create_needs_exactly_one_head_and_distinct_members():
    with pytest.raises(InvalidArgument) as err:
        create("h", [Member("a", Relation.SPOUSE)])
    assert "exactly one" in err.value.violations[0].description
    assert len(member_problems([Member("a", Relation.HEAD), Member("b", Relation.HEAD)])) == 1
    with pytest.raises(InvalidArgument) as err:
        create("h", [Member("a", Relation.HEAD), Member("a", Relation.CHILD)])
    assert err.value.violations[0].field == "household.members[1].person_id"
    with pytest.raises(InvalidArgument):
        create("h", [])


def test_change_head_swaps_in_one_value():
    h = change_head(family(), "mum", Relation.SPOUSE)
    assert heads(h) == ["mum"] and h.head_person_id == "mum"
    assert h.member("dad").relation is Relation.SPOUSE
    assert change_head(h, "mum", Relation.SPOUSE) == h
    with pytest.raises(FailedPrecondition):
        change_head(h, "stranger", Relation.SPOUSE)
    with pytest.raises(InvalidArgument):
        change_head(h, "kid", Relation.HEAD)


def test_two_head_changes_from_the_same_version_never_give_two_heads():
    # both writers start from the same household; the store keeps one (version check) and the
    # loser re-applies its change to the winner's result: still one head
    base = family()
    winner = change_head(base, "mum", Relation.SPOUSE)
    loser_retried = change_head(winner, "kid", Relation.PARENT)
    assert heads(winner) == ["mum"] and heads(loser_retried) == ["kid"]


def test_members_come_and_go_but_the_head_stays():
    h = add_member(family(), Member("grandma", Relation.PARENT))
    assert add_member(h, Member("grandma", Relation.PARENT)) == h
    with pytest.raises(FailedPrecondition):
        add_member(h, Member("grandma", Relation.CHILD))
    with pytest.raises(InvalidArgument):
        add_member(h, Member("new", Relation.HEAD))
    with pytest.raises(FailedPrecondition) as err:
        remove_member(h, "dad")
    assert err.value.reason == "HEAD_CANNOT_LEAVE"
    h2 = remove_member(h, "kid")
    assert h2.member("kid") is None and remove_member(h2, "kid") == h2
