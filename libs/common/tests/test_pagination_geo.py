import pytest
from shapely.geometry import box

from jlp_common.errors import InvalidArgument
from jlp_common.geo import PolygonIndex, bbox_around, haversine_m
from jlp_common.pagination import PageTokens, page_size


def test_page_token_round_trip_and_tamper_evidence():
    tokens = PageTokens(b"k" * 32)
    q = {"status": "OPEN"}
    t = tokens.encode({"after": "c-10"}, q)
    assert tokens.decode(t, q) == {"after": "c-10"}
    assert tokens.decode("", q) is None
    with pytest.raises(InvalidArgument, match="different query"):
        tokens.decode(t, {"status": "CLOSED"})
    body, mac = t.split(".")
    with pytest.raises(InvalidArgument, match="page_token"):
        tokens.decode(body[:-2] + "xx." + mac, q)
    with pytest.raises(InvalidArgument):
        PageTokens(b"other-key").decode(t, q)
    with pytest.raises(InvalidArgument):
        tokens.decode("not-a-token", q)


def test_page_size_rules():
    assert page_size(0) == 50 and page_size(10) == 10 and page_size(10_000) == 1000
    with pytest.raises(InvalidArgument):
        page_size(-1)


def test_polygon_index_locates_points():
    idx = PolygonIndex([("a", box(0, 0, 1, 1)), ("b", box(1, 0, 2, 1)), ("c", box(5, 5, 6, 6))])
    assert idx.locate(0.5, 0.5) == "a"
    assert idx.locate(1.5, 0.2) == "b"
    assert idx.locate(1.0, 0.5) == "a"  # shared edge: deterministic
    assert idx.locate(3, 3) is None
    assert PolygonIndex([]).locate(0, 0) is None


def test_distances():
    # 0.001 degree of latitude is about 111 m
    assert 110 < haversine_m(106.5, 29.5, 106.5, 29.501) < 112
    min_lon, min_lat, max_lon, max_lat = bbox_around(106.5, 29.5, 50)
    assert haversine_m(106.5, 29.5, max_lon, 29.5) == pytest.approx(50, rel=0.01)
    assert haversine_m(106.5, 29.5, 106.5, max_lat) == pytest.approx(50, rel=0.01)


def test_keyset_page_cuts_and_signs_the_last_position():
    tokens = PageTokens(b"k" * 32)
    q = {"f": 1}
    items, nxt = tokens.page([1, 2, 3], 2, lambda i: {"after": i}, q)  # read with limit size + 1
    assert items == [1, 2] and tokens.decode(nxt, q) == {"after": 2}
    assert tokens.page([1, 2], 2, lambda i: {"after": i}, q) == ([1, 2], "")
    assert tokens.page([], 2, lambda i: {"after": i}, q) == ([], "")
