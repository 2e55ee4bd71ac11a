"""Turning domain problem lists ((field, description) pairs) into one INVALID_ARGUMENT error."""

from __future__ import annotations

from collections.abc import Iterable

from jlp_common.errors import FieldViolation, InvalidArgument

SHOWN_LENGTH = 64  # longest user-supplied value repeated in an error


def clip(value: str, limit: int = SHOWN_LENGTH) -> str:
    """`value` as an error message may repeat it: at most `limit` characters.

    Errors travel in gRPC trailing metadata (message and google.rpc details), which the
    channel refuses beyond 16 KiB; echoing a huge input verbatim turned a 400/404 into an
    opaque transport error.
    """
    value = value or ""
    return value if len(value) <= limit else value[:limit] + "…"


def raise_problems(problems: Iterable[tuple[str, str]]) -> None:
    """Raise InvalidArgument listing every problem; return quietly when there are none."""
    violations = [FieldViolation(f, d) for f, d in problems]
    if violations:
        raise InvalidArgument(violations=violations)
