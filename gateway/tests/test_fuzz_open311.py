"""Fuzzing the Open311 GeoReport v2 adapter's form parsing and rendering (hypothesis).

Whatever a civic app posts (any bytes as form body or query string, any `attribute[...]`
keys), the adapter builds the RPC request without raising — the parsing has no documented
error type: every rule is grid-event's, which answers INVALID_ARGUMENT — and whatever text a
stored request holds, both answer formats are well-formed (XML parses, JSON loads), as the
spec's clients require (shared/reference/open311-georeport-v2.md §3).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote_from_bytes

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from jlp.grid_event.v1 import open311_pb2
from jlp_gateway.extensions import grid_event

APP = Flask("fuzz")
FORM = "application/x-www-form-urlencoded"
FUZZ = settings(max_examples=300, deadline=None)

keys = st.one_of(
    st.sampled_from(["service_code", "lat", "long", "description", "api_key", "address_string",
                     "attribute[URGENCY]", "attribute[TAGS][]", "attribute[]", "attribute[[x]]",
                     "attribute[a][b]", "media_url", "jurisdiction_id"]),
    st.text(max_size=15))
pairs = st.lists(st.tuples(keys, st.text(max_size=30)), max_size=8)


def encode(items: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}="
                    f"{quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}" for k, v in items).encode()


@FUZZ
@given(form=st.one_of(pairs.map(encode), st.binary(max_size=80)),
       # gunicorn refuses a request line with raw non-ASCII bytes (400 before the app): the
       # query string reaches the adapter as printable ASCII, percent-escapes included
       query=st.one_of(pairs.map(encode),
                       st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e), max_size=40)
                       .map(str.encode)))
def test_any_form_becomes_a_create_request(form: bytes, query: bytes) -> None:
    with APP.test_request_context("/open311/v2/requests.json", method="POST",
                                  data=form, content_type=FORM,
                                  environ_overrides={"QUERY_STRING": query.decode("latin-1")}):
        message = grid_event.arguments_for(open311_pb2.CreateServiceRequestRequest)
        message.attributes.extend(grid_event.attribute_arguments())
        message.SerializeToString()  # every value is one protobuf can carry
        for attribute in message.attributes:
            assert attribute.code and "[" not in attribute.code and "]" not in attribute.code


@FUZZ
@given(text=st.text(max_size=40), lat=st.floats(-90, 90))
def test_any_stored_text_renders_in_both_formats(text: str, lat: float) -> None:
    request = open311_pb2.ServiceRequest(service_request_id=text or "x", description=text,
                                         status="open", lat=lat, address=text)
    payload = [grid_event.as_object(request)]
    with APP.app_context():
        xml = grid_event.render("xml", "service_requests", "request", payload)
        tree = ET.fromstring(xml.get_data())  # noqa: S314 - parsing our own output
        assert tree.find("request") is not None
        body = grid_event.render("json", "service_requests", "request", payload)
        assert json.loads(body.get_data(as_text=True))[0]["description"] == text
