"""Schemathesis against the live `/openapi.json`: every operation gets generated requests
(bounded: EXAMPLES per operation per role, so the run fits its time budget) with the tokens of
a few roles — anonymous, a citizen, department staff, the operations centre and the
sysadmin — and every answer must be no server error (5xx) and conform to the schema the
description gives for its status. Account-creating and token routes are left to the API2/API6
families (each call spends the source address's sign-in or registration budget)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.e2e
EXAMPLES = 3
ROLES = ("anonymous", "citizen", "dept_staff", "ops_center", "sysadmin")
SPENDS_BUDGETS = ("/api/v1/auth/", "/api/v1/me:", "/api/v1/live/")
CHECKS = [not_a_server_error, response_schema_conformance]


def test_generated_requests_get_no_server_error_and_conform(suite, inventory, principals, figures):
    schema = schemathesis.openapi.from_dict(inventory.spec)
    tokens = {name: (principals.anonymous if name == "anonymous" else principals[name]).token for name in ROLES}
    failures: list[str] = []
    calls = {"n": 0}
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if not op.path.startswith(SPENDS_BUDGETS)]
    for index, operation in enumerate(operations):
        role = ROLES[index % len(ROLES)]  # roles dealt round-robin: every operation, every role often
        headers = {"X-Timeout": "30", **({"Authorization": f"Bearer {tokens[role]}"} if tokens[role] else {})}
        calls["n"] += fuzz(operation, suite.url, headers, f"{operation.method.upper()} {operation.path} as {role}",
                           failures)
    figures("Schemathesis", f"{len(operations)} operations, {calls['n']} generated requests as "
            f"{', '.join(ROLES)}: {len(failures)} failing operations (5xx or schema violation)")
    assert not failures, "\n".join(failures[:40])


def fuzz(operation, base_url: str, headers: dict[str, str], label: str, failures: list[str]) -> int:
    """EXAMPLES generated requests to one operation; the first failing answer is recorded."""
    sent = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=60)
        sent.append(response.status_code)
        if response.status_code == 429:
            return
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Exception as exc:  # noqa: BLE001 - any check failure is this operation's failure
        failures.append(f"{label}: {sent[-1] if sent else '-'} {str(exc).strip().splitlines()[0][:240]}")
    return len(sent)
