import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from jlp.grid_event.v1 import case_pb2 as _case_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CategoryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CATEGORY_KIND_UNSPECIFIED: _ClassVar[CategoryKind]
    EVENT: _ClassVar[CategoryKind]
    COMPONENT: _ClassVar[CategoryKind]

class TimeUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIME_UNIT_UNSPECIFIED: _ClassVar[TimeUnit]
    NATURAL_MINUTES: _ClassVar[TimeUnit]
    WORKING_HOURS: _ClassVar[TimeUnit]
    WORKING_DAYS: _ClassVar[TimeUnit]
CATEGORY_KIND_UNSPECIFIED: CategoryKind
EVENT: CategoryKind
COMPONENT: CategoryKind
TIME_UNIT_UNSPECIFIED: TimeUnit
NATURAL_MINUTES: TimeUnit
WORKING_HOURS: TimeUnit
WORKING_DAYS: TimeUnit

class TimeLimit(_message.Message):
    __slots__ = ("urgency", "register_minutes", "dispatch_minutes", "handle_amount", "handle_unit", "verify_minutes")
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    REGISTER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_MINUTES_FIELD_NUMBER: _ClassVar[int]
    HANDLE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    HANDLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    VERIFY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    urgency: _case_pb2.Urgency
    register_minutes: int
    dispatch_minutes: int
    handle_amount: int
    handle_unit: TimeUnit
    verify_minutes: int
    def __init__(self, urgency: _Optional[_Union[_case_pb2.Urgency, str]] = ..., register_minutes: _Optional[int] = ..., dispatch_minutes: _Optional[int] = ..., handle_amount: _Optional[int] = ..., handle_unit: _Optional[_Union[TimeUnit, str]] = ..., verify_minutes: _Optional[int] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ("id", "edition", "standard_ref", "kind", "code", "name", "major_code", "major_name", "department_id", "time_limits", "equivalent_id", "active", "version", "update_time", "group")
    ID_FIELD_NUMBER: _ClassVar[int]
    EDITION_FIELD_NUMBER: _ClassVar[int]
    STANDARD_REF_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MAJOR_CODE_FIELD_NUMBER: _ClassVar[int]
    MAJOR_NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_LIMITS_FIELD_NUMBER: _ClassVar[int]
    EQUIVALENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    id: str
    edition: str
    standard_ref: str
    kind: CategoryKind
    code: str
    name: str
    major_code: str
    major_name: str
    department_id: str
    time_limits: _containers.RepeatedCompositeFieldContainer[TimeLimit]
    equivalent_id: str
    active: bool
    version: int
    update_time: _timestamp_pb2.Timestamp
    group: str
    def __init__(self, id: _Optional[str] = ..., edition: _Optional[str] = ..., standard_ref: _Optional[str] = ..., kind: _Optional[_Union[CategoryKind, str]] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., major_code: _Optional[str] = ..., major_name: _Optional[str] = ..., department_id: _Optional[str] = ..., time_limits: _Optional[_Iterable[_Union[TimeLimit, _Mapping]]] = ..., equivalent_id: _Optional[str] = ..., active: _Optional[bool] = ..., version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group: _Optional[str] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "edition", "kind", "include_inactive")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EDITION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    edition: str
    kind: CategoryKind
    include_inactive: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., edition: _Optional[str] = ..., kind: _Optional[_Union[CategoryKind, str]] = ..., include_inactive: _Optional[bool] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories", "next_page_token")
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[Category]
    next_page_token: str
    def __init__(self, categories: _Optional[_Iterable[_Union[Category, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCategoryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CreateCategoryRequest(_message.Message):
    __slots__ = ("category",)
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    category: Category
    def __init__(self, category: _Optional[_Union[Category, _Mapping]] = ...) -> None: ...

class UpdateCategoryRequest(_message.Message):
    __slots__ = ("category", "update_mask")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    category: Category
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, category: _Optional[_Union[Category, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...
