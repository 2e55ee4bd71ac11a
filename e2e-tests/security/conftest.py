"""OWASP API Security Top 10 (2023) against the running suite, generated from what it declares.

Every family reads the live `/openapi.json` (the gateway builds it from the protos' HttpRules,
DESIGN §3) and the method policy of each service (`services/<svc>/.../policy.py`: gRPC service
→ method → permission, "public", "authenticated" or "account-setup"), with the role grants of
the component catalogue (`jlp_common/components.yaml`). A route added tomorrow is therefore in
every family without a new test.

Here: the operation inventory (`operations`), principals of every role (`principals`), a
client that waits out 429 answers (`api`), sample request values from the schemas, and the
figures each family prints at the end of the run (`figures`). The families run after the
rest of the e2e session (they spend the source address's sign-in, registration and rate
budgets), the budget-exhausting ones last of all.
"""

from __future__ import annotations

import importlib
import re
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from stdnum.cn import ric, uscc

from jlp_common import registry
from jlp_common.auth import ACCOUNT_SETUP, AUTHENTICATED, PUBLIC
from jlp_testkit.e2e import Suite, admin_token, bearer, create_privileged_staff, unique_phone

HERE = __file__.rsplit("/", 1)[0]
VERBS = ("get", "post", "put", "patch", "delete")
# Hand-written routes (standards dictate their wire shape, DESIGN §3) have no policy table:
# what each needs. Everything else hand-written is public by its standard (OAuth token and
# revocation endpoints authenticate clients themselves, Open311 by api_key).
HAND_WRITTEN_NEEDS = {"live_events": AUTHENTICATED}
_BINDING = re.compile(r"_\d+$")

FIGURES: dict[str, list[str]] = {}
_FIGURES_LOCK = threading.Lock()


def record(family: str, line: str) -> None:
    """A figure printed in the run's summary under `family`."""
    with _FIGURES_LOCK:
        FIGURES.setdefault(family, []).append(line)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "exhausts_budget: spends a per-source budget; runs last")


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Security families after every other test, budget-exhausting ones at the very end."""
    def rank(item: pytest.Item) -> int:
        if not str(item.path).startswith(HERE):
            return 0
        return 2 if item.get_closest_marker("exhausts_budget") else 1
    items.sort(key=rank)  # stable: each group keeps its order


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("OWASP API Security Top 10 (2023) figures")
    for family in sorted(FIGURES):
        for line in FIGURES[family]:
            terminalreporter.write_line(f"{family}: {line}")


# --- the inventory ---------------------------------------------------------------------------
def method_policies() -> dict[str, str]:
    """`<GrpcService>_<Method>` (the gateway's operationId) → what the method needs."""
    out: dict[str, str] = {}
    for comp in registry.installed():
        policy = importlib.import_module(f"{comp.module}.policy").POLICY
        for service, methods in policy.items():
            for rpc, need in methods.items():
                key = f"{service}_{rpc}"
                assert key not in out, f"two components define {key}"
                out[key] = need
    return out


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str  # OpenAPI template
    operation_id: str
    need: str  # a permission, PUBLIC, AUTHENTICATED or ACCOUNT_SETUP
    spec: dict = field(repr=False, hash=False, compare=False)
    generated: bool = True  # from a proto HttpRule (False: hand-written standard route)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.path)

    @property
    def is_public(self) -> bool:
        return self.need == PUBLIC

    def url(self, values: dict[str, str] | None = None) -> str:
        values = values or {}
        out = self.path
        for name in self.path_params:
            out = out.replace("{" + name + "}", values.get(name, self.sample_path_value(name)))
        return out

    def sample_path_value(self, name: str) -> str:
        for p in self.spec.get("parameters", []):
            if p.get("in") == "path" and p.get("name") == name:
                schema = p.get("schema", {})
                if schema.get("enum"):
                    return str(schema["enum"][0])
                if schema.get("type") in ("integer", "number"):
                    return "1"
        return "no-such-id-0"

    def request_schema(self) -> dict | None:
        content = (self.spec.get("requestBody") or {}).get("content", {})
        for media in ("application/json", "application/x-www-form-urlencoded"):
            if media in content:
                return content[media].get("schema", {})
        return None

    def response_schema(self) -> dict | None:
        for status in ("200", "201"):
            content = self.spec.get("responses", {}).get(status, {}).get("content", {})
            for media, body in content.items():
                if "json" in media:
                    return body.get("schema")
        return None

    def query_params(self) -> list[str]:
        return [p["name"] for p in self.spec.get("parameters", []) if p.get("in") == "query"]


class Inventory:
    """The operations of the live `/openapi.json`, each with its policy."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec
        policies = method_policies()
        self.operations: list[Operation] = []
        self.unpoliced: list[str] = []
        for path, item in spec["paths"].items():
            for verb in VERBS:
                op = item.get(verb)
                if op is None:
                    continue
                oid = op.get("operationId", "")
                base = _BINDING.sub("", oid)
                generated = "Service_" in base
                if generated and base not in policies:
                    self.unpoliced.append(f"{verb.upper()} {path} ({oid})")
                    continue
                need = policies[base] if generated else HAND_WRITTEN_NEEDS.get(base, PUBLIC)
                self.operations.append(Operation(verb.upper(), path, oid, need, op, generated))

    def resolve(self, schema: dict | None) -> dict:
        seen = 0
        while schema and "$ref" in schema and seen < 20:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.spec["components"]["schemas"][name]
            seen += 1
        return schema or {}

    def sample(self, schema: dict | None, depth: int = 0, fill_optional: bool = False) -> Any:
        """A plausible value of a schema: required properties filled, the rest left out."""
        schema = self.resolve(schema)
        if "oneOf" in schema or "anyOf" in schema:
            return self.sample((schema.get("oneOf") or schema.get("anyOf"))[0], depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "string")
        if schema.get("enum"):
            values = [v for v in schema["enum"] if not str(v).endswith("UNSPECIFIED")]
            return (values or schema["enum"])[0]
        if kind == "object" or "properties" in schema:
            if depth > 6:
                return {}
            props = schema.get("properties", {})
            names = props if fill_optional else schema.get("required", [])
            return {n: self.sample(props[n], depth + 1) for n in names
                    if n in props and not self.resolve(props[n]).get("readOnly")
                    and not props[n].get("readOnly")}
        if kind == "array":
            return []
        if kind == "integer":
            return 1
        if kind == "number":
            return 1.0
        if kind == "boolean":
            return False
        if schema.get("format") == "date-time":
            return datetime.now(UTC).isoformat().replace("+00:00", "Z")
        if schema.get("format") == "date":
            return datetime.now(UTC).date().isoformat()
        return "x"

    def body_for(self, op: Operation) -> dict | None:
        schema = op.request_schema()
        return None if schema is None else self.sample(schema)


# --- an HTTP client that waits out rate limits -----------------------------------------------
class Api:
    """requests with the suite's base URL; a 429 is waited out (Retry-After) and retried."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._local = threading.local()
        self.requests = 0
        self.waited_429 = 0

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def call(self, method: str, path: str, token: str | None = None, *, retry_429: bool = True,
             headers: dict[str, str] | None = None, **kw: Any) -> requests.Response:
        all_headers = {"X-Timeout": "30", **(bearer(token) if token else {}), **(headers or {})}
        for _ in range(30):
            self.requests += 1
            r = self._session().request(method, self.base + path, headers=all_headers, timeout=30,
                                        allow_redirects=False, **kw)
            if r.status_code != 429 or not retry_429:
                return r
            self.waited_429 += 1
            time.sleep(min(5.0, float(r.headers.get("Retry-After", "1"))))
        return r


class PatientSuite(Suite):
    """The testkit helpers' Suite whose POSTs wait out 429s (token endpoint budget per IP)."""

    def post(self, path: str, **kw: Any) -> requests.Response:
        # argon2 hashing is bounded by memory (identity): on a busy machine a sign-in may queue
        # past the gateway's default 10 s deadline, so ask for the largest one
        kw["headers"] = {"X-Timeout": "60", **kw.get("headers", {})}
        for _ in range(30):
            r = requests.post(self.url + path, timeout=90, **kw)
            if r.status_code != 429:
                return r
            time.sleep(min(5.0, float(r.headers.get("Retry-After", "1"))))
        return r


# --- principals of every role ----------------------------------------------------------------
@dataclass
class Principal:
    name: str  # e.g. "citizen", "dept_staff@bureau-ecology"
    token: str | None
    roles: tuple[str, ...]
    user_id: str = ""
    phone: str = ""
    password: str = ""

    @property
    def permissions(self) -> frozenset[str]:
        grants = registry.role_grants()
        return frozenset().union(*(grants.get(r, frozenset()) for r in self.roles))

    def may(self, op: Operation) -> bool:
        if op.need == PUBLIC:
            return True
        if op.need in (AUTHENTICATED, ACCOUNT_SETUP):
            return self.token is not None
        return op.need in self.permissions


def citizen_id(serial: int) -> str:
    """A Jiulongpo (500107) resident ID with its ISO 7064 check digit (GB 11643)."""
    first17 = "50010719850101" + str(serial % 1000).zfill(3)
    return first17 + ric.calc_check_digit(first17 + "?")


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z


def password_token(suite: Suite, phone: str, password: str) -> str:
    r = suite.post("/api/v1/auth/token", data={"grant_type": "password", "username": phone,
                                               "password": password})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def register(suite: Suite, kind: str = "CITIZEN", serial: int | None = None) -> Principal:
    phone, password = unique_phone(), "Sec-Test-" + uuid.uuid4().hex[:8]
    body: dict[str, Any] = {"kind": kind, "phone": phone, "password": password}
    if kind == "CITIZEN":
        body |= {"name": "李四", "idNumber": citizen_id(serial if serial is not None
                                                         else uuid.uuid4().int)}
    else:
        first17 = "91500107MA" + "".join(_USCC_CHARS[b % len(_USCC_CHARS)] for b in uuid.uuid4().bytes[:7])
        body |= {"name": "九龙坡测试养老服务有限公司", "creditCode": first17 + uscc.calc_check_digit(first17),
                 "legalRepresentative": "王五"}
    r = suite.post("/api/v1/auth/register", json=body)
    assert r.status_code == 200, r.text
    token = password_token(suite, phone, password)
    return Principal(kind.lower(), token, (kind.lower(),), r.json().get("id", ""), phone, password)


def staff(suite: Suite, admin: str, role: str, department: str) -> Principal:
    phone, initial = unique_phone(), "Sec-Init-" + uuid.uuid4().hex[:8]
    r = suite.post("/api/v1/staff", headers=bearer(admin), json={
        "user": {"name": f"测试{role}", "phone": phone, "department": department, "roles": [role]},
        "password": initial})
    assert r.status_code in (200, 201), r.text
    user_id = r.json().get("id", "")
    first = password_token(suite, phone, initial)
    own = "Sec-Own-" + uuid.uuid4().hex[:8]
    r = suite.post("/api/v1/me:changePassword", headers=bearer(first),
                   json={"currentPassword": initial, "newPassword": own})
    assert r.status_code == 200, r.text
    return Principal(f"{role}@{department}", password_token(suite, phone, own), (role,), user_id,
                     phone, own)


def client(suite: Suite, admin: str, role: str) -> Principal:
    r = suite.post("/api/v1/clients", headers=bearer(admin), json={"name": f"sec {role}", "roles": [role]})
    assert r.status_code in (200, 201), r.text
    body = r.json()
    r = suite.post("/api/v1/auth/token", data={"grant_type": "client_credentials",
                                               "client_id": body["clientId"],
                                               "client_secret": body["clientSecret"]})
    assert r.status_code == 200, r.text
    return Principal(f"{role} client", r.json()["access_token"], (role,), body["clientId"],
                     password=body["clientSecret"])


@dataclass
class Principals:
    anonymous: Principal
    by_name: dict[str, Principal]
    restricted: Principal  # a staff account whose first sign-in must change its password
    departments: list[str]

    def __getitem__(self, name: str) -> Principal:
        return self.by_name[name]

    @property
    def signed_in(self) -> list[Principal]:
        return list(self.by_name.values())

    def one_who_may(self, op: Operation) -> Principal | None:
        for p in self.signed_in:
            if p.may(op):
                return p
        return None


@pytest.fixture(scope="session")
def patient(suite: Suite) -> PatientSuite:
    return PatientSuite(suite.url, suite.nats_url, suite.services, suite.secrets, suite.log_path,
                        suite.cache)


@pytest.fixture(scope="session")
def api(suite: Suite) -> Api:
    return Api(suite.url)


@pytest.fixture(scope="session")
def inventory(suite: Suite) -> Inventory:
    r = requests.get(suite.url + "/openapi.json", timeout=30)
    assert r.status_code == 200
    inv = Inventory(r.json())
    assert not inv.unpoliced, f"routes whose method has no policy entry: {inv.unpoliced}"
    assert len(inv.operations) > 100  # the whole suite, not an empty start
    return inv


@pytest.fixture(scope="session")
def principals(patient: PatientSuite) -> Principals:
    """One principal of each role of the catalogue (and a second citizen and department)."""
    admin = admin_token(patient)
    deps = patient.get("/api/v1/departments", headers=bearer(admin)).json()
    codes = [d["code"] for d in deps.get("departments", [])]
    assert len(codes) >= 2, deps
    home = "bureau-city-management"
    other = next(c for c in codes if c.startswith("bureau-") and c not in (home, "bureau-public-security"))
    made: dict[str, Principal] = {"sysadmin": Principal("sysadmin (bootstrap)", admin, ("sysadmin",))}
    jobs = {
        "citizen": lambda: register(patient),
        "citizen_b": lambda: register(patient),
        "enterprise": lambda: register(patient, "ENTERPRISE"),
        "grid_worker": lambda: staff(patient, admin, "grid_worker", "ops-center"),
        "dept_staff": lambda: staff(patient, admin, "dept_staff", home),
        "dept_staff_other": lambda: staff(patient, admin, "dept_staff", other),
        "ops_center": lambda: staff(patient, admin, "ops_center", "ops-center"),
        "service": lambda: client(patient, admin, "service"),
        "device": lambda: client(patient, admin, "device"),
        "open311_app": lambda: client(patient, admin, "open311_app"),
    }
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        made |= {name: f.result() for name, f in futures.items()}
    made["citizen_b"].name = "citizen (another)"
    made["dept_staff_other"].name = f"dept_staff@{other}"
    for role in ("dept_admin", "auditor"):  # privileged: TOTP enrolled and used
        token, phone, password = create_privileged_staff(patient, admin, [role], home)
        made[role] = Principal(f"{role}@{home}", token, (role,), "", phone, password)
    phone, initial = unique_phone(), "Sec-Init-" + uuid.uuid4().hex[:8]
    r = patient.post("/api/v1/staff", headers=bearer(admin), json={
        "user": {"name": "测试受限", "phone": phone, "department": home, "roles": ["ops_center"]},
        "password": initial})
    assert r.status_code in (200, 201), r.text
    restricted = Principal("restricted (password change pending)", password_token(patient, phone, initial),
                           ("ops_center",))
    return Principals(Principal("anonymous", None, ()), made, restricted, codes)


@pytest.fixture(scope="session")
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as executor:
        yield executor


@pytest.fixture(scope="session")
def figures():
    """`figures(family, line)`: a figure printed in the run's summary."""
    return record

