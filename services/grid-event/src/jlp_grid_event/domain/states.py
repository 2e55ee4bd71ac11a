"""The case state machine: one table says which action moves which state, and what it needs.

Workflow after GB/T 30428 / CJ/T 315 (reference §4): 信息收集 → 立案 → 派遣 → 处置 → 处理反馈 →
核查结案, with 监管分离 — the supervision centre registers and verifies, the command centre
dispatches, departments handle. Permissions come from the catalogue in identity
(`grid:case.<action>`), so a role is granted an action by holding its permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from jlp_common.errors import FailedPrecondition, InvalidArgument


class Status(IntEnum):
    """Values equal the proto CaseStatus numbers."""

    REPORTED = 1
    REGISTERED = 2
    DISPATCHED = 3
    IN_PROGRESS = 4
    RESOLVED = 5
    CLOSED = 6
    REJECTED = 7
    RETURNED = 8
    REOPENED = 9
    CANCELLED = 10


TERMINAL = frozenset({Status.CLOSED, Status.REJECTED, Status.CANCELLED})
OPEN = frozenset(set(Status) - TERMINAL)


@dataclass(frozen=True)
class Transition:
    """An action: the states it may start from, the state it leads to, the permission it needs."""

    action: str
    sources: frozenset[Status]
    target: Status
    permission: str
    # Handling actions are limited to the department the case was dispatched to.
    department_bound: bool = False


def _t(action: str, sources: set[Status], target: Status, permission: str,
       department_bound: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, permission, department_bound)


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    _t("register", {Status.REPORTED}, Status.REGISTERED, "grid:case.register"),
    _t("reject", {Status.REPORTED}, Status.REJECTED, "grid:case.reject"),
    _t("dispatch", {Status.REGISTERED, Status.RETURNED, Status.REOPENED}, Status.DISPATCHED,
       "grid:case.dispatch"),
    _t("start", {Status.DISPATCHED, Status.REOPENED}, Status.IN_PROGRESS, "grid:case.handle",
       department_bound=True),
    _t("return", {Status.DISPATCHED, Status.IN_PROGRESS}, Status.RETURNED, "grid:case.handle",
       department_bound=True),
    _t("resolve", {Status.IN_PROGRESS}, Status.RESOLVED, "grid:case.handle",
       department_bound=True),
    _t("close", {Status.RESOLVED}, Status.CLOSED, "grid:case.verify"),
    _t("reopen", {Status.RESOLVED}, Status.REOPENED, "grid:case.verify"),
    _t("cancel", set(OPEN), Status.CANCELLED, "grid:case.cancel"),
)}

# Actions that must say why (a rejected or returned case needs a reason on record).
NOTE_REQUIRED = frozenset({"reject", "return", "reopen", "cancel"})
# Which stage deadline governs a case while it is in a given status.
STAGE_OF = {
    Status.REPORTED: "register",
    Status.REGISTERED: "dispatch",
    Status.RETURNED: "dispatch",
    Status.DISPATCHED: "resolve",
    Status.IN_PROGRESS: "resolve",
    Status.REOPENED: "resolve",
    Status.RESOLVED: "verify",
}


def transition(action: str) -> Transition:
    """The table row of `action`; unknown actions are a programming error surfaced as 400."""
    try:
        return TRANSITIONS[action]
    except KeyError:
        raise InvalidArgument.field("action", f"unknown action {action!r}") from None


def may_start(t: Transition, current: Status, auto_dispatched: bool = False) -> bool:
    """Whether `t` may start from `current`. Besides the table: a case dispatched automatically
    at registration (category → department, grid → worker) may be re-dispatched once by a
    dispatcher — the manual override — until the department starts it. The override clears the
    automatic mark, so of two concurrent overrides only one wins."""
    if current in t.sources:
        return True
    return t.action == "dispatch" and current == Status.DISPATCHED and auto_dispatched


def check(action: str, current: Status, note: str = "", auto_dispatched: bool = False) -> Transition:
    """Validate `action` from `current`; FailedPrecondition (HTTP 409) when the state forbids it."""
    t = transition(action)
    if not may_start(t, current, auto_dispatched):
        raise FailedPrecondition(
            f"cannot {action} a case that is {current.name}",
            reason="ILLEGAL_TRANSITION",
            metadata={"action": action, "status": current.name,
                      "allowed_from": ",".join(s.name for s in sorted(t.sources))})
    if action in NOTE_REQUIRED and not note.strip():
        raise InvalidArgument.field("note", f"a note is required to {action} a case")
    return t


def allowed_actions(current: Status, auto_dispatched: bool = False) -> list[str]:
    """Actions possible from `current` (for clients that draw buttons)."""
    return [a for a, t in TRANSITIONS.items() if may_start(t, current, auto_dispatched)]
