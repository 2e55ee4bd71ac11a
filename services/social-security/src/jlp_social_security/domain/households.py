"""Households (户): members with exactly one head.

The head is not a separate field that can drift from the members: it is the one member whose
relation is HEAD, and every change (create, add, remove, change head) is a pure function that
returns a household satisfying "exactly one head, each person once". The store writes the
returned member list in one conditional update (version/etag), so of two concurrent head
changes one wins and the other re-validates against the winner's household.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from jlp_common.errors import FailedPrecondition, FieldViolation, InvalidArgument


class Relation(StrEnum):
    HEAD = "HEAD"
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"
    GRANDCHILD = "GRANDCHILD"
    SIBLING = "SIBLING"
    OTHER_RELATIVE = "OTHER_RELATIVE"


@dataclass(frozen=True)
class Member:
    person_id: str
    relation: Relation


@dataclass(frozen=True)
class Household:
    id: str
    members: tuple[Member, ...]

    @property
    def head_person_id(self) -> str:
        return next(m.person_id for m in self.members if m.relation is Relation.HEAD)

    def member(self, person_id: str) -> Member | None:
        return next((m for m in self.members if m.person_id == person_id), None)


def member_problems(members: Sequence[Member], field: str = "household.members") -> list[FieldViolation]:
    """Why a member list is not a valid household ([] when it is)."""
    out = []
    if not members:
        return [FieldViolation(field, "a household has at least one member, its head")]
    heads = sum(1 for m in members if m.relation is Relation.HEAD)
    if heads != 1:
        out.append(FieldViolation(field, f"exactly one member must be HEAD ({heads} given)"))
    seen: set[str] = set()
    for i, m in enumerate(members):
        if not m.person_id:
            out.append(FieldViolation(f"{field}[{i}].person_id", "is required"))
        elif m.person_id in seen:
            out.append(FieldViolation(f"{field}[{i}].person_id", "appears twice"))
        seen.add(m.person_id)
    return out


def create(household_id: str, members: Sequence[Member]) -> Household:
    problems = member_problems(members)
    if problems:
        raise InvalidArgument(violations=problems)
    return Household(household_id, tuple(members))


def add_member(household: Household, member: Member) -> Household:
    """Add a non-head member; adding a present member with the same relation changes nothing."""
    if member.relation is Relation.HEAD:
        raise InvalidArgument.field("member.relation", "use ChangeHouseholdHead to change the head")
    present = household.member(member.person_id)
    if present is not None:
        if present.relation is member.relation:
            return household
        raise FailedPrecondition("the person is already a member with another relation", reason="ALREADY_MEMBER")
    return replace(household, members=(*household.members, member))


def remove_member(household: Household, person_id: str) -> Household:
    """Remove a member; the head cannot be removed; removing a non-member changes nothing."""
    present = household.member(person_id)
    if present is None:
        return household
    if present.relation is Relation.HEAD:
        raise FailedPrecondition("the head cannot leave the household; change the head first",
                                 reason="HEAD_CANNOT_LEAVE")
    return replace(household, members=tuple(m for m in household.members if m.person_id != person_id))


def change_head(household: Household, new_head_id: str, previous_head_relation: Relation) -> Household:
    """Make a member the head and give the outgoing head `previous_head_relation`, in one value."""
    if previous_head_relation is Relation.HEAD:
        raise InvalidArgument.field("previous_head_relation", "must not be HEAD: a household has one head")
    if household.member(new_head_id) is None:
        raise FailedPrecondition("the new head is not a member of the household", reason="NOT_A_MEMBER")
    old = household.head_person_id
    if old == new_head_id:
        return household
    members = tuple(
        Member(m.person_id, Relation.HEAD) if m.person_id == new_head_id
        else Member(m.person_id, previous_head_relation) if m.person_id == old else m
        for m in household.members)
    return replace(household, members=members)
