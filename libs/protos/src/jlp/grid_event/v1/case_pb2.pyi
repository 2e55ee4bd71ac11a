import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATUS_UNSPECIFIED: _ClassVar[CaseStatus]
    REPORTED: _ClassVar[CaseStatus]
    REGISTERED: _ClassVar[CaseStatus]
    DISPATCHED: _ClassVar[CaseStatus]
    IN_PROGRESS: _ClassVar[CaseStatus]
    RESOLVED: _ClassVar[CaseStatus]
    CLOSED: _ClassVar[CaseStatus]
    REJECTED: _ClassVar[CaseStatus]
    RETURNED: _ClassVar[CaseStatus]
    REOPENED: _ClassVar[CaseStatus]
    CANCELLED: _ClassVar[CaseStatus]

class CaseSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_SOURCE_UNSPECIFIED: _ClassVar[CaseSource]
    CITIZEN_APP: _ClassVar[CaseSource]
    GRID_PATROL: _ClassVar[CaseSource]
    HOTLINE_12345: _ClassVar[CaseSource]
    ENVIRONMENT: _ClassVar[CaseSource]
    VIDEO: _ClassVar[CaseSource]
    TOURISM: _ClassVar[CaseSource]
    OPEN311: _ClassVar[CaseSource]
    SOCIAL: _ClassVar[CaseSource]

class Urgency(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    URGENCY_UNSPECIFIED: _ClassVar[Urgency]
    NORMAL: _ClassVar[Urgency]
    URGENT: _ClassVar[Urgency]
CASE_STATUS_UNSPECIFIED: CaseStatus
REPORTED: CaseStatus
REGISTERED: CaseStatus
DISPATCHED: CaseStatus
IN_PROGRESS: CaseStatus
RESOLVED: CaseStatus
CLOSED: CaseStatus
REJECTED: CaseStatus
RETURNED: CaseStatus
REOPENED: CaseStatus
CANCELLED: CaseStatus
CASE_SOURCE_UNSPECIFIED: CaseSource
CITIZEN_APP: CaseSource
GRID_PATROL: CaseSource
HOTLINE_12345: CaseSource
ENVIRONMENT: CaseSource
VIDEO: CaseSource
TOURISM: CaseSource
OPEN311: CaseSource
SOCIAL: CaseSource
URGENCY_UNSPECIFIED: Urgency
NORMAL: Urgency
URGENT: Urgency

class Location(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class CaseEvent(_message.Message):
    __slots__ = ("action", "from_status", "to_status", "actor", "time", "note", "attachments", "department_id", "assignee_id")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    action: str
    from_status: CaseStatus
    to_status: CaseStatus
    actor: str
    time: _timestamp_pb2.Timestamp
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    department_id: str
    assignee_id: str
    def __init__(self, action: _Optional[str] = ..., from_status: _Optional[_Union[CaseStatus, str]] = ..., to_status: _Optional[_Union[CaseStatus, str]] = ..., actor: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., department_id: _Optional[str] = ..., assignee_id: _Optional[str] = ...) -> None: ...

class CaseDeadlines(_message.Message):
    __slots__ = ("register_due_time", "dispatch_due_time", "resolve_due_time", "verify_due_time")
    REGISTER_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    VERIFY_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    register_due_time: _timestamp_pb2.Timestamp
    dispatch_due_time: _timestamp_pb2.Timestamp
    resolve_due_time: _timestamp_pb2.Timestamp
    verify_due_time: _timestamp_pb2.Timestamp
    def __init__(self, register_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., dispatch_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolve_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., verify_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("id", "status", "category_code", "category_id", "category_name", "standard_ref", "description", "location", "address", "urgency", "attachments", "source", "source_ref", "grid_code", "community_code", "subdistrict_code", "subdistrict_name", "department_id", "assignee_id", "reporter_ids", "reporter_count", "deadlines", "overdue", "escalation_level", "history", "version", "etag", "create_time", "update_time", "close_time", "joined_existing")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_NAME_FIELD_NUMBER: _ClassVar[int]
    STANDARD_REF_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTER_IDS_FIELD_NUMBER: _ClassVar[int]
    REPORTER_COUNT_FIELD_NUMBER: _ClassVar[int]
    DEADLINES_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    JOINED_EXISTING_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: CaseStatus
    category_code: str
    category_id: str
    category_name: str
    standard_ref: str
    description: str
    location: Location
    address: str
    urgency: Urgency
    attachments: _containers.RepeatedScalarFieldContainer[str]
    source: CaseSource
    source_ref: str
    grid_code: str
    community_code: str
    subdistrict_code: str
    subdistrict_name: str
    department_id: str
    assignee_id: str
    reporter_ids: _containers.RepeatedScalarFieldContainer[str]
    reporter_count: int
    deadlines: CaseDeadlines
    overdue: bool
    escalation_level: int
    history: _containers.RepeatedCompositeFieldContainer[CaseEvent]
    version: int
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    close_time: _timestamp_pb2.Timestamp
    joined_existing: bool
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., category_code: _Optional[str] = ..., category_id: _Optional[str] = ..., category_name: _Optional[str] = ..., standard_ref: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., address: _Optional[str] = ..., urgency: _Optional[_Union[Urgency, str]] = ..., attachments: _Optional[_Iterable[str]] = ..., source: _Optional[_Union[CaseSource, str]] = ..., source_ref: _Optional[str] = ..., grid_code: _Optional[str] = ..., community_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., subdistrict_name: _Optional[str] = ..., department_id: _Optional[str] = ..., assignee_id: _Optional[str] = ..., reporter_ids: _Optional[_Iterable[str]] = ..., reporter_count: _Optional[int] = ..., deadlines: _Optional[_Union[CaseDeadlines, _Mapping]] = ..., overdue: _Optional[bool] = ..., escalation_level: _Optional[int] = ..., history: _Optional[_Iterable[_Union[CaseEvent, _Mapping]]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., joined_existing: _Optional[bool] = ...) -> None: ...

class CreateCaseRequest(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "source", "category_code", "grid_code", "subdistrict_code", "department_id", "overdue", "start_time", "end_time", "mine")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: CaseStatus
    source: CaseSource
    category_code: str
    grid_code: str
    subdistrict_code: str
    department_id: str
    overdue: bool
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    mine: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., source: _Optional[_Union[CaseSource, str]] = ..., category_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., department_id: _Optional[str] = ..., overdue: _Optional[bool] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mine: _Optional[bool] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RegisterCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag", "category_code", "urgency")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_CODE_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    category_code: str
    urgency: Urgency
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., category_code: _Optional[str] = ..., urgency: _Optional[_Union[Urgency, str]] = ...) -> None: ...

class RejectCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class DispatchCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag", "department_id", "assignee_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    department_id: str
    assignee_id: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., department_id: _Optional[str] = ..., assignee_id: _Optional[str] = ...) -> None: ...

class StartCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class ResolveCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class ReturnCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class CloseCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class ReopenCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class CancelCaseRequest(_message.Message):
    __slots__ = ("id", "note", "attachments", "version", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class GetCaseStatsRequest(_message.Message):
    __slots__ = ("start_time", "end_time", "subdistrict_code", "department_id")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    subdistrict_code: str
    department_id: str
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subdistrict_code: _Optional[str] = ..., department_id: _Optional[str] = ...) -> None: ...

class CaseStats(_message.Message):
    __slots__ = ("total", "by_status", "by_category", "by_subdistrict", "by_department", "by_source", "closed", "closed_on_time", "on_time_closure_rate", "open_overdue", "mean_stage_seconds")
    class ByStatusEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByCategoryEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class BySubdistrictEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByDepartmentEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class BySourceEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class MeanStageSecondsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_STATUS_FIELD_NUMBER: _ClassVar[int]
    BY_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    BY_SUBDISTRICT_FIELD_NUMBER: _ClassVar[int]
    BY_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    BY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_CLOSURE_RATE_FIELD_NUMBER: _ClassVar[int]
    OPEN_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    MEAN_STAGE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    total: int
    by_status: _containers.ScalarMap[str, int]
    by_category: _containers.ScalarMap[str, int]
    by_subdistrict: _containers.ScalarMap[str, int]
    by_department: _containers.ScalarMap[str, int]
    by_source: _containers.ScalarMap[str, int]
    closed: int
    closed_on_time: int
    on_time_closure_rate: float
    open_overdue: int
    mean_stage_seconds: _containers.ScalarMap[str, float]
    def __init__(self, total: _Optional[int] = ..., by_status: _Optional[_Mapping[str, int]] = ..., by_category: _Optional[_Mapping[str, int]] = ..., by_subdistrict: _Optional[_Mapping[str, int]] = ..., by_department: _Optional[_Mapping[str, int]] = ..., by_source: _Optional[_Mapping[str, int]] = ..., closed: _Optional[int] = ..., closed_on_time: _Optional[int] = ..., on_time_closure_rate: _Optional[float] = ..., open_overdue: _Optional[int] = ..., mean_stage_seconds: _Optional[_Mapping[str, float]] = ...) -> None: ...
