"""The one exception jlpctl turns into a message and an exit code."""

from __future__ import annotations


class JlpctlError(Exception):
    """A problem the operator can act on; str() is the whole message, no traceback needed."""

    exit_code = 2
