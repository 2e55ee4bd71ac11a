import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class User(_message.Message):
    __slots__ = ("id", "kind", "name", "id_number", "credit_code", "legal_representative", "phone", "department", "roles", "username", "disabled", "totp_enrolled", "masked", "create_time", "password_change_required")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    TOTP_ENROLLED_FIELD_NUMBER: _ClassVar[int]
    MASKED_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CHANGE_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    name: str
    id_number: str
    credit_code: str
    legal_representative: str
    phone: str
    department: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    username: str
    disabled: bool
    totp_enrolled: bool
    masked: bool
    create_time: _timestamp_pb2.Timestamp
    password_change_required: bool
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., name: _Optional[str] = ..., id_number: _Optional[str] = ..., credit_code: _Optional[str] = ..., legal_representative: _Optional[str] = ..., phone: _Optional[str] = ..., department: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., username: _Optional[str] = ..., disabled: _Optional[bool] = ..., totp_enrolled: _Optional[bool] = ..., masked: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., password_change_required: _Optional[bool] = ...) -> None: ...

class RegisterRequest(_message.Message):
    __slots__ = ("kind", "name", "id_number", "credit_code", "legal_representative", "legal_representative_id_number", "phone", "password")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    kind: str
    name: str
    id_number: str
    credit_code: str
    legal_representative: str
    legal_representative_id_number: str
    phone: str
    password: str
    def __init__(self, kind: _Optional[str] = ..., name: _Optional[str] = ..., id_number: _Optional[str] = ..., credit_code: _Optional[str] = ..., legal_representative: _Optional[str] = ..., legal_representative_id_number: _Optional[str] = ..., phone: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class IssueTokenRequest(_message.Message):
    __slots__ = ("grant_type", "username", "password", "otp", "refresh_token", "client_id", "client_secret", "scope")
    GRANT_TYPE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    OTP_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    grant_type: str
    username: str
    password: str
    otp: str
    refresh_token: str
    client_id: str
    client_secret: str
    scope: str
    def __init__(self, grant_type: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., otp: _Optional[str] = ..., refresh_token: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., scope: _Optional[str] = ...) -> None: ...

class TokenResponse(_message.Message):
    __slots__ = ("access_token", "token_type", "expires_in", "refresh_token", "scope", "password_change_required")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CHANGE_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    scope: str
    password_change_required: bool
    def __init__(self, access_token: _Optional[str] = ..., token_type: _Optional[str] = ..., expires_in: _Optional[int] = ..., refresh_token: _Optional[str] = ..., scope: _Optional[str] = ..., password_change_required: _Optional[bool] = ...) -> None: ...

class RevokeTokenRequest(_message.Message):
    __slots__ = ("token", "token_type_hint", "client_id", "client_secret")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_HINT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    token: str
    token_type_hint: str
    client_id: str
    client_secret: str
    def __init__(self, token: _Optional[str] = ..., token_type_hint: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ...) -> None: ...

class RevokeTokenResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetJwksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class JsonWebKey(_message.Message):
    __slots__ = ("kty", "crv", "x", "y", "kid", "use", "alg")
    KTY_FIELD_NUMBER: _ClassVar[int]
    CRV_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    ALG_FIELD_NUMBER: _ClassVar[int]
    kty: str
    crv: str
    x: str
    y: str
    kid: str
    use: str
    alg: str
    def __init__(self, kty: _Optional[str] = ..., crv: _Optional[str] = ..., x: _Optional[str] = ..., y: _Optional[str] = ..., kid: _Optional[str] = ..., use: _Optional[str] = ..., alg: _Optional[str] = ...) -> None: ...

class JsonWebKeySet(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[JsonWebKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[JsonWebKey, _Mapping]]] = ...) -> None: ...

class GetServerMetadataRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ServerMetadata(_message.Message):
    __slots__ = ("issuer", "grant_types_supported", "scopes_supported", "token_endpoint_auth_methods_supported", "signing_alg_values_supported", "claims_supported")
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    GRANT_TYPES_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    SCOPES_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    SIGNING_ALG_VALUES_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    issuer: str
    grant_types_supported: _containers.RepeatedScalarFieldContainer[str]
    scopes_supported: _containers.RepeatedScalarFieldContainer[str]
    token_endpoint_auth_methods_supported: _containers.RepeatedScalarFieldContainer[str]
    signing_alg_values_supported: _containers.RepeatedScalarFieldContainer[str]
    claims_supported: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, issuer: _Optional[str] = ..., grant_types_supported: _Optional[_Iterable[str]] = ..., scopes_supported: _Optional[_Iterable[str]] = ..., token_endpoint_auth_methods_supported: _Optional[_Iterable[str]] = ..., signing_alg_values_supported: _Optional[_Iterable[str]] = ..., claims_supported: _Optional[_Iterable[str]] = ...) -> None: ...

class GetMeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ChangePasswordRequest(_message.Message):
    __slots__ = ("current_password", "new_password")
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    new_password: str
    def __init__(self, current_password: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class ChangePasswordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EnrollTotpRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EnrollTotpResponse(_message.Message):
    __slots__ = ("otpauth_uri", "secret")
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    otpauth_uri: str
    secret: str
    def __init__(self, otpauth_uri: _Optional[str] = ..., secret: _Optional[str] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class BatchGetUsersRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetUsersResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ...) -> None: ...

class ListStaffRequest(_message.Message):
    __slots__ = ("department", "role", "page_size", "page_token", "show_disabled")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SHOW_DISABLED_FIELD_NUMBER: _ClassVar[int]
    department: str
    role: str
    page_size: int
    page_token: str
    show_disabled: bool
    def __init__(self, department: _Optional[str] = ..., role: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., show_disabled: _Optional[bool] = ...) -> None: ...

class ListStaffResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CreateStaffRequest(_message.Message):
    __slots__ = ("user", "password")
    USER_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    user: User
    password: str
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., password: _Optional[str] = ...) -> None: ...

class UpdateUserRolesRequest(_message.Message):
    __slots__ = ("id", "roles")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    id: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ...) -> None: ...

class AssignDepartmentRequest(_message.Message):
    __slots__ = ("id", "department")
    ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    department: str
    def __init__(self, id: _Optional[str] = ..., department: _Optional[str] = ...) -> None: ...

class DisableUserRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class EnableUserRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ResetTotpRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class Client(_message.Message):
    __slots__ = ("client_id", "name", "roles", "disabled", "client_secret", "create_time", "creator")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    name: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    disabled: bool
    client_secret: str
    create_time: _timestamp_pb2.Timestamp
    creator: str
    def __init__(self, client_id: _Optional[str] = ..., name: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., disabled: _Optional[bool] = ..., client_secret: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., creator: _Optional[str] = ...) -> None: ...

class CreateClientRequest(_message.Message):
    __slots__ = ("client",)
    CLIENT_FIELD_NUMBER: _ClassVar[int]
    client: Client
    def __init__(self, client: _Optional[_Union[Client, _Mapping]] = ...) -> None: ...

class ListClientsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "show_disabled")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SHOW_DISABLED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    show_disabled: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., show_disabled: _Optional[bool] = ...) -> None: ...

class ListClientsResponse(_message.Message):
    __slots__ = ("clients", "next_page_token")
    CLIENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    clients: _containers.RepeatedCompositeFieldContainer[Client]
    next_page_token: str
    def __init__(self, clients: _Optional[_Iterable[_Union[Client, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DisableClientRequest(_message.Message):
    __slots__ = ("client_id",)
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class RotateClientSecretRequest(_message.Message):
    __slots__ = ("client_id",)
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class Department(_message.Message):
    __slots__ = ("code", "name", "name_en", "kind", "parent", "managed_by")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_EN_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MANAGED_BY_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    name_en: str
    kind: str
    parent: str
    managed_by: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., name_en: _Optional[str] = ..., kind: _Optional[str] = ..., parent: _Optional[str] = ..., managed_by: _Optional[str] = ...) -> None: ...

class ListDepartmentsRequest(_message.Message):
    __slots__ = ("parent", "kind")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    parent: str
    kind: str
    def __init__(self, parent: _Optional[str] = ..., kind: _Optional[str] = ...) -> None: ...

class ListDepartmentsResponse(_message.Message):
    __slots__ = ("departments",)
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    departments: _containers.RepeatedCompositeFieldContainer[Department]
    def __init__(self, departments: _Optional[_Iterable[_Union[Department, _Mapping]]] = ...) -> None: ...

class GetDepartmentRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class AuditRecord(_message.Message):
    __slots__ = ("seq", "time", "actor", "action", "object", "result", "source_ip", "details", "prev_hash", "hash")
    class DetailsEntry(_message.Message):
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
    RESULT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_IP_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    seq: int
    time: _timestamp_pb2.Timestamp
    actor: str
    action: str
    object: str
    result: str
    source_ip: str
    details: _containers.ScalarMap[str, str]
    prev_hash: str
    hash: str
    def __init__(self, seq: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., object: _Optional[str] = ..., result: _Optional[str] = ..., source_ip: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ...) -> None: ...

class ListAuditRecordsRequest(_message.Message):
    __slots__ = ("actor", "action", "start_time", "end_time", "page_size", "page_token")
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actor: str
    action: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, actor: _Optional[str] = ..., action: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAuditRecordsResponse(_message.Message):
    __slots__ = ("records", "next_page_token")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
    next_page_token: str
    def __init__(self, records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class VerifyAuditChainRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyAuditChainResponse(_message.Message):
    __slots__ = ("ok", "records_checked", "first_bad_seq", "reason")
    OK_FIELD_NUMBER: _ClassVar[int]
    RECORDS_CHECKED_FIELD_NUMBER: _ClassVar[int]
    FIRST_BAD_SEQ_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    records_checked: int
    first_bad_seq: int
    reason: str
    def __init__(self, ok: _Optional[bool] = ..., records_checked: _Optional[int] = ..., first_bad_seq: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class CheckPersonsRequest(_message.Message):
    __slots__ = ("id_numbers", "purpose", "consent_id")
    ID_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    id_numbers: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    consent_id: str
    def __init__(self, id_numbers: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., consent_id: _Optional[str] = ...) -> None: ...

class PersonCheck(_message.Message):
    __slots__ = ("has_account", "enterprises_represented")
    HAS_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    ENTERPRISES_REPRESENTED_FIELD_NUMBER: _ClassVar[int]
    has_account: bool
    enterprises_represented: int
    def __init__(self, has_account: _Optional[bool] = ..., enterprises_represented: _Optional[int] = ...) -> None: ...

class CheckPersonsResponse(_message.Message):
    __slots__ = ("persons",)
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    persons: _containers.RepeatedCompositeFieldContainer[PersonCheck]
    def __init__(self, persons: _Optional[_Iterable[_Union[PersonCheck, _Mapping]]] = ...) -> None: ...
