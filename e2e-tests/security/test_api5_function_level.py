"""API5:2023 Broken Function Level Authorization: every route that needs a permission answers
403 to each signed-in principal whose roles do not grant it — derived from the services'
policy tables and the catalogue's grants, so a new route or grant is covered as it lands."""

from __future__ import annotations

import pytest

from jlp_common.auth import ACCOUNT_SETUP, AUTHENTICATED, PUBLIC

pytestmark = pytest.mark.e2e
OPEN = (PUBLIC, AUTHENTICATED, ACCOUNT_SETUP)


def test_every_privileged_route_refuses_every_lower_role(api, inventory, principals, pool, figures):
    guarded = [op for op in inventory.operations if op.need not in OPEN]
    pairs = [(op, p) for op in guarded for p in principals.signed_in if not p.may(op)]

    def probe(pair):
        op, who = pair
        r = api.call(op.method, op.url(), who.token, json=inventory.body_for(op))
        return op, who, r.status_code, r.text[:200]

    wrong = [f"{op.label} as {who.name}: {status} {text}"
             for op, who, status, text in pool.map(probe, pairs) if status != 403]
    figures("API5 function level", f"{len(guarded)} permission-guarded routes × "
            f"{len(principals.signed_in)} roles: {len(pairs)} (route, lower role) pairs probed, "
            f"{len(pairs) - len(wrong)} refused 403, {len(wrong)} not")
    assert not wrong, "\n".join(wrong[:40])


def test_each_principal_is_otherwise_valid(api, principals):
    """The refusals above are about permissions, not broken tokens: every principal's token
    reaches an ACCOUNT_SETUP route (its own account, or for clients a 404/403 without 401)."""
    for who in principals.signed_in:
        r = api.call("GET", "/api/v1/me", who.token)
        assert r.status_code != 401, f"{who.name}: {r.status_code} {r.text[:200]}"
