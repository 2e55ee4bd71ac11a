"""Grid import: validation names the offending feature; nothing is half-imported; demo grid."""

from __future__ import annotations

import copy
import json

import grpc
import pytest

from jlp.grid_event.v1 import grid_pb2
from jlp_common.errors import InvalidArgument
from jlp_grid_event.domain import demo_grid, gridimport

from .conftest import COMM_E, COMM_W, SUB, feature, point_in, small_grid, square


def violations(features, existing=None) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as err:
        gridimport.validate(features, existing)
    return {v.field: v.description for v in err.value.violations}


def test_valid_grid_and_legacy_codes():
    fc = small_grid()
    fc["features"][2]["properties"]["code"] = COMM_W + "01"  # a 14-digit CJ/T 213 code
    records = gridimport.validate(fc["features"])
    assert COMM_W + "001" in {r.code for r in records}
    assert any(r.legacy_code == COMM_W + "01" for r in records)


def test_each_problem_names_its_feature():
    fc = small_grid()
    feats = fc["features"]
    feats[3]["properties"]["code"] = feats[2]["properties"]["code"]  # duplicate code
    feats[4]["geometry"] = {"type": "Polygon", "coordinates": [[[106.50, 29.51], [106.51, 29.52],
                                                                [106.51, 29.51], [106.50, 29.52],
                                                                [106.50, 29.51]]]}  # bow-tie
    feats.append(feature("500107099001001", "孤儿网格", square(106.50, 29.50, 0.001, 0.001)))
    overlap = copy.deepcopy(feats[8])
    overlap["properties"]["code"] = COMM_E + "009"
    feats.append(overlap)
    bad = violations(feats)
    assert "duplicate code" in bad["features[3].properties.code"]
    assert "invalid polygon" in bad["features[4].geometry"]
    assert "unknown parent 500107099001" in bad["features[11].properties.code"]
    assert "overlaps" in bad["features[12].geometry"]
    assert violations([{"type": "Feature", "properties": {"code": "12"}, "geometry": None}]) \
        .keys() >= {"features[0].properties.code"}


def test_demo_grid_covers_the_district_without_gaps_or_overlaps():
    fc = demo_grid.feature_collection()
    records = gridimport.validate(fc["features"])
    units = [r for r in records if r.level == 4]
    assert 500 <= len(units) <= 2000
    subs = [r for r in records if r.level == 2]
    assert len(subs) == 19 and {r.code[:6] for r in records} == {"500107"}
    total = sum(r.geometry.area for r in units)
    assert abs(total - demo_grid.district_outline().area) / total < 1e-6


def test_failed_import_leaves_the_previous_grid_intact(server):
    admin = server.md("sysadmin")
    before = server.grids.ListGrids(grid_pb2.ListGridsRequest(), metadata=server.md("grid_worker"))
    fc = small_grid()
    fc["features"][5]["properties"]["code"] = "bad"
    with pytest.raises(grpc.RpcError) as err:
        server.grids.ImportGrids(grid_pb2.ImportGridsRequest(geojson=json.dumps(fc)), metadata=admin)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "features[5].properties.code" in err.value.details()
    after = server.grids.ListGrids(grid_pb2.ListGridsRequest(), metadata=server.md("grid_worker"))
    assert [g.code for g in after.grids] == [g.code for g in before.grids] and after.total_size == 11
    lon, lat = point_in(1)
    assert server.grids.LocateGrid(grid_pb2.LocateGridRequest(lon=lon, lat=lat)).community_code == COMM_E


def test_import_replaces_units_and_rebuilds_the_index(server):
    admin = server.md("sysadmin")
    # Merge the east community's four units into one: the same area, a new unit code.
    fc = {"type": "FeatureCollection", "features": [
        feature(COMM_E + "001", "合并网格", square(106.52, 29.50, 0.02, 0.02))]}
    with pytest.raises(grpc.RpcError):  # overlaps the stored units 002–004
        server.grids.ImportGrids(grid_pb2.ImportGridsRequest(geojson=json.dumps(fc)), metadata=admin)
    whole = small_grid()
    whole["features"] = [f for f in whole["features"]
                         if not f["properties"]["code"].startswith(COMM_E) or f["properties"]["code"] == COMM_E]
    whole["features"] += fc["features"]
    # Units not in the file stay, so the file must cover what it changes: rebuild that community.
    res = server.grids.ImportGrids(grid_pb2.ImportGridsRequest(geojson=json.dumps(whole), replace=True),
                                   metadata=admin)
    assert (res.subdistricts, res.communities, res.units) == (1, 2, 5)
    lon, lat = point_in(1, dx=0.015, dy=0.015)  # formerly unit 002, now the merged unit
    assert server.grids.LocateGrid(grid_pb2.LocateGridRequest(lon=lon, lat=lat)).grid_code == COMM_E + "001"
    assert server.grids.ListGrids(grid_pb2.ListGridsRequest(), metadata=server.md("grid_worker")).total_size == 8
    with pytest.raises(grpc.RpcError) as err:
        server.grids.ImportGrids(grid_pb2.ImportGridsRequest(geojson="{}"), metadata=server.md("grid_worker"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_cli_import_reports_feature_and_keeps_grid(tmp_path, capsys):
    from jlp_common import db
    from jlp_grid_event import cli, grids

    db.connect("grid-event", "")
    good, bad = tmp_path / "good.geojson", tmp_path / "bad.geojson"
    good.write_text(json.dumps(small_grid()), encoding="utf-8")
    broken = small_grid()
    del broken["features"][1]  # community 001 gone: its units lose their parent
    broken["features"] = [f for f in broken["features"] if f["properties"]["code"] != SUB]
    bad.write_text(json.dumps(broken), encoding="utf-8")
    assert cli.main(["import", str(good)], connect=False) == 0
    generation = grids.active_generation()
    assert cli.main(["import", "--replace", str(bad)], connect=False) == 1
    err = capsys.readouterr().err
    assert "features[0].properties.code" in err and "unknown parent" in err
    assert grids.active_generation() == generation


def test_demo_seeding_is_idempotent():
    from jlp_common import db
    from jlp_grid_event import grids, models
    from jlp_grid_event.app import seed_demo_grid

    db.connect("grid-event", "")
    db.ensure_indexes(*models.ALL)
    assert seed_demo_grid() is True
    generation = grids.active_generation()
    assert seed_demo_grid() is False and grids.active_generation() == generation
    directory = grids.GridDirectory()
    directory.rebuild()
    where = directory.locate(106.51, 29.51)  # Yangjiaping, the district seat
    assert where is not None and where.subdistrict_name == "杨家坪街道"
    assert where.grid_code.startswith(where.community_code) and len(where.grid_code) == 15
