"""API3:2023 Broken Object Property Level Authorization.

- Mass assignment: properties the server sets (`readOnly` in the schema: status, reporters,
  owner, booker, tickets...) sent by a client are refused or ignored — never stored.
  Registration with roles, a department or a status gets a citizen and nothing more.
- Over-exposure: every answer of every list route (and the owned objects of API1's recipes)
  holds only properties its schema declares, so nothing internal (hashes, keys, raw personal
  data fields) rides along unseen by the description.
- No account enumeration: a wrong password for an existing account and any password for a
  missing one get the same answer; registering a taken phone number does not say "taken"
  differently from any other failure a stranger could cause.
"""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e
SENTINEL = "injected-by-client"


def undeclared(inventory, value, schema, path="$", depth=0) -> list[str]:
    schema = inventory.resolve(schema)
    if depth > 12 or not schema:
        return []
    if isinstance(value, dict):
        if schema.get("type") not in ("object", None) and "properties" not in schema:
            return []
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        if props is None:
            if isinstance(extra, dict):
                return [p for k, v in value.items() for p in undeclared(inventory, v, extra, f"{path}.{k}", depth + 1)]
            return []
        out = []
        for key, item in value.items():
            if key in props:
                out += undeclared(inventory, item, props[key], f"{path}.{key}", depth + 1)
            elif isinstance(extra, dict):
                out += undeclared(inventory, item, extra, f"{path}.{key}", depth + 1)
            elif extra is not True:
                out.append(f"{path}.{key}")
        return out
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [p for i, v in enumerate(value[:20])
                for p in undeclared(inventory, v, schema["items"], f"{path}[{i}]", depth + 1)]
    return []


def test_answers_hold_only_declared_properties(api, inventory, principals, pool, figures):
    lists = [op for op in inventory.operations if op.method == "GET" and not op.path_params and op.generated
             and op.response_schema() is not None]

    def probe(op):
        who = [p for p in principals.signed_in if p.may(op)] or [principals.anonymous]
        out = []
        for p in who[:3]:
            r = api.call("GET", op.url(), p.token)
            if r.status_code == 200 and "json" in r.headers.get("Content-Type", ""):
                out += [f"{op.label} as {p.name}: {x}" for x in undeclared(inventory, r.json(), op.response_schema())]
        return op, out

    results = list(pool.map(probe, lists))
    wrong = [line for _, lines in results for line in lines]
    figures("API3 property level", f"{len(lists)} list/read routes × up to 3 permitted roles: "
            f"{len(wrong)} undeclared properties in answers")
    assert not wrong, "\n".join(wrong[:40])


def read_only_props(inventory, schema) -> dict:
    schema = inventory.resolve(schema)
    return {k: v for k, v in schema.get("properties", {}).items()
            if v.get("readOnly") or inventory.resolve(v).get("readOnly")}


def injected(inventory, props: dict) -> dict:
    out = {}
    for name, prop in props.items():
        s = inventory.resolve(prop)
        if s.get("enum"):
            out[name] = s["enum"][-1]
        elif s.get("type") == "array":
            item = inventory.resolve(s.get("items", {}))
            out[name] = [SENTINEL] if item.get("type") == "string" else []
        elif s.get("type") == "string" and s.get("format") == "date-time":
            out[name] = "2000-01-01T00:00:00Z"
        elif s.get("type") == "string":
            out[name] = SENTINEL
        elif s.get("type") in ("integer", "number"):
            out[name] = 987654
        elif s.get("type") == "boolean":
            out[name] = True
    return out


def test_server_set_properties_cannot_be_mass_assigned(api, inventory, principals, figures):
    create_case = next(op for op in inventory.operations if op.operation_id == "CaseService_CreateCase")
    schema = create_case.request_schema()
    forced = injected(inventory, read_only_props(inventory, schema))
    forced.pop("joinedExisting", None)  # an answer flag, not state
    assert {"status", "reporterIds", "departmentId"} <= set(forced), forced
    body = {"categoryCode": "06010", "description": "批量赋值测试 " + uuid.uuid4().hex[:6],
            "location": {"lon": 106.515, "lat": 29.515}, "urgency": "NORMAL", **forced}
    r = api.call("POST", "/api/v1/cases", principals["citizen"].token, json=body)
    stored = []
    if r.status_code in (200, 201):
        case = api.call("GET", f"/api/v1/cases/{r.json()['id']}", principals["ops_center"].token).json()
        stored = [k for k, v in forced.items() if case.get(k) == v and v not in ([], False, 0)]
    else:
        assert r.status_code == 400, r.text
    figures("API3 property level", f"CreateCase with {len(forced)} server-set properties injected: "
            f"{r.status_code}, {len(stored)} stored")
    assert not stored, stored


def test_registration_cannot_choose_roles_or_status(api, patient, principals):
    phone, password = "139" + str(uuid.uuid4().int % 10**8).zfill(8), "Sec-Mass-" + uuid.uuid4().hex[:6]
    from stdnum.cn import ric
    first17 = "50010719750505" + str(uuid.uuid4().int % 1000).zfill(3)
    body = {"kind": "CITIZEN", "name": "赵六", "idNumber": first17 + ric.calc_check_digit(first17 + "?"),
            "phone": phone, "password": password}
    for extra in ({"roles": ["sysadmin"]}, {"department": "ops-center"}, {"status": "ACTIVE", "id": "u-admin"}):
        r = patient.post("/api/v1/auth/register", json={**body, **extra})
        assert r.status_code == 400, f"{extra}: {r.status_code} {r.text}"
        assert next(iter(extra)) in r.text  # the field is named


def test_no_account_enumeration_at_sign_in(api, principals, figures):
    known = principals["enterprise"]
    answers = [api.call("POST", "/api/v1/auth/token", data={"grant_type": "password", "username": u,
                                                           "password": "Wrong-Pass-123"})
               for u in (known.phone, "13" + str(uuid.uuid4().int % 10**9).zfill(9))]
    assert answers[0].status_code == answers[1].status_code
    assert answers[0].json() == answers[1].json(), [a.text for a in answers]
    figures("API3 property level", "sign-in: existing and unknown accounts get the same answer "
            f"({answers[0].status_code} {answers[0].json().get('error')})")
