"""Read-side computations over the store: site matching and the funnel (the rules are the
domain's; this module only gathers their inputs)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from jlp_common.errors import FailedPrecondition
from jlp_common.timeutil import Clock, utc_now
from jlp_investment.domain import funnel, matching
from jlp_investment.domain.parks import BY_ID as PARKS
from jlp_investment.domain.sites import SiteKind, SiteState
from jlp_investment.models import ProjectDoc, SiteDoc
from jlp_investment.project_store import Projects
from jlp_investment.site_store import building_terms, land_terms
from jlp_investment.stage_configs import StageConfigs


def offer_of(doc: SiteDoc) -> matching.SiteOffer:
    return matching.SiteOffer(doc.id, doc.code, doc.name, SiteKind(doc.kind), SiteState(doc.state), doc.reserved_for,
                              doc.park_id, doc.lon, doc.lat, doc.area_m2, land_terms(doc), building_terms(doc))


def needs_of(doc: ProjectDoc) -> matching.ProjectNeeds:
    if not doc.site_kind:
        raise FailedPrecondition("the project does not say which kind of site it needs (site_kind)",
                                 reason="SITE_KIND_UNKNOWN")
    return matching.ProjectNeeds(
        doc.id, SiteKind(doc.site_kind), doc.industry_chain, doc.chain_link, Decimal(doc.amount_wan),
        Decimal(doc.expected_annual_tax_wan) if doc.expected_annual_tax_wan else None,
        Decimal(doc.required_area_mu) if doc.required_area_mu else None, doc.required_floor_area_m2 or None,
        doc.land_use_code, doc.min_floor_load_kn_m2, doc.min_clear_height_m)


class Queries:
    def __init__(self, projects: Projects, configs: StageConfigs, clock: Clock = utc_now) -> None:
        self.projects, self.configs, self.clock = projects, configs, clock

    def match_sites(self, project_id: str, tolerance: float | None, limit: int) -> matching.MatchResult:
        project = self.projects.get(project_id)
        needs = needs_of(project)
        candidates = [offer_of(d) for d in SiteDoc.objects(kind=int(needs.site_kind))]
        # Partners: projects of the chain that hold a site (reserved or transferred), placed there.
        holders = {d.reserved_for: d for d in SiteDoc.objects(state__in=[int(SiteState.RESERVED),
                                                                          int(SiteState.TRANSFERRED)])
                   if d.reserved_for}
        partners = [matching.Partner(p.id, p.industry_chain, p.chain_link, holders[p.id].lon, holders[p.id].lat)
                    for p in ProjectDoc.objects(id__in=list(holders), industry_chain=needs.chain)
                    .only("id", "industry_chain", "chain_link")]
        return matching.match_sites(needs, candidates, PARKS, partners,
                                    tolerance=matching.DEFAULT_TOLERANCE if tolerance is None else tolerance,
                                    limit=min(limit or 20, 100))

    def funnel(self, start: datetime | None, end: datetime | None, industry_chain: str,
               officer_id: str) -> funnel.Funnel:
        histories = self.projects.histories(industry_chain, officer_id)
        return funnel.compute(histories, self.configs.current(), start=start, end=end, now=self.clock())
