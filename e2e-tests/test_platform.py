"""The suite as a front-end app sees it: readiness, API description, errors, shutdown."""

import pytest

pytestmark = pytest.mark.e2e


# Services the suite cannot run without today; the launcher must have started at least these,
# so an empty start (nothing installed, nothing routed) cannot pass as "every service ready".
CORE_SERVICES = {"identity", "grid-event", "environment"}


def test_every_service_is_ready(suite):
    # What the launcher started, from its ready-file summary (its own record of the processes
    # it ran), not from the component list the gateway also derives its backends from.
    started = set(suite.services)
    assert started >= CORE_SERVICES, f"launcher started only {sorted(started)}"
    r = suite.get("/readyz")
    assert r.status_code == 200, r.text
    services = r.json()["services"]
    # the gateway checks exactly the started services: none missing, none it cannot reach
    assert set(services) == started, services
    assert services == dict.fromkeys(started, "SERVING")


def test_openapi_lists_routes_of_every_service(suite):
    spec = suite.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    paths = " ".join(spec["paths"])
    for prefix in ("/api/v1/cases", "/api/v1/environment/", "/api/v1/me"):
        assert prefix in paths, prefix
    # routes a standard dictates are hand-written, and documented all the same
    for path in ("/api/v1/auth/token", "/api/v1/auth/register", "/.well-known/openid-configuration",
                 "/open311/v2/requests.{format}"):
        assert path in spec["paths"], path
    from openapi_spec_validator import validate

    validate(spec)


def test_unknown_route_is_a_problem_document(suite):
    r = suite.get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers.get("x-request-id")
