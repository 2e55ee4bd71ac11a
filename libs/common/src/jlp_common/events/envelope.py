"""CloudEvents 1.0 envelope of every platform event, in the JSON event format (structured mode).

Wire shape (DESIGN §3 Events; /work/shared/reference/cloudevents-nats.md §1-2): the NATS payload
is one JSON CloudEvent with `specversion` "1.0", `id`, `source` `/jlp/<service>`, `type`
`cn.gov.cq.jlp.<domain>.<entity>.<verb>` (reverse-DNS prefixed), `subject` (the resource the
event is about, e.g. `cases/123`), `time` (RFC 3339, UTC), `datacontenttype`
`application/json`, `dataschema` = the proto message's type URL
(`type.googleapis.com/jlp.environment.v1.AlertRaised`, as the CloudEvents protobuf format
spec names protobuf content) and `data` = the proto3 JSON mapping of that message. Structured
mode is what the released NATS binding (v1.0.2) defines, and any CloudEvents SDK or an operator
with `nats sub` can read it. Decoding also accepts binary mode (1.0.3-wip: `ce-*` headers,
raw JSON data payload) so that hand-published test messages are not poison.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import unquote

from google.protobuf import json_format
from google.protobuf.message import Message

from jlp_common.events.failures import Permanent
from jlp_common.timeutil import as_utc, rfc3339

SPECVERSION = "1.0"
STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
DATA_CONTENT_TYPE = "application/json"
TYPE_PREFIX = "cn.gov.cq.jlp."
TYPE_URL_PREFIX = "type.googleapis.com/"
MAX_EVENT_BYTES = 64 * 1024  # CloudEvents: intermediaries MUST forward events up to 64 KB

# jlp.<domain>.<entity>.<verb>: lower-case tokens, so they are valid NATS tokens and type parts.
SUBJECT_PATTERN = re.compile(r"^jlp\.([a-z][a-z0-9]*)\.([a-z][a-z0-9_-]*)\.([a-z][a-z0-9_-]*)$")
_CORE_ATTRIBUTES = ("specversion", "id", "source", "type", "subject", "time",
                    "datacontenttype", "dataschema")
_NOT_EXTENSIONS = frozenset((*_CORE_ATTRIBUTES, "data", "data_base64"))

M = TypeVar("M", bound=Message)


class MalformedEvent(ValueError, Permanent):
    """A message that is not a CloudEvent this platform can read, or whose data is not the
    message its handler expects: permanent, it goes to the dead letters at once."""

    reason = "malformed"


def domain_of(subject: str) -> str:
    """The domain of an event subject (`jlp.grid.case.created` -> `grid`); ValueError if invalid."""
    match = SUBJECT_PATTERN.match(subject)
    if not match:
        raise ValueError(f"event subject {subject!r} is not jlp.<domain>.<entity>.<verb> "
                         "(lower-case tokens)")
    return match.group(1)


def event_type(subject: str) -> str:
    """CloudEvents `type` for a NATS subject: reverse-DNS prefix + the subject's tokens."""
    domain_of(subject)
    return TYPE_PREFIX + subject.removeprefix("jlp.")


def dataschema_of(message: Message | type[Message]) -> str:
    """Type URL naming the proto message carried in `data` (CloudEvents protobuf format spec)."""
    return TYPE_URL_PREFIX + message.DESCRIPTOR.full_name


def message_data(message: Message) -> dict[str, Any]:
    """proto3 JSON mapping of the message (lowerCamelCase names, enum names, RFC 3339 times)."""
    return json_format.MessageToDict(message)


def new_event_id() -> str:
    return str(uuid.uuid4())


class JsonText(str):
    """A JSON value already encoded, written into an envelope as it is.

    The outbox stores an event's `data` as JSON text; the relay used to decode it only for
    `encode` to encode it again, per event (issue 16). Only our own encoder's output is wrapped
    (`outbox_event` writes it), so the text is trusted to be one JSON object."""

    __slots__ = ()


def build(*, event_id: str, source: str, subject: str, data: Mapping[str, Any], dataschema: str,
          time: datetime, subject_ref: str | None = None,
          extensions: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON-format CloudEvent (as a dict) for an event on NATS subject `subject`."""
    envelope: dict[str, Any] = {
        "specversion": SPECVERSION,
        "id": event_id,
        "source": source,
        "type": event_type(subject),
        "time": rfc3339(time),
        "datacontenttype": DATA_CONTENT_TYPE,
        "dataschema": dataschema,
    }
    if subject_ref:
        envelope["subject"] = subject_ref
    for name, value in (extensions or {}).items():
        if value:
            envelope[name] = value
    envelope["data"] = data if isinstance(data, JsonText) else dict(data)
    return envelope


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(envelope: Mapping[str, Any]) -> str:
    """Compact JSON text of the envelope (non-ASCII kept); a `JsonText` data is spliced in."""
    data = envelope.get("data")
    if not isinstance(data, JsonText):
        return _ENCODER.encode(envelope)
    head = _ENCODER.encode({k: v for k, v in envelope.items() if k != "data"})
    return f'{head[:-1]},"data":{data}}}' if len(head) > 2 else f'{{"data":{data}}}'


def encode(envelope: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON bytes of the envelope; refuses events over the 64 KB every hop must carry."""
    payload = to_json(envelope).encode()
    if len(payload) > MAX_EVENT_BYTES:
        raise ValueError(f"event {envelope.get('id')} is {len(payload)} bytes; "
                         f"CloudEvents intermediaries only guarantee {MAX_EVENT_BYTES}")
    return payload


@dataclass(frozen=True, eq=False)
class Event:
    """One received event: the CloudEvents attributes plus where JetStream delivered it from."""

    id: str
    type: str
    source: str
    subject: str | None
    time: datetime | None
    data: dict[str, Any]
    dataschema: str | None = None
    datacontenttype: str = DATA_CONTENT_TYPE
    extensions: dict[str, str] = field(default_factory=dict)  # e.g. traceparent (event origin)
    nats_subject: str = ""
    stream: str = ""
    sequence: int = 0  # stream sequence
    delivery: int = 1  # 1 on the first delivery, >1 when redelivered
    headers: dict[str, str] = field(default_factory=dict)

    def parse(self, message_class: type[M]) -> M:
        """`data` as a `message_class` instance (unknown fields ignored for forward compatibility).

        Raises MalformedEvent (a ValueError) when `dataschema` names another message or `data`
        does not fit the message: retries cannot fix either, so the consumer parks the event in
        the dead letters on this delivery instead of retrying it.
        """
        expected = dataschema_of(message_class)
        if self.dataschema and self.dataschema != expected:
            raise MalformedEvent(f"event {self.id} carries {self.dataschema}, not {expected}")
        try:
            return json_format.ParseDict(self.data, message_class(), ignore_unknown_fields=True)
        except json_format.ParseError as exc:
            raise MalformedEvent(f"event {self.id}: data is not a {expected}: {exc}") from None


_EVENT_FIELDS = frozenset(Event.__dataclass_fields__)


def _event(**fields: Any) -> Event:
    """An Event from every one of its fields, as `Event(**fields)` builds it but without the
    frozen dataclass's per-field `object.__setattr__` (a quarter of decoding a consumed event,
    issue 16); the instance is as frozen afterwards."""
    assert fields.keys() == _EVENT_FIELDS  # noqa: S101 - every field given, none unknown
    event = object.__new__(Event)
    event.__dict__.update(fields)
    return event


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def _parse_time(raw: Any) -> datetime | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise MalformedEvent("time is not a string")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise MalformedEvent(f"time {raw!r} is not RFC 3339") from None
    return as_utc(moment)


def _attributes_from_binary(headers: Mapping[str, str], payload: bytes) -> dict[str, Any]:
    """Binary mode (NATS binding 1.0.3-wip): `ce-` headers, percent-encoded; payload = data."""
    attributes: dict[str, Any] = {}
    for key, value in headers.items():
        if key.lower().startswith("ce-"):
            try:
                attributes[key[3:].lower()] = unquote(value, errors="strict")
            except UnicodeDecodeError:
                raise MalformedEvent(f"header {key} is not valid percent-encoded UTF-8") from None
    try:
        attributes["data"] = json.loads(payload) if payload else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedEvent(f"binary-mode data is not JSON: {exc}") from None
    except RecursionError:  # `[[[[…` deeper than the parser goes: poison, not a transient fault
        raise MalformedEvent("binary-mode data is nested too deeply") from None
    return attributes


_DECODER = json.JSONDecoder()


def _json(payload: bytes) -> Any:
    """`json.loads(payload)`, without its type checks and encoding sniffing for what every
    publisher sends: UTF-8 starting with `{` (the sniffing would say UTF-8 too; a quarter of
    the cost of parsing a consumed event's JSON, issue 16). Anything else goes to json.loads."""
    if payload[:1] == b"{" and payload[1:2] != b"\x00":
        return _DECODER.decode(payload.decode("utf-8", "surrogatepass"))
    return json.loads(payload)


def decode(payload: bytes, headers: Mapping[str, str] | None = None, *, nats_subject: str = "",
           stream: str = "", sequence: int = 0, delivery: int = 1) -> Event:
    """Parse a received NATS message into an Event; MalformedEvent when it cannot be one."""
    headers = dict(headers or {})
    content_type = (headers.get("Content-Type") or _header(headers, "Content-Type") or "").lower()
    if not content_type.startswith("application/cloudevents") and _header(headers, "ce-specversion"):
        attributes = _attributes_from_binary(headers, payload)
    else:
        try:
            attributes = _json(payload)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedEvent(f"payload is not JSON: {exc}") from None
        except RecursionError:
            raise MalformedEvent("payload is nested too deeply") from None
        if not isinstance(attributes, dict):
            raise MalformedEvent("payload is not a JSON object")
    if attributes.get("specversion") != SPECVERSION:
        raise MalformedEvent(f"specversion is {attributes.get('specversion')!r}, expected '1.0'")
    for required in ("id", "source", "type"):
        if not isinstance(attributes.get(required), str) or not attributes[required]:
            raise MalformedEvent(f"required attribute {required!r} is missing or empty")
    for optional in ("subject", "dataschema", "datacontenttype"):
        # Handlers use these as strings (`subject.split("/")`): another type is poison here,
        # not a crash in the handler that a retry would repeat.
        if attributes.get(optional) is not None and not isinstance(attributes[optional], str):
            raise MalformedEvent(f"attribute {optional!r} is not a string")
    if "data_base64" in attributes:
        raise MalformedEvent("binary data_base64 payload; expected the proto3 JSON of a message")
    data = attributes.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MalformedEvent("data is not a JSON object (expected the proto3 JSON of a message)")
    extensions = {k: v if isinstance(v, str) else str(v) for k, v in attributes.items()
                  if k not in _NOT_EXTENSIONS}
    return _event(
        id=attributes["id"],
        type=attributes["type"],
        source=attributes["source"],
        subject=attributes.get("subject") or None,
        time=_parse_time(attributes.get("time")),
        data=data,
        dataschema=attributes.get("dataschema") or None,
        datacontenttype=attributes.get("datacontenttype") or DATA_CONTENT_TYPE,
        extensions=extensions,
        nats_subject=nats_subject,
        stream=stream,
        sequence=sequence,
        delivery=delivery,
        headers=headers,
    )
