import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AlertRaised(_message.Message):
    __slots__ = ("alert_id", "station_id", "station_code", "station_name", "station_kind", "metric", "severity", "value", "threshold", "lon", "lat", "subdistrict_code", "grid_code", "raise_time", "description", "late", "detect_time")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATION_CODE_FIELD_NUMBER: _ClassVar[int]
    STATION_NAME_FIELD_NUMBER: _ClassVar[int]
    STATION_KIND_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    RAISE_TIME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LATE_FIELD_NUMBER: _ClassVar[int]
    DETECT_TIME_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    station_id: str
    station_code: str
    station_name: str
    station_kind: str
    metric: str
    severity: str
    value: float
    threshold: float
    lon: float
    lat: float
    subdistrict_code: str
    grid_code: str
    raise_time: _timestamp_pb2.Timestamp
    description: str
    late: bool
    detect_time: _timestamp_pb2.Timestamp
    def __init__(self, alert_id: _Optional[str] = ..., station_id: _Optional[str] = ..., station_code: _Optional[str] = ..., station_name: _Optional[str] = ..., station_kind: _Optional[str] = ..., metric: _Optional[str] = ..., severity: _Optional[str] = ..., value: _Optional[float] = ..., threshold: _Optional[float] = ..., lon: _Optional[float] = ..., lat: _Optional[float] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., raise_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ..., late: _Optional[bool] = ..., detect_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AlertCleared(_message.Message):
    __slots__ = ("alert_id", "station_id", "clear_time")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    CLEAR_TIME_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    station_id: str
    clear_time: _timestamp_pb2.Timestamp
    def __init__(self, alert_id: _Optional[str] = ..., station_id: _Optional[str] = ..., clear_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
