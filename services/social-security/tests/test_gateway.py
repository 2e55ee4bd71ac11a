"""The REST contract of issue 13 through the real gateway app (Flask test client) in front of
the social-security service on a random port: paths, JSON shapes, problem+json errors, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from jlp.social_security.v1 import social_security_pb2 as pb
from jlp_common.config import Settings
from jlp_gateway.app import create_app
from jlp_social_security.app import build
from jlp_social_security.domain.resident_id import synthetic_resident_id
from jlp_testkit.tokens import TestSigner

GATEWAY_ENV = {"JLP_LOG_LEVEL": "WARNING", "JLP_METRICS_PORT": "0"}
CLERK = ("social:person.read", "social:person.write", "social:enrolment.read", "social:enrolment.write",
         "social:claim.read", "social:claim.handle")
HEAD = (*CLERK, "social:claim.decide", "social:claim.pay", "social:contribution.run", "social:contribution.read")


@pytest.fixture
def api() -> Iterator:
    signer = TestSigner()
    settings = Settings.from_env("social-security", {
        "JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0", "JLP_LOG_LEVEL": "WARNING",
        "JLP_SOCIAL_SCAN_SECONDS": "0"})
    service = build(settings, verifier=signer.verifier())
    port = service.start()
    gateway = create_app(Settings.from_env("gateway", GATEWAY_ENV), services=[(pb, f"127.0.0.1:{port}")],
                         configured=False, verifier=signer.verifier())
    client = gateway.test_client()
    client.auth = lambda scopes, sub="u-1": {"Authorization": "Bearer " + signer.token(sub=sub, scopes=scopes)}
    yield client
    service.parts.contributions.wait_idle()
    service.stop(0)


def test_calculate_contract(api) -> None:
    r = api.post("/api/v1/social/contributions:calculate",
                 json={"wage": "8000", "month": "2025-05", "workInjuryClass": 1})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert (body["employerTotal"], body["employeeTotal"], body["clamp"]) == ("2136.00", "845.00", "WITHIN_LIMITS")
    assert {line["item"]: line["employeeAmount"] for line in body["lines"]}["medical_mutual_aid"] == "5.00"
    floor = api.post("/api/v1/social/contributions:calculate",
                     json={"wage": "2800", "month": "2025-05", "insuranceTypes": ["PENSION"]}).get_json()
    assert (floor["base"], floor["clamp"], floor["lines"][0]["employeeAmount"]) == (
        "3699.00", "RAISED_TO_FLOOR", "295.92")
    r = api.post("/api/v1/social/contributions:calculate", json={"wage": "-5", "month": "2025-05"})
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in r.get_json()["errors"]] == ["wage"]
    schedules = api.get("/api/v1/social/rateSchedules").get_json()["schedules"]
    assert schedules[0]["baseFloor"] == "3699.00" and schedules[0]["workInjuryClassRates"]["8"] == "0.019"


def test_person_claim_contract(api) -> None:
    r = api.post("/api/v1/social/persons", headers=api.auth(CLERK), json={
        "idNumber": synthetic_resident_id("500107", date(1980, 1, 2), 11), "name": "测试丙"})
    assert r.status_code == 201, r.get_json()
    person = r.get_json()
    assert not person.get("idNumber") and person["name"] == "测**" and person["gender"] == "MALE", person
    assert api.post("/api/v1/social/persons", headers=api.auth(("social:person.read",)),
                    json={"idNumber": "x", "name": "y"}).status_code == 403
    r = api.post("/api/v1/social/enrolments", headers=api.auth(CLERK), json={
        "personId": person["id"], "insuranceType": "UNEMPLOYMENT", "employerCreditCode": "91500107MA5U00003G",
        "monthlyWage": "6000", "effectiveFrom": "2020-01-01"})
    assert r.status_code == 201, r.get_json()
    claim = api.post("/api/v1/social/claims", headers=api.auth(CLERK, "clerk"), json={
        "personId": person["id"], "claimType": "UNEMPLOYMENT_BENEFIT", "eventDate": "2026-01-10",
        "amount": "1800"}).get_json()
    assert claim["state"] == "SUBMITTED" and claim["amount"] == "1800.00"
    r = api.post(f"/api/v1/social/claims/{claim['id']}:approve", headers=api.auth(HEAD, "chief"), json={})
    assert r.status_code == 409  # FAILED_PRECONDITION: not checked yet
    assert api.post(f"/api/v1/social/claims/{claim['id']}:check", headers=api.auth(CLERK, "clerk"),
                    json={}).status_code == 200
    assert api.post(f"/api/v1/social/claims/{claim['id']}:approve", headers=api.auth(HEAD, "clerk"),
                    json={}).status_code == 403  # the submitter
    assert api.post(f"/api/v1/social/claims/{claim['id']}:approve", headers=api.auth(HEAD, "chief"),
                    json={}).get_json()["state"] == "APPROVED"
    run = api.post("/api/v1/social/contributionRuns", headers=api.auth(HEAD), json={"month": "2025-05"})
    assert run.status_code == 201 and run.get_json()["month"] == "2025-05"


def test_openapi_lists_the_social_routes(api) -> None:
    doc = api.get("/openapi.json").get_json()
    paths = set(doc["paths"])
    assert {"/api/v1/social/persons", "/api/v1/social/contributions:calculate", "/api/v1/social/contributionRuns",
            "/api/v1/social/claims/{id}:approve", "/api/v1/social/careRequests/{id}:checkIn",
            "/api/v1/social/aidChecks"} <= paths
