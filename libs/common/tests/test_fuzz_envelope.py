"""Fuzzing the CloudEvents envelope parser (hypothesis): any NATS message another service (or
an attacker with publish rights) puts on a subject either decodes into an `Event` whose
attributes have their CloudEvents types, or raises `MalformedEvent` — the one error a
consumer parks in the dead-letter stream without retrying (DESIGN §3 Events). Any other
exception would be retried as if transient, and a wrongly typed attribute would crash the
handler later, far from the cause.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jlp_common.events.envelope import Event, MalformedEvent, decode

FUZZ = settings(max_examples=400, deadline=None)

leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                 st.text(max_size=20))
values = st.recursive(leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
attribute_names = st.sampled_from(["specversion", "id", "source", "type", "subject", "time",
                                   "datacontenttype", "dataschema", "data", "data_base64",
                                   "traceparent", "x"])


@st.composite
def envelopes(draw: st.DrawFn) -> dict:
    """Mostly-valid envelopes with any attribute replaced by any JSON value."""
    env = {"specversion": "1.0", "id": "e-1", "source": "/jlp/grid", "type": "cn.gov.cq.jlp.grid.case.created",
           "time": "2026-11-24T08:00:00Z", "data": {"name": "cases/1"}}
    for name in draw(st.lists(attribute_names, max_size=4)):
        env[name] = draw(st.one_of(values, st.just("2026-13-45T99:00:00Z"), st.just("1.0")))
    return env


def assert_typed(event: Event) -> None:
    assert isinstance(event, Event)
    for name in ("id", "type", "source", "datacontenttype"):
        assert isinstance(getattr(event, name), str), name
    assert event.subject is None or isinstance(event.subject, str)
    assert event.dataschema is None or isinstance(event.dataschema, str)
    assert event.time is None or (isinstance(event.time, datetime) and event.time.tzinfo is not None)
    assert isinstance(event.data, dict)
    assert all(isinstance(v, str) for v in event.extensions.values())


def decode_or_malformed(payload: bytes, headers: dict[str, str] | None = None) -> None:
    try:
        event = decode(payload, headers)
    except MalformedEvent:
        return
    assert_typed(event)


@FUZZ
@given(envelopes())
def test_structured_events_decode_typed_or_are_malformed(env: dict) -> None:
    decode_or_malformed(json.dumps(env).encode(), {"Content-Type": "application/cloudevents+json"})


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_are_malformed(payload: bytes) -> None:
    decode_or_malformed(payload)


header_names = st.sampled_from(["ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time",
                                "ce-subject", "ce-dataschema", "Content-Type", "ce-x"])


@FUZZ
@given(st.dictionaries(header_names, st.one_of(st.text(max_size=20), st.sampled_from(
    ["1.0", "%ZZ", "%C3%28", "2026-11-24T08:00:00Z", "application/json"])), max_size=7),
       st.one_of(st.binary(max_size=50), values.map(lambda v: json.dumps(v).encode())))
def test_binary_mode_events_decode_typed_or_are_malformed(headers: dict[str, str], payload: bytes) -> None:
    decode_or_malformed(payload, headers)


@pytest.mark.parametrize("payload", [b"[" * 100_000, b'{"a":' * 100_000])
def test_deeply_nested_payload_is_malformed(payload: bytes) -> None:
    with pytest.raises(MalformedEvent):
        decode(payload)
    with pytest.raises(MalformedEvent):
        decode(payload, {"ce-specversion": "1.0", "ce-id": "1", "ce-source": "/x", "ce-type": "t"})
