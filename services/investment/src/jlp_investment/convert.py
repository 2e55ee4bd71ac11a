"""Protobuf ↔ domain translation for the storage-independent shapes: stage configuration,
stage history, reference data, match results, the funnel and the event payloads.

The only module that knows both the generated messages and the domain dataclasses; amounts
cross as canonical decimal strings (`money.format_wan`), probabilities as doubles rounded to
4 places (the domain keeps them as Decimal so Σ amount × probability is exact).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from jlp.investment.v1 import events_pb2 as events
from jlp.investment.v1 import investment_pb2 as pb
from jlp_common.errors import FieldViolation, InvalidArgument
from jlp_common.timeutil import to_timestamp as ts
from jlp_investment.domain import funnel, industry, matching, stages
from jlp_investment.domain.money import format_wan
from jlp_investment.domain.parks import Park

PROBABILITY_PLACES = Decimal("0.0001")


def amount(value: Decimal | None) -> str:
    return "" if value is None else format_wan(value)


def probability(value: Decimal) -> float:
    return float(value.quantize(PROBABILITY_PLACES))


# --- stage configuration ----------------------------------------------------------------------
def stage_to_pb(stage: stages.Stage) -> pb.Stage:
    return pb.Stage(code=stage.code, name=stage.name, kind=int(stage.kind), order=stage.order,
                    default_probability=probability(stage.default_probability), days_to_stale=stage.days_to_stale,
                    required_fields=list(stage.required_fields))


def stages_from_pb(items: list[pb.Stage], prefix: str = "stage_config.stages") -> tuple[stages.Stage, ...]:
    """Stages of a CreateStageConfig request; kinds and probabilities checked here, the rest by
    `stages.config_problems`."""
    out, bad = [], []
    for i, s in enumerate(items):
        if s.kind not in (k.value for k in stages.Kind):
            bad.append(FieldViolation(f"{prefix}[{i}].kind", "OPEN, WON, LOST or PAUSED"))
            continue
        if not 0.0 <= s.default_probability <= 1.0:
            bad.append(FieldViolation(f"{prefix}[{i}].default_probability", "a probability is between 0 and 1"))
            continue
        p = Decimal(repr(s.default_probability)).quantize(PROBABILITY_PLACES)
        out.append(stages.Stage(s.code.strip(), s.name.strip(), stages.Kind(s.kind), s.order, p, s.days_to_stale,
                                tuple(f.strip() for f in s.required_fields)))
    if bad:
        raise InvalidArgument(violations=bad)
    return tuple(out)


def config_to_pb(config: stages.StageConfig, *, note: str = "", created_by: str = "",
                 create_time: datetime | None = None) -> pb.StageConfig:
    return pb.StageConfig(version=config.version, stages=[stage_to_pb(s) for s in config.stages], note=note,
                          created_by=created_by, create_time=ts(create_time))


# --- history ------------------------------------------------------------------------------------
def change_to_pb(change: stages.StageChange) -> pb.StageChange:
    snap = change.snapshot
    return pb.StageChange(
        from_stage=change.from_stage, to_stage=change.to_stage, time=ts(change.time), actor=change.actor,
        reason=change.reason, action=change.action, probability=probability(change.probability),
        config_version=change.config_version, amount_wan=amount(snap.amount_wan),
        signed_amount_wan=amount(snap.signed_amount_wan), received_amount_wan=amount(snap.received_amount_wan),
        signed_date=snap.signed_date.isoformat() if snap.signed_date else "")


# --- reference data ------------------------------------------------------------------------------
def park_to_pb(park: Park) -> pb.Park:
    return pb.Park(id=park.id, name=park.name, subdistrict_codes=list(park.subdistrict_codes),
                   managed_by=park.managed_by, allowed_chains=list(park.allowed_chains),
                   focus_chains=list(park.focus_chains), center=pb.LatLng(lon=park.center[0], lat=park.center[1]))


def chain_to_pb(chain: industry.Chain) -> pb.IndustryChain:
    return pb.IndustryChain(code=chain.code, name=chain.name, links=[
        pb.ChainLink(code=lk.code, name=lk.name, position=lk.position, land_use_classes=list(lk.land_use_classes))
        for lk in chain.links])


# --- matching ------------------------------------------------------------------------------------
def match_result_to_pb(project_id: str, result: matching.MatchResult) -> pb.MatchSitesResponse:
    return pb.MatchSitesResponse(
        project_id=project_id,
        matches=[pb.SiteMatch(site_id=m.site_id, site_code=m.site_code, site_name=m.site_name, score=m.score,
                              rank=m.rank, reasons=[pb.MatchReason(criterion=r.criterion, points=r.points,
                                                                   max_points=r.max_points,
                                                                   explanation=r.explanation) for r in m.reasons])
                 for m in result.matches],
        rejected=[pb.SiteRejection(site_id=r.site_id, site_code=r.site_code, filter=r.filter,
                                   explanation=r.explanation) for r in result.rejected])


# --- funnel --------------------------------------------------------------------------------------
def funnel_to_pb(report: funnel.Funnel) -> pb.FunnelReport:
    def bucket(b: funnel.Bucket) -> pb.AmountBucket:
        return pb.AmountBucket(dimension=b.dimension, key=b.key, amount_wan=format_wan(b.amount_wan),
                               projects=b.projects)

    out = pb.FunnelReport(start_time=ts(report.start), end_time=ts(report.end),
                          stage_config_version=report.config_version)
    for c in report.conversions:
        item = pb.StageConversion(cohort=c.cohort, from_stage=c.from_stage, to_stage=c.to_stage,
                                  reached_from=c.reached_from, reached_to=c.reached_to)
        if c.rate is not None:
            item.rate = c.rate
        out.conversions.append(item)
    for d in report.durations:
        item = pb.StageDuration(stage=d.stage, stays=d.stays)
        if d.median_days is not None:
            item.median_days = d.median_days
        out.stage_durations.append(item)
    out.stale_projects.extend(pb.StaleProject(project_id=s.project_id, name=s.name, stage=s.stage,
                                              days_in_stage=s.days_in_stage, days_to_stale=s.days_to_stale,
                                              officer_id=s.officer_id) for s in report.stale)
    out.signed.extend(bucket(b) for b in report.signed)
    out.received.extend(bucket(b) for b in report.received)
    out.weighted_pipeline.extend(
        pb.MonthlyPipeline(month=m.month, weighted_amount_wan=format_wan(m.weighted_amount_wan), projects=m.projects)
        for m in report.pipeline)
    return out


# --- events ----------------------------------------------------------------------------------------
def stage_changed_event(project_id: str, name: str, chain: str, officer_id: str, amount_wan: Decimal | None,
                        change: stages.StageChange, kind: stages.Kind, version: int) -> events.ProjectStageChanged:
    return events.ProjectStageChanged(
        project_id=project_id, project_name=name, from_stage=change.from_stage, to_stage=change.to_stage,
        to_stage_kind=kind.name, action=change.action, probability=probability(change.probability),
        actor=change.actor, reason=change.reason, change_time=ts(change.time), project_version=version,
        industry_chain=chain, officer_id=officer_id, amount_wan=amount(amount_wan))


def signed_event(project_id: str, name: str, investor_id: str, chain: str, link: str, officer_id: str,
                 change: stages.StageChange) -> events.ProjectSigned:
    snap = change.snapshot
    return events.ProjectSigned(
        project_id=project_id, project_name=name, investor_id=investor_id,
        signed_date=snap.signed_date.isoformat() if snap.signed_date else "",
        signed_amount_wan=amount(snap.signed_amount_wan), industry_chain=chain, chain_link=link,
        officer_id=officer_id, change_time=ts(change.time))


def lost_event(project_id: str, name: str, officer_id: str, change: stages.StageChange) -> events.ProjectLost:
    return events.ProjectLost(project_id=project_id, project_name=name, lost_from_stage=change.from_stage,
                              reason=change.reason, actor=change.actor, officer_id=officer_id,
                              change_time=ts(change.time))
