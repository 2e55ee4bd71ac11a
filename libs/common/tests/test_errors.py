import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from jlp_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound, ResourceExhausted, unpack_details


def _status(err):
    st = err.to_status()
    # grpc.Status carries the google.rpc.Status in the trailing metadata
    md = dict(st.trailing_metadata)
    from google.rpc import status_pb2
    return st.code, status_pb2.Status.FromString(md[rpc_status.GRPC_DETAILS_METADATA_KEY])


def test_invalid_argument_lists_every_field():
    err = InvalidArgument(violations=[FieldViolation("readings[3].value", "must be >= 0"),
                                      FieldViolation("phone", "not a mobile number")])
    code, st = _status(err)
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    bad = [d for d in unpack_details(st) if isinstance(d, error_details_pb2.BadRequest)][0]
    assert [(v.field, v.description) for v in bad.field_violations] == [
        ("readings[3].value", "must be >= 0"), ("phone", "not a mobile number")]
    assert "readings[3].value" in st.message


def test_not_found_carries_resource_info_and_reason():
    code, st = _status(NotFound("Case", "cases/42"))
    assert code == grpc.StatusCode.NOT_FOUND
    details = unpack_details(st)
    info = [d for d in details if isinstance(d, error_details_pb2.ResourceInfo)][0]
    assert info.resource_name == "cases/42"
    reason = [d for d in details if isinstance(d, error_details_pb2.ErrorInfo)][0]
    assert reason.reason == "NOT_FOUND"


def test_conflict_is_aborted_and_retry_info_is_attached():
    assert Conflict("stale").code == grpc.StatusCode.ABORTED
    _, st = _status(ResourceExhausted("slow down", retry_after_s=1.5))
    retry = [d for d in unpack_details(st) if isinstance(d, error_details_pb2.RetryInfo)][0]
    assert retry.retry_delay.ToMilliseconds() == 1500
