"""Domain errors and their mapping to gRPC status with google.rpc details (AIP-193).

Domain code raises these plain exceptions (no grpc import needed by callers); the server
interceptor turns them into a status whose details carry google.rpc.BadRequest field
violations, ErrorInfo, ResourceInfo or RetryInfo, which the gateway maps to problem+json.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

ERROR_DOMAIN = "jlp.gov.cn"
# The status travels in HTTP/2 trailers, which gRPC caps (16 KiB by default): an error that
# echoes a huge input or lists thousands of fields must be cut, or the client gets a
# misleading RESOURCE_EXHAUSTED instead of the real error.
MAX_MESSAGE_CHARS = 1000
MAX_TEXT_CHARS = 200
MAX_VIOLATIONS = 20


def clip(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """`text` cut to `limit` characters, marked as cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class FieldViolation:
    """One invalid field: `field` is a path such as `readings[3].value`, `reason` says why."""

    field: str
    description: str


class DomainError(Exception):
    """Base of every error a service reports on purpose. Subclasses fix the gRPC code."""

    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN
    reason: str = "ERROR"

    def __init__(self, message: str, *, reason: str | None = None,
                 metadata: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason:
            self.reason = reason
        self.metadata = dict(metadata or {})

    def details(self) -> list[object]:
        """google.rpc detail messages to attach (ErrorInfo always)."""
        metadata = {clip(k, 64): clip(v) for k, v in self.metadata.items()}
        return [error_details_pb2.ErrorInfo(reason=self.reason, domain=ERROR_DOMAIN, metadata=metadata)]

    def to_status(self) -> grpc.Status:
        """A grpc.Status carrying google.rpc.Status with details, for context.abort_with_status."""
        return to_grpc_status(self.code, self.message, self.details())


class InvalidArgument(DomainError):
    """Bad input: HTTP 400, with every offending field listed."""

    code = grpc.StatusCode.INVALID_ARGUMENT
    reason = "INVALID_ARGUMENT"

    def __init__(self, message: str = "", violations: Iterable[FieldViolation] = (), **kw) -> None:
        self.violations = list(violations)
        if not message:
            message = "; ".join(f"{v.field}: {v.description}" for v in self.violations)
        super().__init__(message or "invalid argument", **kw)

    @classmethod
    def field(cls, field: str, description: str) -> InvalidArgument:
        return cls(f"{field}: {description}", [FieldViolation(field, description)])

    def details(self) -> list[object]:
        shown = self.violations[:MAX_VIOLATIONS]
        items = [error_details_pb2.BadRequest.FieldViolation(field=clip(v.field, 120), description=clip(v.description))
                 for v in shown]
        if len(self.violations) > len(shown):
            items.append(error_details_pb2.BadRequest.FieldViolation(
                field="", description=f"… and {len(self.violations) - len(shown)} more invalid fields"))
        return [error_details_pb2.BadRequest(field_violations=items), *super().details()]


class NotFound(DomainError):
    code = grpc.StatusCode.NOT_FOUND
    reason = "NOT_FOUND"

    def __init__(self, resource_type: str, name: str, message: str = "", **kw) -> None:
        self.resource_type, self.name = resource_type, name
        super().__init__(message or f"{resource_type} {name!r} not found", **kw)

    def details(self) -> list[object]:
        return [error_details_pb2.ResourceInfo(resource_type=self.resource_type,
                                               resource_name=clip(self.name)), *super().details()]


class AlreadyExists(DomainError):
    code = grpc.StatusCode.ALREADY_EXISTS
    reason = "ALREADY_EXISTS"

    def __init__(self, resource_type: str, name: str, message: str = "", **kw) -> None:
        self.resource_type, self.name = resource_type, name
        super().__init__(message or f"{resource_type} {name!r} already exists", **kw)

    def details(self) -> list[object]:
        return [error_details_pb2.ResourceInfo(resource_type=self.resource_type,
                                               resource_name=clip(self.name)), *super().details()]


class FailedPrecondition(DomainError):
    """The request is valid but the resource's state forbids it (e.g. an illegal transition)."""

    code = grpc.StatusCode.FAILED_PRECONDITION
    reason = "FAILED_PRECONDITION"


class Conflict(DomainError):
    """A write based on a stale version lost a race (optimistic concurrency): HTTP 409."""

    code = grpc.StatusCode.ABORTED
    reason = "CONFLICT"


class Unauthenticated(DomainError):
    code = grpc.StatusCode.UNAUTHENTICATED
    reason = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    code = grpc.StatusCode.PERMISSION_DENIED
    reason = "PERMISSION_DENIED"


class ResourceExhausted(DomainError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED
    reason = "RESOURCE_EXHAUSTED"

    def __init__(self, message: str, retry_after_s: float | None = None, **kw) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message, **kw)

    def details(self) -> list[object]:
        out = super().details()
        if self.retry_after_s is not None:
            delay = duration_pb2.Duration()
            delay.FromMilliseconds(int(self.retry_after_s * 1000))
            out.insert(0, error_details_pb2.RetryInfo(retry_delay=delay))
        return out


class Unavailable(DomainError):
    """A dependency (database, NATS, another service) cannot be reached right now."""

    code = grpc.StatusCode.UNAVAILABLE
    reason = "UNAVAILABLE"


def to_grpc_status(code: grpc.StatusCode, message: str, details: Sequence[object] = ()) -> grpc.Status:
    """Build the grpc.Status (with packed google.rpc details) that abort_with_status expects."""
    packed = []
    for d in details:
        a = any_pb2.Any()
        a.Pack(d)
        packed.append(a)
    status = status_pb2.Status(code=code.value[0], message=clip(message, MAX_MESSAGE_CHARS), details=packed)
    return rpc_status.to_status(status)


def status_from_rpc_error(err: grpc.RpcError) -> status_pb2.Status:
    """The google.rpc.Status of a failed call; a bare status when the server sent no details."""
    st = rpc_status.from_call(err) if hasattr(err, "trailing_metadata") else None
    if st is None:
        code = err.code() if hasattr(err, "code") else grpc.StatusCode.UNKNOWN
        return status_pb2.Status(code=code.value[0], message=err.details() or "")
    return st


def unpack_details(status: status_pb2.Status) -> list[object]:
    """Unpack the known google.rpc detail messages of a status (unknown ones are skipped)."""
    out: list[object] = []
    kinds = (error_details_pb2.BadRequest, error_details_pb2.ErrorInfo,
             error_details_pb2.ResourceInfo, error_details_pb2.RetryInfo,
             error_details_pb2.PreconditionFailure, error_details_pb2.QuotaFailure)
    for a in status.details:
        for kind in kinds:
            if a.Is(kind.DESCRIPTOR):
                msg = kind()
                a.Unpack(msg)
                out.append(msg)
                break
    return out


CODE_NAMES = {c.value[0]: c.name for c in grpc.StatusCode}
