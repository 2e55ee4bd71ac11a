"""Camera CSV import: per-row outcomes, collisions, quarantine vs rejection, the 5,000-row case."""

from __future__ import annotations

import pytest

from jlp_video_index.domain import demo
from jlp_video_index.domain.cameras import CameraSpec
from jlp_video_index.domain.coords import Datum
from jlp_video_index.domain.csv_import import CsvError, Outcome, run_import

HEADER = "id,name,owner_department_id,lon,lat,datum,hd,networked\n"
GOOD = "50010700081326000123,谢家湾路口,bureau-city-management,106.532,29.522,WGS84,true,0\n"


def test_five_thousand_rows_with_twenty_bad_ids() -> None:
    cams = demo.cameras(seed=5, total=5000, doubtful_share=0.0)
    specs = [c.spec for c in cams]
    bad = {  # row index → an id to quarantine (doubtful) or reject (impossible)
        3: "34020000001320000001",  # factory-default centre
        40: "50010400001325000040",  # 大渡口区's centre code
        77: "50010700082006000001",  # a platform (type 200)
        120: "5001070008132600012",  # 19 digits
        300: "11010100001320000300",  # Beijing
        999: "50010700081186000999",  # an NVR's own code
        1500: "500107000813260001X0",  # a letter
        2000: "50010700082156000001",  # a business group (catalogue node)
        2222: "99010700081326002222",  # no such province
        2500: "50010700201329002500",  # reserved industry and network codes
        3000: "50010600001325003000",  # 沙坪坝区
        3001: "50010700001345003001",  # an alarm input, not a camera
        3002: "50010700001326000000",  # serial 000000
        3003: "50000700001325003003",  # county under an unused city level
        3004: "00000000001320000001",  # unconfigured all-zero centre
        3005: "50010700081146003005",  # a decoder
        3006: "50010700001505003006",  # unassigned extension type 150
        3007: "",  # no id
        3008: "50010700003006003008",  # a centre user
        3009: "34020000001320000002",  # another factory default
    }
    assert len(bad) == 20
    for i, code in bad.items():
        specs[i] = CameraSpec(**{**specs[i].attributes(), "id": code})
    report = run_import(demo.to_csv(specs))
    assert report.count(Outcome.IMPORTED) == 4980
    assert report.count(Outcome.QUARANTINED) + report.count(Outcome.REJECTED) == 20
    assert {r.row - 1 for r in report.problems} == set(bad)
    assert all(r.reasons for r in report.problems)
    assert len(report.to_store()) == 4980


def test_each_outcome_with_its_reason() -> None:
    text = HEADER + GOOD + (
        "34020000001320000001,默认编码,bureau-public-security,106.5,29.5,,false,false\n"
        "50010700082006000001,平台,bureau-public-security,106.5,29.5,,false,false\n"
        "50010700001325000001,坏坐标,bureau-public-security,east,29.5,,false,false\n"
        "50010700001325000002,坏布尔,bureau-public-security,106.5,29.5,,maybe,false\n"
        "50010700001325000003,坏坐标系,bureau-public-security,106.5,29.5,UTM,false,false\n")
    rows = run_import(text).rows
    assert [r.outcome for r in rows] == [Outcome.IMPORTED, Outcome.QUARANTINED, Outcome.REJECTED,
                                         Outcome.REJECTED, Outcome.REJECTED, Outcome.REJECTED]
    assert "factory-default" in rows[1].reasons[0] and rows[1].column == "id"
    assert rows[2].column == "id" and "type 200" in rows[2].reasons[0]
    assert rows[3].column == "lon" and "'east' is not a number" in rows[3].reasons[0]
    assert rows[4].column == "hd"
    assert rows[5].column == "datum" and "use WGS84, GCJ02 or BD09" in rows[5].reasons[0]


def test_gcj02_rows_are_stored_in_wgs84_with_the_original_kept() -> None:
    text = HEADER + "50010700081326000123,动物园,bureau-city-management,106.5101,29.5078,GCJ-02,1,0\n"
    [row] = run_import(text).rows
    assert row.outcome is Outcome.IMPORTED and row.camera is not None
    assert row.camera.spec.datum is Datum.GCJ02 and row.camera.spec.lon == 106.5101
    assert row.camera.lon_wgs84 == pytest.approx(106.5062, abs=2e-4)  # ≈480 m west-south-west
    assert row.camera.lat_wgs84 == pytest.approx(29.5106, abs=2e-4)


def test_conflicting_rows_of_one_id_are_all_quarantined_and_identical_repeats_unchanged() -> None:
    other = GOOD.replace("106.532", "106.533")
    rows = run_import(HEADER + GOOD + other + GOOD).rows
    assert [r.outcome for r in rows] == [Outcome.QUARANTINED] * 3
    assert rows[0].reasons[0] == ("collision: rows 1, 2, 3 give id 50010700081326000123 "
                                  "different attributes")
    rows = run_import(HEADER + GOOD + GOOD).rows
    assert [r.outcome for r in rows] == [Outcome.IMPORTED, Outcome.UNCHANGED]
    assert rows[1].reasons == ["repeats row 1"]


def test_against_the_registry_unchanged_updated_or_collision() -> None:
    [first] = run_import(HEADER + GOOD).rows
    stored = first.camera.spec
    assert run_import(HEADER + GOOD, existing={stored.id: stored}).rows[0].outcome is Outcome.UNCHANGED
    moved = GOOD.replace("106.532", "106.533")
    assert run_import(HEADER + moved, existing={stored.id: stored}).rows[0].outcome is Outcome.IMPORTED
    claimed = GOOD.replace("bureau-city-management", "bureau-transport")
    row = run_import(HEADER + claimed, existing=lambda i: stored if i == stored.id else None).rows[0]
    assert row.outcome is Outcome.QUARANTINED
    assert "registered to department bureau-city-management" in row.reasons[0]


def test_chinese_headers_default_owner_and_bom() -> None:
    text = "\ufeff国标编码,设备名称,经度,纬度,高清\n50010700081326000123,石桥铺,106.495,29.553,是\n"
    [row] = run_import(text, default_owner="bureau-public-security").rows
    assert row.outcome is Outcome.IMPORTED
    assert row.camera.spec.owner_department_id == "bureau-public-security" and row.camera.spec.hd


def test_row_with_a_wrong_field_count_is_rejected_alone() -> None:
    rows = run_import(HEADER + "50010700081326000124,x\n" + GOOD).rows
    assert rows[0].outcome is Outcome.REJECTED and "has 2 fields, the header 8" in rows[0].reasons[0]
    assert rows[1].outcome is Outcome.IMPORTED


@pytest.mark.parametrize(("text", "words"), [
    ("", "header row is required"),
    ("name,lon\nx,1\n", "no id column"),
    ('id,name\n"50010700081326000123,x\n', "not valid CSV"),
])
def test_files_that_cannot_be_imported(text: str, words: str) -> None:
    with pytest.raises(CsvError, match=words):
        run_import(text)


def test_missing_required_fields_are_named() -> None:
    [row] = run_import("id,name\n50010700081326000123,\n").rows
    assert row.outcome is Outcome.REJECTED
    assert row.column == "name"
    joined = " | ".join(row.reasons)
    assert "owner_department_id: required" in joined and "lon: required" in joined
