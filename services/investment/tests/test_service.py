"""The investment service over a real gRPC channel (random port, embedded store), with its
events through a real nats-server: what a client sees — codes, bodies, events, persistence."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2, json_format
from shapely.geometry import box, mapping

from jlp.investment.v1 import investment_pb2 as pb
from jlp_common.config import Settings
from jlp_common.errors import status_from_rpc_error, unpack_details
from jlp_common.events import EventBus
from jlp_investment.domain.credit_code import with_check_character
from jlp_testkit.nats import wait_for

from .conftest import Service

CODE = "91500107MA5U00003G"  # the reference's worked example (synthetic)
SIGNING = {"signed_date": "2026-03-20", "signed_amount_wan": "12000.5"}


def fails(call: Callable[[], Any], code: grpc.StatusCode) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as err:
        call()
    assert err.value.code() == code, err.value.details()
    return err.value


def violations(err: grpc.RpcError) -> list[str]:
    details = unpack_details(status_from_rpc_error(err))
    return [v.field for d in details if hasattr(d, "field_violations") for v in d.field_violations]


def new_project(s: Service, **extra: Any) -> pb.Project:
    values: dict[str, Any] = {
        "name": "演示铝板带项目", "amount_wan": "15000", "industry_chain": "NON_FERROUS",
        "chain_link": "ROLLING_EXTRUSION", "officer_id": "officer-li", "site_kind": pb.LAND_PARCEL,
        "required_area_mu": "50", "expected_annual_tax_wan": "900", **extra}
    project = pb.Project(**values)
    return s.stub.CreateProject(pb.CreateProjectRequest(project=project), metadata=s.officer)


def parcel(code: str, lon: float = 106.32, lat: float = 29.33, side: float = 0.0022) -> pb.Site:
    poly = box(lon, lat, lon + side * 1.2, lat + side)
    from jlp_investment.domain.sites import polygon_area_m2

    geometry = json_format.ParseDict(mapping(poly) | {"coordinates": [[list(c) for c in poly.exterior.coords]]},
                                     pb.Site().geometry)
    return pb.Site(code=code, name=f"地块{code}", kind=pb.LAND_PARCEL, park_id="xipeng", geometry=geometry,
                   area_m2=round(polygon_area_m2(poly)),
                   land=pb.LandParcel(land_use_code="0601", min_plot_ratio=1.0, max_plot_ratio=2.5,
                                      min_investment_intensity_wan_per_mu="250", min_tax_per_mu_wan="15",
                                      price_wan_per_mu="22", tenure_years=50))


# --- investors ---------------------------------------------------------------------------------------
def test_enterprise_unique_by_credit_code_and_prospects_warned(service: Service) -> None:
    s = service
    made = s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="重庆演示精密科技有限公司", credit_code="９１５００１０７ＭＡ５Ｕ００００３Ｇ", contact_name="王小明",
        contact_phone="13812345678")), metadata=s.officer)
    assert (made.credit_code, made.registered, made.state) == (CODE, True, pb.ACTIVE)
    assert (made.contact_name, made.contact_phone) == ("王**", "138****5678")  # officers see masks
    full = s.stub.GetInvestor(pb.GetInvestorRequest(id=made.id), metadata=s.head)
    assert (full.contact_name, full.contact_phone) == ("王小明", "13812345678")
    again = fails(lambda: s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="别名", credit_code=CODE)), metadata=s.officer), grpc.StatusCode.ALREADY_EXISTS)
    assert made.id in again.details()
    bad = fails(lambda: s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="x", credit_code="91500107MA5U00003H")), metadata=s.officer), grpc.StatusCode.INVALID_ARGUMENT)
    assert violations(bad) == ["investor.credit_code"]
    prospect = s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(name="演示精密科技")),
                                     metadata=s.officer)
    assert not prospect.registered
    assert [(d.investor_id, d.score) for d in prospect.possible_duplicates] == [(made.id, 100.0)]


def test_two_concurrent_creates_of_one_credit_code_make_one_investor(service: Service) -> None:
    s = service
    code = with_check_character("91500107MA5U00009")
    barrier = threading.Barrier(6)

    def create(i: int) -> str:
        barrier.wait()
        try:
            return s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
                name=f"并发公司{i}", credit_code=code)), metadata=s.officer).id
        except grpc.RpcError as err:
            assert err.code() == grpc.StatusCode.ALREADY_EXISTS
            return "refused"

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(create, range(6)))
    winners = [r for r in results if r != "refused"]
    assert len(winners) == 1
    listed = s.stub.ListInvestors(pb.ListInvestorsRequest(name_contains="并发公司"), metadata=s.officer)
    assert [i.id for i in listed.investors] == winners
    assert s.stub.ListInvestors(pb.ListInvestorsRequest(name_contains="(.*"), metadata=s.officer).investors == []


def test_merge_keeps_both_histories_and_moves_projects(service: Service) -> None:
    s = service
    target = s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(
        name="重庆演示电驱科技有限公司", credit_code=with_check_character("91500107MA5U00011"))), metadata=s.officer)
    source = s.stub.CreateInvestor(pb.CreateInvestorRequest(investor=pb.Investor(name="演示电驱")),
                                   metadata=s.officer)
    project = new_project(s, investor_id=source.id)
    fails(lambda: s.stub.MergeInvestors(pb.MergeInvestorsRequest(id=target.id, source_investor_id=source.id,
                                                                  reason="same"), metadata=s.officer),
          grpc.StatusCode.PERMISSION_DENIED)
    merged = s.stub.MergeInvestors(pb.MergeInvestorsRequest(id=target.id, source_investor_id=source.id,
                                                            reason="same company", etag=target.etag),
                                   metadata=s.head)
    assert list(merged.merged_investor_ids) == [source.id] and "演示电驱" in merged.aliases
    assert {h.origin_investor_id for h in merged.history} == {target.id, source.id}
    assert merged.history[-1].action == "merged_from"
    old = s.stub.GetInvestor(pb.GetInvestorRequest(id=source.id), metadata=s.officer)
    assert (old.state, old.merged_into) == (pb.MERGED, target.id)
    assert s.stub.GetProject(pb.GetProjectRequest(id=project.id), metadata=s.officer).investor_id == target.id
    repeat = s.stub.MergeInvestors(pb.MergeInvestorsRequest(id=target.id, source_investor_id=source.id,
                                                            reason="same company"), metadata=s.head)
    assert repeat.version == merged.version  # a completed merge is not done twice


# --- projects and stages -----------------------------------------------------------------------------
def test_pipeline_moves_are_version_guarded_and_recorded(service: Service) -> None:
    s = service
    made = new_project(s)
    assert (made.stage, made.stage_kind, made.probability, made.etag) == ("LEAD", pb.OPEN, 0.1, 'W/"1"')
    assert [(h.from_stage, h.to_stage, h.action, h.actor) for h in made.history] == [
        ("", "LEAD", "create", "officer-li")]
    moved = s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, etag=made.etag), metadata=s.officer)
    assert (moved.stage, moved.probability, moved.version) == ("NEGOTIATION", 0.3, 2)
    stale = fails(lambda: s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, etag=made.etag),
                                                metadata=s.officer), grpc.StatusCode.ABORTED)
    assert "version 2" in stale.details()
    assert s.stub.GetProject(pb.GetProjectRequest(id=made.id), metadata=s.officer).stage == "NEGOTIATION"
    missing = fails(lambda: s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, etag=moved.etag),
                                                  metadata=s.officer), grpc.StatusCode.INVALID_ARGUMENT)
    assert violations(missing) == ["fields.signed_date", "fields.signed_amount_wan"]
    signed = s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, etag=moved.etag, fields=SIGNING,
                                                            reason="签约仪式"), metadata=s.officer)
    assert (signed.stage, signed.stage_kind, signed.signed_amount_wan, signed.signed_date) == (
        "SIGNED", pb.WON, "12000.5", "2026-03-20")
    last = signed.history[-1]
    assert (last.from_stage, last.to_stage, last.actor, last.reason, last.signed_amount_wan) == (
        "NEGOTIATION", "SIGNED", "officer-li", "签约仪式", "12000.5")
    skip = fails(lambda: s.stub.AdvanceProject(pb.AdvanceProjectRequest(
        id=made.id, target_stage="PRODUCTION", reason="fast"), metadata=s.officer), grpc.StatusCode.PERMISSION_DENIED)
    assert "investment:project.override" in skip.details()
    back = s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, target_stage="NEGOTIATION",
                                                          reason="合同重谈"), metadata=s.head)
    assert (back.stage, back.history[-1].action, back.history[-1].actor) == ("NEGOTIATION", "back", "head-wang")


def test_lost_is_terminal_edits_keep_it_lost_and_restore_needs_the_role(service: Service) -> None:
    s = service
    made = new_project(s)
    lost = s.stub.MarkProjectLost(pb.MarkProjectLostRequest(id=made.id, reason="转投成都"), metadata=s.officer)
    assert (lost.stage, lost.stage_kind, lost.probability) == ("LOST", pb.LOST, 0.0)
    fails(lambda: s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id), metadata=s.officer),
          grpc.StatusCode.FAILED_PRECONDITION)
    edited = s.stub.UpdateProject(pb.UpdateProjectRequest(
        project=pb.Project(id=made.id, tags=["重点跟踪"], etag=lost.etag),
        update_mask=field_mask_pb2.FieldMask(paths=["tags"])), metadata=s.officer)
    assert (edited.stage, edited.probability, list(edited.tags)) == ("LOST", 0.0, ["重点跟踪"])
    assert len(edited.history) == len(lost.history)
    refused = fails(lambda: s.stub.UpdateProject(pb.UpdateProjectRequest(
        project=pb.Project(id=made.id, stage="SIGNED"), update_mask=field_mask_pb2.FieldMask(paths=["stage"])),
        metadata=s.officer), grpc.StatusCode.INVALID_ARGUMENT)
    assert violations(refused) == ["update_mask.stage"]
    fails(lambda: s.stub.RestoreProject(pb.RestoreProjectRequest(id=made.id, reason="回来了"), metadata=s.officer),
          grpc.StatusCode.PERMISSION_DENIED)
    restored = s.stub.RestoreProject(pb.RestoreProjectRequest(id=made.id, reason="投资方回来了"), metadata=s.head)
    assert (restored.stage, restored.probability, restored.history[-1].action) == ("LEAD", 0.1, "restore")


def test_stage_changes_are_published_once_each(service: Service) -> None:
    s = service
    received: list[tuple[str, dict]] = []
    listener = EventBus(Settings.from_env("listener", {"JLP_NATS_URL": s.nats_url}))
    listener.start()
    try:
        listener.subscribe(stream="JLP_INVESTMENT", durable="test-investment-listener",
                           filter_subject="jlp.investment.project.*",
                           handler=lambda event: received.append((event.nats_subject, event.data)))
        made = new_project(s)
        s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id), metadata=s.officer)
        s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, fields=SIGNING), metadata=s.officer)
        s.stub.MarkProjectLost(pb.MarkProjectLostRequest(id=made.id, reason="转投他地"), metadata=s.officer)

        def mine() -> list[tuple[str, dict]]:
            return [(subj, d) for subj, d in received if d.get("projectId") == made.id]

        events = wait_for(lambda: len(mine()) >= 6 and mine(), timeout_s=15, message="six events of the project")
        subjects = [subj.rsplit(".", 1)[1] for subj, _ in events]
        assert sorted(subjects) == ["lost", "signed", "stage_changed", "stage_changed", "stage_changed",
                                    "stage_changed"]
        signed = next(d for subj, d in events if subj.endswith(".signed"))
        assert (signed["signedAmountWan"], signed["signedDate"]) == ("12000.5", "2026-03-20")
        lost = next(d for subj, d in events if subj.endswith(".lost"))
        assert (lost["lostFromStage"], lost["reason"]) == ("SIGNED", "转投他地")
    finally:
        listener.stop()


def test_bad_project_input_names_every_field(service: Service) -> None:
    s = service
    err = fails(lambda: s.stub.CreateProject(pb.CreateProjectRequest(project=pb.Project(
        name="x", amount_wan="1e5", industry_chain="TEXTILES", officer_id="")), metadata=s.officer),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert set(violations(err)) == {"project.amount_wan", "project.industry_chain", "project.officer_id"}
    fails(lambda: s.stub.GetProject(pb.GetProjectRequest(id="nope"), metadata=s.officer), grpc.StatusCode.NOT_FOUND)
    fails(lambda: s.stub.ListProjects(pb.ListProjectsRequest()), grpc.StatusCode.UNAUTHENTICATED)


def test_create_with_request_id_is_idempotent(service: Service) -> None:
    s = service
    request = pb.CreateProjectRequest(project=pb.Project(name="p", amount_wan="1", industry_chain="SOFTWARE",
                                                         officer_id="officer-li"), request_id="req-1")
    first = s.stub.CreateProject(request, metadata=s.officer)
    assert s.stub.CreateProject(request, metadata=s.officer).id == first.id


# --- sites, reservation, matching ---------------------------------------------------------------------
def test_two_concurrent_reservations_one_wins(service: Service) -> None:
    s = service
    site = s.stub.CreateSite(pb.CreateSiteRequest(site=parcel("XP-RES-1")), metadata=s.head)
    assert (site.state, site.area_mu) == (pb.AVAILABLE, f"{site.area_m2 * 15 / 10000:.2f}")
    projects = [new_project(s).id for _ in range(4)]
    barrier = threading.Barrier(4)

    def reserve(project_id: str) -> str:
        barrier.wait()
        try:
            s.stub.ReserveSite(pb.ReserveSiteRequest(id=site.id, project_id=project_id), metadata=s.officer)
            return project_id
        except grpc.RpcError as err:
            assert err.code() == grpc.StatusCode.FAILED_PRECONDITION, err.details()
            return ""

    with ThreadPoolExecutor(4) as pool:
        winners = [p for p in pool.map(reserve, projects) if p]
    assert len(winners) == 1
    held = s.stub.GetSite(pb.GetSiteRequest(id=site.id), metadata=s.officer)
    assert (held.state, held.reserved_for_project_id) == (pb.RESERVED, winners[0])
    assert s.stub.GetSite(pb.GetSiteRequest(id=site.id)).reserved_for_project_id == ""  # public view
    again = s.stub.ReserveSite(pb.ReserveSiteRequest(id=site.id, project_id=winners[0]), metadata=s.officer)
    assert again.version == held.version  # the winner's retry changes nothing
    done = s.stub.TransferSite(pb.TransferSiteRequest(id=site.id, project_id=winners[0]), metadata=s.head)
    assert done.state == pb.TRANSFERRED
    other = s.stub.CreateSite(pb.CreateSiteRequest(site=parcel("XP-RES-2", 106.36)), metadata=s.head)
    lost = [p for p in projects if p != winners[0]][0]
    s.stub.MarkProjectLost(pb.MarkProjectLostRequest(id=lost, reason="放弃"), metadata=s.officer)
    fails(lambda: s.stub.ReserveSite(pb.ReserveSiteRequest(id=other.id, project_id=lost), metadata=s.officer),
          grpc.StatusCode.FAILED_PRECONDITION)


def test_sites_by_bbox_polygon_and_geojson(service: Service) -> None:
    s = service
    west = s.stub.CreateSite(pb.CreateSiteRequest(site=parcel("XP-GEO-1", 106.30, 29.32)), metadata=s.head)
    s.stub.CreateSite(pb.CreateSiteRequest(site=parcel("XP-GEO-2", 106.50, 29.50)), metadata=s.head)
    found = s.stub.ListSites(pb.ListSitesRequest(bbox="106.29,29.31,106.31,29.33"))
    assert [x.code for x in found.sites] == ["XP-GEO-1"]
    poly = '{"type":"Polygon","coordinates":[[[106.49,29.49],[106.52,29.49],[106.52,29.52],[106.49,29.49]]]}'
    assert [x.code for x in s.stub.ListSites(pb.ListSitesRequest(polygon=poly)).sites] == ["XP-GEO-2"]
    collection = json_format.MessageToDict(s.stub.GetSitesGeoJson(pb.GetSitesGeoJsonRequest(
        bbox="106.29,29.31,106.31,29.33")))
    assert collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert (feature["type"], feature["id"], feature["geometry"]["type"]) == ("Feature", west.id, "Polygon")
    assert feature["properties"]["code"] == "XP-GEO-1" and feature["properties"]["state"] == "AVAILABLE"
    bad = fails(lambda: s.stub.ListSites(pb.ListSitesRequest(bbox="1,2,3")), grpc.StatusCode.INVALID_ARGUMENT)
    assert violations(bad) == ["bbox"]
    dup = fails(lambda: s.stub.CreateSite(pb.CreateSiteRequest(site=parcel("XP-GEO-1")), metadata=s.head),
                grpc.StatusCode.ALREADY_EXISTS)
    assert west.id in dup.details() or "XP-GEO-1" in dup.details()


def test_matching_ranks_sites_with_reasons(service: Service) -> None:
    s = service
    big = parcel("XP-M-1", 106.32, 29.33, side=0.0016)  # ≈ 50 mu
    small = parcel("XP-M-2", 106.34, 29.33, side=0.0012)  # ≈ 28 mu: outside ±20 %
    for site in (big, small):
        s.stub.CreateSite(pb.CreateSiteRequest(site=site), metadata=s.head)
    project = new_project(s)
    first = s.stub.MatchSites(pb.MatchSitesRequest(id=project.id), metadata=s.officer)
    again = s.stub.MatchSites(pb.MatchSitesRequest(id=project.id), metadata=s.officer)
    assert first == again
    codes = [m.site_code for m in first.matches]
    assert "XP-M-1" in codes and "XP-M-2" not in codes
    best = next(m for m in first.matches if m.site_code == "XP-M-1")
    assert {r.criterion for r in best.reasons} == {"intensity", "tax_per_mu", "chain_link", "partner_distance",
                                                   "area_fit"}
    assert any(r.site_code == "XP-M-2" and r.filter == "area" for r in first.rejected)


# --- supervision, configuration, funnel, demo -----------------------------------------------------------
def test_supervision_items(service: Service) -> None:
    s = service
    project = new_project(s)
    item = s.stub.CreateSupervisionItem(pb.CreateSupervisionItemRequest(project_id=project.id, supervision_item=(
        pb.SupervisionItem(problem="用地指标未落实", owner="规划自然资源局", due_date="2020-01-31"))),
        metadata=s.officer)
    assert (item.closed, item.overdue) == (False, True)
    closed = s.stub.UpdateSupervisionItem(pb.UpdateSupervisionItemRequest(
        supervision_item=pb.SupervisionItem(id=item.id, project_id=project.id, closed=True, etag=item.etag),
        update_mask=field_mask_pb2.FieldMask(paths=["closed"])), metadata=s.officer)
    assert (closed.closed, closed.closed_by, closed.overdue) == (True, "officer-li", False)
    listed = s.stub.ListSupervisionItems(pb.ListSupervisionItemsRequest(project_id=project.id, open_only=True),
                                         metadata=s.officer)
    assert list(listed.supervision_items) == []
    fails(lambda: s.stub.UpdateSupervisionItem(pb.UpdateSupervisionItemRequest(
        supervision_item=pb.SupervisionItem(id=item.id, project_id=project.id, closed=False, etag=item.etag),
        update_mask=field_mask_pb2.FieldMask(paths=["closed"])), metadata=s.officer), grpc.StatusCode.ABORTED)


def test_stage_configuration_versions(service: Service) -> None:
    s = service
    current = s.stub.GetStageConfig(pb.GetStageConfigRequest(version="current"), metadata=s.officer)
    assert current.version == 1 and [x.code for x in current.stages][:3] == ["LEAD", "NEGOTIATION", "SIGNED"]
    longer = pb.StageConfig(stages=current.stages, note="longer lead stage")
    longer.stages[0].days_to_stale = 60
    fails(lambda: s.stub.CreateStageConfig(pb.CreateStageConfigRequest(stage_config=longer, expected_version=1),
                                           metadata=s.officer), grpc.StatusCode.PERMISSION_DENIED)
    published = s.stub.CreateStageConfig(pb.CreateStageConfigRequest(stage_config=longer, expected_version=1),
                                         metadata=s.head)
    assert (published.version, published.stages[0].days_to_stale, published.created_by) == (2, 60, "head-wang")
    fails(lambda: s.stub.CreateStageConfig(pb.CreateStageConfigRequest(stage_config=longer, expected_version=1),
                                           metadata=s.head), grpc.StatusCode.ABORTED)
    new_project(s)  # a project in LEAD: the stage can no longer be removed
    without_lead = pb.StageConfig(stages=[x for x in published.stages if x.code != "LEAD"])
    bad = fails(lambda: s.stub.CreateStageConfig(pb.CreateStageConfigRequest(stage_config=without_lead,
                                                                              expected_version=2),
                                                 metadata=s.head), grpc.StatusCode.INVALID_ARGUMENT)
    assert "LEAD" in bad.details()
    versions = s.stub.ListStageConfigs(pb.ListStageConfigsRequest(), metadata=s.officer)
    assert [c.version for c in versions.stage_configs] == [2, 1]


def test_funnel_from_history(service: Service) -> None:
    s = service
    made = new_project(s, industry_chain="SOFTWARE", chain_link="", site_kind=pb.BUILDING_UNIT,
                       required_area_mu="")
    s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id), metadata=s.officer)
    s.stub.AdvanceProject(pb.AdvanceProjectRequest(id=made.id, fields=SIGNING), metadata=s.officer)
    report = s.stub.GetFunnel(pb.GetFunnelRequest(industry_chain="SOFTWARE"), metadata=s.officer)
    assert [(b.dimension, b.key, b.amount_wan) for b in report.signed if b.dimension == "industry"] == [
        ("industry", "SOFTWARE", "12000.5")]
    first = next(c for c in report.conversions if c.from_stage == "LEAD")
    assert (first.reached_from, first.reached_to, first.rate) == (1, 1, 1.0)
    assert report.weighted_pipeline[-1].weighted_amount_wan == "9000"  # 15000 × 0.6
    fails(lambda: s.stub.GetFunnel(pb.GetFunnelRequest(), metadata=s.md(["investment:project.read"])),
          grpc.StatusCode.PERMISSION_DENIED)


def test_reference_data_is_public(service: Service) -> None:
    s = service
    parks = s.stub.ListParks(pb.ListParksRequest())
    assert "xipeng" in [p.id for p in parks.parks]
    chains = s.stub.ListIndustryChains(pb.ListIndustryChainsRequest())
    assert [c.code for c in chains.chains] == ["AUTO_MOTO", "NON_FERROUS", "ELECTRICAL_MACHINERY", "ELECTRONICS",
                                               "SOFTWARE"]


def test_demo_loads_once(service: Service) -> None:
    from jlp_investment.demo_loader import load_demo

    first = load_demo()
    assert first["sites"] >= 40 and first["projects"] == 36 and first["investors"] == 20
    assert load_demo() == {"sites": 0, "investors": 0, "projects": 0}
    s = service
    listed = s.stub.ListProjects(pb.ListProjectsRequest(page_size=100, tag="演示"), metadata=s.officer)
    assert len(listed.projects) == 36
