"""gRPC servicer: protobuf in, store / query calls, protobuf out. Nothing else."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from google.protobuf import json_format, struct_pb2

from jlp.investment.v1 import investment_pb2 as pb
from jlp.investment.v1 import investment_pb2_grpc as pb_grpc
from jlp_common.auth import Principal
from jlp_common.context import current_principal, require_principal
from jlp_common.masking import mask_id_number, mask_name, mask_phone
from jlp_common.timeutil import as_utc, timestamp_field, to_timestamp
from jlp_investment import convert
from jlp_investment.domain import fields, industry
from jlp_investment.domain.parks import PARKS
from jlp_investment.domain.sites import mu_from_m2
from jlp_investment.domain.versioning import etag_of, expected_version
from jlp_investment.investor_store import Investors
from jlp_investment.models import InvestorDoc, ProjectDoc, SiteDoc, StageConfigDoc, SupervisionItemDoc
from jlp_investment.person_checks import PersonChecks
from jlp_investment.policy import CONTACT_READ, PROJECT_OVERRIDE, PROJECT_READ
from jlp_investment.project_store import Projects, change_from_dict
from jlp_investment.queries import Queries
from jlp_investment.site_store import Sites
from jlp_investment.stage_configs import StageConfigs, config_of
from jlp_investment.supervision_store import SupervisionItems

INVESTOR_INPUT = sorted(fields.INVESTOR_FIELDS - {"etag"})
PROJECT_INPUT = sorted(fields.PROJECT_FIELDS - {"etag"})
SUPERVISION_INPUT = ("problem", "owner", "due_date", "closed", "progress_note")


def _struct(value: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(value)
    return out


def _given(message: Any, names: list[str] | tuple[str, ...]) -> list[str]:
    """Fields present in a PATCH body without a mask (AIP-134: the fields given)."""
    data = json_format.MessageToDict(message, preserving_proto_field_name=True)
    return [n for n in names if n in data]


def _values(message: Any, names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {n: (list(getattr(message, n)) if n in ("tags", "aliases") else getattr(message, n)) for n in names}


class InvestmentServicer(pb_grpc.InvestmentServiceServicer):
    def __init__(self, investors: Investors, projects: Projects, items: SupervisionItems, sites: Sites,
                 configs: StageConfigs, queries: Queries, person_checks: PersonChecks) -> None:
        self.investors, self.projects, self.items = investors, projects, items
        self.sites, self.configs, self.queries = sites, configs, queries
        self.person_checks = person_checks

    # --- checks for other departments ----------------------------------------------------------
    def CheckPersonEnterprises(self, request, context):  # noqa: N802
        answer = self.person_checks.check(list(request.id_numbers), request.purpose, request.consent_id)
        return pb.CheckPersonEnterprisesResponse(persons=[
            pb.PersonEnterprises(enterprises_represented=a.enterprises_represented,
                                 projects_in_pipeline=a.projects_in_pipeline) for a in answer])

    # --- investors --------------------------------------------------------------------------------
    def _investor(self, doc: InvestorDoc, principal: Principal, *, duplicates: bool = True) -> pb.Investor:
        name, phone = self.investors.contacts(doc)
        representative = self.investors.legal_representative_id(doc)
        if not principal.has(CONTACT_READ):
            name, phone = mask_name(name), mask_phone(phone)
            representative = mask_id_number(representative) if representative else ""
        out = pb.Investor(
            id=doc.id, name=doc.name, credit_code=doc.credit_code, registered=bool(doc.credit_code),
            aliases=doc.aliases, origin_region=doc.origin_region, industry_chain=doc.industry_chain,
            contact_name=name, contact_phone=phone, legal_representative_id_number=representative,
            tags=doc.tags, note=doc.note,
            state=pb.MERGED if doc.state == "MERGED" else pb.ACTIVE, merged_into=doc.merged_into,
            merged_investor_ids=doc.merged_investor_ids, version=doc.version, etag=etag_of(doc.version),
            create_time=to_timestamp(doc.create_time), update_time=to_timestamp(doc.update_time),
            history=[pb.InvestorHistoryEntry(time=to_timestamp(h["time"]), action=h["action"], actor=h["actor"],
                                             note=h.get("note", ""), origin_investor_id=h["origin"])
                     for h in doc.history])
        if duplicates and doc.state == "ACTIVE":
            out.possible_duplicates.extend(
                pb.DuplicateCandidate(investor_id=w.investor_id, name=w.name, credit_code=w.credit_code,
                                      score=w.score, reason=w.reason) for w in self.investors.possible_duplicates(doc))
        return out

    def CreateInvestor(self, request, context):  # noqa: N802
        principal = require_principal()
        doc = self.investors.create(_values(request.investor, INVESTOR_INPUT), principal.subject)
        return self._investor(doc, principal)

    def GetInvestor(self, request, context):  # noqa: N802
        return self._investor(self.investors.get(request.id), require_principal())

    def ListInvestors(self, request, context):  # noqa: N802
        principal = require_principal()
        docs, token = self.investors.list(
            {"name_contains": request.name_contains, "industry_chain": request.industry_chain,
             "show_merged": request.show_merged, "prospects_only": request.prospects_only},
            request.page_size, request.page_token)
        return pb.ListInvestorsResponse(investors=[self._investor(d, principal, duplicates=False) for d in docs],
                                        next_page_token=token)

    def UpdateInvestor(self, request, context):  # noqa: N802
        principal = require_principal()
        paths = list(request.update_mask.paths) or _given(request.investor, INVESTOR_INPUT)
        doc = self.investors.update(request.investor.id, _values(request.investor, INVESTOR_INPUT), paths,
                                    expected_version(request.investor.etag, 0, "investor.etag"), principal.subject)
        return self._investor(doc, principal)

    def MergeInvestors(self, request, context):  # noqa: N802
        principal = require_principal()
        doc = self.investors.merge(request.id, request.source_investor_id, request.reason,
                                   expected_version(request.etag), principal.subject)
        return self._investor(doc, principal)

    # --- projects ------------------------------------------------------------------------------------
    def _project(self, doc: ProjectDoc, *, config=None) -> pb.Project:  # noqa: ANN001
        config = config or self.configs.current()
        out = pb.Project(
            id=doc.id, investor_id=doc.investor_id, stage=doc.stage, stage_kind=doc.stage_kind,
            probability=convert.probability(Decimal(doc.probability)),
            stage_enter_time=to_timestamp(doc.stage_enter_time), stale=self.projects.is_stale(doc, config),
            history=[convert.change_to_pb(change_from_dict(h)) for h in doc.history],
            version=doc.version, etag=etag_of(doc.version), create_time=to_timestamp(doc.create_time),
            update_time=to_timestamp(doc.update_time), site_kind=doc.site_kind)
        for name in PROJECT_INPUT:
            if name in ("investor_id", "site_kind"):
                continue
            value = getattr(doc, name)
            if name == "tags":
                out.tags.extend(value)
            elif value is not None:
                setattr(out, name, value)
        return out

    def CreateProject(self, request, context):  # noqa: N802
        principal = require_principal()
        doc = self.projects.create(_values(request.project, PROJECT_INPUT), request.request_id.strip(),
                                   principal.subject)
        return self._project(doc)

    def GetProject(self, request, context):  # noqa: N802
        return self._project(self.projects.get(request.id))

    def ListProjects(self, request, context):  # noqa: N802
        docs, token = self.projects.list(
            {"stage": request.stage, "stage_kind": int(request.stage_kind), "industry_chain": request.industry_chain,
             "officer_id": request.officer_id, "investor_id": request.investor_id, "tag": request.tag,
             "stale_only": request.stale_only}, request.page_size, request.page_token)
        config = self.configs.current()
        return pb.ListProjectsResponse(projects=[self._project(d, config=config) for d in docs],
                                       next_page_token=token)

    def UpdateProject(self, request, context):  # noqa: N802
        paths = list(request.update_mask.paths) or _given(request.project, PROJECT_INPUT)
        doc = self.projects.update(request.project.id, _values(request.project, PROJECT_INPUT), paths,
                                   expected_version(request.project.etag, 0, "project.etag"))
        return self._project(doc)

    def AdvanceProject(self, request, context):  # noqa: N802
        principal = require_principal()
        doc = self.projects.advance(
            request.id, target=request.target_stage.strip(), reason=request.reason, given=dict(request.fields),
            expected=expected_version(request.etag, request.version), privileged=principal.has(PROJECT_OVERRIDE),
            actor=principal.subject)
        return self._project(doc)

    def MarkProjectLost(self, request, context):  # noqa: N802
        principal = require_principal()
        return self._project(self.projects.lose(request.id, request.reason,
                                                expected_version(request.etag, request.version), principal.subject))

    def RestoreProject(self, request, context):  # noqa: N802
        principal = require_principal()
        return self._project(self.projects.restore(request.id, request.reason,
                                                   expected_version(request.etag, request.version),
                                                   principal.subject))

    def MatchSites(self, request, context):  # noqa: N802
        result = self.queries.match_sites(request.id, request.area_tolerance
                                          if request.HasField("area_tolerance") else None, request.max_results)
        return convert.match_result_to_pb(request.id, result)

    # --- supervision items -----------------------------------------------------------------------------
    def _item(self, doc: SupervisionItemDoc) -> pb.SupervisionItem:
        return pb.SupervisionItem(
            id=doc.id, project_id=doc.project_id, problem=doc.problem, owner=doc.owner, due_date=doc.due_date,
            closed=doc.closed, progress_note=doc.progress_note, close_time=to_timestamp(doc.close_time),
            closed_by=doc.closed_by, overdue=self.items.overdue(doc, self.projects.clock()), version=doc.version,
            etag=etag_of(doc.version), create_time=to_timestamp(doc.create_time),
            update_time=to_timestamp(doc.update_time))

    def CreateSupervisionItem(self, request, context):  # noqa: N802
        principal = require_principal()
        doc = self.items.create(request.project_id, _values(request.supervision_item, SUPERVISION_INPUT),
                                request.request_id.strip(), principal.subject)
        return self._item(doc)

    def ListSupervisionItems(self, request, context):  # noqa: N802
        docs, token = self.items.list(request.project_id, request.open_only, request.page_size, request.page_token)
        return pb.ListSupervisionItemsResponse(supervision_items=[self._item(d) for d in docs], next_page_token=token)

    def UpdateSupervisionItem(self, request, context):  # noqa: N802
        principal = require_principal()
        item = request.supervision_item
        paths = list(request.update_mask.paths) or _given(item, SUPERVISION_INPUT)
        doc = self.items.update(item.project_id, item.id, _values(item, SUPERVISION_INPUT), paths,
                                expected_version(item.etag, 0, "supervision_item.etag"), principal.subject)
        return self._item(doc)

    # --- sites -------------------------------------------------------------------------------------------
    def _site(self, doc: SiteDoc, principal: Principal | None) -> pb.Site:
        out = pb.Site(id=doc.id, code=doc.code, name=doc.name, kind=doc.kind, park_id=doc.park_id,
                      subdistrict_code=doc.subdistrict_code, geometry=_struct(doc.geometry),
                      location=pb.LatLng(lon=doc.lon, lat=doc.lat), area_m2=doc.area_m2,
                      area_mu=f"{mu_from_m2(doc.area_m2):f}", state=doc.state, tags=doc.tags, version=doc.version,
                      etag=etag_of(doc.version), create_time=to_timestamp(doc.create_time),
                      update_time=to_timestamp(doc.update_time))
        if principal is not None and principal.has(PROJECT_READ):
            out.reserved_for_project_id = doc.reserved_for
            if doc.reserve_time:
                out.reserve_time.CopyFrom(to_timestamp(doc.reserve_time))
        if doc.land:
            land = doc.land
            out.land.CopyFrom(pb.LandParcel(
                land_use_code=land.get("land_use_code", ""), min_plot_ratio=land.get("min_plot_ratio") or 0,
                max_plot_ratio=land.get("max_plot_ratio") or 0,
                min_investment_intensity_wan_per_mu=land.get("min_intensity_wan_per_mu") or "",
                min_tax_per_mu_wan=land.get("min_tax_per_mu_wan") or "",
                price_wan_per_mu=land.get("price_wan_per_mu") or "", tenure_years=land.get("tenure_years") or 0))
        elif doc.building:
            b = doc.building
            out.building.CopyFrom(pb.BuildingUnit(
                building_name=b.get("building_name", ""), floor=b.get("floor") or 0,
                floor_load_kn_m2=b.get("floor_load_kn_m2") or 0, clear_height_m=b.get("clear_height_m") or 0,
                rent_yuan_per_m2_month=b.get("rent_yuan_per_m2_month") or "", usage=b.get("usage", "")))
        return out

    @staticmethod
    def _site_values(site: pb.Site) -> dict[str, Any]:
        def plain(message: Any) -> dict[str, Any]:
            return json_format.MessageToDict(message, preserving_proto_field_name=True)

        return {"code": site.code, "name": site.name, "kind": int(site.kind), "park_id": site.park_id,
                "subdistrict_code": site.subdistrict_code,
                "geometry": json_format.MessageToDict(site.geometry) if site.HasField("geometry") else None,
                "location": (site.location.lon, site.location.lat) if site.HasField("location") else None,
                "area_m2": site.area_m2, "land": plain(site.land) if site.HasField("land") else {},
                "building": plain(site.building) if site.HasField("building") else {}, "tags": list(site.tags)}

    @staticmethod
    def _filter(request: Any) -> dict[str, Any]:
        return {"bbox": request.bbox, "polygon": request.polygon, "kind": int(request.kind),
                "state": int(request.state), "park_id": request.park_id, "land_use_code": request.land_use_code,
                "min_area_m2": request.min_area_m2 if request.HasField("min_area_m2") else None,
                "max_area_m2": request.max_area_m2 if request.HasField("max_area_m2") else None,
                "subdistrict_code": request.subdistrict_code}

    def CreateSite(self, request, context):  # noqa: N802
        return self._site(self.sites.create(self._site_values(request.site)), require_principal())

    def GetSite(self, request, context):  # noqa: N802
        return self._site(self.sites.get(request.id), current_principal())

    def ListSites(self, request, context):  # noqa: N802
        principal = current_principal()
        docs, token = self.sites.list(self._filter(request), request.page_size, request.page_token)
        return pb.ListSitesResponse(sites=[self._site(d, principal) for d in docs], next_page_token=token)

    def GetSitesGeoJson(self, request, context):  # noqa: N802
        features = []
        for doc in self.sites.all(self._filter(request)):
            properties = {"code": doc.code, "name": doc.name, "kind": pb.SiteKind.Name(doc.kind),
                          "state": pb.SiteState.Name(doc.state), "park_id": doc.park_id,
                          "subdistrict_code": doc.subdistrict_code, "area_m2": doc.area_m2,
                          "area_mu": f"{mu_from_m2(doc.area_m2):f}", "land_use_code": doc.land_use_code}
            if doc.building:
                properties["usage"] = doc.building.get("usage", "")
            features.append(pb.SiteFeature(type="Feature", id=doc.id, geometry=_struct(doc.geometry),
                                           properties=_struct(properties)))
        return pb.SiteFeatureCollection(type="FeatureCollection", features=features)

    def UpdateSite(self, request, context):  # noqa: N802
        principal = require_principal()
        names = ("name", "park_id", "subdistrict_code", "geometry", "location", "area_m2", "land", "building", "tags")
        paths = list(request.update_mask.paths) or _given(request.site, names)
        doc = self.sites.update(request.site.id, self._site_values(request.site), paths,
                                expected_version(request.site.etag, 0, "site.etag"))
        return self._site(doc, principal)

    def ReserveSite(self, request, context):  # noqa: N802
        return self._site(self.sites.reserve(request.id, request.project_id), require_principal())

    def ReleaseSite(self, request, context):  # noqa: N802
        return self._site(self.sites.release(request.id, request.reason, expected_version(request.etag)),
                          require_principal())

    def TransferSite(self, request, context):  # noqa: N802
        return self._site(self.sites.transfer(request.id, request.project_id, expected_version(request.etag)),
                          require_principal())

    # --- reference data and configuration ---------------------------------------------------------------
    def ListParks(self, request, context):  # noqa: N802
        return pb.ListParksResponse(parks=[convert.park_to_pb(p) for p in PARKS])

    def ListIndustryChains(self, request, context):  # noqa: N802
        return pb.ListIndustryChainsResponse(chains=[convert.chain_to_pb(c) for c in industry.CHAINS])

    @staticmethod
    def _config(doc: StageConfigDoc) -> pb.StageConfig:
        return convert.config_to_pb(config_of(doc), note=doc.note, created_by=doc.created_by,
                                    create_time=doc.create_time)

    def GetStageConfig(self, request, context):  # noqa: N802
        return self._config(self.configs.get_doc(request.version.strip()))

    def ListStageConfigs(self, request, context):  # noqa: N802
        return pb.ListStageConfigsResponse(stage_configs=[self._config(d) for d in self.configs.list()])

    def CreateStageConfig(self, request, context):  # noqa: N802
        principal = require_principal()
        stages_ = convert.stages_from_pb(list(request.stage_config.stages))
        doc = self.configs.publish(stages_, request.expected_version, principal.subject, request.stage_config.note)
        return self._config(doc)

    def GetFunnel(self, request, context):  # noqa: N802
        start: datetime | None = timestamp_field(request, "start_time")
        end: datetime | None = timestamp_field(request, "end_time")
        report = self.queries.funnel(as_utc(start), as_utc(end), request.industry_chain, request.officer_id)
        return convert.funnel_to_pb(report)

