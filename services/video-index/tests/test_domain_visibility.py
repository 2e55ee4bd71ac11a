"""The department grant: which cameras a caller sees."""

from __future__ import annotations

from jlp_video_index.domain.visibility import READ_ALL, CameraScope, scope_for, visible

CITY, POLICE, OFFICE = "bureau-city-management", "bureau-public-security", "500107001"


def test_operations_centre_sees_everything() -> None:
    scope = scope_for("ops-center", {READ_ALL})
    assert scope.all and visible(scope, CITY, False, "500107009")


def test_a_department_sees_its_own_cameras_only() -> None:
    scope = scope_for(CITY, set())
    assert visible(scope, CITY, False, "500107009")
    assert not visible(scope, POLICE, True, "500107009")


def test_public_security_also_sees_networked_cameras() -> None:
    scope = scope_for(POLICE, set())
    assert visible(scope, CITY, True, "500107009")
    assert not visible(scope, CITY, False, "500107009")


def test_subdistrict_office_sees_cameras_in_its_subdistrict() -> None:
    scope = scope_for(OFFICE, set())
    assert scope.subdistrict_code == OFFICE
    assert visible(scope, CITY, False, OFFICE) and not visible(scope, CITY, False, "500107002")


def test_no_department_sees_nothing() -> None:
    scope = scope_for("", set())
    assert scope == CameraScope() and scope.nothing
    assert not visible(scope, "", False, "")

