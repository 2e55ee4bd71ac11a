"""Alert rules: the default of each station kind (seeded once, then owned by the admins) and
station-specific overrides of the same indicator."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from jlp_common.errors import FieldViolation, InvalidArgument, NotFound
from jlp_environment.domain.alerts import RuleSpec, validate_rule
from jlp_environment.domain.indicators import DEFAULT_RULES, INDICATORS
from jlp_environment.domain.stations import StationKind
from jlp_environment.models import AlertRule, Station

SEVERITIES = ("MINOR", "MAJOR", "CRITICAL")
EDITABLE = ("raise_above", "clear_at_or_below", "raise_after", "clear_after", "max_gap_hours",
            "severity", "enabled", "description")


def default_rule_id(kind: StationKind) -> str:
    return f"default-{kind.value.lower().replace('_', '-')}"


def spec_of(rule: AlertRule) -> RuleSpec:
    return RuleSpec(rule.raise_above, rule.clear_at_or_below, rule.raise_after,
                    rule.clear_after, rule.max_gap_hours)


class RuleBook:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock

    def ensure_defaults(self) -> None:
        """Insert each kind's default rule if it is not there (never overwrites an edit)."""
        for default in DEFAULT_RULES:
            rule_id = default_rule_id(default.kind)
            if AlertRule.objects(id=rule_id).first() is not None:
                continue
            AlertRule(id=rule_id, station_kind=default.kind.value, indicator=default.indicator,
                      raise_above=default.spec.raise_above,
                      clear_at_or_below=default.spec.clear_at_or_below,
                      raise_after=default.spec.raise_after, clear_after=default.spec.clear_after,
                      max_gap_hours=default.spec.max_gap_hours, severity=default.severity,
                      enabled=True, description=default.description,
                      update_time=self.clock()).save()

    def effective(self, station: Station) -> list[AlertRule]:
        """The rules that apply to a station: its overrides, else its kind's defaults."""
        rules = list(AlertRule.objects(station_kind=station.kind,
                                       station_id__in=["", str(station.id)]))
        chosen: dict[str, AlertRule] = {}
        for rule in sorted(rules, key=lambda r: r.station_id != ""):
            chosen[rule.indicator] = rule  # station-specific ones come last and win
        return [r for r in chosen.values() if r.enabled]

    def list(self, kind: StationKind | None) -> list[AlertRule]:
        qs = AlertRule.objects(station_kind=kind.value) if kind else AlertRule.objects()
        return sorted(qs, key=lambda r: (r.station_kind, r.station_id, r.id))

    def get(self, rule_id: str) -> AlertRule:
        rule = AlertRule.objects(id=rule_id).first()
        if rule is None:
            raise NotFound("AlertRule", rule_id)
        return rule

    def create(self, rule: AlertRule) -> AlertRule:
        """A station-specific override (a kind has exactly one default, seeded at start)."""
        problems: list[FieldViolation] = []
        station = Station.objects(id=rule.station_id).first() if _is_oid(rule.station_id) else None
        if not rule.station_id:
            problems.append(FieldViolation("alert_rule.station_id",
                                           "is required: a kind's default rule is edited, "
                                           "not created"))
        elif station is None:
            problems.append(FieldViolation("alert_rule.station_id", "unknown station"))
        default = INDICATORS.get(rule.indicator)
        if default is None:
            problems.append(FieldViolation("alert_rule.indicator",
                                           "one of " + ", ".join(sorted(INDICATORS))))
        elif station is not None and default.kind.value != station.kind:
            problems.append(FieldViolation("alert_rule.indicator",
                                           f"not an indicator of {station.kind} stations "
                                           f"({INDICATORS_BY_KIND[station.kind]})"))
        if not rule.severity and default is not None:
            rule.severity = default.severity
        problems += self._check(rule)
        if problems:
            raise InvalidArgument(violations=problems)
        assert station is not None
        rule.id = f"rule-{uuid.uuid4().hex[:12]}"
        rule.station_kind = station.kind
        rule.update_time = self.clock()
        rule.save(force_insert=True)
        return rule

    def update(self, rule_id: str, changes: AlertRule, paths: list[str]) -> AlertRule:
        rule = self.get(rule_id)
        bad = [FieldViolation(f"update_mask.{p}", "cannot be changed") for p in paths
               if p not in EDITABLE]
        if bad:
            raise InvalidArgument(violations=bad)
        for path in paths:
            setattr(rule, path, getattr(changes, path))
        problems = self._check(rule)
        if problems:
            raise InvalidArgument(violations=problems)
        rule.update_time = self.clock()
        rule.save()
        return rule

    @staticmethod
    def _check(rule: AlertRule) -> list[FieldViolation]:
        problems = validate_rule(spec_of(rule))
        if rule.severity not in SEVERITIES:
            problems.append(FieldViolation("alert_rule.severity", "one of " +
                                           ", ".join(SEVERITIES)))
        return problems


INDICATORS_BY_KIND = {d.kind.value: d.indicator for d in DEFAULT_RULES}


def _is_oid(text: str) -> bool:
    return len(text) == 24 and all(c in "0123456789abcdef" for c in text)
