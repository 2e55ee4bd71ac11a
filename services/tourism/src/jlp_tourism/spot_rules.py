"""A spot as the rules see it, built from its stored document (one place for the mapping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from jlp_tourism.domain.quota import QuotaPolicy, daily_quota, policy_on
from jlp_tourism.domain.slots import OpeningHours, Slot, day_slots, opening_hours
from jlp_tourism.domain.tickets import EntryWindow
from jlp_tourism.models import Spot


@dataclass(frozen=True)
class SpotRules:
    doc: Spot
    hours: OpeningHours
    policies: tuple[QuotaPolicy, ...]

    @classmethod
    def of(cls, doc: Spot) -> SpotRules:
        hours = opening_hours(doc.open_time, doc.close_time, doc.last_entry_time,
                              [date.fromisoformat(d) for d in doc.closed_dates])
        policies = tuple(QuotaPolicy(Decimal(p.share), date.fromisoformat(p.effective_date), p.note)
                         for p in doc.quota_policies)
        return cls(doc, hours, policies)

    def share_on(self, day: date) -> Decimal:
        policy = policy_on(self.policies, day)
        return policy.share if policy is not None else Decimal(0)

    def daily_quota(self, day: date) -> int:
        return daily_quota(self.doc.capacity.daily, self.share_on(day), self.doc.walk_in_reserve)

    def slots(self, day: date) -> list[Slot]:
        return day_slots(self.hours, day, self.doc.slot_minutes, self.daily_quota(day))

    @property
    def window(self) -> EntryWindow:
        return EntryWindow(timedelta(minutes=self.doc.early_entry_minutes),
                           timedelta(minutes=self.doc.late_entry_minutes))

    @property
    def cancel_deadline(self) -> timedelta:
        return timedelta(minutes=self.doc.cancel_deadline_minutes)

    @property
    def gate_ids(self) -> frozenset[str]:
        return frozenset(g.id for g in self.doc.gates)
