import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvestorState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVESTOR_STATE_UNSPECIFIED: _ClassVar[InvestorState]
    ACTIVE: _ClassVar[InvestorState]
    MERGED: _ClassVar[InvestorState]

class StageKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STAGE_KIND_UNSPECIFIED: _ClassVar[StageKind]
    OPEN: _ClassVar[StageKind]
    WON: _ClassVar[StageKind]
    LOST: _ClassVar[StageKind]
    PAUSED: _ClassVar[StageKind]

class SiteKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SITE_KIND_UNSPECIFIED: _ClassVar[SiteKind]
    LAND_PARCEL: _ClassVar[SiteKind]
    BUILDING_UNIT: _ClassVar[SiteKind]

class SiteState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SITE_STATE_UNSPECIFIED: _ClassVar[SiteState]
    AVAILABLE: _ClassVar[SiteState]
    RESERVED: _ClassVar[SiteState]
    TRANSFERRED: _ClassVar[SiteState]
INVESTOR_STATE_UNSPECIFIED: InvestorState
ACTIVE: InvestorState
MERGED: InvestorState
STAGE_KIND_UNSPECIFIED: StageKind
OPEN: StageKind
WON: StageKind
LOST: StageKind
PAUSED: StageKind
SITE_KIND_UNSPECIFIED: SiteKind
LAND_PARCEL: SiteKind
BUILDING_UNIT: SiteKind
SITE_STATE_UNSPECIFIED: SiteState
AVAILABLE: SiteState
RESERVED: SiteState
TRANSFERRED: SiteState

class LatLng(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class Investor(_message.Message):
    __slots__ = ("id", "name", "credit_code", "registered", "aliases", "origin_region", "industry_chain", "contact_name", "contact_phone", "legal_representative_id_number", "tags", "note", "state", "merged_into", "merged_investor_ids", "possible_duplicates", "history", "version", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_REGION_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    CONTACT_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_PHONE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    MERGED_INVESTOR_IDS_FIELD_NUMBER: _ClassVar[int]
    POSSIBLE_DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    credit_code: str
    registered: bool
    aliases: _containers.RepeatedScalarFieldContainer[str]
    origin_region: str
    industry_chain: str
    contact_name: str
    contact_phone: str
    legal_representative_id_number: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    note: str
    state: InvestorState
    merged_into: str
    merged_investor_ids: _containers.RepeatedScalarFieldContainer[str]
    possible_duplicates: _containers.RepeatedCompositeFieldContainer[DuplicateCandidate]
    history: _containers.RepeatedCompositeFieldContainer[InvestorHistoryEntry]
    version: int
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., credit_code: _Optional[str] = ..., registered: _Optional[bool] = ..., aliases: _Optional[_Iterable[str]] = ..., origin_region: _Optional[str] = ..., industry_chain: _Optional[str] = ..., contact_name: _Optional[str] = ..., contact_phone: _Optional[str] = ..., legal_representative_id_number: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., note: _Optional[str] = ..., state: _Optional[_Union[InvestorState, str]] = ..., merged_into: _Optional[str] = ..., merged_investor_ids: _Optional[_Iterable[str]] = ..., possible_duplicates: _Optional[_Iterable[_Union[DuplicateCandidate, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[InvestorHistoryEntry, _Mapping]]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DuplicateCandidate(_message.Message):
    __slots__ = ("investor_id", "name", "credit_code", "score", "reason")
    INVESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    investor_id: str
    name: str
    credit_code: str
    score: float
    reason: str
    def __init__(self, investor_id: _Optional[str] = ..., name: _Optional[str] = ..., credit_code: _Optional[str] = ..., score: _Optional[float] = ..., reason: _Optional[str] = ...) -> None: ...

class InvestorHistoryEntry(_message.Message):
    __slots__ = ("time", "action", "actor", "note", "origin_investor_id")
    TIME_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_INVESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    action: str
    actor: str
    note: str
    origin_investor_id: str
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., action: _Optional[str] = ..., actor: _Optional[str] = ..., note: _Optional[str] = ..., origin_investor_id: _Optional[str] = ...) -> None: ...

class CreateInvestorRequest(_message.Message):
    __slots__ = ("investor",)
    INVESTOR_FIELD_NUMBER: _ClassVar[int]
    investor: Investor
    def __init__(self, investor: _Optional[_Union[Investor, _Mapping]] = ...) -> None: ...

class GetInvestorRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListInvestorsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "name_contains", "industry_chain", "show_merged", "prospects_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NAME_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    SHOW_MERGED_FIELD_NUMBER: _ClassVar[int]
    PROSPECTS_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    name_contains: str
    industry_chain: str
    show_merged: bool
    prospects_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., name_contains: _Optional[str] = ..., industry_chain: _Optional[str] = ..., show_merged: _Optional[bool] = ..., prospects_only: _Optional[bool] = ...) -> None: ...

class ListInvestorsResponse(_message.Message):
    __slots__ = ("investors", "next_page_token")
    INVESTORS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    investors: _containers.RepeatedCompositeFieldContainer[Investor]
    next_page_token: str
    def __init__(self, investors: _Optional[_Iterable[_Union[Investor, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateInvestorRequest(_message.Message):
    __slots__ = ("investor", "update_mask")
    INVESTOR_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    investor: Investor
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, investor: _Optional[_Union[Investor, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class MergeInvestorsRequest(_message.Message):
    __slots__ = ("id", "source_investor_id", "reason", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_INVESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_investor_id: str
    reason: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., source_investor_id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class StageChange(_message.Message):
    __slots__ = ("from_stage", "to_stage", "time", "actor", "reason", "action", "probability", "config_version", "amount_wan", "signed_amount_wan", "received_amount_wan", "signed_date")
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    CONFIG_VERSION_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    SIGNED_DATE_FIELD_NUMBER: _ClassVar[int]
    from_stage: str
    to_stage: str
    time: _timestamp_pb2.Timestamp
    actor: str
    reason: str
    action: str
    probability: float
    config_version: int
    amount_wan: str
    signed_amount_wan: str
    received_amount_wan: str
    signed_date: str
    def __init__(self, from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., reason: _Optional[str] = ..., action: _Optional[str] = ..., probability: _Optional[float] = ..., config_version: _Optional[int] = ..., amount_wan: _Optional[str] = ..., signed_amount_wan: _Optional[str] = ..., received_amount_wan: _Optional[str] = ..., signed_date: _Optional[str] = ...) -> None: ...

class Project(_message.Message):
    __slots__ = ("id", "name", "investor_id", "amount_wan", "industry_chain", "chain_link", "officer_id", "department_id", "stage", "stage_kind", "probability", "stage_enter_time", "expected_sign_date", "expected_start_date", "expected_production_date", "signed_date", "signed_amount_wan", "registered_credit_code", "received_amount_wan", "start_date", "production_date", "site_kind", "required_area_mu", "required_floor_area_m2", "land_use_code", "expected_annual_tax_wan", "min_floor_load_kn_m2", "min_clear_height_m", "tags", "description", "stale", "history", "version", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    INVESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    CHAIN_LINK_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STAGE_KIND_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    STAGE_ENTER_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SIGN_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_PRODUCTION_DATE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_DATE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_DATE_FIELD_NUMBER: _ClassVar[int]
    SITE_KIND_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_AREA_MU_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FLOOR_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    LAND_USE_CODE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_ANNUAL_TAX_WAN_FIELD_NUMBER: _ClassVar[int]
    MIN_FLOOR_LOAD_KN_M2_FIELD_NUMBER: _ClassVar[int]
    MIN_CLEAR_HEIGHT_M_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STALE_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    investor_id: str
    amount_wan: str
    industry_chain: str
    chain_link: str
    officer_id: str
    department_id: str
    stage: str
    stage_kind: StageKind
    probability: float
    stage_enter_time: _timestamp_pb2.Timestamp
    expected_sign_date: str
    expected_start_date: str
    expected_production_date: str
    signed_date: str
    signed_amount_wan: str
    registered_credit_code: str
    received_amount_wan: str
    start_date: str
    production_date: str
    site_kind: SiteKind
    required_area_mu: str
    required_floor_area_m2: float
    land_use_code: str
    expected_annual_tax_wan: str
    min_floor_load_kn_m2: float
    min_clear_height_m: float
    tags: _containers.RepeatedScalarFieldContainer[str]
    description: str
    stale: bool
    history: _containers.RepeatedCompositeFieldContainer[StageChange]
    version: int
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., investor_id: _Optional[str] = ..., amount_wan: _Optional[str] = ..., industry_chain: _Optional[str] = ..., chain_link: _Optional[str] = ..., officer_id: _Optional[str] = ..., department_id: _Optional[str] = ..., stage: _Optional[str] = ..., stage_kind: _Optional[_Union[StageKind, str]] = ..., probability: _Optional[float] = ..., stage_enter_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expected_sign_date: _Optional[str] = ..., expected_start_date: _Optional[str] = ..., expected_production_date: _Optional[str] = ..., signed_date: _Optional[str] = ..., signed_amount_wan: _Optional[str] = ..., registered_credit_code: _Optional[str] = ..., received_amount_wan: _Optional[str] = ..., start_date: _Optional[str] = ..., production_date: _Optional[str] = ..., site_kind: _Optional[_Union[SiteKind, str]] = ..., required_area_mu: _Optional[str] = ..., required_floor_area_m2: _Optional[float] = ..., land_use_code: _Optional[str] = ..., expected_annual_tax_wan: _Optional[str] = ..., min_floor_load_kn_m2: _Optional[float] = ..., min_clear_height_m: _Optional[float] = ..., tags: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., stale: _Optional[bool] = ..., history: _Optional[_Iterable[_Union[StageChange, _Mapping]]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateProjectRequest(_message.Message):
    __slots__ = ("project", "request_id")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    project: Project
    request_id: str
    def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetProjectRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListProjectsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "stage", "stage_kind", "industry_chain", "officer_id", "investor_id", "tag", "stale_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STAGE_KIND_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    INVESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    STALE_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    stage: str
    stage_kind: StageKind
    industry_chain: str
    officer_id: str
    investor_id: str
    tag: str
    stale_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., stage: _Optional[str] = ..., stage_kind: _Optional[_Union[StageKind, str]] = ..., industry_chain: _Optional[str] = ..., officer_id: _Optional[str] = ..., investor_id: _Optional[str] = ..., tag: _Optional[str] = ..., stale_only: _Optional[bool] = ...) -> None: ...

class ListProjectsResponse(_message.Message):
    __slots__ = ("projects", "next_page_token")
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    projects: _containers.RepeatedCompositeFieldContainer[Project]
    next_page_token: str
    def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateProjectRequest(_message.Message):
    __slots__ = ("project", "update_mask")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    project: Project
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class AdvanceProjectRequest(_message.Message):
    __slots__ = ("id", "target_stage", "reason", "fields", "etag", "version")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_STAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    target_stage: str
    reason: str
    fields: _containers.ScalarMap[str, str]
    etag: str
    version: int
    def __init__(self, id: _Optional[str] = ..., target_stage: _Optional[str] = ..., reason: _Optional[str] = ..., fields: _Optional[_Mapping[str, str]] = ..., etag: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class MarkProjectLostRequest(_message.Message):
    __slots__ = ("id", "reason", "etag", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    etag: str
    version: int
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class RestoreProjectRequest(_message.Message):
    __slots__ = ("id", "reason", "etag", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    etag: str
    version: int
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class MatchSitesRequest(_message.Message):
    __slots__ = ("id", "area_tolerance", "max_results")
    ID_FIELD_NUMBER: _ClassVar[int]
    AREA_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    area_tolerance: float
    max_results: int
    def __init__(self, id: _Optional[str] = ..., area_tolerance: _Optional[float] = ..., max_results: _Optional[int] = ...) -> None: ...

class MatchReason(_message.Message):
    __slots__ = ("criterion", "points", "max_points", "explanation")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    MAX_POINTS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    points: float
    max_points: float
    explanation: str
    def __init__(self, criterion: _Optional[str] = ..., points: _Optional[float] = ..., max_points: _Optional[float] = ..., explanation: _Optional[str] = ...) -> None: ...

class SiteMatch(_message.Message):
    __slots__ = ("site_id", "site_code", "site_name", "score", "rank", "reasons")
    SITE_ID_FIELD_NUMBER: _ClassVar[int]
    SITE_CODE_FIELD_NUMBER: _ClassVar[int]
    SITE_NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    site_id: str
    site_code: str
    site_name: str
    score: float
    rank: int
    reasons: _containers.RepeatedCompositeFieldContainer[MatchReason]
    def __init__(self, site_id: _Optional[str] = ..., site_code: _Optional[str] = ..., site_name: _Optional[str] = ..., score: _Optional[float] = ..., rank: _Optional[int] = ..., reasons: _Optional[_Iterable[_Union[MatchReason, _Mapping]]] = ...) -> None: ...

class SiteRejection(_message.Message):
    __slots__ = ("site_id", "site_code", "filter", "explanation")
    SITE_ID_FIELD_NUMBER: _ClassVar[int]
    SITE_CODE_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    site_id: str
    site_code: str
    filter: str
    explanation: str
    def __init__(self, site_id: _Optional[str] = ..., site_code: _Optional[str] = ..., filter: _Optional[str] = ..., explanation: _Optional[str] = ...) -> None: ...

class MatchSitesResponse(_message.Message):
    __slots__ = ("project_id", "matches", "rejected")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    matches: _containers.RepeatedCompositeFieldContainer[SiteMatch]
    rejected: _containers.RepeatedCompositeFieldContainer[SiteRejection]
    def __init__(self, project_id: _Optional[str] = ..., matches: _Optional[_Iterable[_Union[SiteMatch, _Mapping]]] = ..., rejected: _Optional[_Iterable[_Union[SiteRejection, _Mapping]]] = ...) -> None: ...

class SupervisionItem(_message.Message):
    __slots__ = ("id", "project_id", "problem", "owner", "due_date", "closed", "progress_note", "close_time", "closed_by", "overdue", "version", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_NOTE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSED_BY_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    problem: str
    owner: str
    due_date: str
    closed: bool
    progress_note: str
    close_time: _timestamp_pb2.Timestamp
    closed_by: str
    overdue: bool
    version: int
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., problem: _Optional[str] = ..., owner: _Optional[str] = ..., due_date: _Optional[str] = ..., closed: _Optional[bool] = ..., progress_note: _Optional[str] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_by: _Optional[str] = ..., overdue: _Optional[bool] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSupervisionItemRequest(_message.Message):
    __slots__ = ("project_id", "supervision_item", "request_id")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_ITEM_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    supervision_item: SupervisionItem
    request_id: str
    def __init__(self, project_id: _Optional[str] = ..., supervision_item: _Optional[_Union[SupervisionItem, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class ListSupervisionItemsRequest(_message.Message):
    __slots__ = ("project_id", "page_size", "page_token", "open_only")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    page_size: int
    page_token: str
    open_only: bool
    def __init__(self, project_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., open_only: _Optional[bool] = ...) -> None: ...

class ListSupervisionItemsResponse(_message.Message):
    __slots__ = ("supervision_items", "next_page_token")
    SUPERVISION_ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    supervision_items: _containers.RepeatedCompositeFieldContainer[SupervisionItem]
    next_page_token: str
    def __init__(self, supervision_items: _Optional[_Iterable[_Union[SupervisionItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateSupervisionItemRequest(_message.Message):
    __slots__ = ("supervision_item", "update_mask")
    SUPERVISION_ITEM_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    supervision_item: SupervisionItem
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, supervision_item: _Optional[_Union[SupervisionItem, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class LandParcel(_message.Message):
    __slots__ = ("land_use_code", "min_plot_ratio", "max_plot_ratio", "min_investment_intensity_wan_per_mu", "min_tax_per_mu_wan", "price_wan_per_mu", "tenure_years")
    LAND_USE_CODE_FIELD_NUMBER: _ClassVar[int]
    MIN_PLOT_RATIO_FIELD_NUMBER: _ClassVar[int]
    MAX_PLOT_RATIO_FIELD_NUMBER: _ClassVar[int]
    MIN_INVESTMENT_INTENSITY_WAN_PER_MU_FIELD_NUMBER: _ClassVar[int]
    MIN_TAX_PER_MU_WAN_FIELD_NUMBER: _ClassVar[int]
    PRICE_WAN_PER_MU_FIELD_NUMBER: _ClassVar[int]
    TENURE_YEARS_FIELD_NUMBER: _ClassVar[int]
    land_use_code: str
    min_plot_ratio: float
    max_plot_ratio: float
    min_investment_intensity_wan_per_mu: str
    min_tax_per_mu_wan: str
    price_wan_per_mu: str
    tenure_years: int
    def __init__(self, land_use_code: _Optional[str] = ..., min_plot_ratio: _Optional[float] = ..., max_plot_ratio: _Optional[float] = ..., min_investment_intensity_wan_per_mu: _Optional[str] = ..., min_tax_per_mu_wan: _Optional[str] = ..., price_wan_per_mu: _Optional[str] = ..., tenure_years: _Optional[int] = ...) -> None: ...

class BuildingUnit(_message.Message):
    __slots__ = ("building_name", "floor", "floor_load_kn_m2", "clear_height_m", "rent_yuan_per_m2_month", "usage")
    BUILDING_NAME_FIELD_NUMBER: _ClassVar[int]
    FLOOR_FIELD_NUMBER: _ClassVar[int]
    FLOOR_LOAD_KN_M2_FIELD_NUMBER: _ClassVar[int]
    CLEAR_HEIGHT_M_FIELD_NUMBER: _ClassVar[int]
    RENT_YUAN_PER_M2_MONTH_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    building_name: str
    floor: int
    floor_load_kn_m2: float
    clear_height_m: float
    rent_yuan_per_m2_month: str
    usage: str
    def __init__(self, building_name: _Optional[str] = ..., floor: _Optional[int] = ..., floor_load_kn_m2: _Optional[float] = ..., clear_height_m: _Optional[float] = ..., rent_yuan_per_m2_month: _Optional[str] = ..., usage: _Optional[str] = ...) -> None: ...

class Site(_message.Message):
    __slots__ = ("id", "code", "name", "kind", "park_id", "subdistrict_code", "geometry", "location", "area_m2", "area_mu", "land", "building", "state", "reserved_for_project_id", "reserve_time", "tags", "version", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARK_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    AREA_MU_FIELD_NUMBER: _ClassVar[int]
    LAND_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    RESERVED_FOR_PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    RESERVE_TIME_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    kind: SiteKind
    park_id: str
    subdistrict_code: str
    geometry: _struct_pb2.Struct
    location: LatLng
    area_m2: float
    area_mu: str
    land: LandParcel
    building: BuildingUnit
    state: SiteState
    reserved_for_project_id: str
    reserve_time: _timestamp_pb2.Timestamp
    tags: _containers.RepeatedScalarFieldContainer[str]
    version: int
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[SiteKind, str]] = ..., park_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., geometry: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., area_m2: _Optional[float] = ..., area_mu: _Optional[str] = ..., land: _Optional[_Union[LandParcel, _Mapping]] = ..., building: _Optional[_Union[BuildingUnit, _Mapping]] = ..., state: _Optional[_Union[SiteState, str]] = ..., reserved_for_project_id: _Optional[str] = ..., reserve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSiteRequest(_message.Message):
    __slots__ = ("site",)
    SITE_FIELD_NUMBER: _ClassVar[int]
    site: Site
    def __init__(self, site: _Optional[_Union[Site, _Mapping]] = ...) -> None: ...

class GetSiteRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListSitesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "bbox", "polygon", "kind", "state", "park_id", "land_use_code", "min_area_m2", "max_area_m2", "subdistrict_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    POLYGON_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PARK_ID_FIELD_NUMBER: _ClassVar[int]
    LAND_USE_CODE_FIELD_NUMBER: _ClassVar[int]
    MIN_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    MAX_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    bbox: str
    polygon: str
    kind: SiteKind
    state: SiteState
    park_id: str
    land_use_code: str
    min_area_m2: float
    max_area_m2: float
    subdistrict_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., bbox: _Optional[str] = ..., polygon: _Optional[str] = ..., kind: _Optional[_Union[SiteKind, str]] = ..., state: _Optional[_Union[SiteState, str]] = ..., park_id: _Optional[str] = ..., land_use_code: _Optional[str] = ..., min_area_m2: _Optional[float] = ..., max_area_m2: _Optional[float] = ..., subdistrict_code: _Optional[str] = ...) -> None: ...

class ListSitesResponse(_message.Message):
    __slots__ = ("sites", "next_page_token")
    SITES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sites: _containers.RepeatedCompositeFieldContainer[Site]
    next_page_token: str
    def __init__(self, sites: _Optional[_Iterable[_Union[Site, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSitesGeoJsonRequest(_message.Message):
    __slots__ = ("bbox", "polygon", "kind", "state", "park_id", "land_use_code", "min_area_m2", "max_area_m2", "subdistrict_code")
    BBOX_FIELD_NUMBER: _ClassVar[int]
    POLYGON_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PARK_ID_FIELD_NUMBER: _ClassVar[int]
    LAND_USE_CODE_FIELD_NUMBER: _ClassVar[int]
    MIN_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    MAX_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    bbox: str
    polygon: str
    kind: SiteKind
    state: SiteState
    park_id: str
    land_use_code: str
    min_area_m2: float
    max_area_m2: float
    subdistrict_code: str
    def __init__(self, bbox: _Optional[str] = ..., polygon: _Optional[str] = ..., kind: _Optional[_Union[SiteKind, str]] = ..., state: _Optional[_Union[SiteState, str]] = ..., park_id: _Optional[str] = ..., land_use_code: _Optional[str] = ..., min_area_m2: _Optional[float] = ..., max_area_m2: _Optional[float] = ..., subdistrict_code: _Optional[str] = ...) -> None: ...

class SiteFeature(_message.Message):
    __slots__ = ("type", "id", "geometry", "properties")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    type: str
    id: str
    geometry: _struct_pb2.Struct
    properties: _struct_pb2.Struct
    def __init__(self, type: _Optional[str] = ..., id: _Optional[str] = ..., geometry: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., properties: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SiteFeatureCollection(_message.Message):
    __slots__ = ("type", "features")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    type: str
    features: _containers.RepeatedCompositeFieldContainer[SiteFeature]
    def __init__(self, type: _Optional[str] = ..., features: _Optional[_Iterable[_Union[SiteFeature, _Mapping]]] = ...) -> None: ...

class UpdateSiteRequest(_message.Message):
    __slots__ = ("site", "update_mask")
    SITE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    site: Site
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, site: _Optional[_Union[Site, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class ReserveSiteRequest(_message.Message):
    __slots__ = ("id", "project_id", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    note: str
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ReleaseSiteRequest(_message.Message):
    __slots__ = ("id", "reason", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class TransferSiteRequest(_message.Message):
    __slots__ = ("id", "project_id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class Park(_message.Message):
    __slots__ = ("id", "name", "subdistrict_codes", "managed_by", "allowed_chains", "focus_chains", "center")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODES_FIELD_NUMBER: _ClassVar[int]
    MANAGED_BY_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_CHAINS_FIELD_NUMBER: _ClassVar[int]
    FOCUS_CHAINS_FIELD_NUMBER: _ClassVar[int]
    CENTER_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    subdistrict_codes: _containers.RepeatedScalarFieldContainer[str]
    managed_by: str
    allowed_chains: _containers.RepeatedScalarFieldContainer[str]
    focus_chains: _containers.RepeatedScalarFieldContainer[str]
    center: LatLng
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., subdistrict_codes: _Optional[_Iterable[str]] = ..., managed_by: _Optional[str] = ..., allowed_chains: _Optional[_Iterable[str]] = ..., focus_chains: _Optional[_Iterable[str]] = ..., center: _Optional[_Union[LatLng, _Mapping]] = ...) -> None: ...

class ListParksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListParksResponse(_message.Message):
    __slots__ = ("parks",)
    PARKS_FIELD_NUMBER: _ClassVar[int]
    parks: _containers.RepeatedCompositeFieldContainer[Park]
    def __init__(self, parks: _Optional[_Iterable[_Union[Park, _Mapping]]] = ...) -> None: ...

class ChainLink(_message.Message):
    __slots__ = ("code", "name", "position", "land_use_classes")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    LAND_USE_CLASSES_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    position: str
    land_use_classes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., position: _Optional[str] = ..., land_use_classes: _Optional[_Iterable[str]] = ...) -> None: ...

class IndustryChain(_message.Message):
    __slots__ = ("code", "name", "links")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    links: _containers.RepeatedCompositeFieldContainer[ChainLink]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., links: _Optional[_Iterable[_Union[ChainLink, _Mapping]]] = ...) -> None: ...

class ListIndustryChainsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListIndustryChainsResponse(_message.Message):
    __slots__ = ("chains",)
    CHAINS_FIELD_NUMBER: _ClassVar[int]
    chains: _containers.RepeatedCompositeFieldContainer[IndustryChain]
    def __init__(self, chains: _Optional[_Iterable[_Union[IndustryChain, _Mapping]]] = ...) -> None: ...

class Stage(_message.Message):
    __slots__ = ("code", "name", "kind", "order", "default_probability", "days_to_stale", "required_fields")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    DAYS_TO_STALE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    kind: StageKind
    order: int
    default_probability: float
    days_to_stale: int
    required_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[StageKind, str]] = ..., order: _Optional[int] = ..., default_probability: _Optional[float] = ..., days_to_stale: _Optional[int] = ..., required_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class StageConfig(_message.Message):
    __slots__ = ("version", "stages", "note", "created_by", "create_time")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    version: int
    stages: _containers.RepeatedCompositeFieldContainer[Stage]
    note: str
    created_by: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[int] = ..., stages: _Optional[_Iterable[_Union[Stage, _Mapping]]] = ..., note: _Optional[str] = ..., created_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetStageConfigRequest(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: str
    def __init__(self, version: _Optional[str] = ...) -> None: ...

class ListStageConfigsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListStageConfigsResponse(_message.Message):
    __slots__ = ("stage_configs",)
    STAGE_CONFIGS_FIELD_NUMBER: _ClassVar[int]
    stage_configs: _containers.RepeatedCompositeFieldContainer[StageConfig]
    def __init__(self, stage_configs: _Optional[_Iterable[_Union[StageConfig, _Mapping]]] = ...) -> None: ...

class CreateStageConfigRequest(_message.Message):
    __slots__ = ("stage_config", "expected_version")
    STAGE_CONFIG_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    stage_config: StageConfig
    expected_version: int
    def __init__(self, stage_config: _Optional[_Union[StageConfig, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class GetFunnelRequest(_message.Message):
    __slots__ = ("start_time", "end_time", "industry_chain", "officer_id")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CHAIN_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    industry_chain: str
    officer_id: str
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., industry_chain: _Optional[str] = ..., officer_id: _Optional[str] = ...) -> None: ...

class StageConversion(_message.Message):
    __slots__ = ("cohort", "from_stage", "to_stage", "reached_from", "reached_to", "rate")
    COHORT_FIELD_NUMBER: _ClassVar[int]
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    REACHED_FROM_FIELD_NUMBER: _ClassVar[int]
    REACHED_TO_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    cohort: str
    from_stage: str
    to_stage: str
    reached_from: int
    reached_to: int
    rate: float
    def __init__(self, cohort: _Optional[str] = ..., from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., reached_from: _Optional[int] = ..., reached_to: _Optional[int] = ..., rate: _Optional[float] = ...) -> None: ...

class StageDuration(_message.Message):
    __slots__ = ("stage", "median_days", "stays")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_DAYS_FIELD_NUMBER: _ClassVar[int]
    STAYS_FIELD_NUMBER: _ClassVar[int]
    stage: str
    median_days: float
    stays: int
    def __init__(self, stage: _Optional[str] = ..., median_days: _Optional[float] = ..., stays: _Optional[int] = ...) -> None: ...

class StaleProject(_message.Message):
    __slots__ = ("project_id", "name", "stage", "days_in_stage", "days_to_stale", "officer_id")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DAYS_IN_STAGE_FIELD_NUMBER: _ClassVar[int]
    DAYS_TO_STALE_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    name: str
    stage: str
    days_in_stage: float
    days_to_stale: int
    officer_id: str
    def __init__(self, project_id: _Optional[str] = ..., name: _Optional[str] = ..., stage: _Optional[str] = ..., days_in_stage: _Optional[float] = ..., days_to_stale: _Optional[int] = ..., officer_id: _Optional[str] = ...) -> None: ...

class AmountBucket(_message.Message):
    __slots__ = ("dimension", "key", "amount_wan", "projects")
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    dimension: str
    key: str
    amount_wan: str
    projects: int
    def __init__(self, dimension: _Optional[str] = ..., key: _Optional[str] = ..., amount_wan: _Optional[str] = ..., projects: _Optional[int] = ...) -> None: ...

class MonthlyPipeline(_message.Message):
    __slots__ = ("month", "weighted_amount_wan", "projects")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    WEIGHTED_AMOUNT_WAN_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    month: str
    weighted_amount_wan: str
    projects: int
    def __init__(self, month: _Optional[str] = ..., weighted_amount_wan: _Optional[str] = ..., projects: _Optional[int] = ...) -> None: ...

class FunnelReport(_message.Message):
    __slots__ = ("start_time", "end_time", "conversions", "stage_durations", "stale_projects", "signed", "received", "weighted_pipeline", "stage_config_version")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CONVERSIONS_FIELD_NUMBER: _ClassVar[int]
    STAGE_DURATIONS_FIELD_NUMBER: _ClassVar[int]
    STALE_PROJECTS_FIELD_NUMBER: _ClassVar[int]
    SIGNED_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    WEIGHTED_PIPELINE_FIELD_NUMBER: _ClassVar[int]
    STAGE_CONFIG_VERSION_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    conversions: _containers.RepeatedCompositeFieldContainer[StageConversion]
    stage_durations: _containers.RepeatedCompositeFieldContainer[StageDuration]
    stale_projects: _containers.RepeatedCompositeFieldContainer[StaleProject]
    signed: _containers.RepeatedCompositeFieldContainer[AmountBucket]
    received: _containers.RepeatedCompositeFieldContainer[AmountBucket]
    weighted_pipeline: _containers.RepeatedCompositeFieldContainer[MonthlyPipeline]
    stage_config_version: int
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., conversions: _Optional[_Iterable[_Union[StageConversion, _Mapping]]] = ..., stage_durations: _Optional[_Iterable[_Union[StageDuration, _Mapping]]] = ..., stale_projects: _Optional[_Iterable[_Union[StaleProject, _Mapping]]] = ..., signed: _Optional[_Iterable[_Union[AmountBucket, _Mapping]]] = ..., received: _Optional[_Iterable[_Union[AmountBucket, _Mapping]]] = ..., weighted_pipeline: _Optional[_Iterable[_Union[MonthlyPipeline, _Mapping]]] = ..., stage_config_version: _Optional[int] = ...) -> None: ...

class CheckPersonEnterprisesRequest(_message.Message):
    __slots__ = ("id_numbers", "purpose", "consent_id")
    ID_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    id_numbers: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    consent_id: str
    def __init__(self, id_numbers: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., consent_id: _Optional[str] = ...) -> None: ...

class PersonEnterprises(_message.Message):
    __slots__ = ("enterprises_represented", "projects_in_pipeline")
    ENTERPRISES_REPRESENTED_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_IN_PIPELINE_FIELD_NUMBER: _ClassVar[int]
    enterprises_represented: int
    projects_in_pipeline: int
    def __init__(self, enterprises_represented: _Optional[int] = ..., projects_in_pipeline: _Optional[int] = ...) -> None: ...

class CheckPersonEnterprisesResponse(_message.Message):
    __slots__ = ("persons",)
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    persons: _containers.RepeatedCompositeFieldContainer[PersonEnterprises]
    def __init__(self, persons: _Optional[_Iterable[_Union[PersonEnterprises, _Mapping]]] = ...) -> None: ...
