"""The demo district loads through the registries (validated, encrypted, audited) and a second
load adds nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from jlp_common.config import Settings
from jlp_social_security.app import build_parts
from jlp_social_security.demo import load_demo
from jlp_social_security.domain.calendar import Month


def test_demo_loads_once_and_the_monthly_run_covers_it(store):
    parts = build_parts(Settings.from_env("social-security", {"JLP_LOG_LEVEL": "WARNING"}),
                        clock=lambda: datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    started = time.monotonic()
    counts = load_demo(parts, households=40)
    assert time.monotonic() - started < 60
    assert store["persons"].count_documents({}) == counts["persons"] >= 80
    assert store["households"].count_documents({}) == counts["households"] == 40
    assert store["care_providers"].count_documents({}) == counts["providers"] >= 19
    person = store["persons"].find_one({})
    assert person["name_enc"].startswith("v1.") and "*" in person["name_masked"]
    assert load_demo(parts, households=40) == counts
    assert store["persons"].count_documents({}) == counts["persons"]
    run, _ = parts.contributions.create_run(Month(2026, 5))
    done = parts.contributions.work(run["_id"])
    assert done.created == store["contribution_records"].count_documents({}) > 0
    assert parts.audit.verify().ok
