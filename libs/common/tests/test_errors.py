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


def test_huge_errors_are_cut_to_fit_the_trailers():
    """A status that echoes a huge input still reaches the client as itself."""
    huge = "x" * 100_000
    err = InvalidArgument(violations=[FieldViolation(f"items[{i}].{huge}", huge) for i in range(5000)])
    code, st = _status(err)
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert len(st.SerializeToString()) < 10_000  # base64 in the trailer: still under 16 KiB
    bad = [d for d in unpack_details(st) if isinstance(d, error_details_pb2.BadRequest)][0]
    assert len(bad.field_violations) == 21 and "4980 more" in bad.field_violations[-1].description
    _, st = _status(NotFound("User", huge))
    assert len(st.SerializeToString()) < 10_000  # base64 in the trailer: still under 16 KiB
