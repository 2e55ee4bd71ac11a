"""The shared time helpers: aware UTC out, naive taken as UTC, unset Timestamps as None."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from google.protobuf.timestamp_pb2 import Timestamp

from jlp_common.timeutil import as_utc, from_timestamp, rfc3339, timestamp_field, to_timestamp, utc_now
from jlptest.echo.v1 import echo_pb2

BEIJING = timezone(timedelta(hours=8))


def test_utc_now_is_aware_utc():
    now = utc_now()
    assert now.tzinfo is UTC
    assert abs((datetime.now(UTC) - now).total_seconds()) < 5


def test_as_utc_takes_naive_as_utc_and_converts_aware():
    assert as_utc(datetime(2026, 1, 1, 8)) == datetime(2026, 1, 1, 8, tzinfo=UTC)
    converted = as_utc(datetime(2026, 1, 1, 8, tzinfo=BEIJING))
    assert converted == datetime(2026, 1, 1, 0, tzinfo=UTC) and converted.tzinfo is UTC
    assert as_utc(None) is None


def test_timestamp_round_trip_keeps_the_instant():
    moment = datetime(2026, 5, 1, 8, 30, 0, 123456, tzinfo=BEIJING)
    ts = to_timestamp(moment)
    assert ts.seconds == int(moment.timestamp()) and ts.nanos == 123456000
    back = from_timestamp(ts)
    assert back == moment and back.tzinfo is UTC
    assert to_timestamp(datetime(2026, 5, 1, 0, 30)).seconds == int(
        datetime(2026, 5, 1, 0, 30, tzinfo=UTC).timestamp())  # naive = UTC, not local time
    assert to_timestamp(None) is None


def test_out_of_range_timestamps_clamp_instead_of_crashing():
    assert from_timestamp(Timestamp(seconds=10**15)) == datetime.max.replace(tzinfo=UTC)
    assert from_timestamp(Timestamp(seconds=-(10**15))) == datetime.min.replace(tzinfo=UTC)


def test_unset_timestamp_field_is_none_and_set_epoch_is_not():
    assert timestamp_field(echo_pb2.Note(), "create_time") is None
    epoch = echo_pb2.Note(create_time=Timestamp(seconds=0))
    assert timestamp_field(epoch, "create_time") == datetime(1970, 1, 1, tzinfo=UTC)


def test_rfc3339_is_utc_with_z():
    assert rfc3339(datetime(2026, 5, 1, 16, 30, 0, 123456, tzinfo=BEIJING)) == "2026-05-01T08:30:00.123Z"
    assert rfc3339(datetime(2026, 5, 1, 8, 30), timespec="seconds") == "2026-05-01T08:30:00Z"
