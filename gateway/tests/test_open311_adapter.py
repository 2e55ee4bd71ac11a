"""The Open311 extension as a translator only: GeoReport v2 wire formats ↔ grid-event's
Open311Service, in front of recording fakes (no grid-event code here, so no rule either)."""
# ruff: noqa: S105, S106 - fixed fake credentials are the point of these tests

from __future__ import annotations

import ast
import inspect
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from flask.testing import FlaskClient

from jlp.grid_event.v1 import open311_pb2, open311_pb2_grpc
from jlp.identity.v1 import identity_pb2, identity_pb2_grpc
from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_gateway.extensions import grid_event

KEY = "secret-of-a-civic-app"


class FakeOpen311(open311_pb2_grpc.Open311ServiceServicer):
    """Answers by argument: service_code "gone" → NOT_FOUND, "bad" → INVALID_ARGUMENT, "down"
    → UNAVAILABLE; records each request and its authorization."""

    def __init__(self) -> None:
        self.seen: list[tuple[Any, str | None]] = []

    def _record(self, request: Any, context: grpc.ServicerContext) -> None:
        auth = dict(context.invocation_metadata()).get("authorization")
        self.seen.append((request, auth))
        failures = {"gone": (grpc.StatusCode.NOT_FOUND, "unknown service_code 'gone'"),
                    "bad": (grpc.StatusCode.INVALID_ARGUMENT, "lat: must be a number"),
                    "down": (grpc.StatusCode.UNAVAILABLE, "try later"),
                    "app-only": (grpc.StatusCode.PERMISSION_DENIED, "not an Open311 application")}
        code = getattr(request, "service_code", "")
        if code in failures:
            context.abort(*failures[code])
        if code == "anonymous" and auth is None:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "a bearer access token is required")

    def GetDiscovery(self, request, context):  # noqa: N802
        self._record(request, context)
        return open311_pb2.Discovery(changeset="2026-07-01T00:00:00+08:00", contact="12345")

    def ListServices(self, request, context):  # noqa: N802
        self._record(request, context)
        return open311_pb2.ListServicesResponse(services=[open311_pb2.Service(
            service_code="06010", service_name="暴露垃圾", metadata=True, type="realtime")])

    def GetServiceDefinition(self, request, context):  # noqa: N802
        self._record(request, context)
        return open311_pb2.ServiceDefinition(service_code=request.service_code, attributes=[
            open311_pb2.ServiceAttribute(code="URGENCY", values=[
                open311_pb2.AttributeValue(key="NORMAL", name="一般")])])

    def CreateServiceRequest(self, request, context):  # noqa: N802
        self._record(request, context)
        return open311_pb2.ServiceRequestReceipt(service_request_id="JLP-2026-000001",
                                                 service_notice="received")

    def ListServiceRequests(self, request, context):  # noqa: N802
        self._record(request, context)
        return open311_pb2.ListServiceRequestsResponse(requests=[open311_pb2.ServiceRequest(
            service_request_id="JLP-2026-000001", status="open", description="a\x01b",
            lat=29.5, long=106.5, requested_datetime="2026-11-24T17:00:00+08:00")])

    def GetServiceRequest(self, request, context):  # noqa: N802
        self._record(request, context)
        return open311_pb2.ServiceRequest(service_request_id=request.service_request_id, status="closed")

    def GetServiceRequestToken(self, request, context):  # noqa: N802
        self._record(request, context)
        context.abort(grpc.StatusCode.NOT_FOUND, f"unknown token {request.token!r}")


class FakeIdentity(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self) -> None:
        self.grants: list[identity_pb2.IssueTokenRequest] = []

    def IssueToken(self, request, context):  # noqa: N802
        self.grants.append(request)
        if request.client_secret != KEY:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "client authentication failed")
        return identity_pb2.TokenResponse(access_token="opaque-token-from-identity",
                                          token_type="Bearer", expires_in=900)


@pytest.fixture
def setup() -> Iterator[tuple[FlaskClient, FakeOpen311, FakeIdentity]]:
    service, identity = FakeOpen311(), FakeIdentity()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    open311_pb2_grpc.add_Open311ServiceServicer_to_server(service, server)
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(identity, server)
    target = f"127.0.0.1:{server.add_insecure_port('127.0.0.1:0')}"
    server.start()
    app = create_app(Settings.from_env("gateway", {"JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING"}),
                     services=[(open311_pb2, target), (identity_pb2, target)], configured=False)
    try:
        yield app.test_client(), service, identity
    finally:
        server.stop(0)


def test_post_arguments_reach_the_service_with_the_api_keys_token(setup):
    http, service, identity = setup
    form = {"service_code": "06010", "lat": "29.5", "long": "106.5", "description": "路灯不亮",
            "email": "someone@example.cn", "phone": "13812345678", "attribute[URGENCY]": "URGENT",
            "attribute[TAGS][]": ["a", "b"]}
    r = http.post("/open311/v2/requests.json?api_key=" + KEY + "&jurisdiction_id=cqjlp.gov.cn", data=form)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json() == [{"service_request_id": "JLP-2026-000001", "service_notice": "received",
                             "account_id": None}]
    request, auth = service.seen[-1]
    assert auth == "Bearer opaque-token-from-identity"
    assert (request.service_code, request.lat, request.long, request.jurisdiction_id) == \
        ("06010", "29.5", "106.5", "cqjlp.gov.cn")
    assert {a.code: list(a.values) for a in request.attributes} == {"URGENCY": ["URGENT"], "TAGS": ["a", "b"]}
    assert "13812345678" not in str(request) and "someone@" not in str(request)
    assert [(g.grant_type, g.client_id, g.client_secret) for g in identity.grants] == \
        [("client_credentials", "", KEY)]
    http.post("/open311/v2/requests.xml", data={**form, "api_key": f"cl_app:{KEY}"})
    assert identity.grants[-1].client_id == "cl_app"
    http.post("/open311/v2/requests.json", data={**form, "api_key": KEY})
    assert len(identity.grants) == 2  # the first key's token is reused from the cache


def test_errors_are_georeport_error_lists(setup):
    http, _, _ = setup
    for code, status in (("gone", 404), ("bad", 400), ("app-only", 403)):
        r = http.post("/open311/v2/requests.json", data={"api_key": KEY, "service_code": code})
        assert r.status_code == status and r.get_json()[0]["code"] == status, code
    wrong_key = http.post("/open311/v2/requests.xml", data={"api_key": "guess", "service_code": "06010"})
    assert wrong_key.status_code == 403
    assert wrong_key.get_data(as_text=True) == (
        '<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>'
        "Invalid api_key received -- can't proceed with create_request.</description></error></errors>")
    no_key = http.post("/open311/v2/requests.json", data={"service_code": "anonymous"})
    assert no_key.status_code == 403 and "api_key" in no_key.get_json()[0]["description"]
    down = http.get("/open311/v2/services/down.json")
    assert down.status_code == 503 and down.mimetype == "application/problem+json"
    token = http.get("/open311/v2/tokens/t-1.json")
    assert token.status_code == 404 and token.get_json()[0]["description"] == "unknown token 't-1'"


def test_answers_in_both_formats(setup):
    http, service, _ = setup
    listed = http.get("/open311/v2/requests.json?status=open&start_date=2026-11-01T00:00:00%2B08:00&email=x")
    [one] = listed.get_json()
    assert one["status"] == "open" and one["status_notes"] is None and one["lat"] == 29.5
    request, auth = service.seen[-1]
    assert (request.status, request.start_date, auth) == ("open", "2026-11-01T00:00:00+08:00", None)
    xml = http.get("/open311/v2/requests.xml")
    assert xml.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert ET.fromstring(xml.data).find("request/description").text == "ab"  # noqa: S314 - our own
    by_id = http.get("/open311/v2/requests/JLP-9.json").get_json()
    assert by_id[0]["service_request_id"] == "JLP-9" and service.seen[-1][0].service_request_id == "JLP-9"
    definition = http.get("/open311/v2/service/06010.xml").get_data(as_text=True)
    assert "<attributes><attribute>" in definition and "<values><value><key>NORMAL</key>" in definition
    services = http.get("/open311/v2/services.json").get_json()
    assert services[0]["metadata"] is True and services[0]["type"] == "realtime"
    discovery = http.get("/open311/v2/discovery.json").get_json()
    assert discovery["contact"] == "12345"
    assert discovery["endpoints"][0]["url"] == "http://localhost/open311/v2"


def test_the_adapter_talks_only_to_open311_service_and_identitys_token_grant():
    """No case/category stubs and no JWT library: rules and authorisation are the services'."""
    tree = ast.parse(inspect.getsource(grid_event))
    imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for a in node.names}
    assert {"case_pb2", "category_pb2", "jwt"}.isdisjoint(imported)
    assert {"open311_pb2", "open311_pb2_grpc"} <= imported
