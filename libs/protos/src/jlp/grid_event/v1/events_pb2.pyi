import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseCreated(_message.Message):
    __slots__ = ("case_id", "source", "source_ref", "category_code", "status", "grid_code", "subdistrict_code", "lon", "lat", "create_time", "urgency")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    source: str
    source_ref: str
    category_code: str
    status: str
    grid_code: str
    subdistrict_code: str
    lon: float
    lat: float
    create_time: _timestamp_pb2.Timestamp
    urgency: str
    def __init__(self, case_id: _Optional[str] = ..., source: _Optional[str] = ..., source_ref: _Optional[str] = ..., category_code: _Optional[str] = ..., status: _Optional[str] = ..., grid_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., urgency: _Optional[str] = ...) -> None: ...

class CaseStatusChanged(_message.Message):
    __slots__ = ("case_id", "action", "from_status", "to_status", "source", "source_ref", "category_code", "department_id", "grid_code", "subdistrict_code", "change_time", "note")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    action: str
    from_status: str
    to_status: str
    source: str
    source_ref: str
    category_code: str
    department_id: str
    grid_code: str
    subdistrict_code: str
    change_time: _timestamp_pb2.Timestamp
    note: str
    def __init__(self, case_id: _Optional[str] = ..., action: _Optional[str] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., source: _Optional[str] = ..., source_ref: _Optional[str] = ..., category_code: _Optional[str] = ..., department_id: _Optional[str] = ..., grid_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ...) -> None: ...

class CaseOverdue(_message.Message):
    __slots__ = ("case_id", "status", "stage", "due_time", "detect_time", "category_code", "department_id", "grid_code", "subdistrict_code", "escalation_level", "escalated_to")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    DETECT_TIME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    status: str
    stage: str
    due_time: _timestamp_pb2.Timestamp
    detect_time: _timestamp_pb2.Timestamp
    category_code: str
    department_id: str
    grid_code: str
    subdistrict_code: str
    escalation_level: int
    escalated_to: str
    def __init__(self, case_id: _Optional[str] = ..., status: _Optional[str] = ..., stage: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detect_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., category_code: _Optional[str] = ..., department_id: _Optional[str] = ..., grid_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., escalation_level: _Optional[int] = ..., escalated_to: _Optional[str] = ...) -> None: ...

class CaseClosed(_message.Message):
    __slots__ = ("case_id", "source", "source_ref", "category_code", "department_id", "close_time", "on_time", "status")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    source: str
    source_ref: str
    category_code: str
    department_id: str
    close_time: _timestamp_pb2.Timestamp
    on_time: bool
    status: str
    def __init__(self, case_id: _Optional[str] = ..., source: _Optional[str] = ..., source_ref: _Optional[str] = ..., category_code: _Optional[str] = ..., department_id: _Optional[str] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., on_time: _Optional[bool] = ..., status: _Optional[str] = ...) -> None: ...
