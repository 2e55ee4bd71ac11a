"""The gRPC → HTTP table, problem details from google.rpc details, and the token bucket."""

from __future__ import annotations

import grpc
import pytest
from flask import Flask

from jlp_common.errors import (
    Conflict,
    FailedPrecondition,
    InvalidArgument,
    ResourceExhausted,
    Unavailable,
)
from jlp_gateway.errors import camel_field_path, http_status_for, problem_from_domain_error
from jlp_gateway.ratelimit import RateLimited, RateLimiter

C = grpc.StatusCode


@pytest.mark.parametrize(("code", "reason", "status"), [
    (C.INVALID_ARGUMENT, "", 400), (C.UNAUTHENTICATED, "", 401), (C.PERMISSION_DENIED, "", 403),
    (C.NOT_FOUND, "", 404), (C.ALREADY_EXISTS, "", 409), (C.ABORTED, "CONFLICT", 409),
    (C.FAILED_PRECONDITION, "FAILED_PRECONDITION", 409),
    (C.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", 409),
    (C.FAILED_PRECONDITION, "CASE_STATE", 409),
    (C.FAILED_PRECONDITION, "", 400), (C.FAILED_PRECONDITION, "STATION_NOT_CALIBRATED", 400),
    (C.RESOURCE_EXHAUSTED, "", 429), (C.UNAVAILABLE, "", 503), (C.DEADLINE_EXCEEDED, "", 504),
    (C.OUT_OF_RANGE, "", 400), (C.UNIMPLEMENTED, "", 501), (C.INTERNAL, "", 500),
    (C.UNKNOWN, "", 500), (C.CANCELLED, "", 499),
])
def test_grpc_code_to_http_status(code, reason, status) -> None:
    assert http_status_for(code, reason) == status


def test_camel_case_field_paths() -> None:
    assert camel_field_path("readings[3].value_ug") == "readings[3].valueUg"
    assert camel_field_path('labels["some_key"].x_y') == 'labels["some_key"].xY'


def _answer(exc, token_present: bool = False):
    app = Flask(__name__)
    with app.test_request_context("/api/v1/x"):
        resp = problem_from_domain_error(exc, token_present=token_present)
        return resp.status_code, resp.get_json(), resp.headers


def test_problem_details_from_rpc_details() -> None:
    status, body, _ = _answer(InvalidArgument.field("readings[0].pm2_5", "must be >= 0"))
    assert status == 400
    assert body["errors"] == [{"field": "readings[0].pm25", "description": "must be >= 0"}]
    assert body["type"].endswith("/invalid-argument") and body["reason"] == "INVALID_ARGUMENT"
    status, body, _ = _answer(FailedPrecondition("case is closed", reason="ILLEGAL_TRANSITION"))
    assert (status, body["reason"], body["detail"]) == (409, "ILLEGAL_TRANSITION", "case is closed")
    assert _answer(Conflict("stale etag"))[0] == 409
    status, _, headers = _answer(ResourceExhausted("quota", retry_after_s=2.2))
    assert status == 429 and headers["Retry-After"] == "3"
    assert _answer(Unavailable("jwks down"))[0] == 503


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_token_bucket_refills_at_rate_and_caps_at_burst() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=2.0, burst=3.0, clock=clock)
    for _ in range(3):
        limiter.acquire("a")
    with pytest.raises(RateLimited) as info:
        limiter.acquire("a")
    assert info.value.retry_after_s == pytest.approx(0.5)
    assert info.value.retry_after_header == "1"
    limiter.acquire("b")  # other clients are untouched
    clock.t += 10.0  # a long pause refills only up to the burst
    for _ in range(3):
        limiter.acquire("a")
    with pytest.raises(RateLimited):
        limiter.acquire("a")


def test_bucket_count_is_bounded() -> None:
    limiter = RateLimiter(rate=1.0, burst=1.0, max_clients=2, clock=Clock())
    limiter.acquire("a")
    limiter.acquire("b")
    limiter.acquire("c")  # evicts "a", which comes back with a full bucket
    limiter.acquire("a")
    with pytest.raises(RateLimited):
        limiter.acquire("c")
    assert RateLimiter(rate=0, burst=1).acquire("x") == float("inf")  # disabled


def test_field_paths_follow_the_request_message_json_names():
    from google.protobuf import descriptor_pb2

    from jlp_gateway.errors import json_field_path
    from jlptest.echo.v1 import echo_pb2

    req = echo_pb2.CreateNoteRequest.DESCRIPTOR
    assert json_field_path("note.body_text", req) == "note.bodyText"
    assert json_field_path("note.tags[2]", req) == "note.tags[2]"
    assert json_field_path("request_id", req) == "requestId"
    assert json_field_path("note.no_such_field", req) == "note.noSuchField"  # fallback
    assert json_field_path("readings[3].value_ug", None) == "readings[3].valueUg"
    fdp = descriptor_pb2.FileDescriptorProto.DESCRIPTOR
    assert json_field_path("message_type[0].nested_type", fdp) == "messageType[0].nestedType"
