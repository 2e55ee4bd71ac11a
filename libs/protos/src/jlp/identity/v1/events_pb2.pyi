import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserRegistered(_message.Message):
    __slots__ = ("user_id", "kind", "roles", "department", "register_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REGISTER_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    kind: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    department: str
    register_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., kind: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., department: _Optional[str] = ..., register_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserRolesChanged(_message.Message):
    __slots__ = ("user_id", "old_roles", "new_roles", "department", "disabled", "actor", "change_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_ROLES_FIELD_NUMBER: _ClassVar[int]
    NEW_ROLES_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    old_roles: _containers.RepeatedScalarFieldContainer[str]
    new_roles: _containers.RepeatedScalarFieldContainer[str]
    department: str
    disabled: bool
    actor: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., old_roles: _Optional[_Iterable[str]] = ..., new_roles: _Optional[_Iterable[str]] = ..., department: _Optional[str] = ..., disabled: _Optional[bool] = ..., actor: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AuditRecorded(_message.Message):
    __slots__ = ("seq", "time", "actor", "action", "object", "result", "source_ip", "details", "prev_hash", "hash")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_IP_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    seq: int
    time: _timestamp_pb2.Timestamp
    actor: str
    action: str
    object: str
    result: str
    source_ip: str
    details: _containers.ScalarMap[str, str]
    prev_hash: str
    hash: str
    def __init__(self, seq: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., object: _Optional[str] = ..., result: _Optional[str] = ..., source_ip: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ...) -> None: ...
