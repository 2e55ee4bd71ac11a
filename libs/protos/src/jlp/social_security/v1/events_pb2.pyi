import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PersonRegistered(_message.Message):
    __slots__ = ("person_id", "subdistrict_code", "create_time")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    subdistrict_code: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, person_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PersonUpdated(_message.Message):
    __slots__ = ("person_id", "changed_fields", "update_time")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, person_id: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HouseholdHeadChanged(_message.Message):
    __slots__ = ("household_id", "previous_head_person_id", "head_person_id", "change_time")
    HOUSEHOLD_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_HEAD_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    HEAD_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    household_id: str
    previous_head_person_id: str
    head_person_id: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, household_id: _Optional[str] = ..., previous_head_person_id: _Optional[str] = ..., head_person_id: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EnrolmentChanged(_message.Message):
    __slots__ = ("enrolment_id", "person_id", "insurance_type", "change", "status", "employer_credit_code", "effective_from", "effective_to", "change_time")
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_TO_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    enrolment_id: str
    person_id: str
    insurance_type: str
    change: str
    status: str
    employer_credit_code: str
    effective_from: str
    effective_to: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, enrolment_id: _Optional[str] = ..., person_id: _Optional[str] = ..., insurance_type: _Optional[str] = ..., change: _Optional[str] = ..., status: _Optional[str] = ..., employer_credit_code: _Optional[str] = ..., effective_from: _Optional[str] = ..., effective_to: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContributionRunCompleted(_message.Message):
    __slots__ = ("run_id", "month", "state", "created_count", "existing_count", "failed_count", "employer_total", "employee_total", "end_time")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    EXISTING_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_TOTAL_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    month: str
    state: str
    created_count: int
    existing_count: int
    failed_count: int
    employer_total: str
    employee_total: str
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, run_id: _Optional[str] = ..., month: _Optional[str] = ..., state: _Optional[str] = ..., created_count: _Optional[int] = ..., existing_count: _Optional[int] = ..., failed_count: _Optional[int] = ..., employer_total: _Optional[str] = ..., employee_total: _Optional[str] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ClaimStatusChanged(_message.Message):
    __slots__ = ("claim_id", "person_id", "claim_type", "from_state", "to_state", "actor", "change_time")
    CLAIM_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIM_TYPE_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    claim_id: str
    person_id: str
    claim_type: str
    from_state: str
    to_state: str
    actor: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, claim_id: _Optional[str] = ..., person_id: _Optional[str] = ..., claim_type: _Optional[str] = ..., from_state: _Optional[str] = ..., to_state: _Optional[str] = ..., actor: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AidCheckCompleted(_message.Message):
    __slots__ = ("aid_check_id", "household_id", "outcome", "findings", "unanswered_sources", "end_time")
    AID_CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    UNANSWERED_SOURCES_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    aid_check_id: str
    household_id: str
    outcome: str
    findings: _containers.RepeatedScalarFieldContainer[str]
    unanswered_sources: _containers.RepeatedScalarFieldContainer[str]
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, aid_check_id: _Optional[str] = ..., household_id: _Optional[str] = ..., outcome: _Optional[str] = ..., findings: _Optional[_Iterable[str]] = ..., unanswered_sources: _Optional[_Iterable[str]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CareRequestAssigned(_message.Message):
    __slots__ = ("care_request_id", "provider_id", "service_type", "subdistrict_code", "accept_deadline")
    CARE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    care_request_id: str
    provider_id: str
    service_type: str
    subdistrict_code: str
    accept_deadline: _timestamp_pb2.Timestamp
    def __init__(self, care_request_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., service_type: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., accept_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CareRequestEscalated(_message.Message):
    __slots__ = ("care_request_id", "service_type", "lon", "lat", "subdistrict_code", "grid_code", "due_time", "escalate_time", "description")
    CARE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    ESCALATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    care_request_id: str
    service_type: str
    lon: float
    lat: float
    subdistrict_code: str
    grid_code: str
    due_time: _timestamp_pb2.Timestamp
    escalate_time: _timestamp_pb2.Timestamp
    description: str
    def __init__(self, care_request_id: _Optional[str] = ..., service_type: _Optional[str] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., escalate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ...) -> None: ...

class CareVisitVerified(_message.Message):
    __slots__ = ("care_request_id", "visit_id", "provider_id", "duration_minutes", "verify_time")
    CARE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    VERIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    care_request_id: str
    visit_id: str
    provider_id: str
    duration_minutes: int
    verify_time: _timestamp_pb2.Timestamp
    def __init__(self, care_request_id: _Optional[str] = ..., visit_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., verify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
