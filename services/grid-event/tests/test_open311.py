"""Open311 GeoReport v2 round trip over real HTTP, driven by a third-party client (PyPI
`georeport`) plus plain form POSTs, as civic apps send them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent import futures
from datetime import timedelta

import georeport  # third-party GeoReport v2 client (dev group)
import grpc
import pytest
import requests
from werkzeug.serving import make_server

from jlp.grid_event.v1 import case_pb2, open311_pb2, open311_pb2_grpc
from jlp.identity.v1 import identity_pb2, identity_pb2_grpc

from .conftest import point_in
from .test_gateway import gateway_for

CLIENT_ID, SECRET = "cl_open311demo", "s3cret-of-a-civic-app"


class FakeIdentity(identity_pb2_grpc.IdentityServiceServicer):
    """identity's client_credentials grant for one open311_app client (and one other client)."""

    def __init__(self, signer) -> None:  # noqa: ANN001
        self.signer = signer
        self.calls = 0

    def IssueToken(self, request, context):  # noqa: N802 - generated name
        self.calls += 1
        clients = {SECRET: (CLIENT_ID, ["open311_app"]), "device-secret": ("cl_dev", ["device"])}
        found = clients.get(request.client_secret)
        if request.grant_type != "client_credentials" or found is None or \
                request.client_id not in ("", found[0]):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "client authentication failed")
        client_id, roles = found
        scopes = ["grid:case.report"] if "open311_app" in roles else ["environment:reading.write"]
        token = self.signer.token(client_id, scopes=scopes, roles=roles, kind="client")
        return identity_pb2.TokenResponse(access_token=token, token_type="Bearer", expires_in=900,  # noqa: S106
                                          scope=" ".join(scopes))


@pytest.fixture
def open311(server) -> Iterator:
    identity = FakeIdentity(server.signer)
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(identity, grpc_server)
    port = grpc_server.add_insecure_port("127.0.0.1:0")
    grpc_server.start()
    app = gateway_for(server, {"JLP_IDENTITY_ADDR": f"127.0.0.1:{port}"})
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{http.server_port}/open311/v2"
    try:
        yield root, identity
    finally:
        http.shutdown()
        grpc_server.stop(0)


def post(root: str, fmt: str = "json", **form) -> requests.Response:
    return requests.post(f"{root}/requests.{fmt}", data=form, timeout=10)


def test_round_trip_with_georeport_client(open311, server):
    root, identity = open311
    client = georeport.GeoReport(root)
    services = client.get_service_list()
    codes = {s["service_code"]: s for s in services}
    assert codes["06010"]["service_name"] == "暴露垃圾" and codes["06010"]["type"] == "realtime"
    definition = client.get_service_definition("06010")
    assert definition["attributes"][0]["code"] == "URGENCY"

    lon, lat = point_in(0)
    r = post(root, api_key=SECRET, service_code="06010", lat=str(lat), long=str(lon),
             description="垃圾堆在路边，联系我 13812345678", email="someone@example.cn",
             first_name="张", phone="13812345678", media_url="https://img.example/a.jpg",
             **{"attribute[URGENCY]": "URGENT"})
    assert r.status_code == 200, r.text
    created = r.json()
    assert len(created) == 1 and created[0]["service_request_id"].startswith("JLP-")
    request_id = created[0]["service_request_id"]

    one = client.get_service_request(request_id)
    assert one["service_request_id"] == request_id and one["status"] == "open"
    assert one["service_code"] == "06010" and one["lat"] == pytest.approx(lat)
    assert one["media_url"] == "https://img.example/a.jpg"
    text = str(one)
    assert "13812345678" not in text and "someone@example.cn" not in text and "张" not in text
    assert one["requested_datetime"].endswith("+08:00")

    listed = client.get_service_requests(service_code="06010,06012", status="open")
    assert [x["service_request_id"] for x in listed] == [request_id]
    assert client.get_service_requests(status="closed") == []

    # The case behind it: source OPEN311, reporter is the civic app's client id.
    case = server.cases.GetCase(case_pb2.GetCaseRequest(id=request_id), metadata=server.md("ops_center"))
    assert case.source == case_pb2.OPEN311 and case.reporter_ids == [CLIENT_ID]
    assert case.urgency == case_pb2.URGENT

    # XML flavour through the same client (xmltodict yields a dict for a single request).
    xml_client = georeport.GeoReport(root, output_format="xml")
    got = xml_client.get_service_requests(service_request_id=request_id)
    assert got["service_request_id"] == request_id and got["status"] == "open"
    assert identity.calls == 1  # the exchanged token is reused while valid
    post(root, api_key=SECRET, service_code="06012", lat=str(lat), long=str(lon))
    assert identity.calls == 1


def test_errors_are_open311_error_lists(open311):
    root, _ = open311
    lon, lat = point_in(0)
    r = post(root, service_code="06010", lat=str(lat), long=str(lon))
    assert r.status_code == 403 and r.json()[0]["code"] == 403
    r = post(root, api_key="wrong", service_code="06010", lat=str(lat), long=str(lon))
    assert r.status_code == 403
    r = post(root, api_key="device-secret", service_code="06010", lat=str(lat), long=str(lon))
    assert r.status_code == 403  # a valid client, but not an Open311 application
    r = post(root, api_key=SECRET, service_code="99999", lat=str(lat), long=str(lon))
    assert r.status_code == 404
    r = post(root, api_key=SECRET, service_code="06010", address_string="杨家坪步行街")
    assert r.status_code == 400 and "lat and long" in r.json()[0]["description"]
    r = post(root, "xml", api_key=SECRET, service_code="06010", lat="1", long="1")
    assert r.status_code == 400 and r.text.startswith('<?xml version="1.0" encoding="utf-8"?><errors>')
    assert requests.get(f"{root}/requests/JLP-1999-000001.json", timeout=10).status_code == 404
    assert requests.get(f"{root}/services/00000.xml", timeout=10).status_code == 404
    r = requests.get(f"{root}/services.json", params={"jurisdiction_id": "other.gov.cn"}, timeout=10)
    assert r.status_code == 404
    r = requests.get(f"{root}/services.json", params={"jurisdiction_id": ""}, timeout=10)
    assert r.status_code == 200  # empty = absent
    r = requests.get(f"{root}/requests.json", params={"start_date": "2026-01-01T00:00:00Z",
                                                      "end_date": "2026-06-01T00:00:00Z"}, timeout=10)
    assert r.status_code == 400 and "90 days" in r.json()[0]["description"]


def test_api_key_in_query_string_and_xml_services(open311):
    root, _ = open311
    lon, lat = point_in(1)
    r = requests.post(f"{root}/requests.xml", params={"api_key": SECRET, "jurisdiction_id": ""},
                      data={"service_code": "09009", "lat": str(lat), "long": str(lon)}, timeout=10)
    assert r.status_code == 200 and "<service_request_id>JLP-" in r.text
    assert r.headers["Content-Type"] == "text/xml; charset=utf-8"
    services = requests.get(f"{root}/services.xml", timeout=10)
    assert services.text.count("<service>") > 40 and "<metadata>true</metadata>" in services.text
    assert requests.get(f"{root}/service/06010.json", timeout=10).json()["service_code"] == "06010"


# --- the Open311Service itself (what the gateway's adapter calls) ----------------------------
def open311_stub(server):  # noqa: ANN001, ANN201
    return open311_pb2_grpc.Open311ServiceStub(server.channel)


def violation_fields(err: grpc.RpcError) -> list[str]:
    from jlp_common.errors import status_from_rpc_error, unpack_details

    return [v.field for d in unpack_details(status_from_rpc_error(err))
            for v in getattr(d, "field_violations", [])]


def test_only_open311_applications_create_requests(server):
    stub = open311_stub(server)
    lon, lat = point_in(0)
    req = open311_pb2.CreateServiceRequestRequest(service_code="06010", lat=str(lat), long=str(lon))
    with pytest.raises(grpc.RpcError) as err:
        stub.CreateServiceRequest(req)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    for md in (server.md("citizen"), server.md("service", kind="client")):
        with pytest.raises(grpc.RpcError) as err:
            stub.CreateServiceRequest(req, metadata=md)
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    created = stub.CreateServiceRequest(req, metadata=server.md("open311_app", "cl_app", kind="client"))
    assert created.service_request_id.startswith("JLP-") and not created.HasField("account_id")


def test_report_errors_name_the_georeport_arguments(server):
    stub = open311_stub(server)
    app = server.md("open311_app", "cl_app", kind="client")
    lon, lat = point_in(0)
    cases = [({"lat": "30", "long": "100"}, "lat"),  # valid WGS-84, outside the district's grid
             ({"address_string": "x" * 300}, "address_string"),
             ({"media_url": "https://img.example/" + "a" * 5000}, "media_url")]
    for given, field in cases:
        args = {"service_code": "06010", "lat": str(lat), "long": str(lon), **given}
        with pytest.raises(grpc.RpcError) as err:
            stub.CreateServiceRequest(open311_pb2.CreateServiceRequestRequest(**args), metadata=app)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert violation_fields(err.value) == [field], (given, err.value.details())
    with pytest.raises(grpc.RpcError) as err:
        stub.CreateServiceRequest(open311_pb2.CreateServiceRequestRequest(
            service_code="0601", lat=str(lat), long=str(lon)), metadata=app)  # a 2013 code
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_default_window_follows_the_service_clock_and_status_follows_the_case(server):
    stub = open311_stub(server)
    lon, lat = point_in(0)
    rid = stub.CreateServiceRequest(open311_pb2.CreateServiceRequestRequest(
        service_code="06010", lat=str(lat), long=str(lon)),
        metadata=server.md("open311_app", "cl_app", kind="client")).service_request_id
    ids = lambda **kw: [r.service_request_id for r in stub.ListServiceRequests(  # noqa: E731
        open311_pb2.ListServiceRequestsRequest(**kw)).requests]
    assert ids() == ids(status="open") == [rid] and ids(status="closed") == []
    server.cases.RejectCase(case_pb2.RejectCaseRequest(id=rid, note="重复上报"),
                            metadata=server.md("ops_center"))
    assert ids(status="closed") == [rid] and ids(status="open") == []
    assert stub.GetServiceRequest(open311_pb2.GetServiceRequestRequest(
        service_request_id=rid)).status_notes == "重复上报"
    server.clock.now += timedelta(days=91)
    assert ids() == []  # out of the most recent 90 days
    assert ids(start_date="2026-11-01T00:00:00+08:00") == [rid]
    assert ids(service_request_id=rid) == [rid]  # ids override the window
    with pytest.raises(grpc.RpcError) as err:
        stub.GetServiceRequestToken(open311_pb2.GetServiceRequestTokenRequest(token="t-1"))  # noqa: S106
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
