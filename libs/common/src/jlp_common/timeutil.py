"""Time helpers every service shares: the UTC clock, naive→aware UTC, Timestamp ↔ datetime.

Why one module: stores hand back naive datetimes (mongomock, and MongoDB without `tz_aware`),
protobuf's `Timestamp.FromDatetime` takes a naive value as UTC but an aware one as-is, and an
unset message field reads as the epoch rather than "absent". Each service had grown its own
answer to those three facts; these are the one answer. All datetimes leaving this module are
aware UTC, so comparisons never mix naive and aware values.

    from jlp_common.timeutil import Clock, utc_now, as_utc, to_timestamp, timestamp_field
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import overload

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

Clock = Callable[[], datetime]
"""Time as a dependency: code that depends on "now" takes a Clock (tests pass a fixed one)."""


def utc_now() -> datetime:
    """The current instant, aware UTC (the default Clock)."""
    return datetime.now(UTC)


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
def as_utc(moment: datetime | None) -> datetime | None:
    """`moment` as aware UTC; a naive value is taken as UTC (how stores return them), None
    stays None (optional stored fields)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@overload
def to_timestamp(moment: datetime) -> Timestamp: ...
@overload
def to_timestamp(moment: None) -> None: ...
def to_timestamp(moment: datetime | None) -> Timestamp | None:
    """A protobuf Timestamp of `moment` (naive = UTC); None → None, which leaves the message
    field unset when passed to a constructor."""
    if moment is None:
        return None
    out = Timestamp()
    out.FromDatetime(as_utc(moment))
    return out


def from_timestamp(value: Timestamp) -> datetime:
    """The aware UTC instant of a Timestamp.

    A Timestamp outside datetime's range (years 1…9999; the wire allows any int64 seconds) is
    clamped to datetime's ends instead of raising, so a hostile or mistaken value reaches the
    caller's range check and gets its field-named error there, never a server crash.
    """
    try:
        return value.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        return (datetime.max if value.seconds > 0 else datetime.min).replace(tzinfo=UTC)


def timestamp_field(message: Message, field: str) -> datetime | None:
    """The instant in `message.<field>` (a Timestamp field), or None when the field is unset.

    An unset Timestamp reads as 1970-01-01, which is a real instant; only `HasField` tells
    "not given" apart, so optional time bounds are read through this.
    """
    if not message.HasField(field):
        return None
    return from_timestamp(getattr(message, field))


def rfc3339(moment: datetime, timespec: str = "milliseconds") -> str:
    """`moment` as an RFC 3339 UTC string with a `Z` suffix (naive = UTC), e.g.
    `2026-01-02T03:04:05.678Z` — the form CloudEvents `time` and JSON APIs use."""
    return as_utc(moment).isoformat(timespec=timespec).replace("+00:00", "Z")
