"""GB/T 28181 coding rule A: decoding and the registry verdicts (gbt28181-device-id.md §1-5)."""

from __future__ import annotations

import pytest

from jlp_video_index.domain.device_id import Verdict, assess, is_code, parse


def test_worked_example_decodes_as_the_reference_says() -> None:
    # gbt28181-device-id.md §5: urban-management IPC on the e-government extranet, serial 123.
    dev = parse("50010700081326000123")
    assert (dev.centre, dev.industry, dev.type_code, dev.network, dev.serial) == (
        "50010700", "08", "132", "6", "000123")
    assert (dev.province, dev.city, dev.county, dev.unit) == ("50", "01", "07", "00")
    assert dev.domain == "5001070008"
    assert dev.type_name == "IPC"
    assert dev.industry_name == "urban management"
    assert dev.network_name == "e-government extranet"


def test_district_ipc_is_accepted_with_its_area_name() -> None:
    a = assess("50010700081326000123")
    assert a.verdict is Verdict.ACCEPT and a.reasons == ()
    assert a.area_name == "重庆市九龙坡区"


def test_grassroots_unit_of_the_district_is_accepted() -> None:
    assert assess("50010712001316000001").verdict is Verdict.ACCEPT  # police-station level centre


@pytest.mark.parametrize("raw", ["5001070008132600012", "500107000813260001234", "5001070008132600012X",
                                 "", "５００１０７０００８１３２６０００１２３"])
def test_not_twenty_ascii_digits_is_rejected(raw: str) -> None:
    a = assess(raw)
    assert a.verdict is Verdict.REJECT
    assert "20 digits" in a.reasons[0]
    assert not is_code(raw)


@pytest.mark.parametrize(("code", "words"), [
    ("50010700082006000001", "type 200 (central signalling control server) is not a front-end device"),
    ("50010700082156000001", "type 215 (business group)"),
    ("50010700083006000001", "type 300 (centre user)"),
    ("50010700081146000001", "type 114 (decoder) is a front-end device without video"),
    ("50010700081346000001", "type 134 (alarm input device)"),
])
def test_types_that_are_not_video_sources_are_rejected(code: str, words: str) -> None:
    a = assess(code)
    assert a.verdict is Verdict.REJECT
    assert words in a.reasons[0]


def test_foreign_centre_code_is_quarantined_and_named() -> None:
    a = assess("50010400001325000032")
    assert a.verdict is Verdict.QUARANTINE
    assert a.reasons == ("centre code 50010400 belongs to 500104 (重庆市大渡口区), not to district 500107",)


def test_vendor_default_centre_is_quarantined() -> None:
    a = assess("34020000001320000001")  # the standard's sample / factory default
    assert a.verdict is Verdict.QUARANTINE
    assert "factory-default centre code 34020000" in a.reasons[0]


def test_recorder_code_in_place_of_a_channel_is_quarantined() -> None:
    a = assess("50010700001185000007")
    assert a.verdict is Verdict.QUARANTINE
    assert "type 118 (NVR) is a recorder/encoder" in a.reasons[0]


def test_reserved_codes_are_quarantined_with_every_reason() -> None:
    a = assess("50010700201329000000")
    assert a.verdict is Verdict.QUARANTINE
    assert a.reasons == ("industry code 20 is reserved", "network identifier 9 is reserved",
                         "serial 000000 is an unconfigured default")


def test_unassigned_front_end_extension_type_is_quarantined() -> None:
    a = assess("50010700001505000001")
    assert a.verdict is Verdict.QUARANTINE and "type 150 is an unassigned" in a.reasons[0]


def test_unknown_province_and_broken_hierarchy_are_rejected() -> None:
    assert "not a GB/T 2260 province" in assess("99010700081326000123").reasons[0]
    broken = assess("50000700081326000123")  # county 07 under an unused city level 00
    assert broken.verdict is Verdict.REJECT and "non-zero level under an unused" in broken.reasons[0]


def test_another_district_is_judged_against_its_own_code() -> None:
    assert assess("11010100001320000001", district_code="110101").verdict is Verdict.ACCEPT
    assert assess("50010700081326000123", district_code="110101").verdict is Verdict.QUARANTINE


def test_reject_reasons_keep_the_doubts_too() -> None:
    a = assess("34020000002006000000")  # default centre AND a platform type AND serial 000000
    assert a.verdict is Verdict.REJECT
    assert len(a.reasons) == 3
