import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CapacityMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAPACITY_METHOD_UNSPECIFIED: _ClassVar[CapacityMethod]
    AREA: _ClassVar[CapacityMethod]
    ENTERED: _ClassVar[CapacityMethod]

class GateDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GATE_DIRECTION_UNSPECIFIED: _ClassVar[GateDirection]
    ENTRY: _ClassVar[GateDirection]
    EXIT: _ClassVar[GateDirection]
    BOTH: _ClassVar[GateDirection]

class TicketState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TICKET_STATE_UNSPECIFIED: _ClassVar[TicketState]
    VALID: _ClassVar[TicketState]
    USED: _ClassVar[TicketState]
    CANCELLED: _ClassVar[TicketState]
    REVOKED: _ClassVar[TicketState]
    NO_SHOW: _ClassVar[TicketState]

class RedeemOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REDEEM_OUTCOME_UNSPECIFIED: _ClassVar[RedeemOutcome]
    OK: _ClassVar[RedeemOutcome]
    ALREADY_REDEEMED: _ClassVar[RedeemOutcome]
    REFUSED: _ClassVar[RedeemOutcome]

class RefusalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFUSAL_REASON_UNSPECIFIED: _ClassVar[RefusalReason]
    MALFORMED_PAYLOAD: _ClassVar[RefusalReason]
    UNKNOWN_KEY: _ClassVar[RefusalReason]
    BAD_SIGNATURE: _ClassVar[RefusalReason]
    UNKNOWN_TICKET: _ClassVar[RefusalReason]
    TICKET_CANCELLED: _ClassVar[RefusalReason]
    TICKET_REVOKED: _ClassVar[RefusalReason]
    WRONG_SPOT: _ClassVar[RefusalReason]
    WRONG_DATE: _ClassVar[RefusalReason]
    TOO_EARLY: _ClassVar[RefusalReason]
    TOO_LATE: _ClassVar[RefusalReason]
    TICKET_EXPIRED: _ClassVar[RefusalReason]

class CrowdingLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CROWDING_LEVEL_UNSPECIFIED: _ClassVar[CrowdingLevel]
    NORMAL: _ClassVar[CrowdingLevel]
    YELLOW: _ClassVar[CrowdingLevel]
    ORANGE: _ClassVar[CrowdingLevel]
    RED: _ClassVar[CrowdingLevel]

class LoadMeasure(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOAD_MEASURE_UNSPECIFIED: _ClassVar[LoadMeasure]
    INSTANTANEOUS: _ClassVar[LoadMeasure]
    DAILY: _ClassVar[LoadMeasure]
CAPACITY_METHOD_UNSPECIFIED: CapacityMethod
AREA: CapacityMethod
ENTERED: CapacityMethod
GATE_DIRECTION_UNSPECIFIED: GateDirection
ENTRY: GateDirection
EXIT: GateDirection
BOTH: GateDirection
TICKET_STATE_UNSPECIFIED: TicketState
VALID: TicketState
USED: TicketState
CANCELLED: TicketState
REVOKED: TicketState
NO_SHOW: TicketState
REDEEM_OUTCOME_UNSPECIFIED: RedeemOutcome
OK: RedeemOutcome
ALREADY_REDEEMED: RedeemOutcome
REFUSED: RedeemOutcome
REFUSAL_REASON_UNSPECIFIED: RefusalReason
MALFORMED_PAYLOAD: RefusalReason
UNKNOWN_KEY: RefusalReason
BAD_SIGNATURE: RefusalReason
UNKNOWN_TICKET: RefusalReason
TICKET_CANCELLED: RefusalReason
TICKET_REVOKED: RefusalReason
WRONG_SPOT: RefusalReason
WRONG_DATE: RefusalReason
TOO_EARLY: RefusalReason
TOO_LATE: RefusalReason
TICKET_EXPIRED: RefusalReason
CROWDING_LEVEL_UNSPECIFIED: CrowdingLevel
NORMAL: CrowdingLevel
YELLOW: CrowdingLevel
ORANGE: CrowdingLevel
RED: CrowdingLevel
LOAD_MEASURE_UNSPECIFIED: LoadMeasure
INSTANTANEOUS: LoadMeasure
DAILY: LoadMeasure

class LatLng(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class OpeningHours(_message.Message):
    __slots__ = ("open_time", "close_time", "last_entry_time", "closed_dates")
    OPEN_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSED_DATES_FIELD_NUMBER: _ClassVar[int]
    open_time: str
    close_time: str
    last_entry_time: str
    closed_dates: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, open_time: _Optional[str] = ..., close_time: _Optional[str] = ..., last_entry_time: _Optional[str] = ..., closed_dates: _Optional[_Iterable[str]] = ...) -> None: ...

class Gate(_message.Message):
    __slots__ = ("id", "name", "direction", "location")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    direction: GateDirection
    location: LatLng
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., direction: _Optional[_Union[GateDirection, str]] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ...) -> None: ...

class CapacityZone(_message.Message):
    __slots__ = ("name", "area_m2", "per_visitor_m2")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    PER_VISITOR_M2_FIELD_NUMBER: _ClassVar[int]
    name: str
    area_m2: float
    per_visitor_m2: float
    def __init__(self, name: _Optional[str] = ..., area_m2: _Optional[float] = ..., per_visitor_m2: _Optional[float] = ...) -> None: ...

class CarryingCapacity(_message.Message):
    __slots__ = ("method", "zones", "opening_hours", "average_stay_hours", "instantaneous", "daily", "turnover")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ZONES_FIELD_NUMBER: _ClassVar[int]
    OPENING_HOURS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_STAY_HOURS_FIELD_NUMBER: _ClassVar[int]
    INSTANTANEOUS_FIELD_NUMBER: _ClassVar[int]
    DAILY_FIELD_NUMBER: _ClassVar[int]
    TURNOVER_FIELD_NUMBER: _ClassVar[int]
    method: CapacityMethod
    zones: _containers.RepeatedCompositeFieldContainer[CapacityZone]
    opening_hours: float
    average_stay_hours: float
    instantaneous: int
    daily: int
    turnover: int
    def __init__(self, method: _Optional[_Union[CapacityMethod, str]] = ..., zones: _Optional[_Iterable[_Union[CapacityZone, _Mapping]]] = ..., opening_hours: _Optional[float] = ..., average_stay_hours: _Optional[float] = ..., instantaneous: _Optional[int] = ..., daily: _Optional[int] = ..., turnover: _Optional[int] = ...) -> None: ...

class QuotaPolicy(_message.Message):
    __slots__ = ("share", "effective_date", "note")
    SHARE_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    share: float
    effective_date: str
    note: str
    def __init__(self, share: _Optional[float] = ..., effective_date: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class Spot(_message.Message):
    __slots__ = ("id", "code", "name", "name_en", "description", "location", "address", "subdistrict_code", "opening_hours", "gates", "capacity", "quota_policies", "current_share", "walk_in_reserve", "booking_horizon_days", "slot_minutes", "cancel_deadline_minutes", "price_fen", "early_entry_minutes", "late_entry_minutes", "create_time", "update_time", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_EN_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    OPENING_HOURS_FIELD_NUMBER: _ClassVar[int]
    GATES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    QUOTA_POLICIES_FIELD_NUMBER: _ClassVar[int]
    CURRENT_SHARE_FIELD_NUMBER: _ClassVar[int]
    WALK_IN_RESERVE_FIELD_NUMBER: _ClassVar[int]
    BOOKING_HORIZON_DAYS_FIELD_NUMBER: _ClassVar[int]
    SLOT_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CANCEL_DEADLINE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    EARLY_ENTRY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    LATE_ENTRY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    name_en: str
    description: str
    location: LatLng
    address: str
    subdistrict_code: str
    opening_hours: OpeningHours
    gates: _containers.RepeatedCompositeFieldContainer[Gate]
    capacity: CarryingCapacity
    quota_policies: _containers.RepeatedCompositeFieldContainer[QuotaPolicy]
    current_share: float
    walk_in_reserve: int
    booking_horizon_days: int
    slot_minutes: int
    cancel_deadline_minutes: int
    price_fen: int
    early_entry_minutes: int
    late_entry_minutes: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., name_en: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., address: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., opening_hours: _Optional[_Union[OpeningHours, _Mapping]] = ..., gates: _Optional[_Iterable[_Union[Gate, _Mapping]]] = ..., capacity: _Optional[_Union[CarryingCapacity, _Mapping]] = ..., quota_policies: _Optional[_Iterable[_Union[QuotaPolicy, _Mapping]]] = ..., current_share: _Optional[float] = ..., walk_in_reserve: _Optional[int] = ..., booking_horizon_days: _Optional[int] = ..., slot_minutes: _Optional[int] = ..., cancel_deadline_minutes: _Optional[int] = ..., price_fen: _Optional[int] = ..., early_entry_minutes: _Optional[int] = ..., late_entry_minutes: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class CreateSpotRequest(_message.Message):
    __slots__ = ("spot", "request_id")
    SPOT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    spot: Spot
    request_id: str
    def __init__(self, spot: _Optional[_Union[Spot, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetSpotRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListSpotsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "subdistrict_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    subdistrict_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., subdistrict_code: _Optional[str] = ...) -> None: ...

class ListSpotsResponse(_message.Message):
    __slots__ = ("spots", "next_page_token", "total_size")
    SPOTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    spots: _containers.RepeatedCompositeFieldContainer[Spot]
    next_page_token: str
    total_size: int
    def __init__(self, spots: _Optional[_Iterable[_Union[Spot, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class UpdateSpotRequest(_message.Message):
    __slots__ = ("spot", "update_mask")
    SPOT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    spot: Spot
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, spot: _Optional[_Union[Spot, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class Slot(_message.Message):
    __slots__ = ("id", "start_time", "end_time", "quota", "booked", "available", "bookable")
    ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    QUOTA_FIELD_NUMBER: _ClassVar[int]
    BOOKED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    BOOKABLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    quota: int
    booked: int
    available: int
    bookable: bool
    def __init__(self, id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., quota: _Optional[int] = ..., booked: _Optional[int] = ..., available: _Optional[int] = ..., bookable: _Optional[bool] = ...) -> None: ...

class ListSlotsRequest(_message.Message):
    __slots__ = ("spot_id", "date")
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    spot_id: str
    date: str
    def __init__(self, spot_id: _Optional[str] = ..., date: _Optional[str] = ...) -> None: ...

class ListSlotsResponse(_message.Message):
    __slots__ = ("spot_id", "date", "daily_capacity", "share", "walk_in_reserve", "daily_quota", "slots", "sales_open")
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DAILY_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    WALK_IN_RESERVE_FIELD_NUMBER: _ClassVar[int]
    DAILY_QUOTA_FIELD_NUMBER: _ClassVar[int]
    SLOTS_FIELD_NUMBER: _ClassVar[int]
    SALES_OPEN_FIELD_NUMBER: _ClassVar[int]
    spot_id: str
    date: str
    daily_capacity: int
    share: float
    walk_in_reserve: int
    daily_quota: int
    slots: _containers.RepeatedCompositeFieldContainer[Slot]
    sales_open: bool
    def __init__(self, spot_id: _Optional[str] = ..., date: _Optional[str] = ..., daily_capacity: _Optional[int] = ..., share: _Optional[float] = ..., walk_in_reserve: _Optional[int] = ..., daily_quota: _Optional[int] = ..., slots: _Optional[_Iterable[_Union[Slot, _Mapping]]] = ..., sales_open: _Optional[bool] = ...) -> None: ...

class Visitor(_message.Message):
    __slots__ = ("name", "id_number", "masked_name", "masked_id_number")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    MASKED_NAME_FIELD_NUMBER: _ClassVar[int]
    MASKED_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    name: str
    id_number: str
    masked_name: str
    masked_id_number: str
    def __init__(self, name: _Optional[str] = ..., id_number: _Optional[str] = ..., masked_name: _Optional[str] = ..., masked_id_number: _Optional[str] = ...) -> None: ...

class Booking(_message.Message):
    __slots__ = ("id", "spot_id", "date", "slot_id", "visitors", "tickets", "booker_id", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SLOT_ID_FIELD_NUMBER: _ClassVar[int]
    VISITORS_FIELD_NUMBER: _ClassVar[int]
    TICKETS_FIELD_NUMBER: _ClassVar[int]
    BOOKER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    spot_id: str
    date: str
    slot_id: str
    visitors: _containers.RepeatedCompositeFieldContainer[Visitor]
    tickets: _containers.RepeatedCompositeFieldContainer[Ticket]
    booker_id: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., spot_id: _Optional[str] = ..., date: _Optional[str] = ..., slot_id: _Optional[str] = ..., visitors: _Optional[_Iterable[_Union[Visitor, _Mapping]]] = ..., tickets: _Optional[_Iterable[_Union[Ticket, _Mapping]]] = ..., booker_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateBookingRequest(_message.Message):
    __slots__ = ("booking", "request_id")
    BOOKING_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    booking: Booking
    request_id: str
    def __init__(self, booking: _Optional[_Union[Booking, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetBookingRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class Ticket(_message.Message):
    __slots__ = ("id", "booking_id", "spot_id", "spot_name", "date", "slot_id", "visitor", "state", "qr_payload", "key_id", "price_fen", "redeem_time", "redeem_gate_id", "cancel_time", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SLOT_ID_FIELD_NUMBER: _ClassVar[int]
    VISITOR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    QR_PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    REDEEM_TIME_FIELD_NUMBER: _ClassVar[int]
    REDEEM_GATE_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    booking_id: str
    spot_id: str
    spot_name: str
    date: str
    slot_id: str
    visitor: Visitor
    state: TicketState
    qr_payload: str
    key_id: str
    price_fen: int
    redeem_time: _timestamp_pb2.Timestamp
    redeem_gate_id: str
    cancel_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., booking_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., spot_name: _Optional[str] = ..., date: _Optional[str] = ..., slot_id: _Optional[str] = ..., visitor: _Optional[_Union[Visitor, _Mapping]] = ..., state: _Optional[_Union[TicketState, str]] = ..., qr_payload: _Optional[str] = ..., key_id: _Optional[str] = ..., price_fen: _Optional[int] = ..., redeem_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., redeem_gate_id: _Optional[str] = ..., cancel_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListTicketsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "spot_id", "date", "state")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    spot_id: str
    date: str
    state: TicketState
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., spot_id: _Optional[str] = ..., date: _Optional[str] = ..., state: _Optional[_Union[TicketState, str]] = ...) -> None: ...

class ListTicketsResponse(_message.Message):
    __slots__ = ("tickets", "next_page_token")
    TICKETS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tickets: _containers.RepeatedCompositeFieldContainer[Ticket]
    next_page_token: str
    def __init__(self, tickets: _Optional[_Iterable[_Union[Ticket, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTicketRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CancelTicketRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class Refund(_message.Message):
    __slots__ = ("id", "ticket_id", "booking_id", "spot_id", "amount_fen", "reason", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKING_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    ticket_id: str
    booking_id: str
    spot_id: str
    amount_fen: int
    reason: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., ticket_id: _Optional[str] = ..., booking_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRefundsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "spot_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    spot_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., spot_id: _Optional[str] = ...) -> None: ...

class ListRefundsResponse(_message.Message):
    __slots__ = ("refunds", "next_page_token")
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refunds: _containers.RepeatedCompositeFieldContainer[Refund]
    next_page_token: str
    def __init__(self, refunds: _Optional[_Iterable[_Union[Refund, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GateScan(_message.Message):
    __slots__ = ("qr_payload", "spot_id", "gate_id", "scan_nonce", "scan_time", "offline")
    QR_PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    GATE_ID_FIELD_NUMBER: _ClassVar[int]
    SCAN_NONCE_FIELD_NUMBER: _ClassVar[int]
    SCAN_TIME_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_FIELD_NUMBER: _ClassVar[int]
    qr_payload: str
    spot_id: str
    gate_id: str
    scan_nonce: str
    scan_time: _timestamp_pb2.Timestamp
    offline: bool
    def __init__(self, qr_payload: _Optional[str] = ..., spot_id: _Optional[str] = ..., gate_id: _Optional[str] = ..., scan_nonce: _Optional[str] = ..., scan_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offline: _Optional[bool] = ...) -> None: ...

class RedeemTicketRequest(_message.Message):
    __slots__ = ("scan",)
    SCAN_FIELD_NUMBER: _ClassVar[int]
    scan: GateScan
    def __init__(self, scan: _Optional[_Union[GateScan, _Mapping]] = ...) -> None: ...

class RedeemTicketResponse(_message.Message):
    __slots__ = ("outcome", "refusal_reason", "message", "ticket_id", "first_redeem_time", "first_gate_id", "offline", "alert_id", "replayed", "visitor")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_REDEEM_TIME_FIELD_NUMBER: _ClassVar[int]
    FIRST_GATE_ID_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    VISITOR_FIELD_NUMBER: _ClassVar[int]
    outcome: RedeemOutcome
    refusal_reason: RefusalReason
    message: str
    ticket_id: str
    first_redeem_time: _timestamp_pb2.Timestamp
    first_gate_id: str
    offline: bool
    alert_id: str
    replayed: bool
    visitor: Visitor
    def __init__(self, outcome: _Optional[_Union[RedeemOutcome, str]] = ..., refusal_reason: _Optional[_Union[RefusalReason, str]] = ..., message: _Optional[str] = ..., ticket_id: _Optional[str] = ..., first_redeem_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., first_gate_id: _Optional[str] = ..., offline: _Optional[bool] = ..., alert_id: _Optional[str] = ..., replayed: _Optional[bool] = ..., visitor: _Optional[_Union[Visitor, _Mapping]] = ...) -> None: ...

class BatchRedeemTicketsRequest(_message.Message):
    __slots__ = ("scans",)
    SCANS_FIELD_NUMBER: _ClassVar[int]
    scans: _containers.RepeatedCompositeFieldContainer[GateScan]
    def __init__(self, scans: _Optional[_Iterable[_Union[GateScan, _Mapping]]] = ...) -> None: ...

class BatchRedeemTicketsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[RedeemTicketResponse]
    def __init__(self, results: _Optional[_Iterable[_Union[RedeemTicketResponse, _Mapping]]] = ...) -> None: ...

class RedemptionAlert(_message.Message):
    __slots__ = ("id", "ticket_id", "spot_id", "first_gate_id", "first_redeem_time", "second_gate_id", "second_scan_time", "admitted_offline", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_GATE_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_REDEEM_TIME_FIELD_NUMBER: _ClassVar[int]
    SECOND_GATE_ID_FIELD_NUMBER: _ClassVar[int]
    SECOND_SCAN_TIME_FIELD_NUMBER: _ClassVar[int]
    ADMITTED_OFFLINE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    ticket_id: str
    spot_id: str
    first_gate_id: str
    first_redeem_time: _timestamp_pb2.Timestamp
    second_gate_id: str
    second_scan_time: _timestamp_pb2.Timestamp
    admitted_offline: bool
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., ticket_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., first_gate_id: _Optional[str] = ..., first_redeem_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., second_gate_id: _Optional[str] = ..., second_scan_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., admitted_offline: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRedemptionAlertsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "spot_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    spot_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., spot_id: _Optional[str] = ...) -> None: ...

class ListRedemptionAlertsResponse(_message.Message):
    __slots__ = ("redemption_alerts", "next_page_token")
    REDEMPTION_ALERTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    redemption_alerts: _containers.RepeatedCompositeFieldContainer[RedemptionAlert]
    next_page_token: str
    def __init__(self, redemption_alerts: _Optional[_Iterable[_Union[RedemptionAlert, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetVerificationKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerificationKey(_message.Message):
    __slots__ = ("kty", "crv", "x", "kid", "use", "alg", "retired")
    KTY_FIELD_NUMBER: _ClassVar[int]
    CRV_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    ALG_FIELD_NUMBER: _ClassVar[int]
    RETIRED_FIELD_NUMBER: _ClassVar[int]
    kty: str
    crv: str
    x: str
    kid: str
    use: str
    alg: str
    retired: bool
    def __init__(self, kty: _Optional[str] = ..., crv: _Optional[str] = ..., x: _Optional[str] = ..., kid: _Optional[str] = ..., use: _Optional[str] = ..., alg: _Optional[str] = ..., retired: _Optional[bool] = ...) -> None: ...

class VerificationKeySet(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[VerificationKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[VerificationKey, _Mapping]]] = ...) -> None: ...

class GateCount(_message.Message):
    __slots__ = ("event_id", "spot_id", "gate_id", "count_time", "entries", "exits")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    GATE_ID_FIELD_NUMBER: _ClassVar[int]
    COUNT_TIME_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    EXITS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    spot_id: str
    gate_id: str
    count_time: _timestamp_pb2.Timestamp
    entries: int
    exits: int
    def __init__(self, event_id: _Optional[str] = ..., spot_id: _Optional[str] = ..., gate_id: _Optional[str] = ..., count_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., entries: _Optional[int] = ..., exits: _Optional[int] = ...) -> None: ...

class BatchCreateGateCountsRequest(_message.Message):
    __slots__ = ("counts",)
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.RepeatedCompositeFieldContainer[GateCount]
    def __init__(self, counts: _Optional[_Iterable[_Union[GateCount, _Mapping]]] = ...) -> None: ...

class RejectedGateCount(_message.Message):
    __slots__ = ("index", "field", "reason")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    index: int
    field: str
    reason: str
    def __init__(self, index: _Optional[int] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class BatchCreateGateCountsResponse(_message.Message):
    __slots__ = ("accepted_count", "duplicate_count", "rejected", "rejected_count")
    ACCEPTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    accepted_count: int
    duplicate_count: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedGateCount]
    rejected_count: int
    def __init__(self, accepted_count: _Optional[int] = ..., duplicate_count: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedGateCount, _Mapping]]] = ..., rejected_count: _Optional[int] = ...) -> None: ...

class Load(_message.Message):
    __slots__ = ("measure", "count", "capacity", "percent", "level")
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    measure: LoadMeasure
    count: int
    capacity: int
    percent: float
    level: CrowdingLevel
    def __init__(self, measure: _Optional[_Union[LoadMeasure, str]] = ..., count: _Optional[int] = ..., capacity: _Optional[int] = ..., percent: _Optional[float] = ..., level: _Optional[_Union[CrowdingLevel, str]] = ...) -> None: ...

class Occupancy(_message.Message):
    __slots__ = ("spot_id", "spot_name", "date", "instantaneous", "daily", "sales_open", "one_out_one_in", "as_of")
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    INSTANTANEOUS_FIELD_NUMBER: _ClassVar[int]
    DAILY_FIELD_NUMBER: _ClassVar[int]
    SALES_OPEN_FIELD_NUMBER: _ClassVar[int]
    ONE_OUT_ONE_IN_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    spot_id: str
    spot_name: str
    date: str
    instantaneous: Load
    daily: Load
    sales_open: bool
    one_out_one_in: bool
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, spot_id: _Optional[str] = ..., spot_name: _Optional[str] = ..., date: _Optional[str] = ..., instantaneous: _Optional[_Union[Load, _Mapping]] = ..., daily: _Optional[_Union[Load, _Mapping]] = ..., sales_open: _Optional[bool] = ..., one_out_one_in: _Optional[bool] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetOccupancyRequest(_message.Message):
    __slots__ = ("spot_id",)
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    spot_id: str
    def __init__(self, spot_id: _Optional[str] = ...) -> None: ...

class FlowPoint(_message.Message):
    __slots__ = ("start_time", "entries", "exits", "inside", "cumulative_entries")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    EXITS_FIELD_NUMBER: _ClassVar[int]
    INSIDE_FIELD_NUMBER: _ClassVar[int]
    CUMULATIVE_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    entries: int
    exits: int
    inside: int
    cumulative_entries: int
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., entries: _Optional[int] = ..., exits: _Optional[int] = ..., inside: _Optional[int] = ..., cumulative_entries: _Optional[int] = ...) -> None: ...

class GetFlowCurveRequest(_message.Message):
    __slots__ = ("spot_id", "date", "interval_minutes")
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_MINUTES_FIELD_NUMBER: _ClassVar[int]
    spot_id: str
    date: str
    interval_minutes: int
    def __init__(self, spot_id: _Optional[str] = ..., date: _Optional[str] = ..., interval_minutes: _Optional[int] = ...) -> None: ...

class FlowCurve(_message.Message):
    __slots__ = ("spot_id", "date", "interval_minutes", "points", "peak_inside", "peak_time")
    SPOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_MINUTES_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    PEAK_INSIDE_FIELD_NUMBER: _ClassVar[int]
    PEAK_TIME_FIELD_NUMBER: _ClassVar[int]
    spot_id: str
    date: str
    interval_minutes: int
    points: _containers.RepeatedCompositeFieldContainer[FlowPoint]
    peak_inside: int
    peak_time: _timestamp_pb2.Timestamp
    def __init__(self, spot_id: _Optional[str] = ..., date: _Optional[str] = ..., interval_minutes: _Optional[int] = ..., points: _Optional[_Iterable[_Union[FlowPoint, _Mapping]]] = ..., peak_inside: _Optional[int] = ..., peak_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetDistrictTotalsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DistrictTotals(_message.Message):
    __slots__ = ("date", "inside", "entries_today", "instantaneous_capacity", "daily_capacity", "spots_at_red", "spots_at_orange", "spots_at_yellow", "spots")
    DATE_FIELD_NUMBER: _ClassVar[int]
    INSIDE_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_TODAY_FIELD_NUMBER: _ClassVar[int]
    INSTANTANEOUS_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    DAILY_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    SPOTS_AT_RED_FIELD_NUMBER: _ClassVar[int]
    SPOTS_AT_ORANGE_FIELD_NUMBER: _ClassVar[int]
    SPOTS_AT_YELLOW_FIELD_NUMBER: _ClassVar[int]
    SPOTS_FIELD_NUMBER: _ClassVar[int]
    date: str
    inside: int
    entries_today: int
    instantaneous_capacity: int
    daily_capacity: int
    spots_at_red: int
    spots_at_orange: int
    spots_at_yellow: int
    spots: _containers.RepeatedCompositeFieldContainer[Occupancy]
    def __init__(self, date: _Optional[str] = ..., inside: _Optional[int] = ..., entries_today: _Optional[int] = ..., instantaneous_capacity: _Optional[int] = ..., daily_capacity: _Optional[int] = ..., spots_at_red: _Optional[int] = ..., spots_at_orange: _Optional[int] = ..., spots_at_yellow: _Optional[int] = ..., spots: _Optional[_Iterable[_Union[Occupancy, _Mapping]]] = ...) -> None: ...
