"""HttpRule features beyond echo, against a recording fake backend of the gwtest proto:
multi-wildcard names, `**` in additional_bindings, response_body, a scalar body field,
nested / repeated / well-known query parameters, ids and 201 Location from `id`."""

from __future__ import annotations

import pytest
from google.protobuf import json_format


def test_multi_wildcard_name_and_additional_binding(shelf_client, shelves) -> None:
    assert shelf_client.get("/api/v1/shelves/s1/books/b%201").status_code == 200
    assert shelves.last("GetBook").name == "shelves/s1/books/b 1"
    assert shelf_client.get("/api/v1/archive/2019/shelves/s9/books/b2").status_code == 200
    assert shelves.last("GetBook").name == "2019/shelves/s9/books/b2"


def test_query_parameters_nested_repeated_enums_and_well_known(shelf_client, shelves, gwtest) -> None:
    book = json_format.ParseDict({"name": "shelves/s1/books/b1", "title": "Ba Yu", "pages": "412",
                                  "genre": "GENRE_HISTORY", "labels": {"lang": "zh"}},
                                 _cls(gwtest, "Book")())
    shelves.replies["SearchBooks"] = _cls(gwtest, "SearchBooksResponse")(books=[book],
                                                                        next_page_token="p2")  # noqa: S106 - a paging token
    query = ("authors=Lu%20Xun&authors=Ba%20Jin&filter.genre=GENRE_FICTION&filter.min_pages=100"
             "&filter.publishedAfter=2020-01-02T03:04:05Z&filter.range.low=9007199254740993"
             "&filter.anyGenre=GENRE_FICTION&filter.anyGenre=2&includeDrafts=true"
             "&readMask=title,publishTime&limit=5&minScore=0.5")
    resp = shelf_client.get(f"/api/v1/shelves/s1/books:search?{query}")
    assert resp.status_code == 200
    # response_body: "books" answers the list itself, int64 as a string, map as an object
    assert resp.get_json() == [{"name": "shelves/s1/books/b1", "title": "Ba Yu",
                                "genre": "GENRE_HISTORY", "pages": "412",
                                "labels": {"lang": "zh"}, "cover": ""}]
    got = shelves.last("SearchBooks")
    assert got.parent == "shelves/s1"
    assert list(got.authors) == ["Lu Xun", "Ba Jin"]
    assert got.filter.genre == 1 and got.filter.min_pages == 100
    assert got.filter.published_after.ToJsonString() == "2020-01-02T03:04:05Z"
    assert got.filter.range.low == 9007199254740993
    assert list(got.filter.any_genre) == [1, 2]
    assert got.include_drafts is True
    assert list(got.read_mask.paths) == ["title", "publish_time"]
    assert got.HasField("limit") and got.limit.value == 5
    assert got.min_score == 0.5


@pytest.mark.parametrize(("query", "field"), [
    ("attrs=x", "attrs"),                      # a map cannot come from the query string
    ("filter=x", "filter"),                    # a message must be given field by field
    ("parent=shelves/s2", "parent"),           # already bound by the path
    ("includeDrafts=yes", "includeDrafts"),
    ("filter.range.low=1.5", "filter.range.low"),
    ("filter.nothing=1", "filter.nothing"),
])
def test_bad_query_parameters_name_the_field(shelf_client, query, field) -> None:
    resp = shelf_client.get(f"/api/v1/shelves/s1/books:search?{query}")
    assert resp.status_code == 400
    assert resp.get_json()["errors"][0]["field"] == field


def test_scalar_body_field(shelf_client, shelves) -> None:
    resp = shelf_client.post("/api/v1/shelves/s1/books/b1:rename", json="New title")
    assert resp.status_code == 200
    got = shelves.last("RenameBook")
    assert (got.name, got.new_title) == ("shelves/s1/books/b1", "New title")
    wrong = shelf_client.post("/api/v1/shelves/s1/books/b1:rename", json={"t": 1})
    assert wrong.status_code == 400 and wrong.get_json()["errors"][0]["field"] == "newTitle"


def test_create_by_id_answers_201_with_location_and_delete_200(shelf_client, shelves, gwtest) -> None:
    shelves.replies["CreateShelf"] = _cls(gwtest, "Shelf")(id="s-42", theme="history")
    resp = shelf_client.post("/api/v1/shelves", json={"theme": "history"})
    assert resp.status_code == 201
    assert resp.headers["Location"] == "/api/v1/shelves/s-42"
    assert shelves.last("CreateShelf").shelf.theme == "history"
    shelves.replies["DeleteShelf"] = _cls(gwtest, "Shelf")(id="s-42", theme="history")
    gone = shelf_client.delete("/api/v1/shelves/s-42")
    assert gone.status_code == 200 and gone.get_json() == {"id": "s-42", "theme": "history"}


def _cls(module, name):
    from google.protobuf import message_factory

    return message_factory.GetMessageClass(module.DESCRIPTOR.message_types_by_name[name])
