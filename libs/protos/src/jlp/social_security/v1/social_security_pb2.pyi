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

class Gender(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GENDER_UNSPECIFIED: _ClassVar[Gender]
    MALE: _ClassVar[Gender]
    FEMALE: _ClassVar[Gender]

class RetirementGroup(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RETIREMENT_GROUP_UNSPECIFIED: _ClassVar[RetirementGroup]
    MEN_60: _ClassVar[RetirementGroup]
    WOMEN_55: _ClassVar[RetirementGroup]
    WOMEN_50: _ClassVar[RetirementGroup]

class PersonView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERSON_VIEW_UNSPECIFIED: _ClassVar[PersonView]
    MASKED: _ClassVar[PersonView]
    UNMASKED: _ClassVar[PersonView]

class Relation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RELATION_UNSPECIFIED: _ClassVar[Relation]
    HEAD: _ClassVar[Relation]
    SPOUSE: _ClassVar[Relation]
    CHILD: _ClassVar[Relation]
    PARENT: _ClassVar[Relation]
    GRANDCHILD: _ClassVar[Relation]
    SIBLING: _ClassVar[Relation]
    OTHER_RELATIVE: _ClassVar[Relation]

class AidStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AID_STATUS_UNSPECIFIED: _ClassVar[AidStatus]
    NO_AID: _ClassVar[AidStatus]
    MINIMUM_LIVING: _ClassVar[AidStatus]
    EXTREME_POVERTY: _ClassVar[AidStatus]
    LOW_INCOME: _ClassVar[AidStatus]
    MONITORED: _ClassVar[AidStatus]

class InsuranceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INSURANCE_TYPE_UNSPECIFIED: _ClassVar[InsuranceType]
    PENSION: _ClassVar[InsuranceType]
    MEDICAL: _ClassVar[InsuranceType]
    UNEMPLOYMENT: _ClassVar[InsuranceType]
    WORK_INJURY: _ClassVar[InsuranceType]

class EnrolmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENROLMENT_STATUS_UNSPECIFIED: _ClassVar[EnrolmentStatus]
    ACTIVE: _ClassVar[EnrolmentStatus]
    SUSPENDED: _ClassVar[EnrolmentStatus]
    TERMINATED: _ClassVar[EnrolmentStatus]

class BaseClamp(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BASE_CLAMP_UNSPECIFIED: _ClassVar[BaseClamp]
    WITHIN_LIMITS: _ClassVar[BaseClamp]
    RAISED_TO_FLOOR: _ClassVar[BaseClamp]
    CUT_TO_CAP: _ClassVar[BaseClamp]

class RecordKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECORD_KIND_UNSPECIFIED: _ClassVar[RecordKind]
    REGULAR: _ClassVar[RecordKind]
    ADJUSTMENT: _ClassVar[RecordKind]

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    PENDING: _ClassVar[JobState]
    RUNNING: _ClassVar[JobState]
    SUCCEEDED: _ClassVar[JobState]
    FAILED: _ClassVar[JobState]

class ClaimType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLAIM_TYPE_UNSPECIFIED: _ClassVar[ClaimType]
    RETIREMENT_PENSION: _ClassVar[ClaimType]
    UNEMPLOYMENT_BENEFIT: _ClassVar[ClaimType]
    WORK_INJURY_BENEFIT: _ClassVar[ClaimType]
    MEDICAL_REIMBURSEMENT: _ClassVar[ClaimType]
    MATERNITY_BENEFIT: _ClassVar[ClaimType]

class ClaimState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLAIM_STATE_UNSPECIFIED: _ClassVar[ClaimState]
    SUBMITTED: _ClassVar[ClaimState]
    CHECKED: _ClassVar[ClaimState]
    APPROVED: _ClassVar[ClaimState]
    REJECTED: _ClassVar[ClaimState]
    PAID: _ClassVar[ClaimState]

class AidCheckOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AID_CHECK_OUTCOME_UNSPECIFIED: _ClassVar[AidCheckOutcome]
    IN_PROGRESS: _ClassVar[AidCheckOutcome]
    PASSED: _ClassVar[AidCheckOutcome]
    FLAGGED: _ClassVar[AidCheckOutcome]
    INCOMPLETE: _ClassVar[AidCheckOutcome]

class AidCheckTrigger(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AID_CHECK_TRIGGER_UNSPECIFIED: _ClassVar[AidCheckTrigger]
    MANUAL: _ClassVar[AidCheckTrigger]
    EVENT: _ClassVar[AidCheckTrigger]
    SCHEDULED: _ClassVar[AidCheckTrigger]

class CareServiceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CARE_SERVICE_TYPE_UNSPECIFIED: _ClassVar[CareServiceType]
    EMERGENCY_AID: _ClassVar[CareServiceType]
    MEALS: _ClassVar[CareServiceType]
    CLEANING: _ClassVar[CareServiceType]
    BATHING: _ClassVar[CareServiceType]
    MEDICAL_ESCORT: _ClassVar[CareServiceType]
    DAILY_CARE: _ClassVar[CareServiceType]

class CareRequestState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CARE_REQUEST_STATE_UNSPECIFIED: _ClassVar[CareRequestState]
    WAITING: _ClassVar[CareRequestState]
    ASSIGNED: _ClassVar[CareRequestState]
    ACCEPTED: _ClassVar[CareRequestState]
    IN_SERVICE: _ClassVar[CareRequestState]
    COMPLETED: _ClassVar[CareRequestState]
    CANCELLED: _ClassVar[CareRequestState]

class VisitState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VISIT_STATE_UNSPECIFIED: _ClassVar[VisitState]
    CHECKED_IN: _ClassVar[VisitState]
    CHECKED_OUT: _ClassVar[VisitState]
    VERIFIED: _ClassVar[VisitState]
    NOT_VERIFIED: _ClassVar[VisitState]
GENDER_UNSPECIFIED: Gender
MALE: Gender
FEMALE: Gender
RETIREMENT_GROUP_UNSPECIFIED: RetirementGroup
MEN_60: RetirementGroup
WOMEN_55: RetirementGroup
WOMEN_50: RetirementGroup
PERSON_VIEW_UNSPECIFIED: PersonView
MASKED: PersonView
UNMASKED: PersonView
RELATION_UNSPECIFIED: Relation
HEAD: Relation
SPOUSE: Relation
CHILD: Relation
PARENT: Relation
GRANDCHILD: Relation
SIBLING: Relation
OTHER_RELATIVE: Relation
AID_STATUS_UNSPECIFIED: AidStatus
NO_AID: AidStatus
MINIMUM_LIVING: AidStatus
EXTREME_POVERTY: AidStatus
LOW_INCOME: AidStatus
MONITORED: AidStatus
INSURANCE_TYPE_UNSPECIFIED: InsuranceType
PENSION: InsuranceType
MEDICAL: InsuranceType
UNEMPLOYMENT: InsuranceType
WORK_INJURY: InsuranceType
ENROLMENT_STATUS_UNSPECIFIED: EnrolmentStatus
ACTIVE: EnrolmentStatus
SUSPENDED: EnrolmentStatus
TERMINATED: EnrolmentStatus
BASE_CLAMP_UNSPECIFIED: BaseClamp
WITHIN_LIMITS: BaseClamp
RAISED_TO_FLOOR: BaseClamp
CUT_TO_CAP: BaseClamp
RECORD_KIND_UNSPECIFIED: RecordKind
REGULAR: RecordKind
ADJUSTMENT: RecordKind
JOB_STATE_UNSPECIFIED: JobState
PENDING: JobState
RUNNING: JobState
SUCCEEDED: JobState
FAILED: JobState
CLAIM_TYPE_UNSPECIFIED: ClaimType
RETIREMENT_PENSION: ClaimType
UNEMPLOYMENT_BENEFIT: ClaimType
WORK_INJURY_BENEFIT: ClaimType
MEDICAL_REIMBURSEMENT: ClaimType
MATERNITY_BENEFIT: ClaimType
CLAIM_STATE_UNSPECIFIED: ClaimState
SUBMITTED: ClaimState
CHECKED: ClaimState
APPROVED: ClaimState
REJECTED: ClaimState
PAID: ClaimState
AID_CHECK_OUTCOME_UNSPECIFIED: AidCheckOutcome
IN_PROGRESS: AidCheckOutcome
PASSED: AidCheckOutcome
FLAGGED: AidCheckOutcome
INCOMPLETE: AidCheckOutcome
AID_CHECK_TRIGGER_UNSPECIFIED: AidCheckTrigger
MANUAL: AidCheckTrigger
EVENT: AidCheckTrigger
SCHEDULED: AidCheckTrigger
CARE_SERVICE_TYPE_UNSPECIFIED: CareServiceType
EMERGENCY_AID: CareServiceType
MEALS: CareServiceType
CLEANING: CareServiceType
BATHING: CareServiceType
MEDICAL_ESCORT: CareServiceType
DAILY_CARE: CareServiceType
CARE_REQUEST_STATE_UNSPECIFIED: CareRequestState
WAITING: CareRequestState
ASSIGNED: CareRequestState
ACCEPTED: CareRequestState
IN_SERVICE: CareRequestState
COMPLETED: CareRequestState
CANCELLED: CareRequestState
VISIT_STATE_UNSPECIFIED: VisitState
CHECKED_IN: VisitState
CHECKED_OUT: VisitState
VERIFIED: VisitState
NOT_VERIFIED: VisitState

class LatLng(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ("id", "id_number", "id_number_masked", "name", "gender", "birth_date", "retirement_group", "phone", "address", "subdistrict_code", "grid_code", "household_id", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_MASKED_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    GENDER_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    RETIREMENT_GROUP_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    id_number: str
    id_number_masked: str
    name: str
    gender: Gender
    birth_date: str
    retirement_group: RetirementGroup
    phone: str
    address: str
    subdistrict_code: str
    grid_code: str
    household_id: str
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., id_number: _Optional[str] = ..., id_number_masked: _Optional[str] = ..., name: _Optional[str] = ..., gender: _Optional[_Union[Gender, str]] = ..., birth_date: _Optional[str] = ..., retirement_group: _Optional[_Union[RetirementGroup, str]] = ..., phone: _Optional[str] = ..., address: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., household_id: _Optional[str] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreatePersonRequest(_message.Message):
    __slots__ = ("person", "request_id")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    person: Person
    request_id: str
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetPersonRequest(_message.Message):
    __slots__ = ("id", "view", "purpose")
    ID_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    id: str
    view: PersonView
    purpose: str
    def __init__(self, id: _Optional[str] = ..., view: _Optional[_Union[PersonView, str]] = ..., purpose: _Optional[str] = ...) -> None: ...

class LookupPersonRequest(_message.Message):
    __slots__ = ("id_number", "view", "purpose")
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    id_number: str
    view: PersonView
    purpose: str
    def __init__(self, id_number: _Optional[str] = ..., view: _Optional[_Union[PersonView, str]] = ..., purpose: _Optional[str] = ...) -> None: ...

class ListPersonsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "household_id", "subdistrict_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    household_id: str
    subdistrict_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., household_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ...) -> None: ...

class ListPersonsResponse(_message.Message):
    __slots__ = ("persons", "next_page_token")
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    persons: _containers.RepeatedCompositeFieldContainer[Person]
    next_page_token: str
    def __init__(self, persons: _Optional[_Iterable[_Union[Person, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdatePersonRequest(_message.Message):
    __slots__ = ("person", "update_mask", "etag")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    person: Person
    update_mask: _field_mask_pb2.FieldMask
    etag: str
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class HouseholdMember(_message.Message):
    __slots__ = ("person_id", "relation", "name")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    relation: Relation
    name: str
    def __init__(self, person_id: _Optional[str] = ..., relation: _Optional[_Union[Relation, str]] = ..., name: _Optional[str] = ...) -> None: ...

class Household(_message.Message):
    __slots__ = ("id", "head_person_id", "members", "address", "subdistrict_code", "grid_code", "aid_status", "annual_income", "rigid_spending", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    HEAD_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    AID_STATUS_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_INCOME_FIELD_NUMBER: _ClassVar[int]
    RIGID_SPENDING_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    head_person_id: str
    members: _containers.RepeatedCompositeFieldContainer[HouseholdMember]
    address: str
    subdistrict_code: str
    grid_code: str
    aid_status: AidStatus
    annual_income: str
    rigid_spending: str
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., head_person_id: _Optional[str] = ..., members: _Optional[_Iterable[_Union[HouseholdMember, _Mapping]]] = ..., address: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., aid_status: _Optional[_Union[AidStatus, str]] = ..., annual_income: _Optional[str] = ..., rigid_spending: _Optional[str] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateHouseholdRequest(_message.Message):
    __slots__ = ("household", "request_id")
    HOUSEHOLD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    household: Household
    request_id: str
    def __init__(self, household: _Optional[_Union[Household, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetHouseholdRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListHouseholdsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "subdistrict_code", "aid_status")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    AID_STATUS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    subdistrict_code: str
    aid_status: AidStatus
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., aid_status: _Optional[_Union[AidStatus, str]] = ...) -> None: ...

class ListHouseholdsResponse(_message.Message):
    __slots__ = ("households", "next_page_token")
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    households: _containers.RepeatedCompositeFieldContainer[Household]
    next_page_token: str
    def __init__(self, households: _Optional[_Iterable[_Union[Household, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateHouseholdRequest(_message.Message):
    __slots__ = ("household", "update_mask", "etag")
    HOUSEHOLD_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    household: Household
    update_mask: _field_mask_pb2.FieldMask
    etag: str
    def __init__(self, household: _Optional[_Union[Household, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class AddHouseholdMemberRequest(_message.Message):
    __slots__ = ("id", "member", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    member: HouseholdMember
    etag: str
    def __init__(self, id: _Optional[str] = ..., member: _Optional[_Union[HouseholdMember, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class RemoveHouseholdMemberRequest(_message.Message):
    __slots__ = ("id", "person_id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    person_id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., person_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class ChangeHouseholdHeadRequest(_message.Message):
    __slots__ = ("id", "new_head_person_id", "previous_head_relation", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NEW_HEAD_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_HEAD_RELATION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    new_head_person_id: str
    previous_head_relation: Relation
    etag: str
    def __init__(self, id: _Optional[str] = ..., new_head_person_id: _Optional[str] = ..., previous_head_relation: _Optional[_Union[Relation, str]] = ..., etag: _Optional[str] = ...) -> None: ...

class AuditRecord(_message.Message):
    __slots__ = ("seq", "time", "actor", "action", "object", "old_values", "new_values", "purpose", "prev_hash", "hash")
    class OldValuesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class NewValuesEntry(_message.Message):
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
    OLD_VALUES_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    seq: int
    time: _timestamp_pb2.Timestamp
    actor: str
    action: str
    object: str
    old_values: _containers.ScalarMap[str, str]
    new_values: _containers.ScalarMap[str, str]
    purpose: str
    prev_hash: str
    hash: str
    def __init__(self, seq: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., object: _Optional[str] = ..., old_values: _Optional[_Mapping[str, str]] = ..., new_values: _Optional[_Mapping[str, str]] = ..., purpose: _Optional[str] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ...) -> None: ...

class ListAuditRecordsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "object")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    object: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., object: _Optional[str] = ...) -> None: ...

class ListAuditRecordsResponse(_message.Message):
    __slots__ = ("audit_records", "next_page_token", "chain_intact")
    AUDIT_RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CHAIN_INTACT_FIELD_NUMBER: _ClassVar[int]
    audit_records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
    next_page_token: str
    chain_intact: bool
    def __init__(self, audit_records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., chain_intact: _Optional[bool] = ...) -> None: ...

class Enrolment(_message.Message):
    __slots__ = ("id", "person_id", "insurance_type", "employer_credit_code", "employer_name", "work_injury_class", "monthly_wage", "status", "effective_from", "effective_to", "status_reason", "previous_enrolment_id", "etag", "create_time", "update_time", "suspensions")
    ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_NAME_FIELD_NUMBER: _ClassVar[int]
    WORK_INJURY_CLASS_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_WAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_TO_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SUSPENSIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    person_id: str
    insurance_type: InsuranceType
    employer_credit_code: str
    employer_name: str
    work_injury_class: int
    monthly_wage: str
    status: EnrolmentStatus
    effective_from: str
    effective_to: str
    status_reason: str
    previous_enrolment_id: str
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    suspensions: _containers.RepeatedCompositeFieldContainer[EnrolmentSuspension]
    def __init__(self, id: _Optional[str] = ..., person_id: _Optional[str] = ..., insurance_type: _Optional[_Union[InsuranceType, str]] = ..., employer_credit_code: _Optional[str] = ..., employer_name: _Optional[str] = ..., work_injury_class: _Optional[int] = ..., monthly_wage: _Optional[str] = ..., status: _Optional[_Union[EnrolmentStatus, str]] = ..., effective_from: _Optional[str] = ..., effective_to: _Optional[str] = ..., status_reason: _Optional[str] = ..., previous_enrolment_id: _Optional[str] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., suspensions: _Optional[_Iterable[_Union[EnrolmentSuspension, _Mapping]]] = ...) -> None: ...

class EnrolmentSuspension(_message.Message):
    __slots__ = ("start_date", "end_date", "reason")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    reason: str
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CreateEnrolmentRequest(_message.Message):
    __slots__ = ("enrolment", "request_id")
    ENROLMENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    enrolment: Enrolment
    request_id: str
    def __init__(self, enrolment: _Optional[_Union[Enrolment, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetEnrolmentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListEnrolmentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "person_id", "employer_credit_code", "status", "insurance_type")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    person_id: str
    employer_credit_code: str
    status: EnrolmentStatus
    insurance_type: InsuranceType
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., person_id: _Optional[str] = ..., employer_credit_code: _Optional[str] = ..., status: _Optional[_Union[EnrolmentStatus, str]] = ..., insurance_type: _Optional[_Union[InsuranceType, str]] = ...) -> None: ...

class ListEnrolmentsResponse(_message.Message):
    __slots__ = ("enrolments", "next_page_token")
    ENROLMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    enrolments: _containers.RepeatedCompositeFieldContainer[Enrolment]
    next_page_token: str
    def __init__(self, enrolments: _Optional[_Iterable[_Union[Enrolment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SuspendEnrolmentRequest(_message.Message):
    __slots__ = ("id", "reason", "etag", "effective_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    etag: str
    effective_date: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., effective_date: _Optional[str] = ...) -> None: ...

class ResumeEnrolmentRequest(_message.Message):
    __slots__ = ("id", "etag", "effective_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    effective_date: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ..., effective_date: _Optional[str] = ...) -> None: ...

class TerminateEnrolmentRequest(_message.Message):
    __slots__ = ("id", "effective_to", "reason", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_TO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    effective_to: str
    reason: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., effective_to: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class TransferEnrolmentRequest(_message.Message):
    __slots__ = ("id", "new_employer_credit_code", "new_employer_name", "new_work_injury_class", "new_monthly_wage", "transfer_date", "etag", "request_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NEW_EMPLOYER_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    NEW_EMPLOYER_NAME_FIELD_NUMBER: _ClassVar[int]
    NEW_WORK_INJURY_CLASS_FIELD_NUMBER: _ClassVar[int]
    NEW_MONTHLY_WAGE_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_DATE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    new_employer_credit_code: str
    new_employer_name: str
    new_work_injury_class: int
    new_monthly_wage: str
    transfer_date: str
    etag: str
    request_id: str
    def __init__(self, id: _Optional[str] = ..., new_employer_credit_code: _Optional[str] = ..., new_employer_name: _Optional[str] = ..., new_work_injury_class: _Optional[int] = ..., new_monthly_wage: _Optional[str] = ..., transfer_date: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class TransferEnrolmentResponse(_message.Message):
    __slots__ = ("closed", "opened")
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    OPENED_FIELD_NUMBER: _ClassVar[int]
    closed: Enrolment
    opened: Enrolment
    def __init__(self, closed: _Optional[_Union[Enrolment, _Mapping]] = ..., opened: _Optional[_Union[Enrolment, _Mapping]] = ...) -> None: ...

class ContributionLine(_message.Message):
    __slots__ = ("item", "employer_rate", "employee_rate", "employee_fixed", "employer_amount", "employee_amount")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_RATE_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_RATE_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_FIXED_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    item: str
    employer_rate: str
    employee_rate: str
    employee_fixed: str
    employer_amount: str
    employee_amount: str
    def __init__(self, item: _Optional[str] = ..., employer_rate: _Optional[str] = ..., employee_rate: _Optional[str] = ..., employee_fixed: _Optional[str] = ..., employer_amount: _Optional[str] = ..., employee_amount: _Optional[str] = ...) -> None: ...

class CalculateContributionsRequest(_message.Message):
    __slots__ = ("wage", "month", "work_injury_class", "insurance_types")
    WAGE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    WORK_INJURY_CLASS_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPES_FIELD_NUMBER: _ClassVar[int]
    wage: str
    month: str
    work_injury_class: int
    insurance_types: _containers.RepeatedScalarFieldContainer[InsuranceType]
    def __init__(self, wage: _Optional[str] = ..., month: _Optional[str] = ..., work_injury_class: _Optional[int] = ..., insurance_types: _Optional[_Iterable[_Union[InsuranceType, str]]] = ...) -> None: ...

class ContributionQuote(_message.Message):
    __slots__ = ("month", "wage", "base", "base_floor", "base_cap", "clamp", "schedule_id", "schedule_effective_from", "lines", "employer_total", "employee_total", "rounding_rule")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    WAGE_FIELD_NUMBER: _ClassVar[int]
    BASE_FIELD_NUMBER: _ClassVar[int]
    BASE_FLOOR_FIELD_NUMBER: _ClassVar[int]
    BASE_CAP_FIELD_NUMBER: _ClassVar[int]
    CLAMP_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_TOTAL_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_RULE_FIELD_NUMBER: _ClassVar[int]
    month: str
    wage: str
    base: str
    base_floor: str
    base_cap: str
    clamp: BaseClamp
    schedule_id: str
    schedule_effective_from: str
    lines: _containers.RepeatedCompositeFieldContainer[ContributionLine]
    employer_total: str
    employee_total: str
    rounding_rule: str
    def __init__(self, month: _Optional[str] = ..., wage: _Optional[str] = ..., base: _Optional[str] = ..., base_floor: _Optional[str] = ..., base_cap: _Optional[str] = ..., clamp: _Optional[_Union[BaseClamp, str]] = ..., schedule_id: _Optional[str] = ..., schedule_effective_from: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ContributionLine, _Mapping]]] = ..., employer_total: _Optional[str] = ..., employee_total: _Optional[str] = ..., rounding_rule: _Optional[str] = ...) -> None: ...

class ContributionRecord(_message.Message):
    __slots__ = ("id", "person_id", "insurance_type", "month", "kind", "enrolment_id", "employer_credit_code", "wage", "base", "clamp", "schedule_id", "lines", "employer_amount", "employee_amount", "run_id", "adjusts_record_id", "reason", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    WAGE_FIELD_NUMBER: _ClassVar[int]
    BASE_FIELD_NUMBER: _ClassVar[int]
    CLAMP_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    ADJUSTS_RECORD_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    person_id: str
    insurance_type: InsuranceType
    month: str
    kind: RecordKind
    enrolment_id: str
    employer_credit_code: str
    wage: str
    base: str
    clamp: BaseClamp
    schedule_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ContributionLine]
    employer_amount: str
    employee_amount: str
    run_id: str
    adjusts_record_id: str
    reason: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., person_id: _Optional[str] = ..., insurance_type: _Optional[_Union[InsuranceType, str]] = ..., month: _Optional[str] = ..., kind: _Optional[_Union[RecordKind, str]] = ..., enrolment_id: _Optional[str] = ..., employer_credit_code: _Optional[str] = ..., wage: _Optional[str] = ..., base: _Optional[str] = ..., clamp: _Optional[_Union[BaseClamp, str]] = ..., schedule_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ContributionLine, _Mapping]]] = ..., employer_amount: _Optional[str] = ..., employee_amount: _Optional[str] = ..., run_id: _Optional[str] = ..., adjusts_record_id: _Optional[str] = ..., reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListContributionRecordsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "person_id", "month", "insurance_type", "run_id", "kind")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    person_id: str
    month: str
    insurance_type: InsuranceType
    run_id: str
    kind: RecordKind
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., person_id: _Optional[str] = ..., month: _Optional[str] = ..., insurance_type: _Optional[_Union[InsuranceType, str]] = ..., run_id: _Optional[str] = ..., kind: _Optional[_Union[RecordKind, str]] = ...) -> None: ...

class ListContributionRecordsResponse(_message.Message):
    __slots__ = ("records", "next_page_token")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[ContributionRecord]
    next_page_token: str
    def __init__(self, records: _Optional[_Iterable[_Union[ContributionRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetContributionRecordRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CreateContributionAdjustmentRequest(_message.Message):
    __slots__ = ("person_id", "insurance_type", "month", "corrected_wage", "reason", "request_id")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_WAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    insurance_type: InsuranceType
    month: str
    corrected_wage: str
    reason: str
    request_id: str
    def __init__(self, person_id: _Optional[str] = ..., insurance_type: _Optional[_Union[InsuranceType, str]] = ..., month: _Optional[str] = ..., corrected_wage: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ContributionRun(_message.Message):
    __slots__ = ("id", "month", "state", "total_count", "processed_count", "created_count", "existing_count", "failed_count", "progress_percent", "employer_total", "employee_total", "error", "create_time", "start_time", "end_time", "resume_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    PROCESSED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    EXISTING_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_PERCENT_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_TOTAL_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    RESUME_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    month: str
    state: JobState
    total_count: int
    processed_count: int
    created_count: int
    existing_count: int
    failed_count: int
    progress_percent: float
    employer_total: str
    employee_total: str
    error: str
    create_time: _timestamp_pb2.Timestamp
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    resume_count: int
    def __init__(self, id: _Optional[str] = ..., month: _Optional[str] = ..., state: _Optional[_Union[JobState, str]] = ..., total_count: _Optional[int] = ..., processed_count: _Optional[int] = ..., created_count: _Optional[int] = ..., existing_count: _Optional[int] = ..., failed_count: _Optional[int] = ..., progress_percent: _Optional[float] = ..., employer_total: _Optional[str] = ..., employee_total: _Optional[str] = ..., error: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resume_count: _Optional[int] = ...) -> None: ...

class CreateContributionRunRequest(_message.Message):
    __slots__ = ("contribution_run", "request_id")
    CONTRIBUTION_RUN_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    contribution_run: ContributionRun
    request_id: str
    def __init__(self, contribution_run: _Optional[_Union[ContributionRun, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetContributionRunRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListContributionRunsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "month")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    month: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., month: _Optional[str] = ...) -> None: ...

class ListContributionRunsResponse(_message.Message):
    __slots__ = ("contribution_runs", "next_page_token")
    CONTRIBUTION_RUNS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    contribution_runs: _containers.RepeatedCompositeFieldContainer[ContributionRun]
    next_page_token: str
    def __init__(self, contribution_runs: _Optional[_Iterable[_Union[ContributionRun, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ItemRate(_message.Message):
    __slots__ = ("item", "employer_rate", "employee_rate", "employee_fixed")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    EMPLOYER_RATE_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_RATE_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_FIXED_FIELD_NUMBER: _ClassVar[int]
    item: str
    employer_rate: str
    employee_rate: str
    employee_fixed: str
    def __init__(self, item: _Optional[str] = ..., employer_rate: _Optional[str] = ..., employee_rate: _Optional[str] = ..., employee_fixed: _Optional[str] = ...) -> None: ...

class RateSchedule(_message.Message):
    __slots__ = ("id", "effective_from", "average_monthly_wage", "base_floor", "base_cap", "items", "work_injury_class_rates", "source")
    class WorkInjuryClassRatesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: str
        def __init__(self, key: _Optional[int] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_MONTHLY_WAGE_FIELD_NUMBER: _ClassVar[int]
    BASE_FLOOR_FIELD_NUMBER: _ClassVar[int]
    BASE_CAP_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    WORK_INJURY_CLASS_RATES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    effective_from: str
    average_monthly_wage: str
    base_floor: str
    base_cap: str
    items: _containers.RepeatedCompositeFieldContainer[ItemRate]
    work_injury_class_rates: _containers.ScalarMap[int, str]
    source: str
    def __init__(self, id: _Optional[str] = ..., effective_from: _Optional[str] = ..., average_monthly_wage: _Optional[str] = ..., base_floor: _Optional[str] = ..., base_cap: _Optional[str] = ..., items: _Optional[_Iterable[_Union[ItemRate, _Mapping]]] = ..., work_injury_class_rates: _Optional[_Mapping[int, str]] = ..., source: _Optional[str] = ...) -> None: ...

class ListRateSchedulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRateSchedulesResponse(_message.Message):
    __slots__ = ("schedules",)
    SCHEDULES_FIELD_NUMBER: _ClassVar[int]
    schedules: _containers.RepeatedCompositeFieldContainer[RateSchedule]
    def __init__(self, schedules: _Optional[_Iterable[_Union[RateSchedule, _Mapping]]] = ...) -> None: ...

class ClaimFinding(_message.Message):
    __slots__ = ("rule", "passed", "detail")
    RULE_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    rule: str
    passed: bool
    detail: str
    def __init__(self, rule: _Optional[str] = ..., passed: _Optional[bool] = ..., detail: _Optional[str] = ...) -> None: ...

class ClaimHistoryEntry(_message.Message):
    __slots__ = ("time", "actor", "from_state", "to_state", "note")
    TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    actor: str
    from_state: ClaimState
    to_state: ClaimState
    note: str
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., from_state: _Optional[_Union[ClaimState, str]] = ..., to_state: _Optional[_Union[ClaimState, str]] = ..., note: _Optional[str] = ...) -> None: ...

class Claim(_message.Message):
    __slots__ = ("id", "person_id", "claim_type", "event_date", "amount", "description", "state", "submitted_by", "checked_by", "decided_by", "rejection_reason", "payment_reference", "findings", "history", "etag", "create_time", "update_time", "paid_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIM_TYPE_FIELD_NUMBER: _ClassVar[int]
    EVENT_DATE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    CHECKED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PAID_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    person_id: str
    claim_type: ClaimType
    event_date: str
    amount: str
    description: str
    state: ClaimState
    submitted_by: str
    checked_by: str
    decided_by: str
    rejection_reason: str
    payment_reference: str
    findings: _containers.RepeatedCompositeFieldContainer[ClaimFinding]
    history: _containers.RepeatedCompositeFieldContainer[ClaimHistoryEntry]
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    paid_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., person_id: _Optional[str] = ..., claim_type: _Optional[_Union[ClaimType, str]] = ..., event_date: _Optional[str] = ..., amount: _Optional[str] = ..., description: _Optional[str] = ..., state: _Optional[_Union[ClaimState, str]] = ..., submitted_by: _Optional[str] = ..., checked_by: _Optional[str] = ..., decided_by: _Optional[str] = ..., rejection_reason: _Optional[str] = ..., payment_reference: _Optional[str] = ..., findings: _Optional[_Iterable[_Union[ClaimFinding, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[ClaimHistoryEntry, _Mapping]]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., paid_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateClaimRequest(_message.Message):
    __slots__ = ("claim", "request_id")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    claim: Claim
    request_id: str
    def __init__(self, claim: _Optional[_Union[Claim, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetClaimRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListClaimsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "person_id", "claim_type", "state")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIM_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    person_id: str
    claim_type: ClaimType
    state: ClaimState
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., person_id: _Optional[str] = ..., claim_type: _Optional[_Union[ClaimType, str]] = ..., state: _Optional[_Union[ClaimState, str]] = ...) -> None: ...

class ListClaimsResponse(_message.Message):
    __slots__ = ("claims", "next_page_token")
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    claims: _containers.RepeatedCompositeFieldContainer[Claim]
    next_page_token: str
    def __init__(self, claims: _Optional[_Iterable[_Union[Claim, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CheckClaimRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class ApproveClaimRequest(_message.Message):
    __slots__ = ("id", "note", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class RejectClaimRequest(_message.Message):
    __slots__ = ("id", "reason", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class PayClaimRequest(_message.Message):
    __slots__ = ("id", "payment_reference", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    payment_reference: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., payment_reference: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class AidSourceResult(_message.Message):
    __slots__ = ("source", "person_id", "query_time", "answered", "hit", "evidence_hash", "summary", "error")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_TIME_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    HIT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_HASH_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    source: str
    person_id: str
    query_time: _timestamp_pb2.Timestamp
    answered: bool
    hit: bool
    evidence_hash: str
    summary: str
    error: str
    def __init__(self, source: _Optional[str] = ..., person_id: _Optional[str] = ..., query_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered: _Optional[bool] = ..., hit: _Optional[bool] = ..., evidence_hash: _Optional[str] = ..., summary: _Optional[str] = ..., error: _Optional[str] = ...) -> None: ...

class AidFinding(_message.Message):
    __slots__ = ("rule", "detail")
    RULE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    rule: str
    detail: str
    def __init__(self, rule: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class AidCheck(_message.Message):
    __slots__ = ("id", "household_id", "purpose", "consent_id", "trigger", "outcome", "results", "findings", "unanswered_sources", "requested_by", "create_time", "end_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    UNANSWERED_SOURCES_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    household_id: str
    purpose: str
    consent_id: str
    trigger: AidCheckTrigger
    outcome: AidCheckOutcome
    results: _containers.RepeatedCompositeFieldContainer[AidSourceResult]
    findings: _containers.RepeatedCompositeFieldContainer[AidFinding]
    unanswered_sources: _containers.RepeatedScalarFieldContainer[str]
    requested_by: str
    create_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., household_id: _Optional[str] = ..., purpose: _Optional[str] = ..., consent_id: _Optional[str] = ..., trigger: _Optional[_Union[AidCheckTrigger, str]] = ..., outcome: _Optional[_Union[AidCheckOutcome, str]] = ..., results: _Optional[_Iterable[_Union[AidSourceResult, _Mapping]]] = ..., findings: _Optional[_Iterable[_Union[AidFinding, _Mapping]]] = ..., unanswered_sources: _Optional[_Iterable[str]] = ..., requested_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateAidCheckRequest(_message.Message):
    __slots__ = ("aid_check", "request_id")
    AID_CHECK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    aid_check: AidCheck
    request_id: str
    def __init__(self, aid_check: _Optional[_Union[AidCheck, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetAidCheckRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListAidChecksRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "household_id", "outcome")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    household_id: str
    outcome: AidCheckOutcome
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., household_id: _Optional[str] = ..., outcome: _Optional[_Union[AidCheckOutcome, str]] = ...) -> None: ...

class ListAidChecksResponse(_message.Message):
    __slots__ = ("aid_checks", "next_page_token")
    AID_CHECKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    aid_checks: _containers.RepeatedCompositeFieldContainer[AidCheck]
    next_page_token: str
    def __init__(self, aid_checks: _Optional[_Iterable[_Union[AidCheck, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AidMonitoringRule(_message.Message):
    __slots__ = ("id", "description", "parameters", "enabled")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    parameters: _containers.ScalarMap[str, str]
    enabled: bool
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ..., parameters: _Optional[_Mapping[str, str]] = ..., enabled: _Optional[bool] = ...) -> None: ...

class ListAidMonitoringRulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAidMonitoringRulesResponse(_message.Message):
    __slots__ = ("rules",)
    RULES_FIELD_NUMBER: _ClassVar[int]
    rules: _containers.RepeatedCompositeFieldContainer[AidMonitoringRule]
    def __init__(self, rules: _Optional[_Iterable[_Union[AidMonitoringRule, _Mapping]]] = ...) -> None: ...

class CareProvider(_message.Message):
    __slots__ = ("id", "name", "credit_code", "subdistrict_codes", "service_types", "capacity", "active_count", "active", "base_location", "etag", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_COUNT_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    BASE_LOCATION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    credit_code: str
    subdistrict_codes: _containers.RepeatedScalarFieldContainer[str]
    service_types: _containers.RepeatedScalarFieldContainer[CareServiceType]
    capacity: int
    active_count: int
    active: bool
    base_location: LatLng
    etag: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., credit_code: _Optional[str] = ..., subdistrict_codes: _Optional[_Iterable[str]] = ..., service_types: _Optional[_Iterable[_Union[CareServiceType, str]]] = ..., capacity: _Optional[int] = ..., active_count: _Optional[int] = ..., active: _Optional[bool] = ..., base_location: _Optional[_Union[LatLng, _Mapping]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCareProviderRequest(_message.Message):
    __slots__ = ("care_provider", "request_id")
    CARE_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    care_provider: CareProvider
    request_id: str
    def __init__(self, care_provider: _Optional[_Union[CareProvider, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetCareProviderRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListCareProvidersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "subdistrict_code", "service_type")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    subdistrict_code: str
    service_type: CareServiceType
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., service_type: _Optional[_Union[CareServiceType, str]] = ...) -> None: ...

class ListCareProvidersResponse(_message.Message):
    __slots__ = ("care_providers", "next_page_token")
    CARE_PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    care_providers: _containers.RepeatedCompositeFieldContainer[CareProvider]
    next_page_token: str
    def __init__(self, care_providers: _Optional[_Iterable[_Union[CareProvider, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCareProviderRequest(_message.Message):
    __slots__ = ("care_provider", "update_mask", "etag")
    CARE_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    care_provider: CareProvider
    update_mask: _field_mask_pb2.FieldMask
    etag: str
    def __init__(self, care_provider: _Optional[_Union[CareProvider, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class CareAssignment(_message.Message):
    __slots__ = ("provider_id", "assign_time", "accept_deadline", "accept_time", "outcome", "end_time")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGN_TIME_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_TIME_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    assign_time: _timestamp_pb2.Timestamp
    accept_deadline: _timestamp_pb2.Timestamp
    accept_time: _timestamp_pb2.Timestamp
    outcome: str
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, provider_id: _Optional[str] = ..., assign_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accept_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accept_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[str] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CareVisit(_message.Message):
    __slots__ = ("id", "worker", "check_in_time", "check_in_location", "check_out_time", "check_out_location", "state", "verification_note", "verified_by", "settled")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_TIME_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_LOCATION_FIELD_NUMBER: _ClassVar[int]
    CHECK_OUT_TIME_FIELD_NUMBER: _ClassVar[int]
    CHECK_OUT_LOCATION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_NOTE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_BY_FIELD_NUMBER: _ClassVar[int]
    SETTLED_FIELD_NUMBER: _ClassVar[int]
    id: str
    worker: str
    check_in_time: _timestamp_pb2.Timestamp
    check_in_location: LatLng
    check_out_time: _timestamp_pb2.Timestamp
    check_out_location: LatLng
    state: VisitState
    verification_note: str
    verified_by: str
    settled: bool
    def __init__(self, id: _Optional[str] = ..., worker: _Optional[str] = ..., check_in_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., check_in_location: _Optional[_Union[LatLng, _Mapping]] = ..., check_out_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., check_out_location: _Optional[_Union[LatLng, _Mapping]] = ..., state: _Optional[_Union[VisitState, str]] = ..., verification_note: _Optional[str] = ..., verified_by: _Optional[str] = ..., settled: _Optional[bool] = ...) -> None: ...

class CareRequest(_message.Message):
    __slots__ = ("id", "person_id", "service_type", "address", "location", "subdistrict_code", "grid_code", "description", "state", "provider_id", "assignments", "visits", "due_time", "overdue", "escalated", "case_id", "cancel_reason", "settled_amount", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    VISITS_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    SETTLED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    person_id: str
    service_type: CareServiceType
    address: str
    location: LatLng
    subdistrict_code: str
    grid_code: str
    description: str
    state: CareRequestState
    provider_id: str
    assignments: _containers.RepeatedCompositeFieldContainer[CareAssignment]
    visits: _containers.RepeatedCompositeFieldContainer[CareVisit]
    due_time: _timestamp_pb2.Timestamp
    overdue: bool
    escalated: bool
    case_id: str
    cancel_reason: str
    settled_amount: str
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., person_id: _Optional[str] = ..., service_type: _Optional[_Union[CareServiceType, str]] = ..., address: _Optional[str] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., description: _Optional[str] = ..., state: _Optional[_Union[CareRequestState, str]] = ..., provider_id: _Optional[str] = ..., assignments: _Optional[_Iterable[_Union[CareAssignment, _Mapping]]] = ..., visits: _Optional[_Iterable[_Union[CareVisit, _Mapping]]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ..., escalated: _Optional[bool] = ..., case_id: _Optional[str] = ..., cancel_reason: _Optional[str] = ..., settled_amount: _Optional[str] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCareRequestRequest(_message.Message):
    __slots__ = ("care_request", "request_id")
    CARE_REQUEST_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    care_request: CareRequest
    request_id: str
    def __init__(self, care_request: _Optional[_Union[CareRequest, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetCareRequestRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListCareRequestsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "person_id", "provider_id", "subdistrict_code", "state", "overdue_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    person_id: str
    provider_id: str
    subdistrict_code: str
    state: CareRequestState
    overdue_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., person_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., state: _Optional[_Union[CareRequestState, str]] = ..., overdue_only: _Optional[bool] = ...) -> None: ...

class ListCareRequestsResponse(_message.Message):
    __slots__ = ("care_requests", "next_page_token")
    CARE_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    care_requests: _containers.RepeatedCompositeFieldContainer[CareRequest]
    next_page_token: str
    def __init__(self, care_requests: _Optional[_Iterable[_Union[CareRequest, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AssignCareRequestRequest(_message.Message):
    __slots__ = ("id", "provider_id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider_id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., provider_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class AcceptCareRequestRequest(_message.Message):
    __slots__ = ("id", "provider_id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider_id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., provider_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeclineCareRequestRequest(_message.Message):
    __slots__ = ("id", "provider_id", "reason", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider_id: str
    reason: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., provider_id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class CheckInCareVisitRequest(_message.Message):
    __slots__ = ("id", "provider_id", "worker", "location", "time", "request_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider_id: str
    worker: str
    location: LatLng
    time: _timestamp_pb2.Timestamp
    request_id: str
    def __init__(self, id: _Optional[str] = ..., provider_id: _Optional[str] = ..., worker: _Optional[str] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CheckOutCareVisitRequest(_message.Message):
    __slots__ = ("id", "visit_id", "location", "time")
    ID_FIELD_NUMBER: _ClassVar[int]
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    visit_id: str
    location: LatLng
    time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., visit_id: _Optional[str] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class VerifyCareVisitRequest(_message.Message):
    __slots__ = ("id", "visit_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    visit_id: str
    def __init__(self, id: _Optional[str] = ..., visit_id: _Optional[str] = ...) -> None: ...

class CompleteCareRequestRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class CancelCareRequestRequest(_message.Message):
    __slots__ = ("id", "reason", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...
