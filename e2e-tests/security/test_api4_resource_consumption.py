"""API4:2023 Unrestricted Resource Consumption: every paged list caps its page size, every
batch or import route refuses an oversized batch, bodies over the gateway's limit get 413,
and a burst from one client meets 429 with Retry-After."""

from __future__ import annotations

import pytest

from jlp_common.pagination import MAX_PAGE_SIZE

pytestmark = pytest.mark.e2e
HUGE_BATCH = 20_000  # past any batch a device or an import can justify in one request


def items_of(body) -> int:
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict):
        return max([len(v) for v in body.values() if isinstance(v, list)] or [0])
    return 0


def test_every_paged_list_caps_its_page_size(api, inventory, principals, pool, figures):
    paged = [op for op in inventory.operations if op.method == "GET" and "pageSize" in op.query_params()]

    def probe(op):
        who = principals.one_who_may(op)
        r = api.call("GET", op.url() + "?pageSize=1000000", who.token if who else None)
        return op, r

    wrong = []
    for op, r in pool.map(probe, paged):
        if r.status_code == 200 and items_of(r.json()) > MAX_PAGE_SIZE:
            wrong.append(f"{op.label}: {items_of(r.json())} items for pageSize=1000000")
        elif r.status_code not in (200, 400, 403, 404):
            wrong.append(f"{op.label}: {r.status_code} {r.text[:160]}")
    figures("API4 resource consumption", f"{len(paged)} paged lists asked for 1,000,000 items: "
            f"{len(paged) - len(wrong)} capped (≤ {MAX_PAGE_SIZE}) or refused")
    assert len(paged) >= 20
    assert not wrong, "\n".join(wrong)


def batch_field(inventory, op):
    schema = inventory.resolve(op.request_schema())
    for name, prop in schema.get("properties", {}).items():
        if inventory.resolve(prop).get("type") == "array" and name in schema.get("required", [name]):
            return name, inventory.resolve(prop).get("items", {})
    return None, None


def test_every_batch_route_refuses_an_oversized_batch(api, inventory, principals, figures):
    batches = [op for op in inventory.operations if op.method == "POST" and op.generated
               and any(w in op.operation_id for w in ("Batch", "Import"))]
    wrong, results, whole_documents = [], [], []
    for op in batches:
        name, item_schema = batch_field(inventory, op)
        if name is None:  # an import of one document (GeoJSON, CSV): the body limit bounds it
            whole_documents.append(op.label)
            continue
        who = principals.one_who_may(op)
        body = {**(inventory.body_for(op) or {}), name: [inventory.sample(item_schema)] * HUGE_BATCH}
        r = api.call(op.method, op.url(), who.token if who else None, json=body)
        results.append(f"{op.label}: {r.status_code}")
        if r.status_code not in (400, 413):
            wrong.append(f"{op.label} with {HUGE_BATCH} {name}: {r.status_code} {r.text[:200]}")
    figures("API4 resource consumption", f"{len(results)} batch/import routes sent {HUGE_BATCH} items: "
            f"{len(results) - len(wrong)} refused (400/413); one-document imports bounded by the body "
            f"limit: {', '.join(whole_documents)}")
    assert len(results) >= 4
    assert not wrong, "\n".join(wrong)


def test_bodies_over_the_limit_get_413(api, inventory, figures):
    op = next(o for o in inventory.operations if o.operation_id == "EnvironmentService_CalculateAqi")
    r = api.call("POST", op.url(), data=b"[" + b"1," * (5 * 1024 * 1024) + b"1]",
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.status_code
    figures("API4 resource consumption", "10 MiB body: 413")


@pytest.mark.exhausts_budget
def test_a_burst_meets_429_with_retry_after(api, pool, figures):
    """The token endpoints' per-address budget (burst 30, 5/s) is met by a burst of revocations
    (cheap for the server: an unknown token is answered 200, RFC 7009 §2.2), and the general
    per-client budget (burst 100, 50/s) by a concurrent burst on a public read."""
    def revoke(_):
        return api.call("POST", "/api/v1/auth/revoke", data={"token": "junk"}, retry_429=False)

    def read(_):
        return api.call("GET", "/api/v1/environment/stations?pageSize=1", retry_429=False)

    token_burst = list(pool.map(revoke, range(80)))
    read_burst = list(pool.map(read, range(400)))
    limited = [r for r in token_burst + read_burst if r.status_code == 429]
    figures("API4 resource consumption", f"burst of 80 token-endpoint requests: "
            f"{sum(r.status_code == 429 for r in token_burst)} answered 429; concurrent burst of 400 reads: "
            f"{sum(r.status_code == 429 for r in read_burst)} answered 429")
    assert any(r.status_code == 429 for r in token_burst)
    assert all(int(r.headers["Retry-After"]) >= 1 for r in limited)
