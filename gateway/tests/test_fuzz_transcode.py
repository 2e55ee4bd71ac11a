"""Fuzzing the transcoder (hypothesis): whatever an HTTP client sends to any route of the
suite, `build_request` answers a request message or a `TranscodeError` (400/415, a field
named) — never another exception, which the gateway would turn into a 500 (DESIGN §3
Errors: "Never a 500 for bad input"). Routes are every HttpRule of every component's real
protos, so a new route is fuzzed without a new test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from google.protobuf.message import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jlp_common import registry
from jlp_gateway.backends import Backend, pb2_modules_of
from jlp_gateway.routing import Route, build_router
from jlp_gateway.transcode import TranscodeError, build_request, render_response

ROUTES: list[Route] = build_router(
    [Backend(c.name, "localhost:1", pb2_modules_of(c.proto_package)) for c in registry.components()
     if pb2_modules_of(c.proto_package)]).routes
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def field_names(route: Route) -> list[str]:
    """Names a client might send: proto and JSON names, and one level of nesting."""
    out: list[str] = []
    for fd in route.method.input_type.fields:
        out += [fd.name, fd.json_name]
        if fd.message_type is not None:
            out += [f"{fd.json_name}.{sub.json_name}" for sub in fd.message_type.fields]
    return out or ["x"]


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
json_values = st.recursive(json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8",
                                 "application/merge-patch+json", "application/json; charset=latin-1",
                                 "text/plain", "", "multipart/form-data; boundary=x"])


@st.composite
def http_requests(draw: st.DrawFn) -> tuple[Route, dict[str, str], list[tuple[str, str]], bytes, str]:
    route = draw(st.sampled_from(ROUTES))
    names = field_names(route)
    path_vars = {f: draw(st.text(max_size=20)) for f in route.path_fields}
    key = st.one_of(st.sampled_from(names), st.text(max_size=12))
    query = draw(st.lists(st.tuples(key, st.text(max_size=20)), max_size=5))
    body_obj = draw(st.one_of(
        st.dictionaries(st.sampled_from(names), json_values, max_size=5), json_values))
    body = draw(st.one_of(st.just(json.dumps(body_obj).encode()), st.binary(max_size=60),
                          st.sampled_from([b"[" * 5000, b'{"a":' * 3000, b"NaN", b"\xff\xfe{}"])))
    return route, path_vars, query, body, draw(content_types)


@FUZZ
@given(http_requests())
def test_any_request_becomes_a_message_or_a_transcode_error(req: tuple[Any, ...]) -> None:
    route, path_vars, query, body, content_type = req
    try:
        message = build_request(route, path_vars, query, body, content_type)
    except TranscodeError as exc:
        assert exc.status in (400, 415) and exc.detail
        return
    assert isinstance(message, Message)
    render_response(route, message.__class__())  # any message renders (shape only)


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"a":' * 100_000])
def test_deep_nesting_is_a_bad_request(raw: bytes) -> None:
    route = next(r for r in ROUTES if r.body == "*")
    with pytest.raises(TranscodeError):
        build_request(route, {}, [], raw, "application/json")


def test_every_component_has_routes_to_fuzz() -> None:
    assert {r.backend.name for r in ROUTES} >= {"identity", "grid-event", "environment"}
