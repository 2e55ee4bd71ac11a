"""CloudEvents envelope and consumer-configuration rules (no server needed)."""

import json
from datetime import UTC, datetime

import pytest
from google.protobuf import json_format

from jlp_common.config import Settings
from jlp_common.events import MalformedEvent, Subscription, dataschema_of, event_type, stream_name
from jlp_common.events.envelope import build, decode, encode, rfc3339
from jlp_common.events.streams import StreamPolicy, domain_of_stream
from jlptest.echo.v1 import echo_pb2


def note() -> echo_pb2.Note:
    return echo_pb2.Note(name="notes/1", title="积水 on Yangjiaping road", urgency=echo_pb2.URGENCY_HIGH,
                         tags=["water"])


def test_type_and_schema_follow_the_subject_and_the_message():
    assert event_type("jlp.grid.case.created") == "cn.gov.cq.jlp.grid.case.created"
    assert dataschema_of(echo_pb2.Note) == "type.googleapis.com/jlptest.echo.v1.Note"
    assert stream_name("environment") == "JLP_ENVIRONMENT"
    assert domain_of_stream("JLP_ENVIRONMENT") == "environment"


@pytest.mark.parametrize("subject", ["grid.case.created", "jlp.grid.case", "jlp.Grid.case.created",
                                     "jlp.grid.case.created.extra", "jlp.grid.*.created"])
def test_subjects_outside_the_naming_rule_are_refused(subject):
    with pytest.raises(ValueError):
        event_type(subject)


def test_round_trip_keeps_attributes_and_proto3_json_data():
    when = datetime(2026, 5, 1, 8, 30, tzinfo=UTC)
    envelope = build(event_id="e-1", source="/jlp/test", subject="jlp.grid.case.created",
                     data=json_format.MessageToDict(note()), dataschema=dataschema_of(echo_pb2.Note),
                     time=when, subject_ref="cases/1")
    event = decode(encode(envelope), {"Content-Type": "application/cloudevents+json"})
    assert (event.id, event.source, event.subject, event.time) == ("e-1", "/jlp/test", "cases/1", when)
    assert event.data["urgency"] == "URGENCY_HIGH"  # enum names, lowerCamelCase: proto3 JSON
    assert event.parse(echo_pb2.Note) == note()
    with pytest.raises(ValueError):
        event.parse(echo_pb2.GetNoteRequest)  # dataschema names another message


def test_time_is_rfc3339_utc():
    assert rfc3339(datetime(2026, 5, 1, 8, 30, 0, 123456, tzinfo=UTC)) == "2026-05-01T08:30:00.123Z"


@pytest.mark.parametrize("payload", [b"not json", b"[1]", b'{"specversion":"0.3","id":"1","source":"s","type":"t"}',
                                     b'{"specversion":"1.0","id":"","source":"s","type":"t"}',
                                     b'{"specversion":"1.0","id":"1","source":"s","type":"t","data":[1]}',
                                     b'{"specversion":"1.0","id":"1","source":"s","type":"t","data_base64":"AA=="}'])
def test_unreadable_messages_are_malformed(payload):
    with pytest.raises(MalformedEvent):
        decode(payload)


def test_binary_mode_headers_are_read_too():
    headers = {"ce-specversion": "1.0", "ce-id": "b-1", "ce-source": "/jlp/open311",
               "ce-type": "cn.gov.cq.jlp.grid.case.created", "ce-subject": "jiulongpo%20%E4%B9%9D%E9%BE%99%E5%9D%A1",
               "ce-datacontenttype": "application/json"}
    event = decode(json.dumps({"title": "x"}).encode(), headers)
    assert event.subject == "jiulongpo 九龙坡" and event.data == {"title": "x"}


def test_consumer_backoff_never_undercuts_the_ack_wait():
    spec = Subscription("JLP_GRID", "grid-event-alerts", "jlp.grid.>", print, max_deliver=5,
                        backoff_s=(1, 5, 60), ack_wait_s=30)
    config = spec.consumer_config()
    assert config.max_deliver == 5 and config.backoff == [30, 30, 60, 60]
    assert [spec.nak_delay(n) for n in (1, 2, 3, 4)] == [1, 5, 60, 60]
    with pytest.raises(ValueError):
        Subscription("JLP_GRID", "bad.name", "jlp.grid.>", print)


def test_default_retry_schedule_rides_out_an_hour_long_outage():
    """Issue 15: with 1, 5, 30 s × 5 deliveries an alert failing while MongoDB was down for
    more than ~70 s was parked for good. The default now retries for about an hour, and a
    service's Consumer gets the same default unless it names its own schedule."""
    from jlp_common.events import Consumer

    spec = Subscription("JLP_ENVIRONMENT", "grid-event-environment-alerts",
                        "jlp.environment.alert.raised", print)
    assert spec.retry_window_s() >= 3600
    assert [spec.nak_delay(n) for n in (1, 2, 3, 4, 5, 6)] == [1, 5, 30, 120, 600, 600]
    consumer = Consumer("JLP_ENVIRONMENT", "grid-event-environment-alerts",
                        "jlp.environment.alert.raised", print)
    assert (consumer.max_deliver, tuple(consumer.backoff_s)) == (spec.max_deliver, spec.backoff_s)
    quick = Subscription("JLP_GRID", "x-y", "jlp.grid.>", print, max_deliver=3, backoff_s=(2,))
    assert quick.retry_window_s() == 4  # configurable per consumer


def test_a_payload_of_the_wrong_type_is_a_permanent_failure():
    from jlp_common.events import Permanent

    event = decode(json.dumps({"specversion": "1.0", "id": "e-1", "source": "/jlp/x",
                               "type": "cn.gov.cq.jlp.grid.case.created",
                               "dataschema": "type.googleapis.com/jlp.Other",
                               "data": {"title": "x"}}).encode())
    with pytest.raises(Permanent):
        event.parse(echo_pb2.Note)
    bad_data = decode(json.dumps({"specversion": "1.0", "id": "e-2", "source": "/jlp/x",
                                  "type": "t", "data": {"createTime": "yesterday"}}).encode())
    with pytest.raises(Permanent, match="createTime|yesterday"):
        bad_data.parse(echo_pb2.Note)


def test_replicas_come_from_the_environment():
    policy = StreamPolicy.from_settings(Settings.from_env("grid-event", {"JLP_NATS_REPLICAS": "3"}))
    spec = policy.domain("grid")
    assert (spec.name, spec.subjects, spec.replicas, spec.duplicate_window_s) == ("JLP_GRID", ("jlp.grid.>",), 3, 120)
    assert StreamPolicy.from_settings(Settings.from_env("grid-event", {})).replicas == 1
