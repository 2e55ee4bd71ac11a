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

class Datum(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATUM_UNSPECIFIED: _ClassVar[Datum]
    WGS84: _ClassVar[Datum]
    GCJ02: _ClassVar[Datum]
    BD09: _ClassVar[Datum]

class CameraStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAMERA_STATUS_UNSPECIFIED: _ClassVar[CameraStatus]
    ON: _ClassVar[CameraStatus]
    OFF: _ClassVar[CameraStatus]
    VLOST: _ClassVar[CameraStatus]
    DEFECT: _ClassVar[CameraStatus]
    STALE: _ClassVar[CameraStatus]

class ImportOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMPORT_OUTCOME_UNSPECIFIED: _ClassVar[ImportOutcome]
    IMPORTED: _ClassVar[ImportOutcome]
    UNCHANGED: _ClassVar[ImportOutcome]
    QUARANTINED: _ClassVar[ImportOutcome]
    REJECTED: _ClassVar[ImportOutcome]

class ReviewState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_STATE_UNSPECIFIED: _ClassVar[ReviewState]
    UNREVIEWED: _ClassVar[ReviewState]
    CONFIRMED: _ClassVar[ReviewState]
    FALSE_POSITIVE: _ClassVar[ReviewState]

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_UNSPECIFIED: _ClassVar[Severity]
    MINOR: _ClassVar[Severity]
    MAJOR: _ClassVar[Severity]
    CRITICAL: _ClassVar[Severity]

class AccessKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCESS_KIND_UNSPECIFIED: _ClassVar[AccessKind]
    LIVE: _ClassVar[AccessKind]
    PLAYBACK: _ClassVar[AccessKind]

class AccessState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCESS_STATE_UNSPECIFIED: _ClassVar[AccessState]
    PENDING: _ClassVar[AccessState]
    APPROVED: _ClassVar[AccessState]
    DENIED: _ClassVar[AccessState]
    REVOKED: _ClassVar[AccessState]
    EXPIRED: _ClassVar[AccessState]
DATUM_UNSPECIFIED: Datum
WGS84: Datum
GCJ02: Datum
BD09: Datum
CAMERA_STATUS_UNSPECIFIED: CameraStatus
ON: CameraStatus
OFF: CameraStatus
VLOST: CameraStatus
DEFECT: CameraStatus
STALE: CameraStatus
IMPORT_OUTCOME_UNSPECIFIED: ImportOutcome
IMPORTED: ImportOutcome
UNCHANGED: ImportOutcome
QUARANTINED: ImportOutcome
REJECTED: ImportOutcome
REVIEW_STATE_UNSPECIFIED: ReviewState
UNREVIEWED: ReviewState
CONFIRMED: ReviewState
FALSE_POSITIVE: ReviewState
SEVERITY_UNSPECIFIED: Severity
MINOR: Severity
MAJOR: Severity
CRITICAL: Severity
ACCESS_KIND_UNSPECIFIED: AccessKind
LIVE: AccessKind
PLAYBACK: AccessKind
ACCESS_STATE_UNSPECIFIED: AccessState
PENDING: AccessState
APPROVED: AccessState
DENIED: AccessState
REVOKED: AccessState
EXPIRED: AccessState

class LatLng(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class ReportedPosition(_message.Message):
    __slots__ = ("lon", "lat", "datum")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    DATUM_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    datum: Datum
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ..., datum: _Optional[_Union[Datum, str]] = ...) -> None: ...

class DeviceIdParts(_message.Message):
    __slots__ = ("centre_code", "industry_code", "industry_name", "type_code", "type_name", "network_code", "network_name", "serial")
    CENTRE_CODE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_CODE_FIELD_NUMBER: _ClassVar[int]
    TYPE_NAME_FIELD_NUMBER: _ClassVar[int]
    NETWORK_CODE_FIELD_NUMBER: _ClassVar[int]
    NETWORK_NAME_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    centre_code: str
    industry_code: str
    industry_name: str
    type_code: str
    type_name: str
    network_code: str
    network_name: str
    serial: str
    def __init__(self, centre_code: _Optional[str] = ..., industry_code: _Optional[str] = ..., industry_name: _Optional[str] = ..., type_code: _Optional[str] = ..., type_name: _Optional[str] = ..., network_code: _Optional[str] = ..., network_name: _Optional[str] = ..., serial: _Optional[str] = ...) -> None: ...

class Camera(_message.Message):
    __slots__ = ("id", "id_parts", "name", "parent_device_id", "owner_department_id", "reported_position", "location", "address", "subdistrict_code", "subdistrict_name", "grid_code", "grid_status", "hd", "ptz", "networked", "purpose", "key_area", "keepalive_interval_seconds", "keepalive_timeout_count", "status", "status_reason", "status_time", "last_keepalive_time", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_PARTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTED_POSITION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_NAME_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_STATUS_FIELD_NUMBER: _ClassVar[int]
    HD_FIELD_NUMBER: _ClassVar[int]
    PTZ_FIELD_NUMBER: _ClassVar[int]
    NETWORKED_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    KEY_AREA_FIELD_NUMBER: _ClassVar[int]
    KEEPALIVE_INTERVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    KEEPALIVE_TIMEOUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    STATUS_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_KEEPALIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    id_parts: DeviceIdParts
    name: str
    parent_device_id: str
    owner_department_id: str
    reported_position: ReportedPosition
    location: LatLng
    address: str
    subdistrict_code: str
    subdistrict_name: str
    grid_code: str
    grid_status: str
    hd: bool
    ptz: bool
    networked: bool
    purpose: str
    key_area: bool
    keepalive_interval_seconds: int
    keepalive_timeout_count: int
    status: CameraStatus
    status_reason: str
    status_time: _timestamp_pb2.Timestamp
    last_keepalive_time: _timestamp_pb2.Timestamp
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., id_parts: _Optional[_Union[DeviceIdParts, _Mapping]] = ..., name: _Optional[str] = ..., parent_device_id: _Optional[str] = ..., owner_department_id: _Optional[str] = ..., reported_position: _Optional[_Union[ReportedPosition, _Mapping]] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., address: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., subdistrict_name: _Optional[str] = ..., grid_code: _Optional[str] = ..., grid_status: _Optional[str] = ..., hd: _Optional[bool] = ..., ptz: _Optional[bool] = ..., networked: _Optional[bool] = ..., purpose: _Optional[str] = ..., key_area: _Optional[bool] = ..., keepalive_interval_seconds: _Optional[int] = ..., keepalive_timeout_count: _Optional[int] = ..., status: _Optional[_Union[CameraStatus, str]] = ..., status_reason: _Optional[str] = ..., status_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_keepalive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCameraRequest(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class GetCameraRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListCamerasRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "subdistrict_code", "bbox", "online", "hd", "networked", "owner_department_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    HD_FIELD_NUMBER: _ClassVar[int]
    NETWORKED_FIELD_NUMBER: _ClassVar[int]
    OWNER_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    subdistrict_code: str
    bbox: str
    online: bool
    hd: bool
    networked: bool
    owner_department_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., bbox: _Optional[str] = ..., online: _Optional[bool] = ..., hd: _Optional[bool] = ..., networked: _Optional[bool] = ..., owner_department_id: _Optional[str] = ...) -> None: ...

class ListCamerasResponse(_message.Message):
    __slots__ = ("cameras", "next_page_token")
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[Camera]
    next_page_token: str
    def __init__(self, cameras: _Optional[_Iterable[_Union[Camera, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCameraRequest(_message.Message):
    __slots__ = ("camera", "update_mask")
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class ImportCamerasRequest(_message.Message):
    __slots__ = ("csv", "owner_department_id", "request_id", "validate_only")
    CSV_FIELD_NUMBER: _ClassVar[int]
    OWNER_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    csv: str
    owner_department_id: str
    request_id: str
    validate_only: bool
    def __init__(self, csv: _Optional[str] = ..., owner_department_id: _Optional[str] = ..., request_id: _Optional[str] = ..., validate_only: _Optional[bool] = ...) -> None: ...

class ImportRowResult(_message.Message):
    __slots__ = ("row", "camera_id", "outcome", "field", "reasons")
    ROW_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    row: int
    camera_id: str
    outcome: ImportOutcome
    field: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, row: _Optional[int] = ..., camera_id: _Optional[str] = ..., outcome: _Optional[_Union[ImportOutcome, str]] = ..., field: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ...) -> None: ...

class ImportCamerasResponse(_message.Message):
    __slots__ = ("imported_count", "unchanged_count", "quarantined_count", "rejected_count", "problems", "request_id")
    IMPORTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_COUNT_FIELD_NUMBER: _ClassVar[int]
    QUARANTINED_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    imported_count: int
    unchanged_count: int
    quarantined_count: int
    rejected_count: int
    problems: _containers.RepeatedCompositeFieldContainer[ImportRowResult]
    request_id: str
    def __init__(self, imported_count: _Optional[int] = ..., unchanged_count: _Optional[int] = ..., quarantined_count: _Optional[int] = ..., rejected_count: _Optional[int] = ..., problems: _Optional[_Iterable[_Union[ImportRowResult, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class QuarantinedCamera(_message.Message):
    __slots__ = ("id", "camera_id", "reasons", "record", "source", "actor", "create_time")
    class RecordEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera_id: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    record: _containers.ScalarMap[str, str]
    source: str
    actor: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., record: _Optional[_Mapping[str, str]] = ..., source: _Optional[str] = ..., actor: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListQuarantinedCamerasRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "camera_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    camera_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., camera_id: _Optional[str] = ...) -> None: ...

class ListQuarantinedCamerasResponse(_message.Message):
    __slots__ = ("quarantined_cameras", "next_page_token")
    QUARANTINED_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    quarantined_cameras: _containers.RepeatedCompositeFieldContainer[QuarantinedCamera]
    next_page_token: str
    def __init__(self, quarantined_cameras: _Optional[_Iterable[_Union[QuarantinedCamera, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ChannelStatus(_message.Message):
    __slots__ = ("camera_id", "status", "reason")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    status: CameraStatus
    reason: str
    def __init__(self, camera_id: _Optional[str] = ..., status: _Optional[_Union[CameraStatus, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class Keepalive(_message.Message):
    __slots__ = ("device_id", "observe_time", "channels")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVE_TIME_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    observe_time: _timestamp_pb2.Timestamp
    channels: _containers.RepeatedCompositeFieldContainer[ChannelStatus]
    def __init__(self, device_id: _Optional[str] = ..., observe_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channels: _Optional[_Iterable[_Union[ChannelStatus, _Mapping]]] = ...) -> None: ...

class KeepaliveCamerasRequest(_message.Message):
    __slots__ = ("keepalives",)
    KEEPALIVES_FIELD_NUMBER: _ClassVar[int]
    keepalives: _containers.RepeatedCompositeFieldContainer[Keepalive]
    def __init__(self, keepalives: _Optional[_Iterable[_Union[Keepalive, _Mapping]]] = ...) -> None: ...

class RejectedKeepalive(_message.Message):
    __slots__ = ("index", "field", "reason")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    index: int
    field: str
    reason: str
    def __init__(self, index: _Optional[int] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class KeepaliveCamerasResponse(_message.Message):
    __slots__ = ("accepted_count", "stale_count", "unknown_count", "transition_count", "rejected")
    ACCEPTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    STALE_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNKNOWN_COUNT_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted_count: int
    stale_count: int
    unknown_count: int
    transition_count: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedKeepalive]
    def __init__(self, accepted_count: _Optional[int] = ..., stale_count: _Optional[int] = ..., unknown_count: _Optional[int] = ..., transition_count: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedKeepalive, _Mapping]]] = ...) -> None: ...

class StatusTransition(_message.Message):
    __slots__ = ("camera_id", "from_status", "to_status", "reason", "detail", "transition_time")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_TIME_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    from_status: CameraStatus
    to_status: CameraStatus
    reason: str
    detail: str
    transition_time: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., from_status: _Optional[_Union[CameraStatus, str]] = ..., to_status: _Optional[_Union[CameraStatus, str]] = ..., reason: _Optional[str] = ..., detail: _Optional[str] = ..., transition_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListStatusTransitionsRequest(_message.Message):
    __slots__ = ("camera_id", "page_size", "page_token")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    page_size: int
    page_token: str
    def __init__(self, camera_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListStatusTransitionsResponse(_message.Message):
    __slots__ = ("transitions", "next_page_token")
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    transitions: _containers.RepeatedCompositeFieldContainer[StatusTransition]
    next_page_token: str
    def __init__(self, transitions: _Optional[_Iterable[_Union[StatusTransition, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAvailabilityRequest(_message.Message):
    __slots__ = ("start_time", "end_time", "subdistrict_code", "camera_id", "page_size", "page_token")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    subdistrict_code: str
    camera_id: str
    page_size: int
    page_token: str
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subdistrict_code: _Optional[str] = ..., camera_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class CameraAvailability(_message.Message):
    __slots__ = ("camera_id", "subdistrict_code", "on_seconds", "known_seconds", "availability")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    ON_SECONDS_FIELD_NUMBER: _ClassVar[int]
    KNOWN_SECONDS_FIELD_NUMBER: _ClassVar[int]
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    subdistrict_code: str
    on_seconds: float
    known_seconds: float
    availability: float
    def __init__(self, camera_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., on_seconds: _Optional[float] = ..., known_seconds: _Optional[float] = ..., availability: _Optional[float] = ...) -> None: ...

class SubdistrictAvailability(_message.Message):
    __slots__ = ("subdistrict_code", "subdistrict_name", "camera_count", "availability")
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_NAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_COUNT_FIELD_NUMBER: _ClassVar[int]
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    subdistrict_name: str
    camera_count: int
    availability: float
    def __init__(self, subdistrict_code: _Optional[str] = ..., subdistrict_name: _Optional[str] = ..., camera_count: _Optional[int] = ..., availability: _Optional[float] = ...) -> None: ...

class Availability(_message.Message):
    __slots__ = ("start_time", "end_time", "cameras", "subdistricts", "district_availability", "next_page_token")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICTS_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    cameras: _containers.RepeatedCompositeFieldContainer[CameraAvailability]
    subdistricts: _containers.RepeatedCompositeFieldContainer[SubdistrictAvailability]
    district_availability: float
    next_page_token: str
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cameras: _Optional[_Iterable[_Union[CameraAvailability, _Mapping]]] = ..., subdistricts: _Optional[_Iterable[_Union[SubdistrictAvailability, _Mapping]]] = ..., district_availability: _Optional[float] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Box(_message.Message):
    __slots__ = ("x", "y", "width", "height", "label", "score")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    width: float
    height: float
    label: str
    score: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ..., width: _Optional[float] = ..., height: _Optional[float] = ..., label: _Optional[str] = ..., score: _Optional[float] = ...) -> None: ...

class Detection(_message.Message):
    __slots__ = ("id", "camera_id", "label", "score", "start_time", "end_time", "boxes", "snapshot_uri", "clip_uri", "model_version", "frame_width", "frame_height", "review_state", "review_note", "reviewer", "auto_closed", "location", "subdistrict_code", "grid_code", "expire_time", "alert_ids", "etag", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    BOXES_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_URI_FIELD_NUMBER: _ClassVar[int]
    CLIP_URI_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    FRAME_WIDTH_FIELD_NUMBER: _ClassVar[int]
    FRAME_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_STATE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_NOTE_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    AUTO_CLOSED_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    ALERT_IDS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera_id: str
    label: str
    score: float
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    boxes: _containers.RepeatedCompositeFieldContainer[Box]
    snapshot_uri: str
    clip_uri: str
    model_version: str
    frame_width: int
    frame_height: int
    review_state: ReviewState
    review_note: str
    reviewer: str
    auto_closed: bool
    location: LatLng
    subdistrict_code: str
    grid_code: str
    expire_time: _timestamp_pb2.Timestamp
    alert_ids: _containers.RepeatedScalarFieldContainer[str]
    etag: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., label: _Optional[str] = ..., score: _Optional[float] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., boxes: _Optional[_Iterable[_Union[Box, _Mapping]]] = ..., snapshot_uri: _Optional[str] = ..., clip_uri: _Optional[str] = ..., model_version: _Optional[str] = ..., frame_width: _Optional[int] = ..., frame_height: _Optional[int] = ..., review_state: _Optional[_Union[ReviewState, str]] = ..., review_note: _Optional[str] = ..., reviewer: _Optional[str] = ..., auto_closed: _Optional[bool] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., alert_ids: _Optional[_Iterable[str]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BatchCreateDetectionsRequest(_message.Message):
    __slots__ = ("detections",)
    DETECTIONS_FIELD_NUMBER: _ClassVar[int]
    detections: _containers.RepeatedCompositeFieldContainer[Detection]
    def __init__(self, detections: _Optional[_Iterable[_Union[Detection, _Mapping]]] = ...) -> None: ...

class RejectedDetection(_message.Message):
    __slots__ = ("index", "field", "reason")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    index: int
    field: str
    reason: str
    def __init__(self, index: _Optional[int] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class BatchCreateDetectionsResponse(_message.Message):
    __slots__ = ("accepted_count", "updated_count", "duplicate_count", "rejected_count", "alerted_count", "rejected")
    ACCEPTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    ALERTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted_count: int
    updated_count: int
    duplicate_count: int
    rejected_count: int
    alerted_count: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedDetection]
    def __init__(self, accepted_count: _Optional[int] = ..., updated_count: _Optional[int] = ..., duplicate_count: _Optional[int] = ..., rejected_count: _Optional[int] = ..., alerted_count: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedDetection, _Mapping]]] = ...) -> None: ...

class StreamDetectionsRequest(_message.Message):
    __slots__ = ("detections",)
    DETECTIONS_FIELD_NUMBER: _ClassVar[int]
    detections: _containers.RepeatedCompositeFieldContainer[Detection]
    def __init__(self, detections: _Optional[_Iterable[_Union[Detection, _Mapping]]] = ...) -> None: ...

class StreamDetectionsResponse(_message.Message):
    __slots__ = ("accepted_count", "updated_count", "duplicate_count", "rejected_count", "alerted_count", "rejected")
    ACCEPTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    ALERTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted_count: int
    updated_count: int
    duplicate_count: int
    rejected_count: int
    alerted_count: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedDetection]
    def __init__(self, accepted_count: _Optional[int] = ..., updated_count: _Optional[int] = ..., duplicate_count: _Optional[int] = ..., rejected_count: _Optional[int] = ..., alerted_count: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedDetection, _Mapping]]] = ...) -> None: ...

class GetDetectionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DetectionFilter(_message.Message):
    __slots__ = ("camera_ids", "labels", "subdistrict_code", "bbox", "polygon", "near_lon", "near_lat", "radius_m", "start_time", "end_time", "time_of_day_from", "time_of_day_to", "min_score", "review_state")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    POLYGON_FIELD_NUMBER: _ClassVar[int]
    NEAR_LON_FIELD_NUMBER: _ClassVar[int]
    NEAR_LAT_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    TIME_OF_DAY_FROM_FIELD_NUMBER: _ClassVar[int]
    TIME_OF_DAY_TO_FIELD_NUMBER: _ClassVar[int]
    MIN_SCORE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_STATE_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    labels: _containers.RepeatedScalarFieldContainer[str]
    subdistrict_code: str
    bbox: str
    polygon: str
    near_lon: float
    near_lat: float
    radius_m: float
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    time_of_day_from: str
    time_of_day_to: str
    min_score: float
    review_state: ReviewState
    def __init__(self, camera_ids: _Optional[_Iterable[str]] = ..., labels: _Optional[_Iterable[str]] = ..., subdistrict_code: _Optional[str] = ..., bbox: _Optional[str] = ..., polygon: _Optional[str] = ..., near_lon: _Optional[float] = ..., near_lat: _Optional[float] = ..., radius_m: _Optional[float] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., time_of_day_from: _Optional[str] = ..., time_of_day_to: _Optional[str] = ..., min_score: _Optional[float] = ..., review_state: _Optional[_Union[ReviewState, str]] = ...) -> None: ...

class ListDetectionsRequest(_message.Message):
    __slots__ = ("filter", "page_size", "page_token")
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    filter: DetectionFilter
    page_size: int
    page_token: str
    def __init__(self, filter: _Optional[_Union[DetectionFilter, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDetectionsResponse(_message.Message):
    __slots__ = ("detections", "next_page_token")
    DETECTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    detections: _containers.RepeatedCompositeFieldContainer[Detection]
    next_page_token: str
    def __init__(self, detections: _Optional[_Iterable[_Union[Detection, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SummarizeDetectionsRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: DetectionFilter
    def __init__(self, filter: _Optional[_Union[DetectionFilter, _Mapping]] = ...) -> None: ...

class DetectionSummaryRow(_message.Message):
    __slots__ = ("date", "label", "subdistrict_code", "count")
    DATE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    date: str
    label: str
    subdistrict_code: str
    count: int
    def __init__(self, date: _Optional[str] = ..., label: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class SummarizeDetectionsResponse(_message.Message):
    __slots__ = ("rows", "total")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[DetectionSummaryRow]
    total: int
    def __init__(self, rows: _Optional[_Iterable[_Union[DetectionSummaryRow, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class ReviewDetectionRequest(_message.Message):
    __slots__ = ("id", "review_state", "note", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_STATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    review_state: ReviewState
    note: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., review_state: _Optional[_Union[ReviewState, str]] = ..., note: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class Gat1400Object(_message.Message):
    __slots__ = ("device_id", "source_id", "event_type", "appear_time", "disappear_time", "left_top_x", "left_top_y", "right_btm_x", "right_btm_y", "image_uri", "video_uri", "longitude", "latitude", "confidence")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    APPEAR_TIME_FIELD_NUMBER: _ClassVar[int]
    DISAPPEAR_TIME_FIELD_NUMBER: _ClassVar[int]
    LEFT_TOP_X_FIELD_NUMBER: _ClassVar[int]
    LEFT_TOP_Y_FIELD_NUMBER: _ClassVar[int]
    RIGHT_BTM_X_FIELD_NUMBER: _ClassVar[int]
    RIGHT_BTM_Y_FIELD_NUMBER: _ClassVar[int]
    IMAGE_URI_FIELD_NUMBER: _ClassVar[int]
    VIDEO_URI_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    source_id: str
    event_type: str
    appear_time: str
    disappear_time: str
    left_top_x: int
    left_top_y: int
    right_btm_x: int
    right_btm_y: int
    image_uri: str
    video_uri: str
    longitude: float
    latitude: float
    confidence: float
    def __init__(self, device_id: _Optional[str] = ..., source_id: _Optional[str] = ..., event_type: _Optional[str] = ..., appear_time: _Optional[str] = ..., disappear_time: _Optional[str] = ..., left_top_x: _Optional[int] = ..., left_top_y: _Optional[int] = ..., right_btm_x: _Optional[int] = ..., right_btm_y: _Optional[int] = ..., image_uri: _Optional[str] = ..., video_uri: _Optional[str] = ..., longitude: _Optional[float] = ..., latitude: _Optional[float] = ..., confidence: _Optional[float] = ...) -> None: ...

class ExportDetectionsRequest(_message.Message):
    __slots__ = ("filter", "page_size", "page_token")
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    filter: DetectionFilter
    page_size: int
    page_token: str
    def __init__(self, filter: _Optional[_Union[DetectionFilter, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ExportDetectionsResponse(_message.Message):
    __slots__ = ("objects", "next_page_token")
    OBJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    objects: _containers.RepeatedCompositeFieldContainer[Gat1400Object]
    next_page_token: str
    def __init__(self, objects: _Optional[_Iterable[_Union[Gat1400Object, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AlertRule(_message.Message):
    __slots__ = ("id", "label", "subdistrict_code", "polygon", "min_score", "severity", "enabled", "description", "etag", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    POLYGON_FIELD_NUMBER: _ClassVar[int]
    MIN_SCORE_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    label: str
    subdistrict_code: str
    polygon: str
    min_score: float
    severity: Severity
    enabled: bool
    description: str
    etag: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., label: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., polygon: _Optional[str] = ..., min_score: _Optional[float] = ..., severity: _Optional[_Union[Severity, str]] = ..., enabled: _Optional[bool] = ..., description: _Optional[str] = ..., etag: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateAlertRuleRequest(_message.Message):
    __slots__ = ("alert_rule", "request_id")
    ALERT_RULE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    alert_rule: AlertRule
    request_id: str
    def __init__(self, alert_rule: _Optional[_Union[AlertRule, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetAlertRuleRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListAlertRulesRequest(_message.Message):
    __slots__ = ("label",)
    LABEL_FIELD_NUMBER: _ClassVar[int]
    label: str
    def __init__(self, label: _Optional[str] = ...) -> None: ...

class ListAlertRulesResponse(_message.Message):
    __slots__ = ("alert_rules",)
    ALERT_RULES_FIELD_NUMBER: _ClassVar[int]
    alert_rules: _containers.RepeatedCompositeFieldContainer[AlertRule]
    def __init__(self, alert_rules: _Optional[_Iterable[_Union[AlertRule, _Mapping]]] = ...) -> None: ...

class UpdateAlertRuleRequest(_message.Message):
    __slots__ = ("alert_rule", "update_mask")
    ALERT_RULE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    alert_rule: AlertRule
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, alert_rule: _Optional[_Union[AlertRule, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class CoverageFigures(_message.Message):
    __slots__ = ("code", "name", "area_km2", "cameras", "hd_cameras", "networked_cameras", "online_cameras", "cameras_per_km2", "hd_per_km2", "networked_per_km2", "online_per_km2", "hd_ratio", "networked_ratio", "serviceable_ratio", "gap_to_shanghai", "gap_to_shenzhen", "key_places", "key_places_covered", "key_place_coverage")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    AREA_KM2_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    HD_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    NETWORKED_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_PER_KM2_FIELD_NUMBER: _ClassVar[int]
    HD_PER_KM2_FIELD_NUMBER: _ClassVar[int]
    NETWORKED_PER_KM2_FIELD_NUMBER: _ClassVar[int]
    ONLINE_PER_KM2_FIELD_NUMBER: _ClassVar[int]
    HD_RATIO_FIELD_NUMBER: _ClassVar[int]
    NETWORKED_RATIO_FIELD_NUMBER: _ClassVar[int]
    SERVICEABLE_RATIO_FIELD_NUMBER: _ClassVar[int]
    GAP_TO_SHANGHAI_FIELD_NUMBER: _ClassVar[int]
    GAP_TO_SHENZHEN_FIELD_NUMBER: _ClassVar[int]
    KEY_PLACES_FIELD_NUMBER: _ClassVar[int]
    KEY_PLACES_COVERED_FIELD_NUMBER: _ClassVar[int]
    KEY_PLACE_COVERAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    area_km2: float
    cameras: int
    hd_cameras: int
    networked_cameras: int
    online_cameras: int
    cameras_per_km2: float
    hd_per_km2: float
    networked_per_km2: float
    online_per_km2: float
    hd_ratio: float
    networked_ratio: float
    serviceable_ratio: float
    gap_to_shanghai: int
    gap_to_shenzhen: int
    key_places: int
    key_places_covered: int
    key_place_coverage: float
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., area_km2: _Optional[float] = ..., cameras: _Optional[int] = ..., hd_cameras: _Optional[int] = ..., networked_cameras: _Optional[int] = ..., online_cameras: _Optional[int] = ..., cameras_per_km2: _Optional[float] = ..., hd_per_km2: _Optional[float] = ..., networked_per_km2: _Optional[float] = ..., online_per_km2: _Optional[float] = ..., hd_ratio: _Optional[float] = ..., networked_ratio: _Optional[float] = ..., serviceable_ratio: _Optional[float] = ..., gap_to_shanghai: _Optional[int] = ..., gap_to_shenzhen: _Optional[int] = ..., key_places: _Optional[int] = ..., key_places_covered: _Optional[int] = ..., key_place_coverage: _Optional[float] = ...) -> None: ...

class Coverage(_message.Message):
    __slots__ = ("date", "compute_time", "key_place_radius_m", "district", "subdistricts")
    DATE_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    KEY_PLACE_RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICTS_FIELD_NUMBER: _ClassVar[int]
    date: str
    compute_time: _timestamp_pb2.Timestamp
    key_place_radius_m: float
    district: CoverageFigures
    subdistricts: _containers.RepeatedCompositeFieldContainer[CoverageFigures]
    def __init__(self, date: _Optional[str] = ..., compute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., key_place_radius_m: _Optional[float] = ..., district: _Optional[_Union[CoverageFigures, _Mapping]] = ..., subdistricts: _Optional[_Iterable[_Union[CoverageFigures, _Mapping]]] = ...) -> None: ...

class GetCoverageRequest(_message.Message):
    __slots__ = ("date",)
    DATE_FIELD_NUMBER: _ClassVar[int]
    date: str
    def __init__(self, date: _Optional[str] = ...) -> None: ...

class AccessRequest(_message.Message):
    __slots__ = ("id", "kind", "camera_ids", "area_polygon", "purpose", "legal_basis", "start_time", "end_time", "playback_start_time", "playback_end_time", "state", "requester", "requester_department_id", "decided_by", "decide_time", "decision_note", "revoked_by", "revoke_time", "revoke_reason", "tokens_issued", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    AREA_POLYGON_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PLAYBACK_START_TIME_FIELD_NUMBER: _ClassVar[int]
    PLAYBACK_END_TIME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    REVOKED_BY_FIELD_NUMBER: _ClassVar[int]
    REVOKE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVOKE_REASON_FIELD_NUMBER: _ClassVar[int]
    TOKENS_ISSUED_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: AccessKind
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    area_polygon: str
    purpose: str
    legal_basis: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    playback_start_time: _timestamp_pb2.Timestamp
    playback_end_time: _timestamp_pb2.Timestamp
    state: AccessState
    requester: str
    requester_department_id: str
    decided_by: str
    decide_time: _timestamp_pb2.Timestamp
    decision_note: str
    revoked_by: str
    revoke_time: _timestamp_pb2.Timestamp
    revoke_reason: str
    tokens_issued: int
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[AccessKind, str]] = ..., camera_ids: _Optional[_Iterable[str]] = ..., area_polygon: _Optional[str] = ..., purpose: _Optional[str] = ..., legal_basis: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., playback_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., playback_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[_Union[AccessState, str]] = ..., requester: _Optional[str] = ..., requester_department_id: _Optional[str] = ..., decided_by: _Optional[str] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decision_note: _Optional[str] = ..., revoked_by: _Optional[str] = ..., revoke_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoke_reason: _Optional[str] = ..., tokens_issued: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateAccessRequestRequest(_message.Message):
    __slots__ = ("access_request", "request_id")
    ACCESS_REQUEST_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    access_request: AccessRequest
    request_id: str
    def __init__(self, access_request: _Optional[_Union[AccessRequest, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetAccessRequestRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListAccessRequestsRequest(_message.Message):
    __slots__ = ("state", "page_size", "page_token")
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    state: AccessState
    page_size: int
    page_token: str
    def __init__(self, state: _Optional[_Union[AccessState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAccessRequestsResponse(_message.Message):
    __slots__ = ("access_requests", "next_page_token")
    ACCESS_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_requests: _containers.RepeatedCompositeFieldContainer[AccessRequest]
    next_page_token: str
    def __init__(self, access_requests: _Optional[_Iterable[_Union[AccessRequest, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ApproveAccessRequestRequest(_message.Message):
    __slots__ = ("id", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class DenyAccessRequestRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RevokeAccessRequestRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class IssuePlayTokenRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class PlayToken(_message.Message):
    __slots__ = ("token", "jti", "access_request_id", "camera_ids", "expire_time")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    JTI_FIELD_NUMBER: _ClassVar[int]
    ACCESS_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    token: str
    jti: str
    access_request_id: str
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, token: _Optional[str] = ..., jti: _Optional[str] = ..., access_request_id: _Optional[str] = ..., camera_ids: _Optional[_Iterable[str]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CheckPlayRequest(_message.Message):
    __slots__ = ("media_server_id", "app", "stream", "schema", "vhost", "ip", "port", "id", "params", "token", "protocol", "hook_index")
    MEDIA_SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FIELD_NUMBER: _ClassVar[int]
    VHOST_FIELD_NUMBER: _ClassVar[int]
    IP_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    HOOK_INDEX_FIELD_NUMBER: _ClassVar[int]
    media_server_id: str
    app: str
    stream: str
    schema: str
    vhost: str
    ip: str
    port: int
    id: str
    params: str
    token: str
    protocol: str
    hook_index: int
    def __init__(self, media_server_id: _Optional[str] = ..., app: _Optional[str] = ..., stream: _Optional[str] = ..., schema: _Optional[str] = ..., vhost: _Optional[str] = ..., ip: _Optional[str] = ..., port: _Optional[int] = ..., id: _Optional[str] = ..., params: _Optional[str] = ..., token: _Optional[str] = ..., protocol: _Optional[str] = ..., hook_index: _Optional[int] = ...) -> None: ...

class CheckPlayResponse(_message.Message):
    __slots__ = ("code", "msg", "allowed")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    code: int
    msg: str
    allowed: bool
    def __init__(self, code: _Optional[int] = ..., msg: _Optional[str] = ..., allowed: _Optional[bool] = ...) -> None: ...

class AuditRecord(_message.Message):
    __slots__ = ("seq", "record_time", "actor", "actor_department_id", "action", "target", "reason", "origin", "details", "prev_hash", "hash")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SEQ_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTOR_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    seq: int
    record_time: _timestamp_pb2.Timestamp
    actor: str
    actor_department_id: str
    action: str
    target: str
    reason: str
    origin: str
    details: _containers.ScalarMap[str, str]
    prev_hash: str
    hash: str
    def __init__(self, seq: _Optional[int] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., actor_department_id: _Optional[str] = ..., action: _Optional[str] = ..., target: _Optional[str] = ..., reason: _Optional[str] = ..., origin: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ...) -> None: ...

class ListAuditRecordsRequest(_message.Message):
    __slots__ = ("target", "actor", "page_size", "page_token")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    target: str
    actor: str
    page_size: int
    page_token: str
    def __init__(self, target: _Optional[str] = ..., actor: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAuditRecordsResponse(_message.Message):
    __slots__ = ("audit_records", "next_page_token")
    AUDIT_RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    audit_records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
    next_page_token: str
    def __init__(self, audit_records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class VerifyAuditTrailRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyAuditTrailResponse(_message.Message):
    __slots__ = ("valid", "checked_count", "first_invalid_seq", "detail")
    VALID_FIELD_NUMBER: _ClassVar[int]
    CHECKED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FIRST_INVALID_SEQ_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    checked_count: int
    first_invalid_seq: int
    detail: str
    def __init__(self, valid: _Optional[bool] = ..., checked_count: _Optional[int] = ..., first_invalid_seq: _Optional[int] = ..., detail: _Optional[str] = ...) -> None: ...
