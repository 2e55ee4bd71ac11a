"""Optimistic concurrency: a resource's `version` and its etag (AIP-154).

Each write of a project, investor, site or supervision item is one conditional update on
`{_id, version}` that increments the version (the store has no multi-document transactions,
DESIGN §4). A client that read version N and passes its etag is refused when the resource has
moved on, instead of overwriting a change it never saw.
"""

from __future__ import annotations

import re

from jlp_common.errors import Conflict, InvalidArgument

_ETAG = re.compile(r'^(?:W/)?"(\d{1,9})"$')


def etag_of(version: int) -> str:
    """Weak etag of a version (RFC 9110 §8.8.3 form, as grid-event writes it)."""
    return f'W/"{version}"'


def expected_version(etag: str = "", version: int = 0, field: str = "etag") -> int:
    """The version the client expects (0 = none given). An etag and a version that disagree,
    or an etag this service did not write, are INVALID_ARGUMENT on `field`."""
    from_etag = 0
    if etag:
        match = _ETAG.match(etag.strip())
        if not match:
            raise InvalidArgument.field(field, 'not an etag of this service (expected W/"<version>")')
        from_etag = int(match.group(1))
    if from_etag and version and from_etag != version:
        raise InvalidArgument.field(field, f"etag says version {from_etag} but version says {version}")
    if version < 0:
        raise InvalidArgument.field("version", "must not be negative")
    return from_etag or version


def check_version(kind: str, resource_id: str, current: int, expected: int) -> None:
    """ABORTED (HTTP 409, reason STALE_VERSION) when an expected version is given and stale."""
    if expected and expected != current:
        raise Conflict(f"{kind} {resource_id} is at version {current}, not {expected}; reload and retry",
                       reason="STALE_VERSION", metadata={"current_version": str(current)})
