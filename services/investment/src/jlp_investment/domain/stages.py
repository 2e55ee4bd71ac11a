"""Pipeline stages as versioned configuration, and the rules for moving a project between them.

The default pipeline is 线索 → 洽谈 → 签约 → 注册 → 开工 → 投产 with a 暂缓 (paused) and a 流失
(lost) stage outside the order. Each stage has a kind (OPEN before signing, WON from signing
on, LOST, PAUSED), a default probability of the investment being realised, days after which a
stay is stale, and the project fields that must be known to enter it. The bureau publishes new
versions; a version is immutable, so a history entry's `config_version` always says which
rules it was checked against.

Rules (issue 12): the next stage is an ordinary advance; skipping forward or going back needs
the override role and a reason; pausing needs a reason; lost is terminal except through
restore (with a reason) to the stage it was lost from; an ordinary edit never changes stage or
probability. Every move yields one `StageChange` (from, to, when, who, why) that the caller
appends in the same version-guarded write as the new stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum

from jlp_common.errors import Conflict, FailedPrecondition, FieldViolation, InvalidArgument, PermissionDenied
from jlp_investment.domain import credit_code, money

OVERRIDE_PERMISSION = "investment:project.override"


class Kind(IntEnum):
    """Values equal the proto StageKind numbers."""

    OPEN = 1
    WON = 2
    LOST = 3
    PAUSED = 4


FORWARD_KINDS = frozenset({Kind.OPEN, Kind.WON})

# Project fields a stage may require, and how each is checked.
DATE_FIELDS = frozenset({"signed_date", "start_date", "production_date", "expected_sign_date",
                         "expected_start_date", "expected_production_date"})
AMOUNT_FIELDS = frozenset({"signed_amount_wan", "received_amount_wan", "amount_wan", "expected_annual_tax_wan"})
CODE_FIELDS = frozenset({"registered_credit_code"})
REFERENCE_FIELDS = frozenset({"investor_id", "chain_link", "department_id"})
REQUIRABLE_FIELDS = DATE_FIELDS | AMOUNT_FIELDS | CODE_FIELDS | REFERENCE_FIELDS
# Fields only a stage change may write: an ordinary edit naming one is refused.
STAGE_OWNED_FIELDS = frozenset({"stage", "stage_kind", "probability", "history", "stage_enter_time", "stale",
                                "version", "create_time", "update_time", "id"})

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    kind: Kind
    order: int = 0  # position in the forward order; 0 for LOST / PAUSED
    default_probability: Decimal = Decimal(0)
    days_to_stale: int = 0  # 0 = never stale
    required_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageConfig:
    """One immutable version of the pipeline."""

    version: int
    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        problems = config_problems(self.stages)
        if problems:
            raise InvalidArgument(violations=problems)

    def stage(self, code: str) -> Stage:
        found = next((s for s in self.stages if s.code == code), None)
        if found is None:
            raise FailedPrecondition(f"stage {code!r} is not in stage configuration version {self.version}",
                                     reason="UNKNOWN_STAGE")
        return found

    def has(self, code: str) -> bool:
        return any(s.code == code for s in self.stages)

    @property
    def forward(self) -> tuple[Stage, ...]:
        """OPEN and WON stages in their order."""
        return tuple(sorted((s for s in self.stages if s.kind in FORWARD_KINDS), key=lambda s: s.order))

    @property
    def first(self) -> Stage:
        return self.forward[0]

    @property
    def lost(self) -> Stage:
        return next(s for s in self.stages if s.kind is Kind.LOST)

    @property
    def paused(self) -> Stage | None:
        return next((s for s in self.stages if s.kind is Kind.PAUSED), None)

    @property
    def first_won(self) -> Stage:
        """Entering this stage is "signing" for events and the funnel."""
        return next(s for s in self.forward if s.kind is Kind.WON)

    def index(self, code: str) -> int:
        """Position of a forward stage (0-based) — the funnel's notion of "reached"."""
        for i, s in enumerate(self.forward):
            if s.code == code:
                return i
        return -1


def config_problems(stages: Sequence[Stage], codes_in_use: Iterable[str] = ()) -> list[FieldViolation]:
    """Every reason `stages` cannot be published, as `stages[i].<field>` violations."""
    out: list[FieldViolation] = []
    seen: set[str] = set()
    for i, s in enumerate(stages):
        where = f"stages[{i}]"
        if not _CODE.match(s.code):
            out.append(FieldViolation(f"{where}.code", "upper-case letters, digits and _ (2–32), letter first"))
        elif s.code in seen:
            out.append(FieldViolation(f"{where}.code", f"duplicate stage code {s.code}"))
        seen.add(s.code)
        if not s.name.strip():
            out.append(FieldViolation(f"{where}.name", "a stage needs a name"))
        if not Decimal(0) <= s.default_probability <= Decimal(1):
            out.append(FieldViolation(f"{where}.default_probability", "a probability is between 0 and 1"))
        if s.days_to_stale < 0:
            out.append(FieldViolation(f"{where}.days_to_stale", "must not be negative (0 = never stale)"))
        if s.kind in FORWARD_KINDS and s.order <= 0:
            out.append(FieldViolation(f"{where}.order", "OPEN and WON stages need a positive order"))
        if s.kind not in FORWARD_KINDS and s.order != 0:
            out.append(FieldViolation(f"{where}.order", "LOST and PAUSED stages are outside the order (0)"))
        for name in s.required_fields:
            if name not in REQUIRABLE_FIELDS:
                out.append(FieldViolation(f"{where}.required_fields",
                                          f"{name!r} is not a project field a stage can require"))
    forward = sorted((s for s in stages if s.kind in FORWARD_KINDS), key=lambda s: s.order)
    orders = [s.order for s in forward]
    if len(set(orders)) != len(orders):
        out.append(FieldViolation("stages", "two forward stages share an order"))
    kinds = [s.kind for s in stages]
    if kinds.count(Kind.LOST) != 1:
        out.append(FieldViolation("stages", "exactly one LOST stage is needed"))
    if kinds.count(Kind.PAUSED) > 1:
        out.append(FieldViolation("stages", "at most one PAUSED stage"))
    if Kind.OPEN not in kinds or Kind.WON not in kinds:
        out.append(FieldViolation("stages", "at least one OPEN and one WON stage are needed"))
    if forward and any(a.kind is Kind.WON and b.kind is Kind.OPEN for a, b in zip(forward, forward[1:], strict=False)):
        out.append(FieldViolation("stages", "OPEN stages come before WON stages in the order"))
    missing = sorted(set(codes_in_use) - seen)
    if missing:
        out.append(FieldViolation("stages", f"stages still used by projects cannot be removed: {', '.join(missing)}"))
    return out


def _p(text: str) -> Decimal:
    return Decimal(text)


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("LEAD", "线索", Kind.OPEN, 1, _p("0.1"), 30),
    Stage("NEGOTIATION", "洽谈", Kind.OPEN, 2, _p("0.3"), 45),
    Stage("SIGNED", "签约", Kind.WON, 3, _p("0.6"), 60, ("signed_date", "signed_amount_wan")),
    Stage("REGISTERED", "注册", Kind.WON, 4, _p("0.75"), 90, ("registered_credit_code",)),
    Stage("CONSTRUCTION", "开工", Kind.WON, 5, _p("0.9"), 180, ("start_date", "received_amount_wan")),
    Stage("PRODUCTION", "投产", Kind.WON, 6, _p("1"), 0, ("production_date",)),
    Stage("PAUSED", "暂缓", Kind.PAUSED, 0, _p("0.05"), 0),
    Stage("LOST", "流失", Kind.LOST, 0, _p("0"), 0),
)
DEFAULT_CONFIG = StageConfig(1, DEFAULT_STAGES)


def publish(previous: StageConfig, stages: Sequence[Stage], expected_version: int,
            codes_in_use: Iterable[str]) -> StageConfig:
    """The next version, checked: `expected_version` must be the current one (else ABORTED via
    the caller's conditional insert) and every stage code in use must remain."""
    if expected_version != previous.version:
        raise Conflict(f"stage configuration is at version {previous.version}, not {expected_version}",
                       reason="STALE_VERSION")
    problems = config_problems(stages, codes_in_use)
    if problems:
        raise InvalidArgument(violations=[FieldViolation(f"stage_config.{v.field}", v.description)
                                          for v in problems])
    return StageConfig(previous.version + 1, tuple(stages))


# ---------------------------------------------------------------------------------------------
# History


@dataclass(frozen=True)
class Snapshot:
    """Amounts and signing date as they were at a stage change (the funnel reads only these)."""

    amount_wan: Decimal | None = None
    signed_amount_wan: Decimal | None = None
    received_amount_wan: Decimal | None = None
    signed_date: date | None = None


@dataclass(frozen=True)
class StageChange:
    """One history entry: from, to, when, who, why (and what rules and amounts applied)."""

    from_stage: str
    to_stage: str
    time: datetime
    actor: str
    reason: str
    action: str  # create, advance, skip, back, pause, resume, lose, restore
    probability: Decimal
    config_version: int
    snapshot: Snapshot = field(default_factory=Snapshot)


@dataclass(frozen=True)
class Move:
    """A validated stage change, before it is timed and recorded."""

    action: str
    from_stage: str
    to_stage: str
    probability: Decimal
    reason: str
    # Required-field values given with the move, parsed (date, Decimal or str).
    field_updates: Mapping[str, object] = field(default_factory=dict)

    def record(self, config: StageConfig, actor: str, now: datetime, snapshot: Snapshot) -> StageChange:
        return StageChange(self.from_stage, self.to_stage, now, actor, self.reason, self.action,
                           self.probability, config.version, snapshot)


def creation(config: StageConfig, actor: str, now: datetime, snapshot: Snapshot) -> StageChange:
    """The entry that opens a project's history: into the first stage at its probability."""
    first = config.first
    return StageChange("", first.code, now, actor, "", "create", first.default_probability, config.version, snapshot)


def parse_field(name: str, raw: str, where: str) -> object:
    """A required-field value from its string form, or INVALID_ARGUMENT naming `where`."""
    if name in DATE_FIELDS:
        return parse_date(raw, where)
    if name in AMOUNT_FIELDS:
        return money.parse_wan(raw, where)
    if name in CODE_FIELDS:
        return credit_code.validate_credit_code(raw, where)
    if name in REFERENCE_FIELDS:
        if not raw.strip():
            raise InvalidArgument.field(where, "must not be empty")
        return raw.strip()
    raise InvalidArgument.field(where, f"{name!r} cannot be set with a stage change")


def parse_date(raw: str, where: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidArgument.field(where, f"{raw!r} is not a date (YYYY-MM-DD)") from None


def _paused_from(history: Sequence[StageChange], paused_code: str) -> str:
    for entry in reversed(history):
        if entry.to_stage == paused_code and entry.action == "pause":
            return entry.from_stage
    raise FailedPrecondition("the project's history does not say which stage it was paused from",
                             reason="HISTORY_INCONSISTENT")


def _lost_from(history: Sequence[StageChange]) -> str:
    for entry in reversed(history):
        if entry.action == "lose":
            return entry.from_stage
    raise FailedPrecondition("the project's history does not say which stage it was lost from",
                             reason="HISTORY_INCONSISTENT")


def _need_reason(reason: str, what: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidArgument.field("reason", f"{what} needs a reason")
    return text


def plan_advance(config: StageConfig, current_code: str, history: Sequence[StageChange], *,
                 target_code: str = "", privileged: bool = False, reason: str = "",
                 given: Mapping[str, str] | None = None,
                 known: Mapping[str, object] | None = None) -> Move:
    """Validate a move of a project at `current_code` to `target_code` (empty = the next stage;
    from PAUSED, the stage it was paused from).

    `given` are required-field values sent with the request (strings, validated here);
    `known` are the project's current values (set ones count as present). Forward moves must
    supply the required fields of every stage they enter or pass through.
    """
    given = dict(given or {})
    known = dict(known or {})
    current = config.stage(current_code)
    if current.kind is Kind.LOST:
        raise FailedPrecondition("a lost project is terminal; restore it (:restore) with a reason first",
                                 reason="PROJECT_LOST")
    base = config.stage(_paused_from(history, current.code)) if current.kind is Kind.PAUSED else current
    if target_code:
        if not config.has(target_code):
            codes = ", ".join(s.code for s in config.stages)
            raise InvalidArgument.field("target_stage", f"unknown stage {target_code!r}; one of {codes}")
        target = config.stage(target_code)
    elif current.kind is Kind.PAUSED:
        target = base
    else:
        later = [s for s in config.forward if s.order > current.order]
        if not later:
            raise FailedPrecondition(f"{current.name} ({current.code}) is the last stage", reason="LAST_STAGE")
        target = later[0]
    if target.kind is Kind.LOST:
        raise InvalidArgument.field("target_stage", "a project is marked lost with :markLost, which needs a reason")
    if target.code == current.code:
        raise FailedPrecondition(f"the project is already in {current.name} ({current.code})", reason="SAME_STAGE")

    if target.kind is Kind.PAUSED:
        return Move("pause", current.code, target.code, target.default_probability,
                    _need_reason(reason, "pausing a project"))

    forward = config.forward
    step = config.index(target.code) - config.index(base.code)
    if step == 0:
        action = "resume"
    elif step == 1:
        action = "resume" if current.kind is Kind.PAUSED else "advance"
    elif step > 1:
        action = "skip"
    else:
        action = "back"
    if action in ("skip", "back"):
        if not privileged:
            raise PermissionDenied(f"skipping a stage or going back needs {OVERRIDE_PERMISSION}",
                                   reason="OVERRIDE_REQUIRED")
        _need_reason(reason, "skipping a stage or going back")

    updates: dict[str, object] = {}
    violations: list[FieldViolation] = []
    for name, raw in sorted(given.items()):
        try:
            updates[name] = parse_field(name, raw, f"fields.{name}")
        except InvalidArgument as err:
            violations.extend(err.violations)
    if step > 0:
        entered = forward[config.index(base.code) + 1: config.index(target.code) + 1]
        for stage in entered:
            for name in stage.required_fields:
                if name in updates or name in given:
                    continue
                value = known.get(name)
                if value is None or value == "":
                    violations.append(FieldViolation(f"fields.{name}",
                                                     f"required to enter {stage.name} ({stage.code})"))
    if violations:
        raise InvalidArgument(violations=_unique(violations))
    return Move(action, current.code, target.code, target.default_probability, reason.strip(), updates)


def _unique(violations: list[FieldViolation]) -> list[FieldViolation]:
    seen: set[str] = set()
    out = []
    for v in violations:
        if v.field not in seen:
            seen.add(v.field)
            out.append(v)
    return out


def plan_lose(config: StageConfig, current_code: str, reason: str) -> Move:
    """Mark lost: from any stage that is not already lost, with a reason; probability 0
    (the LOST stage's default)."""
    current = config.stage(current_code)
    if current.kind is Kind.LOST:
        raise FailedPrecondition("the project is already lost", reason="PROJECT_LOST")
    lost = config.lost
    why = _need_reason(reason, "marking a project lost")
    return Move("lose", current.code, lost.code, lost.default_probability, why)


def plan_restore(config: StageConfig, current_code: str, history: Sequence[StageChange], reason: str) -> Move:
    """Restore a lost project to the stage it was lost from, at that stage's probability."""
    current = config.stage(current_code)
    if current.kind is not Kind.LOST:
        raise FailedPrecondition(f"only a lost project can be restored; it is in {current.name}",
                                 reason="NOT_LOST")
    why = _need_reason(reason, "restoring a lost project")
    back_to = config.stage(_lost_from(history))
    return Move("restore", current.code, back_to.code, back_to.default_probability, why)


def check_ordinary_edit(paths: Iterable[str]) -> None:
    """INVALID_ARGUMENT naming each field an ordinary edit may not touch (stage, probability,
    history ... change only through :advance / :markLost / :restore)."""
    bad = [FieldViolation(f"update_mask.{p}", "changes only through :advance, :markLost or :restore"
                          if p in ("stage", "stage_kind", "probability", "history", "stage_enter_time")
                          else "output only")
           for p in sorted(set(paths)) if p.split(".")[0] in STAGE_OWNED_FIELDS]
    if bad:
        raise InvalidArgument(violations=bad)


def days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400.0


def is_stale(stage: Stage, enter_time: datetime, now: datetime) -> bool:
    """A stay in an OPEN or WON stage longer than its days-to-stale (0 = never)."""
    return (stage.kind in FORWARD_KINDS and stage.days_to_stale > 0
            and days_between(enter_time, now) > stage.days_to_stale)
