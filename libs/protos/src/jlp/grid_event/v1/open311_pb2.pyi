from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetDiscoveryRequest(_message.Message):
    __slots__ = ("jurisdiction_id",)
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    jurisdiction_id: str
    def __init__(self, jurisdiction_id: _Optional[str] = ...) -> None: ...

class Discovery(_message.Message):
    __slots__ = ("changeset", "contact", "key_service")
    CHANGESET_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    KEY_SERVICE_FIELD_NUMBER: _ClassVar[int]
    changeset: str
    contact: str
    key_service: str
    def __init__(self, changeset: _Optional[str] = ..., contact: _Optional[str] = ..., key_service: _Optional[str] = ...) -> None: ...

class ListServicesRequest(_message.Message):
    __slots__ = ("jurisdiction_id",)
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    jurisdiction_id: str
    def __init__(self, jurisdiction_id: _Optional[str] = ...) -> None: ...

class Service(_message.Message):
    __slots__ = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str
    def __init__(self, service_code: _Optional[str] = ..., service_name: _Optional[str] = ..., description: _Optional[str] = ..., metadata: _Optional[bool] = ..., type: _Optional[str] = ..., keywords: _Optional[str] = ..., group: _Optional[str] = ...) -> None: ...

class ListServicesResponse(_message.Message):
    __slots__ = ("services",)
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    services: _containers.RepeatedCompositeFieldContainer[Service]
    def __init__(self, services: _Optional[_Iterable[_Union[Service, _Mapping]]] = ...) -> None: ...

class GetServiceDefinitionRequest(_message.Message):
    __slots__ = ("service_code", "jurisdiction_id")
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    service_code: str
    jurisdiction_id: str
    def __init__(self, service_code: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ...) -> None: ...

class AttributeValue(_message.Message):
    __slots__ = ("key", "name")
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    key: str
    name: str
    def __init__(self, key: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ServiceAttribute(_message.Message):
    __slots__ = ("variable", "code", "datatype", "required", "datatype_description", "order", "description", "values")
    VARIABLE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    DATATYPE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    DATATYPE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str
    order: int
    description: str
    values: _containers.RepeatedCompositeFieldContainer[AttributeValue]
    def __init__(self, variable: _Optional[bool] = ..., code: _Optional[str] = ..., datatype: _Optional[str] = ..., required: _Optional[bool] = ..., datatype_description: _Optional[str] = ..., order: _Optional[int] = ..., description: _Optional[str] = ..., values: _Optional[_Iterable[_Union[AttributeValue, _Mapping]]] = ...) -> None: ...

class ServiceDefinition(_message.Message):
    __slots__ = ("service_code", "attributes")
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    service_code: str
    attributes: _containers.RepeatedCompositeFieldContainer[ServiceAttribute]
    def __init__(self, service_code: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[ServiceAttribute, _Mapping]]] = ...) -> None: ...

class AttributeArgument(_message.Message):
    __slots__ = ("code", "values")
    CODE_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    code: str
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., values: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateServiceRequestRequest(_message.Message):
    __slots__ = ("jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "description", "media_url", "attributes")
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    LONG_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_STRING_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    MEDIA_URL_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    jurisdiction_id: str
    service_code: str
    lat: str
    long: str
    address_string: str
    address_id: str
    description: str
    media_url: str
    attributes: _containers.RepeatedCompositeFieldContainer[AttributeArgument]
    def __init__(self, jurisdiction_id: _Optional[str] = ..., service_code: _Optional[str] = ..., lat: _Optional[str] = ..., long: _Optional[str] = ..., address_string: _Optional[str] = ..., address_id: _Optional[str] = ..., description: _Optional[str] = ..., media_url: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[AttributeArgument, _Mapping]]] = ...) -> None: ...

class ServiceRequestReceipt(_message.Message):
    __slots__ = ("service_request_id", "service_notice", "account_id")
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_NOTICE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    service_request_id: str
    service_notice: str
    account_id: str
    def __init__(self, service_request_id: _Optional[str] = ..., service_notice: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class ListServiceRequestsRequest(_message.Message):
    __slots__ = ("jurisdiction_id", "service_request_id", "service_code", "start_date", "end_date", "status")
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    jurisdiction_id: str
    service_request_id: str
    service_code: str
    start_date: str
    end_date: str
    status: str
    def __init__(self, jurisdiction_id: _Optional[str] = ..., service_request_id: _Optional[str] = ..., service_code: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListServiceRequestsResponse(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[ServiceRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[ServiceRequest, _Mapping]]] = ...) -> None: ...

class GetServiceRequestRequest(_message.Message):
    __slots__ = ("service_request_id", "jurisdiction_id")
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    service_request_id: str
    jurisdiction_id: str
    def __init__(self, service_request_id: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ...) -> None: ...

class ServiceRequest(_message.Message):
    __slots__ = ("service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_NOTES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AGENCY_RESPONSIBLE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_NOTICE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DATETIME_FIELD_NUMBER: _ClassVar[int]
    UPDATED_DATETIME_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_DATETIME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_ID_FIELD_NUMBER: _ClassVar[int]
    ZIPCODE_FIELD_NUMBER: _ClassVar[int]
    LAT_FIELD_NUMBER: _ClassVar[int]
    LONG_FIELD_NUMBER: _ClassVar[int]
    MEDIA_URL_FIELD_NUMBER: _ClassVar[int]
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str
    address: str
    address_id: str
    zipcode: str
    lat: float
    long: float
    media_url: str
    def __init__(self, service_request_id: _Optional[str] = ..., status: _Optional[str] = ..., status_notes: _Optional[str] = ..., service_name: _Optional[str] = ..., service_code: _Optional[str] = ..., description: _Optional[str] = ..., agency_responsible: _Optional[str] = ..., service_notice: _Optional[str] = ..., requested_datetime: _Optional[str] = ..., updated_datetime: _Optional[str] = ..., expected_datetime: _Optional[str] = ..., address: _Optional[str] = ..., address_id: _Optional[str] = ..., zipcode: _Optional[str] = ..., lat: _Optional[float] = ..., long: _Optional[float] = ..., media_url: _Optional[str] = ...) -> None: ...

class GetServiceRequestTokenRequest(_message.Message):
    __slots__ = ("token", "jurisdiction_id")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    token: str
    jurisdiction_id: str
    def __init__(self, token: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ...) -> None: ...

class ServiceRequestToken(_message.Message):
    __slots__ = ("service_request_id", "token")
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    service_request_id: str
    token: str
    def __init__(self, service_request_id: _Optional[str] = ..., token: _Optional[str] = ...) -> None: ...
