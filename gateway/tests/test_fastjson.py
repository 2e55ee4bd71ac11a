"""fastjson (issue 16) answers only what json_format would: for every request message of the
suite and generated JSON (plain values, near misses and junk), either it declines (None) and
json_format decides as before, or it builds exactly the message json_format builds."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jlp_common import registry
from jlp_gateway import fastjson
from jlp_gateway.backends import Backend, pb2_modules_of
from jlp_gateway.routing import build_router

ROUTES = build_router(
    [Backend(c.name, "localhost:1", pb2_modules_of(c.proto_package)) for c in registry.components()
     if pb2_modules_of(c.proto_package)]).routes
TYPES = sorted({r.method.input_type.full_name: r.method.input_type for r in ROUTES}.items())
DESCRIPTORS = [d for _, d in TYPES]

junk = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                 st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
                 st.just("1"), st.just(""), st.just([]), st.just({}))
instants = st.sampled_from(["2026-12-01T08:00:00Z", "2026-12-01T08:00:00.250Z",
                            "2026-12-01T16:00:00+08:00", "2026-13-01T00:00:00Z", "yesterday",
                            "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"])


def value_for(fd: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    """Mostly a plain value of the field's kind (the fast path), sometimes a near miss."""
    t = fd.type
    if t == FieldDescriptor.TYPE_STRING:
        plain = st.text(max_size=12)
    elif t == FieldDescriptor.TYPE_BOOL:
        plain = st.booleans()
    elif t in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        plain = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                          st.integers(-2**60, 2**60), st.just(3.5e38))
    elif t == FieldDescriptor.TYPE_ENUM:
        plain = st.one_of(st.sampled_from([v.name for v in fd.enum_type.values] + ["NOPE"]),
                          st.integers(-2, 5))
    elif t == FieldDescriptor.TYPE_MESSAGE:
        if fd.message_type.full_name == fastjson.TIMESTAMP:
            plain = instants
        elif fd.message_type.GetOptions().map_entry or depth > 2:
            plain = st.just({})
        else:
            plain = message_json(fd.message_type, depth + 1)
    elif t == FieldDescriptor.TYPE_BYTES:
        plain = st.just("aGk=")
    else:  # integers of every width, at and past their limits
        plain = st.one_of(st.integers(-2**64, 2**64), st.sampled_from([0, -1, 2**31 - 1, 2**31,
                                                                       2**63, 2**64 - 1]))
    one = st.one_of(plain, plain, plain, junk)
    return st.lists(one, max_size=3) if fd.is_repeated else one


def message_json(desc: Descriptor, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    keys = [k for fd in desc.fields for k in (fd.json_name, fd.name)] or ["x"]

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in draw(st.lists(st.sampled_from(keys + ["unknownField"]), max_size=6)):
            fd = desc.fields_by_name.get(key) or next(
                (f for f in desc.fields if f.json_name == key), None)
            out[key] = draw(value_for(fd, depth)) if fd is not None else draw(junk)
        return out

    return build()


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_fastjson_builds_what_json_format_builds_or_declines(data: Any) -> None:
    desc = data.draw(st.sampled_from(DESCRIPTORS))
    payload = data.draw(message_json(desc))
    fast = fastjson.parse(payload, desc)
    if fast is None:
        return  # json_format decides, as it always did
    expected = message_factory.GetMessageClass(desc)()
    json_format.ParseDict(payload, expected)  # must not raise: fastjson accepted the input
    assert fast.SerializeToString(deterministic=True) == \
        expected.SerializeToString(deterministic=True), payload


def test_a_reading_batch_takes_the_fast_path_and_a_bad_item_does_not() -> None:
    desc = next(d for d in DESCRIPTORS if d.full_name.endswith("BatchCreateReadingsRequest"))
    good = {"readings": [{"stationId": "s1", "metric": "pm25", "value": 20 + i,
                          "observedAt": "2026-12-01T08:00:00Z"} for i in range(50)]}
    assert fastjson.parse(good, desc) is not None
    bad = {"readings": [*good["readings"], {"stationId": "s1", "value": "high"}]}
    assert fastjson.parse(bad, desc) is None  # json_format names readings[50].value (below)


def test_the_400_still_names_the_bad_item_of_a_batch() -> None:
    from jlp_gateway.transcode import TranscodeError, build_request

    route = next(r for r in ROUTES if r.method.name == "BatchCreateReadings")
    items = [{"stationId": "s1", "metric": "pm25", "value": 1.0,
              "observedAt": "2026-12-01T08:00:00Z"}] * 3 + [{"stationId": "s1", "value": "high"}]
    import json

    try:
        build_request(route, {}, [], json.dumps({"readings": items}).encode(), "application/json")
    except TranscodeError as exc:
        assert exc.status == 400 and exc.violations[0][0] == "readings[3].value", exc.violations
    else:
        raise AssertionError("a bad reading was accepted")
