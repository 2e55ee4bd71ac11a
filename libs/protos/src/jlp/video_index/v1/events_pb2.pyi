import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CameraRegistered(_message.Message):
    __slots__ = ("camera_id", "owner_department_id", "subdistrict_code", "grid_code", "lon", "lat", "hd", "networked", "register_time")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    HD_FIELD_NUMBER: _ClassVar[int]
    NETWORKED_FIELD_NUMBER: _ClassVar[int]
    REGISTER_TIME_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    owner_department_id: str
    subdistrict_code: str
    grid_code: str
    lon: float
    lat: float
    hd: bool
    networked: bool
    register_time: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., owner_department_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., hd: _Optional[bool] = ..., networked: _Optional[bool] = ..., register_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CameraOffline(_message.Message):
    __slots__ = ("outage_id", "camera_id", "camera_name", "status", "reason", "offline_since", "detect_time", "owner_department_id", "subdistrict_code", "grid_code", "lon", "lat", "address", "description")
    OUTAGE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_SINCE_FIELD_NUMBER: _ClassVar[int]
    DETECT_TIME_FIELD_NUMBER: _ClassVar[int]
    OWNER_DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    outage_id: str
    camera_id: str
    camera_name: str
    status: str
    reason: str
    offline_since: _timestamp_pb2.Timestamp
    detect_time: _timestamp_pb2.Timestamp
    owner_department_id: str
    subdistrict_code: str
    grid_code: str
    lon: float
    lat: float
    address: str
    description: str
    def __init__(self, outage_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., camera_name: _Optional[str] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ..., offline_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detect_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner_department_id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., address: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class CameraOnline(_message.Message):
    __slots__ = ("outage_id", "camera_id", "online_time", "offline_seconds")
    OUTAGE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    ONLINE_TIME_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    outage_id: str
    camera_id: str
    online_time: _timestamp_pb2.Timestamp
    offline_seconds: float
    def __init__(self, outage_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., online_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offline_seconds: _Optional[float] = ...) -> None: ...

class DetectionAlerted(_message.Message):
    __slots__ = ("alert_id", "detection_id", "rule_id", "camera_id", "camera_name", "label", "score", "min_score", "severity", "start_time", "subdistrict_code", "grid_code", "lon", "lat", "snapshot_uri", "description", "alert_time", "matched_rule_ids")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    DETECTION_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MIN_SCORE_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_URI_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ALERT_TIME_FIELD_NUMBER: _ClassVar[int]
    MATCHED_RULE_IDS_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    detection_id: str
    rule_id: str
    camera_id: str
    camera_name: str
    label: str
    score: float
    min_score: float
    severity: str
    start_time: _timestamp_pb2.Timestamp
    subdistrict_code: str
    grid_code: str
    lon: float
    lat: float
    snapshot_uri: str
    description: str
    alert_time: _timestamp_pb2.Timestamp
    matched_rule_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, alert_id: _Optional[str] = ..., detection_id: _Optional[str] = ..., rule_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., camera_name: _Optional[str] = ..., label: _Optional[str] = ..., score: _Optional[float] = ..., min_score: _Optional[float] = ..., severity: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., snapshot_uri: _Optional[str] = ..., description: _Optional[str] = ..., alert_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., matched_rule_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CoverageComputed(_message.Message):
    __slots__ = ("date", "compute_time", "cameras", "online_cameras", "cameras_per_km2", "gap_to_shanghai", "gap_to_shenzhen")
    DATE_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_PER_KM2_FIELD_NUMBER: _ClassVar[int]
    GAP_TO_SHANGHAI_FIELD_NUMBER: _ClassVar[int]
    GAP_TO_SHENZHEN_FIELD_NUMBER: _ClassVar[int]
    date: str
    compute_time: _timestamp_pb2.Timestamp
    cameras: int
    online_cameras: int
    cameras_per_km2: float
    gap_to_shanghai: int
    gap_to_shenzhen: int
    def __init__(self, date: _Optional[str] = ..., compute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cameras: _Optional[int] = ..., online_cameras: _Optional[int] = ..., cameras_per_km2: _Optional[float] = ..., gap_to_shanghai: _Optional[int] = ..., gap_to_shenzhen: _Optional[int] = ...) -> None: ...

class AccessDecided(_message.Message):
    __slots__ = ("access_request_id", "decision", "requester", "decided_by", "camera_ids", "decide_time", "window_end_time")
    ACCESS_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    WINDOW_END_TIME_FIELD_NUMBER: _ClassVar[int]
    access_request_id: str
    decision: str
    requester: str
    decided_by: str
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    decide_time: _timestamp_pb2.Timestamp
    window_end_time: _timestamp_pb2.Timestamp
    def __init__(self, access_request_id: _Optional[str] = ..., decision: _Optional[str] = ..., requester: _Optional[str] = ..., decided_by: _Optional[str] = ..., camera_ids: _Optional[_Iterable[str]] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., window_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccessRevoked(_message.Message):
    __slots__ = ("access_request_id", "revoked_by", "reason", "revoke_time")
    ACCESS_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVOKE_TIME_FIELD_NUMBER: _ClassVar[int]
    access_request_id: str
    revoked_by: str
    reason: str
    revoke_time: _timestamp_pb2.Timestamp
    def __init__(self, access_request_id: _Optional[str] = ..., revoked_by: _Optional[str] = ..., reason: _Optional[str] = ..., revoke_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
