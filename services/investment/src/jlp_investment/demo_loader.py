"""Loads the seeded demo data set (domain.demo) into the store at start (JLP_DEMO=1).

Idempotent: every demo document has a stable id and is inserted only when absent, so
restarting, or two replicas starting together, never duplicates or overwrites anything.
"""

from __future__ import annotations

import logging

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic
from jlp_common.timeutil import Clock, utc_now
from jlp_investment.domain import demo, stages
from jlp_investment.domain.names import normalise_name
from jlp_investment.models import InvestorDoc, ProjectDoc, SiteDoc
from jlp_investment.project_store import change_to_dict, stored
from jlp_investment.site_store import validate_site

log = logging.getLogger(__name__)


def _insert(doc: object) -> bool:
    try:
        with atomic():
            doc.save(force_insert=True)  # type: ignore[attr-defined]
    except (NotUniqueError, DuplicateKeyError):
        return False
    return True


def _land_values(site: demo.DemoSite) -> dict:
    if site.land is None:
        return {}
    t = site.land
    return {"land_use_code": t.land_use_code, "min_plot_ratio": t.min_plot_ratio, "max_plot_ratio": t.max_plot_ratio,
            "min_investment_intensity_wan_per_mu": str(t.min_intensity_wan_per_mu or ""),
            "min_tax_per_mu_wan": str(t.min_tax_per_mu_wan or ""), "price_wan_per_mu": str(t.price_wan_per_mu or ""),
            "tenure_years": t.tenure_years}


def _building_values(site: demo.DemoSite) -> dict:
    if site.building is None:
        return {}
    b = site.building
    return {"building_name": b.building_name, "floor": b.floor, "floor_load_kn_m2": b.floor_load_kn_m2,
            "clear_height_m": b.clear_height_m, "rent_yuan_per_m2_month": str(b.rent_yuan_per_m2_month or ""),
            "usage": b.usage}


def load_demo(clock: Clock = utc_now, seed: int = 500107) -> dict[str, int]:
    """Insert the demo parcels, units, investors and projects that are not there yet."""
    now = clock()
    data = demo.build(now, seed)
    counts = {"sites": 0, "investors": 0, "projects": 0}
    config = stages.DEFAULT_CONFIG
    for p in data.projects:
        if ProjectDoc.objects(id=p.id).only("id").first() is not None:
            continue
        last = p.history[-1]
        stage = config.stage(p.stage)
        values = {k: stored(v) for k, v in p.fields.items()}
        doc = ProjectDoc(id=p.id, name=p.name, investor_id=p.investor_id, amount_wan=stored(p.amount_wan),
                         industry_chain=p.industry_chain, chain_link=p.chain_link, officer_id=p.officer_id,
                         department_id=p.department_id, stage=p.stage, stage_kind=int(stage.kind),
                         probability=str(p.probability), stage_enter_time=last.time, site_kind=int(p.site_kind),
                         required_area_mu=stored(p.required_area_mu),
                         required_floor_area_m2=p.required_floor_area_m2 or 0,
                         expected_annual_tax_wan=stored(p.expected_annual_tax_wan), tags=list(p.tags),
                         history=[change_to_dict(e) for e in p.history], create_time=p.history[0].time,
                         update_time=last.time, **values)
        counts["projects"] += _insert(doc)
    for i in data.investors:
        doc = InvestorDoc(id=i.id, name=i.name, name_core=normalise_name(i.name), credit_code=i.credit_code,
                          active_code=i.credit_code or None, origin_region=i.origin_region,
                          industry_chain=i.industry_chain, tags=["演示"],
                          history=[{"time": now, "action": "created", "actor": "system:demo", "note": "demo data",
                                    "origin": i.id}], create_time=now, update_time=now)
        if InvestorDoc.objects(id=i.id).only("id").first() is None:
            counts["investors"] += _insert(doc)
    for s in data.sites:
        if SiteDoc.objects(id=s.id).only("id").first() is not None:
            continue
        checked = validate_site({"code": s.code, "name": s.name, "kind": int(s.kind), "park_id": s.park_id,
                                 "subdistrict_code": s.subdistrict_code, "geometry": s.geometry, "location": s.location,
                                 "area_m2": s.area_m2, "land": _land_values(s), "building": _building_values(s),
                                 "tags": ["演示"]})
        doc = SiteDoc(id=s.id, **checked, state=int(s.state), reserved_for=s.reserved_for,
                      reserve_time=now if s.reserved_for else None, create_time=now, update_time=now)
        counts["sites"] += _insert(doc)
    log.info("investment demo data", extra=counts)
    return counts
