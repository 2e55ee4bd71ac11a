import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProjectStageChanged(_message.Message):
    __slots__ = ("project_id", "project_name", "from_stage", "to_stage", "to_stage_kind", "action", "probability", "actor", "reason", "change_time", "project_version", "industry_chain", "officer_id", "amount_wan")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_NAME_FIELD_NUMBER: _ClassVar[int]
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROJECT_VERSION_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    project_name: str
    from_stage: str
    to_stage: str
    to_stage_kind: str
    action: str
    probability: float
    actor: str
    reason: str
    change_time: _timestamp_pb2.Timestamp
    project_version: int
    industry_chain: str
    officer_id: str
    amount_wan: str
    def __init__(self, project_id: _Optional[str] = ..., project_name: _Optional[str] = ..., from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., to_stage_kind: _Optional[str] = ..., action: _Optional[str] = ..., probability: _Optional[float] = ..., actor: _Optional[str] = ..., reason: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., project_version: _Optional[int] = ..., industry_chain: _Optional[str] = ..., officer_id: _Optional[str] = ..., amount_wan: _Optional[str] = ...) -> None: ...

class ProjectSigned(_message.Message):
    __slots__ = ("project_id", "project_name", "investor_id", "signed_date", "signed_amount_wan", "industry_chain", "chain_link", "officer_id", "change_time")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_NAME_FIELD_NUMBER: _ClassVar[int]
    INVESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNED_DATE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    CHAIN_LINK_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    project_name: str
    investor_id: str
    signed_date: str
    signed_amount_wan: str
    industry_chain: str
    chain_link: str
    officer_id: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, project_id: _Optional[str] = ..., project_name: _Optional[str] = ..., investor_id: _Optional[str] = ..., signed_date: _Optional[str] = ..., signed_amount_wan: _Optional[str] = ..., industry_chain: _Optional[str] = ..., chain_link: _Optional[str] = ..., officer_id: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ProjectLost(_message.Message):
    __slots__ = ("project_id", "project_name", "lost_from_stage", "reason", "actor", "officer_id", "change_time")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_NAME_FIELD_NUMBER: _ClassVar[int]
    LOST_FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    project_name: str
    lost_from_stage: str
    reason: str
    actor: str
    officer_id: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, project_id: _Optional[str] = ..., project_name: _Optional[str] = ..., lost_from_stage: _Optional[str] = ..., reason: _Optional[str] = ..., actor: _Optional[str] = ..., officer_id: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
