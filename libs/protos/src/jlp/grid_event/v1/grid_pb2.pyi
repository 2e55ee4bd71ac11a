import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GridLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GRID_LEVEL_UNSPECIFIED: _ClassVar[GridLevel]
    DISTRICT: _ClassVar[GridLevel]
    SUBDISTRICT: _ClassVar[GridLevel]
    COMMUNITY: _ClassVar[GridLevel]
    UNIT: _ClassVar[GridLevel]
GRID_LEVEL_UNSPECIFIED: GridLevel
DISTRICT: GridLevel
SUBDISTRICT: GridLevel
COMMUNITY: GridLevel
UNIT: GridLevel

class Grid(_message.Message):
    __slots__ = ("code", "name", "level", "parent_code", "managed_by", "worker_id", "geometry", "area_m2", "center_lon", "center_lat", "create_time")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PARENT_CODE_FIELD_NUMBER: _ClassVar[int]
    MANAGED_BY_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    CENTER_LON_FIELD_NUMBER: _ClassVar[int]
    CENTER_LAT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    level: GridLevel
    parent_code: str
    managed_by: str
    worker_id: str
    geometry: str
    area_m2: float
    center_lon: float
    center_lat: float
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., level: _Optional[_Union[GridLevel, str]] = ..., parent_code: _Optional[str] = ..., managed_by: _Optional[str] = ..., worker_id: _Optional[str] = ..., geometry: _Optional[str] = ..., area_m2: _Optional[float] = ..., center_lon: _Optional[float] = ..., center_lat: _Optional[float] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LocateGridRequest(_message.Message):
    __slots__ = ("lon", "lat")
    LON_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    lon: float
    lat: float
    def __init__(self, lon: _Optional[float] = ..., lat: _Optional[float] = ...) -> None: ...

class LocateGridResponse(_message.Message):
    __slots__ = ("grid_code", "community_code", "community_name", "subdistrict_code", "subdistrict_name", "grid_name", "worker_id")
    GRID_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_NAME_FIELD_NUMBER: _ClassVar[int]
    GRID_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    grid_code: str
    community_code: str
    community_name: str
    subdistrict_code: str
    subdistrict_name: str
    grid_name: str
    worker_id: str
    def __init__(self, grid_code: _Optional[str] = ..., community_code: _Optional[str] = ..., community_name: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., subdistrict_name: _Optional[str] = ..., grid_name: _Optional[str] = ..., worker_id: _Optional[str] = ...) -> None: ...

class GetGridRequest(_message.Message):
    __slots__ = ("code", "include_geometry")
    CODE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    code: str
    include_geometry: bool
    def __init__(self, code: _Optional[str] = ..., include_geometry: _Optional[bool] = ...) -> None: ...

class ListGridsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "level", "parent_code", "include_geometry")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PARENT_CODE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    level: GridLevel
    parent_code: str
    include_geometry: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., level: _Optional[_Union[GridLevel, str]] = ..., parent_code: _Optional[str] = ..., include_geometry: _Optional[bool] = ...) -> None: ...

class ListGridsResponse(_message.Message):
    __slots__ = ("grids", "next_page_token", "total_size")
    GRIDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    grids: _containers.RepeatedCompositeFieldContainer[Grid]
    next_page_token: str
    total_size: int
    def __init__(self, grids: _Optional[_Iterable[_Union[Grid, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class ImportGridsRequest(_message.Message):
    __slots__ = ("geojson", "validate_only", "replace")
    GEOJSON_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    geojson: str
    validate_only: bool
    replace: bool
    def __init__(self, geojson: _Optional[str] = ..., validate_only: _Optional[bool] = ..., replace: _Optional[bool] = ...) -> None: ...

class ImportGridsResponse(_message.Message):
    __slots__ = ("subdistricts", "communities", "units", "mapped_legacy_codes", "validate_only")
    SUBDISTRICTS_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    MAPPED_LEGACY_CODES_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    subdistricts: int
    communities: int
    units: int
    mapped_legacy_codes: _containers.RepeatedScalarFieldContainer[str]
    validate_only: bool
    def __init__(self, subdistricts: _Optional[int] = ..., communities: _Optional[int] = ..., units: _Optional[int] = ..., mapped_legacy_codes: _Optional[_Iterable[str]] = ..., validate_only: _Optional[bool] = ...) -> None: ...
