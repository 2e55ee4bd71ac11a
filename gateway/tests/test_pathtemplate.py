"""Path templates (google/api/http.proto grammar): parsing, matching, expansion."""

from __future__ import annotations

import pytest

from jlp_gateway.pathtemplate import PathTemplate, TemplateError


def test_single_segment_variable_is_fully_decoded() -> None:
    t = PathTemplate.parse("/api/v1/shelves/{id}")
    assert t.match("/api/v1/shelves/a%20b") == {"id": "a b"}
    assert t.match("/api/v1/shelves/a%2Fb") == {"id": "a/b"}
    assert t.match("/api/v1/shelves/a/b") is None
    assert t.match("/api/v1/shelves/") is None


def test_multi_segment_variable_keeps_encoded_slash() -> None:
    t = PathTemplate.parse("/api/v1/{name=shelves/*/books/*}")
    assert t.match("/api/v1/shelves/s1/books/b%201") == {"name": "shelves/s1/books/b 1"}
    assert t.match("/api/v1/shelves/s1/books/a%2Fb") == {"name": "shelves/s1/books/a%2Fb"}
    assert t.match("/api/v1/shelves/s1/novels/b1") is None
    assert t.literal_count == 4


def test_nested_field_and_custom_verb() -> None:
    t = PathTemplate.parse("/api/v1/echo/{note.name=notes/*}:archive")
    assert t.verb == "archive"
    assert t.match("/api/v1/echo/notes/n1:archive") == {"note.name": "notes/n1"}
    assert t.match("/api/v1/echo/notes/n1") is None
    assert PathTemplate.parse("/v1/notes:batchGet").match("/v1/notes:batchGet") == {}


def test_double_wildcard_takes_the_rest() -> None:
    t = PathTemplate.parse("/api/v1/archive/{name=**}")
    assert t.match("/api/v1/archive/a/b/c") == {"name": "a/b/c"}
    assert t.has_double_wildcard


def test_expand_checks_the_sub_pattern() -> None:
    t = PathTemplate.parse("/api/v1/echo/{name=notes/*}")
    assert t.expand({"name": "notes/n1"}) == "/api/v1/echo/notes/n1"
    assert t.expand({"name": "cases/n1"}) is None
    assert t.expand({}) is None


@pytest.mark.parametrize("bad", ["api/v1", "/v1/{name", "/v1/{a}/{a}", "/v1/**/x", "/v1/{a={b}}",
                                 "/v1/x:", "/v1//x"])
def test_bad_templates_fail_with_the_template_named(bad: str) -> None:
    with pytest.raises(TemplateError, match="path template"):
        PathTemplate.parse(bad)
