"""Turning domain problem lists ((field, description) pairs) into one INVALID_ARGUMENT error."""

from __future__ import annotations

from collections.abc import Iterable

from jlp_common.errors import FieldViolation, InvalidArgument


def raise_problems(problems: Iterable[tuple[str, str]]) -> None:
    """Raise InvalidArgument listing every problem; return quietly when there are none."""
    violations = [FieldViolation(f, d) for f, d in problems]
    if violations:
        raise InvalidArgument(violations=violations)
