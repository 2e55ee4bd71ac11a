"""Alert rules in the store (create with a retry key, read, patch with an etag)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound
from jlp_common.timeutil import Clock
from jlp_video_index.domain import alerts
from jlp_video_index.domain.district import BY_CODE
from jlp_video_index.models import AlertRule

EDITABLE = ("label", "subdistrict_code", "polygon", "min_score", "severity", "enabled", "description")


def _snake(path: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in path)


def _check(values: dict) -> None:
    problems, _ = alerts.check_rule(values["label"], values["min_score"], values["subdistrict_code"],
                                    values["polygon"], known_subdistricts=BY_CODE)
    if values["severity"] not in alerts.Severity.__members__:
        problems.append(FieldViolation("severity", "MINOR, MAJOR or CRITICAL"))
    if len(values["description"]) > 500:
        problems.append(FieldViolation("description", "at most 500 characters"))
    if problems:
        raise InvalidArgument("the alert rule is not valid",
                              [FieldViolation("alert_rule." + v.field, v.description) for v in problems])


class RuleBook:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def create(self, values: dict, request_id: str) -> AlertRule:
        _check(values)
        if request_id:
            done = AlertRule.objects(request_id=request_id).first()
            if done is not None:
                return done
        doc = AlertRule(id=uuid.uuid4().hex[:12], request_id=request_id, update_time=self.clock(), **values)
        try:
            with atomic():
                doc.save(force_insert=True)
        except DuplicateKeyError:
            return self.create(values, request_id)
        return doc

    def get(self, rule_id: str) -> AlertRule:
        doc = AlertRule.objects(id=rule_id).first()
        if doc is None:
            raise NotFound("AlertRule", rule_id)
        return doc

    def list(self, label: str = "") -> list[AlertRule]:
        return list(AlertRule.objects(**({"label": label} if label else {})).order_by("id"))

    def update(self, rule_id: str, given: dict, paths: Sequence[str], etag: str) -> AlertRule:
        fields = [_snake(p) for p in paths] or list(EDITABLE)
        unknown = [f for f in fields if f not in EDITABLE]
        if unknown:
            raise InvalidArgument("these fields cannot be changed",
                                  [FieldViolation("update_mask", f"{f} cannot be changed") for f in unknown])
        current = self.get(rule_id)
        merged = {f: given[f] if f in fields else getattr(current, f) for f in EDITABLE}
        _check(merged)
        expected = int(etag) if etag.isdigit() else current.version
        with atomic():
            won = AlertRule.objects(id=rule_id, version=expected).update_one(
                **{f"set__{k}": v for k, v in merged.items()}, set__update_time=self.clock(), inc__version=1)
        if not won:
            raise Conflict(f"alert rule {rule_id} changed since etag {etag}; read it again")
        return self.get(rule_id)
