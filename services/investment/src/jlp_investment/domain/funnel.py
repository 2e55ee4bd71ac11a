"""The pipeline funnel, computed from stage history only.

Every figure is reconstructed from the projects' `StageChange` entries (the append-only
history each stage change writes), never from the projects' current fields, so the funnel of
a past period does not move when a project is edited today, and every number can be traced to
entries. Calendar buckets (quarters, months, dates) are in China time (UTC+8, no DST).

Metrics (the same definitions as the FunnelReport message):

- **Stage conversion by cohort.** A cohort is the quarter of a project's `create` entry, for
  creates in [start, end). A project *reached* a forward stage when any of its entries entered
  that stage or a later one of the current configuration's forward order (a skip passes through
  the stages skipped; going back does not undo having reached). For consecutive forward stages
  A → B: reached_from = cohort projects that reached A, reached_to = those that reached B,
  rate = reached_to / reached_from (absent when nobody reached A).
- **Median days per stage.** A stay in stage S runs from the entry that entered S to the next
  entry of the same project. Over the stays that ended in [start, end): the median length in
  days per stage (open stays are not counted — they have no length yet).
- **Stale projects.** A project whose last entry put it in an OPEN or WON stage with a
  days-to-stale limit, longer ago than the limit, at `now`.
- **Signed amounts.** A project's signing is its first entry into a WON stage; its signed amount
  and signing date are that entry's snapshot (the entry time's date when the snapshot has none).
  Signings dated in [start, end) are summed by industry chain, officer and quarter.
- **Received amounts.** The received amount is carried forward through a project's entries;
  each increase (or correction) between consecutive entries counts on the later entry's date.
  Changes dated in [start, end) are summed by industry chain, officer and quarter.
- **Weighted pipeline by month.** For each calendar month overlapping [start, end), at the
  month's end (or `end`, if earlier): Σ amount × probability over the projects created by then,
  each taken at its last entry at or before that instant (amount carried forward from the
  latest entry that recorded one). A lost project contributes 0 and is not counted.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from jlp_common.errors import InvalidArgument
from jlp_investment.domain import money
from jlp_investment.domain.stages import Kind, StageChange, StageConfig, days_between, is_stale

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
MAX_WINDOW = timedelta(days=366 * 5)


@dataclass(frozen=True)
class ProjectHistory:
    project_id: str
    name: str
    industry_chain: str
    officer_id: str
    entries: tuple[StageChange, ...]  # in time order; the first is the `create` entry


@dataclass(frozen=True)
class Conversion:
    cohort: str
    from_stage: str
    to_stage: str
    reached_from: int
    reached_to: int
    rate: float | None


@dataclass(frozen=True)
class Duration:
    stage: str
    median_days: float | None
    stays: int


@dataclass(frozen=True)
class Stale:
    project_id: str
    name: str
    stage: str
    days_in_stage: float
    days_to_stale: int
    officer_id: str


@dataclass(frozen=True)
class Bucket:
    dimension: str  # industry | officer | quarter
    key: str
    amount_wan: Decimal
    projects: int


@dataclass(frozen=True)
class MonthPoint:
    month: str
    weighted_amount_wan: Decimal
    projects: int


@dataclass(frozen=True)
class Funnel:
    start: datetime
    end: datetime
    conversions: tuple[Conversion, ...]
    durations: tuple[Duration, ...]
    stale: tuple[Stale, ...]
    signed: tuple[Bucket, ...]
    received: tuple[Bucket, ...]
    pipeline: tuple[MonthPoint, ...]
    config_version: int


def china_date(t: datetime) -> date:
    return t.astimezone(CHINA).date()


def quarter_of(d: date) -> str:
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def window(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """[start, end): default the 12 months before now; INVALID_ARGUMENT when reversed or over 5 years."""
    end = end or now
    start = start or end - timedelta(days=365)
    if end <= start:
        raise InvalidArgument.field("end_time", "must be after start_time")
    if end - start > MAX_WINDOW:
        raise InvalidArgument.field("start_time", "the window is at most 5 years")
    return start, end


def conversions(projects: Sequence[ProjectHistory], config: StageConfig, start: datetime,
                end: datetime) -> tuple[Conversion, ...]:
    forward = config.forward
    cohorts: dict[str, list[int]] = defaultdict(list)
    for p in projects:
        if not p.entries or not start <= p.entries[0].time < end:
            continue
        reached = max((config.index(e.to_stage) for e in p.entries), default=-1)
        cohorts[quarter_of(china_date(p.entries[0].time))].append(reached)
    out = []
    for cohort in sorted(cohorts):
        reached = cohorts[cohort]
        for i in range(len(forward) - 1):
            n_from = sum(1 for r in reached if r >= i)
            n_to = sum(1 for r in reached if r >= i + 1)
            out.append(Conversion(cohort, forward[i].code, forward[i + 1].code, n_from, n_to,
                                  round(n_to / n_from, 4) if n_from else None))
    return tuple(out)


def durations(projects: Sequence[ProjectHistory], config: StageConfig, start: datetime,
              end: datetime) -> tuple[Duration, ...]:
    stays: dict[str, list[float]] = defaultdict(list)
    for p in projects:
        for entered, left in zip(p.entries, p.entries[1:], strict=False):
            if start <= left.time < end:
                stays[entered.to_stage].append(days_between(entered.time, left.time))
    order = [s.code for s in config.forward] + [s.code for s in config.stages if s.kind not in (Kind.OPEN, Kind.WON)]
    order += sorted(set(stays) - set(order))  # stages of older configuration versions
    return tuple(Duration(code, round(statistics.median(stays[code]), 2) if stays[code] else None, len(stays[code]))
                 for code in order)


def stale_projects(projects: Sequence[ProjectHistory], config: StageConfig, now: datetime) -> tuple[Stale, ...]:
    out = []
    for p in projects:
        if not p.entries:
            continue
        last = p.entries[-1]
        if not config.has(last.to_stage):
            continue
        stage = config.stage(last.to_stage)
        if is_stale(stage, last.time, now):
            out.append(Stale(p.project_id, p.name, stage.code, round(days_between(last.time, now), 1),
                             stage.days_to_stale, p.officer_id))
    return tuple(sorted(out, key=lambda s: (-s.days_in_stage, s.project_id)))


def _buckets(items: Sequence[tuple[ProjectHistory, date, Decimal]]) -> tuple[Bucket, ...]:
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, day, amount in items:
        for key in (("industry", p.industry_chain), ("officer", p.officer_id), ("quarter", quarter_of(day))):
            sums[key] += amount
            members[key].add(p.project_id)
    return tuple(Bucket(dim, key, money.round_wan(sums[(dim, key)]), len(members[(dim, key)]))
                 for dim, key in sorted(sums))


def signed_amounts(projects: Sequence[ProjectHistory], config: StageConfig, start: datetime,
                   end: datetime) -> tuple[Bucket, ...]:
    won = {s.code for s in config.stages if s.kind is Kind.WON}
    items = []
    for p in projects:
        signing = next((e for e in p.entries if e.to_stage in won), None)
        if signing is None:
            continue
        day = signing.snapshot.signed_date or china_date(signing.time)
        if start <= datetime(day.year, day.month, day.day, tzinfo=CHINA) < end:  # the date's first instant
            items.append((p, day, signing.snapshot.signed_amount_wan or Decimal(0)))
    return _buckets(items)


def received_amounts(projects: Sequence[ProjectHistory], start: datetime, end: datetime) -> tuple[Bucket, ...]:
    items = []
    for p in projects:
        previous = Decimal(0)
        for e in p.entries:
            current = e.snapshot.received_amount_wan
            if current is None:
                continue
            change = current - previous
            previous = current
            if change and start <= e.time < end:
                items.append((p, china_date(e.time), change))
    return _buckets(items)


def _month_starts(start: datetime, end: datetime) -> list[datetime]:
    local = start.astimezone(CHINA)
    month = datetime(local.year, local.month, 1, tzinfo=CHINA)
    out = []
    while month < end:
        out.append(month)
        month = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=CHINA)
    return out


def weighted_pipeline(projects: Sequence[ProjectHistory], config: StageConfig, start: datetime,
                      end: datetime) -> tuple[MonthPoint, ...]:
    lost = {s.code for s in config.stages if s.kind is Kind.LOST}
    out = []
    for month in _month_starts(start, end):
        following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=CHINA)
        cut = min(following, end)
        total, count = Decimal(0), 0
        for p in projects:
            amount: Decimal | None = None
            last: StageChange | None = None
            for e in p.entries:
                if e.time >= cut:
                    break
                last = e
                if e.snapshot.amount_wan is not None:
                    amount = e.snapshot.amount_wan
            if last is None or last.to_stage in lost:
                continue
            count += 1
            total += (amount or Decimal(0)) * last.probability
        out.append(MonthPoint(f"{month.year}-{month.month:02d}", money.round_wan(total), count))
    return tuple(out)


def compute(projects: Sequence[ProjectHistory], config: StageConfig, *, start: datetime | None = None,
            end: datetime | None = None, now: datetime) -> Funnel:
    """Every funnel metric for `projects` (already filtered by chain / officer by the caller)."""
    start, end = window(start, end, now)
    ordered = [ProjectHistory(p.project_id, p.name, p.industry_chain, p.officer_id,
                              tuple(sorted(p.entries, key=lambda e: e.time))) for p in projects]
    return Funnel(start, end, conversions(ordered, config, start, end), durations(ordered, config, start, end),
                  stale_projects(ordered, config, now), signed_amounts(ordered, config, start, end),
                  received_amounts(ordered, start, end), weighted_pipeline(ordered, config, start, end),
                  config.version)
