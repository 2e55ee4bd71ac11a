"""A backend that is restarting: the client is told to come back (503 + Retry-After), never
500 or 499 (issue 15; the fault suite's e2e-tests/faults/test_gateway_restart.py shows it
with real processes)."""

import grpc
from flask import Flask
from google.rpc import status_pb2

from jlp_gateway.errors import UNAVAILABLE_RETRY_AFTER_S, problem_from_status


def answer(code: grpc.StatusCode):
    with Flask(__name__).test_request_context("/api/v1/x"):
        return problem_from_status(status_pb2.Status(code=code.value[0], message="gone"),
                                   token_present=False)


def test_unavailable_without_retry_info_still_says_when_to_retry():
    resp = answer(grpc.StatusCode.UNAVAILABLE)
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == str(UNAVAILABLE_RETRY_AFTER_S)


def test_calls_a_stopping_backend_cancelled_are_503_not_499():
    resp = answer(grpc.StatusCode.CANCELLED)
    assert resp.status_code == 503 and resp.headers["Retry-After"]
    assert resp.get_json()["detail"] == "the service is unavailable; retry later"
