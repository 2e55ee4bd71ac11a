import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CrowdingRaised(_message.Message):
    __slots__ = ("crowding_id", "spot_id", "spot_code", "spot_name", "measure", "level", "previous_level", "count", "capacity", "percent", "sales_stopped", "one_out_one_in", "lon", "lat", "subdistrict_code", "raise_time", "description")
    CROWDING_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_CODE_FIELD_NUMBER: _ClassVar[int]
    SPOT_NAME_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_LEVEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    SALES_STOPPED_FIELD_NUMBER: _ClassVar[int]
    ONE_OUT_ONE_IN_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    RAISE_TIME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    crowding_id: str
    spot_id: str
    spot_code: str
    spot_name: str
    measure: str
    level: str
    previous_level: str
    count: int
    capacity: int
    percent: float
    sales_stopped: bool
    one_out_one_in: bool
    lon: float
    lat: float
    subdistrict_code: str
    raise_time: _timestamp_pb2.Timestamp
    description: str
    def __init__(self, crowding_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., spot_code: _Optional[str] = ..., spot_name: _Optional[str] = ..., measure: _Optional[str] = ..., level: _Optional[str] = ..., previous_level: _Optional[str] = ..., count: _Optional[int] = ..., capacity: _Optional[int] = ..., percent: _Optional[float] = ..., sales_stopped: _Optional[bool] = ..., one_out_one_in: _Optional[bool] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., subdistrict_code: _Optional[str] = ..., raise_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ...) -> None: ...

class CrowdingCleared(_message.Message):
    __slots__ = ("crowding_id", "cleared_crowding_ids", "spot_id", "measure", "level", "new_level", "count", "capacity", "percent", "clear_time")
    CROWDING_ID_FIELD_NUMBER: _ClassVar[int]
    CLEARED_CROWDING_IDS_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    NEW_LEVEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    CLEAR_TIME_FIELD_NUMBER: _ClassVar[int]
    crowding_id: str
    cleared_crowding_ids: _containers.RepeatedScalarFieldContainer[str]
    spot_id: str
    measure: str
    level: str
    new_level: str
    count: int
    capacity: int
    percent: float
    clear_time: _timestamp_pb2.Timestamp
    def __init__(self, crowding_id: _Optional[str] = ..., cleared_crowding_ids: _Optional[_Iterable[str]] = ..., spot_id: _Optional[str] = ..., measure: _Optional[str] = ..., level: _Optional[str] = ..., new_level: _Optional[str] = ..., count: _Optional[int] = ..., capacity: _Optional[int] = ..., percent: _Optional[float] = ..., clear_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketBooked(_message.Message):
    __slots__ = ("ticket_id", "booking_id", "spot_id", "date", "slot_id", "price_fen", "book_time")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SLOT_ID_FIELD_NUMBER: _ClassVar[int]
    PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    BOOK_TIME_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    booking_id: str
    spot_id: str
    date: str
    slot_id: str
    price_fen: int
    book_time: _timestamp_pb2.Timestamp
    def __init__(self, ticket_id: _Optional[str] = ..., booking_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., date: _Optional[str] = ..., slot_id: _Optional[str] = ..., price_fen: _Optional[int] = ..., book_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketRedeemed(_message.Message):
    __slots__ = ("ticket_id", "spot_id", "gate_id", "offline", "redeem_time")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    GATE_ID_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_FIELD_NUMBER: _ClassVar[int]
    REDEEM_TIME_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    spot_id: str
    gate_id: str
    offline: bool
    redeem_time: _timestamp_pb2.Timestamp
    def __init__(self, ticket_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., gate_id: _Optional[str] = ..., offline: _Optional[bool] = ..., redeem_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketCancelled(_message.Message):
    __slots__ = ("ticket_id", "spot_id", "date", "slot_id", "refund_id", "refund_fen", "cancel_time")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SLOT_ID_FIELD_NUMBER: _ClassVar[int]
    REFUND_ID_FIELD_NUMBER: _ClassVar[int]
    REFUND_FEN_FIELD_NUMBER: _ClassVar[int]
    CANCEL_TIME_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    spot_id: str
    date: str
    slot_id: str
    refund_id: str
    refund_fen: int
    cancel_time: _timestamp_pb2.Timestamp
    def __init__(self, ticket_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., date: _Optional[str] = ..., slot_id: _Optional[str] = ..., refund_id: _Optional[str] = ..., refund_fen: _Optional[int] = ..., cancel_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketNoShow(_message.Message):
    __slots__ = ("ticket_id", "spot_id", "date", "slot_id", "no_show_count", "locked_until")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SLOT_ID_FIELD_NUMBER: _ClassVar[int]
    NO_SHOW_COUNT_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    spot_id: str
    date: str
    slot_id: str
    no_show_count: int
    locked_until: _timestamp_pb2.Timestamp
    def __init__(self, ticket_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., date: _Optional[str] = ..., slot_id: _Optional[str] = ..., no_show_count: _Optional[int] = ..., locked_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketDoubleUsed(_message.Message):
    __slots__ = ("alert_id", "ticket_id", "spot_id", "first_gate_id", "first_redeem_time", "second_gate_id", "second_scan_time", "admitted_offline")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_GATE_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_REDEEM_TIME_FIELD_NUMBER: _ClassVar[int]
    SECOND_GATE_ID_FIELD_NUMBER: _ClassVar[int]
    SECOND_SCAN_TIME_FIELD_NUMBER: _ClassVar[int]
    ADMITTED_OFFLINE_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    ticket_id: str
    spot_id: str
    first_gate_id: str
    first_redeem_time: _timestamp_pb2.Timestamp
    second_gate_id: str
    second_scan_time: _timestamp_pb2.Timestamp
    admitted_offline: bool
    def __init__(self, alert_id: _Optional[str] = ..., ticket_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., first_gate_id: _Optional[str] = ..., first_redeem_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., second_gate_id: _Optional[str] = ..., second_scan_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., admitted_offline: _Optional[bool] = ...) -> None: ...
