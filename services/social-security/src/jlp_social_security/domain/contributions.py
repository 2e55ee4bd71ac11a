"""Monthly contributions: base clamping, amounts to the fen, the rate snapshot, record keys,
arrears as adjustment records.

Rules (reference social-insurance-chongqing.md):
- §2.1 `base = min(max(wage, floor), cap)`; the same limits for every insurance type.
- §1 each item is `base × rate` per party, plus a fixed employee amount where configured
  (大额医疗互助 5 yuan/month); work injury uses the employer's industry-class rate, employee 0.
- Amounts are rounded per item and party to the fen, half-up (money.ROUNDING_RULE).
- §4 worked example: wage 8,000 → employer 2,136.00, employee 845.00.

A REGULAR record is unique per (person, insurance type, month) — `RecordKey` — which makes the
monthly run idempotent: the storage layer inserts with the key as identity, and a second insert
of the same key is a no-op. Corrections never edit a stored record; they add ADJUSTMENT records
holding the difference (arrears positive, refunds negative), each with its own rate snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jlp_common.errors import FailedPrecondition, InvalidArgument

from .calendar import Month
from .insurance import InsuranceType
from .money import ZERO, to_fen
from .rates import RateSchedule, ScheduleBook


class BaseClamp(StrEnum):
    WITHIN_LIMITS = "WITHIN_LIMITS"
    RAISED_TO_FLOOR = "RAISED_TO_FLOOR"
    CUT_TO_CAP = "CUT_TO_CAP"


class RecordKind(StrEnum):
    REGULAR = "REGULAR"
    ADJUSTMENT = "ADJUSTMENT"


@dataclass(frozen=True)
class ContributionLine:
    """One item's amounts with the rates used (the snapshot kept on the record)."""

    item: str
    insurance_type: InsuranceType
    employer_rate: Decimal
    employee_rate: Decimal
    employee_fixed: Decimal
    employer_amount: Decimal
    employee_amount: Decimal


@dataclass(frozen=True)
class Quote:
    """The contribution of one wage in one month."""

    month: Month
    wage: Decimal
    base: Decimal
    clamp: BaseClamp
    schedule: RateSchedule
    lines: tuple[ContributionLine, ...]

    @property
    def employer_total(self) -> Decimal:
        return sum((line.employer_amount for line in self.lines), ZERO)

    @property
    def employee_total(self) -> Decimal:
        return sum((line.employee_amount for line in self.lines), ZERO)


def clamp_base(wage: Decimal, floor: Decimal, cap: Decimal) -> tuple[Decimal, BaseClamp]:
    """§2.1: the wage raised to the floor or cut to the cap."""
    if wage < floor:
        return floor, BaseClamp.RAISED_TO_FLOOR
    if wage > cap:
        return cap, BaseClamp.CUT_TO_CAP
    return wage, BaseClamp.WITHIN_LIMITS


def _lines(schedule: RateSchedule, base: Decimal, types: Sequence[InsuranceType],
           work_injury_class: int | None) -> tuple[ContributionLine, ...]:
    out = []
    for insurance_type in types:
        for item in schedule.items_of(insurance_type):
            employer_rate, employee_rate = item.employer_rate, item.employee_rate
            if insurance_type is InsuranceType.WORK_INJURY:
                if work_injury_class is None:
                    raise InvalidArgument.field("work_injury_class", "is required for WORK_INJURY")
                employer_rate, employee_rate = schedule.work_injury_rate(work_injury_class), Decimal(0)
            out.append(ContributionLine(
                item.item, insurance_type, employer_rate, employee_rate, item.employee_fixed,
                to_fen(base * employer_rate), to_fen(base * employee_rate + item.employee_fixed)))
    return tuple(out)


def calculate(wage: Decimal, month: Month, book: ScheduleBook,
              types: Iterable[InsuranceType] = tuple(InsuranceType),
              work_injury_class: int | None = None) -> Quote:
    """The quote for `wage` in `month` under the schedule in force then."""
    if wage < 0:
        raise InvalidArgument.field("wage", "must not be negative")
    ordered = [t for t in InsuranceType if t in set(types)]
    schedule = book.for_month(month)
    base, clamp = clamp_base(wage, schedule.base_floor, schedule.base_cap)
    return Quote(month, wage, base, clamp, schedule, _lines(schedule, base, ordered, work_injury_class))


@dataclass(frozen=True, order=True)
class RecordKey:
    """Identity of a REGULAR record: one per person, insurance type and month."""

    person_id: str
    insurance_type: InsuranceType
    month: Month

    def as_id(self) -> str:
        """A deterministic document id, so re-inserting the same key finds the same document."""
        return f"{self.person_id}:{self.insurance_type.value}:{self.month}"


@dataclass(frozen=True)
class ContributionRecord:
    key: RecordKey
    kind: RecordKind
    wage: Decimal
    base: Decimal
    clamp: BaseClamp
    schedule_id: str
    lines: tuple[ContributionLine, ...]
    enrolment_id: str = ""
    employer_credit_code: str = ""
    adjusts_record_id: str = ""
    reason: str = ""
    sequence: int = 0  # ADJUSTMENT: 1, 2 ... per key
    notes: tuple[str, ...] = field(default=())

    @property
    def record_id(self) -> str:
        base = self.key.as_id()
        return base if self.kind is RecordKind.REGULAR else f"{base}:adj{self.sequence}"

    @property
    def employer_amount(self) -> Decimal:
        return sum((line.employer_amount for line in self.lines), ZERO)

    @property
    def employee_amount(self) -> Decimal:
        return sum((line.employee_amount for line in self.lines), ZERO)


def regular_record(key: RecordKey, wage: Decimal, book: ScheduleBook, *, work_injury_class: int | None = None,
                   enrolment_id: str = "", employer_credit_code: str = "") -> ContributionRecord:
    """The REGULAR record of one key (only the items of its insurance type)."""
    quote = calculate(wage, key.month, book, [key.insurance_type], work_injury_class)
    return ContributionRecord(key, RecordKind.REGULAR, wage, quote.base, quote.clamp, quote.schedule.id,
                              quote.lines, enrolment_id, employer_credit_code)


def adjustment_record(stored: Sequence[ContributionRecord], corrected_wage: Decimal, book: ScheduleBook,
                      reason: str, *, work_injury_class: int | None = None) -> ContributionRecord:
    """Arrears or a correction for a past month: what the corrected wage makes due under that
    month's schedule, minus what the key's stored records (regular + earlier adjustments) hold.

    FAILED_PRECONDITION without a regular record for the key, or when nothing differs (so a
    repeated correction to the same wage adds nothing)."""
    if not reason.strip():
        raise InvalidArgument.field("reason", "is required: say why the month is corrected")
    regular = [r for r in stored if r.kind is RecordKind.REGULAR]
    if len(regular) != 1:
        raise FailedPrecondition("the month has no regular contribution record to adjust",
                                 reason="NO_REGULAR_RECORD")
    original = regular[0]
    if any(r.key != original.key for r in stored):
        raise ValueError("records of different keys")
    due = regular_record(original.key, corrected_wage, book, work_injury_class=work_injury_class)
    held_employer: dict[str, Decimal] = {}
    held_employee: dict[str, Decimal] = {}
    for record in stored:
        for line in record.lines:
            held_employer[line.item] = held_employer.get(line.item, ZERO) + line.employer_amount
            held_employee[line.item] = held_employee.get(line.item, ZERO) + line.employee_amount
    lines = tuple(
        ContributionLine(line.item, line.insurance_type, line.employer_rate, line.employee_rate,
                         line.employee_fixed,
                         line.employer_amount - held_employer.get(line.item, ZERO),
                         line.employee_amount - held_employee.get(line.item, ZERO))
        for line in due.lines)
    if all(line.employer_amount == 0 and line.employee_amount == 0 for line in lines):
        raise FailedPrecondition("the corrected wage gives the amounts already recorded",
                                 reason="NOTHING_TO_ADJUST")
    sequence = 1 + max((r.sequence for r in stored if r.kind is RecordKind.ADJUSTMENT), default=0)
    return ContributionRecord(original.key, RecordKind.ADJUSTMENT, corrected_wage, due.base, due.clamp,
                              due.schedule_id, lines, original.enrolment_id, original.employer_credit_code,
                              adjusts_record_id=original.record_id, reason=reason.strip(), sequence=sequence)


def contribution_months(records: Iterable[ContributionRecord],
                        insurance_type: InsuranceType = InsuranceType.PENSION,
                        until: Month | None = None) -> int:
    """Months with a positive net contribution of `insurance_type` (regular + adjustments),
    optionally up to and including `until` — the count a pension claim is checked against."""
    net: dict[Month, Decimal] = {}
    for record in records:
        if record.key.insurance_type is not insurance_type:
            continue
        if until is not None and record.key.month > until:
            continue
        net[record.key.month] = net.get(record.key.month, ZERO) + record.employer_amount + record.employee_amount
    return sum(1 for total in net.values() if total > 0)
