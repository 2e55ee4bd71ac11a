"""Stored versions of the stage configuration (immutable; the newest is current)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.errors import Conflict, InvalidArgument, NotFound
from jlp_common.timeutil import Clock, utc_now
from jlp_investment.domain import stages
from jlp_investment.models import ProjectDoc, StageConfigDoc


def stage_to_dict(s: stages.Stage) -> dict:
    return {"code": s.code, "name": s.name, "kind": int(s.kind), "order": s.order,
            "default_probability": str(s.default_probability), "days_to_stale": s.days_to_stale,
            "required_fields": list(s.required_fields)}


def stage_from_dict(d: dict) -> stages.Stage:
    return stages.Stage(d["code"], d["name"], stages.Kind(d["kind"]), d["order"], Decimal(d["default_probability"]),
                        d["days_to_stale"], tuple(d["required_fields"]))


def config_of(doc: StageConfigDoc) -> stages.StageConfig:
    return stages.StageConfig(doc.id, tuple(stage_from_dict(d) for d in doc.stages))


class StageConfigs:
    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def ensure_default(self) -> None:
        """Version 1 = the default pipeline, written once (a concurrent writer's copy is equal)."""
        if StageConfigDoc.objects(id=1).first() is None:
            try:
                with atomic():
                    StageConfigDoc(id=1, stages=[stage_to_dict(s) for s in stages.DEFAULT_STAGES],
                                   note="default: 线索 → 洽谈 → 签约 → 注册 → 开工 → 投产", created_by="system",
                                   create_time=self.clock()).save(force_insert=True)
            except (NotUniqueError, DuplicateKeyError):
                pass

    def current_doc(self) -> StageConfigDoc:
        doc = StageConfigDoc.objects.order_by("-id").first()
        if doc is None:
            self.ensure_default()
            doc = StageConfigDoc.objects.order_by("-id").first()
        return doc

    def current(self) -> stages.StageConfig:
        return config_of(self.current_doc())

    def get_doc(self, version: str) -> StageConfigDoc:
        if version in ("", "current"):
            return self.current_doc()
        if not version.isdigit():
            raise InvalidArgument.field("version", 'a version number or "current"')
        doc = StageConfigDoc.objects(id=int(version)).first()
        if doc is None:
            raise NotFound("StageConfig", version)
        return doc

    def list(self) -> list[StageConfigDoc]:
        self.current_doc()
        return list(StageConfigDoc.objects.order_by("-id"))

    def publish(self, new_stages: Sequence[stages.Stage], expected_version: int, actor: str,
                note: str) -> StageConfigDoc:
        """Insert version current+1 (primary key = version: of two concurrent publishers one
        collides and gets ABORTED)."""
        previous = self.current()
        in_use = set(ProjectDoc.objects.distinct("stage"))
        config = stages.publish(previous, new_stages, expected_version, in_use)
        doc = StageConfigDoc(id=config.version, stages=[stage_to_dict(s) for s in config.stages], note=note[:500],
                             created_by=actor, create_time=self.clock())
        try:
            with atomic():
                doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):
            raise Conflict(f"stage configuration version {config.version} was just published by someone else",
                           reason="STALE_VERSION") from None
        return doc

    def all_configs(self) -> dict[int, stages.StageConfig]:
        return {d.id: config_of(d) for d in self.list()}
