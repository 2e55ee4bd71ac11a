"""proto3 JSON → message for the plain shapes, with json_format as the judge of everything else.

Why: `json_format.ParseDict` costs ~39 µs per reading of a 5,000-reading batch (a dozen Python
calls per field), which made the gateway's batch ingest ~70 % of the gRPC stream's (issue 16).
Here a message type is compiled once into a table of its fields, and an input whose every value
is of the plain, unambiguous kind is converted by that table and the message built in one
constructor call (protobuf's C code does the rest):

- strings (JSON strings), bools (JSON true/false), doubles and floats (JSON numbers in range),
  32/64-bit integers (JSON integers in range), enums (a value name, or a known number),
  `google.protobuf.Timestamp` (an RFC 3339 string, parsed by the same `FromJsonString` as
  json_format), nested messages of those, repeated fields of those (JSON arrays);
- fields given by their JSON or their proto name (as json_format accepts).

Anything else — an unknown or repeated key, a null, a number as a string, a value out of range,
a map, a real oneof, bytes, another well-known type, a value protobuf refuses — is `None` here,
and the caller parses the whole input with json_format, which then accepts it or raises the very
error it always raised (the 400 problem names the field as before). So the fast path only ever
answers what json_format would have answered; gateway/tests/test_fastjson.py checks that against
json_format on generated inputs for every request type of the suite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from google.protobuf import message_factory, timestamp_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

_INT_RANGES = {
    FieldDescriptor.TYPE_INT32: (-2**31, 2**31 - 1), FieldDescriptor.TYPE_SINT32: (-2**31, 2**31 - 1),
    FieldDescriptor.TYPE_SFIXED32: (-2**31, 2**31 - 1), FieldDescriptor.TYPE_UINT32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_FIXED32: (0, 2**32 - 1), FieldDescriptor.TYPE_INT64: (-2**63, 2**63 - 1),
    FieldDescriptor.TYPE_SINT64: (-2**63, 2**63 - 1), FieldDescriptor.TYPE_SFIXED64: (-2**63, 2**63 - 1),
    FieldDescriptor.TYPE_UINT64: (0, 2**64 - 1), FieldDescriptor.TYPE_FIXED64: (0, 2**64 - 1),
}
_FLOAT32_MAX = 3.4028234663852886e38
_EXACT_INT_FLOAT = 2**53  # an integer a double holds exactly: float(v) is what json_format sets
MAX_DEPTH = 100  # json_format's max_recursion_depth: deeper input goes to json_format
TIMESTAMP = "google.protobuf.Timestamp"


class _Unsupported(Exception):
    """Not a plain value: let json_format parse (and judge) the whole input."""


Convert = Callable[[Any, int, dict], Any]  # (JSON value, depth, the parse's memo) → value


def _scalar(fd: FieldDescriptor) -> Convert | None:
    """A converter for one (non-repeated) value of the field, or None when not a plain kind."""
    kind = fd.type
    if kind == FieldDescriptor.TYPE_STRING:
        def string(v: Any, _depth: int, _memo: dict) -> Any:
            if type(v) is not str:
                raise _Unsupported
            return v
        return string
    if kind == FieldDescriptor.TYPE_BOOL:
        def boolean(v: Any, _depth: int, _memo: dict) -> Any:
            if type(v) is not bool:
                raise _Unsupported
            return v
        return boolean
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        limit = _FLOAT32_MAX if kind == FieldDescriptor.TYPE_FLOAT else None

        def number(v: Any, _depth: int, _memo: dict) -> Any:
            t = type(v)
            if t is int:
                if -_EXACT_INT_FLOAT <= v <= _EXACT_INT_FLOAT:
                    return float(v)
                raise _Unsupported
            if t is not float or (limit is not None and not -limit <= v <= limit):
                raise _Unsupported
            return v
        return number
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]

        def integer(v: Any, _depth: int, _memo: dict) -> Any:
            if type(v) is not int or not low <= v <= high:
                raise _Unsupported
            return v
        return integer
    if kind == FieldDescriptor.TYPE_ENUM:
        by_name = {v.name: v.number for v in fd.enum_type.values}
        numbers = frozenset(by_name.values())

        def enum(v: Any, _depth: int, _memo: dict) -> Any:
            t = type(v)
            if t is str:
                number = by_name.get(v)
                if number is None:
                    raise _Unsupported
                return number
            if t is int and v in numbers:
                return v
            raise _Unsupported
        return enum
    if kind == FieldDescriptor.TYPE_MESSAGE:
        if fd.message_type.GetOptions().map_entry:
            return None
        if fd.message_type.full_name == TIMESTAMP:
            def instant(v: Any, _depth: int, memo: dict) -> Any:
                if type(v) is not str:
                    raise _Unsupported
                moment = memo.get(v)  # a batch repeats its instants; parsing one costs ~13 µs
                if moment is None:
                    moment = timestamp_pb2.Timestamp()
                    try:
                        moment.FromJsonString(v)
                    except ValueError:
                        raise _Unsupported from None
                    memo[v] = moment  # only read (message constructors copy it)
                return moment
            return instant
        if fd.message_type.full_name.startswith("google.protobuf."):
            return None  # Struct, Value, Any, wrappers, Duration, FieldMask...: json_format
        plan = _plan(fd.message_type)
        if plan is None:
            return None
        return plan.build
    return None  # bytes (base64), groups


class _Plan:
    """How to build one message type from a JSON object of plain values."""

    def __init__(self, desc: Descriptor) -> None:
        self.cls = message_factory.GetMessageClass(desc)
        self.fields: dict[str, tuple[str, Convert]] = {}  # JSON or proto name → (proto name, convert)

    def fill(self, desc: Descriptor) -> bool:
        for fd in desc.fields:
            oneof = fd.containing_oneof
            if oneof is not None and len(oneof.fields) > 1:
                return False  # a real oneof: two members set is json_format's error to give
            one = _scalar(fd)
            if one is None:
                return False
            convert = _repeated(one) if fd.is_repeated else one
            self.fields[fd.json_name] = self.fields[fd.name] = (fd.name, convert)
        return True

    def build(self, value: Any, depth: int, memo: dict) -> Message:
        if type(value) is not dict or depth > MAX_DEPTH:
            raise _Unsupported
        kwargs: dict[str, Any] = {}
        fields = self.fields
        for key, item in value.items():
            found = fields.get(key)
            if found is None:
                raise _Unsupported  # unknown field: json_format names it
            name, convert = found
            if name in kwargs:
                raise _Unsupported  # given by both names: json_format's duplicate error
            kwargs[name] = convert(item, depth + 1, memo)
        try:
            return self.cls(**kwargs)
        except (TypeError, ValueError):  # e.g. a lone surrogate in a string
            raise _Unsupported from None


def _repeated(one: Convert) -> Convert:
    def many(v: Any, depth: int, memo: dict) -> Any:
        if type(v) is not list:
            raise _Unsupported
        return [one(item, depth, memo) for item in v]
    return many


_plans: dict[str, _Plan | None] = {}
_building: dict[str, _Plan] = {}
_lock = threading.RLock()


def _plan(desc: Descriptor) -> _Plan | None:
    """The compiled plan of a message type (None: never fast), made once per type."""
    name = desc.full_name
    if name in _plans:
        return _plans[name]
    with _lock:
        if name in _plans:
            return _plans[name]
        if name in _building:  # a recursive type: the plan being filled serves its own fields
            return _building[name]
        plan = _Plan(desc)
        _building[name] = plan
        try:
            ok = plan.fill(desc)
        finally:
            del _building[name]
        _plans[name] = plan if ok else None
        return _plans[name]


def parse(value: Any, desc: Descriptor) -> Message | None:
    """The message of type `desc` for the JSON object `value`, or None: json_format must decide."""
    plan = _plan(desc)
    if plan is None:
        return None
    try:
        return plan.build(value, 0, {})
    except (_Unsupported, RecursionError):
        return None
