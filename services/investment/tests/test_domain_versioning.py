"""Etags and version guards."""

from __future__ import annotations

import pytest

from jlp_common.errors import Conflict, InvalidArgument
from jlp_investment.domain.versioning import check_version, etag_of, expected_version


def test_etag_round_trip() -> None:
    assert etag_of(7) == 'W/"7"'
    assert expected_version(etag_of(7)) == 7
    assert expected_version('"7"') == 7
    assert expected_version("", 3) == 3
    assert expected_version() == 0


@pytest.mark.parametrize("etag", ["7", 'W/"x"', "W/7", 'W/"1234567890"'])
def test_foreign_etags_are_invalid(etag: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        expected_version(etag)
    assert err.value.violations[0].field == "etag"


def test_etag_and_version_must_agree() -> None:
    with pytest.raises(InvalidArgument):
        expected_version('W/"3"', 4)


def test_stale_version_is_a_conflict() -> None:
    check_version("project", "p1", 4, 0)
    check_version("project", "p1", 4, 4)
    with pytest.raises(Conflict) as err:
        check_version("project", "p1", 5, 4)
    assert err.value.reason == "STALE_VERSION" and err.value.metadata == {"current_version": "5"}
