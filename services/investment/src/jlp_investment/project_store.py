"""Projects in the store: create, edit, and stage changes as one version-guarded write.

A stage change reads the project, lets the domain (`stages.plan_*`) decide, then writes stage,
probability, the history entry and its events in one conditional update on `{_id, version}`
(DESIGN §4). A caller that sent an etag/version is refused with ABORTED when the project has
moved on; without one, a lost race is re-read and re-validated (so the second of two
concurrent advances either moves one stage further, legitimately, or is refused by the rules).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import IntEnum
from typing import Any

from mongoengine.errors import NotUniqueError
from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp.investment.v1 import events_pb2
from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.events.outbox import outbox_event
from jlp_common.pagination import PageTokens, page_size
from jlp_common.subjects import subject
from jlp_common.timeutil import Clock, as_utc, utc_now
from jlp_investment import convert
from jlp_investment.domain import fields, funnel, stages
from jlp_investment.domain.money import format_wan
from jlp_investment.domain.sites import SiteKind
from jlp_investment.domain.versioning import check_version
from jlp_investment.models import InvestorDoc, ProjectDoc
from jlp_investment.stage_configs import StageConfigs

STAGE_CHANGED = subject("investment", "project", "stage_changed")
SIGNED = subject("investment", "project", "signed")
LOST = subject("investment", "project", "lost")
RETRIES = 3
MAX_PAGE = 500


# --- stored forms ------------------------------------------------------------------------------
def stored(value: object, name: str = "") -> object:
    """A typed domain value as stored (ISO dates, canonical decimal strings)."""
    if name == "site_kind":
        return int(value or 0)  # type: ignore[call-overload]
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_wan(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, IntEnum):
        return int(value)
    return value


def typed_values(doc: ProjectDoc) -> dict[str, object]:
    """The project's editable fields as the domain types them (for cross-field checks and
    required-field presence)."""
    out: dict[str, object] = {}
    for name in fields.PROJECT_FIELDS - {"etag"}:
        raw = getattr(doc, name)
        if name in stages.DATE_FIELDS:
            out[name] = date.fromisoformat(raw) if raw else None
        elif name in stages.AMOUNT_FIELDS or name == "required_area_mu":
            out[name] = Decimal(raw) if raw else None
        elif name == "site_kind":
            out[name] = SiteKind(raw) if raw else None
        elif name == "tags":
            out[name] = tuple(raw)
        else:
            out[name] = raw
    return out


def snapshot(values: Mapping[str, object]) -> stages.Snapshot:
    signed = values.get("signed_date")
    return stages.Snapshot(values.get("amount_wan"), values.get("signed_amount_wan"),  # type: ignore[arg-type]
                           values.get("received_amount_wan"), signed if isinstance(signed, date) else None)  # type: ignore[arg-type]


def change_to_dict(c: stages.StageChange) -> dict[str, Any]:
    s = c.snapshot
    return {"from": c.from_stage, "to": c.to_stage, "time": c.time, "actor": c.actor, "reason": c.reason,
            "action": c.action, "probability": str(c.probability), "config_version": c.config_version,
            "amount_wan": format_wan(s.amount_wan) if s.amount_wan is not None else None,
            "signed_amount_wan": format_wan(s.signed_amount_wan) if s.signed_amount_wan is not None else None,
            "received_amount_wan": format_wan(s.received_amount_wan) if s.received_amount_wan is not None else None,
            "signed_date": s.signed_date.isoformat() if s.signed_date else None}


def change_from_dict(d: Mapping[str, Any]) -> stages.StageChange:
    def dec(key: str) -> Decimal | None:
        return Decimal(d[key]) if d.get(key) else None

    snap = stages.Snapshot(dec("amount_wan"), dec("signed_amount_wan"), dec("received_amount_wan"),
                           date.fromisoformat(d["signed_date"]) if d.get("signed_date") else None)
    return stages.StageChange(d["from"], d["to"], as_utc(d["time"]), d["actor"], d.get("reason", ""), d["action"],
                              Decimal(d["probability"]), d["config_version"], snap)


def history_of(doc: ProjectDoc) -> list[stages.StageChange]:
    return [change_from_dict(d) for d in doc.history]


def _doc(raw: Mapping[str, Any]) -> ProjectDoc:
    return ProjectDoc._from_son(raw)


# --- the store -------------------------------------------------------------------------------
class Projects:
    def __init__(self, configs: StageConfigs, tokens: PageTokens, clock: Clock = utc_now,
                 on_write: Callable[[], None] = lambda: None) -> None:
        self.configs, self.tokens, self.clock, self.on_write = configs, tokens, clock, on_write

    def get(self, project_id: str) -> ProjectDoc:
        doc = ProjectDoc.objects(id=project_id).first() if project_id else None
        if doc is None:
            raise NotFound("Project", project_id)
        return doc

    def _check_investor(self, investor_id: object) -> None:
        if not investor_id:
            return
        investor = InvestorDoc.objects(id=str(investor_id)).only("id", "state", "merged_into").first()
        if investor is None:
            raise InvalidArgument.field("project.investor_id", f"no investor {investor_id!r}")
        if investor.state == "MERGED":
            raise InvalidArgument.field("project.investor_id",
                                        f"investor {investor_id} was merged into {investor.merged_into}; use that one")

    def create(self, values: Mapping[str, Any], request_id: str, actor: str) -> ProjectDoc:
        if request_id:
            existing = ProjectDoc.objects(request_id=request_id).first()
            if existing is not None:
                return existing
        parsed = fields.parse_project(values)
        self._check_investor(parsed.get("investor_id"))
        config = self.configs.current()
        first = config.first
        missing = [FieldViolation(f"project.{n}", f"required to enter {first.name} ({first.code})")
                   for n in first.required_fields if parsed.get(n) in (None, "", ())]
        if missing:
            raise InvalidArgument(violations=missing)
        now = self.clock()
        entry = stages.creation(config, actor, now, snapshot(parsed))
        doc = ProjectDoc(id=uuid.uuid4().hex, request_id=request_id or None,
                         **{k: stored(v, k) for k, v in parsed.items()},
                         stage=first.code, stage_kind=int(first.kind), probability=str(first.default_probability),
                         stage_enter_time=now, history=[change_to_dict(entry)], create_time=now, update_time=now)
        doc.outbox = [self._changed_event(doc, entry, first.kind, 1)]
        try:
            with atomic():
                doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):
            winner = ProjectDoc.objects(request_id=request_id).first() if request_id else None
            if winner is None:
                raise
            return winner
        self.on_write()
        return doc

    def update(self, project_id: str, values: Mapping[str, Any], paths: list[str], expected: int) -> ProjectDoc:
        """An ordinary edit: never stage, probability or history (refused by the field check)."""
        for _ in range(RETRIES):
            doc = self.get(project_id)
            check_version("project", project_id, doc.version, expected)
            parsed = fields.parse_project(values, paths, current=typed_values(doc))
            if "investor_id" in parsed:
                self._check_investor(parsed["investor_id"])
            sets = {k: stored(v, k) for k, v in parsed.items()}
            sets["update_time"] = self.clock()
            won = compare_and_set(ProjectDoc._get_collection(), {"_id": doc.id, "version": doc.version},
                                  {"$set": sets, "$inc": {"version": 1}})
            if won is not None:
                return _doc(won)
            if expected:
                break
        raise Conflict(f"project {project_id} was changed concurrently; reload and retry", reason="STALE_VERSION")

    # --- stage changes ---------------------------------------------------------------------------
    def advance(self, project_id: str, *, target: str, reason: str, given: Mapping[str, str], expected: int,
                privileged: bool, actor: str) -> ProjectDoc:
        return self._transition(project_id, expected, actor, lambda doc, config: stages.plan_advance(
            config, doc.stage, history_of(doc), target_code=target, privileged=privileged, reason=reason,
            given=given, known=typed_values(doc)))

    def lose(self, project_id: str, reason: str, expected: int, actor: str) -> ProjectDoc:
        return self._transition(project_id, expected, actor,
                                lambda doc, config: stages.plan_lose(config, doc.stage, reason))

    def restore(self, project_id: str, reason: str, expected: int, actor: str) -> ProjectDoc:
        return self._transition(project_id, expected, actor, lambda doc, config: stages.plan_restore(
            config, doc.stage, history_of(doc), reason))

    def _transition(self, project_id: str, expected: int, actor: str,
                    plan: Callable[[ProjectDoc, stages.StageConfig], stages.Move]) -> ProjectDoc:
        for _ in range(RETRIES):
            doc = self.get(project_id)
            check_version("project", project_id, doc.version, expected)
            config = self.configs.current()
            move = plan(doc, config)
            now = self.clock()
            values = {**typed_values(doc), **move.field_updates}
            entry = move.record(config, actor, now, snapshot(values))
            target = config.stage(move.to_stage)
            sets: dict[str, Any] = {k: stored(v, k) for k, v in move.field_updates.items()}
            sets.update(stage=target.code, stage_kind=int(target.kind), probability=str(move.probability),
                        stage_enter_time=now, update_time=now)
            events = [self._changed_event(doc, entry, target.kind, doc.version + 1).to_mongo().to_dict()]
            won_before = any(config.has(h.to_stage) and config.stage(h.to_stage).kind is stages.Kind.WON
                             for h in history_of(doc))
            if target.kind is stages.Kind.WON and not won_before:
                events.append(outbox_event(SIGNED, convert.signed_event(
                    doc.id, doc.name, doc.investor_id, doc.industry_chain, doc.chain_link, doc.officer_id, entry),
                    subject_ref=f"projects/{doc.id}", time=now).to_mongo().to_dict())
            if move.action == "lose":
                events.append(outbox_event(LOST, convert.lost_event(doc.id, doc.name, doc.officer_id, entry),
                                           subject_ref=f"projects/{doc.id}", time=now).to_mongo().to_dict())
            update = {"$set": sets, "$push": {"history": change_to_dict(entry), "outbox": {"$each": events}},
                      "$inc": {"version": 1}}
            won = compare_and_set(ProjectDoc._get_collection(), {"_id": doc.id, "version": doc.version}, update)
            if won is not None:
                self.on_write()
                return _doc(won)
            if expected:
                break
        raise Conflict(f"project {project_id} was changed concurrently; reload and retry", reason="STALE_VERSION")

    @staticmethod
    def _changed_event(doc: ProjectDoc, entry: stages.StageChange, kind: stages.Kind, version: int) -> Any:
        message: events_pb2.ProjectStageChanged = convert.stage_changed_event(
            doc.id, doc.name, doc.industry_chain, doc.officer_id, Decimal(doc.amount_wan), entry, kind, version)
        return outbox_event(STAGE_CHANGED, message, subject_ref=f"projects/{doc.id}", time=entry.time)

    # --- queries -------------------------------------------------------------------------------------
    def stale_condition(self, config: stages.StageConfig, now: datetime) -> Q:
        condition = Q(id="__none__")
        for s in config.stages:
            if s.kind in stages.FORWARD_KINDS and s.days_to_stale > 0:
                condition |= Q(stage=s.code, stage_enter_time__lt=now - timedelta(days=s.days_to_stale))
        return condition

    def list(self, filters: Mapping[str, Any], requested_size: int, token: str) -> tuple[list[ProjectDoc], str]:
        size = page_size(requested_size, maximum=MAX_PAGE)
        query = {k: v for k, v in filters.items() if v}
        position = self.tokens.decode(token, query)
        found = ProjectDoc.objects.exclude("outbox")
        for key in ("stage", "industry_chain", "officer_id", "investor_id", "stage_kind"):
            if query.get(key):
                found = found.filter(**{key: query[key]})
        if query.get("tag"):
            found = found.filter(tags=query["tag"])
        if query.get("stale_only"):
            found = found.filter(self.stale_condition(self.configs.current(), self.clock()))
        if position:
            moment = datetime.fromisoformat(position["t"])
            found = found.filter(Q(create_time__lt=moment) | Q(create_time=moment, id__lt=position["id"]))
        docs = list(found.order_by("-create_time", "-id").limit(size + 1))
        return self.tokens.page(docs, size, lambda d: {"t": as_utc(d.create_time).isoformat(), "id": d.id}, query)

    def histories(self, industry_chain: str = "", officer_id: str = "") -> list[funnel.ProjectHistory]:
        found = ProjectDoc.objects.only("id", "name", "industry_chain", "officer_id", "history")
        if industry_chain:
            found = found.filter(industry_chain=industry_chain)
        if officer_id:
            found = found.filter(officer_id=officer_id)
        return [funnel.ProjectHistory(d.id, d.name, d.industry_chain, d.officer_id, tuple(history_of(d)))
                for d in found]

    def is_stale(self, doc: ProjectDoc, config: stages.StageConfig) -> bool:
        return config.has(doc.stage) and stages.is_stale(config.stage(doc.stage), as_utc(doc.stage_enter_time),
                                                         self.clock())

