"""The ops centre in a real browser (issue 14, ADR 0110): Debian's chromium driven by Playwright.

Staff sign in through the OAuth2 endpoint (first sign-in: change the initial password), see the
KPIs; a case reported through the API appears on the map within 2 s without reload (SSE fed by
JetStream); a citizen or no token sees the sign-in page only; axe-core finds no serious
accessibility violation; a screenshot is saved to e2e-tests/artifacts/.

No browser is downloaded: the test launches /usr/bin/chromium (`apt-get install chromium`; CI's
.ci/run installs it) and skips, saying why, only when it is not there.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from stdnum.cn import ric

from jlp_testkit.e2e import (
    YANGJIAPING,
    admin_token,
    bearer,
    client_token,
    create_client,
    create_staff,
    password_grant,
    unique_phone,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
LIVE_WITHIN_MS = 2000
# The re-read that follows a live event (400 ms after it, then the service's answer): generous,
# the suite shares a loaded machine; a re-read that never comes still fails the test.
REREAD_WITHIN_MS = 20000


@pytest.fixture(scope="module")
def web_build() -> None:
    """The built web app (make test builds it first; built here when the test runs alone)."""
    if not (ROOT / "web" / "dist" / "index.html").is_file() or not AXE.is_file():
        subprocess.run([sys.executable, str(ROOT / "web" / "build.py"), "build"], check=True)


@pytest.fixture(scope="module")
def browser(web_build) -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium "
                    "(`apt-get install -y chromium`; .ci/run installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-background-networking"])
        yield browser
        browser.close()


def staff_account(suite, roles: list[str], department: str) -> tuple[str, str]:
    """A staff account as the administrator creates it: (phone, initial password)."""
    phone, initial = unique_phone(), "Ops-Init-" + uuid.uuid4().hex[:8]
    r = suite.post("/api/v1/staff", headers=bearer(admin_token(suite)), json={
        "user": {"name": "值班员", "phone": phone, "department": department, "roles": roles},
        "password": initial})
    assert r.status_code in (200, 201), r.text
    return phone, initial


def citizen_account(suite) -> tuple[str, str]:
    first17 = "50010719800101" + str(uuid.uuid4().int % 1000).zfill(3)
    phone, password = unique_phone(), "Jiulongpo-2026"
    r = suite.post("/api/v1/auth/register", json={
        "kind": "CITIZEN", "name": "李四", "idNumber": first17 + ric.calc_check_digit(first17 + "?"),
        "phone": phone, "password": password})
    assert r.status_code == 200, r.text
    return phone, password


def sign_in(page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.signin button[type=submit]")


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations""")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result if v["impact"] in ("serious", "critical")]


def figure(page, name: str, timeout_ms: int = 15000) -> str:
    """A panel figure once its panel has loaded it (panels load independently, "—" until then)."""
    page.wait_for_function(
        """(name) => { const e = document.querySelector(`[data-figure="${name}"] .figure-value`);
                       return e && e.textContent.trim() && e.textContent.trim() !== '—'; }""",
        arg=name, timeout=timeout_ms)
    return (page.text_content(f'[data-figure="{name}"] .figure-value') or "").strip()


def file_care_request(suite, token: str) -> str:
    """A meals request for a demo person, filed as the ops centre files them (issue 13)."""
    persons = suite.get("/api/v1/social/persons?pageSize=1", headers=bearer(token))
    assert persons.status_code == 200, persons.text
    r = suite.post("/api/v1/social/careRequests", headers=bearer(token), json={
        "personId": persons.json()["persons"][0]["id"], "serviceType": "MEALS", "address": "杨家坪正街 1 号",
        "location": {"lon": YANGJIAPING[0], "lat": YANGJIAPING[1]}, "subdistrictCode": "500107001",
        "description": "浏览器测试：助餐"})
    assert r.status_code == 201, r.text
    assert r.json()["state"] in ("WAITING", "ASSIGNED"), r.json()
    return r.json()["id"]


def check_service_panels(page, suite, token: str, care_id: str) -> None:
    """Each new service's panel shows a figure of the demo district exactly as its API gives it."""
    page.wait_for_selector('[data-panel="tourism"] tr[data-spot]', timeout=15000)
    totals = suite.get("/api/v1/tourism/districtTotals").json()
    assert figure(page, "tourism-inside").endswith(f"/ {totals['instantaneousCapacity']}")
    for spot in totals["spots"]:
        row = page.text_content(f'[data-panel="tourism"] tr[data-spot="{spot["spotId"]}"]')
        assert f"/ {spot['instantaneous']['capacity']}" in row and spot["spotName"] in row, row
    assert page.locator("#flow-chart svg").count() == 1  # today's flow curve of the busiest spot

    coverage = suite.get("/api/v1/video/coverage", headers=bearer(token)).json()
    assert figure(page, "video-density") == f"{coverage['district']['camerasPerKm2']:.1f} / km²"
    first = page.locator('[data-panel="video"] tr[data-coverage]').first
    row = next(c for c in coverage["subdistricts"] if c["code"] == first.get_attribute("data-coverage"))
    assert str(row["gapToShanghai"]) in first.text_content()

    funnel = suite.get("/api/v1/investment/funnel", headers=bearer(token)).json()
    latest = max(funnel["weightedPipeline"], key=lambda m: m["month"])["weightedAmountWan"]
    assert figure(page, "investment-weighted").startswith(f"{int(latest):,}" if latest.isdigit() else latest)
    lead = sum(c.get("reachedFrom", 0) for c in funnel["conversions"] if c["fromStage"] == "LEAD")
    assert page.text_content('[data-panel="investment"] tr[data-stage="LEAD"] td:nth-child(2)') == str(lead)

    assert int(figure(page, "care-waiting").rstrip("+")) >= 1  # the request filed before sign-in
    assert figure(page, "aid-incomplete") == "无权查看"  # ops_center may not read aid checks (catalogue)
    page.click('[data-panel="social"] a.details')
    page.wait_for_selector(f'tr[data-care="{care_id}"]', timeout=5000)
    page.click("a[href='#/']")
    page.wait_for_selector('[data-panel="tourism"] tr[data-spot]')


def inside_now(page) -> int:
    """People inside every spot of the district, as the tourism panel shows it ("n / capacity")."""
    return int(figure(page, "tourism-inside").split("/")[0].strip())


def raise_crowding(suite, admin: str) -> dict:
    """Gate counters report enough entries to take the round-the-clock spot past 90 % of C1."""
    device = bearer(client_token(suite, *create_client(suite, admin, ["device"])))
    spots = suite.get("/api/v1/tourism/spots?pageSize=50").json()["spots"]
    spot = next(s for s in spots if s["openingHours"]["openTime"] == "00:00")
    occupancy = suite.get(f"/api/v1/tourism/spots/{spot['id']}/occupancy").json()["instantaneous"]
    entries = math.ceil(0.9 * occupancy["capacity"]) - occupancy.get("count", 0) + 1
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    r = suite.post("/api/v1/tourism/gateCounts:batch", headers=device, json={"counts": [{
        "eventId": f"e2e-{uuid.uuid4().hex}", "spotId": spot["id"], "gateId": spot["gates"][0]["id"],
        "countTime": now, "entries": entries, "exits": 0}]})
    assert r.status_code == 200 and r.json()["acceptedCount"] == 1, r.text
    return spot


def test_staff_sign_in_see_kpis_and_a_reported_case_arrive_live(browser, suite):
    routed = suite.get("/readyz").json().get("services", {})
    new_services = {"tourism", "video-index", "investment", "social-security"} <= set(routed)
    admin = admin_token(suite)
    care_id = file_care_request(suite, create_staff(suite, admin, ["ops_center"], "ops-center")) if new_services else ""
    phone, initial = staff_account(suite, ["ops_center"], "ops-center")
    # axe-core is injected as a script: the page's own CSP would (rightly) refuse it.
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True, locale="zh-CN")
    page = context.new_page()
    page.goto(suite.url + "/")
    page.wait_for_selector("#username")
    assert serious_violations(page) == []

    sign_in(page, phone, initial)  # first sign-in: the initial password must be changed
    page.wait_for_selector("#new-password")
    own = "Own-Ops-" + uuid.uuid4().hex[:8]
    page.fill("#new-password", own)
    page.fill("#confirm-password", own)
    page.click("form.signin button[type=submit]")

    # Set-up waits, not the 2 s under test: sign-in hashes (argon2) and a dozen first reads can
    # take long on a shared CI machine.
    page.wait_for_selector('[data-live="live"]', timeout=30000)
    page.wait_for_function("""() => {
        const v = document.querySelector('[data-kpi="total"] .kpi-value');
        return v && v.textContent !== '—'; }""", timeout=30000)
    kpis = {k: page.text_content(f'[data-kpi="{k}"] .kpi-value') for k in ("open", "overdue", "on-time", "total")}
    assert all(v and v != "—" for k, v in kpis.items() if k != "on-time"), kpis
    assert page.locator("svg.map path[data-code]").count() >= 10  # the district's subdistricts and towns
    for panel, component in (("tourism", "tourism"), ("video", "video-index"), ("investment", "investment"),
                             ("social", "social-security")):
        if component not in routed:
            assert page.locator(f'[data-panel="{panel}"] [data-state="not-deployed"]').count() == 1, panel

    token = password_grant(suite, phone, own)
    assert token.status_code == 200, token.text
    lon, lat = YANGJIAPING
    r = suite.post("/api/v1/cases", headers=bearer(token.json()["access_token"]), json={
        "categoryCode": "06010", "description": "浏览器测试：井盖缺失", "location": {"lon": lon + 0.001, "lat": lat},
        "urgency": "URGENT"})
    assert r.status_code == 201, r.text
    case = r.json()
    reported = time.monotonic()
    page.wait_for_selector(f'circle[data-case="{case["id"]}"]', state="attached", timeout=LIVE_WITHIN_MS)
    elapsed_ms = (time.monotonic() - reported) * 1000
    assert elapsed_ms <= LIVE_WITHIN_MS
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload

    if new_services:
        check_service_panels(page, suite, token.json()["access_token"], care_id)
        inside_before = inside_now(page)
        spot = raise_crowding(suite, admin)
        counted = time.monotonic()
        # Events of several domains interleave on an operator's wall: a case reported right after
        # the gate counts must not cancel the tourism panel's re-read (it did: the coalesced
        # re-read kept only the last event's panel, and the district total never moved). Filed
        # alongside, so the 2 s bound of the crowding warning is measured as before.
        with ThreadPoolExecutor(1) as pool:
            reporting = pool.submit(suite.post, "/api/v1/cases", headers=bearer(token.json()["access_token"]), json={
                "categoryCode": "06010", "description": "浏览器测试：井盖缺失（客流预警时）",
                "location": {"lon": lon + 0.002, "lat": lat}, "urgency": "URGENT"})
            alert = page.wait_for_selector('[data-panel="tourism"] [data-live-event][data-kind="evCrowding"]',
                                           timeout=LIVE_WITHIN_MS)
            assert (time.monotonic() - counted) * 1000 <= LIVE_WITHIN_MS
            other = reporting.result()
        assert other.status_code == 201, other.text
        assert spot["name"] in alert.text_content()
        assert alert.query_selector('[data-level="orange"], [data-level="red"], [data-level="yellow"]')
        # the event itself puts the spot at its new level in the list, still without reload
        page.wait_for_selector(f'tr[data-spot="{spot["id"]}"][data-level="orange"]', timeout=LIVE_WITHIN_MS)
        page.wait_for_selector(f'circle[data-case="{other.json()["id"]}"]', state="attached", timeout=REREAD_WITHIN_MS)
        # and the panel's re-read brings the district total the service now computes (the people
        # who just entered that spot included)
        inside_after = suite.get("/api/v1/tourism/districtTotals").json()["inside"]
        assert inside_after > inside_before, (inside_before, inside_after)
        page.wait_for_function("""(after) => {
            const v = document.querySelector('[data-figure="tourism-inside"] .figure-value');
            return v && parseInt(v.textContent, 10) >= after; }""", arg=inside_after, timeout=REREAD_WITHIN_MS)
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(600)  # let the coalesced re-read of the panel land before the picture
    page.screenshot(path=str(ARTIFACTS / "ops-centre.png"), full_page=True)
    assert serious_violations(page) == []

    # keyboard: the subdistrict list drives the map; the language switch
    first = page.locator("[data-subdistrict]").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-subdistrict][aria-pressed=true]")
    page.click("button.lang")
    assert "Operations Centre" in page.text_content("h1")
    context.close()


def test_no_token_or_a_citizen_sees_only_the_sign_in_page(browser, suite):
    context = browser.new_context()  # the page's own CSP enforced: the bundle must run under it
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Content Security" in m.text else None)
    page.goto(suite.url + "/#/cases")
    page.wait_for_selector("#username")
    assert page.locator(".dashboard, .detail").count() == 0
    phone, password = citizen_account(suite)
    sign_in(page, phone, password)
    page.wait_for_function("() => document.querySelector('#signin-message').textContent.length > 0")
    assert "工作人员" in page.text_content("#signin-message")
    assert page.locator(".dashboard, .detail").count() == 0 and page.locator("#username").count() == 1
    assert errors == []
    # and the API refuses the live stream to the citizen too
    token = password_grant(suite, phone, password).json()["access_token"]
    assert suite.get("/api/v1/live/events", headers=bearer(token)).status_code == 403
    assert suite.get("/api/v1/live/events").status_code == 401
    context.close()
