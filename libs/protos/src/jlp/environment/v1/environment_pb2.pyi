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

class Period(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERIOD_UNSPECIFIED: _ClassVar[Period]
    HOUR: _ClassVar[Period]
    DAY: _ClassVar[Period]

class StationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STATION_KIND_UNSPECIFIED: _ClassVar[StationKind]
    AIR: _ClassVar[StationKind]
    NOISE: _ClassVar[StationKind]
    SURFACE_WATER: _ClassVar[StationKind]
    RESERVOIR: _ClassVar[StationKind]
    RAIN: _ClassVar[StationKind]
    POLLUTION_SOURCE: _ClassVar[StationKind]
    FLOOD_POINT: _ClassVar[StationKind]

class AlertState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_STATE_UNSPECIFIED: _ClassVar[AlertState]
    OPEN: _ClassVar[AlertState]
    CLEARED: _ClassVar[AlertState]

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_UNSPECIFIED: _ClassVar[Severity]
    MINOR: _ClassVar[Severity]
    MAJOR: _ClassVar[Severity]
    CRITICAL: _ClassVar[Severity]

class RankingScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RANKING_SCOPE_UNSPECIFIED: _ClassVar[RankingScope]
    STATION: _ClassVar[RankingScope]
    SUBDISTRICT: _ClassVar[RankingScope]
PERIOD_UNSPECIFIED: Period
HOUR: Period
DAY: Period
STATION_KIND_UNSPECIFIED: StationKind
AIR: StationKind
NOISE: StationKind
SURFACE_WATER: StationKind
RESERVOIR: StationKind
RAIN: StationKind
POLLUTION_SOURCE: StationKind
FLOOD_POINT: StationKind
ALERT_STATE_UNSPECIFIED: AlertState
OPEN: AlertState
CLEARED: AlertState
SEVERITY_UNSPECIFIED: Severity
MINOR: Severity
MAJOR: Severity
CRITICAL: Severity
RANKING_SCOPE_UNSPECIFIED: RankingScope
STATION: RankingScope
SUBDISTRICT: RankingScope

class LatLng(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class Concentrations(_message.Message):
    __slots__ = ("so2", "no2", "pm10", "co", "o3", "o3_8h", "pm25", "so2_24h")
    SO2_FIELD_NUMBER: _ClassVar[int]
    NO2_FIELD_NUMBER: _ClassVar[int]
    PM10_FIELD_NUMBER: _ClassVar[int]
    CO_FIELD_NUMBER: _ClassVar[int]
    O3_FIELD_NUMBER: _ClassVar[int]
    O3_8H_FIELD_NUMBER: _ClassVar[int]
    PM25_FIELD_NUMBER: _ClassVar[int]
    SO2_24H_FIELD_NUMBER: _ClassVar[int]
    so2: float
    no2: float
    pm10: float
    co: float
    o3: float
    o3_8h: float
    pm25: float
    so2_24h: float
    def __init__(self, so2: _Optional[float] = ..., no2: _Optional[float] = ..., pm10: _Optional[float] = ..., co: _Optional[float] = ..., o3: _Optional[float] = ..., o3_8h: _Optional[float] = ..., pm25: _Optional[float] = ..., so2_24h: _Optional[float] = ...) -> None: ...

class CalculateAqiRequest(_message.Message):
    __slots__ = ("period", "concentrations", "edition", "monitored_pollutants")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    CONCENTRATIONS_FIELD_NUMBER: _ClassVar[int]
    EDITION_FIELD_NUMBER: _ClassVar[int]
    MONITORED_POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    period: Period
    concentrations: Concentrations
    edition: int
    monitored_pollutants: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, period: _Optional[_Union[Period, str]] = ..., concentrations: _Optional[_Union[Concentrations, _Mapping]] = ..., edition: _Optional[int] = ..., monitored_pollutants: _Optional[_Iterable[str]] = ...) -> None: ...

class AqiResult(_message.Message):
    __slots__ = ("aqi", "level", "category", "category_en", "level_name", "color", "color_name", "primary_pollutants", "iaqi", "edition", "period", "exceeding_pollutants", "missing_pollutants", "notes", "health_advice", "health_advice_en")
    class IaqiEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    AQI_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_EN_FIELD_NUMBER: _ClassVar[int]
    LEVEL_NAME_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    COLOR_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    IAQI_FIELD_NUMBER: _ClassVar[int]
    EDITION_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    EXCEEDING_POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    HEALTH_ADVICE_FIELD_NUMBER: _ClassVar[int]
    HEALTH_ADVICE_EN_FIELD_NUMBER: _ClassVar[int]
    aqi: int
    level: int
    category: str
    category_en: str
    level_name: str
    color: str
    color_name: str
    primary_pollutants: _containers.RepeatedScalarFieldContainer[str]
    iaqi: _containers.ScalarMap[str, int]
    edition: int
    period: Period
    exceeding_pollutants: _containers.RepeatedScalarFieldContainer[str]
    missing_pollutants: _containers.RepeatedScalarFieldContainer[str]
    notes: _containers.RepeatedScalarFieldContainer[str]
    health_advice: str
    health_advice_en: str
    def __init__(self, aqi: _Optional[int] = ..., level: _Optional[int] = ..., category: _Optional[str] = ..., category_en: _Optional[str] = ..., level_name: _Optional[str] = ..., color: _Optional[str] = ..., color_name: _Optional[str] = ..., primary_pollutants: _Optional[_Iterable[str]] = ..., iaqi: _Optional[_Mapping[str, int]] = ..., edition: _Optional[int] = ..., period: _Optional[_Union[Period, str]] = ..., exceeding_pollutants: _Optional[_Iterable[str]] = ..., missing_pollutants: _Optional[_Iterable[str]] = ..., notes: _Optional[_Iterable[str]] = ..., health_advice: _Optional[str] = ..., health_advice_en: _Optional[str] = ...) -> None: ...

class Station(_message.Message):
    __slots__ = ("id", "code", "name", "kind", "location", "subdistrict_code", "subdistrict_name", "community_code", "grid_code", "grid_status", "noise_zone", "water_body", "target_class", "flood_limit_level_m", "enterprise_name", "credit_code", "permit_limits", "online", "sampling_interval_seconds", "create_time", "update_time")
    class PermitLimitsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_NAME_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_STATUS_FIELD_NUMBER: _ClassVar[int]
    NOISE_ZONE_FIELD_NUMBER: _ClassVar[int]
    WATER_BODY_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLASS_FIELD_NUMBER: _ClassVar[int]
    FLOOD_LIMIT_LEVEL_M_FIELD_NUMBER: _ClassVar[int]
    ENTERPRISE_NAME_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    PERMIT_LIMITS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    SAMPLING_INTERVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    kind: StationKind
    location: LatLng
    subdistrict_code: str
    subdistrict_name: str
    community_code: str
    grid_code: str
    grid_status: str
    noise_zone: str
    water_body: str
    target_class: int
    flood_limit_level_m: float
    enterprise_name: str
    credit_code: str
    permit_limits: _containers.ScalarMap[str, float]
    online: bool
    sampling_interval_seconds: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[StationKind, str]] = ..., location: _Optional[_Union[LatLng, _Mapping]] = ..., subdistrict_code: _Optional[str] = ..., subdistrict_name: _Optional[str] = ..., community_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., grid_status: _Optional[str] = ..., noise_zone: _Optional[str] = ..., water_body: _Optional[str] = ..., target_class: _Optional[int] = ..., flood_limit_level_m: _Optional[float] = ..., enterprise_name: _Optional[str] = ..., credit_code: _Optional[str] = ..., permit_limits: _Optional[_Mapping[str, float]] = ..., online: _Optional[bool] = ..., sampling_interval_seconds: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateStationRequest(_message.Message):
    __slots__ = ("station",)
    STATION_FIELD_NUMBER: _ClassVar[int]
    station: Station
    def __init__(self, station: _Optional[_Union[Station, _Mapping]] = ...) -> None: ...

class GetStationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListStationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "kind", "subdistrict_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    kind: StationKind
    subdistrict_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kind: _Optional[_Union[StationKind, str]] = ..., subdistrict_code: _Optional[str] = ...) -> None: ...

class ListStationsResponse(_message.Message):
    __slots__ = ("stations", "next_page_token", "total_size")
    STATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    stations: _containers.RepeatedCompositeFieldContainer[Station]
    next_page_token: str
    total_size: int
    def __init__(self, stations: _Optional[_Iterable[_Union[Station, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class UpdateStationRequest(_message.Message):
    __slots__ = ("station", "update_mask")
    STATION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    station: Station
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, station: _Optional[_Union[Station, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class Reading(_message.Message):
    __slots__ = ("station_id", "metric", "value", "observed_at", "period", "unit")
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    station_id: str
    metric: str
    value: float
    observed_at: _timestamp_pb2.Timestamp
    period: Period
    unit: str
    def __init__(self, station_id: _Optional[str] = ..., metric: _Optional[str] = ..., value: _Optional[float] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period: _Optional[_Union[Period, str]] = ..., unit: _Optional[str] = ...) -> None: ...

class CreateReadingRequest(_message.Message):
    __slots__ = ("reading",)
    READING_FIELD_NUMBER: _ClassVar[int]
    reading: Reading
    def __init__(self, reading: _Optional[_Union[Reading, _Mapping]] = ...) -> None: ...

class BatchCreateReadingsRequest(_message.Message):
    __slots__ = ("readings",)
    READINGS_FIELD_NUMBER: _ClassVar[int]
    readings: _containers.RepeatedCompositeFieldContainer[Reading]
    def __init__(self, readings: _Optional[_Iterable[_Union[Reading, _Mapping]]] = ...) -> None: ...

class RejectedReading(_message.Message):
    __slots__ = ("index", "field", "reason")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    index: int
    field: str
    reason: str
    def __init__(self, index: _Optional[int] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class BatchCreateReadingsResponse(_message.Message):
    __slots__ = ("accepted_count", "duplicate_count", "rejected", "rejected_count")
    ACCEPTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    accepted_count: int
    duplicate_count: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedReading]
    rejected_count: int
    def __init__(self, accepted_count: _Optional[int] = ..., duplicate_count: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedReading, _Mapping]]] = ..., rejected_count: _Optional[int] = ...) -> None: ...

class StreamReadingsRequest(_message.Message):
    __slots__ = ("readings",)
    READINGS_FIELD_NUMBER: _ClassVar[int]
    readings: _containers.RepeatedCompositeFieldContainer[Reading]
    def __init__(self, readings: _Optional[_Iterable[_Union[Reading, _Mapping]]] = ...) -> None: ...

class StreamReadingsResponse(_message.Message):
    __slots__ = ("accepted_count", "duplicate_count", "rejected", "rejected_count")
    ACCEPTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUNT_FIELD_NUMBER: _ClassVar[int]
    accepted_count: int
    duplicate_count: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedReading]
    rejected_count: int
    def __init__(self, accepted_count: _Optional[int] = ..., duplicate_count: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedReading, _Mapping]]] = ..., rejected_count: _Optional[int] = ...) -> None: ...

class LatestValue(_message.Message):
    __slots__ = ("value", "unit", "observed_at")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    value: float
    unit: str
    observed_at: _timestamp_pb2.Timestamp
    def __init__(self, value: _Optional[float] = ..., unit: _Optional[str] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StationLatest(_message.Message):
    __slots__ = ("station_id", "code", "name", "kind", "subdistrict_code", "last_seen_time", "values", "hourly_aqi", "aqi_hour")
    class ValuesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: LatestValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[LatestValue, _Mapping]] = ...) -> None: ...
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_TIME_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    HOURLY_AQI_FIELD_NUMBER: _ClassVar[int]
    AQI_HOUR_FIELD_NUMBER: _ClassVar[int]
    station_id: str
    code: str
    name: str
    kind: StationKind
    subdistrict_code: str
    last_seen_time: _timestamp_pb2.Timestamp
    values: _containers.MessageMap[str, LatestValue]
    hourly_aqi: AqiResult
    aqi_hour: _timestamp_pb2.Timestamp
    def __init__(self, station_id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[StationKind, str]] = ..., subdistrict_code: _Optional[str] = ..., last_seen_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., values: _Optional[_Mapping[str, LatestValue]] = ..., hourly_aqi: _Optional[_Union[AqiResult, _Mapping]] = ..., aqi_hour: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListLatestRequest(_message.Message):
    __slots__ = ("kind",)
    KIND_FIELD_NUMBER: _ClassVar[int]
    kind: StationKind
    def __init__(self, kind: _Optional[_Union[StationKind, str]] = ...) -> None: ...

class ListLatestResponse(_message.Message):
    __slots__ = ("stations",)
    STATIONS_FIELD_NUMBER: _ClassVar[int]
    stations: _containers.RepeatedCompositeFieldContainer[StationLatest]
    def __init__(self, stations: _Optional[_Iterable[_Union[StationLatest, _Mapping]]] = ...) -> None: ...

class QueryTimeSeriesRequest(_message.Message):
    __slots__ = ("station_id", "metric", "interval", "start_time", "end_time")
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    station_id: str
    metric: str
    interval: Period
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, station_id: _Optional[str] = ..., metric: _Optional[str] = ..., interval: _Optional[_Union[Period, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SeriesPoint(_message.Message):
    __slots__ = ("time", "value", "valid", "invalid_reason", "count", "source", "aqi", "primary_pollutants")
    TIME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VALID_FIELD_NUMBER: _ClassVar[int]
    INVALID_REASON_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    AQI_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    value: float
    valid: bool
    invalid_reason: str
    count: int
    source: str
    aqi: int
    primary_pollutants: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., value: _Optional[float] = ..., valid: _Optional[bool] = ..., invalid_reason: _Optional[str] = ..., count: _Optional[int] = ..., source: _Optional[str] = ..., aqi: _Optional[int] = ..., primary_pollutants: _Optional[_Iterable[str]] = ...) -> None: ...

class QueryTimeSeriesResponse(_message.Message):
    __slots__ = ("station_id", "metric", "unit", "interval", "points")
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    station_id: str
    metric: str
    unit: str
    interval: Period
    points: _containers.RepeatedCompositeFieldContainer[SeriesPoint]
    def __init__(self, station_id: _Optional[str] = ..., metric: _Optional[str] = ..., unit: _Optional[str] = ..., interval: _Optional[_Union[Period, str]] = ..., points: _Optional[_Iterable[_Union[SeriesPoint, _Mapping]]] = ...) -> None: ...

class AssessStationRequest(_message.Message):
    __slots__ = ("station_id", "date")
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    station_id: str
    date: str
    def __init__(self, station_id: _Optional[str] = ..., date: _Optional[str] = ...) -> None: ...

class NoiseAssessment(_message.Message):
    __slots__ = ("zone", "day_leq", "night_leq", "day_limit", "night_limit", "day_exceeded", "night_exceeded", "day_hours", "night_hours", "night_lmax", "night_lmax_exceeded", "day_grade", "night_grade")
    ZONE_FIELD_NUMBER: _ClassVar[int]
    DAY_LEQ_FIELD_NUMBER: _ClassVar[int]
    NIGHT_LEQ_FIELD_NUMBER: _ClassVar[int]
    DAY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    NIGHT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    DAY_EXCEEDED_FIELD_NUMBER: _ClassVar[int]
    NIGHT_EXCEEDED_FIELD_NUMBER: _ClassVar[int]
    DAY_HOURS_FIELD_NUMBER: _ClassVar[int]
    NIGHT_HOURS_FIELD_NUMBER: _ClassVar[int]
    NIGHT_LMAX_FIELD_NUMBER: _ClassVar[int]
    NIGHT_LMAX_EXCEEDED_FIELD_NUMBER: _ClassVar[int]
    DAY_GRADE_FIELD_NUMBER: _ClassVar[int]
    NIGHT_GRADE_FIELD_NUMBER: _ClassVar[int]
    zone: str
    day_leq: float
    night_leq: float
    day_limit: float
    night_limit: float
    day_exceeded: bool
    night_exceeded: bool
    day_hours: int
    night_hours: int
    night_lmax: float
    night_lmax_exceeded: bool
    day_grade: str
    night_grade: str
    def __init__(self, zone: _Optional[str] = ..., day_leq: _Optional[float] = ..., night_leq: _Optional[float] = ..., day_limit: _Optional[float] = ..., night_limit: _Optional[float] = ..., day_exceeded: _Optional[bool] = ..., night_exceeded: _Optional[bool] = ..., day_hours: _Optional[int] = ..., night_hours: _Optional[int] = ..., night_lmax: _Optional[float] = ..., night_lmax_exceeded: _Optional[bool] = ..., day_grade: _Optional[str] = ..., night_grade: _Optional[str] = ...) -> None: ...

class WaterParameter(_message.Message):
    __slots__ = ("metric", "value", "water_class")
    METRIC_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    WATER_CLASS_FIELD_NUMBER: _ClassVar[int]
    metric: str
    value: float
    water_class: str
    def __init__(self, metric: _Optional[str] = ..., value: _Optional[float] = ..., water_class: _Optional[str] = ...) -> None: ...

class WaterAssessment(_message.Message):
    __slots__ = ("water_class", "grade", "parameters", "above_target", "main_pollutants", "target_class", "total_nitrogen_class")
    WATER_CLASS_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    ABOVE_TARGET_FIELD_NUMBER: _ClassVar[int]
    MAIN_POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLASS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_NITROGEN_CLASS_FIELD_NUMBER: _ClassVar[int]
    water_class: str
    grade: str
    parameters: _containers.RepeatedCompositeFieldContainer[WaterParameter]
    above_target: _containers.RepeatedScalarFieldContainer[str]
    main_pollutants: _containers.RepeatedScalarFieldContainer[str]
    target_class: str
    total_nitrogen_class: str
    def __init__(self, water_class: _Optional[str] = ..., grade: _Optional[str] = ..., parameters: _Optional[_Iterable[_Union[WaterParameter, _Mapping]]] = ..., above_target: _Optional[_Iterable[str]] = ..., main_pollutants: _Optional[_Iterable[str]] = ..., target_class: _Optional[str] = ..., total_nitrogen_class: _Optional[str] = ...) -> None: ...

class ReservoirAssessment(_message.Message):
    __slots__ = ("max_level_m", "flood_limit_level_m", "above_flood_limit", "excess_m")
    MAX_LEVEL_M_FIELD_NUMBER: _ClassVar[int]
    FLOOD_LIMIT_LEVEL_M_FIELD_NUMBER: _ClassVar[int]
    ABOVE_FLOOD_LIMIT_FIELD_NUMBER: _ClassVar[int]
    EXCESS_M_FIELD_NUMBER: _ClassVar[int]
    max_level_m: float
    flood_limit_level_m: float
    above_flood_limit: bool
    excess_m: float
    def __init__(self, max_level_m: _Optional[float] = ..., flood_limit_level_m: _Optional[float] = ..., above_flood_limit: _Optional[bool] = ..., excess_m: _Optional[float] = ...) -> None: ...

class EmissionCheck(_message.Message):
    __slots__ = ("metric", "limit", "daily_mean", "max_hourly", "hours_above", "exceeded")
    METRIC_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    DAILY_MEAN_FIELD_NUMBER: _ClassVar[int]
    MAX_HOURLY_FIELD_NUMBER: _ClassVar[int]
    HOURS_ABOVE_FIELD_NUMBER: _ClassVar[int]
    EXCEEDED_FIELD_NUMBER: _ClassVar[int]
    metric: str
    limit: float
    daily_mean: float
    max_hourly: float
    hours_above: int
    exceeded: bool
    def __init__(self, metric: _Optional[str] = ..., limit: _Optional[float] = ..., daily_mean: _Optional[float] = ..., max_hourly: _Optional[float] = ..., hours_above: _Optional[int] = ..., exceeded: _Optional[bool] = ...) -> None: ...

class PermitAssessment(_message.Message):
    __slots__ = ("pollutants", "exceeded")
    POLLUTANTS_FIELD_NUMBER: _ClassVar[int]
    EXCEEDED_FIELD_NUMBER: _ClassVar[int]
    pollutants: _containers.RepeatedCompositeFieldContainer[EmissionCheck]
    exceeded: bool
    def __init__(self, pollutants: _Optional[_Iterable[_Union[EmissionCheck, _Mapping]]] = ..., exceeded: _Optional[bool] = ...) -> None: ...

class RainAssessment(_message.Message):
    __slots__ = ("total_mm", "max_hourly_mm")
    TOTAL_MM_FIELD_NUMBER: _ClassVar[int]
    MAX_HOURLY_MM_FIELD_NUMBER: _ClassVar[int]
    total_mm: float
    max_hourly_mm: float
    def __init__(self, total_mm: _Optional[float] = ..., max_hourly_mm: _Optional[float] = ...) -> None: ...

class FloodPointAssessment(_message.Message):
    __slots__ = ("max_depth_m", "limit_m", "above_limit")
    MAX_DEPTH_M_FIELD_NUMBER: _ClassVar[int]
    LIMIT_M_FIELD_NUMBER: _ClassVar[int]
    ABOVE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    max_depth_m: float
    limit_m: float
    above_limit: bool
    def __init__(self, max_depth_m: _Optional[float] = ..., limit_m: _Optional[float] = ..., above_limit: _Optional[bool] = ...) -> None: ...

class StationAssessment(_message.Message):
    __slots__ = ("station_id", "kind", "date", "air", "noise", "water", "reservoir", "pollution_source", "rain", "flood_point", "notes")
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    AIR_FIELD_NUMBER: _ClassVar[int]
    NOISE_FIELD_NUMBER: _ClassVar[int]
    WATER_FIELD_NUMBER: _ClassVar[int]
    RESERVOIR_FIELD_NUMBER: _ClassVar[int]
    POLLUTION_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RAIN_FIELD_NUMBER: _ClassVar[int]
    FLOOD_POINT_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    station_id: str
    kind: StationKind
    date: str
    air: AqiResult
    noise: NoiseAssessment
    water: WaterAssessment
    reservoir: ReservoirAssessment
    pollution_source: PermitAssessment
    rain: RainAssessment
    flood_point: FloodPointAssessment
    notes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, station_id: _Optional[str] = ..., kind: _Optional[_Union[StationKind, str]] = ..., date: _Optional[str] = ..., air: _Optional[_Union[AqiResult, _Mapping]] = ..., noise: _Optional[_Union[NoiseAssessment, _Mapping]] = ..., water: _Optional[_Union[WaterAssessment, _Mapping]] = ..., reservoir: _Optional[_Union[ReservoirAssessment, _Mapping]] = ..., pollution_source: _Optional[_Union[PermitAssessment, _Mapping]] = ..., rain: _Optional[_Union[RainAssessment, _Mapping]] = ..., flood_point: _Optional[_Union[FloodPointAssessment, _Mapping]] = ..., notes: _Optional[_Iterable[str]] = ...) -> None: ...

class RankAqiRequest(_message.Message):
    __slots__ = ("scope", "date")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    scope: RankingScope
    date: str
    def __init__(self, scope: _Optional[_Union[RankingScope, str]] = ..., date: _Optional[str] = ...) -> None: ...

class RankingEntry(_message.Message):
    __slots__ = ("rank", "key", "name", "aqi", "complete", "station_count")
    RANK_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    AQI_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    STATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    rank: int
    key: str
    name: str
    aqi: AqiResult
    complete: bool
    station_count: int
    def __init__(self, rank: _Optional[int] = ..., key: _Optional[str] = ..., name: _Optional[str] = ..., aqi: _Optional[_Union[AqiResult, _Mapping]] = ..., complete: _Optional[bool] = ..., station_count: _Optional[int] = ...) -> None: ...

class RankAqiResponse(_message.Message):
    __slots__ = ("date", "scope", "entries")
    DATE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    date: str
    scope: RankingScope
    entries: _containers.RepeatedCompositeFieldContainer[RankingEntry]
    def __init__(self, date: _Optional[str] = ..., scope: _Optional[_Union[RankingScope, str]] = ..., entries: _Optional[_Iterable[_Union[RankingEntry, _Mapping]]] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("id", "station_id", "station_code", "station_name", "station_kind", "rule_id", "indicator", "severity", "state", "raised_at", "cleared_at", "value", "threshold", "peak_value", "case_id", "description", "subdistrict_code", "grid_code", "history", "late", "detected_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATION_CODE_FIELD_NUMBER: _ClassVar[int]
    STATION_NAME_FIELD_NUMBER: _ClassVar[int]
    STATION_KIND_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    INDICATOR_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    CLEARED_AT_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    PEAK_VALUE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    LATE_FIELD_NUMBER: _ClassVar[int]
    DETECTED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    station_id: str
    station_code: str
    station_name: str
    station_kind: StationKind
    rule_id: str
    indicator: str
    severity: Severity
    state: AlertState
    raised_at: _timestamp_pb2.Timestamp
    cleared_at: _timestamp_pb2.Timestamp
    value: float
    threshold: float
    peak_value: float
    case_id: str
    description: str
    subdistrict_code: str
    grid_code: str
    history: _containers.RepeatedCompositeFieldContainer[AlertHistoryEntry]
    late: bool
    detected_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., station_id: _Optional[str] = ..., station_code: _Optional[str] = ..., station_name: _Optional[str] = ..., station_kind: _Optional[_Union[StationKind, str]] = ..., rule_id: _Optional[str] = ..., indicator: _Optional[str] = ..., severity: _Optional[_Union[Severity, str]] = ..., state: _Optional[_Union[AlertState, str]] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cleared_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., value: _Optional[float] = ..., threshold: _Optional[float] = ..., peak_value: _Optional[float] = ..., case_id: _Optional[str] = ..., description: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., grid_code: _Optional[str] = ..., history: _Optional[_Iterable[_Union[AlertHistoryEntry, _Mapping]]] = ..., late: _Optional[bool] = ..., detected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AlertHistoryEntry(_message.Message):
    __slots__ = ("time", "type", "value", "note")
    TIME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    type: str
    value: float
    note: str
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., type: _Optional[str] = ..., value: _Optional[float] = ..., note: _Optional[str] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("state", "station_id", "page_size", "page_token")
    STATE_FIELD_NUMBER: _ClassVar[int]
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    state: AlertState
    station_id: str
    page_size: int
    page_token: str
    def __init__(self, state: _Optional[_Union[AlertState, str]] = ..., station_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts", "next_page_token")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    next_page_token: str
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAlertRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class AlertRule(_message.Message):
    __slots__ = ("id", "station_kind", "station_id", "indicator", "raise_above", "clear_at_or_below", "raise_after", "clear_after", "max_gap_hours", "severity", "enabled", "description", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATION_KIND_FIELD_NUMBER: _ClassVar[int]
    STATION_ID_FIELD_NUMBER: _ClassVar[int]
    INDICATOR_FIELD_NUMBER: _ClassVar[int]
    RAISE_ABOVE_FIELD_NUMBER: _ClassVar[int]
    CLEAR_AT_OR_BELOW_FIELD_NUMBER: _ClassVar[int]
    RAISE_AFTER_FIELD_NUMBER: _ClassVar[int]
    CLEAR_AFTER_FIELD_NUMBER: _ClassVar[int]
    MAX_GAP_HOURS_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    station_kind: StationKind
    station_id: str
    indicator: str
    raise_above: float
    clear_at_or_below: float
    raise_after: int
    clear_after: int
    max_gap_hours: int
    severity: Severity
    enabled: bool
    description: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., station_kind: _Optional[_Union[StationKind, str]] = ..., station_id: _Optional[str] = ..., indicator: _Optional[str] = ..., raise_above: _Optional[float] = ..., clear_at_or_below: _Optional[float] = ..., raise_after: _Optional[int] = ..., clear_after: _Optional[int] = ..., max_gap_hours: _Optional[int] = ..., severity: _Optional[_Union[Severity, str]] = ..., enabled: _Optional[bool] = ..., description: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAlertRulesRequest(_message.Message):
    __slots__ = ("station_kind",)
    STATION_KIND_FIELD_NUMBER: _ClassVar[int]
    station_kind: StationKind
    def __init__(self, station_kind: _Optional[_Union[StationKind, str]] = ...) -> None: ...

class ListAlertRulesResponse(_message.Message):
    __slots__ = ("alert_rules",)
    ALERT_RULES_FIELD_NUMBER: _ClassVar[int]
    alert_rules: _containers.RepeatedCompositeFieldContainer[AlertRule]
    def __init__(self, alert_rules: _Optional[_Iterable[_Union[AlertRule, _Mapping]]] = ...) -> None: ...

class CreateAlertRuleRequest(_message.Message):
    __slots__ = ("alert_rule",)
    ALERT_RULE_FIELD_NUMBER: _ClassVar[int]
    alert_rule: AlertRule
    def __init__(self, alert_rule: _Optional[_Union[AlertRule, _Mapping]] = ...) -> None: ...

class UpdateAlertRuleRequest(_message.Message):
    __slots__ = ("alert_rule", "update_mask")
    ALERT_RULE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    alert_rule: AlertRule
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, alert_rule: _Optional[_Union[AlertRule, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...
